"""What a training step is, and what a step's row holds: shared by exec's recorder (recorder.py)
and by the driver that runs a script under TensorFlow 1.15 for ``--against-tf1`` (tf1_driver.py),
so that both sides of a comparison count the same steps.

A training step is a ``Session.run`` that fetches an op made by an optimizer's ``minimize`` or
``apply_gradients``, directly or through up to three ``NoOp`` / ``Identity`` ops whose control
inputs hold it: ``tf.group`` and ``control_dependencies`` around the update, or slim's train_op
(the loss's ``Identity`` run after the update, ``slim.learning.create_train_op``). Its row is the
optimizer's loss and every float scalar fetched with it, named after its op.

Plain Python, NumPy and Python 3.7's syntax only: tf1_driver.py loads this file by path under
TF 1.15's interpreter, where tf1_lessons is not installed.
"""

import numpy as np

DEPTH = 3  # how many NoOp / Identity wrappers a train op may hide behind


def leaves(fetches):
    """The fetches a ``Session.run`` structure holds, in any nesting of lists, tuples and dicts.
    (``tf.nest`` sorts dict keys, which fails on the hook-keyed dicts of MonitoredSession.)"""
    if isinstance(fetches, dict):
        for value in fetches.values():
            yield from leaves(value)
    elif isinstance(fetches, (list, tuple)):
        for value in fetches:
            yield from leaves(value)
    else:
        yield fetches


def pairs(fetches, values):
    """(fetch, value) for each fetch, walking the request and the result side by side."""
    if isinstance(fetches, dict):
        for key, value in fetches.items():
            yield from pairs(value, values[key])
    elif isinstance(fetches, (list, tuple)):
        for fetch, value in zip(fetches, values):
            yield from pairs(fetch, value)
    else:
        yield fetches, values


def train_op_in(fetches, train_ops, operation_type):
    """The optimizer's op among ``fetches`` (a key of ``train_ops``), or None: not a training step."""
    for fetch in leaves(fetches):
        op = fetch if isinstance(fetch, operation_type) else getattr(fetch, "op", None)
        found = None if op is None else _find(op, train_ops, DEPTH)
        if found is not None:
            return found
    return None


def _find(op, train_ops, depth):
    if op in train_ops:
        return op
    if depth and op.type in ("NoOp", "Identity"):
        for inner in list(op.control_inputs):
            found = _find(inner, train_ops, depth - 1)
            if found is not None:
                return found
    return None


def row(fetched, loss, loss_value, operation_type):
    """A step's values: ``loss`` first (the optimizer's, fetched or added), then each float
    scalar fetched, by its op's name (``accuracy``, ``Mean_1``; ``name_2`` for a second fetch of
    one op). Integer scalars are counters (a global step a hook fetches), not values."""
    values = {}
    for fetch, value in fetched:
        if not hasattr(fetch, "op") or isinstance(fetch, operation_type) or value is None:
            continue
        array = np.asarray(value)
        if array.ndim != 0 or not np.issubdtype(array.dtype, np.floating):
            continue
        if fetch is loss:
            loss_value = value
        else:
            name = fetch.op.name or "metric"
            key, n = name, 2
            while key in values or key == "loss":
                key, n = f"{name}_{n}", n + 1
            values[key] = float(array)
    if loss_value is not None:
        values = dict([("loss", float(np.asarray(loss_value)))] + list(values.items()))
    return values


def differentiated_scalar(ys, tensor_type):
    """The loss a ``tf.gradients(ys, ...)`` call takes the gradient of, when it is one float
    scalar (the clip-by-global-norm pattern: tf.gradients, clip, apply_gradients), else None."""
    single = ys[0] if isinstance(ys, (list, tuple)) and len(ys) == 1 else ys
    if isinstance(single, tensor_type) and single.shape.ndims == 0 and single.dtype.is_floating:
        return single
    return None

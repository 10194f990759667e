"""``tf.estimator.inputs``: ``numpy_input_fn`` and ``pandas_input_fn`` with TF 1.15's batches.

TF 1.15 fed the arrays into a queue from a Python thread (a ``FIFOQueue``, or a
``RandomShuffleQueue`` when shuffling) and dequeued batches from it. The same stream is made
here, in Python, and handed to the graph by ``tf.data.Dataset.from_generator``:

* without shuffling, batches are the rows in order, epoch after epoch with no gap, the last
  batch short when ``num_epochs`` is set (``dequeue_up_to``) and always full when it is not
  (``dequeue_many``): exactly TF 1.15's batches;
* with shuffling, the stream starts at a random row, and each batch is drawn at random from a
  buffer of ``queue_capacity`` rows kept full from the stream until it ends, as the shuffling
  queue was by its feeding thread. Its generator is seeded from the graph's seed by
  TF 1.15's op-seed rule, so a seeded script (``RunConfig(tf_random_seed=...)`` or ``exec
  --seed``) gets the same batches on every run; TF 1.15's own order depended on thread timing
  and was not repeatable.

The graph gets as many ops counted as TF 1.15's queue made (``15 + threads x (columns + 2)``,
measured under TF 1.15.5), so the random ops the ``model_fn`` makes next draw TF 1.15's seeds.
"""

from __future__ import annotations

import collections

import numpy as np

_TARGET_KEY = "__target_key__"


def _check_shuffle(shuffle):
    if not isinstance(shuffle, bool):
        raise ValueError(
            "shuffle must be provided and explicitly set as boolean (it is recommended to set it as True for "
            f"training); got {shuffle}"
        )


def _unique_key(existing, key=_TARGET_KEY):
    while key in existing:
        key += "_n"
    return key


class _Stream:
    """The row indices TF 1.15's feeding thread and queue produced, batch by batch."""

    def __init__(self, length, batch_size, num_epochs, shuffle, capacity, seed):
        self.length, self.batch_size, self.num_epochs = length, batch_size, num_epochs
        self.shuffle, self.capacity, self.seed = shuffle, capacity, seed

    def _rows(self, rng):
        start = int(rng.randint(self.length)) if self.shuffle else 0
        emitted, total = 0, None if self.num_epochs is None else self.length * self.num_epochs
        while total is None or emitted < total:
            yield (start + emitted) % self.length
            emitted += 1

    def batches(self):
        rng = np.random.RandomState(self.seed)
        rows = self._rows(rng)
        if not self.shuffle:
            while True:
                batch = [r for _, r in zip(range(self.batch_size), rows, strict=False)]
                if not batch:  # (an endless stream always fills its batch)
                    return
                yield np.asarray(batch, dtype=np.int64)
        buffer, done = [], False
        room = max(self.capacity, self.batch_size)
        while True:
            # The feeding thread keeps the queue full; a batch is drawn from what it holds.
            while not done and len(buffer) < room:
                row = next(rows, None)
                if row is None:
                    done = True
                else:
                    buffer.append(row)
            if not buffer:
                return
            take = min(self.batch_size, len(buffer))
            batch = []
            for _ in range(take):
                i = int(rng.randint(len(buffer)))
                buffer[i], buffer[-1] = buffer[-1], buffer[i]
                batch.append(buffer.pop())
            yield np.asarray(batch, dtype=np.int64)


def _columns_to_tensors(columns: collections.OrderedDict, batch_size, num_epochs, shuffle, capacity, threads):
    """The batch tensors of ``columns`` (name -> array), in order, after the row index."""
    import tensorflow as tf
    from tensorflow.python.framework import ops, random_seed

    from ...compat import v1
    from ..tf115_ops import count_missing

    graph = ops.get_default_graph()
    before = graph.version
    lengths = {len(v) for v in columns.values()}
    length = lengths.pop()
    seed, _ = random_seed.get_seed(None)  # the op seed TF 1.15's shuffling queue would have drawn
    stream = _Stream(length, batch_size, num_epochs, shuffle, capacity, seed)
    arrays = [np.asarray(v) for v in columns.values()]

    def generate():
        for index in stream.batches():
            yield (index, *(a[index] for a in arrays))

    signature = (tf.TensorSpec([None], tf.int64),) + tuple(
        tf.TensorSpec([None, *a.shape[1:]], tf.as_dtype(a.dtype)) for a in arrays
    )
    with ops.name_scope("enqueue_input"):
        dataset = tf.data.Dataset.from_generator(generate, output_signature=signature)
        batch = list(v1.data.make_one_shot_iterator(dataset).get_next())
    if num_epochs is None:  # dequeue_many: the batch dimension is known
        for tensor in batch:
            tensor.set_shape([batch_size, *tensor.shape[1:]])
    tf1_ops = 15 + threads * (len(columns) + 2)
    count_missing(tf1_ops - (graph.version - before))
    return batch[1:]


def numpy_input_fn(x, y=None, batch_size=128, num_epochs=1, shuffle=None, queue_capacity=1000, num_threads=1):
    """TF 1.15's ``tf.estimator.inputs.numpy_input_fn``: an input_fn of (features, targets) batches."""
    _check_shuffle(shuffle)

    def input_fn():
        if isinstance(x, dict):
            if not x:
                raise ValueError("x cannot be an empty dict")
            data = collections.OrderedDict(sorted(x.items(), key=lambda t: t[0]))
        elif isinstance(x, np.ndarray):
            if x.size == 0:
                raise ValueError("x cannot be an empty array")
            data = collections.OrderedDict({"__direct_np_input__": x})
        else:
            raise TypeError(f"x must be a dict or array; got {type(x).__name__}")
        feature_keys = list(data)
        if y is None:
            target_keys = None
        elif isinstance(y, dict):
            if not y:
                raise ValueError("y cannot be empty dict, use None instead.")
            ordered_y = collections.OrderedDict(sorted(y.items(), key=lambda t: t[0]))
            target_keys = list(ordered_y)
            duplicate = set(feature_keys) & set(target_keys)
            if duplicate:
                raise ValueError(f"{len(duplicate)} duplicate keys are found in both x and y: {duplicate}")
            data.update(ordered_y)
        else:
            target_keys = _unique_key(data)
            data[target_keys] = y
        if len({np.shape(v)[0] for v in data.values()}) != 1:
            shapes_x = {k: np.shape(data[k]) for k in feature_keys}
            shapes_y = (
                None
                if target_keys is None
                else np.shape(y)
                if isinstance(target_keys, str)
                else {k: np.shape(data[k]) for k in target_keys}
            )
            raise ValueError(
                "Length of tensors in x and y is mismatched. All elements in x and y must have the same length.\n"
                f"Shapes in x: {shapes_x}\nShapes in y: {shapes_y}\n"
            )
        batch = _columns_to_tensors(data, batch_size, num_epochs, shuffle, queue_capacity, num_threads)
        features = (
            batch[0] if isinstance(x, np.ndarray) else dict(zip(feature_keys, batch[: len(feature_keys)], strict=False))
        )
        if target_keys is None:
            return features
        if isinstance(target_keys, str):
            return features, batch[-1]
        return features, dict(zip(target_keys, batch[-len(target_keys) :], strict=False))

    return input_fn


def pandas_input_fn(
    x, y=None, batch_size=128, num_epochs=1, shuffle=None, queue_capacity=1000, num_threads=1, target_column="target"
):
    """TF 1.15's ``tf.estimator.inputs.pandas_input_fn``: a DataFrame's columns as features."""
    import pandas as pd

    _check_shuffle(shuffle)
    if not isinstance(target_column, str):
        raise TypeError("target_column must be a string type")
    x = x.copy()
    y_columns = None
    if y is not None:
        if target_column in x:
            raise ValueError(
                f"Cannot use name {target_column} for target column: DataFrame already has a column with that "
                f"name: {x.columns}"
            )
        if not np.array_equal(x.index, y.index):
            raise ValueError(f"Index for x and y are mismatched.\nIndex for x: {x.index}\nIndex for y: {y.index}\n")
        if isinstance(y, pd.DataFrame):
            y_columns = [(column, _unique_key(x, column)) for column in list(y)]
            target_column = [v for _, v in y_columns]
            x[target_column] = y
        else:
            x[target_column] = y
    if queue_capacity is None:
        queue_capacity = 4 * len(x) if shuffle else len(x)

    def input_fn():
        columns = collections.OrderedDict((c, x[c].values) for c in x.columns)
        batch = _columns_to_tensors(columns, batch_size, num_epochs, shuffle, queue_capacity, num_threads)
        features = dict(zip(list(x.columns), batch, strict=False))
        if y is None:
            return features
        if isinstance(target_column, list):
            return features, {k: features.pop(c) for (k, _), c in zip(y_columns, target_column, strict=True)}
        return features, features.pop(target_column)

    return input_fn

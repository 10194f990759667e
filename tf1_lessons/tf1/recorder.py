"""The learning curve of an unmodified TF1 script.

A training step is a ``Session.run`` that fetches an op made by an optimizer's ``minimize`` or
``apply_gradients`` (directly, or through a ``tf.group`` / ``control_dependencies`` around it).
For such a run the optimizer's loss is added to the fetches when the script did not fetch it
itself; the script receives exactly what it asked for, and nothing else it computes changes
(the loss is evaluated in the same run that computes the gradients). Scalars the script fetches
in the same call are recorded too, named after their ops (``accuracy``, ``Mean_1``...).

After the first training step, what other runs fetch (an evaluation: ``sess.run(accuracy,
feed_dict={X: mnist.test.images ...})``, a prediction, a weight) is kept as the curve's results
when it is one float number (a scalar or a one-element array), named after its op; a later
fetch of the same op replaces the earlier, so the results are the run's last word (its test
accuracy). Nothing is added to what the program runs.
"""

from __future__ import annotations

import weakref

import numpy as np

from ..curves import LearningCurve
from . import start, steps


class MaxStepsReached(BaseException):
    """``--max-steps`` steps were recorded (a BaseException, so a script's ``except Exception`` lets it through)."""


class Recorder:
    def __init__(self, name: str, seed, max_steps: int | None):
        self.curve = LearningCurve(name, "exec", seed=seed, budget={"max_steps": max_steps} if max_steps else {})
        self.max_steps = max_steps
        self.train_ops: dict = {}  # Operation -> loss Tensor (or None when unknown)
        self._last_loss: dict = {}  # optimizer id -> loss from compute_gradients
        self._last_ys = None  # the scalar the last tf.gradients call differentiated
        self._session = None  # a weak reference to the Session of the last training step

    # -- optimizers --------------------------------------------------------------------------

    def install(self, v1, tf):
        """Make this the recorder of the run to come (the hooks are put in once per process:
        a second run in one process, as in a notebook kernel or a test, records only itself)."""
        global _active
        _install_hooks(v1, tf)
        _active = self

    def uninstall(self):
        global _active
        if _active is self:
            _active = None

    # -- steps ---------------------------------------------------------------------------------

    def _train_op_in(self, fetches, tf):
        return steps.train_op_in(fetches, self.train_ops, tf.Operation)

    def _results(self, fetched, tf):
        """An evaluation after training began: its one-number float fetches, as results."""
        for fetch, value in fetched:
            if not hasattr(fetch, "op") or isinstance(fetch, tf.Operation) or value is None:
                continue
            array = np.asarray(value)
            if array.size == 1 and np.issubdtype(array.dtype, np.floating):
                self.curve.results[fetch.op.name or "result"] = float(array.reshape(()))

    def _new_session(self, session) -> None:
        """Note the row where a training step first runs in another Session than the last one's."""
        last = self._session() if self._session is not None else None
        if last is not session:
            if self._session is not None and self.curve.steps:
                self.curve.sessions.append(len(self.curve.steps))
            self._session = weakref.ref(session)

    def _record(self, fetched, loss, loss_value, tf):
        row = steps.row(fetched, loss, loss_value, tf.Operation)
        step = len(self.curve.steps)
        self.curve.record(step, **row)
        if self.max_steps is not None and step + 1 >= self.max_steps:
            raise MaxStepsReached()


_active: Recorder | None = None  # the recorder of the run in progress, if any
_hooked = False


def _install_hooks(v1, tf) -> None:
    """Optimizer and Session.run, wrapped once: they report to the active recorder, if any."""
    global _hooked
    if _hooked:
        return
    _hooked = True
    Optimizer = v1.train.Optimizer
    compute, apply, minimize = Optimizer.compute_gradients, Optimizer.apply_gradients, Optimizer.minimize
    tf_gradients = v1.gradients

    def compute_gradients(self, loss, *args, **kwargs):
        if _active is not None and isinstance(loss, tf.Tensor):
            _active._last_loss[id(self)] = loss
        return compute(self, loss, *args, **kwargs)

    def apply_gradients(self, grads_and_vars, *args, **kwargs):
        op = apply(self, grads_and_vars, *args, **kwargs)
        if _active is not None and op is not None and not tf.executing_eagerly():  # eager steps run at once
            # Its loss: what compute_gradients was given, else the scalar the last tf.gradients
            # differentiated (the clip-by-global-norm pattern: tf.gradients, clip, apply_gradients).
            loss = _active._last_loss.get(id(self), _active._last_ys)
            _active.train_ops.setdefault(_as_op(op, tf), loss)
        return op

    def gradients(ys, *args, **kwargs):
        if _active is not None and not tf.executing_eagerly():
            loss = steps.differentiated_scalar(ys, tf.Tensor)
            if loss is not None:
                _active._last_ys = loss
        return tf_gradients(ys, *args, **kwargs)

    def minimize_(self, loss, *args, **kwargs):
        op = minimize(self, loss, *args, **kwargs)
        if _active is not None and op is not None and isinstance(loss, tf.Tensor) and not tf.executing_eagerly():
            _active.train_ops[_as_op(op, tf)] = loss
        return op

    from . import patches

    patches.apply("record-compute-gradients", lambda _: compute_gradients)
    patches.apply("record-apply-gradients", lambda _: apply_gradients)
    patches.apply("record-minimize", lambda _: minimize_)
    patches.apply("record-gradients", lambda _: gradients)
    # BaseSession: tf.Session and tf.InteractiveSession (and `op.run()`, `tensor.eval()`) alike.
    from tensorflow.python.client.session import BaseSession

    run = BaseSession.run

    def session_run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        __tracebackhide__ = True  # IPython leaves this frame out of a cell's traceback
        recorder = _active
        train = None if recorder is None else recorder._train_op_in(fetches, tf)
        if train is None:
            values = run(self, fetches, feed_dict, options, run_metadata)
            if start.active() is not None:  # exec --save-start: the variables after the first initializer
                start.active().after_run(self, list(steps.leaves(fetches)), run)
            if recorder is not None and recorder.curve.steps:
                recorder._results(steps.pairs(fetches, values), tf)
            return values
        if recorder.max_steps is not None and len(recorder.curve.steps) >= recorder.max_steps:
            # The budget is spent; in a notebook the cells after the one it cut still run, and
            # a later training step stops at once (its own cell cut short, no step taken).
            raise MaxStepsReached()
        loss = recorder.train_ops.get(train)
        extra = loss is not None and not any(f is loss for f in steps.leaves(fetches))
        if extra:
            values, loss_value = run(self, (fetches, loss), feed_dict, options, run_metadata)
        else:
            values = run(self, fetches, feed_dict, options, run_metadata)
            loss_value = None
        recorder._new_session(self)
        recorder._record(list(steps.pairs(fetches, values)), loss, loss_value, tf)
        return values

    patches.apply("record-steps", lambda _: session_run)


def _as_op(op, tf):
    return op if isinstance(op, tf.Operation) else op.op

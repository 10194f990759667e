"""``tf.estimator.experimental``'s early stopping, as TF 1.15 had it.

A hook on the training side checks a condition every ``run_every_secs`` seconds or
``run_every_steps`` steps (the global step read before each step); when it holds, it sets the
graph's ``signal_early_stopping/STOP`` variable and asks the session to stop. The ``stop_if_*``
conditions read the evaluations written so far: every summary in the estimator's ``eval_dir``,
by global step, ignoring evaluations made before ``min_steps``.
"""

from __future__ import annotations

import collections
import glob
import operator
import os

from .core import _logging, _v1


def read_eval_metrics(eval_dir):
    """``{global_step: {metric: value}}``, in step order, from the summaries in ``eval_dir``."""
    v1 = _v1()
    by_step = collections.defaultdict(dict)
    for path in sorted(glob.glob(os.path.join(eval_dir, "events.out.tfevents.*"))):
        for event in v1.train.summary_iterator(path):
            if not event.HasField("summary"):
                continue
            for value in event.summary.value:
                if value.HasField("simple_value"):
                    by_step[event.step][value.tag] = value.simple_value
    return collections.OrderedDict(sorted(by_step.items()))


def _stop_variable():
    v1 = _v1()
    with v1.variable_scope("signal_early_stopping", reuse=v1.AUTO_REUSE):  # TF 1.15's checkpoint name
        return v1.get_variable(
            "STOP", shape=[], dtype=v1.bool, initializer=v1.constant_initializer(False),
            collections=[v1.GraphKeys.GLOBAL_VARIABLES], use_resource=True, trainable=False,
        )  # fmt: skip


def make_early_stopping_hook(estimator, should_stop_fn, run_every_secs=60, run_every_steps=None):
    """A hook that stops training when ``should_stop_fn()`` returns True (checked periodically)."""
    v1 = _v1()
    if not callable(should_stop_fn):
        raise TypeError(f"`should_stop_fn` must be callable, given: {should_stop_fn!r}")
    if (run_every_secs is None) == (run_every_steps is None):
        raise ValueError(
            "Exactly one of run_every_secs and run_every_steps must be provided, given "
            f"run_every_secs={run_every_secs}, run_every_steps={run_every_steps}"
        )

    class StopOnPredicateHook(v1.train.SessionRunHook):
        def begin(self):
            self._timer = v1.train.SecondOrStepTimer(every_secs=run_every_secs, every_steps=run_every_steps)
            self._global_step = v1.train.get_global_step()
            if self._global_step is None:
                raise RuntimeError("Global step should be created to use the early stopping hook.")
            self._stop_op = v1.assign(_stop_variable(), True)

        def before_run(self, run_context):
            return v1.train.SessionRunArgs(self._global_step)

        def after_run(self, run_context, run_values):
            step = run_values.results
            if self._timer.should_trigger_for_step(step):
                self._timer.update_last_triggered_step(step)
                if should_stop_fn():
                    _logging().info("Requesting early stopping at global step %d", step)
                    run_context.session.run(self._stop_op)
                    run_context.request_stop()

    return StopOnPredicateHook()


def _values(eval_dir, metric_name, min_steps):
    """(step, value) of the metric in each evaluation from ``min_steps`` on."""
    for step, metrics in read_eval_metrics(eval_dir).items():
        if step < min_steps:
            continue
        if metric_name not in metrics:
            raise ValueError(f"{metric_name} not found in eval results at step {step}: {sorted(metrics)}")
        yield step, metrics[metric_name]


def _no_improvement(estimator, metric_name, max_steps, eval_dir, min_steps, better, word):
    eval_dir = eval_dir or estimator.eval_dir()

    def should_stop():
        best, best_step = None, None
        for step, value in _values(eval_dir, metric_name, min_steps):
            if best is None or better(value, best):
                best, best_step = value, step
            if step - best_step >= max_steps:
                _logging().info(
                    'No %s in metric "%s" for %s steps, which is greater than or equal to max steps (%s) '
                    "configured for early stopping.", word, metric_name, step - best_step, max_steps,
                )  # fmt: skip
                return True
        return False

    return should_stop


def _crossed(estimator, metric_name, threshold, eval_dir, min_steps, beyond, word):
    eval_dir = eval_dir or estimator.eval_dir()

    def should_stop():
        for step, value in _values(eval_dir, metric_name, min_steps):
            if beyond(value, threshold):
                _logging().info(
                    'At step %s, metric "%s" has value %s which is %s the configured threshold (%s) for early '
                    "stopping.", step, metric_name, value, word, threshold,
                )  # fmt: skip
                return True
        return False

    return should_stop


def stop_if_no_decrease_hook(estimator, metric_name, max_steps_without_decrease, eval_dir=None, min_steps=0,
                             run_every_secs=60, run_every_steps=None):  # fmt: skip
    fn = _no_improvement(estimator, metric_name, max_steps_without_decrease, eval_dir, min_steps, operator.lt,
                         "decrease")  # fmt: skip
    return make_early_stopping_hook(estimator, fn, run_every_secs, run_every_steps)


def stop_if_no_increase_hook(estimator, metric_name, max_steps_without_increase, eval_dir=None, min_steps=0,
                             run_every_secs=60, run_every_steps=None):  # fmt: skip
    fn = _no_improvement(estimator, metric_name, max_steps_without_increase, eval_dir, min_steps, operator.gt,
                         "increase")  # fmt: skip
    return make_early_stopping_hook(estimator, fn, run_every_secs, run_every_steps)


def stop_if_higher_hook(estimator, metric_name, threshold, eval_dir=None, min_steps=0, run_every_secs=60,
                        run_every_steps=None):  # fmt: skip
    fn = _crossed(estimator, metric_name, threshold, eval_dir, min_steps, operator.gt, "higher than")
    return make_early_stopping_hook(estimator, fn, run_every_secs, run_every_steps)


def stop_if_lower_hook(estimator, metric_name, threshold, eval_dir=None, min_steps=0, run_every_secs=60,
                       run_every_steps=None):  # fmt: skip
    fn = _crossed(estimator, metric_name, threshold, eval_dir, min_steps, operator.lt, "lower than")
    return make_early_stopping_hook(estimator, fn, run_every_secs, run_every_steps)

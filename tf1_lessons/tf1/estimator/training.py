"""``tf.estimator.train_and_evaluate`` with ``TrainSpec`` and ``EvalSpec``, run locally as TF 1.15
ran it without a cluster: train to ``max_steps``, evaluating after a checkpoint is saved once
``throttle_secs`` have passed since the last evaluation, and once more at the end."""

from __future__ import annotations

import collections
import time

from ..runtime import refuse


def _v1():
    from ...compat import v1

    return v1


class TrainSpec(collections.namedtuple("TrainSpec", ["input_fn", "max_steps", "hooks"])):
    def __new__(cls, input_fn, max_steps=None, hooks=None):
        if not callable(input_fn):
            raise TypeError(f"`input_fn` must be callable, given: {input_fn}")
        if max_steps is not None and max_steps <= 0:
            raise ValueError(f"Must specify max_steps > 0, given: {max_steps}")
        return super().__new__(cls, input_fn, max_steps, tuple(hooks or []))


class EvalSpec(
    collections.namedtuple(
        "EvalSpec", ["input_fn", "steps", "name", "hooks", "exporters", "start_delay_secs", "throttle_secs"]
    )
):
    def __new__(
        cls, input_fn, steps=100, name=None, hooks=None, exporters=None, start_delay_secs=120, throttle_secs=600
    ):
        if not callable(input_fn):
            raise TypeError(f"`input_fn` must be callable, given: {input_fn}")
        if steps is not None and steps <= 0:
            raise ValueError(f"Must specify steps > 0, given: {steps}")
        if exporters:
            raise refuse(
                "estimator.EvalSpec(exporters=...)",
                "SavedModel exporters are not part of tf1-lessons' tf.estimator",
                "drop exporters; restore the checkpoint and save with tf.compat.v1.saved_model.simple_save",
            )
        return super().__new__(cls, input_fn, steps, name, tuple(hooks or []), (), start_delay_secs, throttle_secs)


def train_and_evaluate(estimator, train_spec, eval_spec):
    """Train and evaluate locally; returns (the last evaluation's metrics, [])."""
    v1 = _v1()
    log = v1.logging
    config = estimator.config
    log.info("Not using Distribute Coordinator.")
    log.info("Running training and evaluation locally (non-distributed).")
    log.info(
        "Start train and evaluate loop. The evaluate will happen after every checkpoint. Checkpoint frequency is "
        f"determined based on RunConfig arguments: save_checkpoints_steps {config.save_checkpoints_steps} or "
        f"save_checkpoints_secs {config.save_checkpoints_secs}."
    )
    state = {"last": None, "when": None, "result": None}

    def evaluate():
        state["result"] = estimator.evaluate(
            eval_spec.input_fn, steps=eval_spec.steps, hooks=eval_spec.hooks, name=eval_spec.name
        )
        state["last"], state["when"] = state["result"]["global_step"], time.time()

    class EvaluateAfterSaving(v1.train.CheckpointSaverListener):
        def begin(self):
            state["when"] = time.time()

        def after_save(self, session, global_step_value):
            if global_step_value == 0:
                return  # the initial checkpoint: nothing trained yet
            if time.time() - state["when"] < eval_spec.throttle_secs:
                log.info(f"Skip the current checkpoint eval due to throttle secs ({eval_spec.throttle_secs} secs).")
                return
            evaluate()

    estimator.train(
        train_spec.input_fn, hooks=list(train_spec.hooks), max_steps=train_spec.max_steps,
        saving_listeners=[EvaluateAfterSaving()],
    )  # fmt: skip
    final = v1.train.latest_checkpoint(estimator.model_dir)
    step = estimator.get_variable_value(v1.GraphKeys.GLOBAL_STEP) if final else None
    if state["last"] is None or state["last"] != step:
        evaluate()
    return state["result"], []

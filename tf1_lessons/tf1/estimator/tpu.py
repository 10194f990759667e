"""``tf.compat.v1.estimator.tpu`` (and ``tf.contrib.tpu``, which re-exports it) on the CPU, as TF 1.15 ran it with
``use_tpu=False``: the TPU-era Estimator code of papers runs where there is no TPU.

Written from what TF 1.15.5 did (measured, ``tests/tf1_scripts/tpu_estimator_cpu.py``):

- ``TPUEstimator`` is an Estimator whose ``input_fn`` is called with ``params`` plus
  ``params["batch_size"]``: ``train_batch_size`` when training, ``eval_batch_size`` when
  evaluating, ``predict_batch_size`` when predicting (TF 1.15 ran on one CPU "shard"). Its
  ``model_fn`` gets the same ``batch_size`` and ``params["use_tpu"]`` (False). The user's
  ``params`` may not hold ``batch_size``. ``eval_on_tpu`` is ignored, with TF 1.15's warning.
- ``TPUEstimatorSpec`` becomes an ``EstimatorSpec``: ``scaffold_fn()`` is called for the
  scaffold; ``eval_metrics=(metric_fn, tensors)`` (a list, or a dict of keyword arguments)
  becomes ``eval_metric_ops = metric_fn(*tensors)``; ``host_call=(fn, tensors)`` runs
  ``fn(*tensors)``'s ops at every training step, as TF 1.15's CPU host call did.
- ``tpu.RunConfig`` is the Estimator's ``RunConfig`` with a ``tpu_config`` (``TPUConfig``:
  ``iterations_per_loop``, ``num_shards``... kept, not used on the CPU).
- ``CrossShardOptimizer`` passes the optimizer through. TF 1.15 itself failed here, with
  "No OpKernel was registered to support Op 'CrossReplicaSum'" on a CPU, which is why research
  code writes ``if params["use_tpu"]: optimizer = CrossShardOptimizer(optimizer)``. This class
  lets code that wraps unconditionally run too.

Asking for a real TPU (``use_tpu=True``, a ``master``/``cluster`` naming one, a
``TPUClusterResolver``) stops the script as any unavailable API does (exit 3), saying to pass
``use_tpu=False``.
"""

from __future__ import annotations

import collections
import logging
import re

from ..runtime import Unavailable
from ..table import MISSING, Verdict
from .core import Estimator, EstimatorSpec, ModeKeys
from .core import RunConfig as _RunConfig

__all__ = [
    "CrossShardOptimizer",
    "InputPipelineConfig",
    "RunConfig",
    "TPUConfig",
    "TPUEstimator",
    "TPUEstimatorSpec",
]

_NO_TPU = "tf1-lessons runs TPUEstimator on the CPU only, as TF 1.15 did with use_tpu=False"


def _refuse(what: str) -> Unavailable:
    return Unavailable(what, Verdict(MISSING, _NO_TPU, "TPUEstimator(..., use_tpu=False)"))


_ITERATIONS_MESSAGE = (
    "Invalid TPUConfig `iterations_per_loop` value. Value must be positive integer value or time-based "
    "value `<N><s|m|h>` where <N> is anypositive integer and `s`, `m`, `h` are unit of time in seconds, "
    "minutes, hours respectively. Examples of valid values: `3600s`, `60m`, `1h`."
)
_RESERVED = ["batch_size", "context"]  # the params keys TPUEstimator sets


class InputPipelineConfig:
    """How TF 1.15 fed TPU hosts (names kept for configurations that mention them)."""

    PER_SHARD_V1 = 1
    PER_HOST_V1 = 2
    PER_HOST_V2 = 3
    BROADCAST = 4
    SLICED = 5


class TPUConfig(
    collections.namedtuple(
        "TPUConfig",
        [
            "iterations_per_loop",
            "num_shards",
            "num_cores_per_replica",
            "per_host_input_for_training",
            "tpu_job_name",
            "initial_infeed_sleep_secs",
            "input_partition_dims",
            "eval_training_input_configuration",
            "experimental_host_call_every_n_steps",
        ],
    )
):
    """TF 1.15's ``TPUConfig``: its fields and defaults; on the CPU nothing reads them."""

    def __new__(
        cls,
        iterations_per_loop=2,
        num_shards=None,
        num_cores_per_replica=None,
        per_host_input_for_training=True,
        tpu_job_name=None,
        initial_infeed_sleep_secs=None,
        input_partition_dims=None,
        eval_training_input_configuration=InputPipelineConfig.PER_HOST_V1,
        experimental_host_call_every_n_steps=1,
    ):
        # TF 1.15 took a step count or a duration (`<N><s|m|h>`); its messages, as measured.
        if not (
            (isinstance(iterations_per_loop, int) and iterations_per_loop > 0)
            or (isinstance(iterations_per_loop, str) and re.fullmatch(r"[1-9]\d*[smh]", iterations_per_loop))
        ):
            raise ValueError(_ITERATIONS_MESSAGE)
        if num_shards is not None and num_shards < 1:
            raise ValueError(f"TPUConfig num_shards must be positive, got {num_shards}")
        return super().__new__(
            cls,
            iterations_per_loop,
            num_shards,
            num_cores_per_replica,
            per_host_input_for_training,
            tpu_job_name,
            initial_infeed_sleep_secs,
            input_partition_dims,
            eval_training_input_configuration,
            experimental_host_call_every_n_steps,
        )


class RunConfig(_RunConfig):
    """``tf.contrib.tpu.RunConfig``: the Estimator's RunConfig and a ``tpu_config``."""

    def __init__(self, tpu_config=None, evaluation_master=None, master=None, cluster=None, **kwargs):
        if cluster is not None:
            raise _refuse("contrib.tpu.RunConfig(cluster=...)")
        if master and "://" in str(master):  # grpc://10.0.0.2:8470: a TPU worker to connect to
            raise _refuse(f"contrib.tpu.RunConfig(master={master!r})")
        super().__init__(**kwargs)
        self._tpu_config = tpu_config or TPUConfig()
        self._master = master or ""
        self._evaluation_master = evaluation_master or self._master
        self._cluster = None


class TPUEstimatorSpec(
    collections.namedtuple(
        "TPUEstimatorSpec",
        [
            "mode",
            "predictions",
            "loss",
            "train_op",
            "eval_metrics",
            "export_outputs",
            "scaffold_fn",
            "host_call",
            "training_hooks",
            "evaluation_hooks",
            "prediction_hooks",
        ],
    )
):
    """What a TPUEstimator's ``model_fn`` returns; :meth:`as_estimator_spec` is the CPU's reading."""

    def __new__(
        cls,
        mode,
        predictions=None,
        loss=None,
        train_op=None,
        eval_metrics=None,
        export_outputs=None,
        scaffold_fn=None,
        host_call=None,
        training_hooks=None,
        evaluation_hooks=None,
        prediction_hooks=None,
    ):
        for name, value in (("eval_metrics", eval_metrics), ("host_call", host_call)):  # TF 1.15's checks
            if value is None:
                continue
            if not isinstance(value, (tuple, list)):
                raise ValueError(f"{name} should be tuple or list")
            if len(value) != 2:
                raise ValueError(f"{name} should have two elements.")
            if not callable(value[0]):
                raise TypeError(f"{name}[0] should be callable.")
        return super().__new__(
            cls,
            mode,
            predictions,
            loss,
            train_op,
            eval_metrics,
            export_outputs,
            scaffold_fn,
            host_call,
            training_hooks,
            evaluation_hooks,
            prediction_hooks,
        )

    def as_estimator_spec(self) -> EstimatorSpec:
        scaffold = self.scaffold_fn() if self.scaffold_fn is not None else None
        eval_metric_ops = _call(self.eval_metrics) if self.eval_metrics is not None else None
        training_hooks = list(self.training_hooks or [])
        if self.host_call is not None:
            training_hooks.append(_HostCallHook(_call(self.host_call)))
        return EstimatorSpec(
            mode=self.mode,
            predictions=self.predictions,
            loss=self.loss,
            train_op=self.train_op,
            eval_metric_ops=eval_metric_ops,
            export_outputs=self.export_outputs,
            scaffold=scaffold,
            training_hooks=training_hooks,
            evaluation_hooks=self.evaluation_hooks,
            prediction_hooks=self.prediction_hooks,
        )


def _call(fn_and_tensors):
    fn, tensors = fn_and_tensors
    return fn(**tensors) if isinstance(tensors, dict) else fn(*tensors)


def _HostCallHook(ops):  # noqa: N802 - a class made on first use (tf.train must be loaded)
    """Runs the host call's ops with every training step (TF 1.15 ran them on the CPU host)."""
    from ...compat import v1

    class HostCallHook(v1.train.SessionRunHook):
        def __init__(self, fetches):
            self._fetches = fetches

        def before_run(self, run_context):
            return v1.train.SessionRunArgs(self._fetches)

    return HostCallHook(ops)


class TPUEstimator(Estimator):
    """TF 1.15's ``TPUEstimator`` with ``use_tpu=False``: an Estimator on the CPU, batch sizes
    handed to ``input_fn`` and ``model_fn`` in ``params["batch_size"]``."""

    def __init__(
        self,
        model_fn=None,
        model_dir=None,
        config=None,
        params=None,
        use_tpu=True,
        train_batch_size=None,
        eval_batch_size=None,
        predict_batch_size=None,
        batch_axis=None,
        eval_on_tpu=True,
        export_to_tpu=True,
        export_to_cpu=True,
        warm_start_from=None,
        embedding_config_spec=None,
        export_saved_model_api_version=None,
    ):
        if use_tpu:
            raise _refuse("contrib.tpu.TPUEstimator(use_tpu=True)")
        if embedding_config_spec is not None:
            raise _refuse("contrib.tpu.TPUEstimator(embedding_config_spec=...)")
        if config is None or not isinstance(config, RunConfig):
            raise ValueError("`config` must be provided with type `tpu_config.RunConfig`")
        if params is not None and any(key in params for key in _RESERVED):
            raise ValueError(f"{_RESERVED} are reserved keys but existed in params {params}.")
        if eval_on_tpu:
            logging.getLogger("tensorflow").warning("eval_on_tpu ignored because use_tpu is False.")
        self._batch_sizes = {
            ModeKeys.TRAIN: train_batch_size,
            ModeKeys.EVAL: eval_batch_size,
            ModeKeys.PREDICT: predict_batch_size,
        }
        super().__init__(model_fn, model_dir=model_dir, config=config, params=params, warm_start_from=warm_start_from)

    # TF 1.15's TPUEstimator made its global step a resource variable (measured: the op counts,
    # hence the op seeds, of the model's initializers); read, as for Estimator, only in training.
    def _create_global_step(self, graph):
        from ...compat import tf, v1

        return v1.get_variable(
            "global_step",
            shape=[],
            dtype=tf.int64,
            initializer=v1.zeros_initializer(),
            trainable=False,
            use_resource=True,
            collections=[v1.GraphKeys.GLOBAL_VARIABLES, v1.GraphKeys.GLOBAL_STEP],
        )

    def _params_for(self, mode, use_tpu: bool):
        size = self._batch_sizes[mode]
        if size is None and mode == ModeKeys.TRAIN:
            # TF 1.15 failed here with "'NoneType' object has no attribute '_replace'"; said plainly.
            raise ValueError("`train_batch_size` cannot be `None`")
        extra = {} if size is None else {"batch_size": size}
        return dict(self._params, **extra, **({"use_tpu": False} if use_tpu else {}))

    def _input_fn_params(self, mode):
        return self._params_for(mode, use_tpu=False)

    def _model_fn_params(self, mode):
        return self._params_for(mode, use_tpu=True)

    def _as_estimator_spec(self, returned):
        return returned.as_estimator_spec() if isinstance(returned, TPUEstimatorSpec) else returned


class CrossShardOptimizer:
    """The optimizer it wraps, unchanged: on one CPU there are no shards to sum across."""

    def __init__(self, opt, reduction=None, name="CrossShardOptimizer", group_assignment=None):
        self._opt = opt

    def __getattr__(self, name):
        return getattr(self._opt, name)

"""``tf.estimator.Estimator``, ``EstimatorSpec``, ``ModeKeys`` and ``RunConfig`` as TF 1.15 had them.

Built on what TensorFlow 2.21 still has: ``MonitoredTrainingSession`` and its hooks
(``CheckpointSaverHook``, ``StepCounterHook``, ``LoggingTensorHook``, ``NanTensorHook``,
``StopAtStepHook``), ``Saver`` checkpoints, ``tf.compat.v1.metrics`` and the evaluation loop of
``tensorflow.python.training.evaluation``. The order of work follows TF 1.15's estimator, so a
script's graph is built in the same order (global step, its read, ``input_fn``, ``model_fn``)
and its random ops draw the seeds they drew under TF 1.15; the INFO lines are TF 1.15's.

Left out, refused at their use with exit status 3: ``export_saved_model`` /
``export_savedmodel``, ``warm_start_from``, distribution strategies.
"""

from __future__ import annotations

import collections
import copy
import inspect
import os
import tempfile

from ..runtime import refuse
from .common import ModeKeys, _logging, _v1

_USE_DEFAULT = object()


class RunConfig:
    """Where and how an Estimator runs (TF 1.15's fields, defaults and ``vars()`` order: the
    ``Using config: {...}`` line prints them)."""

    def __init__(
        self,
        model_dir=None,
        tf_random_seed=None,
        save_summary_steps=100,
        save_checkpoints_steps=_USE_DEFAULT,
        save_checkpoints_secs=_USE_DEFAULT,
        session_config=None,
        keep_checkpoint_max=5,
        keep_checkpoint_every_n_hours=10000,
        log_step_count_steps=100,
        train_distribute=None,
        device_fn=None,
        protocol=None,
        eval_distribute=None,
        experimental_distribute=None,
        experimental_max_worker_delay_secs=None,
        session_creation_timeout_secs=7200,
    ):
        if save_checkpoints_steps is _USE_DEFAULT and save_checkpoints_secs is _USE_DEFAULT:
            save_checkpoints_steps, save_checkpoints_secs = None, 600
        elif save_checkpoints_secs is _USE_DEFAULT:
            save_checkpoints_secs = None
        elif save_checkpoints_steps is _USE_DEFAULT:
            save_checkpoints_steps = None
        elif save_checkpoints_steps is not None and save_checkpoints_secs is not None:
            raise ValueError("Can not provide both save_checkpoints_steps and save_checkpoints_secs at the same time.")
        for name in ("train_distribute", "eval_distribute", "experimental_distribute"):
            if locals()[name] is not None:
                raise refuse(
                    f"estimator.RunConfig({name}=...)",
                    "tf1-lessons' tf.estimator runs on one device; distribution strategies are not provided",
                    "drop the argument (one machine), or write a tf.distribute loop",
                )
        self._model_dir = _expand(model_dir)
        self._tf_random_seed = tf_random_seed
        self._save_summary_steps = save_summary_steps
        self._save_checkpoints_steps = save_checkpoints_steps
        self._save_checkpoints_secs = save_checkpoints_secs
        self._session_config = session_config
        self._keep_checkpoint_max = keep_checkpoint_max
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._log_step_count_steps = log_step_count_steps
        self._train_distribute = train_distribute
        self._device_fn = device_fn
        self._protocol = protocol
        self._eval_distribute = eval_distribute
        self._experimental_distribute = experimental_distribute
        self._experimental_max_worker_delay_secs = experimental_max_worker_delay_secs
        self._session_creation_timeout_secs = session_creation_timeout_secs
        self._service = None
        self._cluster_spec = _v1().train.ClusterSpec({})
        self._task_type = "worker"
        self._task_id = 0
        self._global_id_in_cluster = 0
        self._master = ""
        self._evaluation_master = ""
        self._is_chief = True
        self._num_ps_replicas = 0
        self._num_worker_replicas = 1

    def __getattr__(self, name):
        private = f"_{name}"
        if not name.startswith("_") and private in self.__dict__:
            return self.__dict__[private]
        raise AttributeError(f"'RunConfig' object has no attribute '{name}'")

    def replace(self, **kwargs):
        """A copy with the given fields replaced (TF1's ``RunConfig.replace``)."""
        new = copy.copy(self)
        for name, value in kwargs.items():
            if f"_{name}" not in self.__dict__:
                raise ValueError(f"{name} is not a RunConfig property that can be replaced")
            new.__dict__[f"_{name}"] = _expand(value) if name == "model_dir" else value
        return new


def _expand(path):
    return os.path.expanduser(path) if isinstance(path, str) else path


def _default_session_config():
    from tensorflow.core.protobuf import rewriter_config_pb2

    v1 = _v1()
    rewrite = rewriter_config_pb2.RewriterConfig(meta_optimizer_iterations=rewriter_config_pb2.RewriterConfig.ONE)
    return v1.ConfigProto(allow_soft_placement=True, graph_options=v1.GraphOptions(rewrite_options=rewrite))


class EstimatorSpec(
    collections.namedtuple(
        "EstimatorSpec",
        [
            "mode",
            "predictions",
            "loss",
            "train_op",
            "eval_metric_ops",
            "export_outputs",
            "training_chief_hooks",
            "training_hooks",
            "scaffold",
            "evaluation_hooks",
            "prediction_hooks",
        ],
    )
):
    """What a ``model_fn`` returns, checked as TF 1.15 checked it."""

    def __new__(
        cls,
        mode,
        predictions=None,
        loss=None,
        train_op=None,
        eval_metric_ops=None,
        export_outputs=None,
        training_chief_hooks=None,
        training_hooks=None,
        scaffold=None,
        evaluation_hooks=None,
        prediction_hooks=None,
    ):
        v1 = _v1()
        if mode not in (ModeKeys.TRAIN, ModeKeys.EVAL, ModeKeys.PREDICT):
            raise ValueError(f"mode={mode!r} is not a tf.estimator.ModeKeys value")
        if mode == ModeKeys.TRAIN and train_op is None:
            raise ValueError("Missing train_op.")
        if mode in (ModeKeys.TRAIN, ModeKeys.EVAL) and loss is None:
            raise ValueError("Missing loss.")
        if mode == ModeKeys.PREDICT and predictions is None:
            raise ValueError("Missing predictions.")
        if loss is not None:
            loss = v1.convert_to_tensor(loss) if not isinstance(loss, v1.Tensor) else loss
            if loss.shape.ndims not in (None, 0):
                raise ValueError(f"Loss must be scalar, given: {loss}")
        if predictions is None:
            predictions = {}
        eval_metric_ops = dict(eval_metric_ops or {})
        for key, metric in eval_metric_ops.items():
            if not (isinstance(metric, tuple) and len(metric) == 2):
                raise TypeError(
                    "Values of eval_metric_ops must be (metric_value, update_op) tuples, given: "
                    f"{metric} for key: {key}"
                )
        scaffold = scaffold or v1.train.Scaffold()
        hooks = [tuple(h or ()) for h in (training_chief_hooks, training_hooks, evaluation_hooks, prediction_hooks)]
        return super().__new__(
            cls,
            mode,
            predictions,
            loss,
            train_op,
            eval_metric_ops,
            export_outputs,
            hooks[0],
            hooks[1],
            scaffold,
            hooks[2],
            hooks[3],
        )


class WarmStartSettings(
    collections.namedtuple(
        "WarmStartSettings",
        ["ckpt_to_initialize_from", "vars_to_warm_start", "var_name_to_vocab_info", "var_name_to_prev_var_name"],
    )
):
    """Where a new model's variables start from: a checkpoint (or its folder), the variables a
    regex or list names (default: every trainable one), with renames and vocabulary remaps;
    applied when training starts (``tf.compat.v1.train.warm_start``, as TF 1.15 called it)."""

    def __new__(cls, ckpt_to_initialize_from, vars_to_warm_start=".*", var_name_to_vocab_info=None,
                var_name_to_prev_var_name=None):  # fmt: skip
        if not ckpt_to_initialize_from:
            raise ValueError("`ckpt_to_initialize_from` MUST be set in WarmStartSettings")
        return super().__new__(cls, ckpt_to_initialize_from, vars_to_warm_start, var_name_to_vocab_info or {},
                               var_name_to_prev_var_name or {})  # fmt: skip


def _warm_start_settings(warm_start_from):
    """``warm_start_from`` as TF 1.15 read it: settings, or a checkpoint path / model_dir / SavedModel
    folder (its variables) for every trainable variable."""
    if warm_start_from is None:
        return None
    if isinstance(warm_start_from, WarmStartSettings):
        return warm_start_from
    if isinstance(warm_start_from, (str, bytes, os.PathLike)):
        path = os.fsdecode(warm_start_from)
        saved = os.path.join(path, "variables", "variables")
        if os.path.exists(saved + ".index"):
            _logging().info("Warm-starting from a SavedModel")
            return WarmStartSettings(saved)
        return WarmStartSettings(path)
    raise ValueError(f"warm_start_from must be a string or a WarmStartSettings, instead got {type(warm_start_from)}")


def _fn_args(fn) -> tuple:
    """The argument names of a model_fn or input_fn (functools.partial and methods included)."""
    import functools

    if isinstance(fn, functools.partial):
        args = _fn_args(fn.func)
        return tuple(a for a in args[len(fn.args) :] if a not in (fn.keywords or {}))
    try:
        return tuple(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return ()


def _dataset_hook(iterator):
    """A hook that initialises the iterator of an input_fn that returned a ``tf.data.Dataset``
    (when each session is made, as TF 1.15's ``_DatasetInitializerHook``)."""

    class DatasetInitializerHook(_v1().train.SessionRunHook):
        def begin(self):
            self._initializer = iterator.initializer

        def after_create_session(self, session, coord):
            session.run(self._initializer)

    return DatasetInitializerHook()


class Estimator:
    """TF 1.15's ``tf.estimator.Estimator``: a ``model_fn``, a model directory, train / evaluate / predict."""

    def __init__(self, model_fn, model_dir=None, config=None, params=None, warm_start_from=None):
        log = _logging()
        self._warm_start_settings = _warm_start_settings(warm_start_from)
        if not callable(model_fn):
            raise ValueError("model_fn must be provided to Estimator.")
        args = _fn_args(model_fn)
        if "features" not in args:
            raise ValueError(f"model_fn ({model_fn}) must include features argument.")
        if params is not None and "params" not in args:
            raise ValueError(f"model_fn ({model_fn}) does not include params argument, but params ({params}) is passed")
        if config is None:
            config = RunConfig()
            log.info("Using default config.")
        elif not isinstance(config, RunConfig):
            raise ValueError(f"config must be an instance of `RunConfig`, but provided {config}.")
        model_dir = _expand(model_dir)
        if model_dir is not None and config.model_dir is not None and model_dir != config.model_dir:
            raise ValueError(
                "`model_dir` are set both in constructor and `RunConfig`, but with different values. In "
                f"constructor: '{model_dir}', in `RunConfig`: '{config.model_dir}' "
            )
        model_dir = model_dir or config.model_dir
        if model_dir is None:
            model_dir = tempfile.mkdtemp()
            log.warning("Using temporary folder as model directory: %s", model_dir)
        config = config.replace(model_dir=model_dir)
        if config.session_config is None:
            config = config.replace(session_config=_default_session_config())
        self._config, self._model_dir = config, model_dir
        self._model_fn, self._params = model_fn, copy.deepcopy(params or {})
        log.info("Using config: %s", str(vars(config)))

    # -- properties ----------------------------------------------------------------------------
    @property
    def model_dir(self):
        return self._model_dir

    @property
    def config(self):
        return copy.deepcopy(self._config)

    @property
    def params(self):
        return copy.deepcopy(self._params)

    @property
    def model_fn(self):
        return self._call_model_fn

    def latest_checkpoint(self):
        return _v1().train.latest_checkpoint(self._model_dir)

    def get_variable_names(self):
        _check_checkpoint_available(self._model_dir)
        return [name for name, _ in _v1().train.list_variables(self._model_dir)]

    def get_variable_value(self, name):
        _check_checkpoint_available(self._model_dir)
        return _v1().train.load_variable(self._model_dir, name)

    def eval_dir(self, name=None):
        return os.path.join(self._model_dir, "eval" if not name else "eval_" + name)

    def export_saved_model(
        self, export_dir_base, serving_input_receiver_fn, assets_extra=None, as_text=False, checkpoint_path=None,
        experimental_mode=ModeKeys.PREDICT,
    ):  # fmt: skip
        """The newest checkpoint as a SavedModel for serving, under ``export_dir_base/<timestamp>`` (bytes)."""
        from . import export

        if experimental_mode != ModeKeys.PREDICT:
            raise refuse(
                f"estimator.Estimator.export_saved_model(experimental_mode={experimental_mode!r})",
                "tf1-lessons' tf.estimator exports the serving (PREDICT) graph only",
                "export in PREDICT mode; train and evaluate from the checkpoint",
            )
        return export.export_saved_model(
            self, export_dir_base, serving_input_receiver_fn, assets_extra, as_text, checkpoint_path
        )

    def export_savedmodel(
        self, export_dir_base, serving_input_receiver_fn, assets_extra=None, as_text=False, checkpoint_path=None,
        strip_default_attrs=False,
    ):  # fmt: skip
        """TF 1.15's older name (deprecated then), the same export."""
        return self.export_saved_model(export_dir_base, serving_input_receiver_fn, assets_extra, as_text,
                                       checkpoint_path)  # fmt: skip

    def experimental_export_all_saved_models(self, export_dir_base, input_receiver_fn_map, assets_extra=None,
                                             as_text=False, checkpoint_path=None):  # fmt: skip
        modes = set(input_receiver_fn_map) - {ModeKeys.PREDICT}
        if modes:
            raise refuse(
                "estimator.Estimator.experimental_export_all_saved_models (TRAIN/EVAL graphs)",
                "tf1-lessons' tf.estimator exports the serving (PREDICT) graph only",
                "export_saved_model with the PREDICT receiver",
            )
        return self.export_saved_model(export_dir_base, input_receiver_fn_map[ModeKeys.PREDICT], assets_extra,
                                       as_text, checkpoint_path)  # fmt: skip

    # -- building ------------------------------------------------------------------------------
    def _call_input_fn(self, input_fn, mode):
        args = _fn_args(input_fn)
        kwargs = {}
        if "mode" in args:
            kwargs["mode"] = mode
        if "params" in args:
            kwargs["params"] = self._input_fn_params(mode)
        if "config" in args:
            kwargs["config"] = self.config
        with _v1().device("/cpu:0"):
            return input_fn(**kwargs)

    def _input_fn_params(self, mode):
        """The ``params`` an ``input_fn`` gets (TPUEstimator adds its batch size)."""
        return self.params

    def _features_and_labels(self, input_fn, mode):
        v1 = _v1()
        import tensorflow as tf

        result = self._call_input_fn(input_fn, mode)
        hooks = []
        if isinstance(result, tf.data.Dataset):
            from ..tf115_ops import count_missing

            # TF 1.15's iterator applied the dataset's default options first: an `optimizations`
            # constant, OptimizeDataset and ModelDataset (measured); op seeds after them count them.
            count_missing(3)
            iterator = v1.data.make_initializable_iterator(result)
            hooks.append(_dataset_hook(iterator))
            result = iterator.get_next()
        if isinstance(result, (list, tuple)):
            if len(result) != 2:
                raise ValueError(f"input_fn should return (features, labels) as a len 2 tuple, got {len(result)}")
            return result[0], result[1], hooks
        return result, None, hooks

    def _call_model_fn(self, features, labels, mode, config):
        log = _logging()
        args = _fn_args(self._model_fn)
        kwargs = {}
        if "labels" in args:
            kwargs["labels"] = labels
        elif labels is not None:
            raise ValueError("model_fn does not take labels, but input_fn returns labels.")
        if "mode" in args:
            kwargs["mode"] = mode
        if "params" in args:
            kwargs["params"] = self._model_fn_params(mode)
        if "config" in args:
            kwargs["config"] = config
        log.info("Calling model_fn.")
        spec = self._as_estimator_spec(self._model_fn(features=features, **kwargs))
        log.info("Done calling model_fn.")
        if not isinstance(spec, EstimatorSpec):
            raise ValueError("model_fn should return an EstimatorSpec.")
        return spec

    # What a subclass changes (TPUEstimator: its batch sizes, its spec, its global step).
    def _model_fn_params(self, mode):
        """The ``params`` a ``model_fn`` gets."""
        return self.params

    def _as_estimator_spec(self, returned):
        """What the ``model_fn`` returned, as the EstimatorSpec the loops run."""
        return returned

    def _create_global_step(self, graph):
        from tensorflow.python.training import training_util

        return training_util.create_global_step(graph)

    def _new_graph(self, mode=ModeKeys.TRAIN):
        """A graph as TF 1.15's estimator began one: its seed, the global step, and in the graph it
        trains in, the step's read (measured: TF 1.15's evaluation and prediction graphs have no
        `global_step/cond` ops, so their input pipelines' op seeds come earlier)."""
        from tensorflow.python.training import training_util

        v1 = _v1()
        graph = v1.Graph()
        with graph.as_default():
            # TF 1.15 set the seed even when it was None; a graph made under `exec --seed` keeps
            # the seed exec gave it unless the config names one.
            if self._config.tf_random_seed is not None:
                v1.set_random_seed(self._config.tf_random_seed)
            step = self._create_global_step(graph)
            if step is not None and mode == ModeKeys.TRAIN:
                training_util._get_or_create_global_step_read(graph)  # noqa: SLF001 - as TF 1.15 did
        return graph

    # -- train -----------------------------------------------------------------------------------
    def train(self, input_fn, hooks=None, steps=None, max_steps=None, saving_listeners=None):
        v1, log = _v1(), _logging()
        if steps is not None and max_steps is not None:
            raise ValueError("Can not provide both steps and max_steps.")
        if steps is not None and steps <= 0:
            raise ValueError(f"Must specify steps > 0, given: {steps}")
        if max_steps is not None and max_steps <= 0:
            raise ValueError(f"Must specify max_steps > 0, given: {max_steps}")
        if max_steps is not None and max_steps <= _global_step_in(self._model_dir):
            log.info("Skipping training since max_steps has already saved.")
            return self
        hooks = list(hooks or [])
        if steps is not None or max_steps is not None:
            hooks.append(v1.train.StopAtStepHook(steps, max_steps))
        graph = self._new_graph()
        with graph.as_default():
            global_step = v1.train.get_global_step(graph)
            features, labels, input_hooks = self._features_and_labels(input_fn, ModeKeys.TRAIN)
            spec = self._call_model_fn(features, labels, ModeKeys.TRAIN, self.config)
            loss = self._train(spec, input_hooks, hooks, global_step, list(saving_listeners or []))
        log.info("Loss for final step: %s.", loss)
        return self

    def _train(self, spec, worker_hooks, hooks, global_step, saving_listeners):
        v1 = _v1()
        config = self._config
        if not any(x.op.name == "loss" for x in v1.get_collection(v1.GraphKeys.SUMMARIES)):
            v1.summary.scalar("loss", spec.loss)
        v1.add_to_collection(v1.GraphKeys.LOSSES, spec.loss)
        worker_hooks = [*worker_hooks, *hooks, v1.train.NanTensorHook(spec.loss)]
        if config.log_step_count_steps is not None:
            worker_hooks.append(
                v1.train.LoggingTensorHook(
                    {"loss": spec.loss, "step": global_step}, every_n_iter=config.log_step_count_steps
                )
            )
        worker_hooks.extend(spec.training_hooks)
        if not (spec.scaffold.saver or v1.get_collection(v1.GraphKeys.SAVERS)):
            v1.add_to_collection(
                v1.GraphKeys.SAVERS,
                v1.train.Saver(
                    sharded=True,
                    max_to_keep=config.keep_checkpoint_max,
                    keep_checkpoint_every_n_hours=config.keep_checkpoint_every_n_hours,
                    defer_build=True,
                    save_relative_paths=True,
                ),
            )
        chief_hooks = []
        all_hooks = worker_hooks + list(spec.training_chief_hooks)
        saver_hooks = [h for h in all_hooks if isinstance(h, v1.train.CheckpointSaverHook)]
        if (config.save_checkpoints_secs or config.save_checkpoints_steps) and not saver_hooks:
            chief_hooks = [
                v1.train.CheckpointSaverHook(
                    self._model_dir,
                    save_secs=config.save_checkpoints_secs,
                    save_steps=config.save_checkpoints_steps,
                    scaffold=spec.scaffold,
                )
            ]
            saver_hooks = chief_hooks[:1]
        if saving_listeners:
            if not saver_hooks:
                raise ValueError(
                    "There should be a CheckpointSaverHook to use saving_listeners. Please set one of the "
                    "RunConfig.save_checkpoints_steps or RunConfig.save_checkpoints_secs."
                )
            for listener in saving_listeners:
                if listener not in saver_hooks[0]._listeners:  # noqa: SLF001 - as TF 1.15 did
                    saver_hooks[0]._listeners.append(listener)  # noqa: SLF001
        if self._warm_start_settings is not None:
            _logging().info("Warm-starting with WarmStartSettings: %s", self._warm_start_settings)
            v1.train.warm_start(*self._warm_start_settings)
        with v1.train.MonitoredTrainingSession(
            master=config.master,
            is_chief=True,
            checkpoint_dir=self._model_dir,
            scaffold=spec.scaffold,
            hooks=worker_hooks,
            chief_only_hooks=tuple(chief_hooks) + tuple(spec.training_chief_hooks),
            save_checkpoint_secs=0,  # the CheckpointSaverHook above saves
            save_summaries_steps=config.save_summary_steps,
            config=config.session_config,
            max_wait_secs=config.session_creation_timeout_secs,
            log_step_count_steps=config.log_step_count_steps,
        ) as session:
            loss, any_step = None, False
            while not session.should_stop():
                _, loss = session.run([spec.train_op, spec.loss])
                any_step = True
        if not any_step:
            _logging().warning("Training with estimator made no steps. Perhaps input is empty or misspecified.")
        return loss

    # -- evaluate --------------------------------------------------------------------------------
    def evaluate(self, input_fn, steps=None, hooks=None, checkpoint_path=None, name=None):
        from tensorflow.python.training import evaluation

        v1, log = _v1(), _logging()
        hooks = list(hooks or [])
        if steps is not None:
            if steps <= 0:
                raise ValueError(f"Must specify steps > 0, given: {steps}")
            hooks.append(evaluation._StopAfterNEvalsHook(num_evals=steps))  # noqa: SLF001
        if not checkpoint_path:
            checkpoint_path = v1.train.latest_checkpoint(self._model_dir)
            if not checkpoint_path:
                log.info(
                    f"Could not find trained model in model_dir: {self._model_dir}, running initialization to evaluate."
                )
        graph = self._new_graph(ModeKeys.EVAL)
        with graph.as_default():
            global_step = v1.train.get_global_step(graph)
            features, labels, input_hooks = self._features_and_labels(input_fn, ModeKeys.EVAL)
            spec = self._call_model_fn(features, labels, ModeKeys.EVAL, self.config)
            metrics = dict(spec.eval_metric_ops)
            if "loss" in metrics:
                raise ValueError(
                    'Metric with name "loss" is not allowed, because Estimator already defines a default metric '
                    "with the same name."
                )
            metrics["loss"] = v1.metrics.mean(spec.loss)
            update_ops, values = [], {}
            for key, (value, update) in sorted(metrics.items()):  # sorted: the same graph every time
                values[key] = value
                update_ops.append(update)
            update_op = v1.group(*update_ops) if update_ops else None
            if v1.GraphKeys.GLOBAL_STEP in values:
                raise ValueError(
                    "Metric with name `global_step` is not allowed, because Estimator already defines a default "
                    "metric with the same name."
                )
            values[v1.GraphKeys.GLOBAL_STEP] = global_step
            all_hooks = [*input_hooks, *hooks, *spec.evaluation_hooks]
            scaffold = spec.scaffold
            if scaffold and scaffold.local_init_op:
                evaluation._get_or_create_eval_step()  # noqa: SLF001
                scaffold = v1.train.Scaffold(
                    local_init_op=v1.group(scaffold.local_init_op, v1.train.Scaffold.default_local_init_op()),
                    copy_from_scaffold=scaffold,
                )
            results = evaluation._evaluate_once(  # noqa: SLF001 - TF 1.15's own loop, still in 2.21
                checkpoint_path=checkpoint_path,
                master=self._config.evaluation_master,
                scaffold=scaffold,
                eval_ops=update_op,
                final_ops=values,
                hooks=all_hooks,
                config=self._config.session_config,
            )
        step = results[v1.GraphKeys.GLOBAL_STEP]
        _write_dict_to_summary(self.eval_dir(name), results, step)
        if checkpoint_path:
            log.info("Saving '%s' summary for global step %d: %s", "checkpoint_path", step, checkpoint_path)
            _write_checkpoint_path(self.eval_dir(name), checkpoint_path, step)
        return results

    # -- predict ---------------------------------------------------------------------------------
    def predict(self, input_fn, predict_keys=None, hooks=None, checkpoint_path=None, yield_single_examples=True):
        v1, log = _v1(), _logging()
        hooks = list(hooks or [])
        if not checkpoint_path:
            checkpoint_path = v1.train.latest_checkpoint(self._model_dir)
        if not checkpoint_path:
            log.info(
                f"Could not find trained model in model_dir: {self._model_dir}, running initialization to predict."
            )
        graph = self._new_graph(ModeKeys.PREDICT)
        with graph.as_default():
            features, _, input_hooks = self._features_and_labels(input_fn, ModeKeys.PREDICT)
            spec = self._call_model_fn(features, None, ModeKeys.PREDICT, self.config)
            predictions = _extract_keys(spec.predictions, predict_keys)
            all_hooks = [*input_hooks, *hooks, *spec.prediction_hooks]
            with v1.train.MonitoredSession(
                session_creator=v1.train.ChiefSessionCreator(
                    checkpoint_filename_with_path=checkpoint_path,
                    master=self._config.master,
                    scaffold=spec.scaffold,
                    config=self._config.session_config,
                ),
                hooks=all_hooks,
            ) as session:
                while not session.should_stop():
                    evaluated = session.run(predictions)
                    if not yield_single_examples:
                        yield evaluated
                    elif not isinstance(predictions, dict):
                        yield from evaluated
                    else:
                        length = _batch_length(evaluated)
                        for i in range(length):
                            yield {key: value[i] for key, value in evaluated.items()}


def _extract_keys(predictions, predict_keys):
    if not predict_keys:
        return predictions
    if not isinstance(predictions, dict):
        raise ValueError("predict_keys argument is not valid in case of non-dict predictions.")
    existing = set(predictions)
    chosen = {k: v for k, v in predictions.items() if k in predict_keys}
    if not chosen:
        raise ValueError(f"Expected to run at least one output from {existing}, provided {predict_keys}.")
    return chosen


def _batch_length(evaluated: dict) -> int:
    length = None
    for key, value in evaluated.items():
        n = value.shape[0]
        if length is None:
            length = n
        elif n != length:
            raise ValueError(
                f"Batch length of predictions should be same. {key} has different batch length than others."
            )
    return length or 0


def _global_step_in(model_dir) -> int:
    v1 = _v1()
    try:
        return int(v1.train.load_variable(v1.train.latest_checkpoint(model_dir), v1.GraphKeys.GLOBAL_STEP))
    except Exception:  # no checkpoint yet (TF 1.15 also answered 0 to anything going wrong)
        return 0


def _check_checkpoint_available(model_dir):
    if not _v1().train.latest_checkpoint(model_dir):
        raise ValueError("Could not find trained model in model_dir: {}.".format(model_dir))  # noqa: UP032


def _dict_to_str(dictionary) -> str:
    # str(), not format(): a NumPy float32 prints as itself (0.93333334), as TF 1.15 printed it.
    return ", ".join(f"{k} = {v!s}" for k, v in sorted(dictionary.items()) if not isinstance(v, bytes))


def _summary_writer(output_dir):
    from tensorflow.python.summary.writer.writer_cache import FileWriterCache

    return FileWriterCache.get(output_dir)


def _write_dict_to_summary(output_dir, dictionary, step):
    """TF 1.15's evaluation record: the INFO line, and the scalars under ``model_dir/eval``."""
    import numpy as np
    from tensorflow.core.framework import summary_pb2

    _logging().info("Saving dict for global step %d: %s", step, _dict_to_str(dictionary))
    proto = summary_pb2.Summary()
    for key, value in dictionary.items():
        if value is None or key == "global_step":
            continue
        if isinstance(value, (np.floating, float, np.integer, int)) and not isinstance(value, bool):
            proto.value.add(tag=key, simple_value=float(value))
    writer = _summary_writer(output_dir)
    writer.add_summary(proto, step)
    writer.flush()


def _write_checkpoint_path(output_dir, checkpoint_path, step):
    from tensorflow.core.framework import summary_pb2
    from tensorflow.python.framework import dtypes, tensor_util

    proto = summary_pb2.Summary()
    proto.value.add(tag="checkpoint_path", tensor=tensor_util.make_tensor_proto(checkpoint_path, dtype=dtypes.string))
    writer = _summary_writer(output_dir)
    writer.add_summary(proto, step)
    writer.flush()

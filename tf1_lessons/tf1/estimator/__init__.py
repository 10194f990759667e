"""``tf.estimator`` for TF1 scripts under ``exec``: the subset TF 1.x tutorials used, written
here on what TensorFlow 2.21 still has (``MonitoredTrainingSession``, hooks, ``Saver``,
``tf.feature_column``, ``tf.compat.v1.metrics``).

Why not the real ``tensorflow-estimator``: its last release (2.15) does not import on
TensorFlow 2.21 (``ImportError: cannot import name 'estimator_training'``; shimming that name
then fails on ``tf_export.ESTIMATOR_API_NAME``), and a shim over private TensorFlow modules would
break again with the next TensorFlow. This subset uses only public v1 APIs and the training and
evaluation loops TensorFlow still ships.

Provided: ``Estimator`` (train / evaluate / predict, checkpoints in ``model_dir`` resumed by the
next call), ``EstimatorSpec``, ``ModeKeys``, ``RunConfig``, ``TrainSpec`` / ``EvalSpec`` /
``train_and_evaluate`` (run locally), ``inputs.numpy_input_fn`` / ``pandas_input_fn``, and the
premade ``DNNClassifier``, ``DNNRegressor``, ``LinearClassifier``, ``LinearRegressor``,
``tpu.TPUEstimator`` on the CPU (``use_tpu=False``, as TF 1.15 ran it), ``export_saved_model``
with ``estimator.export``, warm starts (``WarmStartSettings``) and ``experimental``'s early
stopping hooks. What is not (``BoostedTrees*``, ``DNNLinearCombined*``, exporters...) stops the
script at its use with exit status 3 (``tf1/table.py``).
"""

from . import (
    experimental,
    export,
    inputs,
    tpu,  # tf.compat.v1.estimator.tpu: TPUEstimator on the CPU
)
from .canned import DNNClassifier, DNNRegressor, LinearClassifier, LinearRegressor
from .core import Estimator, EstimatorSpec, ModeKeys, RunConfig, WarmStartSettings
from .training import EvalSpec, TrainSpec, train_and_evaluate


def __getattr__(name):
    if name == "VocabInfo":  # the same class as tf.compat.v1.train.VocabInfo, as in TF 1.15
        from ...compat import v1

        return v1.train.VocabInfo
    raise AttributeError(name)


__all__ = [
    "DNNClassifier",
    "DNNRegressor",
    "Estimator",
    "EstimatorSpec",
    "EvalSpec",
    "LinearClassifier",
    "LinearRegressor",
    "ModeKeys",
    "RunConfig",
    "TrainSpec",
    "VocabInfo",
    "WarmStartSettings",
    "experimental",
    "export",
    "inputs",
    "tpu",
    "train_and_evaluate",
]


def _tf115_log_lines():
    """TensorFlow 2.x's hooks log lines TF 1.15's did not (around each checkpoint, after each
    evaluation) and dropped the "Z" of the evaluation's start time; a TF1 script's INFO output
    is TF 1.15's."""
    import logging

    class TF2Only(logging.Filter):
        def filter(self, record):
            text = str(record.msg)
            if text.startswith("Starting evaluation at ") and not text.endswith("Z"):
                record.msg = text + "Z"  # TF 1.15 wrote the time zone letter; TF 2.x drops it
            return not text.startswith(("Calling checkpoint listeners ", "Inference Time : "))

    logging.getLogger("tensorflow").addFilter(TF2Only())


_tf115_log_lines()

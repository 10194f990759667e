"""The one table of what a TF1 script gets: read by ``exec`` (to serve or refuse) and by
``scan`` (to report), so the two cannot disagree.

Every TensorFlow name a script uses is one of:

* ``native``   - ``tf.compat.v1`` has it; it is passed through unchanged;
* ``provided`` - TF 2.21 no longer has it and tf1-lessons supplies it (``tf.contrib.layers``,
  ``tf.contrib.rnn``, ``tensorflow.examples.tutorials.mnist`` ...), with TF1's behaviour;
* ``missing``  - neither: ``exec`` stops where the script first uses it, with why and what to
  use instead (exit status 3).
"""

from __future__ import annotations

from dataclasses import dataclass

NATIVE, PROVIDED, MISSING = "native", "provided", "missing"


@dataclass(frozen=True)
class Verdict:
    status: str
    why: str = ""  # for missing: why it is gone; for provided: by what
    instead: str = ""  # for missing: what to use today


# What tf1-lessons supplies, module by module (the names each provided module holds).
PROVIDED_MODULES = {
    "examples": ["tutorials"],
    "examples.tutorials": ["mnist"],
    "examples.tutorials.mnist": ["input_data"],
    "examples.tutorials.mnist.input_data": ["read_data_sets", "DataSet", "dense_to_one_hot"],
    "contrib": ["layers", "rnn", "seq2seq", "framework", "eager", "keras"],
    "contrib.layers": [
        "xavier_initializer", "xavier_initializer_conv2d", "variance_scaling_initializer",
        "l1_regularizer", "l2_regularizer", "fully_connected", "flatten", "conv2d", "max_pool2d",
        "avg_pool2d", "batch_norm", "dropout",
    ],
    "contrib.rnn": [
        "RNNCell", "BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell", "MultiRNNCell", "DropoutWrapper",
        "LSTMStateTuple", "static_rnn", "static_bidirectional_rnn", "static_state_saving_rnn",
    ],
    "contrib.seq2seq": ["sequence_loss"],
    "contrib.framework": ["arg_scope", "add_arg_scope", "get_variables", "get_or_create_global_step"],
    "contrib.eager": ["Variable", "enable_eager_execution", "executing_eagerly", "implicit_gradients",
                      "gradients_function", "Iterator", "num_gpus", "defun"],
    "contrib.keras": ["layers", "models", "optimizers", "losses", "datasets", "backend", "utils", "callbacks",
                      "preprocessing", "activations", "initializers", "regularizers", "metrics", "Model", "Sequential"],
}  # fmt: skip

_ESTIMATOR = Verdict(
    MISSING,
    "tf.estimator was removed in TensorFlow 2.16, and the last tensorflow-estimator (2.15) does not "
    "import on 2.21 (ImportError: cannot import name 'estimator_training')",
    "write the training loop with a Session (or use Keras Model.fit); an input_fn's dataset "
    "works as it is in graph mode",
)
_CONTRIB = "tf.contrib was removed in TensorFlow 2.0"

# Removed pieces, by prefix (the longest matching prefix wins).
MISSING_PREFIXES = {
    "estimator": _ESTIMATOR,
    "contrib.learn": Verdict(MISSING, f"{_CONTRIB}; contrib.learn (the estimator precursor) went with it",
                             "a Session training loop or Keras Model.fit; MNIST: "
                             "tensorflow.examples.tutorials.mnist.input_data works"),
    "contrib.factorization": Verdict(MISSING, f"{_CONTRIB}; contrib.factorization (KMeans, WALS, GMM) "
    "has no TF2 version",
                                     "scikit-learn's KMeans / GaussianMixture, or a few lines of "
                                     "tf.compat.v1 for k-means"),
    "contrib.tensor_forest": Verdict(MISSING, f"{_CONTRIB}; contrib.tensor_forest has no TF2 version",
                                     "scikit-learn's RandomForestClassifier, or TensorFlow Decision Forests"),
    "contrib.boosted_trees": Verdict(MISSING, f"{_CONTRIB}; boosted trees lived on in tf.estimator, removed in 2.16",
                                     "XGBoost, LightGBM or TensorFlow Decision Forests"),
    "contrib.slim": Verdict(MISSING, f"{_CONTRIB}; slim is a library of its own now",
                            "pip install tf-slim (import tf_slim as slim), or tf.compat.v1.layers"),
    "contrib.distributions": Verdict(MISSING, f"{_CONTRIB}; distributions moved to TensorFlow Probability",
                                     "pip install tensorflow-probability (tfp.distributions)"),
    "contrib.tpu": Verdict(MISSING, f"{_CONTRIB}; TPU support is tf.distribute today", "tf.distribute.TPUStrategy"),
    "contrib.data": Verdict(MISSING, f"{_CONTRIB}; contrib.data became tf.data in TF 1.4", "tf.data"),
    "contrib.training": Verdict(MISSING, f"{_CONTRIB}; contrib.training has no TF2 version",
                                "a Session loop with tf.train.batch / tf.data"),
    "contrib.summary": Verdict(MISSING, f"{_CONTRIB}; contrib.summary became tf.summary (TF2 API)",
                               "tf.summary.FileWriter / tf.summary.scalar in graph mode"),
    "contrib.lite": Verdict(MISSING, f"{_CONTRIB}; the converter is tf.lite today", "tf.lite.TFLiteConverter"),
    "contrib.crf": Verdict(MISSING, f"{_CONTRIB}; CRF moved to TensorFlow Addons, which is end-of-life",
                           "write the CRF log-likelihood by hand, or pin an older stack"),
    "contrib.legacy_seq2seq": Verdict(MISSING, f"{_CONTRIB}; legacy_seq2seq has no TF2 version",
                                      "tf.compat.v1.nn.dynamic_rnn encoders/decoders"),
    "contrib.cudnn_rnn": Verdict(MISSING, f"{_CONTRIB}; cuDNN RNNs are used by Keras LSTM/GRU layers automatically",
                                 "tf.keras.layers.LSTM / GRU"),
    "contrib.timeseries": Verdict(MISSING, f"{_CONTRIB}; contrib.timeseries has no TF2 version", "Keras "
    "sequence models"),
    "contrib.predictor": Verdict(MISSING, f"{_CONTRIB}; predictors came with tf.estimator", "tf.saved_model.load"),
    "contrib.quantize": Verdict(MISSING, f"{_CONTRIB}; quantization is the TF Model Optimization toolkit today",
                                "tensorflow-model-optimization"),
    "contrib.gan": Verdict(MISSING, f"{_CONTRIB}; TF-GAN is a separate library", "pip install tensorflow-gan"),
    "contrib.image": Verdict(MISSING, f"{_CONTRIB}; contrib.image went to TensorFlow Addons (end-of-life)",
                             "tf.image, or tf.raw_ops.ImageProjectiveTransformV3"),
    "contrib.metrics": Verdict(MISSING, f"{_CONTRIB}; contrib.metrics has no TF2 version", "tf.compat.v1.metrics"),
    "contrib.losses": Verdict(MISSING, f"{_CONTRIB}; contrib.losses became tf.losses", "tf.compat.v1.losses"),
    "contrib.tensorboard": Verdict(MISSING, f"{_CONTRIB}; the projector plugin ships with TensorBoard",
                                   "tensorboard.plugins.projector"),
    "contrib.opt": Verdict(MISSING, f"{_CONTRIB}; contrib.opt optimizers went to TensorFlow Addons (end-of-life)",
                           "the tf.compat.v1.train optimizers"),
}  # fmt: skip


def classify(path: str, v1=None) -> Verdict:
    """How ``tf.<path>`` (e.g. ``"contrib.layers.fully_connected"``, ``"nn.relu"``) is served.

    ``v1``: the ``tf.compat.v1`` module to look native names up in (imported when not given).
    Only attribute lookups happen; nothing is called.
    """
    parts = path.split(".")
    for n in range(len(parts), 0, -1):
        prefix = ".".join(parts[:n])
        if prefix in MISSING_PREFIXES:
            return MISSING_PREFIXES[prefix]
    for n in range(len(parts), 0, -1):  # the deepest provided module the path lies in
        module = ".".join(parts[:n])
        if module not in PROVIDED_MODULES:
            continue
        rest = parts[n:]
        if not rest:
            return Verdict(PROVIDED, f"tf1-lessons: tf.{module}")
        if rest[0] not in PROVIDED_MODULES[module]:
            return Verdict(
                MISSING,
                (f"{_CONTRIB}; " if module.startswith("contrib") else "")
                + f"tf1-lessons provides tf.{module}.{{{', '.join(PROVIDED_MODULES[module])}}}, not {rest[0]}",
                "an equivalent in tf.compat.v1 (tf_upgrade_v2's report names most)",
            )
        if module == "contrib.keras":
            return _native_keras(rest, v1)
        return Verdict(PROVIDED, f"tf1-lessons: tf.{module}.{rest[0]}")
    return _native(parts, v1)


def _native(parts, v1) -> Verdict:
    if v1 is None:
        from ..compat import v1
    obj = v1
    for i, part in enumerate(parts):
        try:
            obj = getattr(obj, part)
        except Exception:  # AttributeError, or a lazy loader failing to import
            where = "tf." + ".".join(parts[: i + 1])
            return Verdict(
                MISSING,
                f"{where} is not in tf.compat.v1 on this TensorFlow",
                "look it up in the TF 1 -> 2 migration guide (tf_upgrade_v2 names most renames)",
            )
    return Verdict(NATIVE)


def _native_keras(parts, v1) -> Verdict:
    verdict = _native(["keras", *parts], v1)
    return (
        Verdict(PROVIDED, "tf1-lessons: tf.contrib.keras is tf.keras (legacy Keras 2)")
        if verdict.status == NATIVE
        else verdict
    )

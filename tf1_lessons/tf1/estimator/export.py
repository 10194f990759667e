"""``tf.estimator.export`` and ``Estimator.export_saved_model``: a trained ``model_fn`` Estimator
written as a TF1 SavedModel that TensorFlow Serving, ``tf.saved_model.loader.load`` and TF 1.15.5
read.

As TF 1.15 did: the serving input function's receiver gives the features, the ``model_fn`` is
called in PREDICT mode, each of the spec's ``export_outputs`` becomes a signature (by default
``serving_default``: ``PredictOutput`` of the predictions), the newest checkpoint's values are
restored, and the SavedModel is written to ``export_dir_base/<seconds since 1970>``, first under
a ``temp-<seconds>`` name and renamed when complete, so that a failed export leaves no
half-written model where a server would look. The returned path is ``bytes``, as TF 1.15's was.

Classification and regression signatures take one serialized ``tf.Example`` string tensor;
with any other receiver TF 1.15 left them out of the export, and so does this.
"""

from __future__ import annotations

import collections
import os
import shutil
import time

from .common import ModeKeys, _logging, _v1

_SINGLE_FEATURE, _SINGLE_RECEIVER = "feature", "input"


def _as_dict(value, default_key, what):
    v1 = _v1()
    if value is None:
        return {}
    if isinstance(value, (v1.Tensor, v1.SparseTensor)):
        return {default_key: value}
    if not isinstance(value, dict):
        raise ValueError(f"{what} must be a Tensor, SparseTensor or dict of them, given: {value!r}")
    return dict(value)


class ServingInputReceiver(
    collections.namedtuple("ServingInputReceiver", ["features", "receiver_tensors", "receiver_tensors_alternatives"])
):
    """What a serving input function returns: the features for ``model_fn`` and the tensors a
    request feeds (a single tensor is named ``feature`` / ``input``, as TF 1.15 named it)."""

    def __new__(cls, features, receiver_tensors, receiver_tensors_alternatives=None):
        if features is None:
            raise ValueError("features must be defined.")
        features = _as_dict(features, _SINGLE_FEATURE, "features")
        receiver_tensors = _as_dict(receiver_tensors, _SINGLE_RECEIVER, "receiver_tensors")
        if not receiver_tensors:
            raise ValueError("receiver_tensors must be defined.")
        alternatives = {
            name: _as_dict(tensors, _SINGLE_RECEIVER, "receiver_tensors_alternatives")
            for name, tensors in (receiver_tensors_alternatives or {}).items()
        }
        return super().__new__(cls, features, receiver_tensors, alternatives or None)


class TensorServingInputReceiver(
    collections.namedtuple(
        "TensorServingInputReceiver", ["features", "receiver_tensors", "receiver_tensors_alternatives"]
    )
):
    """A receiver whose features are one tensor, passed to ``model_fn`` as it is (not a dict)."""

    def __new__(cls, features, receiver_tensors, receiver_tensors_alternatives=None):
        v1 = _v1()
        if not isinstance(features, (v1.Tensor, v1.SparseTensor)):
            raise ValueError(f"features must be a Tensor or SparseTensor, given: {features!r}")
        receiver = ServingInputReceiver({_SINGLE_FEATURE: features}, receiver_tensors, receiver_tensors_alternatives)
        return super().__new__(cls, features, receiver.receiver_tensors, receiver.receiver_tensors_alternatives)


def build_raw_serving_input_receiver_fn(features, default_batch_size=None):
    """A serving input function feeding placeholders shaped like ``features`` (batch dimension
    ``default_batch_size``), each named by its key."""
    v1 = _v1()

    def serving_input_receiver_fn():
        receivers = {}
        for name, tensor in features.items() if isinstance(features, dict) else [(None, features)]:
            shape = [default_batch_size, *tensor.get_shape().as_list()[1:]]
            receivers[name or _SINGLE_FEATURE] = v1.placeholder(tensor.dtype, shape, name=name)
        if not isinstance(features, dict):
            return TensorServingInputReceiver(receivers[_SINGLE_FEATURE], receivers)
        return ServingInputReceiver(receivers, receivers)

    return serving_input_receiver_fn


def build_parsing_serving_input_receiver_fn(feature_spec, default_batch_size=None):
    """A serving input function taking serialized ``tf.Example`` strings (``examples``) and
    parsing them with ``feature_spec``."""
    v1 = _v1()

    def serving_input_receiver_fn():
        serialized = v1.placeholder(v1.string, [default_batch_size], name="input_example_tensor")
        features = v1.parse_example(serialized, feature_spec)
        return ServingInputReceiver(features, {"examples": serialized})

    return serving_input_receiver_fn


# -- export outputs -------------------------------------------------------------------------------
class ExportOutput:
    """One signature of an export; :meth:`as_signature_def` builds it from the receiver's tensors."""

    def as_signature_def(self, receiver_tensors):
        raise NotImplementedError


def _single_string_input(receiver_tensors, kind):
    v1 = _v1()
    if len(receiver_tensors) != 1:
        raise ValueError(f"{kind} input must be a single string Tensor; got {receiver_tensors}")
    (tensor,) = receiver_tensors.values()
    if tensor.dtype != v1.string:
        raise ValueError(f"{kind} input must be a single string Tensor; got {receiver_tensors}")
    return tensor


class PredictOutput(ExportOutput):
    def __init__(self, outputs):
        v1 = _v1()
        outputs = _as_dict(outputs, "output", "Prediction outputs")
        for key, value in outputs.items():
            if not isinstance(key, str):
                raise ValueError(f"Prediction output key must be a string; got {key}.")
            if not isinstance(value, v1.Tensor):
                raise ValueError(f"Prediction output value must be a Tensor; got {value}.")
        self.outputs = outputs

    def as_signature_def(self, receiver_tensors):
        return _v1().saved_model.signature_def_utils.predict_signature_def(receiver_tensors, self.outputs)


class RegressionOutput(ExportOutput):
    def __init__(self, value):
        v1 = _v1()
        if not (isinstance(value, v1.Tensor) and value.dtype.is_floating):
            raise ValueError(f"Regression output value must be a float32 Tensor; got {value}")
        self.value = value

    def as_signature_def(self, receiver_tensors):
        examples = _single_string_input(receiver_tensors, "Regression")
        return _v1().saved_model.signature_def_utils.regression_signature_def(examples, self.value)


class ClassificationOutput(ExportOutput):
    def __init__(self, scores=None, classes=None):
        v1 = _v1()
        if scores is None and classes is None:
            raise ValueError("At least one of scores and classes must be set.")
        if scores is not None and not (isinstance(scores, v1.Tensor) and scores.dtype.is_floating):
            raise ValueError(f"Classification scores must be a float32 Tensor; got {scores}")
        if classes is not None and not (isinstance(classes, v1.Tensor) and classes.dtype == v1.string):
            raise ValueError(f"Classification classes must be a string Tensor; got {classes}")
        self.scores, self.classes = scores, classes

    def as_signature_def(self, receiver_tensors):
        examples = _single_string_input(receiver_tensors, "Classification")
        return _v1().saved_model.signature_def_utils.classification_signature_def(examples, self.classes, self.scores)


_METHODS = (
    ("Classify", "tensorflow/serving/classify"),
    ("Regress", "tensorflow/serving/regress"),
    ("Predict", "tensorflow/serving/predict"),
    ("Train", None),
    ("Eval", None),
)


def _signature_defs(export_outputs, receiver):
    """Every export output's signature for the receiver and its alternatives; what cannot be
    served by this receiver (a classification signature without one string input) is left out,
    and logged, as TF 1.15 did."""
    log = _logging()
    included, excluded = {}, {}
    receivers = {None: receiver.receiver_tensors, **(receiver.receiver_tensors_alternatives or {})}
    for receiver_name, tensors in receivers.items():
        for output_key, output in export_outputs.items():
            name = output_key if receiver_name is None else f"{receiver_name}:{output_key}"
            try:
                included[name] = output.as_signature_def(tensors)
            except ValueError as exc:
                excluded[name] = exc
    for label, method in _METHODS:
        names = sorted(k for k, sig in included.items() if sig.method_name == method) if method else []
        log.info("Signatures INCLUDED in export for %s: %s", label, names or None)
    if excluded:
        for name, why in excluded.items():
            log.warning("Signatures EXCLUDED from export because they cannot be be served via TensorFlow "
                        "Serving APIs: '%s' : %s", name, why)  # fmt: skip
    return included


def _default_outputs(predictions):
    return {"serving_default": PredictOutput(predictions)}


def _checked_outputs(export_outputs, predictions):
    if export_outputs is None:
        return _default_outputs(predictions)
    if not isinstance(export_outputs, dict):
        raise TypeError(f"export_outputs must be dict, given: {export_outputs}")
    for key, output in export_outputs.items():
        if not isinstance(output, ExportOutput):
            raise TypeError(f"Values in export_outputs must be ExportOutput objects. Given: {key}: {output}")
    if "serving_default" not in export_outputs:
        if len(export_outputs) != 1:
            raise ValueError(
                "Multiple export_outputs were provided, but none of them is specified as the default. Do this "
                "by naming one of them with signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY."
            )
        (only,) = export_outputs.values()
        export_outputs = {**export_outputs, "serving_default": only}
    return export_outputs


def export_saved_model(estimator, export_dir_base, serving_input_receiver_fn, assets_extra=None, as_text=False,
                       checkpoint_path=None):  # fmt: skip
    v1, log = _v1(), _logging()
    if not callable(serving_input_receiver_fn):
        raise ValueError("An input_receiver_fn must be defined.")
    checkpoint_path = checkpoint_path or v1.train.latest_checkpoint(estimator.model_dir)
    if not checkpoint_path:
        raise ValueError(f"Couldn't find trained model at {estimator.model_dir}.")
    export_dir_base = os.fspath(export_dir_base)
    stamp = int(time.time())
    while os.path.exists(os.path.join(export_dir_base, str(stamp))):  # two exports within a second
        stamp += 1
    export_dir = os.path.join(export_dir_base, str(stamp))
    temp_dir = os.path.join(export_dir_base, f"temp-{stamp}")
    graph = estimator._new_graph(ModeKeys.PREDICT)  # noqa: SLF001 - its seed and global step, as predict's
    with graph.as_default():
        receiver = serving_input_receiver_fn()
        if not isinstance(receiver, (ServingInputReceiver, TensorServingInputReceiver)):
            raise TypeError(
                "serving_input_receiver_fn must return a ServingInputReceiver or TensorServingInputReceiver, "
                f"given: {receiver!r}"
            )
        spec = estimator._call_model_fn(receiver.features, None, ModeKeys.PREDICT, estimator.config)  # noqa: SLF001
        signatures = _signature_defs(_checked_outputs(spec.export_outputs, spec.predictions), receiver)
        with v1.Session(config=estimator.config.session_config) as session:
            saver = spec.scaffold.saver or v1.train.Saver(sharded=True)
            saver.restore(session, checkpoint_path)
            local_init = spec.scaffold.local_init_op or v1.group(
                v1.local_variables_initializer(), v1.tables_initializer()
            )
            try:
                builder = v1.saved_model.Builder(temp_dir)
                builder.add_meta_graph_and_variables(
                    session,
                    [v1.saved_model.tag_constants.SERVING],
                    signature_def_map=signatures,
                    assets_collection=v1.get_collection(v1.GraphKeys.ASSET_FILEPATHS),
                    main_op=local_init,
                    saver=saver,
                    strip_default_attrs=True,
                )
                builder.save(as_text)
                for dest, source in (assets_extra or {}).items():
                    target = os.path.join(temp_dir, "assets.extra", dest)
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    shutil.copyfile(source, target)
                os.replace(temp_dir, export_dir)
            except BaseException:
                shutil.rmtree(temp_dir, ignore_errors=True)
                raise
    written = os.path.join(export_dir, "saved_model.pbtxt" if as_text else "saved_model.pb")
    log.info("SavedModel written to: %s", written)
    return export_dir.encode()

"""``tf.contrib.training``: ``HParams``, and the training and evaluation loops that live on in
the maintained tf-slim package (``create_train_op``, ``train``, ``evaluate_once``,
``evaluate_repeatedly``, their hooks and gradient helpers: TF 1.15 exported the same code from
both places). Its queue-based batching, bucketing and resampling have no TF 2 home and are refused.

``HParams``: named hyperparameters with fixed types, set in code, from a ``"name=value,..."``
string (a command line flag), a dict or JSON.

Written here from HParams' behaviour measured under TensorFlow 1.15.5 (the messages are its
messages, so that a script's own error handling and its users read the same):

* a parameter's type is its first value's (a list's, its first element's): an ``int`` takes
  only integers, a ``float`` takes integers too (stored as floats), a ``bool`` only booleans;
* ``parse("lr=0.1,layers=[64,32],name=big")``: names start the string or follow a comma,
  spaces may stand around ``=`` and after a comma, a value runs to the next comma or is a
  ``[...]`` list; ``int`` values are plain integers (no ``1e3``, ``0x10``), ``bool`` values
  ``true``/``True``/``false``/``False`` or an integer; nothing changes when any part fails;
* ``str`` and ``values()`` keep the order the parameters were added, ``repr`` sorts them.
"""

from __future__ import annotations

import json
import numbers
import re

from ..runtime import refuse


def __getattr__(name):
    """The loops from tf-slim, imported on first use (an HParams-only script does not pay for it);
    any other name is refused as the table says."""
    if name in _SLIM_TRAINING or name in _SLIM_EVALUATION:
        import importlib

        from . import framework  # noqa: F401 - tf-slim made ready for this TensorFlow first

        home = "tf_slim.training.training" if name in _SLIM_TRAINING else "tf_slim.training.evaluation"
        value = getattr(importlib.import_module(home), name)
        globals()[name] = value
        return value
    if name.startswith("_"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from .. import table
    from ..runtime import Unavailable

    raise Unavailable(f"contrib.training.{name}", table.classify(f"contrib.training.{name}"))


_SLIM_TRAINING = ("add_gradients_summaries", "clip_gradient_norms", "clip_gradient_norms_fn", "create_train_op",
                  "multiply_gradients", "train")  # fmt: skip
_SLIM_EVALUATION = ("StopAfterNEvalsHook", "SummaryAtEndHook", "checkpoints_iterator", "evaluate_once",
                    "evaluate_repeatedly", "get_or_create_eval_step", "wait_for_new_checkpoint")  # fmt: skip

_NAME = re.compile(r"([a-zA-Z_]\w*)\s*(?:\[\s*(\d+)\s*\])?\s*=\s*")


def _type_name(param_type, is_list: bool) -> str:
    return f"list<{param_type}>" if is_list else str(param_type)


def _cast(name: str, param_type, value):
    """``value`` as a ``param_type`` parameter holds it; ValueError as TF 1.15 said it."""
    fail = ValueError(f"Could not cast hparam '{name}' of type '{param_type}' from value {value!r}")
    if param_type is bool:
        if not isinstance(value, bool):
            raise fail
        return value
    if param_type is int:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise fail
        return int(value)
    if param_type is float:
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise fail
        return float(value)
    if not isinstance(value, param_type):
        raise fail
    return value


def _parse_scalar(name: str, param_type, text: str, whole: str):
    fail = ValueError(f"Could not parse hparam '{name}' of type '{param_type.__name__}' with value '{text}' in {whole}")
    if param_type is type(None):
        raise TypeError("NoneType takes no arguments")
    if param_type is bool:
        if text in ("true", "True"):
            return True
        if text in ("false", "False"):
            return False
        if re.fullmatch(r"[+-]?\d+", text):
            return bool(int(text))
        raise fail
    if param_type is int:
        if not re.fullmatch(r"[+-]?\d+", text):
            raise fail
        return int(text)
    if param_type is float:
        try:
            return float(text)
        except ValueError:
            raise fail from None
    if param_type is str:
        return text
    try:
        return param_type(text)
    except (TypeError, ValueError):
        raise fail from None


def _split(values: str):
    """(name, index or None, text, is_list) for each assignment of a parse string."""
    pos, found = 0, []
    while pos < len(values):
        match = _NAME.match(values, pos)
        if match is None:
            raise ValueError(f"Malformed hyperparameter value: {values[pos:]}")
        name, index, pos = match.group(1), match.group(2), match.end()
        if values.startswith("[", pos):
            end = values.find("]", pos)
            if end < 0:
                raise ValueError(f"Malformed hyperparameter value: {values[match.start() :]}")
            text, is_list, pos = values[pos + 1 : end], True, end + 1
            comma = values.find(",", pos)
            rest = values[pos:] if comma < 0 else values[pos:comma]
            if rest.strip():
                raise ValueError(f"Malformed hyperparameter value: {values[match.start() :]}")
            pos = len(values) if comma < 0 else comma
        else:
            comma = values.find(",", pos)
            end = len(values) if comma < 0 else comma
            text, is_list, pos = values[pos:end].strip(), False, end
        found.append((name, index, text, is_list))
        if pos < len(values):  # a comma, then optional spaces before the next name
            pos += 1
            while pos < len(values) and values[pos].isspace():
                pos += 1
    return found


class HParams:
    """Hyperparameters as attributes: ``HParams(learning_rate=0.1, layers=[64, 32])``."""

    def __init__(self, hparam_def=None, model_structure=None, **kwargs):
        self._hparam_types = {}
        self._model_structure = model_structure
        if hparam_def is not None:
            raise refuse(
                "contrib.training.HParams(hparam_def=...)",
                "HParamDef protocol buffers came with tf.contrib, removed in TensorFlow 2.0",
                "HParams(**values) or HParams().parse_json(text)",
            )
        for name, value in kwargs.items():
            self.add_hparam(name, value)

    def add_hparam(self, name, value):
        if getattr(self, name, None) is not None:
            raise ValueError(f"Hyperparameter name is reserved: {name}")
        if isinstance(value, (list, tuple)):
            if not value:
                raise ValueError(f"Multi-valued hyperparameters cannot be empty: {name}")
            self._hparam_types[name] = (type(value[0]), True)
        else:
            self._hparam_types[name] = (type(value), False)
        setattr(self, name, value)

    def set_hparam(self, name, value):
        param_type, is_list = self._hparam_types[name]
        if isinstance(value, list):
            if not is_list:
                raise ValueError(f"Must not pass a list for single-valued parameter: {name}")
            setattr(self, name, [_cast(name, param_type, v) for v in value])
        elif is_list:
            raise ValueError(f"Must pass a list for multi-valued parameter: {name}.")
        else:
            setattr(self, name, _cast(name, param_type, value))

    def del_hparam(self, name):
        if hasattr(self, name):
            delattr(self, name)
            self._hparam_types.pop(name, None)

    def parse(self, values):
        """Set parameters from ``"name=value,name=[v1,v2],..."``; returns self. Every value is
        parsed before any is set, so a mistake changes nothing."""
        parsed, seen = {}, set()
        for name, index, text, is_list in _split(values):
            if name not in self._hparam_types:
                raise ValueError(f"Unknown hyperparameter type for {name}")
            if name in seen:
                raise ValueError(f"Multiple assignments to variable '{name}' in {values}")
            seen.add(name)
            param_type, param_is_list = self._hparam_types[name]
            if index is not None or (param_is_list and not is_list):
                raise ValueError(f"Must pass a list for multi-valued parameter: {name}.")
            if is_list and not param_is_list:
                raise ValueError(f"Must not pass a list for single-valued parameter: {name}")
            if is_list:
                items = [t.strip() for t in text.split(",")] if text.strip() else []
                try:
                    parsed[name] = [_parse_scalar(name, param_type, item, values) for item in items]
                except ValueError:
                    raise ValueError(
                        f"Could not parse hparam '{name}' of type '{param_type.__name__}' with value '{text}' in "
                        f"{values}"
                    ) from None
            else:
                parsed[name] = _parse_scalar(name, param_type, text, values)
        return self.override_from_dict(parsed)

    def override_from_dict(self, values_dict):
        for name, value in values_dict.items():
            self.set_hparam(name, value)
        return self

    def set_model_structure(self, model_structure):
        self._model_structure = model_structure

    def get_model_structure(self):
        return self._model_structure

    def to_json(self, indent=None, separators=None, sort_keys=False):
        return json.dumps(self.values(), indent=indent, separators=separators, sort_keys=sort_keys)

    def parse_json(self, values_json):
        return self.override_from_dict(json.loads(values_json))

    def values(self):
        return {name: getattr(self, name) for name in self._hparam_types}

    def get(self, key, default=None):
        if key not in self._hparam_types:
            return default
        if default is not None:
            param_type, is_list = self._hparam_types[key]
            incompatible = (
                f"Hparam '{key}' of type '{_type_name(param_type, is_list)}' is incompatible with default={default}"
            )
            if is_list != isinstance(default, (list, tuple)):
                raise ValueError(incompatible)
            try:
                for value in default if is_list else [default]:
                    _cast(key, param_type, value)
            except ValueError as exc:
                raise ValueError(f"{incompatible}. {exc}") from None
        return getattr(self, key)

    def __contains__(self, key):
        return key in self._hparam_types

    def __str__(self):
        return ",".join(f"{name}={value}" for name, value in self.values().items())

    def __repr__(self):
        return f"HParams({sorted(self.values().items())!r})"

    def to_proto(self, export_scope=None):
        raise refuse(
            "contrib.training.HParams.to_proto",
            "HParamDef protocol buffers came with tf.contrib, removed in TensorFlow 2.0",
            "HParams.to_json()",
        )

    @staticmethod
    def from_proto(hparam_def, import_scope=None):
        raise refuse(
            "contrib.training.HParams.from_proto",
            "HParamDef protocol buffers came with tf.contrib, removed in TensorFlow 2.0",
            "HParams().parse_json(text)",
        )

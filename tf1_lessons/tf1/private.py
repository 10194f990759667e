"""TensorFlow's private modules as TF1 code imported them: ``tensorflow.python.*``,
``tensorflow.core.*`` and ``tensorflow.contrib.<name>.python.*``.

TF1-era libraries reached past ``tf.*`` into TensorFlow's own modules
(``from tensorflow.python.util.nest import is_sequence``, ``from tensorflow.python.ops import
rnn_cell_impl``, ``from tensorflow.contrib.rnn.python.ops import core_rnn_cell``). TF 2.21 still
has most of those modules, but it renamed or moved some of their names, and it dropped
``contrib`` and the Keras that ``tensorflow.python.keras`` / ``tensorflow.python.layers`` were.
A script's own import of such a module gets a :class:`PrivateModule`:

* the real module's names, each as the TF1 API serves it (where the runtime corrected a function
  for TF 1.15's op counts, ``array_ops.split`` is that corrected function, as ``tf.split`` is);
* what TF 2.21 moved, from its new home (:data:`MOVED`, measured: the names of 152 TF 1.15.5
  modules against TF 2.21's, ``tests/tf1_private/record_private.py``);
* whole modules that live elsewhere now (:data:`HOMES`): TF 1.15's Keras and ``tf.layers`` are
  tf-keras', its RNN cells are ``tf.nn.rnn_cell``'s, ``tensorflow.python.estimator`` and
  ``tensorflow.contrib.*.python.*`` are what tf1-lessons provides for ``tf.estimator`` and
  ``tf.contrib.*``;
* and for a name neither has, the refusal every unavailable API gets (exit status 3, the
  script's line, what to use).

An attribute a script sets on such a module is set on TensorFlow's module too, as it was in
TF 1.15 (libraries did monkey-patch TensorFlow's internals).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import json
import types
from pathlib import Path

from . import table

#: Whole modules TF 1.15 had under one name and TF 2.21 serves under another. A prefix maps every
#: module below it the same way ("tensorflow.python.keras.layers" -> "tf_keras.src.layers").
#: "tf1:" names what tf1-lessons serves for tf.<path>.
HOMES = {
    # TF 1.15's tf.keras was tensorflow.python.keras; a TF1 program's tf.keras is tf-keras here, and
    # its classes must be the same classes (TF 2.21's own tensorflow.python.keras is a frozen copy).
    "tensorflow.python.keras": "tf_keras.src",
    # tf.layers (tensorflow.python.layers in TF 1.15) is tf-keras' legacy_tf_layers here
    "tensorflow.python.layers.base": "tf_keras.src.legacy_tf_layers.base",
    "tensorflow.python.layers.core": "tf_keras.src.legacy_tf_layers.core",
    "tensorflow.python.layers.convolutional": "tf_keras.src.legacy_tf_layers.convolutional",
    "tensorflow.python.layers.normalization": "tf_keras.src.legacy_tf_layers.normalization",
    "tensorflow.python.layers.pooling": "tf_keras.src.legacy_tf_layers.pooling",
    "tensorflow.python.layers.layers": "tf1:layers",
    # tf.nn.rnn_cell's classes come from tf-keras' legacy cells (TF 2.21's rnn_cell_impl has others)
    "tensorflow.python.ops.rnn_cell_impl": "tf_keras.src.layers.rnn.legacy_cells",
    "tensorflow.python.ops.rnn_cell": "tf_keras.src.layers.rnn.legacy_cells",
    # tf.estimator was tensorflow_estimator behind tensorflow.python.estimator in TF 1.15
    "tensorflow.python.estimator": "tf1:estimator",
}
#: Names a home module lacks that TF 1.15's module had, for the modules in HOMES.
_HOME_EXTRAS = {
    "tensorflow.python.ops.rnn_cell_impl": {
        "DropoutWrapper": "v1:nn.rnn_cell.DropoutWrapper",
        "DeviceWrapper": "v1:nn.rnn_cell.DeviceWrapper",
        "ResidualWrapper": "v1:nn.rnn_cell.ResidualWrapper",
        "assert_like_rnncell": "tensorflow.python.ops.rnn_cell_impl:assert_like_rnncell",
        "ASSERT_LIKE_RNNCELL_ERROR_REGEXP": "tensorflow.python.keras.layers.legacy_rnn.rnn_cell_impl:"
        "ASSERT_LIKE_RNNCELL_ERROR_REGEXP",
    },
}
_HOME_EXTRAS["tensorflow.python.ops.rnn_cell"] = _HOME_EXTRAS["tensorflow.python.ops.rnn_cell_impl"]


def _is_sequence(seq):
    """TF 1.15's ``nest.is_sequence``: a list, tuple, dict, namedtuple or attrs object, not a
    string (TF 2 named it ``is_nested``; composite tensors are no sequence in either)."""
    from tensorflow.python.util import nest

    return nest.is_nested(seq)


def _shape(*dims):
    from tensorflow.python.framework import tensor_shape

    return tensor_shape.TensorShape(list(dims))


#: Names TF 2.21 moved out of a module that TF 1.15 had them in: module -> name -> its home now.
#: "v1:<path>" is tf.compat.v1's (as a TF1 program gets it: corrected where the runtime corrects
#: it); "<module>:<attr>" is TensorFlow's internal home; a callable is written here.
MOVED = {
    "tensorflow.python.util.nest": {"is_sequence": _is_sequence},
    "tensorflow.python.data.util.nest": {"is_sequence": _is_sequence},
    "tensorflow.python.framework.ops": {
        "Tensor": "v1:Tensor",
        "IndexedSlices": "v1:IndexedSlices",
        "IndexedSlicesValue": "tensorflow.python.framework.indexed_slices:IndexedSlicesValue",
        "convert_to_tensor_or_indexed_slices": "v1:convert_to_tensor_or_indexed_slices",
        "convert_n_to_tensor_or_indexed_slices": "tensorflow.python.framework.indexed_slices:"
        "convert_n_to_tensor_or_indexed_slices",
        "internal_convert_to_tensor_or_indexed_slices": "tensorflow.python.framework.indexed_slices:"
        "internal_convert_to_tensor_or_indexed_slices",
        "internal_convert_n_to_tensor_or_indexed_slices": "tensorflow.python.framework.indexed_slices:"
        "internal_convert_n_to_tensor_or_indexed_slices",
        "convert_to_tensor_v2": "tensorflow.python.framework.tensor_conversion:convert_to_tensor_v2",
        "default_session": "tensorflow.python.framework.stack:default_session",
        "enable_tensor_equality": "v1:enable_tensor_equality",
        "disable_tensor_equality": "v1:disable_tensor_equality",
        "register_tensor_conversion_function": "v1:register_tensor_conversion_function",
        "_eval_using_default_session": "tensorflow.python.framework.tensor:_eval_using_default_session",
    },
    "tensorflow.python.framework.tensor_shape": {
        "scalar": lambda: _shape(),
        "vector": lambda length: _shape(length),
        "matrix": lambda rows, cols: _shape(rows, cols),
    },
    "tensorflow.python.framework.tensor_util": {
        "maybe_set_static_shape": "tensorflow.python.ops.shape_util:maybe_set_static_shape",
        "shape_tensor": "tensorflow.python.ops.shape_util:shape_tensor",
    },
    "tensorflow.python.framework.graph_util": {
        "convert_variables_to_constants": "v1:graph_util.convert_variables_to_constants",
    },
    "tensorflow.python.ops.array_ops": {"stack": "v1:stack", "unstack": "v1:unstack"},
    "tensorflow.python.ops.nn": {
        name: f"v1:nn.{name}"
        for name in ("dynamic_rnn", "bidirectional_dynamic_rnn", "raw_rnn", "static_rnn", "static_state_saving_rnn")
    },
    "tensorflow.python.ops.control_flow_ops": {
        "cond": "v1:cond",
        "while_loop": "v1:while_loop",
        "case": "v1:case",
        "switch_case": "v1:switch_case",
        "Assert": "v1:Assert",
        "while_loop_v2": "tensorflow.python.ops.while_loop:while_loop",
        "cond_for_tf_v2": "tensorflow.python.ops.cond:cond_for_tf_v2",
    },
    "tensorflow.python.ops.variable_scope": {
        "disable_resource_variables": "v1:disable_resource_variables",
        "enable_resource_variables": "v1:enable_resource_variables",
        "resource_variables_enabled": "v1:resource_variables_enabled",
        "default_variable_creator": "tensorflow.python.ops.ref_variable:default_variable_creator",
    },
    "tensorflow.python.ops.variables": {
        "RefVariable": "tensorflow.python.ops.ref_variable:RefVariable",
        "VariableV1": "tensorflow.python.ops.variable_v1:VariableV1",
        "is_variable_initialized": "v1:is_variable_initialized",
        "default_variable_creator": "tensorflow.python.ops.ref_variable:default_variable_creator",
    },
    "tensorflow.python.ops.random_ops": {"random_crop": "v1:random_crop"},
    "tensorflow.python.ops.nn_impl": {
        "compute_average_loss": "v1:nn.compute_average_loss",
        "scale_regularization_loss": "v1:nn.scale_regularization_loss",
    },
    "tensorflow.python.ops.functional_ops": {"partitioned_call": "tensorflow.python.ops.gen_functional_ops:"
                                             "partitioned_call"},
    "tensorflow.python.ops.standard_ops": {"stack": "v1:stack", "unstack": "v1:unstack",
                                           "random_crop": "v1:random_crop"},
    "tensorflow.python.training.training": {"do_quantize_training_on_graphdef": "v1:train."
                                            "do_quantize_training_on_graphdef"},
    "tensorflow.python.pywrap_tensorflow": {"NewCheckpointReader": "v1:train.NewCheckpointReader"},
    "tensorflow.python.training": {"training_ops": "tensorflow.python.training.gen_training_ops"},
    "tensorflow.python.tools.freeze_graph": {"MetaGraphDef": "v1:MetaGraphDef"},
    "tensorflow.python.layers.utils": {"get_reachable_from_inputs": "tf_keras.src.utils.tf_utils:"
                                       "get_reachable_from_inputs"},
}  # fmt: skip

_DATA = Path(__file__).with_name("private_api.json")


@functools.cache
def recorded() -> dict:
    """What tests/tf1_private/record_private.py measured: per module of TF 1.15.5 that TF1 code
    imported, the names TF 2.21 no longer has there (``scan`` reads it; no TensorFlow import)."""
    return json.loads(_DATA.read_text(encoding="utf-8"))


def _contrib_home(dotted: str) -> str | None:
    """``tensorflow.contrib.rnn.python.ops.core_rnn_cell`` -> ``tf1:contrib.rnn``: every module
    of a contrib package's ``python`` tree is served by what tf1-lessons provides for it."""
    parts = dotted.split(".")
    if len(parts) >= 4 and parts[:2] == ["tensorflow", "contrib"] and parts[3] == "python":
        return f"tf1:contrib.{parts[2]}"
    return None


def home_of(dotted: str) -> str | None:
    """Where the module ``dotted`` of TF 1.15 is served from, when it is not TF 2.21's own."""
    contrib = _contrib_home(dotted)
    if contrib:
        return contrib
    for prefix in sorted(HOMES, key=len, reverse=True):
        if dotted == prefix or dotted.startswith(prefix + "."):
            home = HOMES[prefix]
            rest = dotted[len(prefix) :]
            return home if home.startswith("tf1:") else home + rest
    return None


def is_private(dotted: str) -> bool:
    """A module path this module serves (``tensorflow.python...``, ``tensorflow.core...``,
    ``tensorflow.contrib.X.python...``)."""
    return dotted.split(".")[:2] in (["tensorflow", "python"], ["tensorflow", "core"]) or bool(_contrib_home(dotted))


def classify(dotted: str, name: str | None = None) -> table.Verdict:
    """How ``dotted`` (and its ``name``) is served, from the tables and the recorded measurement
    alone (``scan``: nothing is imported)."""
    contrib = _contrib_home(dotted)
    if contrib:
        return table.classify(contrib[4:] + (f".{name}" if name else ""))
    full = f"{dotted}.{name}" if name else dotted
    if name and name in MOVED.get(dotted, {}) or name and name in _HOME_EXTRAS.get(dotted, {}):
        return table.Verdict(table.PROVIDED, f"tf1-lessons: moved in TensorFlow 2 ({full})")
    home = home_of(dotted)
    if home:
        return table.Verdict(table.PROVIDED, f"tf1-lessons: {full} is served from {home.removeprefix('tf1:')}")
    data = recorded()
    if dotted in data["modules_gone"]:
        return _refusal(dotted, None)
    if name and name in data["names_gone"].get(dotted, ()):
        return _refusal(dotted, name)
    return table.Verdict(table.NATIVE, "TensorFlow's own module")


def classify_path(path: str) -> table.Verdict:
    """``scan``'s verdict for a dotted use such as ``tensorflow.python.util.nest.is_sequence``:
    the module is the longest prefix the tables or the measurement know, the rest one name."""
    parts = path.split(".")
    contrib = _contrib_home(path)
    if contrib:
        name = parts[-1]
        if name.startswith("_") or name in _PACKAGE_DIRS or name.islower() and "_" in name and len(parts) > 4:
            # a helper or a module path of the contrib tree: looked up in the provided package at run time
            return table.Verdict(table.PROVIDED, f"tf1-lessons: {contrib[4:]} (TF 1.15's {'.'.join(parts[:4])} tree)")
        return classify(".".join(parts[:-1]), name)
    known = set(recorded()["modules"]) | set(MOVED) | set(HOMES) | set(_HOME_EXTRAS)
    for n in range(len(parts) - 1, 1, -1):
        if ".".join(parts[:n]) in known:
            return classify(".".join(parts[:n]), parts[n])
    if path in known:
        return classify(path)
    return classify(".".join(parts[:-1]), parts[-1])


def _refusal(dotted: str, name: str | None) -> table.Verdict:
    what = f"{dotted}.{name}" if name else dotted
    return table.Verdict(
        table.MISSING,
        f"{what} was an internal part of TensorFlow 1.15 that TensorFlow 2 removed (tf1-lessons serves the "
        "internal names TF1 libraries used, not this one)",
        "the public tf.* name for it, if there is one (tf_upgrade_v2 names most), or the function's own code",
    )


# -- serving (exec): the live modules -----------------------------------------------------------------


class PrivateModule(types.ModuleType):
    """TensorFlow's module ``name`` as a TF1 program sees it (see the module docstring)."""

    def __init__(self, name: str, real, extras: dict, server):
        super().__init__(name)
        object.__setattr__(self, "_real", real)
        object.__setattr__(self, "_extras", extras)
        object.__setattr__(self, "_server", server)
        if getattr(real, "__file__", None):
            object.__setattr__(self, "__file__", real.__file__)
        if hasattr(real, "__path__"):
            object.__setattr__(self, "__path__", real.__path__)

    def __getattr__(self, attr):
        if attr == "__all__":
            return [n for n in dir(self) if not n.startswith("_")]
        if attr.startswith("__"):
            raise AttributeError(attr)
        value = self._server.attribute(self, attr)
        object.__setattr__(self, attr, value)
        return value

    def __setattr__(self, attr, value):
        # A library's own monkey-patch of TensorFlow reaches TensorFlow, as it did in TF 1.15.
        if self._real is not None and not attr.startswith("__"):
            with contextlib.suppress(AttributeError, TypeError):
                setattr(self._real, attr, value)
        object.__setattr__(self, attr, value)

    def __dir__(self):
        names = set(dir(self._real)) if self._real is not None else set()
        return sorted(names | set(self._extras))

    def __repr__(self):
        return f"<module {self.__name__!r} (TF 1.15's, served by tf1-lessons)>"


class Server:
    """Makes and caches the :class:`PrivateModule` of each module path, for one TF1 process."""

    def __init__(self, tf1, v1, unavailable):
        self._tf1, self._v1, self._unavailable = tf1, v1, unavailable
        self._modules: dict[str, types.ModuleType] = {}
        self._corrected: tuple[int, dict] = (-1, {})

    def corrected(self) -> dict:
        """id(original) -> replacement, for every function the runtime replaced in this process
        (a private path to ``split`` gets the same corrected function as ``tf.split``); made
        again only when another patch was applied since."""
        from . import patches

        if self._corrected[0] != len(patches.applied):
            table = {id(original): new for _, _, original, new in patches.applied.values() if original}
            self._corrected = (len(patches.applied), table)
        return self._corrected[1]

    def _resolve(self, target):
        if callable(target):
            return target
        where, _, attr = target.partition(":")
        obj = self._tf1 if where == "v1" else importlib.import_module(where)
        for part in [p for p in attr.split(".") if p]:
            obj = getattr(obj, part)
        return obj

    def _refuse(self, dotted: str, name: str | None):
        what = f"{dotted}.{name}" if name else dotted
        return self._unavailable(what, classify(dotted, name) if name else _refusal(dotted, None), what)

    def module(self, dotted: str):
        """The module a TF1 program gets for ``import dotted``; Unavailable when there is none."""
        if dotted in self._modules:
            return self._modules[dotted]
        home = home_of(dotted)
        if home and home.startswith("tf1:"):
            module = self._tf1
            for part in home[4:].split("."):
                module = getattr(module, part)
            module = PrivateModule(dotted, None, {}, _ProvidedServer(module, self))
        else:
            try:
                real = importlib.import_module(home or dotted)
            except ImportError:
                raise self._refuse(dotted, None) from None
            extras = {**MOVED.get(dotted, {}), **_HOME_EXTRAS.get(dotted, {})}
            module = PrivateModule(dotted, real, extras, self)
        self._modules[dotted] = module
        return module

    def attribute(self, module: PrivateModule, attr: str):
        dotted = module.__name__
        if attr in module._extras:
            return self._resolve(module._extras[attr])
        if f"{dotted}.{attr}" in HOMES:  # from tensorflow.python.layers import core
            return self.module(f"{dotted}.{attr}")
        real = module._real
        try:
            value = getattr(real, attr)
        except AttributeError:
            value = None
            try:  # a submodule not imported yet (from tensorflow.python.ops import rnn_cell_impl)
                return self.module(f"{dotted}.{attr}")
            except Exception:  # noqa: BLE001 - no such submodule: refused below, as a name
                pass
            if attr.startswith("_"):
                raise AttributeError(f"module {dotted!r} has no attribute {attr!r}") from None
            raise self._refuse(dotted, attr) from None
        if isinstance(value, types.ModuleType) and value.__name__.startswith("tensorflow."):
            return self.module(f"{dotted}.{attr}") if value.__name__ == f"{dotted}.{attr}" else value
        return self.corrected().get(id(value), value)


#: The folder names of TF 1.15's package trees (contrib/rnn/python/ops/...): a name a provided
#: package lacks, asked for on a module whose path ends in one of these, is a submodule path.
_PACKAGE_DIRS = {"python", "ops", "layers", "kernels", "slim", "nets", "data", "framework", "util", "utils",
                 "training", "learn", "estimators", "estimator", "tpu", "tools", "eager", "seq2seq", "rnn",
                 "export", "inputs", "canned", "preprocessing", "datasets", "losses", "metrics"}  # fmt: skip


class _ProvidedServer:
    """A module served by what tf1-lessons provides (``tensorflow.contrib.X.python.*`` by
    tf.contrib.X, ``tensorflow.python.estimator.*`` by tf.estimator): names come from the
    provided package; the module paths below it are the package again (TF 1.15's packages
    re-exported their modules' names)."""

    def __init__(self, provided, server: Server):
        self._provided, self._server = provided, server

    def attribute(self, module: PrivateModule, attr: str):
        try:
            return getattr(self._provided, attr)
        except Exception as exc:  # noqa: BLE001 - AttributeError, or the provided package's refusal
            refusal = exc
        if attr.islower() and module.__name__.rsplit(".", 1)[-1] in _PACKAGE_DIRS:
            return self._server.module(f"{module.__name__}.{attr}")
        if attr.startswith("_") or isinstance(refusal, AttributeError):
            raise AttributeError(f"module {module.__name__!r} has no attribute {attr!r}")
        raise self._server._unavailable(refusal.path, refusal.verdict) from None

"""The process a TF1 script runs in: ``import tensorflow`` gives the TF1 API.

Only the script's own code (the script and modules beside it, not libraries) is served the TF1
module: ``builtins.__import__`` is wrapped, and an import of ``tensorflow...`` made from user
code returns :class:`TF1Module`, which answers from ``tf.compat.v1`` first, then from what
tf1-lessons provides (``contrib``, ``examples``), and refuses what the table marks missing at
the point of use. Libraries that import TensorFlow themselves (tf-keras, matplotlib...) keep
the real module.

Process-wide changes, made by :func:`install` for ``tf1-lessons exec`` only (lessons never
use this module): graph mode (``disable_v2_behavior``), soft device placement, the NumPy
names NumPy 2 removed, a matplotlib that saves figures when there is no display, and
``__version__`` on TensorFlow's lazy loader of ``tf.compat.v1.keras`` (TF 1.15's "2.2.4-tf").
"""

from __future__ import annotations

import builtins
import importlib
import os
import re
import sys
import sysconfig
import types
from pathlib import Path

from . import companions, patches, private, table

PACKAGE_DIR = str(Path(__file__).resolve().parent.parent)  # tf1_lessons/
# Where installed code lives: never a script's own, even inside the script's folder (a
# virtualenv there). Not sys.prefix: with a system Python that is /usr, and /usr/src/app is
# where containers keep their scripts.
_LIBRARY_DIRS = tuple(
    {
        os.path.realpath(p)
        for p in (
            sysconfig.get_path("purelib"),
            sysconfig.get_path("platlib"),
            sysconfig.get_path("stdlib"),
            sysconfig.get_path("platstdlib"),
        )
        if p
    }
    | {os.path.realpath(p) for p in sys.path if p and ("site-packages" in p or "dist-packages" in p)}
    | {PACKAGE_DIR}
)
_LESSONS_DIR = os.path.join(PACKAGE_DIR, "lessons")  # where an installed wheel keeps the lessons' folders
_user_roots: list[str] = []  # the folders whose code is the user's: a script's folder (sys.path[0])
# Installed TF1 code that gets the TF1 API as the script does (tf1/packages.py): folder or file -> why.
_tf1_packages: dict[str, str] = {}
# The namespaces a notebook's cells run in (IPython's user_ns): a cell has no __file__ of its own.
_user_namespaces: list[dict] = []
# How a notebook names the place a cell's code runs at ("Cell In[3], line 2"); None outside one.
cell_location = None


def add_user_namespace(namespace: dict) -> None:
    """Code run with ``namespace`` as its globals (a notebook's cells) is the user's."""
    if not any(namespace is n for n in _user_namespaces):
        _user_namespaces.append(namespace)


def _user_globals(namespace) -> bool:
    if namespace is None:
        return False
    return any(namespace is n for n in _user_namespaces) or is_user_file(namespace.get("__file__"))


def add_tf1_packages(places: dict) -> None:
    """Installed code (package folders, module files) that is TF1 code: served the TF1 API."""
    _tf1_packages.update(places)


def add_user_root(folder) -> None:
    """Code under ``folder`` (a script's or notebook's folder, and the helper modules beside it)
    is the user's: it gets the TF1 module."""
    real = os.path.realpath(folder)
    if real not in _user_roots:
        _user_roots.append(real)


class Unavailable(Exception):
    """A TF1 API that TensorFlow 2.21 lacks and tf1-lessons cannot provide (exit status 3)."""

    def __init__(self, path: str, verdict: table.Verdict, shown: str | None = None):
        # shown: the name as the script wrote it, when it is no tf.* name (a private module's
        # tensorflow.python.util.nest.is_sequence, a companion library's scipy.misc.imfilter)
        self.path, self.verdict, self.shown = path, verdict, shown or f"tf.{path}"
        self.where = _user_frame()
        super().__init__(self.message())

    def message(self) -> str:
        where = ""
        if self.where:
            cell = cell_location(*self.where) if cell_location is not None else None
            where = f"{cell or f'{self.where[0]}:{self.where[1]}'}: "
        text = f"{where}{self.shown} is not available: {self.verdict.why}."
        return text + (f"\n  Instead: {self.verdict.instead}." if self.verdict.instead else "")


class UnavailableImport(Unavailable, ImportError):
    """An unavailable name met by an ``import`` statement: an ImportError too, so that a TF1
    library's own fallback (``try: from tensorflow.python... import x`` / ``except ImportError``)
    takes its other branch as it did when TF 1.15 lacked the name; uncaught, it stops the script
    as any unavailable API does (exit status 3)."""


def refuse(path: str, why: str, instead: str) -> Unavailable:
    """The refusal of one part of a provided API (an argument, a method) that is not provided."""
    return Unavailable(path, table.Verdict(table.MISSING, why, instead))


def _under(real: str, folders) -> bool:
    return any(real == d or real.startswith(d + os.sep) for d in folders)


def is_user_file(filename: str | None) -> bool:
    """A script's own code: a file under the script's folder (the script, modules beside it),
    unless installed code lives there; never the standard library, a package or tf1-lessons."""
    if not filename or filename.startswith("<"):
        return False
    real = os.path.realpath(filename)
    if _tf1_packages and not _under(real, [PACKAGE_DIR]) and _under(real, _tf1_packages):
        return True  # an installed TF1 library (exec --tf1-package, pyproject's tf1-packages...)
    if _under(real, _LIBRARY_DIRS):
        # An installed lesson's program (site-packages/tf1_lessons/lessons/NN_name/) is a TF1
        # program all the same, when it is the one running.
        return _under(real, [_LESSONS_DIR]) and _under(real, _user_roots)
    return _under(real, _user_roots) if _user_roots else True


def _user_frame():
    frame = sys._getframe(1)
    while frame is not None:
        if is_user_file(frame.f_code.co_filename) or (
            _user_namespaces and any(frame.f_globals is n for n in _user_namespaces)
        ):
            return frame.f_code.co_filename, frame.f_lineno
        frame = frame.f_back
    return None


def _refusing(module, module_path: str):
    """``module``, a module tf1-lessons writes for ``tf.<module_path>``, answering a public name
    it lacks as any unavailable API is answered (Unavailable: one line naming the script's line,
    exit 3) rather than with an AttributeError from our code."""
    if "__getattr__" not in vars(module):  # PEP 562: asked only for names the module lacks

        def __getattr__(name):
            if name.startswith("_"):  # probes (inspect, pickle, copy): plain Python behaviour
                raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}")
            if name == "python" and _tf1 is not None:  # import tensorflow.contrib.X.python.ops.Y as Z
                return _tf1._private.module(f"tensorflow.{module_path}.python")
            path = f"{module_path}.{name}"
            from ..compat import v1

            verdict = table.classify(path, v1)
            if verdict.status != table.MISSING:  # the table names it, the module lacks it: ours to fix
                raise AttributeError(f"tf1-lessons provides tf.{path} but its module lacks it (a bug: report it)")
            raise Unavailable(path, verdict)

        module.__getattr__ = __getattr__
    return module


def _provided(module_path: str):
    """The object tf1-lessons provides for ``tf.<module_path>`` (a module or a namespace)."""
    if module_path == "examples.tutorials.mnist.input_data":
        return _refusing(importlib.import_module("tf1_lessons.tf1.examples"), module_path)
    if module_path == "contrib.slim" or module_path.startswith("contrib.slim."):
        from .contrib.slim import slim

        obj = slim
        for part in module_path.split(".")[2:]:
            obj = getattr(obj, part)
        return obj
    if module_path == "contrib.keras":
        from ..compat import v1

        return v1.keras
    parts = module_path.split(".")
    # Packages of which only some names are provided: a Namespace, so that the others are refused.
    partial = parts[0] == "estimator" or module_path.startswith("contrib.learn")
    if partial and module_path in table.PROVIDED_MODULES:
        return Namespace(module_path)
    if partial:
        home = "estimator" if parts[0] == "estimator" else "contrib.learn"
        obj = importlib.import_module("tf1_lessons.tf1." + home)
        for part in parts[len(home.split(".")) :]:
            obj = getattr(obj, part)
        return obj
    if module_path.startswith("contrib."):
        module = importlib.import_module(f"tf1_lessons.tf1.contrib.{module_path.split('.', 1)[1]}")
        return _refusing(module, module_path)
    return Namespace(module_path)


class Namespace(types.ModuleType):
    """A provided package (``tf.contrib``, ``tf.examples``...): its names come from the table."""

    def __init__(self, path: str):
        super().__init__(f"tensorflow.{path}")
        self._path = path

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        path = f"{self._path}.{name}"
        from ..compat import v1  # a running script's TensorFlow, already imported: the live names

        verdict = table.classify(path, v1)
        if verdict.status == table.MISSING:
            raise Unavailable(path, verdict)
        value = _provided(path)
        setattr(self, name, value)
        return value

    def __dir__(self):
        return list(table.PROVIDED_MODULES.get(self._path, []))


#: What TensorFlow 1.15.5 reported of itself (measured: tf.VERSION, tf.GIT_VERSION,
#: tf.COMPILER_VERSION, tf.keras.__version__). A script is served TF 1.15's API, so it is told
#: that version: `if tf.__version__.startswith("2")` must not take a TF 2 path, a toolkit's
#: `LooseVersion(tf.__version__) < "1.12"` check must pass, and a notebook prints what it printed.
#: The real versions: a notice on the first read, and `tf1-lessons --version`.
TF115 = {"VERSION": "1.15.5", "GIT_VERSION": "v1.15.4-39-g3db52be", "COMPILER_VERSION": "7.3.1 20180303"}
TF115_KERAS = "2.2.4-tf"


def _tf115(name: str) -> str:
    """``tf.<name>`` / ``tf.version.<name>`` for one of TF115's names."""
    return _version_read() if name == "VERSION" else TF115[name]


def _version_read() -> str:
    from .._versions import installed_version

    notice(
        f"the script reads TensorFlow's version: {TF115['VERSION']}, the TF1 API it is served; TensorFlow "
        f"{installed_version('tensorflow')} runs it (tf1-lessons --version)"
    )
    return TF115["VERSION"]


class _Version(types.ModuleType):
    """``tf.version``: TF 1.15's version strings, the rest (GRAPH_DEF_VERSION...) today's."""

    def __init__(self, real):
        super().__init__("tensorflow.version")
        self._real = real

    def __getattr__(self, name):
        if name in TF115:
            return _tf115(name)
        return getattr(self._real, name)


class TF1Module(types.ModuleType):
    """``tensorflow`` (and ``tensorflow.compat.v1``) as a TF1 script sees it."""

    def __init__(self, v1, real):
        super().__init__("tensorflow", "TensorFlow 1.x API served by tf1-lessons (tf.compat.v1 + contrib)")
        self._v1, self._real = v1, real
        self.contrib = Namespace("contrib")
        self.examples = Namespace("examples")
        self.estimator = Namespace("estimator")  # removed in TF 2.16; tf1-lessons' subset (tf1/estimator)
        self.compat = _Compat(self, real.compat)
        self.version = _Version(v1.version)
        # tensorflow.python.* / tensorflow.core.* as TF1 libraries imported them (tf1/private.py)
        self._private = private.Server(self, v1, UnavailableImport)

    @property
    def __version__(self):  # a property, so that reading it can say what really runs
        return _version_read()

    def __getattr__(self, name):
        if name in TF115:
            return _tf115(name)
        if name.startswith("__"):
            raise AttributeError(name)
        if name in ("python", "core"):  # import tensorflow.python.framework.ops as ops
            return self._private.module(f"tensorflow.{name}")
        verdict = table.classify(name, self._v1)
        if verdict.status == table.MISSING:
            raise Unavailable(name, verdict)
        return getattr(self._v1, name)

    def __dir__(self):
        return sorted(set(dir(self._v1)) | {"contrib", "examples", "estimator", "compat"})


class _Compat(types.ModuleType):
    def __init__(self, tf1, real_compat):
        super().__init__("tensorflow.compat")
        self.v1, self._real = tf1, real_compat

    def __getattr__(self, name):
        return getattr(self._real, name)


# -- the import hook ------------------------------------------------------------------------------

_real_import = builtins.__import__
_tf1: TF1Module | None = None
_after_import = {}  # module name -> (attribute it has once imported, callback(module)); see _when_imported


def _resolve(name: str):
    """``tensorflow.a.b`` -> the object a TF1 script gets for it."""
    obj = _tf1
    for part in name.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


def _import(name, globals=None, locals=None, fromlist=(), level=0):
    __tracebackhide__ = True  # IPython leaves this frame out of a cell's traceback
    tf_import = level == 0 and (name == "tensorflow" or name.startswith("tensorflow.")) and _tf1 is not None
    if tf_import and _user_globals(globals):
        if private.is_private(name):  # TensorFlow's internal modules, as TF 1.15 had them
            module = _tf1._private.module(name)
            for item in fromlist or ():
                # A public name the module lacks is refused here, at the import's line; a missing
                # _name is left to Python's own ImportError, as TF 1.15 left it.
                if item != "*" and not item.startswith("_"):
                    getattr(module, item)
            return module if fromlist else _tf1
        try:
            target = _resolve(name)
        except AttributeError:  # not part of the TF1 API: let Python say so
            return _real_import(name, globals, locals, fromlist, level)
        return target if fromlist else _tf1
    module = _real_import(name, globals, locals, fromlist, level)
    if _after_import and level == 0:
        for target, (ready, callback) in list(_after_import.items()):
            # Only once the module has finished importing (it may import itself half-way).
            if target in sys.modules and hasattr(sys.modules[target], ready):
                _after_import.pop(target)
                callback(sys.modules[target])
    return module


class _Hooks:
    """``hooks[module] = (ready, callback)`` adds a callback for ``module``'s first import; several
    may wait on one module (matplotlib.pyplot: plt.show and the companions' plt.hold)."""

    def __setitem__(self, module, hook):
        ready, callback = hook
        previous = _after_import.get(module)
        if previous is None:
            _after_import[module] = hook
            return

        def both(mod, first=previous[1], second=callback):
            first(mod)
            second(mod)

        _after_import[module] = (ready, both)


def install(on_show=None) -> TF1Module:
    """Set the process up for TF1 scripts; returns the module they get as ``tensorflow``."""
    global _tf1
    if _tf1 is not None:
        return _tf1
    # TF1 semantics: graph mode, v1 TensorShape with .value, v1 control flow, Tensor equality by
    # identity; then TF 1.15's op-seed rule and reference variables (rules.py), so a seeded
    # script draws the initial values and fetches the numbers it did under TF 1.15.
    import logging

    from ..compat import tf, v1
    from . import rules

    tf_logger = logging.getLogger("tensorflow")
    level = tf_logger.level
    tf_logger.setLevel(logging.ERROR)  # disable_v2_behavior warns about its own deprecation
    try:
        v1.disable_v2_behavior()
        rules.install()
    finally:
        tf_logger.setLevel(level)
    _tf1 = TF1Module(v1, tf)
    patches.apply("tf1-import", lambda _: _import)
    _install_numpy_aliases()
    _install_numpy_ragged_arrays()
    _install_numpy_printing()
    _install_soft_placement(v1)
    _install_keras_version(v1)
    _install_device_notice(v1, tf)
    _install_matplotlib(on_show)
    _install_deprecation_lines()
    companions.install(_Hooks())
    return _tf1


# -- deprecations, once each, in our words --------------------------------------------------------
# The TF1 APIs the documents use are deprecated today and say so at every call: lesson 8 printed
# twelve `tf.layers.* is deprecated` warnings (two lines each). The fact matters to a TF1 learner,
# the repetition does not: each family below is reported once per process, in one line.
_DEPRECATIONS = [
    (
        re.compile(r"`tf\.layers\.\w+` is deprecated"),
        "tf.layers.* is TF1's layer API, deprecated in TF2: it runs here through legacy Keras 2 (tf-keras); "
        "TF2 code writes tf.keras.layers.* instead",
    ),
    (
        re.compile(r"with keep_prob is deprecated"),
        "tf.nn.dropout(x, keep_prob) is the TF1 signature, deprecated in TF2: TF2 takes rate = 1 - keep_prob "
        "(the same op)",
    ),
]
_noted: set[int] = set()


def _note_once(message: str) -> bool:
    """Print our note if ``message`` is a known TF1 deprecation; True when it was one of those."""
    for i, (pattern, note) in enumerate(_DEPRECATIONS):
        if pattern.search(message):
            if i not in _noted:
                _noted.add(i)
                print(f"note: {note}.", file=sys.stderr)
            return True
    return False


def _install_deprecation_lines():
    """TensorFlow logs a four-line deprecation warning for most TF1 calls; a TF1 script is made of
    them. Each is shown once, as one line: where, what, and TensorFlow's own advice."""
    import logging

    class OneLine(logging.Filter):
        seen: set = set()

        def filter(self, record):
            text = record.getMessage()
            if _note_once(text):  # a TF1 deprecation with our own one-line note (tf.layers, keep_prob)
                return False
            if "is deprecated and will be removed" not in text and "deprecated and will be removed" not in text:
                return True
            first, _, advice = text.partition("Instructions for updating:")
            first = first.strip().removeprefix("From ").replace(" and will be removed in a future version", "")
            advice = " ".join(advice.split())
            line = f"{first.rstrip('.')}." + (f" TF2: {advice[:160]}" if advice else "")
            if line not in self.seen:
                self.seen.add(line)
                print(f"tf1-lessons: deprecated: {line}", file=sys.stderr)
            return False

    logging.getLogger("tensorflow").addFilter(OneLine())

    # Some deprecations are Python warnings (tf.nn.rnn_cell.* from tf-keras): one line each too.
    import warnings

    shown = warnings.showwarning

    def showwarning(message, category, filename, lineno, file=None, line=None):
        text = str(message)
        if _note_once(text):  # a TF1 deprecation with our own one-line note (tf.layers, keep_prob)
            return
        if issubclass(category, (UserWarning, DeprecationWarning)) and "deprecated" in text:
            key = f"{filename}:{lineno}: {text.split('. ')[0]}."
            if key not in OneLine.seen:
                OneLine.seen.add(key)
                print(f"tf1-lessons: deprecated: {key}", file=sys.stderr)
            return
        shown(message, category, filename, lineno, file, line)

    patches.apply("deprecation-lines", lambda _: showwarning)


def _install_keras_version(v1) -> None:
    """``tf.keras.__version__``: TF 1.15's Keras said 2.2.4-tf; tf-keras' v1 API has no
    ``__version__`` at all (AttributeError: a 2018 notebook stopped on it). Set on TensorFlow's
    lazy loader for ``tf.compat.v1.keras``, not on tf-keras' module."""
    patches.apply("keras-version", lambda _: TF115_KERAS)


def notice(text: str, _shown=set()) -> None:  # noqa: B006 - one set for the process, on purpose
    if text not in _shown:
        _shown.add(text)
        print(f"tf1-lessons: {text}", file=sys.stderr)


# -- NumPy 2 removed names ------------------------------------------------------------------------


def _numpy_aliases(np) -> dict:
    """Names NumPy 2 removed that TF1-era code used, each as what it was (an alias, mostly)."""

    def asfarray(a, dtype=np.float64):
        dtype = np.dtype(dtype)
        return np.asarray(a, dtype=dtype if np.issubdtype(dtype, np.inexact) else np.float64)

    def in1d(ar1, ar2, assume_unique=False, invert=False, **kwargs):
        return np.isin(np.asarray(ar1).ravel(), ar2, assume_unique=assume_unique, invert=invert, **kwargs)

    return {
        # Python's own types, as NumPy 1.x re-exported them
        "int": (int, "Python's int"),
        "float": (float, "Python's float"),
        "bool": (bool, "Python's bool"),
        "object": (object, "Python's object"),
        "str": (str, "Python's str"),
        "long": (int, "Python's int"),
        "unicode": (str, "Python's str"),
        "complex": (complex, "Python's complex"),
        "asscalar": (lambda a: a.item(), "a.item()"),
        # NumPy 2.0's removals (NEP 52) that tutorials called
        "float_": (np.float64, "np.float64"),
        "complex_": (np.complex128, "np.complex128"),
        "cfloat": (np.complex128, "np.complex128"),
        "longfloat": (np.longdouble, "np.longdouble"),
        "singlecomplex": (np.complex64, "np.complex64"),
        "longcomplex": (np.clongdouble, "np.clongdouble"),
        "clongfloat": (np.clongdouble, "np.clongdouble"),
        "string_": (np.bytes_, "np.bytes_"),
        "unicode_": (np.str_, "np.str_"),
        "bool8": (np.bool_, "np.bool_"),
        "int0": (np.intp, "np.intp"),
        "uint0": (np.uintp, "np.uintp"),
        "Inf": (np.inf, "np.inf"),
        "Infinity": (np.inf, "np.inf"),
        "infty": (np.inf, "np.inf"),
        "PINF": (np.inf, "np.inf"),
        "NINF": (-np.inf, "-np.inf"),
        "NaN": (np.nan, "np.nan"),
        "PZERO": (0.0, "0.0"),
        "NZERO": (-0.0, "-0.0"),
        "product": (np.prod, "np.prod"),
        "cumproduct": (np.cumprod, "np.cumprod"),
        "alltrue": (np.all, "np.all"),
        "sometrue": (np.any, "np.any"),
        "round_": (np.round, "np.round"),
        "asfarray": (asfarray, "np.asarray(a, float)"),
        "in1d": (in1d, "np.isin"),
        "trapz": (getattr(np, "trapezoid", None), "np.trapezoid"),  # NumPy 1.x still has trapz itself
        "msort": (lambda a: np.sort(a, axis=0), "np.sort(a, axis=0)"),
        "mat": (np.asmatrix, "np.asmatrix"),
    }


def numpy_removed_names() -> set[str]:
    """The ``np.<name>`` exec restores (``scan`` reports them as provided)."""
    import numpy as np

    return set(_numpy_aliases(np))


def _install_numpy_aliases():
    import functools

    import numpy as np

    aliases = _numpy_aliases(np)
    original = np.__dict__.get("__getattr__")

    def __getattr__(name):
        if name in aliases:
            value, was = aliases[name]
            notice(f"np.{name} was removed in NumPy 2 (it was {was}); restored for this script only")
            return value
        if original is None:
            raise AttributeError(f"module 'numpy' has no attribute {name!r}")
        return original(name)

    patches.apply("numpy-removed-names", lambda _: __getattr__)

    # np.reshape(a, newshape=...): the keyword NumPy 2.4 removed (it is `shape` now).
    import inspect

    reshape = np.reshape
    try:
        has_newshape = "newshape" in inspect.signature(reshape).parameters
    except (TypeError, ValueError):
        has_newshape = True  # cannot tell: leave NumPy's own alone
    if not has_newshape and "newshape" not in getattr(reshape, "__wrapped_names__", ()):

        @functools.wraps(reshape)
        def reshape_(a, *args, newshape=None, **kwargs):
            if newshape is not None:
                notice(
                    "np.reshape(a, newshape=...): NumPy 2.4 removed the keyword (it is shape=); served for this script"
                )
                return reshape(a, newshape, *args, **kwargs)
            return reshape(a, *args, **kwargs)

        reshape_.__wrapped_names__ = ("newshape",)
        patches.apply("numpy-reshape-newshape", lambda _: reshape_)


def _install_numpy_ragged_arrays():
    """NumPy < 1.24 made an object array of ragged nested sequences (``np.array(list(zip(x, y)))``
    of a sentence's ids and its label, in every batch_iter of the time); NumPy 1.24 raises. For a
    TF1 program such a call gets the object array, with one notice."""
    import functools

    import numpy as np

    def make(real):
        @functools.wraps(real)
        def array(obj, *args, **kwargs):
            try:
                return real(obj, *args, **kwargs)
            except ValueError as exc:
                if "inhomogeneous" not in str(exc) or args or kwargs.get("dtype") is not None:
                    raise
            notice(
                "np.array of sequences of different lengths: NumPy 1.24 refuses it; made an object array, as "
                "the NumPy of TF1's time did (pass dtype=object to say so)"
            )
            return real(obj, *args, dtype=object, **kwargs)

        return array

    if int(np.__version__.split(".")[0]) >= 2 or tuple(int(x) for x in np.__version__.split(".")[:2]) >= (1, 24):
        patches.apply("numpy-ragged-arrays", make)


def _install_numpy_printing():
    """NumPy 2 prints a scalar as ``np.float32(0.5)``; TF1-era NumPy printed ``0.5``. A script
    printing ``[cost, accuracy]`` from ``sess.run`` shows what it showed then."""
    import numpy as np

    if int(np.__version__.split(".")[0]) >= 2:
        np.set_printoptions(legacy="1.25")


# -- devices --------------------------------------------------------------------------------------


def _install_soft_placement(v1):
    """A script pinned to /gpu:0 (or several towers) runs where that device is missing."""
    # BaseSession: tf.Session and tf.InteractiveSession (whose own config never allowed it).
    from tensorflow.python.client.session import BaseSession

    session_init = BaseSession.__init__

    def __init__(self, target="", graph=None, config=None):
        __tracebackhide__ = True
        if config is None:
            config = v1.ConfigProto(allow_soft_placement=True)
        elif not config.allow_soft_placement:  # proto3: "unset" and False are the same
            config = v1.ConfigProto.FromString(config.SerializeToString())  # the script's own object stays as it was
            config.allow_soft_placement = True
        session_init(self, target, graph, config)

    patches.apply("soft-placement", lambda _: __init__)


def _install_device_notice(v1, tf):
    real_device = v1.device

    def device(name):
        if isinstance(name, str) and "gpu" in name.lower() and not tf.config.list_physical_devices("GPU"):
            notice("this machine has no GPU: ops the script pins to a GPU run on the CPU (soft placement)")
        return real_device(name)

    patches.apply("gpu-notice", lambda _: device)


# -- matplotlib -----------------------------------------------------------------------------------


def _install_matplotlib(on_show):
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("MPLBACKEND", "Agg")

    def patch(pyplot):
        real_show = pyplot.show

        def show(*args, **kwargs):
            if pyplot.get_backend().lower() != "agg":
                return real_show(*args, **kwargs)
            if on_show is not None:
                on_show(pyplot)
            else:
                notice("plt.show(): no display here; pass --out DIR to save each figure as a PNG")

        patches.apply("plt-show", lambda _: show)

    if "matplotlib.pyplot" in sys.modules:
        patch(sys.modules["matplotlib.pyplot"])
    else:
        _Hooks()["matplotlib.pyplot"] = ("show", patch)

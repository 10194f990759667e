"""The libraries TF1 code used beside TensorFlow, as they were in 2016-2019, for TF1 programs.

TF1 tutorials and papers' repositories read images with ``scipy.misc.imread``, resized them with
``imresize``, split data with ``sklearn.cross_validation``, indexed DataFrames with ``.ix``,
walked ``collections.Iterable`` and timed with ``time.clock``. Each was removed since (SciPy
1.2/1.3, scikit-learn 0.20, pandas 1.0/2.0, Pillow 10, matplotlib 3.x, Python 3.8-3.12). Here each
removed name comes back as the last release that had it behaved, measured against that release
under Python 3.7 (``tests/tf1_companions/``): ``imresize`` still byte-scales a float image to
0-255 and returns uint8, ``fractions.gcd`` still takes the sign of its second argument.

Every name is a row of the patch table (``tf1/patches.py``, ``when="companion"``), applied by a
TF1 process only, on the first import of its library (nothing is imported here that the program
does not import itself), and only where the installed library lacks the name. Removed *modules*
(``sklearn.cross_validation``, ``scipy.sparse.linalg.eigen.arpack``, ``imp``) are found by a
finder at the end of ``sys.meta_path`` (the settings table's ``companion-modules``), so an
installed module of that name always wins. What cannot be served is refused with the replacement.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types

from . import patches

# -- SciPy's image functions (scipy.misc / scipy.ndimage, removed in SciPy 1.2-1.3); they used Pillow --


def bytescale(data, cmin=None, cmax=None, high=255, low=0):
    """``scipy.misc.bytescale``: uint8 as it is; anything else mapped linearly from
    [cmin, cmax] (its own min and max by default) onto [low, high], rounded half up."""
    import numpy as np

    data = np.asarray(data)
    if data.dtype == np.uint8:
        return data
    if high > 255 or low < 0 or high < low:
        raise ValueError("`high` should be less than or equal to 255 and `low` greater than or equal to 0, "
                         "and `high` greater than or equal to `low`")  # fmt: skip
    cmin = data.min() if cmin is None else cmin
    cmax = data.max() if cmax is None else cmax
    scale = float(high - low) / ((cmax - cmin) or 1)
    scaled = (data - cmin) * scale + low
    return (scaled.clip(low, high) + 0.5).astype(np.uint8)


def toimage(arr, high=255, low=0, cmin=None, cmax=None, pal=None, mode=None, channel_axis=None):
    """``scipy.misc.toimage``: an array as a PIL image; a 2-D array is greyscale ('L', byte-scaled
    unless mode is 'F' or 'I'), an array with 3 or 4 channels RGB or RGBA (byte-scaled)."""
    import numpy as np
    from PIL import Image

    data = np.asarray(arr)
    if np.iscomplexobj(data):
        raise ValueError("Cannot convert a complex-valued array.")
    if data.ndim == 2:
        height, width = data.shape
        if mode == "F":
            return Image.frombytes("F", (width, height), data.astype(np.float32).tobytes())
        if mode == "I":
            return Image.frombytes("I", (width, height), data.astype(np.uint32).tobytes())
        if mode not in (None, "L", "P"):
            raise ValueError("Invalid mode for a 2-D array: use 'L', 'P', 'F' or 'I'")
        image = Image.frombytes("L", (width, height), bytescale(data, cmin, cmax, high, low).tobytes())
        if pal is not None:
            image.putpalette(np.asarray(pal, dtype=np.uint8).tobytes())
            image = image.convert("P") if mode == "P" else image
        return image
    if data.ndim != 3:
        raise ValueError("'arr' does not have a suitable array shape for any mode.")
    if channel_axis is None:
        found = [axis for axis in (2, 1, 0) if data.shape[axis] in (3, 4)]
        if not found:
            raise ValueError("Could not find channel dimension.")
        channel_axis = found[0]
    channels = data.shape[channel_axis]
    if channels not in (3, 4):
        raise ValueError("Channel axis dimension is not valid.")
    data = np.moveaxis(bytescale(data, cmin, cmax, high, low), channel_axis, 2)
    height, width = data.shape[:2]
    mode = mode or ("RGB" if channels == 3 else "RGBA")
    return Image.frombytes(mode, (width, height), np.ascontiguousarray(data).tobytes())


def fromimage(im, flatten=False, mode=None):
    """``scipy.misc.fromimage``: a PIL image as an array (palette images as RGB, or RGBA when
    they have transparency; 1-bit as 'L'; ``flatten``: one float32 channel)."""
    import numpy as np

    if mode is not None:
        if mode != im.mode:
            im = im.convert(mode)
    elif im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    if flatten:
        im = im.convert("F")
    elif im.mode == "1":
        im = im.convert("L")
    return np.array(im)


def imread(name, flatten=False, mode=None):
    """``scipy.misc.imread`` (and ``scipy.ndimage.imread``): the file's pixels as an array."""
    from PIL import Image

    with Image.open(name) as im:
        return fromimage(im, flatten=flatten, mode=mode)


def imsave(name, arr, format=None):  # noqa: A002 - SciPy's own argument name
    """``scipy.misc.imsave``: byte-scaled as ``toimage`` does (a float image in [0, 1] is
    stretched to its own min and max)."""
    image = toimage(arr, channel_axis=2)
    image.save(name) if format is None else image.save(name, format)


_RESAMPLE = {"nearest": 0, "lanczos": 1, "bilinear": 2, "bicubic": 3, "cubic": 3}


def imresize(arr, size, interp="bilinear", mode=None):
    """``scipy.misc.imresize``: always uint8 (a float image is byte-scaled first); ``size`` an int
    (percent), a float (fraction) or (rows, columns)."""
    import numpy as np

    image = toimage(arr, mode=mode)
    if isinstance(size, (int, np.integer)) and not isinstance(size, bool):
        size = tuple((np.array(image.size) * (size / 100.0)).astype(int))
    elif isinstance(size, (float, np.floating)):
        size = tuple((np.array(image.size) * size).astype(int))
    else:
        size = (size[1], size[0])
    return fromimage(image.resize(size, resample=_RESAMPLE[interp]))


def _special(name):
    def make(_):
        import scipy.special

        return getattr(scipy.special, name)

    return make


# -- pandas (.ix: removed in 1.0; .as_matrix: 1.0; .sort: 0.20; .append: 2.0) -----------------------


class _IXIndexer:
    """``.ix``: a label where the axis holds it (or the axis is of integers), else a position."""

    def __init__(self, obj):
        self.obj = obj

    @staticmethod
    def _positional(axis, key) -> bool:
        import pandas as pd

        if pd.api.types.is_integer_dtype(axis.dtype):
            return False  # an integer index: integers are labels (as .ix did)
        if isinstance(key, slice):
            return all(k is None or isinstance(k, int) for k in (key.start, key.stop, key.step))
        if isinstance(key, (int,)) and not isinstance(key, bool):
            return key not in axis
        if isinstance(key, list) and key and all(isinstance(k, int) and not isinstance(k, bool) for k in key):
            return not all(k in axis for k in key)
        return False

    def _split(self, key):
        keys = key if isinstance(key, tuple) else (key,)
        axes = [self.obj.index] if self.obj.ndim == 1 else [self.obj.index, self.obj.columns]
        return keys, [self._positional(axes[i], k) for i, k in enumerate(keys)]

    def __getitem__(self, key):
        keys, positional = self._split(key)
        if all(positional):
            return self.obj.iloc[key]
        if not any(positional):
            return self.obj.loc[key]
        # one axis by position, the other by label: turn the positions into labels
        labels = tuple(
            (self.obj.index if i == 0 else self.obj.columns)[k] if pos else k
            for i, (k, pos) in enumerate(zip(keys, positional, strict=False))
        )
        return self.obj.loc[labels]

    def __setitem__(self, key, value):
        keys, positional = self._split(key)
        if all(positional):
            self.obj.iloc[key] = value
        elif not any(positional):
            self.obj.loc[key] = value
        else:
            labels = tuple(
                (self.obj.index if i == 0 else self.obj.columns)[k] if pos else k
                for i, (k, pos) in enumerate(zip(keys, positional, strict=False))
            )
            self.obj.loc[labels] = value


def _ix(_):
    return property(lambda self: _IXIndexer(self), doc="pandas < 1.0's .ix (tf1-lessons)")


def _as_matrix(_):
    def as_matrix(self, columns=None):
        """pandas < 1.0's ``as_matrix``: ``.values``, of the given columns."""
        return (self if columns is None else self[list(columns)]).values

    return as_matrix


def _frame_sort(_):
    def sort(self, columns=None, axis=0, ascending=True, inplace=False, kind="quicksort", na_position="last", **kw):
        """pandas < 0.20's ``DataFrame.sort(columns=...)``: ``sort_values`` by the columns, or
        ``sort_index`` when none are named."""
        if columns is None:
            return self.sort_index(axis=axis, ascending=ascending, inplace=inplace, kind=kind, na_position=na_position)
        return self.sort_values(columns, axis=axis, ascending=ascending, inplace=inplace, kind=kind,
                                na_position=na_position)  # fmt: skip

    return sort


def _append(_):
    def append(self, other, ignore_index=False, verify_integrity=False, sort=False):
        """pandas < 2.0's ``append``: ``pd.concat`` of the two (a dict or list of dicts is a row)."""
        import pandas as pd

        if isinstance(other, dict) or (isinstance(other, list) and other and isinstance(other[0], dict)):
            other = pd.DataFrame(other if isinstance(other, list) else [other])
            if not ignore_index and isinstance(self, pd.DataFrame) and len(other) == 1:
                raise TypeError("Can only append a dict if ignore_index=True")
        items = [self, *other] if isinstance(other, (list, tuple)) else [self, other]
        return pd.concat(items, ignore_index=ignore_index, verify_integrity=verify_integrity, sort=sort)

    return append


# -- matplotlib (hist(normed=): removed in 3.1; hold: removed in 3.0) ------------------------------


def _hist(original):
    def hist(self, x, *args, normed=None, **kwargs):
        if normed is not None and not kwargs.get("density"):  # pyplot.hist passes density=False itself
            kwargs["density"] = normed
        return original(self, x, *args, **kwargs)

    hist.__wrapped__ = original
    return hist


def _hold(_):
    def hold(*args, **kwargs):
        """matplotlib < 3.0's ``hold``: plots already added to the axes (as ``hold(True)`` did)."""

    return hold


# -- Pillow (ANTIALIAS, LINEAR, CUBIC: removed in 10; textsize / getsize: removed in 10) ------------


def _textsize(_):
    def textsize(self, text, font=None, spacing=4, direction=None, features=None, language=None, stroke_width=0):
        """Pillow < 10's ``ImageDraw.textsize``: the text's box from the origin, (width, height)."""
        box = self.multiline_textbbox((0, 0), text, font, spacing=spacing, stroke_width=stroke_width) if "\n" in text \
            else self.textbbox((0, 0), text, font, direction=direction, features=features, language=language,
                               stroke_width=stroke_width)  # fmt: skip
        return box[2], box[3]

    return textsize


def _getsize(_):
    def getsize(self, text, *args, **kwargs):
        """Pillow < 10's ``FreeTypeFont.getsize``: (width, height) of the text's box from the origin."""
        box = self.getbbox(text, *args, **kwargs)
        return box[2], box[3]

    return getsize


# -- the standard library (Python 3.8-3.12 removals) ----------------------------------------------


def _gcd(_):
    import math

    def gcd(a, b):
        """Python < 3.9's ``fractions.gcd``: the sign follows ``b`` (``a`` when ``b`` is 0);
        any numbers, not only integers."""
        if type(a) is int is type(b):
            return -math.gcd(a, b) if (b or a) < 0 else math.gcd(a, b)
        while b:
            a, b = b, a % b
        return a

    return gcd


def _getargspec(_):
    import inspect
    from collections import namedtuple

    ArgSpec = namedtuple("ArgSpec", "args varargs keywords defaults")

    def getargspec(func):
        """Python < 3.11's ``inspect.getargspec``: (args, varargs, keywords, defaults)."""
        spec = inspect.getfullargspec(func)
        if spec.kwonlyargs or spec.annotations:
            raise ValueError("Function has keyword-only parameters or annotations, use getfullargspec() API "
                             "which can support them")  # fmt: skip
        return ArgSpec(spec.args, spec.varargs, spec.varkw, spec.defaults)

    return getargspec


def _process_time(_):
    import time

    return time.process_time  # time.clock() on Linux and macOS was the process's CPU time


def _abc(name):
    def make(_):
        import collections.abc

        return getattr(collections.abc, name)

    return make


ABC_NAMES = ("Awaitable", "Coroutine", "AsyncIterable", "AsyncIterator", "AsyncGenerator", "Hashable", "Iterable",
             "Iterator", "Generator", "Reversible", "Sized", "Container", "Callable", "Collection", "Set", "MutableSet",
             "Mapping", "MutableMapping", "MappingView", "KeysView", "ItemsView", "ValuesView", "Sequence",
             "MutableSequence", "ByteString")  # fmt: skip


def _value(value):
    """make(original) -> ``value`` (a function or constant written here)."""
    return lambda _: value


#: patch name -> (the module whose first import applies it, make(original) -> replacement)
MAKERS = {
    **{f"scipy-misc-{f.__name__}": ("scipy.misc", _value(f))
       for f in (imread, imsave, imresize, toimage, fromimage, bytescale)},
    **{f"scipy-misc-{name}": ("scipy.misc", _special(name)) for name in ("logsumexp", "comb", "factorial")},
    "scipy-ndimage-imread": ("scipy.ndimage", _value(imread)),
    "scipy-eigen-package": ("scipy.sparse.linalg.eigen", lambda _: []),
    **{f"pil-{name.lower()}": ("PIL.Image", _value(value))
       for name, value in (("ANTIALIAS", 1), ("LINEAR", 2), ("CUBIC", 3))},
    "pil-textsize": ("PIL.ImageDraw", _textsize),
    "pil-getsize": ("PIL.ImageFont", _getsize),
    "pandas-dataframe-ix": ("pandas", _ix),
    "pandas-series-ix": ("pandas", _ix),
    "pandas-dataframe-as-matrix": ("pandas", _as_matrix),
    "pandas-series-as-matrix": ("pandas", _as_matrix),
    "pandas-dataframe-sort": ("pandas", _frame_sort),
    "pandas-dataframe-append": ("pandas", _append),
    "pandas-series-append": ("pandas", _append),
    "mpl-hist-normed": ("matplotlib.axes", _hist),
    "mpl-pyplot-hold": ("matplotlib.pyplot", _hold),
    "mpl-axes-hold": ("matplotlib.axes", lambda _: lambda self, *args, **kwargs: None),
    "fractions-gcd": ("fractions", _gcd),
    "inspect-getargspec": ("inspect", _getargspec),
    "time-clock": ("time", _process_time),
    **{f"collections-{name.lower()}": ("collections", _abc(name)) for name in ABC_NAMES},
}  # fmt: skip


# -- removed modules ----------------------------------------------------------------------------------


def _old_folds(y, n_folds, shuffle, random_state):
    """scikit-learn 0.19's stratified test folds: each class's samples, in their order (shuffled
    per class, one generator for all, when asked), cut into ``n_folds`` runs as KFold cuts; a
    sample's fold is its run's number."""
    import numpy as np

    y = np.asarray(y)
    classes, y_idx = np.unique(y, return_inverse=True)
    rng = np.random.RandomState(random_state) if not isinstance(random_state, np.random.RandomState) else random_state
    folds = np.zeros(len(y), dtype=int)
    for c in range(len(classes)):
        members = np.flatnonzero(y_idx == c)
        slots = np.arange(max(len(members), n_folds))
        if shuffle:
            rng.shuffle(slots)
        sizes = np.full(n_folds, len(slots) // n_folds)
        sizes[: len(slots) % n_folds] += 1
        start = 0
        for fold, size in enumerate(sizes):
            run = slots[start : start + size]
            folds[members[run[run < len(members)]]] = fold
            start += size
    return folds


def _cross_validation():
    """scikit-learn < 0.20's ``sklearn.cross_validation``: the splitters keep their old signatures
    (the data's size or labels first, ``n_folds`` / ``n_iter``) and are iterables of (train, test)
    index arrays; ``cv=None`` or an int means 0.19's folds (3 by default, stratified for a
    classifier as 0.19 cut them); ``train_test_split`` is model_selection's (unchanged)."""
    import numpy as np
    from sklearn import model_selection as ms

    module = types.ModuleType("sklearn.cross_validation")

    class _Old:
        def __iter__(self):
            yield from self._splitter.split(*self._data)

        def __len__(self):
            return self._splitter.get_n_splits(*self._data)

    class KFold(_Old):
        def __init__(self, n, n_folds=3, shuffle=False, random_state=None):
            self.n, self.n_folds = n, n_folds
            self._splitter = ms.KFold(n_folds, shuffle=shuffle, random_state=random_state if shuffle else None)
            self._data = (np.zeros(n),)

    class StratifiedKFold:
        def __init__(self, y, n_folds=3, shuffle=False, random_state=None):
            self.y, self.n_folds = np.asarray(y), n_folds
            self._folds = _old_folds(self.y, n_folds, shuffle, random_state)

        def __iter__(self):
            for fold in range(self.n_folds):
                yield np.flatnonzero(self._folds != fold), np.flatnonzero(self._folds == fold)

        def __len__(self):
            return self.n_folds

    class ShuffleSplit(_Old):
        def __init__(self, n, n_iter=10, test_size=0.1, train_size=None, random_state=None):
            self.n = n
            self._splitter = ms.ShuffleSplit(n_iter, test_size=test_size, train_size=train_size,
                                             random_state=random_state)  # fmt: skip
            self._data = (np.zeros(n),)

    class StratifiedShuffleSplit(_Old):
        def __init__(self, y, n_iter=10, test_size=0.1, train_size=None, random_state=None):
            self.y = np.asarray(y)
            self._splitter = ms.StratifiedShuffleSplit(n_iter, test_size=test_size, train_size=train_size,
                                                       random_state=random_state)  # fmt: skip
            self._data = (np.zeros(len(self.y)), self.y)

    class LeaveOneOut(_Old):
        def __init__(self, n):
            self.n, self._splitter, self._data = n, ms.LeaveOneOut(), (np.zeros(n),)

    def check_cv(cv, X=None, y=None, classifier=False):
        """0.19's: an int (3 for None) is stratified folds for a classifier with class labels, else KFold."""
        from sklearn.utils.multiclass import type_of_target

        if cv is None or isinstance(cv, (int, np.integer)):
            n_folds = 3 if cv is None else int(cv)
            if classifier and y is not None and type_of_target(y) in ("binary", "multiclass"):
                return list(StratifiedKFold(y, n_folds))
            return list(KFold(len(X) if X is not None else len(y), n_folds))
        return cv

    def with_old_cv(function):
        def call(estimator, X, y=None, *args, cv=None, **kwargs):
            from sklearn.base import is_classifier

            return function(estimator, X, y, *args, cv=check_cv(cv, X, y, is_classifier(estimator)), **kwargs)

        call.__name__, call.__doc__ = function.__name__, function.__doc__
        return call

    for cls in (KFold, StratifiedKFold, ShuffleSplit, StratifiedShuffleSplit, LeaveOneOut):
        cls.__module__ = module.__name__
        setattr(module, cls.__name__, cls)
    module.train_test_split = ms.train_test_split
    module.check_cv = check_cv
    for name in ("cross_val_score", "cross_val_predict", "permutation_test_score"):
        setattr(module, name, with_old_cv(getattr(ms, name)))
    return module


def _search(cls, check_cv):
    """A model_selection search whose int ``cv`` (3 for None) is 0.19's folds."""

    class Search(cls):
        def fit(self, X, y=None, **kwargs):
            from sklearn.base import is_classifier

            self.cv = check_cv(self.cv, X, y, is_classifier(self.estimator))
            return super().fit(X, y, **kwargs)

    Search.__name__ = Search.__qualname__ = cls.__name__
    Search.__module__ = "sklearn.grid_search"
    return Search


def _grid_search():
    """scikit-learn < 0.20's ``sklearn.grid_search``: model_selection's searches and grids."""
    from sklearn import model_selection as ms

    module = types.ModuleType("sklearn.grid_search")
    check_cv = importlib.import_module("sklearn.cross_validation").check_cv
    for name in ("GridSearchCV", "RandomizedSearchCV"):
        setattr(module, name, _search(getattr(ms, name), check_cv))
    for name in ("ParameterGrid", "ParameterSampler"):
        setattr(module, name, getattr(ms, name))
    return module


def _joblib():
    import joblib

    return joblib  # sklearn.externals.joblib was a vendored copy of joblib itself


def _arpack():
    """SciPy < 1.8's ``scipy.sparse.linalg.eigen.arpack`` path: ARPACK's solvers, where they live now."""
    import scipy.sparse.linalg as linalg

    module = types.ModuleType("scipy.sparse.linalg.eigen.arpack")
    for name in ("eigs", "eigsh", "svds", "ArpackError", "ArpackNoConvergence"):
        setattr(module, name, getattr(linalg, name))
    module.arpack = module
    return module


def _imp():
    """Python < 3.12's ``imp``, as far as TF1 code used it: ``reload``, ``load_source``, ``new_module``."""
    import importlib

    module = types.ModuleType("imp")

    def load_source(name, pathname, file=None):
        spec = importlib.util.spec_from_file_location(name, pathname)
        loaded = importlib.util.module_from_spec(spec)
        sys.modules[name] = loaded
        spec.loader.exec_module(loaded)
        return loaded

    module.reload = importlib.reload
    module.load_source = load_source
    module.new_module = types.ModuleType
    return module


#: module name -> (the library it needs, make() -> the module)
MODULES = {
    "sklearn.cross_validation": ("sklearn", _cross_validation),
    "sklearn.grid_search": ("sklearn", _grid_search),
    "sklearn.externals.joblib": ("joblib", _joblib),
    "scipy.sparse.linalg.eigen.arpack": ("scipy", _arpack),
    "scipy.sparse.linalg.eigen.arpack.arpack": ("scipy", _arpack),
    "imp": (None, _imp),
}


class _Loader(importlib.abc.Loader):
    def __init__(self, make):
        self._make = make

    def create_module(self, spec):
        return self._make()

    def exec_module(self, module):
        pass


class CompanionFinder(importlib.abc.MetaPathFinder):
    """Finds the removed modules of :data:`MODULES`; last on ``sys.meta_path``, so it is asked
    only when no installed module of that name exists."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in MODULES:
            return None
        needs, make = MODULES[fullname]
        if needs and importlib.util.find_spec(needs) is None:
            return None  # the library itself is missing: Python's own ModuleNotFoundError
        return importlib.machinery.ModuleSpec(fullname, _Loader(make))


def install(after_import) -> None:
    """Serve the companions' removed names to this TF1 process: each on the first import of its
    library (``after_import``: the runtime's module name -> (attribute it has once imported,
    callback) hooks), and only where the installed library lacks it."""
    if not any(isinstance(f, CompanionFinder) for f in sys.meta_path):
        sys.meta_path.append(CompanionFinder())
    by_module: dict[str, list[str]] = {}
    for name, (module, _) in MAKERS.items():
        by_module.setdefault(module, []).append(name)

    def applier(names):
        def apply(_module):
            for name in names:
                patch = patches.BY_NAME[name]
                owner, attribute = patches.resolve(patch.target)
                if patch.adds and hasattr(owner, attribute):
                    continue  # this release still has it: its own
                patches.apply(name, MAKERS[name][1])

        return apply

    for module, names in by_module.items():
        ready = _READY.get(module, "__name__")
        if module in sys.modules:
            applier(names)(sys.modules[module])
        else:
            after_import[module] = (ready, applier(names))


# The attribute a module has once its own import finished (the runtime's after-import hooks wait for it).
_READY = {"pandas": "DataFrame", "PIL.Image": "Image", "PIL.ImageDraw": "ImageDraw", "PIL.ImageFont": "FreeTypeFont",
          "matplotlib.axes": "Axes", "matplotlib.pyplot": "show", "scipy.misc": "__name__",
          "scipy.ndimage": "zoom", "scipy.sparse.linalg.eigen": "eigsh"}  # fmt: skip

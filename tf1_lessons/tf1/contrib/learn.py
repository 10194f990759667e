"""``tf.contrib.learn``: of this removed package, what public TF1 code used beside its estimators:
``ModeKeys``; the MNIST loader the official Estimator tutorials (``cnn_mnist.py``) called as
``tf.contrib.learn.datasets.load_dataset("mnist")`` (``input_data.read_data_sets("MNIST-data")``, as
TF 1.15's was); the CSV readers of the iris tutorial (``datasets.base.load_csv_with_header``),
``load_iris`` (scikit-learn's copy, as TF 1.15 shipped it) and ``load_boston`` of a given file; and
``preprocessing``'s ``VocabularyProcessor`` (learn_preprocessing.py). Its estimators, ``Experiment``
and the rest stop the script with exit status 3, naming their tf.estimator replacement
(``tf1/table.py``)."""

from __future__ import annotations

import collections
import contextlib
import csv

import numpy as np

from .. import examples
from ..runtime import refuse
from . import learn_preprocessing

learn_preprocessing.register()  # TF 1.15's module paths, for the vocabularies' pickles


class preprocessing:  # noqa: N801 - the module path TF1 scripts use
    VocabularyProcessor = learn_preprocessing.VocabularyProcessor
    CategoricalVocabulary = learn_preprocessing.CategoricalVocabulary
    tokenizer = staticmethod(learn_preprocessing.tokenizer)
    TOKENIZER_RE = learn_preprocessing.TOKENIZER_RE


Dataset = collections.namedtuple("Dataset", ["data", "target"])
Datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])


def load_csv_with_header(filename, target_dtype, features_dtype, target_column=-1):
    """TF 1.15's reader of the iris tutorial's CSVs: a header row of (number of rows, number of
    features, ...), then one row per example, the target in ``target_column``."""
    with contextlib.nullcontext(filename) if hasattr(filename, "read") else open(filename) as f:
        rows = csv.reader(f)
        header = next(rows)
        n_samples, n_features = int(header[0]), int(header[1])
        data = np.zeros((n_samples, n_features), dtype=features_dtype)
        target = np.zeros((n_samples,), dtype=target_dtype)
        for i, row in enumerate(rows):
            target[i] = np.asarray(row.pop(target_column), dtype=target_dtype)
            data[i] = np.asarray(row, dtype=features_dtype)
    return Dataset(data=data, target=target)


def load_csv_without_header(filename, target_dtype, features_dtype, target_column=-1):
    """The same without a header row: every row is an example."""
    with open(filename) as f:
        data = [row for row in csv.reader(f)]
    target = np.array([row.pop(target_column) for row in data], dtype=target_dtype)
    return Dataset(data=np.array(data, dtype=features_dtype), target=target)


# TF 1.15 shipped scikit-learn's iris.csv of its day: two samples as the UCI file had them
# before their 2019 correction (scikit-learn 0.20 took it). Rows (0-based) and TF 1.15's values.
_TF115_IRIS_ROWS = {34: [4.9, 3.1, 1.5, 0.1], 37: [4.9, 3.1, 1.5, 0.1]}


def load_iris(data_path=None):
    """TF 1.15's ``load_iris``: 150 rows, float64 features, int64 classes. Without ``data_path``,
    scikit-learn's copy of the same CSV, with TF 1.15's two samples (above) put back."""
    if data_path is not None:
        return load_csv_with_header(data_path, target_dtype=np.int64, features_dtype=np.float64)
    try:
        from importlib.resources import files

        bundled = files("sklearn.datasets.data") / "iris.csv"
    except ModuleNotFoundError:
        raise refuse(
            "contrib.learn.datasets.load_iris()",
            "TF 1.15 read the iris CSV it shipped; tf1-lessons reads scikit-learn's copy, and scikit-learn is "
            "not installed",
            "`pip install scikit-learn`, or load_iris(data_path=...) naming an iris CSV with its header row",
        ) from None
    with bundled.open("rb") as f, _text(f) as text:
        iris = load_csv_with_header(text, target_dtype=np.int64, features_dtype=np.float64)
    for row, values in _TF115_IRIS_ROWS.items():
        iris.data[row] = values
    return iris


def load_boston(data_path=None):
    """TF 1.15's ``load_boston`` of a CSV you have (506 rows, 13 features, float64 prices); TF
    1.15's own copy came from scikit-learn, which removed the data set in 1.2."""
    if data_path is None:
        raise refuse(
            "contrib.learn.datasets.load_boston()",
            "TF 1.15 read the Boston housing CSV it shipped; no current library ships it (scikit-learn removed the "
            "data set in 1.2, over its ethical problems)",
            "load_boston(data_path=...) naming a copy of boston_house_prices.csv, or another regression data set",
        )
    return load_csv_with_header(data_path, target_dtype=np.float64, features_dtype=np.float64)


def _text(binary):
    import io

    return io.TextIOWrapper(binary, encoding="utf-8", newline="")


def load_mnist(train_dir="MNIST-data"):
    return examples.read_data_sets(train_dir)


def load_dataset(name, size="small", test_with_fake_data=False):
    """TF 1.15's ``load_dataset`` of MNIST, iris and Boston (see there); not DBpedia."""
    loaders = {"mnist": load_mnist, "iris": load_iris, "boston": load_boston}
    if name not in loaders:
        raise refuse(
            f"contrib.learn.datasets.load_dataset({name!r})",
            "tf1-lessons provides contrib.learn.datasets.load_dataset for 'mnist', 'iris' and 'boston'",
            "tf.keras.datasets, or the data set's own download, for the others",
        )
    return loaders[name]()


class ModeKeys:
    """contrib.learn's mode names (``tf.estimator.ModeKeys`` calls prediction ``'infer'`` ``PREDICT``)."""

    TRAIN = "train"
    EVAL = "eval"
    INFER = "infer"


class datasets:  # noqa: N801 - the module path TF1 scripts use
    load_dataset = staticmethod(load_dataset)
    load_iris = staticmethod(load_iris)
    load_boston = staticmethod(load_boston)

    class base:  # noqa: N801
        Dataset, Datasets = Dataset, Datasets
        load_iris = staticmethod(load_iris)
        load_boston = staticmethod(load_boston)
        load_csv_with_header = staticmethod(load_csv_with_header)
        load_csv_without_header = staticmethod(load_csv_without_header)

    class mnist:  # noqa: N801
        read_data_sets = staticmethod(examples.read_data_sets)
        load_mnist = staticmethod(load_mnist)

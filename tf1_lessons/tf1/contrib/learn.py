"""``tf.contrib.learn``: of this removed package, what public TF1 code used beside its estimators:
``ModeKeys``; the MNIST loader the official Estimator tutorials (``cnn_mnist.py``) called as
``tf.contrib.learn.datasets.load_dataset("mnist")`` (``input_data.read_data_sets("MNIST-data")``, as
TF 1.15's was); the CSV readers of the iris tutorial (``datasets.base.load_csv_with_header``); and
``preprocessing``'s ``VocabularyProcessor`` (learn_preprocessing.py). Its estimators, ``Experiment``
and the rest stop the script with exit status 3, naming their tf.estimator replacement
(``tf1/table.py``)."""

from __future__ import annotations

import collections
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
    with open(filename) as f:
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


def load_mnist(train_dir="MNIST-data"):
    return examples.read_data_sets(train_dir)


def load_dataset(name, size="small", test_with_fake_data=False):
    """TF 1.15's ``load_dataset``: MNIST only here (its iris and boston CSVs shipped inside TF)."""
    if name != "mnist":
        raise refuse(
            f"contrib.learn.datasets.load_dataset({name!r})",
            "tf1-lessons provides contrib.learn.datasets.load_dataset('mnist') only",
            "scikit-learn's load_iris() / fetch_openml() for the small datasets",
        )
    return load_mnist()


class ModeKeys:
    """contrib.learn's mode names (``tf.estimator.ModeKeys`` calls prediction ``'infer'`` ``PREDICT``)."""

    TRAIN = "train"
    EVAL = "eval"
    INFER = "infer"


class datasets:  # noqa: N801 - the module path TF1 scripts use
    load_dataset = staticmethod(load_dataset)

    class base:  # noqa: N801
        Dataset, Datasets = Dataset, Datasets
        load_csv_with_header = staticmethod(load_csv_with_header)
        load_csv_without_header = staticmethod(load_csv_without_header)

    class mnist:  # noqa: N801
        read_data_sets = staticmethod(examples.read_data_sets)
        load_mnist = staticmethod(load_mnist)

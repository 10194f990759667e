"""``tf.contrib.learn``: of this removed package, its ``ModeKeys`` and its MNIST loader, which the official
Estimator tutorials (``cnn_mnist.py``) called as ``tf.contrib.learn.datasets.load_dataset("mnist")``.
It is ``input_data.read_data_sets("MNIST-data")``, as TF 1.15's was; everything else in
``contrib.learn`` stops the script with exit status 3 (``tf1/table.py``)."""

from __future__ import annotations

from .. import examples
from ..runtime import refuse


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

    class mnist:  # noqa: N801
        read_data_sets = staticmethod(examples.read_data_sets)
        load_mnist = staticmethod(load_mnist)

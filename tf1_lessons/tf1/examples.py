"""``tensorflow.examples.tutorials.mnist.input_data``, as TF1 scripts imported it.

Data comes from tf1-lessons' lookup (the folder the script names, then ``TF1_LESSONS_DATA``,
the user cache, a verified download), so a script's ``"MNIST_data/"`` works without files in
it. What TF1 did is kept: the "Extracting ..." lines, the 5,000-image validation split, and the
batch order. TF1's ``DataSet`` reseeded numpy's *global* generator when it was built (with the
graph-level seed, or the ``seed`` argument) and shuffled with it, so a script's batches follow
``tf.set_random_seed`` / ``np.random.seed`` and any numpy draws the script makes in between,
exactly as they did on TF1. (The lessons use :mod:`tf1_lessons.datasets.mnist`, which keeps a
generator per DataSet instead.)
"""

from __future__ import annotations

import os

import numpy as np

from ..compat import tf
from ..datasets import mnist as _mnist
from ..datasets.mnist import Datasets, dense_to_one_hot
from . import start

__all__ = ["DataSet", "Datasets", "dense_to_one_hot", "read_data_sets"]


class DataSet(_mnist.DataSet):
    """TF1's ``DataSet``: same ``next_batch``, drawing from numpy's global generator."""

    def __init__(self, images, labels, fake_data=False, one_hot=False, dtype=tf.float32, reshape=True, seed=None):
        if fake_data:
            raise NotImplementedError("tf1-lessons' input_data has no fake_data mode: it always serves real MNIST")
        # TF1: numpy's global generator reseeded with get_seed(seed): the graph seed, or the
        # seed argument. TF 1.15's rule (rules.py) reads the op count and advances nothing.
        from tensorflow.python.framework import random_seed

        from . import rules

        get_seed = random_seed.get_seed if rules.installed() else rules.tf1_get_seed  # the same rule, traced if asked
        graph_seed, op_seed = get_seed(seed)
        np.random.seed(graph_seed if seed is None else op_seed)
        super().__init__(images, labels, dtype=dtype, reshape=reshape)
        self._rng = np.random  # numpy's global generator, as TF1 shuffled with numpy.random.shuffle
        self._split = None  # "train" for read_data_sets' training split (exec --save-start keeps its batches)

    def _next_indices(self, batch_size, shuffle):
        idx = super()._next_indices(batch_size, shuffle)
        if self._split == "train":
            start.batch_drawn(idx)
        return idx


def read_data_sets(
    train_dir="MNIST_data",
    fake_data=False,
    one_hot=False,
    dtype=tf.float32,
    reshape=True,
    validation_size=5000,
    seed=None,
    source_url=None,
):
    """``Datasets(train, validation, test)`` with TF1's split, scaling and batch order."""
    from ..datasets._files import MNIST, locate

    folder = locate(MNIST, train_dir)
    (train_images, train_labels), (test_images, test_labels) = _mnist.load_data(folder)
    # TF1's lines, as TF1 printed them (the script's own output, compared with TF 1.15's); where
    # the files really came from, when not from the script's folder, is said on stderr.
    for split in (
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
    ):
        print("Extracting", os.path.join(str(train_dir), split))
    if os.path.realpath(folder) != os.path.realpath(str(train_dir)):
        from .runtime import notice

        notice(f"input_data: {train_dir} holds no MNIST files; read them from {folder}")
    if not 0 <= validation_size <= len(train_images):
        raise ValueError(f"Validation size should be between 0 and {len(train_images)}. Received: {validation_size}.")
    if one_hot:
        train_labels, test_labels = dense_to_one_hot(train_labels), dense_to_one_hot(test_labels)
    options = dict(dtype=dtype, reshape=reshape, seed=seed)
    from . import budgets

    end = None
    if budgets.train_size is not None:  # exec --train-size N: the first N of TF1's training split
        end = validation_size + budgets.train_size
        budgets.train_size_used = True
    train = DataSet(train_images[validation_size:end], train_labels[validation_size:end], **options)
    train._split = "train"
    validation = DataSet(train_images[:validation_size], train_labels[:validation_size], **options)
    test = DataSet(test_images, test_labels, **options)
    return Datasets(train=train, validation=validation, test=test)

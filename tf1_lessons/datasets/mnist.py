"""MNIST's files, TF1's split (``read_data_sets``) and its ``DataSet``.

TF1 programs get ``input_data`` from the runtime (``tf1/examples.py``), which builds on this
module: its ``DataSet`` draws from NumPy's global generator, as TF1's did. Here, for code of
tf1-lessons' own (a twin's data, the tests)::

    from tf1_lessons.datasets import mnist
    sets = mnist.read_data_sets(None, one_hot=True)   # sets.train.images, sets.test.labels...
    (x_train, y_train), (x_test, y_test) = mnist.load_data()   # uint8, like keras.datasets

Behaviour kept from TF1: the first 5,000 training images become ``validation``; pixels are
float32 in [0, 1] (``x * (1/255)`` in float32, as TF1 computed it); ``next_batch`` shuffles at
its first call and at every epoch end, and a batch that crosses an epoch end is the rest of the
old epoch followed by the start of the new one. With the same ``seed`` the batches are the
ones TF1 gave after ``numpy.random.seed(seed)``.

Deliberate differences here (TF1's input_data puts the first back): each DataSet draws from its
own ``numpy.random.RandomState`` instead of reseeding numpy's global generator; shuffling keeps
an index permutation and gathers each batch from it (TF1 copied the whole set at every epoch),
so ``images``/``labels`` stay in file order; where data is found is described in
:mod:`tf1_lessons.datasets._files`.
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np

from ._files import MNIST, DataError, DataSpec, locate, read_payload, verify_payload
from .idx import parse_idx

Datasets = namedtuple("Datasets", ["train", "validation", "test"])

_SPLITS = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}


def _as_numpy_dtype(dtype) -> np.dtype:
    # Accept tf.float32 / tf.uint8 as TF1 code passes them, without importing TensorFlow.
    dtype = getattr(dtype, "as_numpy_dtype", dtype)
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.uint8):
        raise TypeError(f"dtype must be float32 or uint8, got {dtype}")
    return dtype


def dense_to_one_hot(labels: np.ndarray, num_classes: int = 10) -> np.ndarray:
    """Class indices -> one-hot rows (float64, as TF1 returned them)."""
    one_hot = np.zeros((labels.shape[0], num_classes))
    one_hot[np.arange(labels.shape[0]), labels] = 1
    return one_hot


class DataSet:
    """Images and labels of one split, with TF1's ``next_batch``."""

    def __init__(self, images, labels, dtype=np.float32, reshape: bool = True, seed: int | None = None):
        dtype = _as_numpy_dtype(dtype)
        if images.shape[0] != labels.shape[0]:
            raise ValueError(f"images.shape: {images.shape} labels.shape: {labels.shape} (counts differ)")
        if reshape:  # (n, rows, cols[, 1]) -> (n, rows*cols): the 784-vectors of the tutorials
            images = images.reshape(images.shape[0], int(np.prod(images.shape[1:])))
        elif images.ndim == 3:  # TF1 kept a channel axis when not flattening
            images = images[..., np.newaxis]
        if dtype == np.float32 and images.dtype == np.uint8:
            # float32 times float32(1/255) is exactly TF1's `numpy.multiply(images, 1.0 / 255.0)`.
            images = np.multiply(images, np.float32(1.0 / 255.0), dtype=np.float32)
        self._images = images
        self._labels = labels
        self._num_examples = images.shape[0]
        self._epochs_completed = 0
        self._index_in_epoch = 0
        self._order = np.arange(self._num_examples)
        self._rng = np.random.RandomState(seed)

    images = property(lambda self: self._images)
    labels = property(lambda self: self._labels)
    num_examples = property(lambda self: self._num_examples)
    epochs_completed = property(lambda self: self._epochs_completed)

    def __repr__(self):
        return f"DataSet(num_examples={self._num_examples}, images={self._images.shape}, labels={self._labels.shape})"

    def _shuffle(self):
        perm = np.arange(self._num_examples)
        self._rng.shuffle(perm)
        # TF1 permuted the already-shuffled copy, so successive permutations compose.
        self._order = self._order[perm]

    def next_batch(self, batch_size: int, shuffle: bool = True):
        """The next ``batch_size`` examples, exactly in TF1's order."""
        idx = self._next_indices(batch_size, shuffle)
        # Fancy indexing copies just this batch, never the whole set.
        return self._images[idx], self._labels[idx]

    def _next_indices(self, batch_size: int, shuffle: bool):
        """Which examples the next batch holds (TF1's order)."""
        if not 0 < batch_size <= self._num_examples:
            raise ValueError(f"batch_size must be in 1..{self._num_examples}, got {batch_size}")
        start = self._index_in_epoch
        if self._epochs_completed == 0 and start == 0 and shuffle:
            self._shuffle()
        if start + batch_size > self._num_examples:
            # The batch crosses the end of the epoch: the rest of this epoch, then the start of
            # the next (reshuffled) one.
            self._epochs_completed += 1
            rest = self._order[start:]
            if shuffle:
                self._shuffle()
            self._index_in_epoch = batch_size - rest.shape[0]
            idx = np.concatenate((rest, self._order[: self._index_in_epoch]))
        else:
            self._index_in_epoch += batch_size
            idx = self._order[start : self._index_in_epoch]
        return idx


def _load_split(folder, spec: DataSpec, split: str, verify: bool):
    arrays = []
    for fname, ndim in zip(_SPLITS[split], (3, 1), strict=False):
        path = folder / fname
        payload = read_payload(path)
        arrays.append(parse_idx(path, payload, ndim))
        if verify:
            verify_payload(path, payload, spec.files[fname])
    images, labels = arrays
    if images.shape[0] != labels.shape[0]:
        raise DataError(
            f"{folder / _SPLITS[split][0]} holds {images.shape[0]} images but "
            f"{folder / _SPLITS[split][1]} holds {labels.shape[0]} labels; the two files do not "
            "belong together. Replace both with copies from the same release."
        )
    return images, labels


def load_data(path=None, *, download: bool = True, verify: bool = True, spec: DataSpec = MNIST):
    """``(x_train, y_train), (x_test, y_test)`` as uint8 arrays, like ``keras.datasets.mnist``."""
    folder = locate(spec, path, download=download)
    return _load_split(folder, spec, "train", verify), _load_split(folder, spec, "test", verify)


def read_data_sets(
    train_dir=None,
    one_hot: bool = False,
    dtype=np.float32,
    reshape: bool = True,
    validation_size: int = 5000,
    seed: int | None = None,
    *,
    download: bool = True,
    verify: bool = True,
    spec: DataSpec = MNIST,
) -> Datasets:
    """TF1's ``input_data.read_data_sets``: ``Datasets(train, validation, test)``.

    ``train_dir`` is searched first (TF1 code passes ``"MNIST_data/"``); when it does not hold
    the files, the usual lookup goes on (``TF1_LESSONS_DATA``, the user cache, a download into
    the cache), so old scripts never litter the working folder. ``verify=False`` skips the
    checksum, for your own files in this format.
    """
    (train_images, train_labels), (test_images, test_labels) = load_data(
        train_dir, download=download, verify=verify, spec=spec
    )
    if not 0 <= validation_size <= len(train_images):
        raise ValueError(f"validation_size should be between 0 and {len(train_images)}. Received: {validation_size}.")
    if one_hot:
        train_labels = dense_to_one_hot(train_labels)
        test_labels = dense_to_one_hot(test_labels)
    options = dict(dtype=dtype, reshape=reshape, seed=seed)
    return Datasets(
        train=DataSet(train_images[validation_size:], train_labels[validation_size:], **options),
        validation=DataSet(train_images[:validation_size], train_labels[:validation_size], **options),
        test=DataSet(test_images, test_labels, **options),
    )


def limit_train(sets: Datasets, train_size: int, seed: int | None = None) -> Datasets:
    """``sets`` with the training split cut to its first ``train_size`` examples (a lesson
    budget); validation and test are kept whole. A no-op when ``train_size`` covers it all."""
    if train_size >= sets.train.num_examples:
        return sets
    if train_size < 1:
        raise ValueError(f"train_size must be at least 1, got {train_size}")
    train = DataSet(sets.train.images[:train_size], sets.train.labels[:train_size], seed=seed)
    return sets._replace(train=train)

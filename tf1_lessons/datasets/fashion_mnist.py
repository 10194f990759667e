"""Fashion-MNIST with MNIST's API (same file names, sizes and IDX format).

Class names, in label order, for printing predictions.
"""

from __future__ import annotations

import functools

from . import mnist
from ._files import FASHION_MNIST

CLASS_NAMES = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
]  # fmt: skip

load_data = functools.partial(mnist.load_data, spec=FASHION_MNIST)
load_data.__doc__ = "``(x_train, y_train), (x_test, y_test)`` uint8, like ``keras.datasets.fashion_mnist``."
read_data_sets = functools.partial(mnist.read_data_sets, spec=FASHION_MNIST)
read_data_sets.__doc__ = mnist.read_data_sets.__doc__

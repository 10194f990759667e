"""Real data for the lessons: MNIST, Fashion-MNIST, Pima diabetes.

Each loader finds its files through the same chain (explicit folder, ``TF1_LESSONS_DATA``,
user cache, system copy, verified download); see :mod:`tf1_lessons.datasets._files`.
"""

from . import fashion_mnist, input_data, mnist, pima
from ._files import ENV_VAR, DataError, cache_dir

__all__ = ["ENV_VAR", "DataError", "cache_dir", "fashion_mnist", "input_data", "mnist", "pima"]

"""Real data for the lessons: MNIST, Fashion-MNIST, Pima diabetes.

Each loader finds its files through the same chain (explicit folder, ``TF1_LESSONS_DATA``,
user cache, system copy, verified download); see :mod:`tf1_lessons.datasets._files`. TF1's
``input_data`` is one module, the runtime's (``tf1/examples.py``: what ``from
tensorflow.examples.tutorials.mnist import input_data`` gives a TF1 program), built on the
files and the ``DataSet`` here.
"""

from . import fashion_mnist, mnist, pima
from ._files import ENV_VAR, DataError, cache_dir

__all__ = ["ENV_VAR", "DataError", "cache_dir", "fashion_mnist", "mnist", "pima"]

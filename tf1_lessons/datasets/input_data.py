"""Stands where ``tensorflow.examples.tutorials.mnist.input_data`` stood in TF1.

``from tf1_lessons.datasets import input_data`` then ``input_data.read_data_sets(...)``.
"""

from .mnist import DataSet, Datasets, dense_to_one_hot, read_data_sets

__all__ = ["DataSet", "Datasets", "dense_to_one_hot", "read_data_sets"]

"""Helpers of the Deep MNIST tutorial, kept beside the notebook as course folders did.

They call TF1 names (tf.truncated_normal, tf.nn.max_pool with ksize) that only the TF1 module
has: the notebook's kernel must serve this module TF1 too, not only the cells.
"""
import tensorflow as tf


def describe():
    return "tf_helpers: TF1 API %s" % ("yes" if hasattr(tf, "truncated_normal") else "no")


def weight_variable(shape):
    initial = tf.truncated_normal(shape, stddev=0.1)
    return tf.Variable(initial)


def bias_variable(shape):
    initial = tf.constant(0.1, shape=shape)
    return tf.Variable(initial)


def conv2d(x, W):
    return tf.nn.conv2d(x, W, strides=[1, 1, 1, 1], padding='SAME')


def max_pool_2x2(x):
    return tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')

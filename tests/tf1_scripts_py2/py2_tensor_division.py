# Python 2's `/` on TensorFlow tensors and NumPy integers, as TF 1.15 under Python 2.7 computed
# it: integer tensors floor (Tensor.__div__ was tf.div), float ones divide truly.
import numpy as np
import tensorflow as tf

a = tf.constant(7)
b = tf.constant([7, -7])
f = tf.constant(7.0)
sess = tf.Session()
print sess.run(a / 2), sess.run(b / 2), sess.run(f / 2), sess.run(a / tf.constant(2))
print sess.run(7 / a), np.int32(7) / 2, np.array([7, -7]) / np.int64(2)

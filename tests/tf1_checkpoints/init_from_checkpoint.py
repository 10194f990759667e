# Warm-starting part of a new model from another model's checkpoint: `DIR` holds layers_saver.py's
# checkpoint; its "dense/" layer is assigned to this model's "new/dense/" (an assignment map),
# the rest of the new model starts from its initializers. Prints the values the new model starts from.
import sys

import tensorflow as tf

folder = sys.argv[1]
tf.set_random_seed(3)
x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope("new"):
    h = tf.layers.dense(x, 8, activation=tf.nn.relu, name="dense")
    out = tf.layers.dense(h, 2, name="head")
tf.train.init_from_checkpoint(folder, {"dense/": "new/dense/"})
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for v in sorted(tf.global_variables(), key=lambda v: v.op.name):
        print(v.op.name, v.shape.as_list(), "%.6f" % sess.run(v).sum())

# A small network of tf.layers and tf.contrib.layers (batch norm's moving averages included), an
# Adam optimizer with its slots and a global step. `save DIR` trains 3 steps and saves with
# tf.train.Saver; `restore DIR` builds the same graph, restores the newest checkpoint in DIR and
# prints what it holds, then the loss it gives and the loss after one more step.
import sys

import numpy as np
import tensorflow as tf

mode, folder = sys.argv[1], sys.argv[2]
tf.set_random_seed(7)
x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.int64, [None])
training = tf.placeholder_with_default(False, [])
h = tf.layers.dense(x, 8, activation=tf.nn.relu, name="dense")
h = tf.contrib.layers.fully_connected(
    h, 8, normalizer_fn=tf.contrib.layers.batch_norm, normalizer_params={"is_training": training}, scope="fc"
)
logits = tf.layers.dense(h, 3, name="out")
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
global_step = tf.train.get_or_create_global_step()
with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
    train = tf.train.AdamOptimizer(0.01).minimize(loss, global_step=global_step)
saver = tf.train.Saver()
rng = np.random.RandomState(0)
feed = {x: rng.randn(16, 4).astype(np.float32), y: rng.randint(0, 3, 16)}
train_feed = {x: feed[x], y: feed[y], training: True}
with tf.Session() as sess:
    if mode == "save":
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train, train_feed)
        print("saved", saver.save(sess, folder + "/model.ckpt", global_step=global_step).split("/")[-1])
    else:
        saver.restore(sess, tf.train.latest_checkpoint(folder))
    for v in sorted(tf.global_variables(), key=lambda v: v.op.name):
        print(v.op.name, v.shape.as_list(), "%.6f" % sess.run(v).sum())
    print("loss %.6f" % sess.run(loss, feed))
    sess.run(train, train_feed)
    print("after one more step: loss %.6f, global step %d" % (sess.run(loss, feed), sess.run(global_step)))

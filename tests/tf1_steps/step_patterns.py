# Every way a TF1 script fetched its update, each run for a few steps: minimize; tf.group of the
# update and a moving average; control_dependencies; slim's train_op (the loss's Identity after
# the update); tf.gradients, clip_by_global_norm, apply_gradients; and evaluations in between,
# which are no steps. exec --record and TF 1.15.5's driver must count the same steps with the
# same columns.
import numpy as np
import tensorflow as tf
from tensorflow.contrib import slim

tf.set_random_seed(1)
x = tf.constant(np.linspace(-1, 1, 8).reshape(8, 1).astype(np.float32))
y = 3.0 * x + 1.0


def model(scope):
    with tf.variable_scope(scope):
        w = tf.get_variable("w", [1, 1], initializer=tf.constant_initializer(0.5))
        b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
        return tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))


loss1 = model("plain")
train1 = tf.train.GradientDescentOptimizer(0.1).minimize(loss1)
loss2 = model("grouped")
ema = tf.train.ExponentialMovingAverage(0.9)
train2 = tf.group(tf.train.GradientDescentOptimizer(0.1).minimize(loss2), ema.apply([loss2]))
loss3 = model("deps")
with tf.control_dependencies([tf.train.AdamOptimizer(0.05).minimize(loss3)]):
    train3 = tf.no_op()
loss4 = model("slim")
train4 = slim.learning.create_train_op(loss4, tf.train.GradientDescentOptimizer(0.1))
loss5 = model("clipped")
variables5 = tf.trainable_variables("clipped")
grads, _ = tf.clip_by_global_norm(tf.gradients(loss5, variables5), 1.0)
train5 = tf.train.GradientDescentOptimizer(0.1).apply_gradients(zip(grads, variables5))
accuracy = tf.reduce_mean(tf.cast(tf.abs(loss1) < 10.0, tf.float32), name="accuracy")

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for train, loss in ((train1, None), (train2, loss2), (train3, loss3), (train4, None), (train5, loss5)):
        for step in range(3):
            if loss is None:
                sess.run(train)
            else:
                _, value = sess.run([train, loss])
        print("after %s: %.6f" % (train.name, sess.run(loss1 if loss is None else loss)))
        sess.run(accuracy)  # an evaluation: no step

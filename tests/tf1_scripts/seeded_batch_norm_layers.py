# tf.layers.batch_normalization between dense layers, with the UPDATE_OPS control dependency
# the documentation asked for; synthetic two-moons-like data drawn from a seeded numpy.
import numpy as np
import tensorflow as tf

tf.set_random_seed(777)
np.random.seed(777)

n = 256
angle = np.random.uniform(0, np.pi, size=n)
x_data = np.concatenate([np.stack([np.cos(angle), np.sin(angle)], 1),
                         np.stack([1 - np.cos(angle), 0.5 - np.sin(angle)], 1)]).astype(np.float32)
x_data += np.random.normal(scale=0.1, size=x_data.shape).astype(np.float32)
y_data = np.concatenate([np.zeros(n), np.ones(n)]).astype(np.float32).reshape(-1, 1)

X = tf.placeholder(tf.float32, [None, 2])
Y = tf.placeholder(tf.float32, [None, 1])
is_training = tf.placeholder(tf.bool)

h = tf.layers.dense(X, 32, use_bias=False)
h = tf.layers.batch_normalization(h, training=is_training)
h = tf.nn.relu(h)
h = tf.layers.dense(h, 32, use_bias=False)
h = tf.layers.batch_normalization(h, training=is_training)
h = tf.nn.relu(h)
logits = tf.layers.dense(h, 1)

cost = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=Y, logits=logits))
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
    train = tf.train.AdamOptimizer(0.01).minimize(cost)

accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.cast(logits > 0, tf.float32), Y), tf.float32))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(301):
        idx = np.random.choice(2 * n, 64, replace=False)
        c, _ = sess.run([cost, train], feed_dict={X: x_data[idx], Y: y_data[idx], is_training: True})
        if step % 20 == 0:
            print(step, c, sess.run(accuracy, feed_dict={X: x_data, Y: y_data, is_training: False}))

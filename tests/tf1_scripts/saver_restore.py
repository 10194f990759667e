# Train, save a checkpoint with tf.train.Saver, then restore it into a fresh graph and check
# that the restored weights give the same loss.
import os
import sys
import tensorflow as tf

ckpt_dir = sys.argv[1] if len(sys.argv) > 1 else "./checkpoints"
os.makedirs(ckpt_dir, exist_ok=True)
x_data = [[1.0], [2.0], [3.0], [4.0]]
y_data = [[3.0], [5.0], [7.0], [9.0]]

tf.set_random_seed(1)
X = tf.placeholder(tf.float32, [None, 1])
Y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.random_normal([1, 1]), name="W")
b = tf.Variable(tf.random_normal([1]), name="b")
cost = tf.reduce_mean(tf.square(tf.matmul(X, W) + b - Y))
train = tf.train.GradientDescentOptimizer(0.05).minimize(cost)
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(500):
        c, _ = sess.run([cost, train], feed_dict={X: x_data, Y: y_data})
    final = sess.run(cost, feed_dict={X: x_data, Y: y_data})
    path = saver.save(sess, os.path.join(ckpt_dir, "model.ckpt"))
    print("saved", path, "cost", final)

tf.reset_default_graph()
X = tf.placeholder(tf.float32, [None, 1])
Y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.zeros([1, 1]), name="W")
b = tf.Variable(tf.zeros([1]), name="b")
cost = tf.reduce_mean(tf.square(tf.matmul(X, W) + b - Y))
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, tf.train.latest_checkpoint(ckpt_dir))
    restored = sess.run(cost, feed_dict={X: x_data, Y: y_data})
    print("restored cost", restored)
    assert abs(restored - final) < 1e-6, (restored, final)

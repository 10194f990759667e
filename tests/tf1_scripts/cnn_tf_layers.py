# A CNN written with tf.layers (TF 1.4-era tutorial style), with dropout fed by a placeholder.
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

tf.set_random_seed(777)
mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)

X = tf.placeholder(tf.float32, [None, 784])
Y = tf.placeholder(tf.float32, [None, 10])
training = tf.placeholder(tf.bool)

x = tf.reshape(X, [-1, 28, 28, 1])
conv1 = tf.layers.conv2d(inputs=x, filters=16, kernel_size=[3, 3], padding="SAME", activation=tf.nn.relu)
pool1 = tf.layers.max_pooling2d(inputs=conv1, pool_size=[2, 2], padding="SAME", strides=2)
conv2 = tf.layers.conv2d(inputs=pool1, filters=32, kernel_size=[3, 3], padding="SAME", activation=tf.nn.relu)
pool2 = tf.layers.max_pooling2d(inputs=conv2, pool_size=[2, 2], padding="SAME", strides=2)
flat = tf.reshape(pool2, [-1, 7 * 7 * 32])
dense = tf.layers.dense(inputs=flat, units=128, activation=tf.nn.relu)
dropout = tf.layers.dropout(inputs=dense, rate=0.3, training=training)
logits = tf.layers.dense(inputs=dropout, units=10)

cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate=0.001).minimize(cost)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(Y, 1)), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(2000):
        batch_xs, batch_ys = mnist.train.next_batch(100)
        c, _, acc = sess.run([cost, optimizer, accuracy], feed_dict={X: batch_xs, Y: batch_ys, training: True})
        if step % 20 == 0:
            print("step", step, "cost", c, "batch accuracy", acc)
    print("test accuracy", sess.run(accuracy, feed_dict={X: mnist.test.images[:2000], Y: mnist.test.labels[:2000], training: False}))

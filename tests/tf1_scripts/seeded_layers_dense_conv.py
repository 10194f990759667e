# A small CNN written with tf.layers (conv2d, max_pooling2d, dense, dropout with a training
# flag), trained with Adam on input_data batches. Prints the cost every 5 batches. Seeded with
# tf.set_random_seed(777).
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

tf.set_random_seed(777)
mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)

X = tf.placeholder(tf.float32, [None, 784])
Y = tf.placeholder(tf.float32, [None, 10])
training = tf.placeholder(tf.bool)
X_img = tf.reshape(X, [-1, 28, 28, 1])

conv1 = tf.layers.conv2d(inputs=X_img, filters=16, kernel_size=[3, 3], padding="SAME", activation=tf.nn.relu)
pool1 = tf.layers.max_pooling2d(inputs=conv1, pool_size=[2, 2], padding="SAME", strides=2)
dropout1 = tf.layers.dropout(inputs=pool1, rate=0.3, training=training)

flat = tf.reshape(dropout1, [-1, 14 * 14 * 16])
dense = tf.layers.dense(inputs=flat, units=64, activation=tf.nn.relu)
dropout2 = tf.layers.dropout(inputs=dense, rate=0.5, training=training)
logits = tf.layers.dense(inputs=dropout2, units=10)

cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate=0.001).minimize(cost)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for i in range(200):
    batch_xs, batch_ys = mnist.train.next_batch(100)
    c, _ = sess.run([cost, optimizer], feed_dict={X: batch_xs, Y: batch_ys, training: True})
    if i % 5 == 0:
        print("batch", i, "cost", c)

accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(Y, 1)), tf.float32))
print("Accuracy:", sess.run(accuracy, feed_dict={X: mnist.test.images[:1000], Y: mnist.test.labels[:1000], training: False}))

# Python 2 XOR with a hidden layer: print statements with trailing commas, xrange, map() indexed,
# integer division in the logging interval, except E, e.
import numpy as np
import tensorflow as tf

tf.set_random_seed(777)
x_data = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
y_data = np.array([[0], [1], [1], [0]], dtype=np.float32)
steps = 2001
log_every = steps / 4

X = tf.placeholder(tf.float32, [None, 2])
Y = tf.placeholder(tf.float32, [None, 1])
W1 = tf.Variable(tf.random_normal([2, 2]), name="weight1")
b1 = tf.Variable(tf.random_normal([2]), name="bias1")
layer1 = tf.sigmoid(tf.matmul(X, W1) + b1)
W2 = tf.Variable(tf.random_normal([2, 1]), name="weight2")
b2 = tf.Variable(tf.random_normal([1]), name="bias2")
hypothesis = tf.sigmoid(tf.matmul(layer1, W2) + b2)
cost = -tf.reduce_mean(Y * tf.log(hypothesis) + (1 - Y) * tf.log(1 - hypothesis))
train = tf.train.GradientDescentOptimizer(learning_rate=0.1).minimize(cost)
predicted = tf.cast(hypothesis > 0.5, dtype=tf.float32)
accuracy = tf.reduce_mean(tf.cast(tf.equal(predicted, Y), dtype=tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in xrange(steps):
        sess.run(train, feed_dict={X: x_data, Y: y_data})
        if step % log_every == 0:
            print step,
            print sess.run(cost, feed_dict={X: x_data, Y: y_data})
    h, c, a = sess.run([hypothesis, predicted, accuracy], feed_dict={X: x_data, Y: y_data})
    print "Hypothesis:", map(lambda v: round(float(v), 4), h.ravel())[0]
    print "Correct:", c.ravel(), "Accuracy:", a
    try:
        sess.run(cost, feed_dict={X: x_data})
    except tf.errors.InvalidArgumentError, e:
        print "needs Y:", type(e).__name__

# Lesson 2 (document 000): softmax regression on MNIST, y = softmax(xW + b), TF1.
#
# input_data serves MNIST as TF1 did: 55,000 training images of 784 pixels in [0, 1], one-hot
# labels, random mini-batches from next_batch. W and b start at zero; the loss is the
# cross-entropy written by hand, -sum(y_ * log(y)); 1,000 steps of gradient descent at 0.01.
# The document printed a test accuracy of 0.9167.
#
# The hand-written loss takes the log of a softmax output: once a logit gap passes ~104 a
# probability rounds to 0 in float32 and log(0) turns every weight into NaN. At this learning
# rate no run we tried got there; `--fixed` swaps in the stable loss (see `tf1-lessons show`).
from tensorflow.examples.tutorials.mnist import input_data
import tensorflow as tf

mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)

x = tf.placeholder("float", [None, 784])
W = tf.Variable(tf.zeros([784, 10]))
b = tf.Variable(tf.zeros([10]))
y = tf.nn.softmax(tf.matmul(x, W) + b)

y_ = tf.placeholder("float", [None, 10])
cross_entropy = -tf.reduce_sum(y_ * tf.log(y))
train_step = tf.train.GradientDescentOptimizer(0.01).minimize(cross_entropy)

sess = tf.Session()
sess.run(tf.global_variables_initializer())

for i in range(1000):
    batch_xs, batch_ys = mnist.train.next_batch(100)
    sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})

correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, "float"))
print(sess.run(accuracy, feed_dict={x: mnist.test.images, y_: mnist.test.labels}))

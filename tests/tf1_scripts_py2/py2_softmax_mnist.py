# A 2017-style Python 2 TF1 lab: softmax regression on MNIST, print statements, the batch count
# by integer division, xrange, dict.items() indexed. Seeded as course labs were.
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

tf.set_random_seed(777)
mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)

config = {"learning_rate": 0.5}
learning_rate = config.items()[0][1]
training_epochs = 2
batch_size = 100

X = tf.placeholder(tf.float32, [None, 784])
Y = tf.placeholder(tf.float32, [None, 10])
W = tf.Variable(tf.random_normal([784, 10], stddev=0.01))
b = tf.Variable(tf.zeros([10]))
hypothesis = tf.matmul(X, W) + b
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=hypothesis, labels=Y))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=learning_rate).minimize(cost)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
total_batch = mnist.train.num_examples / batch_size
print "batches per epoch:", total_batch
for epoch in xrange(training_epochs):
    avg_cost = 0
    for i in xrange(total_batch):
        batch_xs, batch_ys = mnist.train.next_batch(batch_size)
        c, _ = sess.run([cost, optimizer], feed_dict={X: batch_xs, Y: batch_ys})
        avg_cost += c / total_batch
        if i % 200 == 0:
            print "  step", i, "cost", c
    print 'Epoch:', '%04d' % (epoch + 1), 'cost =', '{:.9f}'.format(avg_cost)

correct = tf.equal(tf.argmax(hypothesis, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
print "Accuracy:", sess.run(accuracy, feed_dict={X: mnist.test.images, Y: mnist.test.labels})
half = mnist.test.num_examples / 2
print "Accuracy on the first half:", sess.run(accuracy, feed_dict={X: mnist.test.images[:half], Y: mnist.test.labels[:half]})

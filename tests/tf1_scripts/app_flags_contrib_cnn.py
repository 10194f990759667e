# tf.app.flags and tf.app.run, a CNN from tf.contrib.layers (conv2d, max_pool2d, flatten, fully_connected),
# keep_prob dropout, tf.losses, an exponentially decayed learning rate and tf.metrics.accuracy.
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data
flags = tf.app.flags
flags.DEFINE_integer("steps", 30, "steps")
FLAGS = flags.FLAGS

def main(_):
    tf.logging.set_verbosity(tf.logging.INFO)
    mnist = input_data.read_data_sets("MNIST_data", one_hot=True)
    x = tf.placeholder(tf.float32, [None, 784])
    y = tf.placeholder(tf.float32, [None, 10])
    keep_prob = tf.placeholder(tf.float32)
    img = tf.reshape(x, [-1, 28, 28, 1])
    net = tf.contrib.layers.conv2d(img, 8, [5, 5])
    net = tf.contrib.layers.max_pool2d(net, [2, 2])
    net = tf.contrib.layers.flatten(net)
    net = tf.nn.dropout(net, keep_prob)
    logits = tf.contrib.layers.fully_connected(net, 10, activation_fn=None)
    loss = tf.losses.softmax_cross_entropy(y, logits)
    global_step = tf.Variable(0, trainable=False)
    lr = tf.train.exponential_decay(0.1, global_step, 100, 0.96, staircase=True)
    train = tf.train.MomentumOptimizer(lr, 0.9).minimize(loss, global_step=global_step)
    acc, acc_op = tf.metrics.accuracy(tf.argmax(y, 1), tf.argmax(logits, 1))
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        for i in range(FLAGS.steps):
            bx, by = mnist.train.next_batch(50)
            l, _, a = sess.run([loss, train, acc_op], {x: bx, y: by, keep_prob: 0.5})
        print("loss", l, "acc", a, "gs", sess.run(global_step))

if __name__ == "__main__":
    tf.app.run()

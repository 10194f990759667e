# An MLP from tf.contrib.layers: fully_connected under arg_scope, batch_norm with UPDATE_OPS,
# Xavier weights, an L2 penalty, dropout. MNIST through input_data.
import tensorflow as tf
from tensorflow.contrib.layers import fully_connected, batch_norm, dropout
from tensorflow.contrib.framework import arg_scope
from tensorflow.examples.tutorials.mnist import input_data

tf.set_random_seed(42)
mnist = input_data.read_data_sets("/tmp/data/", one_hot=False)

X = tf.placeholder(tf.float32, shape=(None, 28 * 28), name="X")
y = tf.placeholder(tf.int64, shape=(None,), name="y")
is_training = tf.placeholder(tf.bool, shape=(), name="is_training")

bn_params = {"is_training": is_training, "decay": 0.9, "updates_collections": tf.GraphKeys.UPDATE_OPS, "scale": True}
with arg_scope([fully_connected], normalizer_fn=batch_norm, normalizer_params=bn_params,
               weights_initializer=tf.contrib.layers.xavier_initializer(),
               weights_regularizer=tf.contrib.layers.l2_regularizer(1e-4)):
    hidden1 = fully_connected(X, 300, scope="hidden1")
    hidden1 = dropout(hidden1, keep_prob=0.8, is_training=is_training)
    hidden2 = fully_connected(hidden1, 100, scope="hidden2")
    logits = fully_connected(hidden2, 10, activation_fn=None, normalizer_fn=None, scope="outputs")

xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
reg_losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
loss = tf.add_n([tf.reduce_mean(xentropy)] + reg_losses, name="loss")

update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
    training_op = tf.train.MomentumOptimizer(0.01, momentum=0.9).minimize(loss)

correct = tf.nn.in_top_k(logits, y, 1)
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32), name="accuracy")

init = tf.global_variables_initializer()
with tf.Session() as sess:
    init.run()
    for epoch in range(5):
        for iteration in range(mnist.train.num_examples // 50):
            X_batch, y_batch = mnist.train.next_batch(50)
            sess.run(training_op, feed_dict={is_training: True, X: X_batch, y: y_batch})
        acc_test = accuracy.eval(feed_dict={is_training: False, X: mnist.test.images, y: mnist.test.labels})
        print(epoch, "Test accuracy:", acc_test)

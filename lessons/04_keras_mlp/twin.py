"""Lesson 4's eager twin: the MNIST MLP as tf.Variables, trained with GradientTape.

It starts from the weights the program's model had when its fit began, and takes the batches
fit took (in order: the keras_steps mode runs the program with ``shuffle=False`` and without
dropout, so both are known). Same maths as Keras's fit: the 784 pixels as float32, Dense as
``matmul + bias``, the cross-entropy from the softmax's logits, Keras's own Adam. What it
records is what fit's logs say after each batch: the epoch's running mean of the loss
(weighted by batch size) and of the accuracy.
"""

from tf1_lessons import twin  # first: TensorFlow then starts quietly

import numpy as np
import tensorflow as tf

values, _ = twin.start()
curve = twin.curve()
(x_train, y_train), _ = twin.keras_data("mnist")  # tf.keras.datasets.mnist.load_data(), as the program's run had it
x_train = x_train / 255.0
batch_size, epochs = 32, 5  # fit's default batch size, and the program's epochs

kernel1, bias1 = tf.Variable(values["dense/kernel"]), tf.Variable(values["dense/bias"])
kernel2, bias2 = tf.Variable(values["dense_1/kernel"]), tf.Variable(values["dense_1/bias"])
weights = [kernel1, bias1, kernel2, bias2]
optimizer = tf.keras.optimizers.Adam()  # compile(optimizer='adam'): learning rate 0.001, epsilon 1e-7


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        hidden = tf.nn.relu(tf.matmul(tf.reshape(tf.cast(x, tf.float32), [-1, 784]), kernel1) + bias1)
        logits = tf.matmul(hidden, kernel2) + bias2
        losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.cast(y, tf.int64), logits=logits)
        loss = tf.reduce_sum(losses) / tf.cast(tf.size(losses), tf.float32)
    optimizer.apply_gradients(zip(tape.gradient(loss, weights), weights))
    correct = tf.cast(tf.equal(tf.argmax(logits, 1), tf.cast(y, tf.int64)), tf.float32)
    return loss, tf.reduce_sum(correct)


"""
fit's loop: the epoch's batches in order; the running means reset at each epoch's start.
"""
step = 0
for epoch in range(epochs):
    total_loss, total_correct, seen = np.float32(0), np.float32(0), np.float32(0)
    for start in range(0, len(x_train), batch_size):
        x, y = x_train[start : start + batch_size], y_train[start : start + batch_size]
        loss, correct = train_step(tf.constant(x), tf.constant(y))
        n = np.float32(len(x))
        total_loss, total_correct, seen = total_loss + loss.numpy() * n, total_correct + correct.numpy(), seen + n
        curve.record(step, loss=total_loss / seen, accuracy=total_correct / seen)
        step += 1
    print(f"epoch {epoch + 1}: loss {total_loss / seen:.4f} accuracy {total_correct / seen:.4f}")

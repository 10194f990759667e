"""Lesson 2's eager twin: softmax regression with tf.Variables and GradientTape.

It starts from the program's zeros and trains on exactly the batches input_data served the
program (their indices come from the program's run), with the same loss and update.
"""

from tf1_lessons import twin  # first: TensorFlow then starts quietly

import tensorflow as tf

values, batches = twin.start()
mnist = twin.mnist()
curve = twin.curve()
stable = twin.fixed("stable-loss")

W = tf.Variable(values["Variable"])
b = tf.Variable(values["Variable_1"])
learning_rate = 0.01


@tf.function
def train_step(x, y_):
    with tf.GradientTape() as tape:
        logits = tf.matmul(x, W) + b
        if stable:
            cross_entropy = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=logits))
        else:
            cross_entropy = -tf.reduce_sum(y_ * tf.math.log(tf.nn.softmax(logits)))
    dW, db = tape.gradient(cross_entropy, [W, b])
    W.assign_sub(learning_rate * dW)
    b.assign_sub(learning_rate * db)
    return cross_entropy


"""
The program's batches, in its order.
"""
for i, idx in enumerate(batches):
    loss = train_step(mnist.train.images[idx], mnist.train.labels[idx]).numpy()
    curve.record(i, loss=loss)

correct = tf.equal(tf.argmax(tf.matmul(mnist.test.images, W) + b, 1), tf.argmax(mnist.test.labels, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32)).numpy()
print(accuracy)
curve.add_result(test_accuracy=accuracy)

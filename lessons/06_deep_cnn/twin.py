"""Lesson 6's eager twin: the deeper CNN as tf.Variables, GradientTape and Keras's Adam.

It starts from the program's initial values and trains on its batches. Random dropout masks
can never match the graph's step for step, so the twins compared are the no-dropout ones
(keep_prob 1 in training too: the erratum ``no-dropout``); with dropout the twin drops 30 %
of the units, as keep_prob 0.7 did, with masks of its own.
"""

from tf1_lessons import twin  # first: TensorFlow then starts quietly

import tensorflow as tf

values, batches = twin.start()
settings = twin.settings()
mnist = twin.mnist()
curve = twin.curve()
rate = 0.0 if twin.fixed("no-dropout") else 1 - 0.7  # the program feeds keep_prob 0.7 in training

names = {"W1": "Variable", "W2": "Variable_1", "W3": "Variable_2", "W4": "W4", "b4": "Variable_3",
         "W5": "W5", "b5": "Variable_4", "W6": "W6", "b6": "Variable_5"}  # fmt: skip
p = {mine: tf.Variable(values[theirs]) for mine, theirs in names.items()}
variables = list(p.values())


def dropout(x, rate):
    return tf.nn.dropout(x, rate=rate) if rate > 0 else x


def block(x, W, rate):
    x = tf.nn.max_pool2d(tf.nn.relu(tf.nn.conv2d(x, W, 1, "SAME")), 2, 2, "SAME")
    return dropout(x, rate)


def model(x, rate):
    x = tf.reshape(x, [-1, 28, 28, 1])
    x = block(block(block(x, p["W1"], rate), p["W2"], rate), p["W3"], rate)
    x = tf.reshape(x, [-1, 128 * 4 * 4])
    x = dropout(tf.nn.relu(tf.matmul(x, p["W4"]) + p["b4"]), rate)
    x = dropout(tf.nn.relu(tf.matmul(x, p["W5"]) + p["b5"]), rate)
    return tf.matmul(x, p["W6"]) + p["b6"]


optimizer = tf.keras.optimizers.Adam(learning_rate=settings["learning_rate"], epsilon=1e-8)


@tf.function
def train(x, y):
    with tf.GradientTape() as tape:
        cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=model(x, rate), labels=y))
    optimizer.apply_gradients(zip(tape.gradient(cost, variables), variables))
    return cost


"""
The program's batches in its order, epoch by epoch.
"""
epochs = settings["training_epoch"]
total_batch = len(batches) // epochs
for epoch in range(epochs):
    avg_cost = 0
    for i in range(total_batch):
        idx = batches[epoch * total_batch + i]
        c_ = train(mnist.train.images[idx], mnist.train.labels[idx]).numpy()
        avg_cost += c_ / total_batch
        curve.record(epoch * total_batch + i, loss=c_)
    print("Epoch:", "%04d" % (epoch + 1), "cost =", "{:.9f}".format(avg_cost))

correct = tf.equal(tf.argmax(model(mnist.test.images, 0.0), 1), tf.argmax(mnist.test.labels, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32)).numpy()
print("Accuracy:", accuracy)
curve.add_result(test_accuracy=accuracy)

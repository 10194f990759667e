"""Lesson 8's eager twin: the tf.layers network as tf.Variables named as tf.layers named them.

It starts from the program's initial values (``m1/conv2d/kernel``, ``m1/dense/bias``...) and
trains on its batches with GradientTape and Keras's Adam (v1's epsilon). The twins compared
are the no-dropout ones; with dropout the twin drops what the program drops (70 % as written,
30 % with --fixed), with masks of its own.
"""

from tf1_lessons import twin  # first: TensorFlow then starts quietly

import tensorflow as tf

values, batches = twin.start()
settings = twin.settings()
mnist = twin.mnist()
curve = twin.curve()
keep_prob = settings["keep_prob"]
rate = 0.0 if twin.fixed("no-dropout") else (1 - keep_prob if twin.fixed("dropout-rate") else keep_prob)

p = {name.split("/", 1)[1]: tf.Variable(value) for name, value in values.items()}  # "conv2d/kernel"...
variables = list(p.values())


def dropout(x):
    return tf.nn.dropout(x, rate=rate) if rate > 0 else x


def model(x, training):
    x = tf.reshape(x, [-1, 28, 28, 1])
    for conv in ("conv2d", "conv2d_1", "conv2d_2"):
        x = tf.nn.relu(tf.nn.conv2d(x, p[f"{conv}/kernel"], 1, "SAME") + p[f"{conv}/bias"])
        x = tf.nn.max_pool2d(x, 2, 2, "SAME")
        x = dropout(x) if training else x
    x = tf.reshape(x, [-1, 128 * 4 * 4])
    x = tf.nn.relu(tf.matmul(x, p["dense/kernel"]) + p["dense/bias"])
    x = dropout(x) if training else x
    return tf.matmul(x, p["dense_1/kernel"]) + p["dense_1/bias"]


optimizer = tf.keras.optimizers.Adam(learning_rate=settings["learning_rate"], epsilon=1e-8)


@tf.function
def train(x, y):
    with tf.GradientTape() as tape:
        cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=model(x, True), labels=y))
    optimizer.apply_gradients(zip(tape.gradient(cost, variables), variables))
    return cost


"""
The program's batches in its order, epoch by epoch.
"""
print("Learning Started!")
epochs = settings["training_epoch"]
total_batch = len(batches) // epochs
for epoch in range(epochs):
    avg_cost = 0
    for i in range(total_batch):
        idx = batches[epoch * total_batch + i]
        c = train(mnist.train.images[idx], mnist.train.labels[idx]).numpy()
        avg_cost += c / total_batch
        curve.record(epoch * total_batch + i, loss=c)
    print("Epoch:", "%04d" % (epoch + 1), "cost =", "{:.9f}".format(avg_cost))
print("Learning Finished!")

correct = tf.equal(tf.argmax(model(mnist.test.images, False), 1), tf.argmax(mnist.test.labels, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32)).numpy()
print("Accuracy:", accuracy)
curve.add_result(test_accuracy=accuracy)

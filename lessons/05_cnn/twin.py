"""Lesson 5's eager twin: the same CNN as tf.Variables, GradientTape and Keras's Adam.

It starts from the values the program's run drew and trains on the batches it was served.
Keras's Adam is given v1's epsilon (1e-8); it still rounds differently from v1's fused Adam
kernel (separate ops, bias corrections through pow), so the two part by an ulp after a few
steps and by about 1e-4 relative after 30.
"""

from tf1_lessons import twin  # first: TensorFlow then starts quietly

import tensorflow as tf

values, batches = twin.start()
settings = twin.settings()
mnist = twin.mnist()
curve = twin.curve()

W1, W2, W3, b = (tf.Variable(values[name]) for name in ("Variable", "Variable_1", "W3", "Variable_2"))
variables = [W1, W2, W3, b]


def model(x):
    x = tf.reshape(x, [-1, 28, 28, 1])
    x = tf.nn.max_pool2d(tf.nn.relu(tf.nn.conv2d(x, W1, 1, "SAME")), 2, 2, "SAME")
    x = tf.nn.max_pool2d(tf.nn.relu(tf.nn.conv2d(x, W2, 1, "SAME")), 2, 2, "SAME")
    return tf.matmul(tf.reshape(x, [-1, 7 * 7 * 64]), W3) + b


optimizer = tf.keras.optimizers.Adam(learning_rate=settings["learning_rate"], epsilon=1e-8)


@tf.function
def train(x, y):
    with tf.GradientTape() as tape:
        cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=model(x), labels=y))
    optimizer.apply_gradients(zip(tape.gradient(cost, variables), variables))
    return cost


"""
The program's batches in its order, epoch by epoch.
"""
epochs = settings["training_epochs"]
total_batch = len(batches) // epochs
for epoch in range(epochs):
    avg_cost = 0
    for i in range(total_batch):
        idx = batches[epoch * total_batch + i]
        c_ = train(mnist.train.images[idx], mnist.train.labels[idx]).numpy()
        avg_cost += c_ / total_batch
        curve.record(epoch * total_batch + i, loss=c_)
    print(epoch, "%04d" % (epoch + 1), "cost = ", "{:9f}".format(avg_cost))

correct = tf.equal(tf.argmax(model(mnist.test.images), 1), tf.argmax(mnist.test.labels, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32)).numpy()
print("Accuracy:", accuracy)
curve.add_result(test_accuracy=accuracy)

"""Lesson 7's eager twin: the Model class the TF2 way, a tf.Module called like a function.

It starts from the program's initial values (the variables under the scope ``m1/``) and
trains on its batches with GradientTape and Keras's Adam (v1's epsilon). The twins compared
are the no-dropout ones; with dropout the twin drops 30 % with masks of its own.
"""

from tf1_lessons import twin  # first: TensorFlow then starts quietly

import tensorflow as tf

values, batches = twin.start()
settings = twin.settings()
mnist = twin.mnist()
curve = twin.curve()
keep_prob = 1.0 if twin.fixed("no-dropout") else 0.7  # Model.train's default

NAMES = {"W1": "Variable", "W2": "Variable_1", "W3": "Variable_2", "W4": "W4", "b4": "Variable_3",
         "W5": "W5", "b5": "Variable_4", "W6": "W6", "b6": "Variable_5"}  # fmt: skip


class Model(tf.Module):
    def __init__(self, name):
        super().__init__(name=name)
        self.p = {mine: tf.Variable(values[f"{name}/{theirs}"], name=mine) for mine, theirs in NAMES.items()}

    def __call__(self, x, keep_prob=1.0):
        def drop(t):
            return tf.nn.dropout(t, rate=1 - keep_prob) if keep_prob < 1 else t

        x = tf.reshape(x, [-1, 28, 28, 1])
        for W in ("W1", "W2", "W3"):
            x = drop(tf.nn.max_pool2d(tf.nn.relu(tf.nn.conv2d(x, self.p[W], 1, "SAME")), 2, 2, "SAME"))
        x = tf.reshape(x, [-1, 4 * 4 * 128])
        x = drop(tf.nn.relu(tf.matmul(x, self.p["W4"]) + self.p["b4"]))
        x = drop(tf.nn.relu(tf.matmul(x, self.p["W5"]) + self.p["b5"]))
        return tf.matmul(x, self.p["W6"]) + self.p["b6"]


m1 = Model("m1")
optimizer = tf.keras.optimizers.Adam(learning_rate=settings["learning_rate"], epsilon=1e-8)


@tf.function
def train(x, y):
    with tf.GradientTape() as tape:
        cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=m1(x, keep_prob), labels=y))
    optimizer.apply_gradients(zip(tape.gradient(cost, m1.trainable_variables), m1.trainable_variables))
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

correct = tf.equal(tf.argmax(m1(mnist.test.images), 1), tf.argmax(mnist.test.labels, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32)).numpy()
print("Accuracy:", accuracy)
curve.add_result(test_accuracy=accuracy)

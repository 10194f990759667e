"""Lesson 9's eager twin: the ensemble's models as tf.Variables, trained in turn on each batch.

Each model starts from the values its scope (``model0/``, ``model1/``...) held in the program's
run; every batch trains model 0, then model 1..., as the program did, so the twin's curve
alternates between the models step by step as the program's does. The twins compared are the
no-dropout ones.
"""

from tf1_lessons import twin  # first: TensorFlow then starts quietly

import numpy as np
import tensorflow as tf

values, batches = twin.start()
settings = twin.settings()
mnist = twin.mnist()
curve = twin.curve()
keep_prob = settings["keep_prob"]
rate = 0.0 if twin.fixed("no-dropout") else (1 - keep_prob if twin.fixed("dropout-rate") else keep_prob)


class Model:
    def __init__(self, name):
        self.p = {n.split("/", 1)[1]: tf.Variable(v) for n, v in values.items() if n.startswith(name + "/")}
        self.variables = list(self.p.values())
        self.optimizer = tf.keras.optimizers.Adam(learning_rate=settings["learning_rate"], epsilon=1e-8)

    def __call__(self, x, training):
        p = self.p
        x = tf.reshape(x, [-1, 28, 28, 1])
        for conv in ("conv2d", "conv2d_1", "conv2d_2"):
            x = tf.nn.max_pool2d(
                tf.nn.relu(tf.nn.conv2d(x, p[f"{conv}/kernel"], 1, "SAME") + p[f"{conv}/bias"]), 2, 2, "SAME"
            )
            x = tf.nn.dropout(x, rate=rate) if training and rate > 0 else x
        x = tf.nn.relu(tf.matmul(tf.reshape(x, [-1, 128 * 4 * 4]), p["dense/kernel"]) + p["dense/bias"])
        x = tf.nn.dropout(x, rate=rate) if training and rate > 0 else x
        return tf.matmul(x, p["dense_1/kernel"]) + p["dense_1/bias"]

    @tf.function
    def train(self, x, y):
        with tf.GradientTape() as tape:
            cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=self(x, True), labels=y))
        self.optimizer.apply_gradients(zip(tape.gradient(cost, self.variables), self.variables))
        return cost


models = [Model("model" + str(m)) for m in range(settings["num_models"])]

"""
The program's batches in its order; on each, every model in turn.
"""
print("Learning Started!")
epochs = settings["training_epoch"]
total_batch = len(batches) // epochs
step = 0
for epoch in range(epochs):
    avg_cost_list = np.zeros(len(models))
    for i in range(total_batch):
        idx = batches[epoch * total_batch + i]
        for m_idx, m in enumerate(models):
            c = m.train(mnist.train.images[idx], mnist.train.labels[idx]).numpy()
            avg_cost_list[m_idx] += c / total_batch
            curve.record(step, loss=c)
            step += 1
    print("Epoch:", "%04d" % (epoch + 1), "cost =", avg_cost_list)
print("Learning Finished!")

predictions = np.zeros((len(mnist.test.labels), 10))
for m_idx, m in enumerate(models):
    logits = m(mnist.test.images, False)
    accuracy = np.mean(np.argmax(logits, 1) == np.argmax(mnist.test.labels, 1), dtype=np.float32)
    print(m_idx, "Accuracy:", accuracy)
    curve.add_result(**{f"accuracy_m{m_idx}": accuracy})
    predictions += logits
ensemble = np.mean(np.argmax(predictions, 1) == np.argmax(mnist.test.labels, 1), dtype=np.float32)
print("Ensemble accuracy: ", ensemble)
curve.add_result(ensemble_accuracy=ensemble)

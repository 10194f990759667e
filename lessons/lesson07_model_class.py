"""Lesson 7: the deep CNN as a ``Model`` class under ``tf.variable_scope``, and its eager twin.

What it teaches: wrapping a graph in a class (``_build`` creates the placeholders and layers,
``predict`` / ``get_accuracy`` / ``train`` run them through the Session it was given), and
``tf.variable_scope(name)`` giving each instance its own variables, so several models can
share one graph and one Session (the basis of the ensemble in lesson 9).

Document: ../shared/seeds/003_5a8efeda23d98468.txt, its third program.

Erratum, run faithfully by default: the class version's three conv kernels use
``tf.random_normal`` without ``stddev=0.01``, i.e. standard deviation 1.0, unlike the two
programs before it. ``--fixed`` restores 0.01. Measured after one epoch on the full training
set (seed 0, 41 s each): the document's version has an average cost of 32.6 and a test
accuracy of 0.1028 (chance); the fixed one 0.437 and 0.9779 (exactly lesson 6's first epoch).
The full 15 epochs (about 12 min each): the std-1.0 network never recovers, its cost creeping
from 2.43 to 2.31 (about ln 10, the cost of guessing) and its test accuracy 0.1135, the share
of the most frequent digit; the fixed one reaches 0.9926, lesson 6's run to the last digit.
Both start from the initial values TF 1.15 drew for the document's program at seed 0.

Modes: ``graph`` (the document), ``eager`` (a ``tf.Module`` holding the graph model's initial
values, ``GradientTape``, Keras's Adam with v1's epsilon), ``scopes`` (two instances side by
side and their variable names), and the dropout-off twins ``graph_nodropout`` /
``eager_nodropout``.

    python lessons/lesson07_model_class.py --epochs 1 --train-size 5000
    python lessons/lesson07_model_class.py --epochs 1 --train-size 5000 --fixed
    python lessons/lesson07_model_class.py --mode scopes
"""

import sys

from tf1_lessons.compat import seed as set_seed
from tf1_lessons.compat import tf, tf1_graph, v1, xavier_initializer
from tf1_lessons.curves import LearningCurve
from tf1_lessons.datasets import input_data
from tf1_lessons.datasets.mnist import limit_train
from tf1_lessons.loops import train_and_test

LESSON = {
    "name": "model_class",
    "number": 7,
    "document": "003_5a8efeda23d98468.txt",
    "title": "The deep CNN as a Model(sess, name) class under tf.variable_scope",
    "expected": "15 epochs: document's std-1.0 kernels 0.1135 (stuck at chance); --fixed 0.9926 (= lesson 6)",
    "full_run": "12 min each",
    "modes": ["graph", "eager", "scopes", "graph_nodropout", "eager_nodropout"],
    "twins": ["graph_nodropout", "eager_nodropout"],
    "fixed": "conv kernels with stddev=0.01 as in the earlier programs (the document's class version uses 1.0)",
    "budget": {"epochs": 15, "steps": 550, "train_size": 55000},
    "test_budget": {"epochs": 1, "steps": 20, "train_size": 2000},
    "golden_tolerance": {"loss": {"rtol": 1e-4, "atol": 1e-6}, "default": {"rtol": 0, "atol": 2e-3}},
    # Measured on the document's std-1.0 start (losses of 500-2,000 in the first steps, where one
    # ulp of Adam's rounding grows fast): step 0 identical, 4.4e-6 relative at step 1, 2.4e-2 by
    # step 19 on the test budget, and test accuracies 0.320 against 0.311; so much looser than
    # lesson 6 (the same network at std 0.01).
    "twin_tolerance": {"default": {"rtol": 0.25, "atol": 0}, "test_accuracy": {"rtol": 0, "atol": 0.03}},
}
BUDGET = LESSON["budget"]  # the full run; the functions' defaults below read it

training_epoch = 15
training_batch = 100
learning_rate = 0.001


class Model:
    def __init__(self, sess, name, conv_stddev=1.0):
        self.sess = sess
        self.name = name
        self.conv_stddev = conv_stddev
        self._build()

    def _build(self):
        std = self.conv_stddev  # the document wrote tf.random_normal([...], dtype=tf.float32): std 1.0
        with v1.variable_scope(self.name):
            self.keep_prob = v1.placeholder(tf.float32)
            self.X = v1.placeholder(tf.float32, [None, 784])
            X_img = v1.reshape(self.X, [-1, 28, 28, 1])
            self.Y = v1.placeholder(tf.float32, [None, 10])

            W1 = v1.Variable(v1.random_normal([3, 3, 1, 32], stddev=std, dtype=tf.float32))
            L1 = v1.nn.conv2d(X_img, W1, strides=[1, 1, 1, 1], padding="SAME")
            L1 = v1.nn.relu(L1)
            L1 = v1.nn.max_pool(L1, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")
            L1 = v1.nn.dropout(L1, keep_prob=self.keep_prob)

            W2 = v1.Variable(v1.random_normal([3, 3, 32, 64], stddev=std, dtype=tf.float32))
            L2 = v1.nn.conv2d(L1, W2, strides=[1, 1, 1, 1], padding="SAME")
            L2 = v1.nn.relu(L2)
            L2 = v1.nn.max_pool(L2, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")
            L2 = v1.nn.dropout(L2, keep_prob=self.keep_prob)

            W3 = v1.Variable(v1.random_normal([3, 3, 64, 128], stddev=std, dtype=tf.float32))
            L3 = v1.nn.conv2d(L2, W3, strides=[1, 1, 1, 1], padding="SAME")
            L3 = v1.nn.relu(L3)
            L3 = v1.nn.max_pool(L3, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")
            L3 = v1.nn.dropout(L3, keep_prob=self.keep_prob)
            L3_flat = v1.reshape(L3, [-1, 4 * 4 * 128])

            W4 = v1.get_variable("W4", shape=[128 * 4 * 4, 625], initializer=xavier_initializer())
            b4 = v1.Variable(v1.random_normal([625]))
            L4 = v1.nn.relu(v1.matmul(L3_flat, W4) + b4)
            L4 = v1.nn.dropout(L4, keep_prob=self.keep_prob)

            W5 = v1.get_variable("W5", [625, 625], initializer=xavier_initializer())
            b5 = v1.Variable(v1.random_normal([625]))
            L5 = v1.nn.relu(v1.matmul(L4, W5) + b5)
            L5 = v1.nn.dropout(L5, keep_prob=self.keep_prob)

            W6 = v1.get_variable("W6", [625, 10], initializer=xavier_initializer())
            b6 = v1.Variable(v1.random_normal([10]))
            self.logits = v1.matmul(L5, W6) + b6

        self.cost = v1.reduce_mean(v1.nn.softmax_cross_entropy_with_logits_v2(logits=self.logits, labels=self.Y))
        self.optimizer = v1.train.AdamOptimizer(learning_rate=learning_rate).minimize(self.cost)
        correct_prediction = v1.equal(v1.argmax(self.logits, 1), v1.argmax(self.Y, 1))
        self.accuracy = v1.reduce_mean(v1.cast(correct_prediction, tf.float32))
        self.params = dict(W1=W1, W2=W2, W3=W3, W4=W4, b4=b4, W5=W5, b5=b5, W6=W6, b6=b6)

    def predict(self, x_test, keep_prop=1.0):  # `keep_prop`: the document's spelling
        return self.sess.run(self.logits, feed_dict={self.X: x_test, self.keep_prob: keep_prop})

    def get_accuracy(self, x_test, y_test, keep_prob=1.0):
        return self.sess.run(self.accuracy, feed_dict={self.X: x_test, self.Y: y_test, self.keep_prob: keep_prob})

    def train(self, x_data, y_data, keep_prob=0.7):
        return self.sess.run([self.cost, self.optimizer], feed_dict={self.X: x_data, self.Y: y_data, self.keep_prob: keep_prob})


def conv_stddev(fixed):
    return 0.01 if fixed else 1.0


def load(seed, train_size):
    return limit_train(input_data.read_data_sets("MNIST_data/", one_hot=True, seed=seed), train_size, seed)


def new_session(seed, fixed, names=("m1",)):
    """A graph with one Model per name, initialised; returns (session, models)."""
    g = tf1_graph()
    with g.as_default():
        set_seed(seed)
        sess = v1.Session(graph=g)
        models = [Model(sess, name, conv_stddev(fixed)) for name in names]
        sess.run(v1.global_variables_initializer())
    return sess, models


def graph(seed=0, verbose=True, epochs=BUDGET["epochs"], steps=BUDGET["steps"], train_size=BUDGET["train_size"], fixed=False, keep_prob=0.7, mode="graph"):
    curve = LearningCurve("model_class", mode, seed=seed, budget={"epochs": epochs, "steps": steps, "train_size": train_size})
    mnist = load(seed, train_size)
    sess, (m1,) = new_session(seed, fixed)
    if verbose and not fixed:
        print("note: W1-W3 start with stddev 1.0 as in the document's class version (the earlier programs used 0.01); --fixed uses 0.01")
    if verbose:
        print("Learning Started!")
    total_batch = min(int(mnist.train.num_examples / training_batch), steps)
    for epoch in range(epochs):
        avg_cost = 0
        for batch in range(total_batch):
            batch_xs, batch_ys = mnist.train.next_batch(training_batch)
            c, _ = m1.train(batch_xs, batch_ys, keep_prob=keep_prob)
            avg_cost += c / total_batch
            last = batch == total_batch - 1
            curve.record(epoch * total_batch + batch, loss=c, **({"avg_cost": avg_cost} if last else {}))
        if verbose:
            print("Epoch:", "%04d" % (epoch + 1), "cost =", f"{avg_cost:.9f}")
    acc = m1.get_accuracy(mnist.test.images, mnist.test.labels)
    if verbose:
        print("Learning Finished!")
        print("Accuracy:", acc)
    sess.close()
    curve.add_result(test_accuracy=acc)
    return curve


def scopes(seed=0, verbose=True, fixed=False):
    """Two Model instances in one graph: each variable lives under its model's scope."""
    sess, models = new_session(seed, fixed, names=("m1", "m2"))
    names = {m.name: sorted(v.name for v in sess.graph.get_collection(v1.GraphKeys.GLOBAL_VARIABLES, scope=m.name + "/")) for m in models}
    if verbose:
        for name, variables in names.items():
            print(f"{name}: {len(variables)} variables (Adam's slots included): {variables[:6]} ...")
        trainable = {m.name: [v.name for v in sess.graph.get_collection(v1.GraphKeys.TRAINABLE_VARIABLES, scope=m.name + "/")] for m in models}
        print(f"trainable per model: {trainable['m1']}  |  {trainable['m2']}")
    shared = set(n.split("/", 1)[1] for n in names["m1"]) & set(n.split("/", 1)[1] for n in names["m2"])
    start = {m.name: sess.run(m.params["W1"]) for m in models}
    sess.close()
    curve = LearningCurve("model_class", "scopes", seed=seed, unit="model")
    curve.add_result(m1_variables=len(names["m1"]), m2_variables=len(names["m2"]), same_local_names=len(shared),
                     different_start=float((start["m1"] != start["m2"]).any()))  # fmt: skip
    return curve


class EagerModel(tf.Module):
    """The same network, TF2 style: variables in a Module, called like a function."""

    def __init__(self, start, name=None):
        super().__init__(name=name)
        self.p = {k: tf.Variable(v, name=k) for k, v in start.items()}

    def __call__(self, x, rate=0.0):
        drop = (lambda t: tf.nn.dropout(t, rate=rate)) if rate > 0 else (lambda t: t)
        x = tf.reshape(x, [-1, 28, 28, 1])
        for W in ("W1", "W2", "W3"):
            x = drop(tf.nn.max_pool2d(tf.nn.relu(tf.nn.conv2d(x, self.p[W], 1, "SAME")), 2, 2, "SAME"))
        x = tf.reshape(x, [-1, 4 * 4 * 128])
        x = drop(tf.nn.relu(tf.matmul(x, self.p["W4"]) + self.p["b4"]))
        x = drop(tf.nn.relu(tf.matmul(x, self.p["W5"]) + self.p["b5"]))
        return tf.matmul(x, self.p["W6"]) + self.p["b6"]


def eager(seed=0, verbose=True, epochs=BUDGET["epochs"], steps=BUDGET["steps"], train_size=BUDGET["train_size"], fixed=False, keep_prob=0.7, mode="eager"):
    curve = LearningCurve("model_class", mode, seed=seed, budget={"epochs": epochs, "steps": steps, "train_size": train_size})
    sess, (m1,) = new_session(seed, fixed)
    start = sess.run(m1.params)
    sess.close()
    mnist = load(seed, train_size)
    set_seed(seed)
    model = EagerModel(start, name="m1")

    return train_and_test(
        curve, mnist, lambda x: model(x, 1 - keep_prob), model, model.trainable_variables,
        learning_rate, epochs, steps, training_batch, verbose,
    )  # fmt: skip


def graph_nodropout(seed=0, verbose=True, epochs=BUDGET["epochs"], steps=BUDGET["steps"], train_size=BUDGET["train_size"], fixed=False):
    """``graph`` with keep_prob 1.0 in training: the reference for step-by-step comparison."""
    return graph(seed, verbose, epochs, steps, train_size, fixed, keep_prob=1.0, mode="graph_nodropout")


def eager_nodropout(seed=0, verbose=True, epochs=BUDGET["epochs"], steps=BUDGET["steps"], train_size=BUDGET["train_size"], fixed=False):
    """``eager`` with dropout off, fed the same batches as ``graph_nodropout``."""
    return eager(seed, verbose, epochs, steps, train_size, fixed, keep_prob=1.0, mode="eager_nodropout")


if __name__ == "__main__":
    from tf1_lessons.cli import run_as_script

    sys.exit(run_as_script(__file__))

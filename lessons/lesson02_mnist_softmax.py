"""Lesson 2: MNIST softmax regression with TF1's input_data, then the same in eager TF2.

What it teaches: loading MNIST the TF1 way (55,000 / 5,000 / 10,000 images of 784 pixels in
[0, 1], one-hot labels), a one-layer softmax classifier ``y = softmax(xW + b)``, cross-entropy
written by hand, gradient descent on random mini-batches, and accuracy from ``argmax``.

Document: ../shared/seeds/000_881075e93be91c15.txt (W and b start at zero, learning rate 0.01,
1,000 steps of ``mnist.train.next_batch(100)``; its run printed a test accuracy of 0.9167).

Expected result: test accuracy 0.9167 +- 0.01. Measured over seeds 0-4 (the seed only orders
the batches, the weights start at zero): see the README's lesson table.

Why ``--fixed``: the document's loss ``-reduce_sum(y_ * log(y))`` takes the log of a softmax
output. When a logit gap grows past ~104 (float32), a probability rounds to exactly 0, log(0) is
-inf, and 0 * -inf is NaN: the loss and then every weight become NaN. The fixed version feeds
the logits to ``softmax_cross_entropy_with_logits``, which computes log-softmax as
``logits - logsumexp(logits)`` and never takes log(0). This lesson prints a small demonstration
of both, and says so clearly if a run turns NaN. At the document's rate no run we tried did
(seeds 0-4); at 5x the rate (``--learning-rate 0.05``) the document's loss is NaN from step 2
and the accuracy collapses to 0.098 (every prediction is class 0), while ``--fixed`` reaches 0.89.

Full run: about 3 s on 2 CPU cores (the test budget is the full run).

    python lessons/lesson02_mnist_softmax.py                 # the document, graph mode
    python lessons/lesson02_mnist_softmax.py --mode both     # graph vs eager, same batches
    python lessons/lesson02_mnist_softmax.py --fixed         # stable cross-entropy
    python lessons/lesson02_mnist_softmax.py --learning-rate 0.05            # NaN, reported
    python lessons/lesson02_mnist_softmax.py --learning-rate 0.05 --fixed    # learns
"""

import sys

import numpy as np

from tf1_lessons.compat import seed as set_seed
from tf1_lessons.compat import tf, tf1_graph, v1
from tf1_lessons.curves import LearningCurve
from tf1_lessons.datasets import input_data

LESSON = {
    "name": "mnist_softmax",
    "number": 2,
    "document": "000_881075e93be91c15.txt",
    "title": "MNIST softmax regression: input_data, -sum(y_*log(y)), GradientDescent 0.01",
    "expected": "test accuracy 0.9167 +- 0.01 after 1,000 steps",
    "full_run": "3 s",
    "modes": ["graph", "eager"],
    "fixed": "softmax_cross_entropy_with_logits instead of -reduce_sum(y_*log(y))",
    "learning_rate": 0.01,
    "budget": {"steps": 1000},
    "test_budget": {"steps": 1000},
    "golden_tolerance": {"loss": {"rtol": 1e-4, "atol": 1e-4}, "default": {"rtol": 0, "atol": 2e-3}},
    "twin_tolerance": {"loss": {"rtol": 1e-4, "atol": 1e-4}, "default": {"rtol": 0, "atol": 1e-3}},
}
BUDGET = LESSON["budget"]  # the full run; the functions' defaults below read it

LEARNING_RATE = LESSON["learning_rate"]  # the document's; --learning-rate 0.05 shows the NaN failure
BATCH_SIZE = 100
PRINT_EVERY = 100  # the "printing progress" variant of the document


def log_of_zero_demo(verbose=True):
    """One example whose softmax underflows: the document's loss is NaN, the stable one is not."""
    logits = tf.constant([[120.0, 0.0, 0.0]])  # a confident but wrong prediction
    labels = tf.constant([[0.0, 1.0, 0.0]])
    y = tf.nn.softmax(logits)  # [1, 0, 0] in float32: exp(-120) underflows
    naive = -tf.reduce_sum(labels * tf.math.log(y))
    stable = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    if verbose:
        print(f"softmax([120, 0, 0]) = {y.numpy()[0]}  (float32 rounds exp(-120) to 0)")
        print(f"-sum(y_ * log(y))                  = {naive.numpy()}  (log(0) = -inf, and 0 * -inf = nan)")
        print(f"softmax_cross_entropy_with_logits  = {stable.numpy()}  (the true loss: 120)")
    return float(naive.numpy()), float(stable.numpy())


def record(curve, step, loss, verbose, **metrics):
    """Record a step; the first time the loss stops being a number, say so at once."""
    if verbose and not np.isfinite(loss) and curve.first_nonfinite("loss") is None:
        print(
            f"WARNING: the cross-entropy is {loss} at step {step}: a softmax probability "
            "underflowed to 0 and log(0) poisons the weights, so every later number is "
            "meaningless. Run with --fixed for the stable loss."
        )
    curve.record(step, loss=loss, **metrics)


def graph(seed=0, steps=BUDGET["steps"], verbose=True, fixed=False, learning_rate=LEARNING_RATE):
    """The document's program (graph mode), printing progress every 100 steps."""
    curve = LearningCurve("mnist_softmax", "graph", seed=seed, budget={"steps": steps})
    if verbose:
        log_of_zero_demo()
    mnist = input_data.read_data_sets("MNIST_data/", one_hot=True, seed=seed)
    g = tf1_graph()
    with g.as_default():
        set_seed(seed)
        x = v1.placeholder("float", [None, 784])
        W = v1.Variable(v1.zeros([784, 10]))
        b = v1.Variable(v1.zeros([10]))
        logits = v1.matmul(x, W) + b
        y = v1.nn.softmax(logits)
        y_ = v1.placeholder("float", [None, 10])
        if fixed:
            cross_entropy = v1.reduce_sum(v1.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=logits))
        else:
            cross_entropy = -v1.reduce_sum(y_ * v1.log(y))
        train_step = v1.train.GradientDescentOptimizer(learning_rate).minimize(cross_entropy)

        correct_prediction = v1.equal(v1.argmax(y, 1), v1.argmax(y_, 1))
        accuracy = v1.reduce_mean(v1.cast(correct_prediction, "float"))

        sess = v1.Session(graph=g)
        sess.run(v1.global_variables_initializer())
        test_feed = {x: mnist.test.images, y_: mnist.test.labels}
        for i in range(steps):
            batch_xs, batch_ys = mnist.train.next_batch(BATCH_SIZE)
            # The loss is evaluated in the same run as the update, before it is applied.
            _, loss = sess.run([train_step, cross_entropy], feed_dict={x: batch_xs, y_: batch_ys})
            if (i + 1) % PRINT_EVERY == 0 or i + 1 == steps:
                acc = sess.run(accuracy, feed_dict=test_feed)
                record(curve, i, loss, verbose, test_accuracy=acc)
                if verbose:
                    print(f"step {i + 1:4d}  batch cross-entropy {loss:10.4f}  test accuracy {acc:.4f}")
            else:
                record(curve, i, loss, verbose)
        final = sess.run(accuracy, feed_dict=test_feed)
        sess.close()
    if verbose:
        print(final)  # the document's last line: the test accuracy
    curve.add_result(test_accuracy=final)
    return curve


def eager(seed=0, steps=BUDGET["steps"], verbose=True, fixed=False, learning_rate=LEARNING_RATE):
    """The eager twin: the same zeros, the same batches, GradientTape inside tf.function."""
    curve = LearningCurve("mnist_softmax", "eager", seed=seed, budget={"steps": steps})
    mnist = input_data.read_data_sets("MNIST_data/", one_hot=True, seed=seed)
    set_seed(seed)
    W = tf.Variable(tf.zeros([784, 10]))
    b = tf.Variable(tf.zeros([10]))

    def model(x):
        logits = tf.matmul(x, W) + b
        return logits, tf.nn.softmax(logits)

    @tf.function
    def train_step(x, y_):
        with tf.GradientTape() as tape:
            logits, y = model(x)
            if fixed:
                loss = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=logits))
            else:
                loss = -tf.reduce_sum(y_ * tf.math.log(y))
        dW, db = tape.gradient(loss, [W, b])
        W.assign_sub(learning_rate * dW)
        b.assign_sub(learning_rate * db)
        return loss

    @tf.function
    def accuracy(x, y_):
        _, y = model(x)
        return tf.reduce_mean(tf.cast(tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1)), tf.float32))

    test_x, test_y = tf.constant(mnist.test.images), tf.constant(mnist.test.labels, tf.float32)
    for i in range(steps):
        batch_xs, batch_ys = mnist.train.next_batch(BATCH_SIZE)
        loss = train_step(tf.constant(batch_xs), tf.constant(batch_ys, tf.float32)).numpy()
        if (i + 1) % PRINT_EVERY == 0 or i + 1 == steps:
            acc = accuracy(test_x, test_y).numpy()
            record(curve, i, loss, verbose, test_accuracy=acc)
            if verbose:
                print(f"step {i + 1:4d}  batch cross-entropy {loss:10.4f}  test accuracy {acc:.4f}")
        else:
            record(curve, i, loss, verbose)
    final = accuracy(test_x, test_y).numpy()
    if verbose:
        print(final)
    curve.add_result(test_accuracy=final)
    return curve


if __name__ == "__main__":
    from tf1_lessons.cli import run_as_script

    sys.exit(run_as_script(__file__))

"""The documents' epoch loop and the Adam training step, for the eager twins of the CNN lessons.

Graph-mode lessons spell the loop out as their document does; their eager twins share this
one, so every twin records the same things the same way: the loss of every batch and, on
each epoch's last batch, the epoch's average cost.
"""

from __future__ import annotations

from .compat import tf


def epoch_loop(curve, dataset, step, epochs: int, steps: int, batch_size: int = 100, verbose: bool = True):
    """Train for ``epochs`` of at most ``steps`` batches from ``dataset.next_batch``.

    ``step(batch_xs, batch_ys)`` runs one update and returns that batch's cost (a numpy
    scalar: kept as it is, so the average accumulates in the same precision as the graph
    lessons' ``avg_cost``). Prints ``Epoch: 0001 cost = ...`` per epoch when ``verbose``.
    """
    total_batch = min(int(dataset.num_examples / batch_size), steps)
    for epoch in range(epochs):
        avg_cost = 0
        for batch in range(total_batch):
            batch_xs, batch_ys = dataset.next_batch(batch_size)
            c = step(batch_xs, batch_ys)
            avg_cost += c / total_batch
            last = batch == total_batch - 1
            curve.record(epoch * total_batch + batch, loss=c, **({"avg_cost": avg_cost} if last else {}))
        if verbose:
            print("Epoch:", "%04d" % (epoch + 1), "cost =", f"{avg_cost:.9f}")  # noqa: UP031 - the documents' print, as written
    return curve


def adam_step(logits_of, variables, learning_rate: float):
    """One ``tf.function`` training step for an eager twin: softmax cross-entropy on
    ``logits_of(x)``, then Keras's Adam with v1's epsilon (1e-8, not Keras's 1e-7), so the
    twin differs from the graph's ``AdamOptimizer`` only in how the update rounds."""
    optimizer = tf.keras.optimizers.Adam(learning_rate=learning_rate, epsilon=1e-8)

    @tf.function
    def step(x, y):
        with tf.GradientTape() as tape:
            cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits_of(x), labels=y))
        optimizer.apply_gradients(zip(tape.gradient(cost, variables), variables, strict=False))
        return cost

    return step


def train_and_test(
    curve, mnist, train_logits, test_logits, variables, learning_rate, epochs, steps, batch_size=100, verbose=True
):
    """An eager twin's whole run: ``epoch_loop`` over ``adam_step``, then the test accuracy of
    ``test_logits`` (dropout off), printed as the documents print it and added to ``curve``."""
    step = adam_step(train_logits, variables, learning_rate)

    @tf.function
    def accuracy(x, y):
        return tf.reduce_mean(tf.cast(tf.equal(tf.argmax(test_logits(x), 1), tf.argmax(y, 1)), tf.float32))

    epoch_loop(
        curve,
        mnist.train,
        lambda xs, ys: step(tf.constant(xs), tf.constant(ys, tf.float32)).numpy(),
        epochs,
        steps,
        batch_size,
        verbose,
    )
    acc = accuracy(tf.constant(mnist.test.images), tf.constant(mnist.test.labels, tf.float32)).numpy()
    if verbose:
        print("Accuracy:", acc)
    curve.add_result(test_accuracy=acc)
    return curve

"""The documents' epoch loop, for the eager twins of the CNN lessons.

Graph-mode lessons spell the loop out as their document does; their eager twins share this
one, so every twin records the same things the same way: the loss of every batch and, on
each epoch's last batch, the epoch's average cost.
"""

from __future__ import annotations


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
            print("Epoch:", "%04d" % (epoch + 1), "cost =", "{:.9f}".format(avg_cost))
    return curve

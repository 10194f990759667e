"""Seconds per epoch of the CNN lessons (5-9): the TF1 graph loop vs the same network in Keras fit.

    python benchmarks/bench_cnn_epoch.py                 # lessons 5-9, 100 timed batches each
    python benchmarks/bench_cnn_epoch.py --lesson 6 --steps 200

Graph mode is timed through the lesson's own ``graph()`` loop (the document's ``feed_dict``
steps): it is run with two step budgets and the difference is divided by the extra steps, so
data loading, graph building and the test-set evaluation cancel out. Keras ``model.fit`` trains
the same layers (dropout as the document runs it; one model per ensemble member) on the same
number of batches after a warm-up epoch that pays for tracing. Both are scaled to a full epoch
(550 batches of 100). Feeding is the time of ``next_batch(100)`` as a share of a graph step.

Run it alone: the two cores are the whole budget, and a second process skews every ratio.
"""

import argparse
import time
from pathlib import Path

import numpy as np

from tf1_lessons import registry
from tf1_lessons.compat import seed, tf

ROOT = Path(__file__).resolve().parent.parent
BATCHES_PER_EPOCH = 550
BASE_STEPS = 10  # the shorter graph run; its fixed costs are subtracted


def keras_models(lesson):
    """The lesson's network as Keras Sequential models (one per ensemble member)."""
    L = tf.keras.layers
    conv = lambda filters: L.Conv2D(filters, 3, padding="same", activation="relu", use_bias=False)  # noqa: E731
    pool = lambda: L.MaxPool2D(2, 2, padding="same")  # noqa: E731
    number = lesson.meta["number"]
    if number == 5:
        return [tf.keras.Sequential([
            L.Reshape((28, 28, 1), input_shape=(784,)),
            conv(32), pool(), conv(64), pool(), L.Flatten(), L.Dense(10),
        ])]  # fmt: skip
    if number in (6, 7):  # keep_prob 0.7 in training: drop 30 %
        return [tf.keras.Sequential([
            L.Reshape((28, 28, 1), input_shape=(784,)),
            conv(32), pool(), L.Dropout(0.3), conv(64), pool(), L.Dropout(0.3), conv(128), pool(), L.Dropout(0.3),
            L.Flatten(), L.Dense(625, activation="relu"), L.Dropout(0.3), L.Dense(625, activation="relu"), L.Dropout(0.3),
            L.Dense(10),
        ])]  # fmt: skip
    # Lessons 8 and 9 already have the Keras twin of their tf.layers model (as the document runs it).
    module = lesson.load()
    layers_api = module if number == 8 else module.layers_api
    count = 1 if number == 8 else module.num_models
    return [layers_api.keras_twin(layers_api.dropout_rate(False)) for _ in range(count)]


def keras_epoch_seconds(lesson, images, labels, steps):
    seed(0)
    total = 0.0
    for model in keras_models(lesson):
        model.compile(tf.keras.optimizers.Adam(0.001, epsilon=1e-8), tf.keras.losses.CategoricalCrossentropy(from_logits=True))
        model.fit(images[:1000], labels[:1000], batch_size=100, epochs=1, verbose=0)  # warm-up and tracing
        n = steps * 100
        start = time.perf_counter()
        model.fit(images[:n], labels[:n], batch_size=100, epochs=1, verbose=0, shuffle=True)
        total += time.perf_counter() - start
    return total / steps * BATCHES_PER_EPOCH


def graph_epoch_seconds(lesson, steps):
    module = lesson.load()

    def run(n):
        start = time.perf_counter()
        module.graph(seed=0, verbose=False, epochs=1, steps=n, train_size=55000)
        return time.perf_counter() - start

    run(BASE_STEPS)  # warm-up: first graph build, kernels, data cache
    return (run(BASE_STEPS + steps) - run(BASE_STEPS)) / steps * BATCHES_PER_EPOCH


def feeding_seconds_per_batch(train, steps):
    start = time.perf_counter()
    for _ in range(steps):
        train.next_batch(100)
    return (time.perf_counter() - start) / steps


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lesson", type=int, choices=[5, 6, 7, 8, 9], action="append", help="repeatable; default: all")
    parser.add_argument("--steps", type=int, default=100, help="timed batches per measurement (default 100)")
    args = parser.parse_args()
    if args.steps < 1:
        parser.error("--steps must be at least 1")
    by_number = {lesson.meta["number"]: lesson for lesson in registry.discover(ROOT / "lessons").values()}
    from tf1_lessons.datasets import mnist

    sets = mnist.read_data_sets(None, one_hot=True)
    images, labels = sets.train.images, sets.train.labels.astype(np.float32)
    feed = feeding_seconds_per_batch(sets.train, 500)
    print(f"{'lesson':<16} {'graph s/epoch':>13} {'Keras fit s/epoch':>17} {'graph/Keras':>11} {'feeding':>8}")
    for number in args.lesson or [5, 6, 7, 8, 9]:
        lesson = by_number[number]
        graph_s = graph_epoch_seconds(lesson, args.steps)
        keras_s = keras_epoch_seconds(lesson, images, labels, args.steps)
        share = feed * BATCHES_PER_EPOCH / graph_s
        print(f"{number} {lesson.name:<14} {graph_s:13.1f} {keras_s:17.1f} {graph_s / keras_s:11.2f} {share:8.1%}", flush=True)
    print("graph/Keras below 1: graph mode is faster. feeding: next_batch's share of a graph step.")


if __name__ == "__main__":
    main()

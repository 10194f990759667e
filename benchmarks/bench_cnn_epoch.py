"""Seconds per epoch of lesson 5's CNN: TF1 graph + feed_dict vs the same network in Keras fit.

    python benchmarks/bench_cnn_epoch.py [--steps 150]

Times ``--steps`` batches of 100 (after a warm-up) and scales to a full epoch (550 batches).
Prints graph-mode seconds per epoch, the share of a graph step spent in ``next_batch``
(feeding), Keras ``model.fit`` seconds per epoch on the same architecture, and their ratio.
Run it alone: the two cores are the whole budget.
"""

import argparse
import importlib.util
import time
from pathlib import Path

import numpy as np

from tf1_lessons.compat import seed, tf, v1

ROOT = Path(__file__).resolve().parent.parent
BATCHES_PER_EPOCH = 550


def load_lesson():
    spec = importlib.util.spec_from_file_location("lesson05", ROOT / "lessons" / "lesson05_cnn.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def graph_epoch_seconds(lesson, steps):
    mnist = lesson.load(0, 55000)
    g, t = lesson.build(0)
    with v1.Session(graph=g) as sess:
        sess.run(t["init"])
        for _ in range(10):  # warm-up
            xs, ys = mnist.train.next_batch(100)
            sess.run(t["train"], {t["X"]: xs, t["Y"]: ys})
        feeding = 0.0
        start = time.perf_counter()
        for _ in range(steps):
            f0 = time.perf_counter()
            xs, ys = mnist.train.next_batch(100)
            feeding += time.perf_counter() - f0
            sess.run([t["cost"], t["train"]], {t["X"]: xs, t["Y"]: ys})
        total = time.perf_counter() - start
    return total / steps * BATCHES_PER_EPOCH, feeding / total


def keras_epoch_seconds(steps):
    seed(0)
    (x, y), _ = lesson_data()
    model = tf.keras.Sequential([
        tf.keras.layers.Reshape((28, 28, 1), input_shape=(784,)),
        tf.keras.layers.Conv2D(32, 3, padding="same", activation="relu", use_bias=False),
        tf.keras.layers.MaxPool2D(2, 2, padding="same"),
        tf.keras.layers.Conv2D(64, 3, padding="same", activation="relu", use_bias=False),
        tf.keras.layers.MaxPool2D(2, 2, padding="same"),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(10),
    ])  # fmt: skip
    model.compile(tf.keras.optimizers.Adam(0.001, epsilon=1e-8), tf.keras.losses.CategoricalCrossentropy(from_logits=True))
    model.fit(x[:1000], y[:1000], batch_size=100, epochs=1, verbose=0)  # warm-up and tracing
    n = steps * 100
    start = time.perf_counter()
    model.fit(x[:n], y[:n], batch_size=100, epochs=1, verbose=0, shuffle=True)
    return (time.perf_counter() - start) / steps * BATCHES_PER_EPOCH


def lesson_data():
    from tf1_lessons.datasets import mnist

    sets = mnist.read_data_sets(None, one_hot=True)
    return (sets.train.images, sets.train.labels.astype(np.float32)), None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=150)
    args = parser.parse_args()
    lesson = load_lesson()
    graph_s, feed_share = graph_epoch_seconds(lesson, args.steps)
    keras_s = keras_epoch_seconds(args.steps)
    print(f"lesson 5 graph mode : {graph_s:6.1f} s/epoch  (feeding: {feed_share:.1%} of step time)")
    print(f"same net, Keras fit : {keras_s:6.1f} s/epoch")
    print(f"graph / Keras       : {graph_s / keras_s:.2f}  (below 1: graph mode is faster)")


if __name__ == "__main__":
    main()

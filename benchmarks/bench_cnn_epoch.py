"""Seconds per epoch of the CNN lessons (5-9): the TF1 graph loop against the peers a user would
pick today, and against what this machine can do at all.

    python benchmarks/bench_cnn_epoch.py                       # lessons 5-9, 5 rounds of 100 batches
    python benchmarks/bench_cnn_epoch.py --lesson 5 --rounds 7 --steps 60 --jit

What is timed, per lesson, in rounds that alternate the contenders (A B C D, A B C D, ...), all
of them warmed up first, so a slow minute of the machine hits every side alike:

* graph    the lesson's own ``graph()`` (the document's ``feed_dict`` loop): the training
           ``Session.run`` calls it makes, each timed as made, after its first WARM steps;
* keras2   the same network in legacy Keras 2 (tf-keras, what the lessons use) ``model.fit``;
* keras3   the same network in Keras 3 ``model.fit``, in its own process (Keras 3 and legacy
           Keras cannot share one), default settings; with ``--jit`` also ``jit_compile=True``.

Every figure is scaled to a 550-batch epoch (batch 100); the table gives the median over the
rounds with the min-max range, and the ratio graph/Keras per round (median, min-max).

The machine's own limit: the network's FLOPs per training step, counted from its layers
(forward multiply-adds x 2, training = 3 x forward: the backward pass costs about twice the
forward one), against the GFLOP/s of a 2048x2048 float32 matmul and of the lesson's biggest
convolution at batch 100, both measured in the same run. Printed as a share of each.

Run it alone: the two cores are the whole budget, and a second process skews every figure.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BATCH, BATCHES_PER_EPOCH, WARM = 100, 550, 5

# The networks of lessons 5-9 as plain layer lists: what Keras builds, and what FLOPs count.
# conv: 3x3 SAME, ReLU, then 2x2 max-pool SAME; dense: ReLU; the last layer is 10 logits.
NETWORKS = {
    5: {"convs": [32, 64], "conv_bias": False, "dense": [], "dropout": 0.0, "models": 1},
    6: {"convs": [32, 64, 128], "conv_bias": False, "dense": [625, 625], "dropout": 0.3, "models": 1},
    7: {"convs": [32, 64, 128], "conv_bias": False, "dense": [625, 625], "dropout": 0.3, "models": 1},
    # tf.layers with the document's rate=keep_prob (drops 70 %), as the lessons run it.
    8: {"convs": [32, 64, 128], "conv_bias": True, "dense": [2048], "dropout": 0.7, "models": 1},
    9: {"convs": [32, 64, 128], "conv_bias": True, "dense": [2048], "dropout": 0.7, "models": 2},
}


def build(K, net):
    """One model of ``net`` with Keras module ``K`` (tf_keras or Keras 3)."""
    L = K.layers
    layers = [K.Input(shape=(784,)), L.Reshape((28, 28, 1))]
    for filters in net["convs"]:
        layers += [
            L.Conv2D(filters, 3, padding="same", activation="relu", use_bias=net["conv_bias"]),
            L.MaxPooling2D(2, 2, padding="same"),
        ]
        layers += [L.Dropout(net["dropout"])] if net["dropout"] else []
    layers.append(L.Flatten())
    for units in net["dense"]:
        layers.append(L.Dense(units, activation="relu"))
        layers += [L.Dropout(net["dropout"])] if net["dropout"] else []
    layers.append(L.Dense(10))
    return K.Sequential(layers)


def conv_shapes(net):
    """(height, width, in_channels, out_channels) of each convolution, for 28x28x1 input."""
    size, channels, shapes = 28, 1, []
    for filters in net["convs"]:
        shapes.append((size, size, channels, filters))
        size, channels = -(-size // 2), filters  # SAME pooling rounds up: 28 14 7 4
    return shapes, size * size * channels


def train_flops_per_step(net) -> float:
    shapes, flat = conv_shapes(net)
    forward = sum(2 * h * w * cin * cout * 9 for h, w, cin, cout in shapes)
    width = flat
    for units in net["dense"] + [10]:
        forward += 2 * width * units
        width = units
    return 3 * forward * BATCH * net["models"]


def keras_fit_seconds(models, images, labels, steps):
    n = steps * BATCH
    start = time.perf_counter()
    for model in models:
        model.fit(images[:n], labels[:n], batch_size=BATCH, epochs=1, verbose=0, shuffle=True)
    return time.perf_counter() - start


def compiled_models(K, net, jit):
    models = [build(K, net) for _ in range(net["models"])]
    for model in models:
        model.compile(
            K.optimizers.Adam(0.001, epsilon=1e-8), K.losses.CategoricalCrossentropy(from_logits=True), jit_compile=jit
        )
    return models


def mnist_arrays():
    from tf1_lessons.datasets import mnist

    sets = mnist.read_data_sets(None, one_hot=True)
    return sets.train.images, sets.train.labels.astype(np.float32)


# -- the Keras 3 side, in its own process --------------------------------------------------------


def keras3_worker(number: int, steps: int, jit: bool) -> None:
    """Builds and warms the Keras 3 models, then times one fit per line read from stdin."""
    from tf1_lessons._quiet import startup_lines_filtered

    with startup_lines_filtered():
        import keras
        import tensorflow

        tensorflow.config.list_physical_devices()  # the CUDA probe, inside the filter

    images, labels = mnist_arrays()
    net = NETWORKS[number]
    sides = {"keras3": compiled_models(keras, net, False)}
    if jit:
        sides["keras3_jit"] = compiled_models(keras, net, True)
    for models in sides.values():
        keras_fit_seconds(models, images, labels, 10)  # warm-up: tracing (and XLA compilation)
    print(json.dumps({"ready": keras.__version__}), flush=True)
    for line in sys.stdin:
        if line.strip() != "time":
            break
        print(json.dumps({k: keras_fit_seconds(m, images, labels, steps) for k, m in sides.items()}), flush=True)


class Keras3:
    def __init__(self, number, steps, jit):
        env = {**os.environ, "TF_USE_LEGACY_KERAS": "0", "TF_CPP_MIN_LOG_LEVEL": "2"}
        argv = [sys.executable, __file__, "--keras3-worker", str(number), "--steps", str(steps)] + (
            ["--jit"] if jit else []
        )
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        self.version = json.loads(self._read())["ready"]

    def _read(self):
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the Keras 3 worker stopped (exit {self.proc.wait()})")
        return line

    def time(self) -> dict:
        self.proc.stdin.write("time\n")
        self.proc.stdin.flush()
        return json.loads(self._read())

    def close(self):
        self.proc.stdin.write("quit\n")
        self.proc.stdin.close()
        self.proc.wait()


# -- the machine's measured peak ------------------------------------------------------------------


def gflops(fn, flops, repeats=10):
    fn()  # trace and warm
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return flops / statistics.median(times) / 1e9


def measured_peaks(net):
    from tf1_lessons.compat import tf

    n = 2048
    a = tf.random.normal([n, n])
    shapes, _ = conv_shapes(net)
    h, w, cin, cout = max(shapes, key=lambda s: s[0] * s[1] * s[2] * s[3])
    x, k = tf.random.normal([BATCH, h, w, cin]), tf.random.normal([3, 3, cin, cout])

    # Named functions: AutoGraph cannot read the source of lambdas that share a line.
    @tf.function
    def matmul():
        return tf.matmul(a, a)

    @tf.function
    def conv():
        return tf.nn.conv2d(x, k, 1, "SAME")

    return {
        "matmul": gflops(lambda: matmul().numpy(), 2 * n**3),
        "conv": gflops(lambda: conv().numpy(), 2 * BATCH * h * w * cin * cout * 9),
        "conv_shape": f"{h}x{w}x{cin}->{cout}",
    }


# -- one lesson -------------------------------------------------------------------------------------


def graph_seconds(lesson, steps):
    """Seconds of the lesson program's training ``Session.run`` calls for ``steps`` batches, warm,
    measured in a process of its own (the program runs under the TF1 runtime, process-wide, as
    ``tf1-lessons run`` runs it; this process keeps TF 2 for the Keras contenders)."""
    done = subprocess.run(
        [sys.executable, __file__, "--graph-worker", str(lesson.meta["number"]), "--steps", str(steps)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"lesson {lesson.name}'s program failed:\n{done.stderr[-3000:]}")
    return float(done.stdout.strip().splitlines()[-1])


def graph_worker(number: int, steps: int) -> None:
    """The program's run, its training calls timed as the program makes them (its ``feed_dict``,
    its fetches; a training call fetches an Operation, the optimizer's update). The first WARM
    steps are left out: a fresh Session allocates on its first steps. Graph building, data
    loading and the evaluation are not training and not timed."""
    import tempfile

    from tf1_lessons import lessonrun, registry
    from tf1_lessons.tf1 import runner, runtime

    lesson = next(x for x in registry.discover(ROOT / "lessons").values() if x.meta["number"] == number)
    runtime.install()
    from tf1_lessons.compat import tf, v1

    durations, updates, real_run = [], set(), v1.Session.run

    def timed_run(self, fetches, *args, **kwargs):
        start = time.perf_counter()
        try:
            return real_run(self, fetches, *args, **kwargs)
        finally:
            ops = [f for f in tf.nest.flatten(fetches) if isinstance(f, tf.Operation)]
            if ops:
                durations.append(time.perf_counter() - start)
                updates.update(ops)

    v1.Session.run = timed_run
    settings = lessonrun.settings(lesson, {"epochs": 1})
    with tempfile.TemporaryDirectory() as tmp:
        program = Path(tmp) / "program.py"
        program.write_text(lessonrun.source(lesson, "graph"), encoding="utf-8")
        per_step = 2 if number == 9 else 1  # the ensemble trains two models on each batch
        with contextlib.redirect_stdout(io.StringIO()):
            runner.run(program, [], seed=0, max_steps=(steps + WARM) * per_step, settings=settings, train_size=None)
    # The initializer, also an Operation, comes first and is skipped with the warm-up steps.
    training = durations[-(steps + WARM) * per_step :]
    print(sum(training[WARM * per_step :]))


def spread(values):
    return f"{statistics.median(values):.1f} ({min(values):.1f}-{max(values):.1f})"


def bench_lesson(lesson, number, steps, rounds, jit, images, labels):
    from tf1_lessons.compat import seed, tf

    net = NETWORKS[number]
    keras3 = Keras3(number, steps, jit)
    seed(0)
    keras2 = compiled_models(tf.keras, net, False)
    keras_fit_seconds(keras2, images, labels, 10)  # warm-up: tracing
    graph_seconds(lesson, 5)  # warm-up: first graph build, kernels, data cache
    per_epoch = BATCHES_PER_EPOCH / steps
    times = {"graph": [], "keras2": []}
    try:
        for _ in range(rounds):
            times["graph"].append(graph_seconds(lesson, steps) * per_epoch)
            times["keras2"].append(keras_fit_seconds(keras2, images, labels, steps) * per_epoch)
            for side, seconds in keras3.time().items():
                times.setdefault(side, []).append(seconds * per_epoch)
    finally:
        keras3.close()
    return times, keras3.version


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--lesson", type=int, choices=sorted(NETWORKS), action="append", help="repeatable; default: all"
    )
    parser.add_argument("--steps", type=int, default=100, help="timed batches per measurement (default 100)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds per lesson (default 5, at least 5)")
    parser.add_argument(
        "--jit",
        action="store_true",
        help="add Keras 3 with jit_compile=True (slow on CPU: 2x lesson 5's time, and about 41 s per fit "
        "call for lessons 6-8)",
    )
    parser.add_argument("--keras3-worker", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--graph-worker", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.steps < 1:
        parser.error("--steps must be at least 1")
    if args.keras3_worker is not None:
        return keras3_worker(args.keras3_worker, args.steps, args.jit)
    if args.graph_worker is not None:
        return graph_worker(args.graph_worker, args.steps)
    if args.rounds < 5:
        parser.error("--rounds must be at least 5: a median of fewer says little on a machine whose speed drifts")

    from tf1_lessons import registry
    from tf1_lessons.compat import tf

    by_number = {lesson.meta["number"]: lesson for lesson in registry.discover(ROOT / "lessons").values()}
    images, labels = mnist_arrays()
    print(
        f"TensorFlow {tf.__version__}; {os.cpu_count()} CPUs; {args.rounds} rounds of {args.steps} batches; "
        f"seconds per {BATCHES_PER_EPOCH}-batch epoch, median (min-max)\n",
        flush=True,
    )
    rows = []
    for number in args.lesson or sorted(NETWORKS):
        lesson, net = by_number[number], NETWORKS[number]
        times, k3_version = bench_lesson(lesson, number, args.steps, args.rounds, args.jit, images, labels)
        peaks = measured_peaks(net)
        ratios = [g / k for g, k in zip(times["graph"], times["keras2"], strict=False)]
        ratios3 = [g / k for g, k in zip(times["graph"], times["keras3"], strict=False)]
        step_flops = train_flops_per_step(net)
        achieved = step_flops / (statistics.median(times["graph"]) / BATCHES_PER_EPOCH) / 1e9
        row = {
            "lesson": f"{number} {lesson.name}",
            **{k: spread(v) for k, v in times.items()},
            "graph/keras2": f"{statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})",
            "graph/keras3": f"{statistics.median(ratios3):.2f} ({min(ratios3):.2f}-{max(ratios3):.2f})",
            "GFLOP/step": f"{step_flops / 1e9:.2f}",
            "graph GFLOP/s": f"{achieved:.1f}",
            "% of matmul peak": f"{achieved / peaks['matmul']:.0%} of {peaks['matmul']:.0f}",
            "% of conv peak": f"{achieved / peaks['conv']:.0%} of {peaks['conv']:.0f} ({peaks['conv_shape']})",
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    print(f"\nKeras 3 is {k3_version}. Markdown:\n")
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |\n|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(row.get(k, "") for k in keys) + " |")


if __name__ == "__main__":
    main()

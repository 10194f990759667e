"""tf.estimator's inputs, contrib.factorization.KMeans and their refusals, run under `exec` (the
TF1 runtime changes the whole process, so each probe is a script in its own process) and held
against hand computations and against batches TensorFlow 1.15.5 produced."""

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest


def exec_script(tmp_path, source, *args):
    script = tmp_path / "probe.py"
    script.write_text(textwrap.dedent(source))
    done = subprocess.run(
        [sys.executable, "-m", "tf1_lessons.cli", "exec", *args, str(script)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done


PROBE = """
import json
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow.contrib.factorization import KMeans

out = {}

def batches(fn, seed=3, limit=12):
    with tf.Graph().as_default():
        tf.set_random_seed(seed)
        result = fn()
        labels = result[1] if isinstance(result, tuple) else result
        got = []
        with tf.train.MonitoredSession() as s:
            while not s.should_stop() and len(got) < limit:
                got.append([int(v) for v in s.run(labels)])
        return got

x = {"a": np.arange(10, dtype=np.float32), "b": np.arange(10, 20, dtype=np.float32)}
y = np.arange(10, dtype=np.int64)
inputs = tf.estimator.inputs
out["ordered"] = batches(inputs.numpy_input_fn(x, y, batch_size=3, num_epochs=2, shuffle=False))
out["endless"] = batches(inputs.numpy_input_fn(x, y, batch_size=4, num_epochs=None, shuffle=False))[:4]
out["shuffled"] = batches(inputs.numpy_input_fn(x, y, batch_size=3, num_epochs=1, shuffle=True))
out["shuffled_again"] = batches(inputs.numpy_input_fn(x, y, batch_size=3, num_epochs=1, shuffle=True))
out["shuffled_other_seed"] = batches(inputs.numpy_input_fn(x, y, batch_size=3, num_epochs=1, shuffle=True), seed=4)
frame = pd.DataFrame({"rooms": np.arange(5.0), "age": np.arange(5.0) * 10})
with tf.Graph().as_default():
    features, target = inputs.pandas_input_fn(frame, pd.Series(np.arange(5) * 2), batch_size=5, shuffle=False)()
    with tf.train.MonitoredSession() as s:
        f, t = s.run([features, target])
out["pandas"] = {"keys": sorted(f), "rooms": f["rooms"].tolist(), "target": t.tolist()}
try:
    inputs.numpy_input_fn(x, y)
except ValueError as e:
    out["no_shuffle"] = str(e)

points = np.array([[0, 0], [0, 1], [1, 0], [10, 10], [10, 11], [11, 10], [4, 4]], dtype=np.float32)
def kmeans(steps, **kwargs):
    with tf.Graph().as_default():
        X = tf.placeholder(tf.float32, [None, 2])
        all_scores, idx, scores, initialized, init_op, train_op = KMeans(X, 2, **kwargs).training_graph()
        centers = tf.get_default_graph().get_tensor_by_name("clusters:0")
        with tf.Session() as s:
            s.run(tf.global_variables_initializer(), {X: points})
            s.run(init_op, {X: points})
            first = s.run(centers).tolist()
            for _ in range(steps):
                s.run(train_op, {X: points})
            return {"first": first, "centers": s.run(centers).tolist(), "idx": s.run(idx[0], {X: points}).tolist(),
                    "scores": s.run(scores[0], {X: points}).tolist(),
                    "all_scores": s.run(all_scores[0], {X: points}).tolist(),
                    "initialized": bool(s.run(initialized))}
start = np.array([[0, 0], [4, 4]], dtype=np.float32)
out["lloyd"] = kmeans(1, initial_clusters=start)
out["lloyd_converged"] = kmeans(10, initial_clusters=start)
out["cosine"] = kmeans(0, initial_clusters=np.array([[1, 0], [0, 1]], np.float32), distance_metric="cosine")
out["mini_batch"] = kmeans(1, initial_clusters=start, use_mini_batch=True)
out["random"] = kmeans(0)
out["plus_plus"] = kmeans(0, initial_clusters="kmeans_plus_plus")
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    done = exec_script(tmp_path_factory.mktemp("probe"), PROBE, "--seed", "0")
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_numpy_input_fn_gives_tf_1_15s_batches(probe):
    # Recorded by running the same probe under TensorFlow 1.15.5 (Python 3.7): the rows in
    # order, epoch after epoch, the last batch short with num_epochs and always full without.
    assert probe["ordered"] == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 0, 1], [2, 3, 4], [5, 6, 7], [8, 9]]
    assert probe["endless"] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 0, 1], [2, 3, 4, 5]]


def test_shuffled_batches_cover_the_epoch_once_and_follow_the_graph_seed(probe):
    rows = sorted(r for batch in probe["shuffled"] for r in batch)
    assert rows == list(range(10)) and [len(b) for b in probe["shuffled"]] == [3, 3, 3, 1]
    assert probe["shuffled"] != [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    assert probe["shuffled_again"] == probe["shuffled"]  # same graph seed: same batches
    assert probe["shuffled_other_seed"] != probe["shuffled"]


def test_pandas_input_fn_and_the_shuffle_argument(probe):
    assert probe["pandas"] == {"keys": ["age", "rooms"], "rooms": [0.0, 1.0, 2.0, 3.0, 4.0], "target": [0, 2, 4, 6, 8]}
    assert probe["no_shuffle"].startswith("shuffle must be provided and explicitly set as boolean")


POINTS = np.array([[0, 0], [0, 1], [1, 0], [10, 10], [10, 11], [11, 10], [4, 4]], dtype=np.float64)


def test_kmeans_lloyd_step_against_a_hand_computation(probe):
    # From centers (0,0) and (4,4): (4,4) is nearer the second, so the step moves the first to
    # the mean of the three points near the origin and the second to the mean of the other four.
    lloyd = probe["lloyd"]
    assert lloyd["first"] == [[0, 0], [4, 4]] and lloyd["initialized"]
    expected = [POINTS[:3].mean(0), POINTS[3:].mean(0)]
    assert np.allclose(lloyd["centers"], expected, atol=1e-5)  # (epsilon 1e-6 in the denominator)
    # Converged: (4,4) joins the origin's cluster, and the scores are squared distances.
    done = probe["lloyd_converged"]
    assert done["idx"] == [0, 0, 0, 1, 1, 1, 0]
    centers = np.array([POINTS[[0, 1, 2, 6]].mean(0), POINTS[3:6].mean(0)])
    assert np.allclose(done["centers"], centers, atol=1e-5)
    squared = ((POINTS[:, None, :] - centers[None]) ** 2).sum(-1)
    assert np.allclose(done["scores"], squared.min(1), rtol=1e-5, atol=1e-4)
    assert np.allclose(done["all_scores"], squared, rtol=1e-5, atol=1e-4)


def test_kmeans_cosine_scores_and_the_mini_batch_update(probe):
    # Cosine: rows and centers normalised; all_scores = 1 - cos, and the nearest score half the
    # squared distance between the unit vectors (1 - cos too, except for the zero row, which
    # normalises to (0,0): half of |0 - c|^2 = 0.5).
    unit = POINTS / np.maximum(np.linalg.norm(POINTS, axis=1, keepdims=True), 1e-12)
    cos = unit @ np.eye(2).T
    assert np.allclose(probe["cosine"]["all_scores"], 1 - cos, atol=1e-6)
    halved = 0.5 * ((unit[:, None, :] - np.eye(2)[None]) ** 2).sum(-1)
    assert np.allclose(probe["cosine"]["scores"], halved.min(1), atol=1e-6)
    assert probe["cosine"]["scores"][0] == 0.5 and probe["cosine"]["idx"][1:3] == [1, 0]
    # Mini-batch, counts starting at 1: center += (sum of its points - n * center) / (1 + n).
    start = np.array([[0.0, 0.0], [4.0, 4.0]])
    first = start[0] + (POINTS[:3].sum(0) - 3 * start[0]) / 4
    second = start[1] + (POINTS[3:].sum(0) - 4 * start[1]) / 5
    assert np.allclose(probe["mini_batch"]["centers"], [first, second], atol=1e-5)


def test_kmeans_initialisations_pick_data_rows(probe):
    for name in ("random", "plus_plus"):
        chosen = [tuple(c) for c in probe[name]["first"]]
        assert len(chosen) == 2 and all(c in [tuple(p) for p in POINTS] for c in chosen), name
    # k-means++ spreads its seeds: never two points of the same corner.
    a, b = np.array(probe["plus_plus"]["first"])
    assert np.linalg.norm(a - b) > 5


def test_unprovided_estimator_parts_stop_with_status_3(tmp_path):
    done = exec_script(
        tmp_path,
        """
        import tensorflow as tf
        def model_fn(features, labels, mode):
            return tf.estimator.EstimatorSpec(mode, predictions=features)
        estimator = tf.estimator.Estimator(model_fn, model_dir="m")
        estimator.export_saved_model("export", lambda: None, experimental_mode=tf.estimator.ModeKeys.TRAIN)
        """,
    )
    assert done.returncode == 3, done.stderr[-2000:]
    assert "probe.py:6: tf.estimator.Estimator.export_saved_model(experimental_mode='train')" in done.stderr
    assert "Instead: export in PREDICT mode" in done.stderr and "Traceback" not in done.stderr


EXPORT = """
import os
import numpy as np
import tensorflow as tf

def model_fn(features, labels, mode):
    out = tf.layers.dense(features["x"], 1)
    if mode == tf.estimator.ModeKeys.PREDICT:
        return tf.estimator.EstimatorSpec(mode, predictions={"y": out})
    loss = tf.losses.mean_squared_error(labels, out)
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=tf.train.GradientDescentOptimizer(0.1).minimize(
        loss, tf.train.get_global_step()))

estimator = tf.estimator.Estimator(model_fn, model_dir="m")
receiver = tf.estimator.export.build_raw_serving_input_receiver_fn({"x": tf.placeholder(tf.float32, [None, 2])})
try:
    estimator.export_saved_model("export", receiver)
except ValueError as exc:
    print("untrained:", exc)
x = np.ones((8, 2), np.float32)
estimator.train(tf.estimator.inputs.numpy_input_fn({"x": x}, x[:, :1], batch_size=4, shuffle=False), steps=2)
try:
    estimator.export_saved_model("export", receiver, assets_extra={"vocab.txt": "no-such-file.txt"})
except (IOError, OSError) as exc:
    print("failed:", type(exc).__name__)
print("left:", sorted(os.listdir("export")))
path = estimator.export_saved_model("export", receiver)
names = sorted(os.listdir("export"))
print("left:", [name.isdigit() for name in names], os.path.isfile(os.path.join(path, b"saved_model.pb")))
"""


def test_a_failed_export_leaves_nothing_half_written(tmp_path):
    """The SavedModel is written under temp-<stamp> and renamed when whole; a failure removes it."""
    done = exec_script(tmp_path, EXPORT)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("untrained: Couldn't find trained model at m")
    assert lines[1:] == ["failed: FileNotFoundError", "left: []", "left: [True] True"]

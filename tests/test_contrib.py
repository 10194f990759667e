"""tf1-lessons' tf.contrib pieces and TF1 input_data, against hand-computed values and TF1's
documented definitions (each test builds its own graph; nothing here switches the process to
graph mode)."""

import math

import numpy as np
import pytest

from tf1_lessons.compat import tf, v1
from tf1_lessons.tf1 import table
from tf1_lessons.tf1.contrib import framework, layers, rnn, seq2seq


def run(build):
    """Build in a fresh seeded graph, initialise, and return the session's values of ``build()``."""
    g = tf.Graph()
    with g.as_default():
        v1.set_random_seed(1)
        fetches = build()
        with v1.Session(graph=g) as sess:
            sess.run(v1.global_variables_initializer())
            return sess.run(fetches), g


def test_sequence_loss_is_the_weighted_mean_cross_entropy():
    logits = np.array([[[2.0, 0.5, -1.0], [0.1, 0.2, 0.3]], [[1.0, 1.0, 1.0], [-2.0, 3.0, 0.0]]], np.float32)
    targets = np.array([[0, 2], [1, 1]], np.int32)
    weights = np.array([[1.0, 0.5], [0.0, 2.0]], np.float32)
    log_softmax = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
    token = -np.take_along_axis(log_softmax, targets[..., None], -1)[..., 0]
    expected_mean = (token * weights).sum() / weights.sum()
    expected_per_step = (token * weights).sum(0) / weights.sum(0)
    (mean, per_step, summed), _ = run(
        lambda: (
            seq2seq.sequence_loss(tf.constant(logits), tf.constant(targets), tf.constant(weights)),
            seq2seq.sequence_loss(
                tf.constant(logits), tf.constant(targets), tf.constant(weights), average_across_timesteps=False
            ),
            seq2seq.sequence_loss(
                tf.constant(logits),
                tf.constant(targets),
                tf.constant(weights),
                average_across_timesteps=False,
                average_across_batch=False,
                sum_over_timesteps=True,
                sum_over_batch=True,
            ),
        )
    )
    assert mean == pytest.approx(expected_mean, rel=1e-6)
    assert per_step == pytest.approx(expected_per_step, rel=1e-6)
    assert summed == pytest.approx((token * weights).sum() / 3, rel=1e-6)  # 3 non-zero weights
    with pytest.raises(ValueError, match="cannot be set to True at same time"):
        seq2seq.sequence_loss(tf.constant(logits), tf.constant(targets), tf.constant(weights), sum_over_timesteps=True)


def test_regularizers_are_scale_times_l1_and_half_l2():
    w = np.array([[1.0, -2.0], [3.0, -0.5]], np.float32)
    (l1, l2), _ = run(lambda: (layers.l1_regularizer(0.1)(tf.constant(w)), layers.l2_regularizer(0.1)(tf.constant(w))))
    assert l1 == pytest.approx(0.1 * 6.5) and l2 == pytest.approx(0.1 * (1 + 4 + 9 + 0.25) / 2)
    assert layers.l2_regularizer(0.0)(tf.constant(w)) is None
    with pytest.raises(ValueError, match="less than 0"):
        layers.l1_regularizer(-1.0)


def test_variance_scaling_matches_contribs_stddev_and_limit():
    (normal, uniform), _ = run(
        lambda: (
            v1.get_variable(
                "n", [400, 500], initializer=layers.variance_scaling_initializer()
            ),  # He: factor 2, fan_in 400
            v1.get_variable(
                "u", [400, 500], initializer=layers.variance_scaling_initializer(1.0, "FAN_AVG", uniform=True)
            ),
        )
    )
    # contrib: truncated_normal(stddev=sqrt(1.3 * 2 / 400)), cut at 2 of those stddevs; a normal
    # cut at 2 sigma keeps 0.8796 of its standard deviation. Uniform on +-sqrt(3 / 450).
    stddev = math.sqrt(1.3 * 2 / 400)
    assert np.abs(normal).max() <= 2 * stddev * 1.0001
    assert normal.std() == pytest.approx(0.8796 * stddev, rel=0.01)
    assert np.abs(uniform).max() == pytest.approx(math.sqrt(3 / 450), rel=0.01)


def test_fully_connected_defaults_names_and_arg_scope():
    x = np.array([[1.0, -1.0, 2.0]], np.float32)

    def build():
        a = layers.fully_connected(tf.constant(x), 4, weights_initializer=v1.constant_initializer(-1.0))
        with framework.arg_scope(
            [layers.fully_connected], activation_fn=None, biases_initializer=v1.constant_initializer(0.5)
        ):
            b = layers.fully_connected(tf.constant(x), 4, weights_initializer=v1.constant_initializer(-1.0))
            c = layers.fully_connected(tf.constant(x), 2, activation_fn=tf.nn.relu, scope="explicit")
        return a, b, c

    (a, b, c), g = run(build)
    assert a.tolist() == [[0.0] * 4]  # -(1 - 1 + 2) = -2 through the default ReLU
    assert b.tolist() == [[-1.5] * 4]  # no activation, biases 0.5 from the scope
    assert (c >= 0).all()  # an explicit argument beats the scope
    names = sorted(v.name for v in g.get_collection(v1.GraphKeys.GLOBAL_VARIABLES))
    assert names == [
        "explicit/biases:0",
        "explicit/weights:0",
        "fully_connected/biases:0",
        "fully_connected/weights:0",
        "fully_connected_1/biases:0",
        "fully_connected_1/weights:0",
    ]
    with (
        pytest.raises(ValueError, match="is not decorated with @add_arg_scope"),
        framework.arg_scope([tf.nn.relu], name="x"),
    ):
        pass


def test_batch_norm_normalises_and_updates_its_moving_averages():
    x = np.array([[1.0, 10.0], [3.0, 20.0], [5.0, 60.0]], np.float32)
    holder = {}

    def build():
        out = layers.batch_norm(tf.constant(x), decay=0.9, is_training=True, scale=True)
        holder["update"] = v1.get_collection(v1.GraphKeys.UPDATE_OPS)
        return out

    g = tf.Graph()
    with g.as_default():
        out = build()
        moving = [v for v in g.get_collection(v1.GraphKeys.GLOBAL_VARIABLES) if "moving" in v.name]
        with v1.Session(graph=g) as sess:
            sess.run(v1.global_variables_initializer())
            normalised, _ = sess.run([out, holder["update"]])
            mean, variance = sess.run(moving)
    expected = (x - x.mean(0)) / np.sqrt(x.var(0) + 0.001)
    assert normalised == pytest.approx(expected, rel=1e-4, abs=1e-5)
    assert len(holder["update"]) == 2  # in UPDATE_OPS, for the train op to depend on
    assert mean == pytest.approx(0.1 * x.mean(0), rel=1e-5)  # 0.9 * 0 + 0.1 * batch mean
    # A 2-D input took TF 1.15's fused kernel, whose batch variance is the unbiased one: TF 1.15.5
    # printed moving variances [1.3, 70.9] for this input.
    assert variance == pytest.approx(0.9 + 0.1 * x.var(0, ddof=1), rel=1e-5)
    assert variance.tolist() == pytest.approx([1.3, 70.9], rel=1e-6)


def test_dropout_is_the_identity_outside_training_and_scales_inside():
    x = np.ones([1000], np.float32)
    (off, on), _ = run(
        lambda: (
            layers.dropout(tf.constant(x), 0.5, is_training=False),
            layers.dropout(tf.constant(x), 0.5, is_training=True),
        )
    )
    assert off.tolist() == x.tolist()
    assert set(np.unique(on)) == {0.0, 2.0} and 0.4 < (on == 0).mean() < 0.6


def test_contrib_rnn_is_tf1s_rnn_cell_module():
    assert rnn.BasicLSTMCell is v1.nn.rnn_cell.BasicLSTMCell and rnn.static_rnn is v1.nn.static_rnn


def test_table_classifies_native_provided_and_missing():
    assert table.classify("nn.relu").status == table.NATIVE
    assert table.classify("contrib.layers.batch_norm").status == table.PROVIDED
    assert table.classify("examples.tutorials.mnist.input_data.read_data_sets").status == table.PROVIDED
    assert table.classify("estimator.DNNClassifier").status == table.PROVIDED
    assert table.classify("estimator.inputs.numpy_input_fn").status == table.PROVIDED
    assert table.classify("estimator.BoostedTreesClassifier").status == table.MISSING
    assert "not Foo" in table.classify("estimator.Foo").why
    # contrib.learn is removed; its MNIST and CSV loaders and preprocessing are provided; its estimators
    # are refused naming tf.estimator's, and its other names stay refused
    assert table.classify("contrib.learn.datasets.load_dataset").status == table.PROVIDED
    assert table.classify("contrib.learn.preprocessing.VocabularyProcessor").status == table.PROVIDED
    assert table.classify("contrib.learn.Estimator").instead == "tf.estimator.Estimator"
    assert "contrib.learn (the estimator precursor)" in table.classify("contrib.learn.monitors").why
    assert table.classify("contrib.factorization.KMeans").status == table.PROVIDED
    assert table.classify("contrib.factorization.GMM").status == table.MISSING
    assert table.classify("contrib.slim.nets").status == table.PROVIDED  # tf-slim's
    assert table.classify("contrib.slim.no_such_layer").status == table.MISSING
    assert table.classify("contrib.distributions").status == table.MISSING
    missing = table.classify("contrib.layers.sparse_column_with_hash_bucket")
    assert missing.status == table.MISSING and "not sparse_column_with_hash_bucket" in missing.why
    assert table.classify("contrib.layers.embed_sequence").status == table.PROVIDED
    assert table.classify("contrib.keras.layers.Dense").status == table.PROVIDED
    assert table.classify("no_such_thing").status == table.MISSING


def test_input_data_batches_follow_the_graph_seed_and_numpys_global_generator(tmp_path):
    from tf1_lessons.tf1.examples import DataSet

    images = np.arange(10 * 4, dtype=np.uint8).reshape(10, 2, 2)
    labels = np.arange(10)

    def first_batch(draw_between):
        with tf.Graph().as_default():
            v1.set_random_seed(5)
            data = DataSet(images, labels)
            if draw_between:
                np.random.rand()  # TF1 shuffled with numpy's global generator: this moves the order
            return data.next_batch(4)[1].tolist()

    perm = np.arange(10)
    np.random.RandomState(5).shuffle(perm)  # TF1: numpy.random.seed(graph seed), then shuffle
    assert first_batch(False) == perm[:4].tolist()
    assert first_batch(True) != perm[:4].tolist()


def _elements(dataset):
    """Every element of ``dataset``, from a graph of its own."""
    g = tf.Graph()
    with g.as_default():
        v1.set_random_seed(0)  # op determinism may be on in this process (a lesson test turned it on)
        next_element = v1.data.make_one_shot_iterator(dataset()).get_next()
        out = []
        with v1.Session(graph=g) as sess:
            while True:
                try:
                    out.append(sess.run(next_element))
                except tf.errors.OutOfRangeError:
                    return out


def test_contrib_datas_own_transformations_as_their_deprecation_notices_said():
    from tf1_lessons.tf1.contrib import data

    D = tf.data.Dataset
    pairs = lambda: D.from_tensor_slices((np.arange(7), np.arange(7) * 10))  # noqa: E731
    windows = _elements(lambda: pairs().apply(data.sliding_window_batch(3, stride=2)))
    assert [(a.tolist(), b.tolist()) for a, b in windows] == [([0, 1, 2], [0, 10, 20]), ([2, 3, 4], [20, 30, 40]),
                                                             ([4, 5, 6], [40, 50, 60])]  # fmt: skip
    ragged = lambda: D.range(1, 6).map(lambda n: tf.fill([n], n))  # noqa: E731
    padded = _elements(lambda: ragged().apply(data.padded_batch_and_drop_remainder(2, [None])))
    assert [p.tolist() for p in padded] == [[[1, 0], [2, 2]], [[3, 3, 3, 0], [4, 4, 4, 4]]]  # the 5 is dropped
    shaped = lambda: D.from_tensor_slices(np.zeros((4, 3), np.float32)).apply(  # noqa: E731
        data.assert_element_shape(tf.TensorShape([3]))
    )
    assert len(_elements(shaped)) == 4
    g = tf.Graph()
    with g.as_default():
        v1.set_random_seed(0)
        reducer = data.Reducer(lambda key: tf.constant(0, tf.int64), lambda s, v: s + v, lambda s: s * 2)
        total = data.reduce_dataset(D.range(5), reducer)
        with v1.Session(graph=g) as sess:
            assert sess.run(total) == 20


def test_contrib_data_lacks_what_tf_2_lacks_and_says_so():
    assert table.classify("contrib.data.map_and_batch").status == table.PROVIDED
    for name in ("LMDBDataset", "CheckpointInputPipelineHook"):
        verdict = table.classify(f"contrib.data.{name}")
        assert verdict.status == table.MISSING and verdict.instead


def test_learn_datasets_load_iris_and_boston_as_tf_1_15_did(tmp_path):
    """Iris as TF 1.15 shipped it (scikit-learn's copy, its two later-corrected samples as they
    were), bit for bit, and Boston's reader on a given file: what TF 1.15.5 printed."""
    import subprocess
    import sys

    from tests.test_checkpoints import ROOT, exec_

    probe = ROOT / "tests" / "tf1_learn" / "learn_datasets.py"
    recorded = probe.with_suffix(".tf115.txt").read_text(encoding="utf-8").splitlines()
    assert exec_(probe, tmp_path / "out", cwd=tmp_path) == [line for line in recorded if not line.startswith("#")]
    # Boston's own copy shipped inside TF 1.15 and no library ships it now: exit 3, what to do.
    (tmp_path / "b.py").write_text("import tensorflow as tf\ntf.contrib.learn.datasets.load_boston()\n")
    done = subprocess.run([sys.executable, "-m", "tf1_lessons.cli", "exec", "b.py"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 3 and "b.py:2" in done.stderr and "load_boston(data_path=...)" in done.stderr, done.stderr

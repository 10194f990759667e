"""The compat layer: legacy Keras for tf.compat.v1.layers, contrib stand-ins, seeds, no global switches."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from tf1_lessons.compat import seed, tf, v1, xavier_initializer


def test_v1_layers_work_in_a_graph():
    # Under Keras 3 this raises "AttributeError: conv2d is not available with Keras 3".
    with tf.Graph().as_default():
        seed(0)  # as every lesson does; seed() turns on op determinism, which wants seeded random ops
        x = v1.placeholder(tf.float32, [None, 28, 28, 1])
        y = v1.layers.conv2d(x, 32, [3, 3], padding="SAME")
        z = v1.layers.dropout(y, rate=0.3, training=True)
        assert z.shape.as_list() == [None, 28, 28, 32]


def test_graph_lessons_leave_eager_mode_on():
    with tf.Graph().as_default():
        v1.placeholder(tf.float32)
    assert tf.executing_eagerly()


def _python(code: str, **env_changes):
    env = {k: v for k, v in os.environ.items() if k != "TF_USE_LEGACY_KERAS"}
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env, timeout=300
    )


def test_clear_error_when_keras3_was_bound_first():
    result = _python(
        """
        import tensorflow as tf
        tf.keras.layers  # binds tf.keras to Keras 3
        try:
            import tf1_lessons.compat
        except Exception as exc:
            print(type(exc).__name__, exc)
        """
    )
    assert "CompatError" in result.stdout, result.stderr[-2000:]
    assert "tf.keras" in result.stdout and "TF_USE_LEGACY_KERAS=1" in result.stdout


def test_compat_works_when_tensorflow_was_imported_but_keras_untouched():
    result = _python(
        """
        import tensorflow as tf
        from tf1_lessons.compat import v1
        with tf.Graph().as_default():
            v1.layers.dense(v1.placeholder(tf.float32, [None, 3]), 2)
        print("ok")
        """
    )
    assert result.stdout.strip().endswith("ok"), result.stderr[-2000:]


def test_clear_error_when_env_forbids_legacy_keras():
    result = _python("import tf1_lessons.compat", TF_USE_LEGACY_KERAS="0")
    assert result.returncode != 0
    assert "TF_USE_LEGACY_KERAS='0'" in result.stderr


def _init_values(initializer, shape, graph_seed):
    with tf.Graph().as_default() as g:
        v1.set_random_seed(graph_seed)
        var = v1.get_variable("w", shape=shape, initializer=initializer)
        with v1.Session(graph=g) as sess:
            sess.run(v1.global_variables_initializer())
            return sess.run(var)


def test_xavier_uniform_is_glorot_uniform_with_seed_semantics():
    shape = (300, 200)
    a = _init_values(xavier_initializer(), shape, graph_seed=1)
    b = _init_values(xavier_initializer(), shape, graph_seed=1)
    c = _init_values(xavier_initializer(), shape, graph_seed=2)
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    limit = np.sqrt(6 / sum(shape))
    assert np.abs(a).max() <= limit and np.abs(a).max() > 0.99 * limit
    assert a.var() == pytest.approx(limit**2 / 3, rel=0.02)  # variance of U(-l, l)
    assert np.array_equal(a, _init_values(v1.glorot_uniform_initializer(), shape, graph_seed=1))


def test_xavier_normal_matches_contrib_variance():
    shape = (400, 400)
    w = _init_values(xavier_initializer(uniform=False), shape, graph_seed=3)
    contrib_std = np.sqrt(1.3 / (sum(shape) / 2))
    # contrib drew from a normal truncated at 2 std, whose std is 0.8796 of the untruncated one.
    assert w.std() == pytest.approx(contrib_std * 0.87962566, rel=0.01)
    assert np.abs(w).max() <= 2 * contrib_std + 1e-6


def test_seed_makes_graph_and_eager_randomness_repeatable():
    def graph_draw(n):
        with tf.Graph().as_default() as g:
            seed(n)
            r = v1.random_normal([5])
            with v1.Session(graph=g) as sess:
                return sess.run(r), np.random.rand()

    def eager_draw(n):
        seed(n)
        return tf.random.normal([5]).numpy()

    (g1, n1), (g2, n2), (g3, _) = graph_draw(4), graph_draw(4), graph_draw(5)
    assert np.array_equal(g1, g2) and n1 == n2 and not np.array_equal(g1, g3)
    assert np.array_equal(eager_draw(4), eager_draw(4))


# -- a quiet start (issue 10, item 4) --------------------------------------------------------------

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def _stderr_lines(argv, **env):
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300, env={**os.environ, **env})
    assert done.returncode == 0, done.stderr[-3000:]
    return [line for line in done.stderr.splitlines() if line.strip()]


def test_a_lesson_run_prints_nothing_on_stderr_but_its_own_stop():
    # Before: 7 lines (absl, oneDNN and CUDA notes twice, and "failed call to cuInit"). What
    # stays is ours: the line saying that --max-steps cut the program short, as exec says it.
    import sysconfig

    from tf1_lessons import _quiet

    script = os.path.join(sysconfig.get_path("scripts"), "tf1-lessons")  # the console entry point
    lines = _stderr_lines([script, "run", "linear_regression", "--max-steps", "10"])
    if _quiet.has_nvidia_driver():  # there the CUDA lines are kept, to explain an unused GPU
        lines = [line for line in lines if not _quiet.CUDA_LINE.search(line)]
    assert lines == [
        "tf1-lessons: stopped after 10 training steps (--max-steps 10); linear_regression's program did not reach "
        "its end, so its evaluation did not run: leave out --max-steps to reach it"
    ]


def test_tf_layers_deprecation_is_one_line_once():
    # Before: 12 `tf.layers.* is deprecated` warnings of two lines each.
    lines = _stderr_lines(
        [sys.executable, "-m", "tf1_lessons.cli", "run", "layers_api", "--epochs", "1", "--train-size", "100"]
    )
    from tf1_lessons import _quiet

    if _quiet.has_nvidia_driver():
        lines = [line for line in lines if not _quiet.CUDA_LINE.search(line)]
    assert lines == [
        "note: tf.layers.* is TF1's layer API, deprecated in TF2: it runs here through legacy Keras 2 "
        "(tf-keras); TF2 code writes tf.keras.layers.* instead."
    ]


def test_startup_filter_drops_the_known_noise_and_keeps_everything_else(capfd, monkeypatch):
    from tf1_lessons import _quiet

    monkeypatch.setattr(_quiet, "has_nvidia_driver", lambda: False)
    with _quiet.startup_lines_filtered():
        os.write(
            2,
            b"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
            b"I0000 00:00:1 1 port.cc:153] oneDNN custom operations are on. You may see...\n"
            b"E0000 00:00:1 1 cuda_platform.cc:52] failed call to cuInit: INTERNAL: CUDA error\n"
            b"E0000 00:00:1 1 something_else.cc:1] a real problem\n",
        )
    assert capfd.readouterr().err == "E0000 00:00:1 1 something_else.cc:1] a real problem\n"
    # With an NVIDIA driver present the CUDA line explains why the GPU is unused: it stays.
    monkeypatch.setattr(_quiet, "has_nvidia_driver", lambda: True)
    with _quiet.startup_lines_filtered():
        os.write(2, b"E0000 00:00:1 1 cuda_platform.cc:52] failed call to cuInit: INTERNAL: CUDA error\n")
    assert "failed call to cuInit" in capfd.readouterr().err

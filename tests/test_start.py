"""``exec --save-start DIR``: the start of a program's run, for its eager twin (tf1_lessons/tf1/start.py).

The program's own initial values, by variable name, and the batches input_data served it, as
indices into the training split, so that a twin in another process starts where the program
started and sees what it saw. Checked against what the program itself holds and prints.
"""

import json

import numpy as np
import pytest

from tf1_lessons import _io
from tf1_lessons.tf1 import start

from .test_exec import LESSON_PROGRAMS, exec_argv, run

PROGRAM = """\
import hashlib, json, sys
import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data
mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)
tf.set_random_seed(3)
X = tf.placeholder(tf.float32, [None, 784])
Y = tf.placeholder(tf.float32, [None, 10])
W = tf.Variable(tf.random_normal([784, 10], stddev=0.1))
b = tf.Variable(tf.zeros([10]), name="bias")
V = tf.get_variable("dense_w", shape=[3, 2], initializer=tf.contrib.layers.xavier_initializer())
logits = tf.matmul(X, W) + b
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=Y))
train = tf.train.GradientDescentOptimizer(0.5).minimize(cost)
seen = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    start = sess.run([W, b, V])
    for step in range(7):
        xs, ys = mnist.train.next_batch(50 if step < 5 else 30)
        seen.append(hashlib.sha256(xs.tobytes() + ys.tobytes()).hexdigest())
        sess.run(train, {X: xs, Y: ys})
    sess.run(tf.global_variables_initializer())  # a second initializer run: not the start
print(json.dumps({"start": [a.tolist() for a in start], "seen": seen}))
"""


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("start")
    (folder / "p.py").write_text(PROGRAM)
    done = run(exec_argv("--seed", "0", "--train-size", "400", "--save-start", "start", "p.py"), cwd=folder)
    assert done.returncode == 0, done.stderr[-3000:]
    return folder, json.loads(done.stdout.splitlines()[-1]), done


def test_the_variables_after_the_first_initializer_run_by_name(saved):
    folder, printed, _ = saved
    variables, _ = start.load(folder / "start")
    assert list(variables) == ["Variable", "bias", "dense_w"]  # the program's order and names
    for name, value in zip(variables, printed["start"], strict=True):
        np.testing.assert_array_equal(variables[name], np.array(value, dtype=np.float32))  # bit for bit


def test_the_batches_are_the_indices_of_what_the_program_was_fed(saved):
    """A twin reading the training split itself (after the 5,000-image validation split and
    --train-size) and indexing it with the saved batches sees exactly the program's batches,
    across the end of an epoch (7 batches of 50/30 from 400 examples)."""
    import hashlib

    from tf1_lessons.datasets import mnist

    folder, printed, _ = saved
    _, batches = start.load(folder / "start")
    assert [len(b) for b in batches] == [50] * 5 + [30] * 2
    sets = mnist.read_data_sets(one_hot=True)
    images, labels = sets.train.images[:400], sets.train.labels[:400]
    assert [hashlib.sha256(images[i].tobytes() + labels[i].tobytes()).hexdigest() for i in batches] == printed["seen"]


def test_saving_the_start_changes_nothing_the_program_computes(saved, tmp_path):
    """The same run without --save-start prints the same initial values and batches: reading the
    variables adds no op (the op seeds after it are unchanged) and draws nothing."""
    folder, printed, _ = saved
    (tmp_path / "p.py").write_text(PROGRAM)
    done = run(exec_argv("--seed", "0", "--train-size", "400", "p.py"), cwd=tmp_path)
    assert json.loads(done.stdout.splitlines()[-1]) == printed


def test_the_files_are_ours_and_a_second_run_replaces_them(saved, tmp_path):
    folder, _, done = saved
    assert all(_io.ours(folder / "start" / n) for n in ("variables.npz", "batches.npz"))
    assert "the run's start saved to start/variables.npz" in done.stderr
    mine = tmp_path / "start"
    mine.mkdir()
    np.savez(mine / "variables.npz", x=np.zeros(2))  # a user's own archive of that name
    (tmp_path / "p.py").write_text(PROGRAM)
    refused = run(exec_argv("--save-start", "start", "p.py"), cwd=tmp_path)
    assert (
        refused.returncode == 2
        and "argument --save-start" in refused.stderr
        and "not a file tf1-lessons wrote" in refused.stderr
    )


def test_a_document_program_saves_its_start_by_name_in_its_order(tmp_path):
    """Document 003's deep CNN (lesson 6's program), unmodified, under exec: its variables as the
    program made them (W1 W2 W3 W4 b4 W5 b5 W6 b6, TF1's names), the same for the same seed, and
    other values for another seed."""

    def saved(seed, folder):
        done = run(
            exec_argv("--seed", str(seed), "--set", "training_epoch=1", "--train-size", "200", "--save-start", folder,
                      str(LESSON_PROGRAMS["lesson06_deep_cnn.py"])),
            cwd=tmp_path,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        return start.load(tmp_path / folder, trainable=True)

    variables, batches = saved(0, "s")
    assert len(start.load(tmp_path / "s")[0]) == 9 + 2 * 9 + 2  # and Adam's slots and beta powers
    order = ["Variable", "Variable_1", "Variable_2", "W4", "Variable_3", "W5", "Variable_4", "W6", "Variable_5"]
    shapes = [(3, 3, 1, 32), (3, 3, 32, 64), (3, 3, 64, 128), (2048, 625), (625,), (625, 625), (625,), (625, 10), (10,)]
    assert list(variables) == order and [v.shape for v in variables.values()] == shapes
    again, _ = saved(0, "s2")
    other, _ = saved(1, "s3")
    for name, value in variables.items():
        np.testing.assert_array_equal(value, again[name], err_msg=f"{name}: same seed, other values")
        assert not np.array_equal(value, other[name]), f"{name}: seed 1 drew seed 0's values"
    assert [len(b) for b in batches] == [100, 100]  # 200 examples, batches of 100, one epoch


def test_save_start_is_refused_where_it_cannot_apply(tmp_path):
    (tmp_path / "p.py").write_text("print(1)\n")
    (tmp_path / "afile").write_text("x")
    done = run(exec_argv("--save-start", "afile", "p.py"), cwd=tmp_path)
    assert done.returncode == 2 and "argument --save-start: afile is a file" in done.stderr
    done = run(exec_argv("--save-start", "s", "p.py"), cwd=tmp_path)
    assert done.returncode == 0 and "ran no variables initializer; no variables.npz" in done.stderr
    assert not (tmp_path / "s" / "variables.npz").exists()

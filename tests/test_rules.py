"""TF 1.15's two rules (op seeds, reference variables) and its control flow, as the TF1 runtime
puts them into a program's process: one program run by ``tf1-lessons exec``.

The expected numbers were printed by TensorFlow 1.15.5 (Python 3.7, this repository's reference
venv) for the same program's first part::

    tf.set_random_seed(777)
    W = tf.Variable(tf.random_normal([1]))                  # -> [2.2086694]
    ... V = b = tf.Variable([1.0])
    tf.nn.dropout(tf.ones([6]), keep_prob=0.5)              # -> [2, 2, 0, 0, 0, 0]
    ... GradientDescent(0.1) on V*x+b, x=[1,2,3,4], y=[5,8,11,14]
    sess.run([train, loss, V, b])                           # -> [None, 41.0, [4.5], [2.2]]
"""

import json
import subprocess
import sys

import numpy as np
import pytest

PROGRAM = """
import json
import tensorflow as tf

tf.set_random_seed(777)
W = tf.Variable(tf.random_normal([1]))
x, y = tf.placeholder(tf.float32), tf.placeholder(tf.float32)
V, b = tf.Variable([1.0]), tf.Variable([1.0])
dropped = tf.nn.dropout(tf.ones([6]), keep_prob=0.5)
loss = tf.reduce_mean(tf.square(V * x + b - y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    w0 = sess.run(W)
    _, l, v, bb = sess.run([train, loss, V, b], {x: [1, 2, 3, 4], y: [5, 8, 11, 14]})
    mask = sess.run(dropped)

with tf.Graph().as_default() as g:
    flag = tf.placeholder(tf.bool, [])
    tf.cond(flag, lambda: tf.ones([1]), lambda: tf.zeros([1]))
    tf.while_loop(lambda i: i < 3, lambda i: i + 1, [0])
    with tf.variable_scope("model"):
        tf.set_random_seed(3)
        kernel = tf.get_variable("W", [2, 2])
        dense = tf.layers.dense(tf.placeholder(tf.float32, [None, 2]), 3)
        forced = tf.get_variable("R", [1], use_resource=True)
    dense_variables = sorted({type(v).__name__ for v in tf.trainable_variables(scope="model/dense")})

    @tf.function
    def traced():
        return tf.cond(tf.constant(True), lambda: tf.constant(1.0), lambda: tf.constant(2.0))

    function_ops = [op.type for op in traced.get_concrete_function().graph.get_operations()]

print(json.dumps({
    "w0": w0.tolist(), "loss": float(l), "V": v.tolist(), "b": bb.tolist(), "mask": mask.tolist(),
    "graph_ops": sorted({op.type for op in g.get_operations()}),
    "kernel": type(kernel).__name__,
    "dense": dense_variables,
    "forced": type(forced).__name__,
    "function_ops": sorted(set(function_ops)),
}))
"""


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    script = tmp_path_factory.mktemp("rules") / "rules.py"
    script.write_text(PROGRAM, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "tf1_lessons.cli", "exec", str(script)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_program_prints_what_tf_1_15_printed(printed):
    assert printed["w0"] == np.float32([2.2086694]).tolist()  # the op count's seed, not TF 2's counter
    # Reference variables: fetched in the step that updates them, they come back updated.
    assert (printed["loss"], printed["V"], printed["b"]) == (41.0, [4.5], np.float32([2.2]).tolist())
    assert printed["mask"] == [2, 2, 0, 0, 0, 0]  # TF 1.15's dropout ops, so its mask


def test_graphs_build_tf1_control_flow_and_functions_tf2s(printed):
    assert {"Switch", "Merge", "Enter", "Exit"} <= set(printed["graph_ops"])
    assert not set(printed["graph_ops"]) & {"If", "StatelessIf", "While"}
    assert {"If", "StatelessIf"} & set(printed["function_ops"])  # v2 control flow, as tf.function requires


def test_scopes_make_reference_variables_unless_asked_for_resource(printed):
    assert printed["kernel"] == "RefVariable" and printed["dense"] == ["RefVariable"]
    assert printed["forced"] == "ResourceVariable"  # asked for: stays resource, as in TF1

"""TF 1.15's two rules in one graph (``compat.tf1_graph``: what the lessons' graph modes build in),
while the rest of the process keeps TF 2's.

The expected numbers were printed by TensorFlow 1.15.5 (Python 3.7, this repository's reference
venv) for the same program::

    tf.set_random_seed(777)
    W = tf.Variable(tf.random_normal([1]))                  # -> [2.2086694]
    ... V = b = tf.Variable([1.0])
    tf.nn.dropout(tf.ones([6]), keep_prob=0.5)              # -> [2, 2, 0, 0, 0, 0]
    ... GradientDescent(0.1) on V*x+b, x=[1,2,3,4], y=[5,8,11,14]
    sess.run([train, loss, V, b])                           # -> [None, 41.0, [4.5], [2.2]]
"""

import numpy as np

from tf1_lessons.compat import tf, tf1_graph, v1


def program(graph):
    with graph.as_default():
        v1.set_random_seed(777)
        W = v1.Variable(v1.random_normal([1]))
        x, y = v1.placeholder(tf.float32), v1.placeholder(tf.float32)
        V, b = v1.Variable([1.0]), v1.Variable([1.0])
        dropped = v1.nn.dropout(v1.ones([6]), keep_prob=0.5)
        loss = v1.reduce_mean(v1.square(V * x + b - y))
        train = v1.train.GradientDescentOptimizer(0.1).minimize(loss)
        with v1.Session(graph=graph) as sess:
            sess.run(v1.global_variables_initializer())
            w0 = sess.run(W)
            fetched = sess.run([train, loss, V, b], {x: [1, 2, 3, 4], y: [5, 8, 11, 14]})
            return w0, fetched, sess.run(dropped), [op.type for op in graph.get_operations()]


def test_a_tf1_graph_prints_what_tf_1_15_printed():
    w0, (_, loss, V, b), dropped, _ = program(tf1_graph())
    assert w0.tolist() == np.float32([2.2086694]).tolist()  # the op count's seed, not TF 2's counter
    # Reference variables: fetched in the step that updates them, they come back updated.
    assert (loss, V.tolist(), b.tolist()) == (41.0, [4.5], np.float32([2.2]).tolist())
    assert dropped.tolist() == [2, 2, 0, 0, 0, 0]  # TF 1.15's dropout ops, so its mask


def test_the_rest_of_the_process_keeps_tf_2s_rules():
    program(tf1_graph())  # the rules installed, for that graph
    w0, (_, loss, V, b), _, types = program(tf.Graph())
    assert w0.tolist() == np.float32([0.58597755]).tolist()  # TF 2's random-op counter
    assert (loss, V.tolist(), b.tolist()) == (41.0, [1.0], [1.0])  # resource variables: read before the update
    assert "VarHandleOp" in types and "VariableV2" not in types
    assert "SelectV2" in types  # TF 2.21's own dropout


def test_functions_keep_tf_2s_seeds_and_control_flow():
    program(tf1_graph())  # the rules installed, for that graph
    tf.random.set_seed(5)

    @tf.function
    def traced():
        v1.ones([2])  # an op first: TF 1.15's rule would count it into the seed
        branch = v1.cond(tf.constant(True), lambda: tf.constant(1.0), lambda: tf.constant(2.0))
        return tf.constant(v1.get_seed(None)), branch

    seeds, _ = traced()
    assert seeds.numpy().tolist() == [5, 0]  # TF 2's: the function graph's first random op
    ops = {op.type for op in traced.get_concrete_function().graph.get_operations()}
    assert "If" in ops or "StatelessIf" in ops  # v2 control flow, as tf.function requires


def test_a_tf1_graph_builds_tf1_control_flow():
    g = tf1_graph()
    with g.as_default():
        x = v1.placeholder(tf.bool, [])
        v1.cond(x, lambda: v1.ones([1]), lambda: v1.zeros([1]))
        v1.while_loop(lambda i: i < 3, lambda i: i + 1, [0])
    types = {op.type for op in g.get_operations()}
    assert {"Switch", "Merge", "Enter", "Exit"} <= types and not types & {"If", "StatelessIf", "While"}
    with tf.Graph().as_default() as plain:
        v1.cond(v1.placeholder(tf.bool, []), lambda: v1.ones([1]), lambda: v1.zeros([1]))
    assert "Switch" not in {op.type for op in plain.get_operations()}


def test_scopes_inside_a_tf1_graph_make_reference_variables():
    g = tf1_graph()
    with g.as_default(), v1.variable_scope("model"):
        v1.set_random_seed(3)  # op determinism (other tests turn it on) wants seeded graphs
        kernel = v1.get_variable("W", [2, 2])
        dense = v1.layers.dense(v1.placeholder(tf.float32, [None, 2]), 3)
        forced = v1.get_variable("R", [1], use_resource=True)  # asked for: stays resource, as in TF1
    assert type(kernel).__name__ == "RefVariable"
    assert {type(v).__name__ for v in g.get_collection(v1.GraphKeys.TRAINABLE_VARIABLES) if "dense" in v.name} == {
        "RefVariable"
    }
    assert dense.shape.as_list() == [None, 3]
    assert type(forced).__name__ == "ResourceVariable"

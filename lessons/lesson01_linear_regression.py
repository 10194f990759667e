"""Lesson 1: linear regression in a TF1 graph, then the same in eager TF2.

What it teaches: TF1's two phases (build a graph of ops, then run it in a Session), the
difference between a placeholder (a slot fed at run time) and a Variable (state that
survives between runs), and plain gradient descent on ``W * x + b``.

Document: ../shared/seeds/001_0362e8248c37ed0c.txt (x = [1, 2, 3, 4], y = [5, 8, 11, 14],
so the answer is W = 3, b = 2; W = b = 1 at the start, learning rate 0.1).

Expected result: the document's printout, number for number: steps 0-10 and 97-99 of a
100-step session, predictions 17.00961 and 20.014275 for x = 5 and 6; then a fresh
1,000-step session ending at W = 3.000001, b = 1.9999975, predictions 17.000002 and 20.000004.
On TensorFlow 2.21 every weight and bias is identical to the document and every loss is
identical or 1 float32 ulp away (step 9). The eager twin is bit-identical to the graph run.

Full run: about 2 s on 2 CPU cores (all 1,000 steps; the test budget is the full run).

    python lessons/lesson01_linear_regression.py             # the document, graph mode
    python lessons/lesson01_linear_regression.py --mode both # graph, eager, and their comparison
"""

import sys

from tf1_lessons.compat import seed as set_seed
from tf1_lessons.compat import tf, tf1_graph, v1
from tf1_lessons.curves import LearningCurve

LESSON = {
    "name": "linear_regression",
    "number": 1,
    "document": "001_0362e8248c37ed0c.txt",
    "title": "Linear regression W*x+b with placeholders, Variables and a Session",
    "expected": "document's numbers exactly; x=5,6 -> 17.000002, 20.000004 after 1,000 steps",
    "full_run": "2 s",
    "modes": ["graph", "eager"],
    "budget": {"steps": 1000},
    "test_budget": {"steps": 1000},
    # The same TensorFlow reproduces this lesson bit for bit; the slack (a few float32 ulps)
    # is for reassociation in a future TensorFlow. From step ~400 the loss sits on the float32
    # floor (~8e-13), where one ulp of W changes it wholesale, hence its small atol; W and b
    # keep a purely relative bound all the way.
    "golden_tolerance": {"loss": {"rtol": 1e-6, "atol": 1e-11}, "default": {"rtol": 1e-6, "atol": 0}},
    # Graph and eager run the same kernels in the same order: no difference at all.
    "twin_tolerance": {"default": {"rtol": 0, "atol": 0}},
}
BUDGET = LESSON["budget"]  # the full run; the functions' defaults below read it

x_data = [1, 2, 3, 4]
y_data = [5, 8, 11, 14]

# The steps the document shows; the lines between them it elided with "....", and so do we.
SHOWN_SHORT = set(range(11)) | {97, 98, 99}
SHOWN_LONG = set(range(11)) | set(range(995, 1000))

# What the document printed for set(dir(W)) & set(dir(x)), W - x and x - W on TF1
# (names starting with "_" left out, as the document did).
TF1_COMMON = {"device", "dtype", "eval", "get_shape", "graph", "name", "op", "set_shape", "shape"}
TF1_VARIABLE_ONLY = {
    "SaveSliceInfo", "assign", "assign_add", "assign_sub", "batch_scatter_update", "constraint",
    "count_up_to", "from_proto", "initial_value", "initialized_value", "initializer", "load",
    "read_value", "scatter_add", "scatter_nd_add", "scatter_nd_sub", "scatter_nd_update",
    "scatter_sub", "scatter_update", "to_proto", "trainable", "value",
}  # fmt: skip
TF1_PLACEHOLDER_ONLY = {"OVERLOADABLE_OPERATORS", "consumers", "value_index"}


def public(names):
    return {n for n in names if not n.startswith("_")}


def placeholder_vs_variable(W, x, verbose=True):
    """Today's answer to the document's three set expressions, next to TF1's.

    In TF1 a Variable was a *ref* variable: its value was itself a graph tensor (of a
    reference dtype), so it shared most of Tensor's surface. The lesson's graph follows TF1's
    rules (``tf1_graph``), so ``W`` is a ``RefVariable`` here too and keeps all of TF1's members;
    today's class adds a few (``aggregation``, ``synchronization``, ``sparse_read``, more
    ``scatter_*``), ``x``, a graph ``SymbolicTensor``, gains ``ndim``, and both gain
    ``ref``/``experimental_ref`` (hashable references added in TF2). In a plain TF2 graph ``W``
    would be a resource variable instead: a handle read through a ReadVariableOp.
    """
    today = {
        "set(dir(W)) & set(dir(x))": (public(set(dir(W)) & set(dir(x))), TF1_COMMON),
        "set(dir(W)) - set(dir(x))": (public(set(dir(W)) - set(dir(x))), TF1_VARIABLE_ONLY),
        "set(dir(x)) - set(dir(W))": (public(set(dir(x)) - set(dir(W))), TF1_PLACEHOLDER_ONLY),
    }
    if verbose:
        print(f"type(x) = {type(x).__name__}, type(W) = {type(W).__name__} (TF1: Tensor, RefVariable)")
        for expr, (now, tf1) in today.items():
            print(f"{expr}: {len(now)} names today, {len(tf1)} on TF1")
            print(f"  on both      : {sorted(now & tf1)}")
            print(f"  new today    : {sorted(now - tf1)}")
            print(f"  gone since TF1: {sorted(tf1 - now)}")
    return {expr: now for expr, (now, _) in today.items()}


def graph(seed=0, steps=BUDGET["steps"], verbose=True):
    """The document's program: build the graph, then a 100-step and a ``steps``-step Session."""
    curve = LearningCurve("linear_regression", "graph", seed=seed, budget={"steps": steps})
    g = tf1_graph()
    with g.as_default():
        set_seed(seed)  # nothing here is random; kept so every lesson starts the same way

        # Placeholders are filled through feed_dict each time the graph runs.
        x = v1.placeholder(tf.float32)
        y = v1.placeholder(tf.float32)

        # Variables keep their value from one sess.run to the next: that is what lets
        # training carry W and b forward. The document starts both at 1.
        W = v1.Variable([1], dtype=tf.float32)
        b = v1.Variable([1], dtype=tf.float32)

        if verbose:
            placeholder_vs_variable(W, x)

        hypothesis = W * x + b
        cost = v1.reduce_mean(v1.square(hypothesis - y))
        optimizer = v1.train.GradientDescentOptimizer(learning_rate=0.1)
        train_op = optimizer.minimize(cost)

        # The document runs two Sessions, 100 steps then 1,000. A --steps budget cuts both, so
        # the two printouts would look alike: name each one then (the full run prints exactly
        # what the document printed, without these headers).
        cut = steps != 1000
        if verbose and cut:
            short = "" if steps >= 100 else f", cut to {steps} by --steps"
            print(f"-- Session 1: the document's 100-step run{short} --")

        # 100 steps. The loss printed is computed before the step's update, W and b after it.
        sess = v1.Session(graph=g)
        sess.run(v1.global_variables_initializer())
        train(sess, train_op, cost, W, b, x, y, min(100, steps), SHOWN_SHORT, verbose)
        p5, p6 = sess.run(hypothesis, feed_dict={x: 5}), sess.run(hypothesis, feed_dict={x: 6})
        if verbose:
            print(repr(p5))  # 3*5 + 2 = 17
            print(repr(p6))  # 3*6 + 2 = 20
        curve.add_result(**{"x5_after_100": p5, "x6_after_100": p6})
        sess.close()

        # A second Session of the same graph starts from freshly initialised variables.
        if verbose and cut:
            print(f"-- Session 2: the document's 1,000-step run, {steps} steps by --steps "
                  "(a new Session: W and b start again from 1) --")
        sess2 = v1.Session(graph=g)
        sess2.run(v1.global_variables_initializer())
        train(sess2, train_op, cost, W, b, x, y, steps, SHOWN_LONG, verbose, curve)
        p5, p6 = sess2.run(hypothesis, feed_dict={x: 5}), sess2.run(hypothesis, feed_dict={x: 6})
        if verbose:
            print(repr(p5))
            print(repr(p6))
        curve.add_result(x5=p5, x6=p6)
        sess2.close()
    return curve


def train(sess, train_op, cost, W, b, x, y, steps, shown, verbose, curve=None):
    for step in range(steps):
        _, cost_val = sess.run([train_op, cost], feed_dict={x: x_data, y: y_data})
        w_val, b_val = sess.run(W), sess.run(b)
        if verbose and step in shown:
            print("Epoch: ", step, "loss: ", cost_val, " weight: ", w_val, " bias: ", b_val)
        elif verbose and step - 1 in shown:
            print("....")
        if curve is not None:
            curve.record(step, loss=cost_val, W=w_val, b=b_val)


def eager(seed=0, steps=BUDGET["steps"], verbose=True):
    """The eager twin: tf.Variable + GradientTape inside a tf.function, same start, same data."""
    curve = LearningCurve("linear_regression", "eager", seed=seed, budget={"steps": steps})
    set_seed(seed)
    W = tf.Variable([1.0], dtype=tf.float32)
    b = tf.Variable([1.0], dtype=tf.float32)
    x = tf.constant(x_data, dtype=tf.float32)
    y = tf.constant(y_data, dtype=tf.float32)
    learning_rate = 0.1

    @tf.function
    def train_step():
        with tf.GradientTape() as tape:
            cost = tf.reduce_mean(tf.square(W * x + b - y))
        dW, db = tape.gradient(cost, [W, b])
        # What GradientDescentOptimizer's apply op computes: var -= lr * grad.
        W.assign_sub(learning_rate * dW)
        b.assign_sub(learning_rate * db)
        return cost

    for step in range(steps):
        cost_val = train_step().numpy()
        w_val, b_val = W.numpy(), b.numpy()
        if verbose and step in SHOWN_LONG:
            print("Epoch: ", step, "loss: ", cost_val, " weight: ", w_val, " bias: ", b_val)
        elif verbose and step - 1 in SHOWN_LONG:
            print("....")
        curve.record(step, loss=cost_val, W=w_val, b=b_val)
    p5, p6 = W * 5.0 + b, W * 6.0 + b
    if verbose:
        print(repr(p5.numpy()))
        print(repr(p6.numpy()))
    curve.add_result(x5=p5, x6=p6)
    return curve


if __name__ == "__main__":
    from tf1_lessons.cli import run_as_script

    sys.exit(run_as_script(__file__))

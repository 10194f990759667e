"""Runs a script under a real TensorFlow 1.x interpreter, the way ``tf1-lessons exec`` runs it.

This file is not part of the package's Python: ``tf1-lessons exec --against-tf1 PYTHON`` and the
reference recorder hand it, by path, to a Python 3.7 with TensorFlow 1.15 installed. It uses
only what that interpreter has (the standard library, NumPy, TensorFlow 1.x) and Python 3.7's
syntax. It gives the TF1 run exactly what exec gives its own: the same default seeds
(``--seed``), the same step budget (``--max-steps``: a training step is a ``Session.run`` that
fetches an optimizer's update), the same recorded curve (``--record``), and the MNIST files
that exec's ``input_data`` would read (``--mnist DIR``, copied where the script looks, as a
finished download would have left them).

Exit status: the script's, as ``python SCRIPT`` gives it; 64 when the interpreter has no
TensorFlow 1.x (the message names what it found).
"""

import argparse
import json
import os
import platform
import random
import runpy
import shutil
import sys
import traceback

NOT_TF1 = 64


class MaxStepsReached(BaseException):
    pass


def _load_steps():
    # The step detection exec's recorder uses (steps.py, beside this file), loaded by path: this
    # interpreter has no tf1_lessons, and both sides of --against-tf1 must count the same steps.
    import importlib.util

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "steps.py")
    spec = importlib.util.spec_from_file_location("tf1_lessons_steps", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


steps = _load_steps()


class Recorder(object):
    """exec's recorder (recorder.py), for TF 1.x: the loss of every training step, and the
    float scalars fetched with it, named by their ops."""

    def __init__(self, name, seed, max_steps):
        self.name, self.seed, self.max_steps = name, seed, max_steps
        self.train_ops = {}
        self.last_loss = {}
        self.last_ys = None  # the scalar the last tf.gradients call differentiated
        self.rows = []
        self.columns = ["step", "loss"]

    def install(self, tf):
        recorder = self
        Optimizer = tf.train.Optimizer
        compute, apply, minimize = Optimizer.compute_gradients, Optimizer.apply_gradients, Optimizer.minimize
        tf_gradients = tf.gradients

        def compute_gradients(self, loss, *args, **kwargs):
            if isinstance(loss, tf.Tensor):
                recorder.last_loss[id(self)] = loss
            return compute(self, loss, *args, **kwargs)

        def apply_gradients(self, grads_and_vars, *args, **kwargs):
            op = apply(self, grads_and_vars, *args, **kwargs)
            if op is not None and not tf.executing_eagerly():
                loss = recorder.last_loss.get(id(self), recorder.last_ys)
                recorder.train_ops.setdefault(_as_op(op, tf), loss)
            return op

        def gradients(ys, *args, **kwargs):
            if not tf.executing_eagerly():
                loss = steps.differentiated_scalar(ys, tf.Tensor)
                if loss is not None:
                    recorder.last_ys = loss
            return tf_gradients(ys, *args, **kwargs)

        def minimize_(self, loss, *args, **kwargs):
            op = minimize(self, loss, *args, **kwargs)
            if op is not None and isinstance(loss, tf.Tensor) and not tf.executing_eagerly():
                recorder.train_ops[_as_op(op, tf)] = loss
            return op

        Optimizer.compute_gradients, Optimizer.apply_gradients, Optimizer.minimize = (
            compute_gradients,
            apply_gradients,
            minimize_,
        )
        tf.gradients = gradients
        run = tf.Session.run

        def session_run(self, fetches, feed_dict=None, options=None, run_metadata=None):
            train = recorder.train_op_in(fetches, tf)
            if train is None:
                return run(self, fetches, feed_dict, options, run_metadata)
            loss = recorder.train_ops.get(train)
            extra = loss is not None and not any(f is loss for f in steps.leaves(fetches))
            if extra:
                values, loss_value = run(self, (fetches, loss), feed_dict, options, run_metadata)
            else:
                values, loss_value = run(self, fetches, feed_dict, options, run_metadata), None
            recorder.record(list(steps.pairs(fetches, values)), loss, loss_value, tf)
            return values

        tf.Session.run = session_run

    def train_op_in(self, fetches, tf):
        return steps.train_op_in(fetches, self.train_ops, tf.Operation)

    def record(self, fetched, loss, loss_value, tf):
        row = steps.row(fetched, loss, loss_value, tf.Operation)
        for key in row:
            if key not in self.columns:
                self.columns.append(key)
        self.rows.append((len(self.rows), row))
        if self.max_steps is not None and len(self.rows) >= self.max_steps:
            raise MaxStepsReached()

    def save(self, path, tf_version):
        def value(v):
            if v is None or v == v and abs(v) != float("inf"):
                return v
            return str(v)

        rows = [[step] + [value(row.get(c)) for c in self.columns[1:]] for step, row in self.rows]
        if not any(row.get("loss") is not None for _, row in self.rows):  # no loss was known
            self.columns.remove("loss")
            rows = [[r[0]] + r[2:] for r in rows]
        data = {
            "format": 1,
            "lesson": self.name,
            "mode": "tf1",
            "seed": self.seed,
            "unit": "step",
            "budget": {"max_steps": self.max_steps} if self.max_steps else {},
            "tf_version": tf_version,
            "results": {},
            "columns": self.columns,
            "rows": rows,
        }
        with open(path + ".part", "w") as f:
            json.dump(data, f)
        os.replace(path + ".part", path)


def _as_op(op, tf):
    return op if isinstance(op, tf.Operation) else op.op


def _seed_everything(seed, tf):
    """exec's --seed (runner._seed_everything): every graph's seed, numpy's and Python's."""
    from tensorflow.python.framework import ops

    random.seed(seed)
    import numpy as np

    np.random.seed(seed)
    graph_init = ops.Graph.__init__

    def __init__(self, *args, **kwargs):
        graph_init(self, *args, **kwargs)
        self.seed = seed

    ops.Graph.__init__ = __init__
    tf.get_default_graph().seed = seed


def _serve_mnist(folder):
    """input_data finds the four MNIST files where the script looks, as after a download."""
    from tensorflow.contrib.learn.python.learn.datasets import base

    download = base.maybe_download

    def maybe_download(filename, work_directory, source_url):
        target = os.path.join(work_directory, filename)
        source = os.path.join(folder, filename)
        if not os.path.exists(target) and os.path.exists(source):
            if not os.path.isdir(work_directory):
                os.makedirs(work_directory)
            shutil.copyfile(source, target)
        return download(filename, work_directory, source_url)

    base.maybe_download = maybe_download


def _trace_seeds(path):
    """Each op seed TF drew, with the op count and the name scope it was drawn in (to find
    where a program's op sequence parts from TF 1.15's)."""
    from tensorflow.python.framework import ops, random_seed

    real = random_seed.get_seed
    out = open(path, "w")

    def get_seed(op_seed):
        seeds = real(op_seed)
        graph = ops.get_default_graph()
        out.write(json.dumps([graph._last_id, graph.get_name_scope(), op_seed, list(seeds)]) + "\n")
        out.flush()
        return seeds

    random_seed.get_seed = get_seed


def _compiled_with(path, settings):
    """The script compiled with --set's values in place of its top-level literals (budgets.py's
    rule: ``NAME = literal`` at the top level; exec checked the names and types already)."""
    import ast

    values = {}
    for text in settings:
        name, _, value = text.partition("=")
        values[name] = ast.literal_eval(value)
    with open(path, "rb") as f:
        tree = ast.parse(f.read(), filename=path)
    for node in tree.body:
        target = getattr(node, "targets", [getattr(node, "target", None)])
        if len(target) == 1 and isinstance(target[0], ast.Name) and target[0].id in values and node.value is not None:
            old = node.value
            node.value = ast.parse(repr(values[target[0].id]), mode="eval").body
            for each in ast.walk(node.value):
                ast.copy_location(each, old)
    return compile(tree, path, "exec", dont_inherit=True)


def _limit_train(size):
    """--train-size: input_data's training set cut to its first ``size`` examples. The DataSet is
    built again from the first ones (already scaled and flattened: uint8 and reshape=False leave
    them as they are); it reseeds numpy's generator with the same value the first one did."""
    from tensorflow.contrib.learn.python.learn.datasets import mnist
    from tensorflow.python.framework import dtypes

    read = mnist.read_data_sets

    def read_data_sets(*args, **kwargs):
        sets = read(*args, **kwargs)
        train = sets.train
        seed = kwargs.get("seed", args[6] if len(args) > 6 else None)
        small = mnist.DataSet(train.images[:size], train.labels[:size], dtype=dtypes.uint8, reshape=False, seed=seed)
        return sets._replace(train=small)

    mnist.read_data_sets = read_data_sets
    from tensorflow.examples.tutorials.mnist import input_data

    input_data.read_data_sets = read_data_sets


def main(argv=None):
    parser = argparse.ArgumentParser(prog="tf1_driver")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--max-steps", dest="max_steps", type=int, default=None)
    parser.add_argument("--record", default=None)
    parser.add_argument("--mnist", default=None)
    parser.add_argument("--trace-seeds", dest="trace_seeds", default=None)
    parser.add_argument("--set", dest="settings", action="append", default=[])
    parser.add_argument("--train-size", dest="train_size", type=int, default=None)
    parser.add_argument("--versions", action="store_true", help="print the versions as JSON and exit")
    parser.add_argument("script", nargs="?")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    try:
        import tensorflow as tf
    except ImportError as exc:
        sys.stderr.write("no TensorFlow in %s (%s)\n" % (sys.executable, exc))
        return NOT_TF1
    if not tf.__version__.startswith("1."):
        sys.stderr.write("%s has TensorFlow %s, not 1.x\n" % (sys.executable, tf.__version__))
        return NOT_TF1
    if options.versions:
        import numpy as np

        print(
            json.dumps(
                {
                    "tensorflow": tf.__version__,
                    "numpy": np.__version__,
                    "python": platform.python_version(),
                    "executable": sys.executable,
                }
            )
        )
        return 0
    recorder = None
    name = os.path.splitext(os.path.basename(options.script))[0]
    if options.record or options.max_steps is not None:
        recorder = Recorder(name, options.seed, options.max_steps)
        recorder.install(tf)
    if options.seed is not None:
        _seed_everything(options.seed, tf)
    if options.mnist:
        _serve_mnist(options.mnist)
    if options.trace_seeds:
        _trace_seeds(options.trace_seeds)
    if options.train_size is not None:
        _limit_train(options.train_size)
    sys.argv = [options.script] + options.args
    sys.path.insert(0, os.path.dirname(os.path.abspath(options.script)))
    status = 0
    try:
        if options.settings:
            import types

            main = types.ModuleType("__main__")
            main.__dict__.update(__file__=options.script, __cached__=None, __loader__=None, __package__="")
            main.__builtins__ = __builtins__
            saved, sys.modules["__main__"] = sys.modules["__main__"], main
            try:
                exec(_compiled_with(options.script, options.settings), main.__dict__)
            finally:
                sys.modules["__main__"] = saved
        else:
            runpy.run_path(options.script, run_name="__main__")
    except MaxStepsReached:
        sys.stderr.write("tf1_driver: stopped after %d training steps (--max-steps)\n" % options.max_steps)
    except SystemExit as exc:
        code = exc.code
        status = 0 if code is None else code if isinstance(code, int) else 1
    except BaseException:
        traceback.print_exc()
        status = 1
    sys.stdout.flush()
    if recorder is not None and options.record:
        recorder.save(options.record, tf.__version__)
    return status


if __name__ == "__main__":
    sys.exit(main())

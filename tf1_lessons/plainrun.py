"""A lesson's plain-Python program (NumPy, TF2 Keras) in a process of its own.

Lessons 3 and 4 hold their documents' programs as the documents have them: a NumPy network and
TF2 Keras scripts. Plain Python runs them (no TF1 runtime), as ``python program.py`` would, with
what a lesson run adds around them, never inside them:

- the seed: Python's, NumPy's global generator (which a NumPy program draws its weights and
  batches from), TensorFlow's and deterministic kernels when the program imports TensorFlow;
- budgets: ``--set NAME=VALUE`` on the program's top-level literals (the same :mod:`.tf1.budgets`
  rules as the TF1 programs), ``--train-size`` for Keras's MNIST loaders, ``--max-steps`` for
  Keras's ``fit`` (it stops after that many batches, and the program goes on to its evaluation);
- Keras's MNIST and Fashion-MNIST loaders read tf1-lessons' verified copies (the lesson's data
  lookup) instead of downloading;
- ``plt.show()`` closes the figures (no display here; the lesson's own pictures come from its
  curve);
- the curve: from the program's own lists after it ran (``train_loss_list``...), and from Keras:
  each ``fit``'s logs (per epoch or per batch) and the last ``evaluate``'s result;
- the start, for the twin: the Keras model's weights when its first ``fit`` began.

Every change to another library here is in :mod:`.tf1.patches`' table (``plain-*``).

    python -m tf1_lessons.plainrun PROGRAM --seed N --curve FILE [--spec JSON] [--start DIR]
        [--settings JSON] [--train-size N] [--max-steps N]

``--spec``: the lesson mode's ``curve`` (``{"unit": ..., "lists": {metric: list or [list,
every]}, "keras": "epoch"|"batch"}``) and ``results`` (``{name: expression over the program's
globals or a recorded name}``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import traceback
from pathlib import Path

import numpy as np

from . import _io
from .curves import LearningCurve

train_size: int | None = None  # --train-size: Keras's MNIST loaders give the first N training examples


class Keras:
    """What the program's Keras calls did: the curve's steps, evaluate's result, the start."""

    def __init__(self, curve: LearningCurve, per: str, max_steps: int | None, start: Path | None):
        self.curve, self.per, self.max_steps, self.start = curve, per, max_steps, start
        self.batches = 0
        self.epochs = 0
        self.results: dict = {}
        self.started = False

    def callback(self):
        import tensorflow as tf

        keras = self

        class Recording(tf.keras.callbacks.Callback):
            def on_train_begin(self, logs=None):
                if not keras.started and keras.start is not None:
                    keras.save_start(self.model)
                keras.started = True

            def on_train_batch_end(self, batch, logs=None):
                keras.batches += 1
                if keras.per == "batch":
                    keras.curve.record(keras.batches - 1, **_floats(logs))
                if keras.max_steps is not None and keras.batches >= keras.max_steps:
                    self.model.stop_training = True

            def on_epoch_end(self, epoch, logs=None):
                if keras.per == "epoch":
                    keras.curve.record(keras.epochs, **_floats(logs))
                keras.epochs += 1

        return Recording()

    def save_start(self, model) -> None:
        names = [w.name.split(":")[0] for w in model.weights]
        arrays = {f"v:{n}": np.asarray(w.numpy()) for n, w in zip(names, model.weights, strict=True)}
        trainable = [w.name.split(":")[0] for w in model.trainable_weights]
        self.start.mkdir(parents=True, exist_ok=True)
        _io.write_npz(self.start / "variables.npz", order=np.array(names), trainable=np.array(trainable), **arrays)

    def evaluated(self, model, value) -> None:
        if not isinstance(value, dict):
            value = dict(zip(model.metrics_names, value if isinstance(value, (list, tuple)) else [value], strict=False))
        for name, v in value.items():
            self.results[f"evaluate:{name}"] = float(v)


def _floats(logs) -> dict:
    return {k: float(v) for k, v in (logs or {}).items() if np.ndim(v) == 0}


def _install_keras(keras: Keras) -> None:
    """Keras's fit gets the recording callback, evaluate reports its result, the MNIST loaders
    read the lesson's data. Made once TensorFlow is imported (the program imports it)."""
    from .tf1 import patches

    def fit(original):
        def fit(self, *args, **kwargs):
            if len(args) >= 6:  # callbacks given by position: fit(x, y, batch_size, epochs, verbose, callbacks)
                args = (*args[:5], [*(args[5] or []), keras.callback()], *args[6:])
            else:
                kwargs["callbacks"] = [*(kwargs.get("callbacks") or []), keras.callback()]
            return original(self, *args, **kwargs)

        fit.__doc__ = original.__doc__
        return fit

    def evaluate(original):
        def evaluate(self, *args, **kwargs):
            value = original(self, *args, **kwargs)
            if not kwargs.get("_use_cached_eval_dataset"):  # fit's own validation is not the program's evaluate
                keras.evaluated(self, value)
            return value

        evaluate.__doc__ = original.__doc__
        return evaluate

    patches.apply("plain-keras-fit", fit)
    patches.apply("plain-keras-evaluate", evaluate)
    for name, module in (("mnist", "mnist"), ("fashion-mnist", "fashion_mnist")):
        patches.apply(f"plain-keras-{name}", lambda original, module=module: _loader(module))


def load_data(module: str, first: int | None = None):
    """``keras.datasets.<module>.load_data()``'s arrays from tf1-lessons' verified copy (no
    download): the first ``first`` training examples under a ``--train-size`` budget."""
    import importlib

    data = importlib.import_module(f"tf1_lessons.datasets.{module}")
    (x_train, y_train), test = data.load_data()
    if first is not None:
        x_train, y_train = x_train[:first], y_train[:first]
    return (x_train, y_train), test


def _loader(module: str):
    def load_data_(path=None):
        return load_data(module, train_size)

    load_data_.__doc__ = f"keras.datasets.{module}.load_data, from tf1-lessons' verified copy (no download)"
    return load_data_


def _install_pyplot() -> None:
    import matplotlib

    matplotlib.use("Agg")
    from .tf1 import patches

    def show(original):
        def show(*args, **kwargs):
            import matplotlib.pyplot as plt

            plt.close("all")

        return show

    patches.apply("plain-pyplot-show", show)


def _imports_tensorflow(tree) -> bool:
    import ast

    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "tensorflow" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "tensorflow":
            return True
    return False


def _results(namespace: dict, wanted: dict, recorded: dict) -> dict:
    """Each result the spec names: recorded by name (``evaluate:accuracy``), or the value of an
    expression over the program's globals (``test_acc_list[-1]``); one that does not apply to
    this program (a name it lacks) is left out."""
    out = {}
    for expression in wanted.values():
        if expression in recorded:
            out[expression] = recorded[expression]
            continue
        try:
            value = eval(expression, {"np": np}, namespace)  # noqa: S307 - the lesson's own lesson.json
        except (NameError, IndexError, KeyError, AttributeError):
            continue
        out[expression] = float(np.max(value)) if np.ndim(value) else float(value)
    return out


def _lists(curve: LearningCurve, namespace: dict, lists: dict) -> None:
    """The curve from the program's lists: ``{metric: name}`` one item per step, or
    ``{metric: [name, every]}`` one item every ``every`` steps (a literal or a global's name)."""
    rows: dict[int, dict] = {}
    for metric, where in lists.items():
        name, every = (where, 1) if isinstance(where, str) else where
        if name not in namespace:  # another of the lesson's programs (lesson 3's gradient check)
            continue
        every = namespace[every] if isinstance(every, str) else every
        for k, value in enumerate(namespace.get(name, [])):
            rows.setdefault(int(round(k * every)), {})[metric] = value
    for step in sorted(rows):
        curve.record(step, **rows[step])


def setup(
    seed: int,
    keras: Keras | None = None,
    imports_tensorflow: bool = True,
    train: int | None = None,
    pyplot: bool = True,
) -> None:
    """The process a plain program runs in: seeded, plt.show() without a display, and where it uses
    TensorFlow, deterministic kernels and Keras's hooks and loaders (a notebook's first cell calls
    this under ``tf1-lessons notebook --execute``)."""
    global train_size
    if train is not None:
        train_size = train
    random.seed(seed)
    np.random.seed(seed)
    if np.lib.NumpyVersion(np.__version__) >= "2.0.0":
        np.set_printoptions(legacy="1.25")  # (0, 255), not (np.uint8(0), np.uint8(255)), as the documents printed
    if pyplot:  # (a notebook's inline figures show themselves)
        _install_pyplot()
    if imports_tensorflow:
        from .compat import tf  # first: legacy Keras, TensorFlow's start-up lines kept quiet

        tf.random.set_seed(seed)
        tf.config.experimental.enable_op_determinism()
        _install_keras(keras or Keras(LearningCurve("notebook", "program"), "epoch", None, None))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m tf1_lessons.plainrun")
    p.add_argument("program", type=Path)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--curve", type=Path, required=True)
    p.add_argument("--spec", default="{}")
    p.add_argument("--start", type=Path, default=None)
    p.add_argument("--settings", default="{}", help="JSON: the program's top-level literals to replace")
    p.add_argument("--train-size", type=int, default=None)
    p.add_argument("--max-steps", type=int, default=None)
    args = p.parse_args(argv)
    spec = json.loads(args.spec)

    from .tf1 import py2, runner

    script = args.program.resolve()
    settings = json.loads(args.settings)
    tree = py2.parse_any(script.read_text(encoding="utf-8"), str(script))[0]
    curve_spec = spec.get("curve", {})
    curve = LearningCurve(script.stem, "program", seed=args.seed, unit=curve_spec.get("unit", "step"))
    keras = Keras(curve, curve_spec.get("keras", "epoch"), args.max_steps, args.start)

    setup(args.seed, keras, imports_tensorflow=_imports_tensorflow(tree), train=args.train_size)
    code = runner._compiled(script, settings or None, py2=False)  # noqa: SLF001 - exec's own reading of a script
    namespace: dict = {}
    saved_path = sys.path[:]
    sys.path.insert(0, str(script.parent))
    from . import progress

    try:
        with progress.steps(None, script.name):  # for the parent's bar (progress.STEPS_FILE), when it draws one
            runner.run_code(code, script, namespace)
    except SystemExit as exc:
        if exc.code not in (None, 0):
            raise
    except BaseException as exc:  # the program's own error, shown from its own frames on, as Python would
        tb = exc.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename != str(script):
            tb = tb.tb_next
        traceback.print_exception(type(exc), exc, tb or exc.__traceback__)
        return 1
    finally:
        sys.path[:] = saved_path
        sys.stdout.flush()
    if args.max_steps is not None and keras.batches >= args.max_steps:
        print(f"tf1-lessons: fit stopped after {args.max_steps} training steps (--max-steps)", file=sys.stderr)
    _lists(curve, namespace, curve_spec.get("lists", {}))
    curve.results = _results(namespace, spec.get("results", {}), keras.results)
    curve.save(args.curve)
    return 0


if __name__ == "__main__":
    sys.exit(main())

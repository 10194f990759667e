"""What a lesson's eager twin (``lessons/NN_name/twin.py``) reads from its program's run.

    from tf1_lessons import twin
    values, batches = twin.start()   # the program's initial values by name, and its batches
    settings = twin.settings()       # the program's literals as the run had them
    curve = twin.curve()             # record the same things the program's run recorded
    ...

The run's budget holds the twin to the program's: a ``--max-steps N`` run ends the twin at its
N-th recorded step, as it ended the program.

Run by ``tf1-lessons run LESSON --mode eager`` (or ``both``), the twin is handed the start of
the program's run just made. Run directly (``python lessons/NN_name/twin.py``), it first runs
the program itself, quietly, at its full budget and seed 0, and starts from that.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

import numpy as np

from . import compat, lessonrun  # noqa: F401 - compat first: TensorFlow starts quietly, with legacy Keras

_config: dict | None = None


def _setup() -> dict:
    """The twin's configuration: handed over by lessonrun, or made here by running the program."""
    global _config
    if _config is not None:
        return _config
    if os.environ.get(lessonrun.TWIN_ENV):
        _config = json.loads(os.environ[lessonrun.TWIN_ENV])
    else:
        from . import registry

        main = Path(sys.modules["__main__"].__file__).resolve()
        lesson = registry.from_path(main.parent)
        mode = next(m for m, spec in lesson.meta["modes"].items() if spec["run"] == "twin")
        print(f"(running {lesson.path.name} first, quietly: the twin starts from its run)", flush=True)
        _config = lessonrun.twin_config(lesson, mode, 0, lesson.budget)
    from .compat import tf

    # The program's run was seeded; the twin's random ops (none in most twins) are too, and
    # its kernels are the deterministic ones the program ran.
    tf.random.set_seed(_config["seed"])
    tf.config.experimental.enable_op_determinism()
    return _config


def start() -> tuple[dict, list[np.ndarray]]:
    """({variable name: initial value}, [batch indices into input_data's training split])."""
    from .tf1 import start as saved

    return saved.load(Path(_setup()["start"]), trainable=True)


def settings() -> dict:
    """The program's top-level literals (``training_epochs = 15``...) as its run had them."""
    return dict(_setup()["settings"])


def seed() -> int:
    """The run's seed: a plain program (NumPy) drew its start from NumPy's global generator seeded
    with it, so a twin that seeds it the same way draws the same start."""
    return int(_setup()["seed"])


def fixed(name: str) -> bool:
    """Whether the run applies the erratum ``name`` (``--fixed``, a no-dropout mode...)."""
    return name in _setup()["errata"]


class Stop(BaseException):
    """The budget's last step was recorded (a BaseException: the twin's own handlers let it by)."""


_curve = None


def curve():
    """The twin's learning curve (one per run); recording stops the twin at ``--max-steps``."""
    global _curve
    from .curves import LearningCurve

    config = _setup()
    limit = config.get("max_steps")  # set only where the run is cut short of the program's end

    class Budgeted(LearningCurve):
        def record(self, step, **values):
            super().record(step, **values)
            if limit is not None and len(self.steps) >= limit:
                raise Stop()

    unit = config.get("unit", "step")
    _curve = Budgeted(config["lesson"], config["mode"], seed=config["seed"], budget=config["budget"], unit=unit)
    return _curve


class _Split:
    def __init__(self, images, labels):
        self.images, self.labels = images, labels
        self.num_examples = len(images)


class _MNIST:
    def __init__(self, train, validation, test):
        self.train, self.validation, self.test = train, validation, test


def mnist(one_hot: bool = True) -> _MNIST:
    """MNIST as TF1's ``input_data.read_data_sets(..., one_hot=True)`` split and scaled it:
    ``train`` is the 55,000 images the batch indices point into, ``test`` the 10,000. One-hot
    labels are float32, as the program's float32 placeholders took them."""
    from .datasets import mnist as data

    sets = data.read_data_sets(None, one_hot=one_hot)
    return _MNIST(*(_Split(s.images, s.labels.astype(np.float32) if one_hot else s.labels) for s in sets))


def keras_data(name: str = "mnist"):
    """What ``tf.keras.datasets.<name>.load_data()`` gave the program's run: the same arrays, from
    the same verified copy, the first ``--train-size`` training examples under that budget."""
    from . import plainrun

    return plainrun.load_data(name, _setup()["budget"].get("train_size"))


def _wait_for(config: Path) -> str:
    """TensorFlow and Keras loaded, then the configuration's text once lessonrun writes it (the
    program's run ended); a lesson run that went away ends this process too."""
    import time

    from .compat import tf

    tf.keras.optimizers.Adam  # noqa: B018 - Keras's modules, loaded while the program runs
    parent = os.getppid()
    while not config.is_file():
        if os.getppid() != parent:
            sys.exit(1)
        time.sleep(0.02)
    return config.read_text(encoding="utf-8")


def main(argv=None) -> int:
    """``python -m tf1_lessons.twin TWIN.py``: how lessonrun runs a twin (the curve saved at its end)."""
    import runpy

    path = (argv or sys.argv[1:])[0]
    handed = os.environ.get(lessonrun.TWIN_ENV, "")
    if handed.startswith("@"):  # started ahead (lessonrun.prestart): TensorFlow now, the configuration later
        os.environ[lessonrun.TWIN_ENV] = _wait_for(Path(handed[1:]))
    sys.argv = [path]
    sys.path.insert(0, str(Path(path).resolve().parent))
    config = json.loads(os.environ.get(lessonrun.TWIN_ENV) or "{}")
    traced = bool(config.get("tensorboard"))
    if traced:  # the graphs of the twin's tf.functions, for TensorBoard
        from .compat import tf

        tf.summary.trace_on(graph=True)
    from . import progress

    # Steps for the parent's bar (progress.STEPS_FILE, when it draws one): nothing otherwise.
    with contextlib.suppress(Stop), progress.steps(None, Path(path).name):
        runpy.run_path(path, run_name="__main__")
    config = _setup()
    if traced:
        writer = tf.summary.create_file_writer(config["tensorboard"])
        with writer.as_default():
            tf.summary.trace_export(name=f"{config['mode']}_functions", step=0)
        writer.close()
    if _curve is None:
        print(f"{path}: made no twin.curve()", file=sys.stderr)
        return 1
    if config["curve"]:
        from .curves import LearningCurve

        plain = LearningCurve(**{k: getattr(_curve, k) for k in LearningCurve.__dataclass_fields__})
        plain.save(config["curve"])
    return 0


if __name__ == "__main__":
    # The twin imports tf1_lessons.twin; this file runs as __main__, a second copy of the module.
    # The one the twin sees keeps its curve, so that one runs it.
    from tf1_lessons import twin as _twin

    sys.exit(_twin.main())

"""How a lesson folder runs: its program in a TF1 process, its twin in a TF2 process.

The program (``program.py``, the document's) runs under the TF1 runtime, which changes the whole
process, so it gets a process of its own (:mod:`tf1_lessons.lessonchild`), as ``exec`` would run
it: the lesson's budgets become ``--set NAME=VALUE`` on the program's own literals,
``--train-size`` and ``--max-steps``; the recorder's curve is the run's curve; the run's start
(initial values by name, the batches ``input_data`` served) is written for the twin.

The twin (``twin.py``, TF2 eager) runs in a second process, from that start
(:mod:`tf1_lessons.twin` is what it reads), so the two can be compared step by step.

Errata are small replacements in the program's text (``lesson.json``: ``errata``): one the
program cannot run without is ``"applied": "always"``; one that corrects a program that runs
but is wrong is ``"applied": "fixed"`` (``--fixed``); one that only a mode asks for (the
no-dropout twins) is ``"applied": "mode"``. The program's file is never changed: an edited copy
runs, under the same name, from a temporary folder.
"""

from __future__ import annotations

import atexit
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .curves import LearningCurve

TWIN_ENV = "TF1_LESSONS_TWIN"


class ProgramFailed(RuntimeError):
    """A lesson's program or twin exited with an error (its stderr's end is in the message)."""


class ErratumError(ValueError):
    """An erratum whose text is not in the program (the program or lesson.json changed)."""


# -- errata ----------------------------------------------------------------------------------


def errata_for(lesson, mode: str, fixed: bool = False) -> list[dict]:
    """The errata a run of ``mode`` applies: those always applied, the mode's own, and with
    ``fixed`` the corrections."""
    wanted = set(lesson.meta["modes"][mode].get("errata", []))
    return [
        e
        for e in lesson.meta.get("errata", [])
        if e["applied"] == "always" or e["name"] in wanted or (fixed and e["applied"] == "fixed")
    ]


def apply(text: str, erratum: dict, where: str = "program.py") -> str:
    for old, new in erratum["replace"]:
        if old not in text:
            raise ErratumError(
                f"erratum {erratum['name']!r}: {old!r} is not in {where}; lesson.json and {where} differ"
            )
        text = text.replace(old, new)
    return text


def program(lesson, mode: str) -> Path:
    """The program file ``mode`` runs: ``program.py``, or another of the document's programs the mode
    names (lesson 4's ``fashion.py``); a twin mode's, its program mode's."""
    spec = lesson.meta["modes"][mode]
    if spec["run"] == "twin":
        spec = lesson.meta["modes"][spec["from"]]
    return lesson.folder / spec.get("program", "program.py")


def source(lesson, mode: str, fixed: bool = False) -> str:
    """The program's text as ``mode`` runs it (its errata applied)."""
    path = program(lesson, mode)
    text = path.read_text(encoding="utf-8")
    for erratum in errata_for(lesson, mode, fixed):
        if erratum.get("file", "program.py") == path.name:
            text = apply(text, erratum, path.name)
    return text


def diff(lesson, erratum: dict) -> str:
    """An erratum as a unified diff against the program."""
    name = erratum.get("file", "program.py")
    before = (lesson.folder / name).read_text(encoding="utf-8")
    after = apply(before, erratum, name)
    return "".join(
        difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), name, name, n=1)
    )


# -- budgets ---------------------------------------------------------------------------------


def settings(lesson, budget: dict, mode: str | None = None) -> dict:
    """``--set`` values for ``budget``: each budget key the lesson maps to a literal of its program;
    and a mode's own (lesson 3's ``lr_1.5``: ``learning_rate = 1.5``)."""
    names = lesson.meta.get("set", {})
    own = lesson.meta["modes"][mode].get("set", {}) if mode is not None else {}
    return {**{names[k]: v for k, v in budget.items() if k in names}, **own}


def cut(lesson, budget: dict) -> int | None:
    """``--max-steps`` for ``budget``: only where it stops short of the full run's steps (at the
    full count the program must go on to its end, its evaluation)."""
    steps = budget.get("max_steps")
    return steps if steps is not None and steps < lesson.budget.get("max_steps", float("inf")) else None


def _child_args(lesson, mode: str, budget: dict, text: str) -> list[str]:
    from .tf1 import budgets, py2

    values = settings(lesson, budget, mode)
    if values:  # checked now, against the program: a lesson.json naming no literal fails here
        path = str(program(lesson, mode))
        tree = py2.parse_any(text, path)[0]
        values = budgets.resolve([f"{k}={v}" for k, v in values.items()], tree, path)
    args = ["--settings", json.dumps(values)]
    if "train_size" in budget:
        args += ["--train-size", str(budget["train_size"])]
    if cut(lesson, budget) is not None:
        args += ["--max-steps", str(cut(lesson, budget))]
    return args


# -- processes -------------------------------------------------------------------------------

_work: list[Path] = []
_starts: dict = {}  # (lesson, program mode, seed, budget, fixed) -> the start folder of that run
graphs: dict = {}  # (lesson folder, program mode) -> the GraphDef (.pb) of its latest run's largest Session graph


@atexit.register
def _clean() -> None:
    for folder in _work:
        shutil.rmtree(folder, ignore_errors=True)


def _folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="tf1-lessons-run-"))
    _work.append(folder)
    return folder


def _spawn(cmd: list[str], cwd: Path, env: dict):
    """``cmd`` started: (its process, the file its stderr goes to)."""
    err = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115 - closed by _follow
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=err, text=True, bufsize=1)
    return proc, err


def _stream(cmd: list[str], cwd: Path, env: dict, verbose: bool, label: str) -> None:
    """Run ``cmd``; its stdout goes to ours line by line as it comes (so a notebook or a test
    capturing our stdout sees it), its stderr is kept, shown only where it says something the
    runtime's own notices do not, or when it fails."""
    _follow(*_spawn(cmd, cwd, env), verbose, label)


def _follow(proc, err, verbose: bool, label: str) -> None:
    with err:
        try:
            for line in proc.stdout:
                if verbose:
                    sys.stdout.write(line)
                    sys.stdout.flush()
            status = proc.wait()
        except BaseException:  # Ctrl-C: the child gets it too; do not leave it running
            proc.kill()
            proc.wait()
            raise
        err.seek(0)
        text = err.read()
    if status != 0:
        tail = "\n".join(text.rstrip().splitlines()[-25:])
        raise ProgramFailed(f"{label} exited with status {status}:\n{tail}")
    if verbose:
        from ._quiet import STARTUP_NOISE

        own = [
            line
            for line in text.splitlines()
            if line.strip() and not line.startswith("tf1-lessons:") and not STARTUP_NOISE.search(line)
        ]
        if own:
            print("\n".join(own), file=sys.stderr)


def _env(seed: int) -> dict:
    # A seeded run repeats itself only with the string hashing fixed from the process's start.
    return {**os.environ, "PYTHONHASHSEED": str(seed)}


def _rename(curve: LearningCurve, lesson, mode: str, seed: int, budget: dict, from_program: bool) -> LearningCurve:
    curve.lesson, curve.mode, curve.seed, curve.budget = lesson.name, mode, seed, dict(budget)
    if from_program:  # the recorder names results after their ops; lesson.json says which are which
        named = lesson.meta.get("results", {})
        curve.results = {name: curve.results[op] for name, op in named.items() if op in curve.results}
    return curve


def run_program(lesson, mode: str, seed: int, verbose: bool, budget: dict, fixed: bool = False, tensorboard=None):
    """The program's run as ``mode`` (a program mode): its curve; its start is kept for the twin.
    ``tensorboard``: a folder; the program's process writes its graph and weight histograms into
    ``tensorboard/mode`` (the scalars are the caller's, from the curve)."""
    takes = lesson.meta["modes"][mode].get("takes")
    if takes is not None:  # a mode's program without the budget's literals (lesson 3's gradient check)
        budget = {k: v for k, v in budget.items() if k in takes}
    work = _folder()
    text = source(lesson, mode, fixed)
    path = program(lesson, mode)
    if text != path.read_text(encoding="utf-8"):
        # An edited copy, beside copies of the folder's other files (a program's own modules).
        shutil.copytree(lesson.folder, work / "program", ignore=shutil.ignore_patterns("__pycache__"))
        path = work / "program" / path.name
        path.write_text(text, encoding="utf-8")
    start = work / "start"
    start.mkdir()
    curve_path = work / "curve.json"
    if lesson.plain:
        spec = lesson.meta["modes"][mode]
        wanted = {"curve": spec.get("curve", lesson.meta.get("curve", {})), "results": lesson.meta.get("results", {})}
        cmd = [
            sys.executable,
            "-m",
            "tf1_lessons.plainrun",
            str(path),
            "--seed",
            str(seed),
            "--spec",
            json.dumps(wanted),
        ]
    else:
        cmd = [sys.executable, "-m", "tf1_lessons.lessonchild", str(path), "--seed", str(seed)]
        cmd += ["--graph", str(work / "graph.pb")]
    cmd += ["--curve", str(curve_path), "--start", str(start), *_child_args(lesson, mode, budget, text)]
    if tensorboard is not None and not lesson.plain:
        cmd += ["--tensorboard", str(Path(tensorboard) / mode)]
        per_epoch = _batches_per_epoch(lesson, mode, budget, fixed)
        if per_epoch:
            cmd += ["--per-epoch", str(per_epoch)]
    run_in = work / "cwd"  # what the program writes of its own (MNIST_data/...) goes nowhere of the user's
    run_in.mkdir()
    name = program(lesson, mode).name
    try:
        _stream(cmd, run_in, _env(seed), verbose, f"lesson {lesson.name} ({mode}): {name}")
        if not curve_path.is_file():
            raise ProgramFailed(f"lesson {lesson.name} ({mode}): {name} took no training step")
    except BaseException:
        _stop_waiting(str(lesson.folder))  # its twins, started ahead, have no start to run from
        raise
    curve = _rename(LearningCurve.load(curve_path), lesson, mode, seed, budget, from_program=True)
    if verbose and (stop := cut(lesson, budget)) is not None and len(curve) >= stop:
        print(_stopped_line(lesson, mode, budget, fixed, stop), file=sys.stderr)
    # What a later twin or picture reads is kept (the latest run per lesson, mode, seed, budget);
    # an earlier run's folder it replaces is removed at once (a CNN's start is tens of MB).
    key = _key(lesson, mode, seed, budget, fixed)
    replaced = _starts.get(key)
    _starts[key] = start
    graphs[(str(lesson.folder), mode)] = work / "graph.pb"
    if replaced is not None and replaced.parent != work:
        _forget(replaced.parent)
    return curve


def _budget_steps(lesson, mode: str, budget: dict, fixed: bool) -> int | None:
    """The training steps ``budget`` gives the program: its epochs times the batches of one, or its
    ``steps``; None where the program's literals do not say."""
    spec = lesson.meta["modes"][mode]
    program_mode = spec.get("from", mode) if spec["run"] == "twin" else mode
    names = lesson.meta.get("set", {})
    values = _settings_of(lesson, program_mode, budget, fixed)
    per_epoch = _batches_per_epoch(lesson, program_mode, budget, fixed)
    epochs = values.get(names.get("epochs", ""))
    if per_epoch and isinstance(epochs, int):
        return per_epoch * epochs
    steps = values.get(names.get("steps", ""))
    return steps if isinstance(steps, int) else None


def planned_steps(lesson, mode: str, budget: dict, fixed: bool = False) -> int | None:
    """The steps a run of ``mode`` under ``budget`` takes (a progress bar's total): the budget's
    own, cut by --max-steps; the lesson's full-run count where the budget says nothing."""
    if lesson.plain:  # Keras's fit and NumPy loops count in their own units (epochs, data sets): no total
        return None
    try:
        own = _budget_steps(lesson, mode, budget, fixed)
    except (KeyError, SyntaxError, ValueError):  # a lesson whose program cannot be read: no total
        own = None
    counts = [n for n in (own, budget.get("max_steps")) if n]
    return min(counts) if counts else lesson.budget.get("max_steps")


def _stopped_line(lesson, mode: str, budget: dict, fixed: bool, stop: int) -> str:
    """exec's line for a run --max-steps cut short, and what the program's end (its evaluation,
    its last printed results) then missed, with the budget that reaches it."""
    steps = _budget_steps(lesson, mode, budget, fixed)
    reach = f"give --max-steps {steps} (this budget's training steps)" if steps else "leave out --max-steps"
    return (
        f"tf1-lessons: stopped after {stop} training steps (--max-steps {stop}); {lesson.name}'s program did not "
        f"reach its end, so its evaluation did not run: {reach} to reach it"
    )


def _forget(folder: Path) -> None:
    """A run's folder that nothing points at any more, removed."""
    if any(start.parent == folder for start in _starts.values()) or any(g.parent == folder for g in graphs.values()):
        return
    shutil.rmtree(folder, ignore_errors=True)
    if folder in _work:
        _work.remove(folder)


def _batches_per_epoch(lesson, mode: str, budget: dict, fixed: bool) -> int | None:
    """Training batches per epoch of a program with epochs and a batch size among its literals
    (TensorBoard's weight histograms at each epoch's end), else None."""
    values = _settings_of(lesson, mode, budget, fixed)
    batch = values.get("training_batch") or values.get("batch_size")
    if not batch or "epochs" not in lesson.meta.get("set", {}):
        return None
    return max(1, budget.get("train_size", 55000) // batch)


def _key(lesson, mode, seed, budget, fixed) -> tuple:
    # The folder, not the name: a copy of a lesson (a mutant in the tests, a learner's edit under
    # TF1_LESSONS_DIR) has the name and another program.
    return (str(lesson.folder), mode, seed, json.dumps(budget, sort_keys=True), fixed)


def twin_config(lesson, mode: str, seed: int, budget: dict, fixed: bool = False, curve=None, tensorboard=None) -> dict:
    """What twin ``mode`` reads (:mod:`tf1_lessons.twin`): the start of its program mode's run
    (that run made first, quietly, when this process has not made it with the same seed and
    budget), the program's settings, the errata applied, where its curve goes."""
    program_mode = lesson.meta["modes"][mode]["from"]
    key = _key(lesson, program_mode, seed, budget, fixed)
    if key not in _starts:
        run_program(lesson, program_mode, seed, False, budget, fixed)
    return {
        "lesson": lesson.name,
        "mode": mode,
        "seed": seed,
        "budget": budget,
        "max_steps": cut(lesson, budget),
        "start": str(_starts[key]),
        "settings": _settings_of(lesson, program_mode, budget, fixed),
        "errata": [e["name"] for e in errata_for(lesson, mode, fixed)],
        "curve": str(curve) if curve is not None else None,
        "unit": lesson.meta["modes"][program_mode].get("curve", lesson.meta.get("curve", {})).get("unit", "step"),
        "tensorboard": str(Path(tensorboard) / mode) if tensorboard is not None else None,
    }


# Twins started ahead: (lesson folder, twin mode) -> (process, its stderr file, config path, seed)
_waiting: dict = {}


def prestart(lesson, modes: list[str], seed: int) -> None:
    """Start now the process of each twin in ``modes`` whose program mode runs before it in
    ``modes`` (``--mode both``, a golden's twins): it imports TensorFlow while the program runs,
    then waits for its configuration (:func:`run_twin` writes it). A TensorFlow start-up, a few
    seconds, comes off the twin's turn."""
    for mode in modes:
        spec = lesson.meta["modes"][mode]
        if spec["run"] != "twin" or spec["from"] not in modes or modes.index(spec["from"]) > modes.index(mode):
            continue
        key = (str(lesson.folder), mode)
        if key in _waiting:
            continue
        work = _folder()
        config = work / "config.json"
        env = {**_env(seed), TWIN_ENV: "@" + str(config)}
        proc, err = _spawn([sys.executable, "-m", "tf1_lessons.twin", str(lesson.twin)], work, env)
        _waiting[key] = (proc, err, config, seed)


@atexit.register
def _stop_waiting(folder: str | None = None) -> None:
    """Twins started ahead whose program never came to an end (a lesson folder's, or all)."""
    for key in [k for k in _waiting if folder is None or k[0] == folder]:
        proc, err, _, _ = _waiting.pop(key)
        proc.kill()
        proc.wait()
        err.close()


def run_twin(lesson, mode: str, seed: int, verbose: bool, budget: dict, fixed: bool = False, tensorboard=None):
    """The twin's run as ``mode``, in a process of its own, from its program's start."""
    from . import _io

    started = _waiting.pop((str(lesson.folder), mode), None)
    if started is not None and started[3] != seed:  # started for another seed (PYTHONHASHSEED): not this one
        proc, err, _, _ = started
        proc.kill()
        proc.wait()
        err.close()
        started = None
    if started is not None:
        proc, err, config_path, _ = started
        work = config_path.parent
    else:
        work = _folder()
    curve_path = work / "curve.json"
    config = twin_config(lesson, mode, seed, budget, fixed, curve_path, tensorboard)
    label = f"lesson {lesson.name} ({mode}): twin.py"
    if started is not None:
        _io.write_text(config_path, json.dumps(config))  # the waiting twin goes on from here
        _follow(proc, err, verbose, label)
    else:
        env = {**_env(seed), TWIN_ENV: json.dumps(config)}
        _stream([sys.executable, "-m", "tf1_lessons.twin", str(lesson.twin)], work, env, verbose, label)
    curve = _rename(LearningCurve.load(curve_path), lesson, mode, seed, budget, from_program=False)
    _forget(work)
    return curve


def _settings_of(lesson, mode: str, budget: dict, fixed: bool) -> dict:
    """The program's top-level literals as the run had them (its own values, --set applied)."""
    from .tf1 import budgets, py2

    tree = py2.parse_any(source(lesson, mode, fixed), str(program(lesson, mode)))[0]
    values = {name: found[0][1] for name, found in budgets.settable(tree).items()}
    return {**values, **settings(lesson, budget, mode)}


def graph(lesson, mode: str = "graph"):
    """The ``tf.Graph`` the lesson's program runs its Session on, from a one-step run (the program's
    process writes it as a GraphDef): what ``tf1-lessons graph`` draws."""
    from . import graphview

    if lesson.plain:
        raise ValueError(f"lesson {lesson.name!r} is a NumPy / Keras program: it builds no TF1 graph to draw")
    budget = {k: (min(v, 200) if k == "train_size" else 1) for k, v in lesson.test_budget.items()}
    run_program(lesson, mode, 0, False, {**budget, "max_steps": 1})
    path = graphs.get((str(lesson.folder), mode))
    if path is None or not path.is_file():
        raise ValueError(f"lesson {lesson.name!r} mode {mode!r} made no tf.compat.v1.Session: nothing to draw")
    return graphview.from_graph_def(path.read_bytes())


def run(lesson, mode: str, seed: int, verbose: bool, budget: dict, fixed: bool = False, tensorboard=None):
    """``mode`` of a lesson folder: its program's run or its twin's; a LearningCurve."""
    if lesson.meta["modes"][mode]["run"] == "twin":
        return run_twin(lesson, mode, seed, verbose, budget, fixed, tensorboard)
    return run_program(lesson, mode, seed, verbose, budget, fixed, tensorboard)

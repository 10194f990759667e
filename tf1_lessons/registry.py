"""Finding lessons and reading what they declare, without running them.

A lesson is a folder, ``lessons/NN_<name>/``: ``program.py`` (the document's program, as the
document has it, run by the TF1 runtime), ``twin.py`` (its eager twin, TF2), and ``lesson.json``
(what the lesson is: name, number, document, title, expected results, budgets, tolerances,
modes, errata), the one place ``list``, the tests and the README read. How a folder lesson runs
is :mod:`tf1_lessons.lessonrun`. Lessons not yet moved into folders are single scripts:

Lessons live in ``lessons/lessonNN_<name>.py``: at the top of a checkout, and inside the
installed package (``tf1_lessons/lessons``, mapped there by setup.cfg) for a wheel or sdist.
Set ``TF1_LESSONS_DIR`` to use another folder. Their goldens follow the same rule:
``tests/goldens`` in a checkout, ``tf1_lessons/goldens`` when installed. Each script declares a
literal ``LESSON = {...}`` (name, document, expected result, budgets, tolerances, optionally
``twins`` and ``fixed``) and defines one function per mode (``graph``, ``eager``...) taking
``seed``, ``verbose``, its budget keywords (and ``fixed`` when it declares one) and returning a
:class:`~tf1_lessons.curves.LearningCurve` or a list of them. The library loads scripts by path;
it never imports them as a package, so the lessons depend on the library and not the other way round.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "TF1_LESSONS_DIR"
REQUIRED = ("name", "number", "document", "title", "expected", "full_run", "modes", "budget", "test_budget")


@dataclass(frozen=True)
class Lesson:
    path: Path
    meta: dict

    name = property(lambda self: self.meta["name"])
    modes = property(lambda self: list(self.meta["modes"]))
    # The modes compared step by step (the first is the reference) and kept as goldens.
    twins = property(lambda self: list(self.meta.get("twins", list(self.meta["modes"])[:2])))
    budget = property(lambda self: dict(self.meta["budget"]))
    test_budget = property(lambda self: dict(self.meta["test_budget"]))

    def mode_params(self, mode: str) -> list[str]:
        """The parameters mode ``mode`` declares, read from the script with ``ast`` (no import, no
        TensorFlow): what lets the CLI refuse an option a mode would ignore before anything loads."""
        return _functions(self.path)[mode]

    def planned_steps(self, mode: str, budget: dict) -> int | None:
        """How many training steps ``mode`` takes at ``budget`` (for a progress bar), or None when
        its budget does not say (a Keras ``fit`` mode counts epochs). Epochs of at most ``steps``
        batches, a batch being the full run's ``train_size / steps`` examples."""
        taken = {k: v for k, v in budget.items() if k in self.mode_params(mode)}
        if "steps" not in taken:
            return None
        if "epochs" not in taken:
            return taken["steps"]
        per_epoch = taken["steps"]
        if "train_size" in taken and "train_size" in self.budget:
            batch = max(1, self.budget["train_size"] // self.budget["steps"])
            per_epoch = min(per_epoch, taken["train_size"] // batch)
        return taken["epochs"] * per_epoch

    def call(self, mode: str, seed: int, verbose: bool, budget: dict, **options):
        """Run one mode with the budget keys it takes; a mode declares only the budgets it uses
        (a Keras ``fit`` mode has no ``steps``), so the others are left out rather than ignored."""
        taken = self.mode_params(mode)
        budget = {k: v for k, v in budget.items() if k in taken}
        return getattr(self.load(), mode)(seed=seed, verbose=verbose, **budget, **options)

    folder = None  # a single-script lesson has no folder (FolderLesson has)

    def graph(self, mode: str = "graph"):
        """The TF1 graph ``mode`` runs its Session on (``tf1-lessons graph``), from a one-step run."""
        from . import graphview

        return graphview.capture(self, mode)

    @property
    def fixed(self) -> str | None:
        """What ``--fixed`` corrects, or None when the lesson runs its document as written only."""
        return self.meta.get("fixed")

    def load(self):
        """Import the script (once per process) and return its module."""
        module_name = f"tf1_lessons_lesson_{self.path.stem}"
        if module_name in sys.modules:
            return sys.modules[module_name]
        spec = importlib.util.spec_from_file_location(module_name, self.path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[module_name]
            raise
        return module

    def goldens_path(self, goldens_dir=None) -> Path:
        if goldens_dir:
            return Path(goldens_dir) / f"{self.name}.json"
        root = self.path.parent.parent
        in_checkout = root / "tests" / "goldens"
        return (in_checkout if in_checkout.is_dir() else root / "goldens") / f"{self.name}.json"


@dataclass(frozen=True)
class FolderLesson(Lesson):
    """A lesson folder: ``path`` is its program; every mode takes every budget key."""

    folder: Path = None

    # Budgets a folder lesson takes: a top-level literal of the program (``set``: budget key ->
    # the program's name, e.g. ``{"epochs": "training_epochs"}``), --train-size, --max-steps.
    def mode_params(self, mode: str) -> list[str]:
        return [*self.meta["budget"], *(["fixed"] if self.fixed else [])]

    def planned_steps(self, mode: str, budget: dict) -> int | None:
        # The steps happen in the program's own process; its printout (an epoch's cost per line,
        # streamed as it comes) is the progress a learner sees, not a bar this process cannot move.
        return None

    def errata(self, applied: str) -> list[dict]:
        """The errata applied ``always``, by ``fixed`` (--fixed) or by a ``mode``."""
        return [e for e in self.meta.get("errata", []) if e["applied"] == applied]

    @property
    def fixed(self) -> str | None:
        return "; ".join(e["why"] for e in self.errata("fixed")) or None

    @property
    def twin(self) -> Path:
        return self.folder / "twin.py"

    def call(self, mode: str, seed: int, verbose: bool, budget: dict, **options):
        from . import lessonrun

        taken = {k: v for k, v in budget.items() if k in self.meta["budget"]}
        return lessonrun.run(self, mode, seed, verbose, taken, **options)

    def graph(self, mode: str = "graph"):
        from . import lessonrun

        return lessonrun.graph(self, mode)

    def load(self):
        raise TypeError(f"lesson {self.name!r} is a folder ({self.folder}): run it with lessonrun, not as a module")

    def goldens_path(self, goldens_dir=None) -> Path:
        if goldens_dir:
            return Path(goldens_dir) / f"{self.name}.json"
        root = self.folder.parent.parent
        in_checkout = root / "tests" / "goldens"
        return (in_checkout if in_checkout.is_dir() else root / "goldens") / f"{self.name}.json"


def read_folder(folder: Path) -> dict:
    """A lesson folder's ``lesson.json``, checked for the keys every lesson declares."""
    import json

    path = Path(folder) / "lesson.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    missing = [k for k in REQUIRED if k not in meta]
    if missing:
        raise ValueError(f"{path}: lacks {missing}")
    for needed in ("program.py", "twin.py"):
        if not (Path(folder) / needed).is_file():
            raise ValueError(f"{folder}: no {needed}")
    return meta


def lessons_dir() -> Path:
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    package = Path(__file__).resolve().parent
    installed = package / "lessons"
    return installed if installed.is_dir() else package.parent / "lessons"


@functools.cache
def _functions(path: Path) -> dict[str, list[str]]:
    """Top-level functions of a script and their parameter names (read once per process)."""
    tree = ast.parse(Path(path).read_text(encoding="utf-8"), filename=str(path))
    return {
        node.name: [a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs]
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
    }


def read_meta(path: Path) -> dict:
    """The ``LESSON`` literal of a script, read with ``ast`` (nothing is executed)."""
    tree = ast.parse(Path(path).read_text(encoding="utf-8"), filename=str(path))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "LESSON" for t in node.targets):
            meta = ast.literal_eval(node.value)
            missing = [k for k in REQUIRED if k not in meta]
            if missing:
                raise ValueError(f"{path}: LESSON lacks {missing}")
            return meta
    raise ValueError(f"{path}: no literal `LESSON = {{...}}` at module level")


def discover(folder=None, broken: list | None = None) -> dict[str, Lesson]:
    """Lessons by name, in lesson-number order. With ``broken`` (a list), a script that cannot be
    read is appended to it as ``(path, error)`` and left out, instead of raising."""
    folder = Path(folder) if folder else lessons_dir()
    if not folder.is_dir():
        raise FileNotFoundError(
            f"no lessons folder at {folder}; {ENV_VAR} names a folder that does not exist"
            if os.environ.get(ENV_VAR)
            else f"no lessons folder at {folder}: this tf1-lessons install is incomplete; reinstall it "
            f"(pip install --force-reinstall tf1-lessons) or set {ENV_VAR}"
        )
    found = []
    for p in sorted(folder.glob("[0-9][0-9]_*/")):
        try:
            meta = read_folder(p)
            int(meta["number"])
        except (ValueError, TypeError, OSError, UnicodeDecodeError) as exc:
            if broken is None:
                raise
            broken.append((p, f"{type(exc).__name__}: {exc}"))
            continue
        found.append(FolderLesson(p / "program.py", meta, folder=p))
    for p in sorted(folder.glob("lesson[0-9]*.py")):
        try:
            meta = read_meta(p)
            int(meta["number"])
        except (SyntaxError, ValueError, TypeError, OSError, UnicodeDecodeError) as exc:
            if broken is None:
                raise
            # One unreadable lesson must not take every command down: reported, left out.
            broken.append((p, f"{type(exc).__name__}: {exc}"))
            continue
        found.append(Lesson(p, meta))
    return {lesson.name: lesson for lesson in sorted(found, key=lambda each: int(each.meta["number"]))}


def siblings(lesson: Lesson) -> list[Path]:
    """Other lesson scripts this one loads by file name (lesson 9 builds on lesson 8's model)."""
    if lesson.folder is not None:
        return []
    tree = ast.parse(lesson.path.read_text(encoding="utf-8"), filename=str(lesson.path))
    names = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and re.fullmatch(r"lesson\d+_\w+\.py", node.value)
    }
    return [lesson.path.with_name(n) for n in sorted(names) if n != lesson.path.name]


def from_path(path) -> Lesson:
    path = Path(path).resolve()
    if path.is_dir() or path.name in ("program.py", "twin.py", "lesson.json"):
        folder = path if path.is_dir() else path.parent
        return FolderLesson(folder / "program.py", read_folder(folder), folder=folder)
    return Lesson(path, read_meta(path))

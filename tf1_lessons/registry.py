"""Finding lessons and reading what they declare, without running them.

A lesson is a folder, ``lessons/NN_<name>/``: ``program.py`` (the document's program, as the
document has it: a TF1 program the TF1 runtime runs, or for lessons 3 and 4 a NumPy / Keras
program plain Python runs; a lesson may hold the document's other programs beside it),
``twin.py`` (its eager twin, TF2), and ``lesson.json`` (what the lesson is: name, number,
document, title, expected results, budgets, tolerances, modes, errata), the one place ``list``,
the tests and the README read. How a lesson runs is :mod:`tf1_lessons.lessonrun`.

Lessons live at the top of a checkout (``lessons/``) and inside the installed package
(``tf1_lessons/lessons``, mapped there by setup.cfg) for a wheel or sdist. Set
``TF1_LESSONS_DIR`` to use another folder. Their goldens follow the same rule: ``tests/goldens``
in a checkout, ``tf1_lessons/goldens`` when installed. The library never imports a lesson: it
runs its programs in processes of their own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "TF1_LESSONS_DIR"
REQUIRED = ("name", "number", "document", "title", "expected", "full_run", "modes", "budget", "test_budget")


@dataclass(frozen=True)
class Lesson:
    """A lesson folder: ``path`` is its program (``program.py``)."""

    path: Path
    meta: dict
    folder: Path

    name = property(lambda self: self.meta["name"])
    modes = property(lambda self: list(self.meta["modes"]))
    # The modes compared step by step (the first is the reference) and kept as goldens.
    twins = property(lambda self: list(self.meta.get("twins", list(self.meta["modes"])[:2])))
    budget = property(lambda self: dict(self.meta["budget"]))
    test_budget = property(lambda self: dict(self.meta["test_budget"]))

    def mode_params(self, mode: str) -> list[str]:
        """The budget keys ``mode`` takes (a mode's ``takes`` narrows them: lesson 4's Pima program
        has no MNIST to cut), and ``fixed`` where the lesson has corrections."""
        takes = self.meta["modes"][mode].get("takes", list(self.meta["budget"]))
        return [*takes, *(["fixed"] if self.fixed else [])]

    def errata(self, applied: str) -> list[dict]:
        """The errata applied ``always``, by ``fixed`` (--fixed) or by a ``mode``."""
        return [e for e in self.meta.get("errata", []) if e["applied"] == applied]

    @property
    def fixed(self) -> str | None:
        """What ``--fixed`` corrects, or None when the lesson runs its document as written only."""
        return "; ".join(e["why"] for e in self.errata("fixed")) or None

    @property
    def twin(self) -> Path:
        return self.folder / "twin.py"

    @property
    def plain(self) -> bool:
        """Its programs are plain Python (NumPy, TF2 Keras), not TF1 programs."""
        return self.meta.get("python") == "plain"

    def call(self, mode: str, seed: int, verbose: bool, budget: dict, **options):
        from . import lessonrun

        taken = {k: v for k, v in budget.items() if k in self.meta["budget"]}
        return lessonrun.run(self, mode, seed, verbose, taken, **options)

    def graph(self, mode: str = "graph"):
        """The TF1 graph ``mode`` runs its Session on (``tf1-lessons graph``), from a one-step run."""
        from . import lessonrun

        return lessonrun.graph(self, mode)

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


def discover(folder=None, broken: list | None = None) -> dict[str, Lesson]:
    """Lessons by name, in lesson-number order. With ``broken`` (a list), a lesson folder that cannot
    be read is appended to it as ``(path, error)`` and left out, instead of raising."""
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
        found.append(Lesson(p / "program.py", meta, folder=p))
    return {lesson.name: lesson for lesson in sorted(found, key=lambda each: int(each.meta["number"]))}


def from_path(path) -> Lesson:
    """The lesson whose folder is ``path`` (or holds the file ``path``)."""
    path = Path(path).resolve()
    folder = path if path.is_dir() else path.parent
    return Lesson(folder / "program.py", read_folder(folder), folder=folder)

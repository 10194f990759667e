"""Finding lesson scripts and reading what they declare, without running them.

Lessons live in ``lessons/lessonNN_<name>.py`` beside the package (set ``TF1_LESSONS_DIR`` to
use another folder). Each script declares a literal ``LESSON = {...}`` (name, document,
expected result, budgets, tolerances, optionally ``twins`` and ``fixed``) and defines one
function per mode (``graph``, ``eager``...) taking ``seed``, ``verbose``, its budget keywords
(and ``fixed`` when it declares one) and returning a
:class:`~tf1_lessons.curves.LearningCurve` or a list of them. The library loads scripts by path; it never
imports them as a package, so the lessons depend on the library and not the other way round.
"""

from __future__ import annotations

import ast
import importlib.util
import os
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
    twins = property(lambda self: list(self.meta.get("twins", self.meta["modes"][:2])))
    budget = property(lambda self: dict(self.meta["budget"]))
    test_budget = property(lambda self: dict(self.meta["test_budget"]))

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
        folder = Path(goldens_dir) if goldens_dir else self.path.parent.parent / "tests" / "goldens"
        return folder / f"{self.name}.json"


def lessons_dir() -> Path:
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    beside_package = Path(__file__).resolve().parent.parent / "lessons"
    if beside_package.is_dir():
        return beside_package
    return Path.cwd() / "lessons"


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


def discover(folder=None) -> dict[str, Lesson]:
    """Lessons by name, in lesson-number order."""
    folder = Path(folder) if folder else lessons_dir()
    if not folder.is_dir():
        raise FileNotFoundError(
            f"no lessons folder at {folder}; run from a checkout of tf1-lessons or set {ENV_VAR}"
        )
    found = [Lesson(p, read_meta(p)) for p in sorted(folder.glob("lesson[0-9]*.py"))]
    return {lesson.name: lesson for lesson in sorted(found, key=lambda l: l.meta["number"])}


def from_path(path) -> Lesson:
    path = Path(path).resolve()
    return Lesson(path, read_meta(path))

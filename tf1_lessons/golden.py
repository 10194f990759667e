"""Golden learning curves: a lesson's recorded curves at its test budget, checked with tolerances.

A golden file (``tests/goldens/<lesson>.json``) holds one curve per mode (graph, eager, ...),
recorded by running the real lesson. It is only ever (re)written on purpose:
``pytest --force-regen`` (through pytest-regressions) or ``tf1-lessons check LESSON --regen``.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import _io
from .compare import Comparison, compare
from .curves import FORMAT, LearningCurve


#: Goldens are recorded at each lesson's test budget with this seed (CLI and tests alike).
SEED = 0


class GoldenMismatch(AssertionError):
    """A run left the tolerance of its golden curve. The message has the side-by-side table."""


def save(curves: dict[str, LearningCurve], path) -> Path:
    path = Path(path)
    data = {"format": FORMAT, "curves": {mode: c.to_dict() for mode, c in curves.items()}}
    _io.write_text(path, _io.dumps(data) + "\n")
    return path


def load(path) -> dict[str, LearningCurve]:
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT or "curves" not in data:
        raise ValueError(f"{path}: not a golden file of format {FORMAT}")
    return {mode: LearningCurve.from_dict(c, source=f"{path}[{mode}]") for mode, c in data["curves"].items()}


def check(curves: dict[str, LearningCurve], path, tolerances: dict) -> list[Comparison]:
    """Compare each run curve with the golden one of the same mode; raise GoldenMismatch if any leaves tolerance."""
    path = Path(path)
    golden = load(path)
    regen = "re-record on purpose with `tf1-lessons check <lesson> --regen` or `pytest --force-regen`"
    if set(golden) != set(curves):
        raise GoldenMismatch(f"{path}: golden holds modes {sorted(golden)}, the run produced {sorted(curves)}; {regen}")
    problems, comparisons = [], []
    for mode, run in curves.items():
        ref = golden[mode]
        if run.budget != ref.budget or run.seed != ref.seed:
            problems.append(
                f"[{mode}] golden was recorded with budget {ref.budget} seed {ref.seed}, "
                f"the run used budget {run.budget} seed {run.seed}"
            )
            continue
        if set(run.metrics) != set(ref.metrics) or set(run.results) != set(ref.results):
            problems.append(
                f"[{mode}] golden records metrics {sorted(ref.metrics)} and results {sorted(ref.results)}, "
                f"the run produced {sorted(run.metrics)} and {sorted(run.results)}"
            )
            continue
        comparison = compare(run, ref, tolerances=tolerances)
        comparisons.append(comparison)
        if not comparison.ok:
            problems.append(f"[{mode}] {comparison}")
            if run.tf_version != ref.tf_version:
                problems.append(f"[{mode}] note: golden recorded on TensorFlow {ref.tf_version}, run on {run.tf_version}")
    if problems:
        raise GoldenMismatch(f"{path}: run differs from its golden curve; if the change is intended, {regen}.\n" + "\n".join(problems))
    return comparisons

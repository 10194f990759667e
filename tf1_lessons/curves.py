"""LearningCurve: what a lesson run produced, step by step, in a form that can be saved and compared.

One row per step (or per epoch): the loss plus any named metrics (accuracy, a weight...).
Alongside: the run's config (lesson, mode, seed, budget, TensorFlow version) and final
``results`` (test accuracy, predictions). JSON on disk, written atomically. Floats are stored
as Python floats, so a float32 value round-trips exactly.
"""

from __future__ import annotations

import contextlib
import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import _io

FORMAT = 1
_observers: list = []  # called as f(curve, step) on every recorded row (tf1_lessons.progress)


@contextlib.contextmanager
def observing(callback):
    """Within the block, ``callback(curve, step)`` is called for every row any curve records."""
    _observers.append(callback)
    try:
        yield
    finally:
        _observers.remove(callback)


def _tf_version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version("tensorflow")
    except importlib.metadata.PackageNotFoundError:
        return "none"


def _number(value):
    """A Python float from a numpy/TensorFlow scalar or a 1-element array."""
    if hasattr(value, "numpy"):
        value = value.numpy()
    if hasattr(value, "reshape") and getattr(value, "size", 1) == 1:
        value = value.reshape(())
    return float(value)


@dataclass
class LearningCurve:
    lesson: str
    mode: str  # "graph", "eager", "numpy", "keras", ...
    seed: int | None = None
    unit: str = "step"  # what one row is: "step" or "epoch"
    budget: dict = field(default_factory=dict)
    tf_version: str = field(default_factory=_tf_version)
    steps: list[int] = field(default_factory=list)
    metrics: dict[str, list[float]] = field(default_factory=dict)
    results: dict[str, float] = field(default_factory=dict)
    # The rows where a new Session took its first training step (a program that trains in a second
    # Session starts from freshly initialised variables: its loss jumps back up there).
    sessions: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.lesson} ({self.mode})"

    def __len__(self) -> int:
        return len(self.steps)

    def record(self, step: int, **values) -> None:
        """Append one row. A metric measured only on some rows (say accuracy once per epoch
        beside a loss every step) is None on the others; a NaN is a real, measured NaN."""
        if self.steps and step <= self.steps[-1]:
            raise ValueError(f"step {step} recorded after step {self.steps[-1]}; steps must increase")
        for name in values:
            if name not in self.metrics:
                self.metrics[name] = [None] * len(self.steps)
        self.steps.append(int(step))
        for name, column in self.metrics.items():
            column.append(_number(values[name]) if name in values else None)
        for observer in _observers:
            observer(self, int(step))

    def series(self, metric: str) -> tuple[list[int], list[float]]:
        """The steps where ``metric`` was measured, and its values there (NaN included)."""
        pairs = [(s, v) for s, v in zip(self.steps, self.metrics[metric], strict=False) if v is not None]
        return [s for s, _ in pairs], [v for _, v in pairs]

    def first_nonfinite(self, metric: str = "loss") -> int | None:
        """The first step where ``metric`` was NaN or infinite, or None."""
        return next((s for s, v in zip(*self.series(metric), strict=False) if not math.isfinite(v)), None)

    def add_result(self, **values) -> None:
        self.results.update({k: _number(v) for k, v in values.items()})

    def last(self, metric: str = "loss") -> float:
        """The latest measured value of ``metric``."""
        return self.series(metric)[1][-1]

    # -- disk -------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """The JSON form: config fields, then ``columns`` and one row per step."""
        data = {"format": FORMAT, **asdict(self)}
        data["results"] = {k: v if math.isfinite(v) else str(v) for k, v in self.results.items()}
        steps, metrics = data.pop("steps"), data.pop("metrics")
        if not data["sessions"]:  # one Session (nearly every program): the files stay as they were
            del data["sessions"]
        data["columns"] = [self.unit, *metrics]
        # A value not measured on a row is null; JSON has no NaN or infinity, so a diverged
        # run's values are written as the strings "nan", "inf", "-inf".
        data["rows"] = [
            [step, *(v if v is None or math.isfinite(v) else str(v) for v in values)]
            for step, *values in zip(steps, *metrics.values(), strict=False)
        ]
        return data

    @classmethod
    def from_dict(cls, data: dict, source: str = "<dict>") -> LearningCurve:
        data = dict(data)
        fmt = data.pop("format", None)
        if fmt != FORMAT:
            raise ValueError(f"{source}: learning-curve format {fmt!r}, this version reads {FORMAT}")
        try:
            columns, rows = data.pop("columns"), data.pop("rows")
            curve = cls(**data)
            curve.results = {k: float(v) for k, v in curve.results.items()}
        except (KeyError, TypeError) as exc:
            raise ValueError(f"{source}: not a learning curve ({exc!r})") from exc
        bad = [i for i, row in enumerate(rows) if len(row) != len(columns)]
        if bad:
            raise ValueError(f"{source}: row {bad[0]} has {len(rows[bad[0]])} values for {len(columns)} columns")
        curve.steps = [int(row[0]) for row in rows]
        curve.metrics = {
            name: [None if row[i] is None else float(row[i]) for row in rows]
            for i, name in enumerate(columns[1:], start=1)
        }
        return curve

    def to_json(self) -> str:
        return _io.dumps(self.to_dict()) + "\n"

    def save(self, path) -> Path:
        path = Path(path)
        _io.write_text(path, self.to_json())
        return path

    @classmethod
    def load(cls, path) -> LearningCurve:
        path = Path(path)
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")), source=str(path))

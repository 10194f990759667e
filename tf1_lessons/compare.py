"""Step-by-step comparison of two learning curves (graph vs eager, or a run vs its golden).

Two values agree when ``|a - b| <= atol + rtol * |b|`` (numpy's ``isclose``, with ``b`` the
reference). Tolerances can be given per metric: ``tolerances={"loss": {"rtol": 1e-6}}``, with
the key ``"default"`` for the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .curves import LearningCurve


def _tolerance(tolerances: dict | None, name: str, rtol: float, atol: float) -> tuple[float, float]:
    tolerances = tolerances or {}
    tol = tolerances.get(name, tolerances.get("default", {}))
    return float(tol.get("rtol", rtol)), float(tol.get("atol", atol))


@dataclass
class MetricDiff:
    name: str
    a: np.ndarray
    b: np.ndarray
    rtol: float
    atol: float

    @property
    def abs_diff(self) -> np.ndarray:
        # 0 where the two agree (NaN and NaN, or the same infinity, included); inf where a NaN
        # or an infinity meets anything else: NaN against a number is a divergence, never "0".
        with np.errstate(invalid="ignore"):
            d = np.abs(self.a - self.b)
        same = (self.a == self.b) | (np.isnan(self.a) & np.isnan(self.b))
        return np.where(same, 0.0, np.where(np.isnan(d), np.inf, d))

    @property
    def rel_diff(self) -> np.ndarray:
        # |a - b| / |b|: inf where b is 0 (or not a number) and a is not; 0 where they agree.
        d = self.abs_diff
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = np.where(d > 0, d / np.abs(self.b), 0.0)
        return np.where((d > 0) & ~np.isfinite(rel), np.inf, rel)

    @property
    def within(self) -> np.ndarray:
        # NaN equals NaN here: a run that blows up the same way twice still agrees.
        return np.isclose(self.a, self.b, rtol=self.rtol, atol=self.atol, equal_nan=True)

    @property
    def first_bad(self) -> int | None:
        bad = np.flatnonzero(~self.within)
        return int(bad[0]) if bad.size else None


@dataclass
class Comparison:
    a: LearningCurve
    b: LearningCurve
    diffs: dict[str, MetricDiff]
    results: dict[str, MetricDiff]

    @property
    def ok(self) -> bool:
        return self.first_divergence is None and all(d.first_bad is None for d in self.results.values())

    @property
    def first_divergence(self) -> tuple[int, str] | None:
        """``(step, metric)`` of the earliest row where some metric leaves its tolerance."""
        found = [(d.first_bad, name) for name, d in self.diffs.items() if d.first_bad is not None]
        if not found:
            return None
        index, name = min(found)
        return self.a.steps[index], name

    def max_abs(self, metric: str) -> float:
        d = self.diffs[metric].abs_diff
        return float(np.nanmax(d)) if d.size else 0.0

    def max_rel(self, metric: str) -> float:
        d = self.diffs[metric].rel_diff
        return float(np.nanmax(d)) if d.size else 0.0

    def summary(self) -> str:
        lines = [f"{self.a.label} vs {self.b.label}: {len(self.a)} {self.a.unit}s"]
        for name, d in {**self.diffs, **{f"result {k}": v for k, v in self.results.items()}}.items():
            bad = d.first_bad
            status = "identical" if not np.any(d.abs_diff > 0) else "within tolerance" if bad is None else "DIVERGES"
            lines.append(
                f"  {name:<22} max |diff| {np.nanmax(d.abs_diff) if d.abs_diff.size else 0:.3g}"
                f"  max rel {np.nanmax(d.rel_diff) if d.rel_diff.size else 0:.3g}"
                f"  (rtol {d.rtol:g}, atol {d.atol:g}) {status}"
            )
        div = self.first_divergence
        lines.append(
            "  first divergence: none" if div is None else f"  first divergence: {self.a.unit} {div[0]} ({div[1]})"
        )
        return "\n".join(lines)

    def table(self, metric: str = "loss", head: int = 5, tail: int = 3) -> str:
        """Side-by-side rows: the first ``head``, the ones around the first divergence, the last ``tail``."""
        d = self.diffs[metric]
        n = len(self.a.steps)
        show = set(range(min(head, n))) | set(range(max(0, n - tail), n))
        if d.first_bad is not None:
            show |= set(range(max(0, d.first_bad - 1), min(n, d.first_bad + 2)))
        width = max(len(self.a.mode), len(self.b.mode), 15)
        rows = [
            f"{self.a.unit:>6}  {metric + ' ' + self.a.mode:>{width + 6}}  {metric + ' ' + self.b.mode:>{width + 6}}  {'|diff|':>10}"  # noqa: E501 - one table row, its columns aligned
        ]
        previous = -1
        for i in sorted(show):
            if i != previous + 1:
                rows.append(f"{'...':>6}")
            mark = "  <- first divergence" if i == d.first_bad else ""
            rows.append(
                f"{self.a.steps[i]:>6}  {d.a[i]:>{width + 6}.9g}  {d.b[i]:>{width + 6}.9g}  {d.abs_diff[i]:>10.3g}{mark}"  # noqa: E501 - one table row, its columns aligned
            )
            previous = i
        return "\n".join(rows)

    def __str__(self) -> str:
        metric = "loss" if "loss" in self.diffs else next(iter(self.diffs), None)
        return self.summary() + ("\n" + self.table(metric) if metric else "")


def compare(
    a: LearningCurve,
    b: LearningCurve,
    rtol: float = 0.0,
    atol: float = 0.0,
    tolerances: dict | None = None,
    metrics=None,
) -> Comparison:
    """Compare ``a`` against the reference ``b`` row by row (they must cover the same steps)."""
    if a.steps != b.steps:
        raise ValueError(
            f"{a.label} and {b.label} cover different {a.unit}s "
            f"({len(a.steps)} vs {len(b.steps)} rows); run both with the same budget"
        )
    names = list(metrics) if metrics is not None else [m for m in b.metrics if m in a.metrics]
    missing = [m for m in names if m not in a.metrics or m not in b.metrics]
    if missing:
        raise ValueError(f"metrics {missing} are missing from {a.label} or {b.label}")

    def diff(name, x, y):
        r, t = _tolerance(tolerances, name, rtol, atol)
        # Rows where a metric was not measured (None) compare as NaN == NaN.
        as_array = lambda values: np.array([np.nan if v is None else v for v in values], dtype=float)  # noqa: E731
        return MetricDiff(name, as_array(x), as_array(y), r, t)

    diffs = {m: diff(m, a.metrics[m], b.metrics[m]) for m in names}
    results = {k: diff(k, [a.results[k]], [b.results[k]]) for k in b.results if k in a.results}
    return Comparison(a, b, diffs, results)

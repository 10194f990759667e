"""Golden learning curves that hold on any machine and still catch a real change.

A lesson's curve at its test budget is bit-identical run after run on one machine, but each
CPU kernel set (SSE4.1, AVX2, AVX-512), oneDNN on or off, the intra-op thread count and the
TensorFlow version round a few values differently, and training amplifies those ulps step by
step. So a golden is not one curve with one tolerance: it is an **envelope**.

* ``--force-regen`` runs the lesson under every numerical variant (:mod:`tf1_lessons.variants`),
  each in its own process, and merges curve sets recorded elsewhere (other TensorFlow
  versions: ``nox -s goldens-2.16 -- record``).
* For every mode, metric and step the golden keeps the reference value (the ``default``
  variant here), and the lowest and highest value any variant produced.
* A run passes when every value lies in ``[lo - pad, hi + pad]`` with
  ``pad = MARGIN * (hi - lo) + atol + rtol * |ref|``: the measured spread, widened on each
  side by ten times itself for machines we did not try (see MARGIN), plus the lesson's
  ``golden_tolerance`` as a floor for the steps where all variants agreed to the bit.

Where every variant agrees (the first steps, non-chaotic lessons) the band is as tight as the
floor, which is what lets a learning-rate change of 1 % fail; where chaotic lessons fan out
(lessons 7-9 after a dozen steps) it is as wide as the fan.

File format 2 (``tests/goldens/<lesson>.json``): ``made`` (how: command, variants with their
settings, TensorFlow versions, machine, margin), ``curves`` (the reference curve per mode)
and ``envelope`` (per mode: one row per step, ``step, <metric> lo, <metric> hi, ...``, and
``results`` as ``[lo, hi]``). A format-1 file (curves only, as a variant's recording) is a *curve set*.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import numpy as np

from . import _io
from .compare import MetricDiff
from .curves import LearningCurve

#: Goldens are recorded at each lesson's test budget with this seed (CLI and tests alike).
SEED = 0
#: The band is the measured spread widened on each side by MARGIN times that spread. Chosen
#: from data: of the machines whose curves we hold (tests/reference-curves/,
#: ../shared/reference-curves/), the one furthest out needs 3.8 (lesson 9's eager twin, step
#: 8, on the machine of the first goldens); 10 leaves room for CPUs nobody tried, and every
#: lesson's 1 % learning-rate change still fails at step 0 or 1 (tests/test_goldens.py).
MARGIN = 10.0
GOLDEN_FORMAT = 2
CURVE_SET_FORMAT = 1


class GoldenMismatch(AssertionError):
    """A run left the envelope of its golden. The message says where, by how much, and what to look at."""


class GoldenError(ValueError):
    """A golden file that cannot be read or does not fit the run (format, modes, budget, seed)."""


def run_twins(lesson, seed: int = SEED, modes=None) -> dict[str, LearningCurve]:
    """A lesson's twins at its test budget: the curves a golden holds (``lesson``: a registry.Lesson;
    ``modes``: some of its twins, all by default)."""
    from . import lessonrun

    modes = list(lesson.twins) if modes is None else list(modes)
    lessonrun.prestart(lesson, modes, seed)
    return {mode: lesson.call(mode, seed, False, lesson.test_budget) for mode in modes}


def regen_hint(lesson: str, goldens=None) -> str:
    """The command that re-records ``lesson``'s golden, into ``goldens`` when the user named a folder."""
    where = f" --goldens {shlex.quote(str(goldens))}" if goldens is not None else ""
    return f"tf1-lessons check {lesson}{where} --force-regen"


# -- curve sets (one variant's curves) ------------------------------------------------------
def save_curve_set(curves: dict[str, LearningCurve], path) -> Path:
    """A lesson's curves by mode, without an envelope (the format of a variant's recording)."""
    path = Path(path)
    data = {"format": CURVE_SET_FORMAT, "curves": {mode: c.to_dict() for mode, c in curves.items()}}
    _io.write_text(path, _io.dumps(data) + "\n")
    return path


def _read(path) -> dict:
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise
    except (OSError, ValueError) as exc:
        raise GoldenError(
            f"{path}: cannot read it as JSON ({exc}): the file is damaged (cut short?). Restore it "
            f"(`git checkout -- {path}`) or re-record it (`{regen_hint(path.stem)}`)"
        ) from exc


def load(path) -> dict[str, LearningCurve]:
    """The curves of a golden or of a curve set, by mode."""
    data = _read(path)
    if data.get("format") not in (CURVE_SET_FORMAT, GOLDEN_FORMAT) or "curves" not in data:
        raise GoldenError(f"{path}: not a golden file (format {data.get('format')!r})")
    return {mode: LearningCurve.from_dict(c, source=f"{path}[{mode}]") for mode, c in data["curves"].items()}


# -- envelopes ------------------------------------------------------------------------------
def _column(curve: LearningCurve, metric: str) -> np.ndarray:
    return _as_array(curve.metrics[metric])


def _as_array(values) -> np.ndarray:
    """Floats from a curve's or an envelope's values: None (not measured) as NaN, and the
    strings "nan", "inf", "-inf" (how JSON holds a diverged run) as those floats."""
    return np.array([np.nan if v is None else float(v) for v in values], dtype=float)


def _measured(values) -> np.ndarray:
    return np.array([v is not None for v in values], dtype=bool)


def _jsonable(value):
    """A value for the JSON file: None (not measured), a float, or "nan" / "inf" / "-inf"."""
    if value is None:
        return None
    return float(value) if np.isfinite(value) else str(float(value))


def _bounds(values: list) -> tuple:
    """One step's (lo, hi) over the variants' values: None where no variant measured it; NaN
    where every variant that measured it got NaN; else the least and greatest of the others
    (an infinity included: a run that blows up to inf is bounded by inf, and equals it)."""
    measured = [float(v) for v in values if v is not None]
    if not measured:
        return None, None
    numbers = [v for v in measured if not np.isnan(v)]
    if not numbers:
        return float("nan"), float("nan")
    return min(numbers), max(numbers)


def build_envelope(variants: dict[str, dict[str, LearningCurve]], reference: str = "default") -> dict:
    """Per mode: the lowest and highest value of every metric at every step, and of every result.

    ``variants``: variant name -> that variant's curves by mode. All must hold the same modes,
    steps, metrics and results as the reference variant (same budget and seed), else a
    GoldenError names the odd one out.
    """
    ref = variants[reference]
    envelope = {}
    for mode, ref_curve in ref.items():
        runs = {}
        for name, curves in variants.items():
            curve = curves.get(mode)
            if (
                curve is None
                or curve.steps != ref_curve.steps
                or set(curve.metrics) != set(ref_curve.metrics)
                or set(curve.results) != set(ref_curve.results)
                or curve.budget != ref_curve.budget
                or curve.seed != ref_curve.seed
            ):
                raise GoldenError(
                    f"variant {name!r} does not cover the same run as {reference!r} in mode {mode!r} "
                    f"(modes, steps, metrics, results, budget and seed must all match); record it again"
                )
            runs[name] = curve
        entry = {"columns": list(ref_curve.metrics), "lo": {}, "hi": {}, "results": {}}
        for metric in ref_curve.metrics:
            bounds = [_bounds(step) for step in zip(*(c.metrics[metric] for c in runs.values()), strict=True)]
            entry["lo"][metric] = [_jsonable(lo) for lo, _ in bounds]
            entry["hi"][metric] = [_jsonable(hi) for _, hi in bounds]
        for key in ref_curve.results:
            lo, hi = _bounds([c.results[key] for c in runs.values()])
            entry["results"][key] = [_jsonable(lo), _jsonable(hi)]
        envelope[mode] = entry
    return envelope


def save_golden(
    lesson: str, variants: dict[str, dict[str, LearningCurve]], path, made: dict, reference: str = "default"
) -> Path:
    """Write a format-2 golden: the reference curves, the envelope of all variants, and how it was made."""
    envelope = build_envelope(variants, reference)
    data = {
        "format": GOLDEN_FORMAT,
        "lesson": lesson,
        "made": {"margin": MARGIN, "reference": reference, **made},
        "curves": {mode: c.to_dict() for mode, c in variants[reference].items()},
        "envelope": {mode: _envelope_rows(env, variants[reference][mode].steps) for mode, env in envelope.items()},
    }
    _io.write_text(Path(path), _io.dumps(data) + "\n")
    return Path(path)


def _envelope_rows(env: dict, steps: list[int]) -> dict:
    """On disk, one row per step (``step, loss lo, loss hi, ...``) so that a changed step is a changed line."""
    columns = ["step"] + [f"{m} {bound}" for m in env["columns"] for bound in ("lo", "hi")]
    rows = [
        [step] + [env[bound][m][i] for m in env["columns"] for bound in ("lo", "hi")] for i, step in enumerate(steps)
    ]
    return {"columns": columns, "rows": rows, "results": env["results"]}


def _envelope_from_rows(data: dict, source) -> dict:
    columns = data["columns"]
    metrics = [c[: -len(" lo")] for c in columns[1::2]]
    if columns[0] != "step" or columns[1:] != [f"{m} {b}" for m in metrics for b in ("lo", "hi")]:
        raise GoldenError(f"{source}: envelope columns {columns} are not step, then '<metric> lo', '<metric> hi' pairs")
    env = {"columns": metrics, "lo": {}, "hi": {}, "results": data["results"]}
    for k, m in enumerate(metrics):
        env["lo"][m] = [row[1 + 2 * k] for row in data["rows"]]
        env["hi"][m] = [row[2 + 2 * k] for row in data["rows"]]
    return env


def load_golden(path) -> dict:
    data = _read(path)
    if data.get("format") == CURVE_SET_FORMAT:
        raise GoldenError(
            f"{path}: a single recorded curve set (format 1) with no envelope: it would only hold on the "
            f"machine that recorded it. Make a portable golden with "
            f"`{regen_hint(data.get('lesson') or Path(path).stem)}`"
        )
    if data.get("format") != GOLDEN_FORMAT or not {"curves", "envelope", "made"} <= set(data):
        raise GoldenError(f"{path}: not a golden file of format {GOLDEN_FORMAT}")
    data["curves"] = {mode: LearningCurve.from_dict(c, source=f"{path}[{mode}]") for mode, c in data["curves"].items()}
    data["envelope"] = {mode: _envelope_from_rows(e, f"{path}[{mode}]") for mode, e in data["envelope"].items()}
    return data


# -- checking -------------------------------------------------------------------------------
def _tolerance(tolerances: dict, name: str) -> tuple[float, float]:
    tol = tolerances.get(name, tolerances.get("default", {}))
    return float(tol.get("rtol", 0.0)), float(tol.get("atol", 0.0))


class Band:
    """One metric's allowed band along the steps, and a run's place in it."""

    def __init__(self, name, steps, run, ref, lo, hi, rtol, atol, margin=MARGIN):
        """``run``, ``ref``, ``lo``, ``hi``: lists of values as curves and goldens hold them
        (None where not measured; NaN and infinities as floats or their strings)."""
        self.name, self.steps = name, steps
        measured, run_measured = _measured(ref), _measured(run)
        run, ref, lo, hi = (_as_array(v) for v in (run, ref, lo, hi))
        self.run, self.ref, self.lo, self.hi = run, ref, lo, hi
        self.rtol, self.atol = rtol, atol
        with np.errstate(invalid="ignore"):
            # The same infinity at both ends is no spread (inf - inf would be NaN).
            self.spread = np.where(lo == hi, 0.0, hi - lo)
            self.pad = margin * self.spread + atol + rtol * np.where(np.isfinite(ref), np.abs(ref), 0.0)
            inside = (run >= lo - self.pad) & (run <= hi + self.pad)
        # A NaN or an infinity equals itself: a run that diverges as its golden's did, step for
        # step, is the same run.
        inside |= (run == lo) | (run == hi) | (np.isnan(run) & (np.isnan(lo) | np.isnan(hi)))
        # A value measured in the golden must be measured in the run, and vice versa.
        self.outside = np.where(measured, ~(inside & run_measured), run_measured)

    @property
    def first_bad(self) -> int | None:
        bad = np.flatnonzero(self.outside)
        return int(bad[0]) if bad.size else None

    def distance(self, i: int) -> float:
        """How far the run is outside the envelope (not counting the pad) at row i."""
        return float(max(self.lo[i] - self.run[i], self.run[i] - self.hi[i], 0.0))

    def rel(self, value: float, i: int) -> float:
        scale = abs(self.ref[i]) or 1.0
        with np.errstate(invalid="ignore", divide="ignore"):
            return float(np.float64(value) / scale)


def _bands(run: LearningCurve, ref: LearningCurve, env: dict, tolerances: dict, margin: float) -> list[Band]:
    bands = []
    for metric in env["columns"]:
        rtol, atol = _tolerance(tolerances, metric)
        bands.append(
            Band(
                metric,
                run.steps,
                run.metrics[metric],
                ref.metrics[metric],
                env["lo"][metric],
                env["hi"][metric],
                rtol,
                atol,
                margin,
            )
        )
    for key, (lo, hi) in env["results"].items():
        rtol, atol = _tolerance(tolerances, key)
        bands.append(
            Band(
                f"result {key}",
                [0],
                [run.results[key]],
                [ref.results[key]],
                [lo],
                [hi],
                rtol,
                atol,
                margin,
            )
        )
    return bands


def _describe_made(made: dict) -> str:
    """E.g. "24 variants (default, isa-avx2, ... on TensorFlow 2.21; default, isa-avx2, ... on 2.16, 2.17)"."""
    names = list(made.get("variants", {}))
    versions = made.get("tf_versions") or []
    groups: dict[str, list[str]] = {}
    for name in names:
        where, _, setting = name.rpartition("/")
        groups.setdefault(setting, []).append(where[3:] if where.startswith("tf-") else where)
    here = [setting for setting, places in groups.items() if "" in places]
    elsewhere: dict[tuple, list[str]] = {}
    for setting, places in groups.items():
        others = tuple(p for p in places if p)
        if others:
            elsewhere.setdefault(others, []).append(setting)
    newest = made.get("machine", {}).get("tensorflow") or (versions[-1] if versions else "?")
    parts = [f"{', '.join(here)} on TensorFlow {'.'.join(str(newest).split('.')[:2])}"] if here else []
    parts += [f"{', '.join(settings)} on {', '.join(others)}" for others, settings in elsewhere.items()]
    return f"{len(names)} variants ({'; '.join(parts)})"


def _table(band: Band, unit: str, around: int, head: int = 3, tail: int = 2) -> str:
    n = len(band.steps)
    show = (
        set(range(min(head, n))) | set(range(max(0, n - tail), n)) | set(range(max(0, around - 2), min(n, around + 3)))
    )
    rows = [f"{unit:>6}  {'this run':>14}  {'golden lo':>14}  {'golden hi':>14}  {'allowed pad':>11}"]
    previous = -1
    for i in sorted(show):
        if i != previous + 1:
            rows.append(f"{'...':>6}")
        mark = "  <- first outside" if i == around else ("  outside" if band.outside[i] else "")
        rows.append(
            f"{band.steps[i]:>6}  {band.run[i]:>14.9g}  {band.lo[i]:>14.9g}  {band.hi[i]:>14.9g}  {band.pad[i]:>11.3g}{mark}"  # noqa: E501 - one table row, its columns aligned
        )
        previous = i
    return "\n".join(rows)


def check(
    curves: dict[str, LearningCurve],
    path,
    tolerances: dict | None = None,
    lesson: str | None = None,
    regen: str | None = None,
    look: str | None = None,
) -> dict[str, list[Band]]:
    """Check a run's curves (by mode) against the golden at ``path``; raise GoldenMismatch if one leaves it.

    Returns the bands per mode (for a summary). A budget, seed, mode or metric mismatch raises
    GoldenError instead: that is a different run, not a different result. ``regen`` and ``look``
    replace the lesson's advice (the command that re-records, where to look for a real change)
    for goldens of other programs (the pytest plugin's labs).
    """
    path = Path(path)
    golden = load_golden(path)
    if lesson and golden.get("lesson") not in (None, lesson):
        raise GoldenError(
            f"{path} is the golden of {golden['lesson']!r}, not of {lesson!r} (copied or renamed?). "
            f"Restore this one's (`git checkout -- {path}`) or re-record it (`{regen or regen_hint(lesson)}`)"
        )
    lesson = lesson or golden.get("lesson", path.stem)
    hint = regen or regen_hint(lesson)

    tolerances = tolerances or {}
    if set(golden["curves"]) != set(curves):
        raise GoldenError(
            f"{lesson}: the golden {path} holds modes {sorted(golden['curves'])}, this run produced {sorted(curves)}. "
            f"The lesson's twins changed; if that is intended, re-record: `{hint}`"
        )
    for mode, run in curves.items():
        ref = golden["curves"][mode]
        if run.budget != ref.budget or run.seed != ref.seed:
            raise GoldenError(
                f"{lesson} [{mode}]: not the run the golden describes. The golden {path} was recorded at budget "
                f"{ref.budget}, seed {ref.seed}; this run used budget {run.budget}, seed {run.seed}. Goldens are "
                f"checked at the lesson's test budget (LESSON['test_budget']) and seed {SEED}: run with those "
                f"(`tf1-lessons check {lesson}` does). If the test budget was changed on purpose, re-record: `{hint}`"
            )
        if set(run.metrics) != set(ref.metrics) or set(run.results) != set(ref.results) or run.steps != ref.steps:
            raise GoldenError(
                f"{lesson} [{mode}]: the run records metrics {sorted(run.metrics)} and results {sorted(run.results)} "
                f"over {len(run.steps)} rows; the golden has {sorted(ref.metrics)} and {sorted(ref.results)} over "
                f"{len(ref.steps)}. What the lesson records changed; if that is intended, re-record: `{hint}`"
            )
    out, problems = {}, []
    for mode, run in curves.items():
        ref = golden["curves"][mode]
        # The margin the golden was made with (it says so), so a golden keeps its meaning.
        bands = _bands(run, ref, golden["envelope"][mode], tolerances, float(golden["made"].get("margin", MARGIN)))
        out[mode] = bands
        bad = [(b.first_bad, k, b) for k, b in enumerate(bands) if b.first_bad is not None]
        if not bad:
            continue
        # The earliest step first; among metrics and results, per-step metrics before results.
        bad.sort(key=lambda t: (t[2].name.startswith("result "), t[2].steps[t[0]], t[1]))
        i, _, band = bad[0]
        gap = band.distance(i)
        spread = band.spread[i]
        where = "its final result" if band.name.startswith("result ") else f"{run.unit} {band.steps[i]}"
        at = "the result" if band.name.startswith("result ") else f"{run.unit} {band.steps[i]}"
        if spread > 0:
            spread_text = (
                f"Variant spread at {at}: {spread:.3g} ({band.rel(spread, i):.2g} relative); "
                f"this run is {gap / spread:.3g} times that outside."
            )
        else:
            spread_text = f"Variant spread at {at}: 0, every variant agreed to the bit there."
        others = ", ".join(
            b.name if b.name.startswith("result ") else f"{b.name} (from {run.unit} {b.steps[j]})"
            for j, _, b in bad[1:]
        )
        if np.isnan(band.lo[i]) or np.isnan(band.hi[i]):
            problems.append(
                f"[{mode}] at {where} ({band.name}) the golden holds NaN where this run has {band.run[i]:.9g}: the "
                f"golden was recorded from a run that diverged, or the file was damaged: re-record it if this "
                f"run is the one intended"
                + ("\n" + _table(band, run.unit, i) if not band.name.startswith("result ") else "")
            )
            continue
        problems.append(
            f"[{mode}] leaves the envelope first at {where} ({band.name}): {band.run[i]:.9g} against golden "
            f"[{band.lo[i]:.9g}, {band.hi[i]:.9g}] +/- {band.pad[i]:.3g} allowed; {gap:.3g} "
            f"({band.rel(gap, i):.2g} relative) outside the variants. {spread_text}"
            + (f"\n        also outside: {others}" if others else "")
            + ("\n" + _table(band, run.unit, i) if not band.name.startswith("result ") else "")
        )
    if problems:
        made = golden["made"]
        versions = made.get("tf_versions") or []
        run_tf = next(iter(curves.values())).tf_version
        tf_note = ""
        if versions and ".".join(run_tf.split(".")[:2]) not in versions:
            tf_note = (
                f"\nNote: this run is on TensorFlow {run_tf}, which the golden's variants do not cover "
                f"({', '.join(versions)}); a new TensorFlow can move curves by itself: record it "
                f"(`nox -s goldens-<version> -- record`) and re-record the golden with it."
            )
        raise GoldenMismatch(
            f"{lesson}: the run is outside the envelope of its golden {path}, which was measured across "
            f"{_describe_made(made)} with margin {made.get('margin', MARGIN)}.\n"
            + "\n".join(problems)
            + "\nThis is more than CPU kernels, oneDNN, thread counts or the recorded TensorFlow "
            "versions change. Look for a real change first: "
            + (
                look
                or "the lesson's learning rate, initial values, batch order or ops (`git diff -- "
                "lessons/ tf1_lessons/`), "
                f"or a library upgrade (`pip list`); `tf1-lessons compare {lesson}` shows whether its "
                "twins still agree."
            )
            + tf_note
            + (
                f"\nOnly if the change is intended: re-record with `{regen}` and review the diff."
                if regen
                else f"\nOnly if the change is intended: re-record with `nox -s regen` (every TensorFlow version; or "
                f"`{hint}` for this installation's variants alone) and review the diff."
            )
        )
    return out


def summary(lesson: str, bands: dict[str, list[Band]]) -> str:
    """One line per mode: inside the envelope, and how far from the reference curve it came."""
    lines = []
    for mode, mode_bands in bands.items():
        rel = {
            b.name: float(np.nanmax(MetricDiff(b.name, b.run, b.ref, 0, 0).rel_diff, initial=0.0)) for b in mode_bands
        }
        far = {k: v for k, v in rel.items() if v > 0}
        detail = (
            "bit-identical to the reference curve"
            if not far
            else "largest relative distance from the reference: " + ", ".join(f"{k} {v:.2g}" for k, v in far.items())
        )
        lines.append(f"{lesson} [{mode}]: inside the envelope at every step; {detail}")
    return "\n".join(lines)


# -- spread report --------------------------------------------------------------------------
def spread(variants: dict[str, dict[str, LearningCurve]], reference: str = "default", first: int = 5) -> dict:
    """Largest relative difference of each variant from the reference: loss in the first
    ``first`` rows and in the last row, over all loss-like columns; results as absolute spread."""
    ref = variants[reference]
    report = {}
    for mode, ref_curve in ref.items():
        loss_cols = [m for m in ref_curve.metrics if m.startswith("loss") or m.startswith("avg_cost")]
        rows = {}
        for name, curves in variants.items():
            if name == reference:
                continue
            curve = curves[mode]
            early, late, whole = 0.0, 0.0, 0.0
            for m in loss_cols:
                rel = np.nan_to_num(MetricDiff(m, _column(curve, m), _column(ref_curve, m), 0, 0).rel_diff)
                early = max(early, float(rel[:first].max(initial=0)))
                late = max(late, float(rel[-1:].max(initial=0)))
                whole = max(whole, float(rel.max(initial=0)))
            acc = max((abs(curve.results[k] - ref_curve.results[k]) for k in ref_curve.results), default=0.0)
            rows[name] = {"first": early, "last": late, "max": whole, "results": acc}
        report[mode] = rows
    return report

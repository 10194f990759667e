"""Learning-curve pictures: loss on the left axis, accuracy on the right (document 004's twin axes)."""

from __future__ import annotations

from pathlib import Path

from . import _io
from .curves import LearningCurve


def _is_accuracy(name: str) -> bool:
    return "acc" in name.lower()


def _mark_sessions(ax, curves) -> None:
    """A dashed line, labelled, where a curve's program began training in a new Session: its
    variables start again from their initial values there, so the loss jumps back up."""
    marked = set()
    for curve in curves:
        for row in curve.sessions:
            if row >= len(curve.steps) or curve.steps[row] in marked:
                continue
            step = curve.steps[row]
            marked.add(step)
            ax.axvline(step, color="0.45", linestyle="--", linewidth=0.8)
            ax.annotate(
                "new Session", xy=(step, 1.0), xycoords=("data", "axes fraction"), xytext=(3, -12),
                textcoords="offset points", fontsize="small", color="0.35",
            )  # fmt: skip


def plot(curves, path, title: str | None = None, logy: bool | None = None) -> Path:
    """Overlay ``curves`` in one PNG at ``path`` (written atomically); returns the path.

    Each curve's loss is a solid line on the left axis; metrics whose name contains "acc"
    are dashed/dotted lines on a right axis from 0 to 1. Rows where a metric was not
    measured are skipped, so per-epoch accuracies draw as connected points. Other metrics (weights, biases) are left
    out: they belong to the lesson's own printout. ``logy=None`` picks a log loss axis when
    the loss spans more than three decades.
    """
    from ._mpl import headless

    headless()
    import matplotlib.pyplot as plt

    curves = [curves] if isinstance(curves, LearningCurve) else list(curves)
    if not curves:
        raise ValueError("plot() needs at least one learning curve")
    fig, ax = plt.subplots(figsize=(8, 5.5), dpi=100)
    ax_acc = None
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    losses = []
    for i, curve in enumerate(curves):
        color = colors[i % len(colors)]
        if "loss" in curve.metrics:
            steps, values = curve.series("loss")
            ax.plot(steps, values, color=color, linewidth=0.8, label=f"{curve.label} loss")
            losses += [v for v in values if 0 < v < float("inf")]  # NaN fails both comparisons
        # The accuracies of one curve (train, test) must stay tellable apart where they coincide:
        # the first is a wide pale band, the next a thin dotted line with markers drawn over it.
        styles = iter(
            [
                dict(linestyle="-", linewidth=4, alpha=0.3),
                dict(linestyle=":", linewidth=1.5, marker="v"),
                dict(linestyle="-.", linewidth=1.2, marker="s"),
            ]
        )
        for name in curve.metrics:
            if _is_accuracy(name):
                ax_acc = ax_acc or ax.twinx()
                steps, values = curve.series(name)
                style = next(styles, dict(linestyle="--", marker="."))
                ax_acc.plot(
                    steps,
                    values,
                    color=color,
                    markevery=max(1, len(steps) // 20),
                    markersize=5,
                    fillstyle="none",
                    label=f"{curve.label} {name}",
                    **style,
                )
    _mark_sessions(ax, curves)
    if logy is None:
        logy = bool(losses) and max(losses) / min(losses) > 1e3
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(curves[0].unit)
    ax.set_ylabel("loss")
    handles, labels = ax.get_legend_handles_labels()
    if ax_acc is not None:
        ax_acc.set_ylabel("accuracy")
        ax_acc.set_ylim(0, 1)
        h2, l2 = ax_acc.get_legend_handles_labels()
        handles, labels = handles + h2, labels + l2
    # Below the axes, so it never hides a curve.
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize="small", frameon=False)
    ax.set_title(title or ", ".join(sorted({c.lesson for c in curves})))
    ax.grid(alpha=0.3)
    fig.tight_layout()
    path = Path(path)
    with _io.atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", metadata=_io.picture_metadata("png"))
    plt.close(fig)
    return path


def comparison_figure(curves, tolerances: dict | None = None, title: str | None = None, metric: str | None = None):
    """The picture of a step-by-step comparison: the matplotlib figure (its axes are the panels).

    Top: the curves, the reference (the first) solid, each twin dashed with thinned markers, so
    both stay visible where they coincide. Bottom, one line per twin: the per-step relative
    difference from the reference on a log axis, the tolerance as a horizontal line and the
    first step outside it marked. Twins identical to the bit say so in the panel instead.
    """
    from ._mpl import headless

    headless()
    import matplotlib.pyplot as plt
    import numpy as np

    from .compare import compare

    reference, *twins = list(curves)
    if not twins:
        raise ValueError("comparison_figure() needs a reference and at least one twin")
    if metric is None:  # the loss, or the first per-model loss (lesson 9 keeps one per model)
        metric = next((m for m in reference.metrics if m == "loss"), None) or next(
            (m for m in reference.metrics if m.startswith("loss")), next(iter(reference.metrics))
        )
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 7.5), dpi=100, sharex=True, height_ratios=[3, 2])
    steps, values = reference.series(metric)
    every = max(1, len(steps) // 25)
    top.plot(steps, values, color=colors[0], linewidth=1.6, label=f"{reference.label} {metric}")
    for i, twin in enumerate(twins, start=1):
        s, v = twin.series(metric)
        top.plot(
            s,
            v,
            color=colors[i % len(colors)],
            linewidth=1.0,
            linestyle="--",
            marker="o",
            markevery=every,
            markersize=4,
            fillstyle="none",
            label=f"{twin.label} {metric}",
        )
    positive = [x for x in values if x and x > 0]
    if positive and max(positive) / min(positive) > 1e3:
        top.set_yscale("log")
    top.set_ylabel(metric)
    _mark_sessions(top, [reference, *twins])
    top.legend(fontsize="small", frameon=False)
    top.grid(alpha=0.3)
    top.set_title(title or reference.lesson)

    identical = []
    for i, twin in enumerate(twins, start=1):
        comparison = compare(twin, reference, tolerances=tolerances, metrics=[metric])
        diff = comparison.diffs[metric]
        rel = np.asarray(diff.rel_diff, dtype=float)
        color = colors[i % len(colors)]
        if np.nanmax(rel, initial=0) == 0:
            identical.append(twin.label)
            continue
        shown = np.where(rel > 0, rel, np.nan)  # a log axis cannot show 0 (equal to the bit)
        bottom.plot(
            reference.steps,
            shown,
            color=color,
            linewidth=1.0,
            label=f"|{twin.mode} - {reference.mode}| / |{reference.mode}|",
        )
        bad = diff.first_bad
        if bad is not None:
            step = reference.steps[bad]
            bottom.axvline(step, color=color, linestyle=":", linewidth=1)
            bottom.annotate(
                f"first outside: step {step}",
                (step, shown[bad]),
                textcoords="offset points",
                xytext=(5, 8),
                fontsize="small",
                color=color,
            )
    rtol = _loss_rtol(tolerances, metric)
    if len(identical) < len(twins):
        bottom.set_yscale("log")
        if rtol:
            bottom.axhline(rtol, color="black", linestyle="--", linewidth=1, label=f"tolerance (rtol {rtol:g})")
        bottom.legend(fontsize="small", frameon=False)
    if identical:
        bottom.text(
            0.5,
            0.5 if len(identical) == len(twins) else 0.1,
            f"identical to the bit: {', '.join(identical)} = {reference.label}",
            transform=bottom.transAxes,
            ha="center",
            va="center",
            fontsize="medium",
        )
        if len(identical) == len(twins):
            bottom.set_yticks([])
    bottom.set_ylabel("relative difference")
    bottom.set_xlabel(reference.unit)
    bottom.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def _loss_rtol(tolerances, metric):
    tolerances = tolerances or {}
    entry = tolerances.get(metric) or tolerances.get("default") or {}
    return entry.get("rtol", 0.0)


def plot_comparison(curves, path, tolerances: dict | None = None, title: str | None = None) -> Path:
    """:func:`comparison_figure` saved as a PNG at ``path`` (atomically); returns the path."""
    import matplotlib.pyplot as plt

    fig = comparison_figure(curves, tolerances, title)
    path = Path(path)
    with _io.atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", metadata=_io.picture_metadata("png"))
    plt.close(fig)
    return path

"""Learning-curve pictures: loss on the left axis, accuracy on the right (document 004's twin axes)."""

from __future__ import annotations

from pathlib import Path

from . import _io
from .curves import LearningCurve


def _is_accuracy(name: str) -> bool:
    return "acc" in name.lower()


def plot(curves, path, title: str | None = None, logy: bool | None = None) -> Path:
    """Overlay ``curves`` in one PNG at ``path`` (written atomically); returns the path.

    Each curve's loss is a solid line on the left axis; metrics whose name contains "acc"
    are dashed/dotted lines on a right axis from 0 to 1. Rows where a metric was not
    measured are skipped, so per-epoch accuracies draw as connected points. Other metrics (weights, biases) are left
    out: they belong to the lesson's own printout. ``logy=None`` picks a log loss axis when
    the loss spans more than three decades.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
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
        styles = iter(["--", ":", "-."])
        for name in curve.metrics:
            if _is_accuracy(name):
                ax_acc = ax_acc or ax.twinx()
                steps, values = curve.series(name)
                ax_acc.plot(steps, values, color=color, linestyle=next(styles, "--"), marker=".", label=f"{curve.label} {name}")
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
        fig.savefig(tmp, format="png")
    plt.close(fig)
    return path

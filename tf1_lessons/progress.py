"""Progress of long work, shown the way the ecosystem shows it: a tqdm bar on stderr when stderr
is a terminal (steps done, rate, time left from the budget), and nothing at all otherwise, so
that CI logs and pipes hold only what the commands print.

Training steps are counted where every run records them, :meth:`LearningCurve.record`, so a
lesson, an ``exec``'d script and a variant's recording need no hook of their own.
``TF1_LESSONS_PROGRESS=0`` turns the bars off on a terminal too.
"""

from __future__ import annotations

import contextlib
import os
import sys

from . import curves


def enabled(stream=None) -> bool:
    stream = sys.stderr if stream is None else stream
    if os.environ.get("TF1_LESSONS_PROGRESS", "1") in ("0", "false", "no"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


def bar(total: int | None, desc: str, unit: str):
    """A tqdm bar on stderr, or None where progress is not shown."""
    if not enabled():
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True)


@contextlib.contextmanager
def steps(total: int | None, desc: str):
    """Within the block, a bar of the training steps recorded (``total``: the budget's, or None
    when unknown: then steps and rate, without time left). Yields the bar, or None."""
    shown = bar(total, desc, "step")
    if shown is None:
        yield None
        return

    def seen(curve, step):
        # Steps, not rows: two curves recording one step (an ensemble's models) count it once.
        if step + 1 > shown.n:
            shown.update(step + 1 - shown.n)

    try:
        with curves.observing(seen), _printing_above(shown):
            yield shown
    finally:
        shown.close()


class _Above:
    """sys.stdout while a bar is shown on the same terminal: each finished line is written above
    the bar (the bar cleared, the line written, the bar drawn again), not onto the bar's line."""

    def __init__(self, real, shown):
        self._real, self._shown, self._pending = real, shown, ""

    def write(self, text: str) -> int:
        self._pending += text
        if "\n" in self._pending:
            lines, _, self._pending = self._pending.rpartition("\n")
            self._shown.clear()
            self._real.write(lines + "\n")
            self._real.flush()
            self._shown.refresh()
        return len(text)

    def flush(self) -> None:
        self._real.flush()

    def finish(self) -> None:
        if self._pending:  # a last line without its newline yet
            self._shown.clear()
            self._real.write(self._pending)
            self._pending = ""

    def __getattr__(self, name):  # isatty, fileno, encoding...: the terminal's
        return getattr(self._real, name)


@contextlib.contextmanager
def _printing_above(shown):
    if not enabled(sys.stdout):
        yield
        return
    real = sys.stdout
    sys.stdout = above = _Above(real, shown)
    try:
        yield
    finally:
        if sys.stdout is above:
            sys.stdout = real
        above.finish()

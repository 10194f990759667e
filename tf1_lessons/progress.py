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
import time
from pathlib import Path

from . import curves
from .tf1 import patches


def enabled(stream=None) -> bool:
    stream = sys.stderr if stream is None else stream
    if os.environ.get("TF1_LESSONS_PROGRESS", "1") in ("0", "false", "no"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


#: A file the steps are written to as they are recorded (the latest count, replaced), for a
#: parent process that draws the bar: ``pytest --tf1`` runs each lab in a subprocess whose
#: stderr is captured, and shows the lab's bar on its own terminal.
STEPS_FILE = "TF1_LESSONS_STEPS_FILE"


def bar(total: int | None, desc: str, unit: str, stream=None):
    """A tqdm bar on ``stream`` (stderr), or None where progress is not shown."""
    stream = sys.stderr if stream is None else stream
    if not enabled(stream):
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, file=stream, leave=False, dynamic_ncols=True)


@contextlib.contextmanager
def steps(total: int | None, desc: str):
    """Within the block, a bar of the training steps recorded (``total``: the budget's, or None
    when unknown: then steps and rate, without time left). Yields the bar, or None."""
    shown = bar(total, desc, "step")
    sink = os.environ.get(STEPS_FILE)
    if shown is None and not sink:
        yield None
        return
    done = [0, 0.0]  # steps seen, when the file was last written

    def seen(curve, step):
        # Steps, not rows: two curves recording one step (an ensemble's models) count it once.
        if step + 1 <= done[0]:
            return
        done[0] = step + 1
        if shown is not None:
            shown.update(done[0] - shown.n)
        if sink and time.monotonic() - done[1] > 0.2:
            _write_steps(sink, done[0])
            done[1] = time.monotonic()

    try:
        with curves.observing(seen), _printing_above(shown) if shown is not None else contextlib.nullcontext():
            yield shown
    finally:
        if shown is not None:
            shown.close()
        if sink:
            _write_steps(sink, done[0])


def _write_steps(path: str, count: int) -> None:
    try:
        tmp = f"{path}.part"
        with open(tmp, "w") as f:
            f.write(str(count))
        os.replace(tmp, path)
    except OSError:  # the parent's folder gone: its bar simply stops
        pass


@contextlib.contextmanager
def children_steps():
    """Within the block, the processes started (a lesson's program and twins) write their steps to
    one file, whose path this yields, for :func:`following` to draw; None where no bar is shown.
    Children inherit it through the environment (a twin started ahead too)."""
    if not enabled():
        yield None
        return
    import tempfile

    before = os.environ.get(STEPS_FILE)
    with tempfile.TemporaryDirectory(prefix="tf1-lessons-steps-") as folder:
        path = os.path.join(folder, "steps")
        os.environ[STEPS_FILE] = path
        try:
            yield path
        finally:
            if before is None:
                os.environ.pop(STEPS_FILE, None)
            else:
                os.environ[STEPS_FILE] = before


@contextlib.contextmanager
def following(path, total: int | None, desc: str, stream):
    """In this process, a bar on ``stream`` that follows the counts a child process writes to
    ``path`` (see STEPS_FILE) until the block ends. Yields True when a bar is shown."""
    import threading

    shown = bar(total, desc, "step", stream)
    if shown is None:
        yield False
        return
    _write_steps(str(path), 0)  # this block's count starts at 0 (one file serves mode after mode)
    stop = threading.Event()

    def poll():
        while not stop.wait(0.25):
            try:
                count = int(Path(path).read_text() or 0)
            except (OSError, ValueError):
                continue
            if count > shown.n:
                shown.update(count - shown.n)

    follower = threading.Thread(target=poll, daemon=True)
    follower.start()
    try:
        with _printing_above(shown):  # the program's lines, relayed to our stdout, above the bar
            yield True
    finally:
        stop.set()
        follower.join()
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
    above = _Above(real, shown)
    patches.apply("progress-above", lambda _: above)
    try:
        yield
    finally:
        if sys.stdout is above:
            patches.undo("progress-above", real)
        above.finish()

"""Long work shows progress as the ecosystem does: a tqdm bar on stderr when it is a terminal,
and nothing extra when it is not (CI logs, pipes)."""

import io
import os
import pty
import select
import struct
import subprocess
import sys

import pytest

from tf1_lessons import progress
from tf1_lessons.curves import LearningCurve

LAB = """import tensorflow as tf
W = tf.Variable(1.0)
train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.square(W - 3.0))
s = tf.Session()
s.run(tf.global_variables_initializer())
for step in range(40):
    s.run(train)
    if step % 10 == 0:
        print("step", step, "W", s.run(W))
"""


def _on_a_terminal(argv, cwd) -> str:
    """What ``argv`` writes to a 100-column terminal (stdout and stderr both)."""
    import fcntl
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    proc = subprocess.Popen(argv, cwd=cwd, stdin=follower, stdout=follower, stderr=follower, close_fds=True)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 600)
        if not ready:
            proc.kill()
            break
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal's other end closed: the command ended
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_exec_with_record_shows_a_bar_on_a_terminal_and_the_scripts_lines_stay_whole(tmp_path):
    (tmp_path / "lab.py").write_text(LAB)
    shown = _on_a_terminal(
        [sys.executable, "-m", "tf1_lessons.cli", "exec", "--record", "c.json", "--max-steps", "30", "lab.py"],
        tmp_path,
    )
    assert "lab.py:" in shown and "/30 [" in shown, shown[-2000:]  # the bar: steps of the budget, time left
    lines = shown.replace("\r\n", "\n").split("\n")
    # Each line the script printed is whole, on a line of its own (the bar was cleared first).
    for step in (0, 10, 20):
        assert any(line.split("\r")[-1].startswith(f"step {step} W") for line in lines), shown[-2000:]


def test_run_shows_the_programs_and_the_twins_steps_moving_toward_the_budgets_total(tmp_path):
    """The steps happen in the lesson's program and twin processes; the bar of `run` follows them
    (it stayed at 0 before) and knows the total from the budget."""
    import re

    shown = _on_a_terminal(
        [sys.executable, "-m", "tf1_lessons.cli", "run", "linear_regression", "--mode", "both", "--max-steps", "300"],
        tmp_path,
    )
    for mode in ("graph", "eager"):
        counts = [int(n) for n in re.findall(rf"linear_regression {mode}:[^\r\n]*?\| *(\d+)/300 \[", shown)]
        assert counts and counts[0] == 0 and max(counts) > 0, (mode, shown[-3000:])
    # The program's printed lines are whole: the bar is cleared before each.
    lines = [line.split("\r")[-1] for line in shown.replace("\r\n", "\n").split("\n")]
    assert any(line.startswith("Epoch:  0 loss:") for line in lines), shown[-3000:]


def test_nothing_extra_when_stderr_is_not_a_terminal(tmp_path):
    (tmp_path / "lab.py").write_text(LAB)
    done = subprocess.run(
        [sys.executable, "-m", "tf1_lessons.cli", "exec", "--record", "c.json", "--max-steps", "30", "lab.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "%|" not in done.stderr and "\r" not in done.stderr and "\r" not in done.stdout


def test_a_bar_counts_the_steps_every_curve_records(monkeypatch):
    monkeypatch.setattr(progress, "enabled", lambda stream=None: True)
    curves = [LearningCurve("lab", "model_0"), LearningCurve("lab", "model_1")]
    with progress.steps(5, "lab") as bar:
        for step in range(3):
            for curve in curves:  # two models, one step: counted once
                curve.record(step, loss=1.0)
        assert bar.n == 3 and bar.total == 5
    curves[0].record(3, loss=1.0)  # after the block: no longer counted
    assert bar.n == 3


class _Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("value", ["0", "no"])
def test_the_bars_can_be_turned_off(monkeypatch, value):
    terminal = _Terminal()
    shown = progress.bar(10, "x", "step", stream=terminal)  # on a terminal: a bar
    assert shown is not None
    shown.close()
    monkeypatch.setenv("TF1_LESSONS_PROGRESS", value)
    assert progress.bar(10, "x", "step", stream=terminal) is None


def test_pytest_tf1_shows_each_labs_steps_on_a_terminal_then_gives_the_line_back(tmp_path):
    (tmp_path / "lab1.py").write_text(LAB)
    pytest_argv = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "--tf1",
        "--tf1-max-steps",
        "30",
        "lab1.py",
    ]
    recorded = subprocess.run(
        [*pytest_argv, "--force-regen"], cwd=tmp_path, capture_output=True, text=True, timeout=600
    )
    assert recorded.returncode == 0, recorded.stdout[-2000:]
    shown = _on_a_terminal(pytest_argv, tmp_path)
    assert "lab1.py:" in shown and "/30 [" in shown, shown[-2000:]  # the lab's steps, while it ran
    assert "1 passed" in shown
    # After the bar, pytest's line reads as without it: the lab's path, then its result.
    (result_line,) = [line for line in shown.replace("\r\n", "\n").split("\n") if "[100%]" in line]
    assert result_line.split("\r")[-1].startswith("lab1.py ")

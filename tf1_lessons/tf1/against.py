"""Is this what TensorFlow 1.15 printed? One script, run under a real TF1 interpreter and under
``tf1-lessons exec``, and the numbers the two printed compared line by line.

The TF1 side runs ``tf1_driver.py`` (this folder) with the interpreter the user names, so both
sides get the same default seeds, step budget and MNIST files. The comparison reads standard
output only: each line's numbers (standalone tokens: ``0.25``, ``-3e-05``, ``[4.5]``, ``nan``;
not the 3 of ``idx3`` or a path) and its text around them (paths left out, since the two runs
may write to different folders).
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import _io
from ..curves import _tf_version  # the installed TensorFlow's version, read from its metadata

DRIVER = Path(__file__).resolve().parent / "tf1_driver.py"
NOT_TF1 = 64  # tf1_driver's exit status for an interpreter without TensorFlow 1.x
#: exec --against-tf1's exit status when neither side printed a number to compare (as pytest's 5:
#: nothing was tested). Comparing nothing is not agreement.
NOTHING_COMPARED = 5
INSTALL = (
    'python3.7 -m venv tf115 && tf115/bin/pip install "tensorflow==1.15.5" "numpy<1.19" "protobuf<3.21"  '
    "(then: --against-tf1 tf115/bin/python)"
)

_NUMBER = re.compile(
    r"(?:(?<=^)|(?<=[\s\[\(\{,=:;]))"  # starts a token, or follows a bracket or separator
    r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?nan|[-+]?inf)"
    r"(?=$|[\s\]\)\},;:%]|\.(?:\s|$))",  # ends a token (a sentence's full stop allowed)
    re.IGNORECASE,
)
_PATH = re.compile(r"\S*/\S*")


def numbers(line: str) -> list[float]:
    return [float(m) for m in _NUMBER.findall(line)]


def skeleton(line: str) -> str:
    """The line's text without its numbers and paths: what must read the same on both sides."""
    # Whitespace collapsed: NumPy pads array columns to the widest number printed.
    text = " ".join(_NUMBER.sub("#", _PATH.sub("<path>", line)).split())
    return re.sub(r"\s*([\[\](),])\s*", r"\1", text)


def rel_diff(a: float, b: float) -> float:
    if a == b or (math.isnan(a) and math.isnan(b)):
        return 0.0
    if math.isnan(a) or math.isnan(b) or math.isinf(a) or math.isinf(b):
        return math.inf
    return abs(a - b) / max(abs(a), abs(b))


@dataclass
class Parting:
    """Where two outputs part: lines compared, numbers compared, the largest difference."""

    lines: int = 0
    numbers: int = 0
    identical: int = 0
    largest: float = 0.0
    largest_at: tuple | None = None  # (line number, their value, our value)
    first_line: tuple | None = None  # (line number, their line, our line, why)
    skipped: list = field(default_factory=list)  # line numbers left out (unstable under TF1)

    def ok(self, rtol: float) -> bool:
        return self.lines > 0 and self.first_text is None and self.largest <= rtol

    @property
    def first_text(self):
        """The first line whose text (not numbers) differs, or None."""
        return self.first_line if self.first_line and self.first_line[3] != "numbers" else None


def compare_outputs(theirs: str, ours: str, skip=()) -> Parting:
    """Line i of TF1's output against line i of ours; ``skip``: line numbers (1-based) whose
    numbers TF1 itself did not repeat from run to run (timings)."""
    a, b = theirs.splitlines(), ours.splitlines()
    result = Parting(lines=min(len(a), len(b)), skipped=sorted(skip))
    for i, (x, y) in enumerate(zip(a, b, strict=False), start=1):
        if i in skip:
            continue
        if skeleton(x) != skeleton(y):
            result.first_line = result.first_line or (i, x, y, "text")
            continue
        nx, ny = numbers(x), numbers(y)
        result.numbers += len(nx)
        for p, q in zip(nx, ny, strict=False):
            d = rel_diff(p, q)
            result.identical += d == 0
            if d > result.largest:
                result.largest, result.largest_at = d, (i, p, q)
            if d > 0 and result.first_line is None:
                result.first_line = (i, x, y, "numbers")
    if len(a) != len(b) and result.first_text is None:
        i = result.lines + 1
        result.first_line = (
            i,
            a[i - 1] if i <= len(a) else "<no more lines>",
            b[i - 1] if i <= len(b) else "<no more lines>",
            "length",
        )
    return result


def report(parting: Parting, rtol: float, theirs_label: str = "TF 1.15", ours_label: str = "exec") -> str:
    p = parting
    width = max(len(theirs_label), len(ours_label))
    lines = [
        f"compared {p.numbers} numbers on {p.lines} lines: {p.identical} identical as printed"
        + (
            f" ({len(p.skipped)} line(s) left out: TF1 printed other numbers there on a second run)"
            if p.skipped
            else ""
        )
    ]
    if p.largest_at is not None:
        i, x, y = p.largest_at
        lines.append(f"largest relative difference: {p.largest:.3g} (line {i}: {x!r} vs {y!r})")
    else:
        lines.append("largest relative difference: 0")
    if p.first_line is not None:
        i, x, y, why = p.first_line
        what = {
            "numbers": "first line whose numbers differ",
            "text": "first line whose text differs",
            "length": "the outputs have different lengths; first unmatched line",
        }[why]
        lines += [f"{what} ({i}):", f"  {theirs_label:<{width}} | {x}", f"  {ours_label:<{width}} | {y}"]
    if not p.lines:
        verdict = "nothing to compare (no output on one side)"
    elif not p.numbers and p.first_text is None:
        verdict = "nothing compared: no number was printed on both sides"
    else:
        verdict = "the same" if p.ok(rtol) else "apart"
    lines.append(f"verdict: {verdict} (rtol {rtol:g})")
    return "\n".join(lines)


# -- running both sides ---------------------------------------------------------------------------


class NotTF1(Exception):
    pass


def probe(python: str) -> dict:
    """The versions a TF1 interpreter reports; NotTF1 with the install line when it has none."""
    try:
        done = subprocess.run([python, str(DRIVER), "--versions"], capture_output=True, text=True, timeout=300)
    except (FileNotFoundError, PermissionError, OSError) as exc:
        raise NotTF1(f"{python}: cannot run it ({exc.strerror or exc}). Make one: {INSTALL}") from None
    if done.returncode == NOT_TF1:
        raise NotTF1(f"{done.stderr.strip().splitlines()[-1]}. Make one: {INSTALL}")
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise NotTF1(f"{python} failed to start ({tail}). It must be a Python 3.7 with TensorFlow 1.x: {INSTALL}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _mnist_folder() -> str | None:
    """The MNIST files exec's input_data would read, without downloading (None: not here)."""
    from ..datasets import _files

    for _, folder in _files.candidates(_files.MNIST):
        if _files._has_all(folder, _files.MNIST):  # noqa: SLF001 - the lookup's own test
            return str(folder.resolve())
    return None


def budget_options(settings: dict, train_size: int | None) -> list[str]:
    """``--set``/``--train-size`` as both sides take them: the values exec resolved (a float as a
    float where the command line said ``1``), so the TF 1.15 side runs exactly exec's program."""
    return [
        *(f"--set={name}={value!r}" for name, value in settings.items()),
        *(["--train-size", str(train_size)] if train_size is not None else []),
    ]


def tf1_command(
    python: str, script: Path, args, seed=None, max_steps=None, record=None, trace=None, budget=()
) -> list[str]:
    cmd = [python, str(DRIVER), *budget]
    cmd += ["--seed", str(seed)] if seed is not None else []
    cmd += ["--max-steps", str(max_steps)] if max_steps else []
    cmd += ["--record", str(record)] if record else []
    cmd += ["--trace-seeds", str(trace)] if trace else []
    mnist_dir = _mnist_folder()
    cmd += ["--mnist", mnist_dir] if mnist_dir else []
    return [*cmd, str(script), *args]


def exec_command(script: Path, args, seed=None, max_steps=None, record=None, budget=()) -> list[str]:
    cmd = [sys.executable, "-m", "tf1_lessons.cli", "exec", *budget]
    cmd += ["--seed", str(seed)] if seed is not None else []
    cmd += ["--max-steps", str(max_steps)] if max_steps else []
    cmd += ["--record", str(record)] if record else []
    return [*cmd, str(script), *args]


def run_side(cmd, timeout=None, env=None, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd)


def first_seed_parting(theirs: Path, ours: Path) -> str | None:
    """Where the op counts behind the two runs' op seeds first part (from --trace-seeds)."""

    def seeds(path):
        # A seed asked for outside any name scope (TF's own set-up asks in an empty graph, a
        # different number of times in each release) seeds no op of the program's: skipped, so
        # that the ops' seeds are compared one to one.
        lines = [json.loads(line) for line in path.read_text().splitlines()] if path.is_file() else []
        return [line for line in lines if line[1]]

    a, b = seeds(theirs), seeds(ours)
    for k, (x, y) in enumerate(zip(a, b, strict=False)):
        if x[3] != y[3]:
            return (
                f"random op {k + 1}: TF 1.15 seeded it {x[3]} with {x[0]} ops in the graph (scope {x[1]!r}); "
                f"exec seeded it {y[3]} with {y[0]} ops (scope {y[1]!r})"
            )
    if len(a) != len(b):
        return f"TF 1.15 drew {len(a)} op seeds, exec {len(b)}; the first {min(len(a), len(b))} agree"
    return None


def against(
    python: str,
    script: Path,
    args,
    seed=None,
    max_steps=None,
    rtol=0.0,
    out: Path | None = None,
    trace: bool = False,
    budget: list[str] = (),
) -> int:
    """``exec --against-tf1``: 0 when the printed numbers agree within ``rtol``, 1 when not.
    ``budget``: ``--set``/``--train-size`` options given to both sides, as exec's checked values."""
    versions = probe(python)
    with tempfile.TemporaryDirectory(prefix="tf1-against-") as tmp:
        keep = out or Path(tmp)
        keep.mkdir(parents=True, exist_ok=True)  # the options were all checked before
        tf1_trace, our_trace = keep / "tf1.seeds", keep / "exec.seeds"
        # The string hash fixed on both sides, as exec --seed fixes it on its own.
        hashed = dict(os.environ, PYTHONHASHSEED=str(seed)) if seed is not None else None
        theirs = run_side(
            tf1_command(python, script, args, seed, max_steps, trace=tf1_trace if trace else None, budget=budget),
            env=hashed,
        )
        env = dict(os.environ, TF1_LESSONS_TRACE_SEEDS=str(our_trace)) if trace else None
        ours = run_side(exec_command(script, args, seed, max_steps, budget=budget), env=env)
        if out is not None:
            for name, done in (("tf1", theirs), ("exec", ours)):
                _io.write_text(out / f"{name}.stdout", done.stdout)
                _io.write_text(out / f"{name}.stderr", done.stderr)
        label = f"TF {versions['tensorflow']}"
        print(f"tf1-lessons: {script} under {label} ({python}) and under exec (TensorFlow {_tf_version()})")
        for name, done in ((label, theirs), ("exec", ours)):
            if done.returncode != 0:
                tail = "\n".join(done.stderr.rstrip().splitlines()[-6:])
                print(f"{name} exited {done.returncode}:\n{tail}")
        parting = compare_outputs(theirs.stdout, ours.stdout)
        print(report(parting, rtol, label, "exec"))
        if trace:
            where = first_seed_parting(tf1_trace, our_trace)
            print(f"op seeds: {where}" if where else "op seeds: every op seed the two runs drew is the same")
        same_status = theirs.returncode == ours.returncode
        if not same_status:
            print(f"exit status: {label} {theirs.returncode}, exec {ours.returncode}")
        if same_status and parting.lines and not parting.numbers and parting.first_text is None:
            budget = f" within --max-steps {max_steps}" if max_steps else ""
            print(
                f"tf1-lessons: no number was printed{budget}, so nothing was compared. A script that prints once "
                "per epoch or at its end needs a budget that reaches that print: "
                + ("a larger --max-steps (or none)" if max_steps else "check that it prints its results")
            )
            return NOTHING_COMPARED
        return 0 if parting.ok(rtol) and same_status else 1

"""`exec --against-tf1`: reading the numbers two runs printed, and refusing what is not TF1.

The comparison against a real TensorFlow 1.15 is exercised by test_exec.py's
test_what_tf_1_15_printed on recorded references; here, its parts and its refusals.
"""

import math
import subprocess
import sys

import pytest

from tf1_lessons.tf1 import against


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Epoch:  0 loss:  41.0  weight:  [4.5]  bias:  [2.2]", [0, 41.0, 4.5, 2.2]),
        ("0 3.5240757 [2.1286771] [-0.8523567]", [0, 3.5240757, 2.1286771, -0.8523567]),
        ("Extracting MNIST_data/train-images-idx3-ubyte.gz", []),  # the 3 of idx3 is no number
        ("saved in /tmp/pytest-3/exec0/model.ckpt-100", []),
        ("batch: 0010 cost = 1.5966415", [10, 1.5966415]),
        ("[[ 0.18367934, -0.08235807], [1e-05, nan]]", [0.18367934, -0.08235807, 1e-05, math.nan]),
        ("Accuracy: 0.9167.", [0.9167]),
        ("step 3, 12.5% done", [3, 12.5]),
    ],
)
def test_numbers_are_standalone_tokens(line, expected):
    got = against.numbers(line)
    assert len(got) == len(expected) and all(
        a == b or (math.isnan(a) and math.isnan(b)) for a, b in zip(got, expected, strict=False)
    )


def test_identical_outputs_are_the_same_at_rtol_0():
    text = "0 1.5 [2.25]\n1 1.25 [2.5]\n"
    parting = against.compare_outputs(text, text)
    assert parting.ok(0.0) and (parting.numbers, parting.identical, parting.largest) == (6, 6, 0.0)
    assert "verdict: the same" in against.report(parting, 0.0)


def test_the_first_differing_line_and_the_largest_difference_are_named():
    theirs = "0 3.5240757 [2.1286771]\n60 0.1372696 [1.4308538]\n80 0.5 [1.0]\n"
    ours = "0 3.5240757 [2.1286771]\n60 0.13726966 [1.430854]\n80 0.5 [1.1]\n"
    parting = against.compare_outputs(theirs, ours)
    text = against.report(parting, 1e-3)
    assert parting.first_line[0] == 2 and parting.largest_at[0] == 3
    assert not parting.ok(1e-3) and parting.ok(0.1)
    assert "first line whose numbers differ (2):" in text and "TF 1.15 | 60 0.1372696 [1.4308538]" in text
    assert "exec    | 60 0.13726966 [1.430854]" in text and "verdict: apart (rtol 0.001)" in text


def test_text_differences_and_lengths_part_whatever_the_tolerance():
    assert not against.compare_outputs("loss 1.0\n", "cost 1.0\n").ok(1.0)
    assert not against.compare_outputs("a 1\nb 2\n", "a 1\n").ok(1.0)
    assert not against.compare_outputs("", "").ok(1.0), "nothing printed is nothing compared, not a match"
    # Padding NumPy adds to align columns, and paths, are not differences.
    assert against.compare_outputs("[[ 0.18367934, -0.08]]\n", "[[ 0.1836793 , -0.08]]\n").first_text is None
    assert against.compare_outputs("saved /tmp/a/m.ckpt 1\n", "saved /tmp/b/m.ckpt 1\n").ok(0.0)
    # NaN against a number is a difference; NaN against NaN is not.
    assert not against.compare_outputs("loss nan\n", "loss 0.5\n").ok(1.0)
    assert against.compare_outputs("loss nan\n", "loss nan\n").ok(0.0)


def test_lines_tf1_did_not_repeat_are_left_out():
    parting = against.compare_outputs("took 1.25 s\nloss 0.5\n", "took 0.75 s\nloss 0.5\n", skip={1})
    assert parting.ok(0.0) and parting.skipped == [1]


@pytest.mark.parametrize(
    "python, says",
    [
        (sys.executable, "has TensorFlow 2."),
        ("/nonexistent/python3.7", "cannot run it"),
    ],
)
def test_an_interpreter_without_tf1_is_refused_with_the_install_line(tmp_path, python, says):
    script = tmp_path / "lab.py"
    script.write_text("print(1)\n")
    done = subprocess.run(
        [sys.executable, "-m", "tf1_lessons.cli", "exec", "--against-tf1", python, str(script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 2, done.stderr
    assert says in done.stderr and 'pip install "tensorflow==1.15.5"' in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


@pytest.mark.parametrize(
    "args, message",
    [
        (["--against-tf1", "py", "--record", "c.json"], "compares printed numbers only; drop --record"),
        (["--trace-seeds"], "--trace-seeds: only with --against-tf1"),
        (["--rtol", "0.1"], "--rtol/--atol: only with --check"),
    ],
)
def test_options_that_would_be_ignored_are_refused(tmp_path, args, message):
    (tmp_path / "x.py").write_text("raise SystemExit('should not run')\n")
    done = subprocess.run(
        [sys.executable, "-m", "tf1_lessons.cli", "exec", *args, "x.py"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 2 and message in done.stderr and "should not run" not in done.stderr


def test_comparing_no_number_is_not_agreement(monkeypatch, tmp_path, capsys):
    """A script that prints once per epoch, run with a budget that ends before the first epoch:
    both sides print text only. The verdict says nothing was compared, with its own status."""
    script = tmp_path / "lab.py"
    script.write_text("print('training...')\n")
    monkeypatch.setattr(against, "probe", lambda python: {"tensorflow": "1.15.5"})
    printed = subprocess.CompletedProcess([], 0, stdout="Extracting MNIST_data/x.gz\ntraining...\n", stderr="")
    monkeypatch.setattr(against, "run_side", lambda *args, **kwargs: printed)
    status = against.against("tf115/bin/python", script, [], seed=0, max_steps=30)
    out = capsys.readouterr().out
    assert status == against.NOTHING_COMPARED == 5
    assert "compared 0 numbers on 2 lines" in out and "verdict: nothing compared" in out
    assert "no number was printed within --max-steps 30" in out and "a larger --max-steps (or none)" in out
    assert "verdict: the same" not in out


def test_exec_and_the_tf1_driver_count_the_same_training_steps(tmp_path):
    """One step detector for both sides of --against-tf1 (tf1/steps.py; the driver loads it by
    path under TF 1.15): minimize, tf.group, control_dependencies, slim's train_op (an Identity),
    tf.gradients + clip_by_global_norm + apply_gradients, with evaluations between. The TF 1.15
    side was recorded by the driver (tests/tf1_steps/step_patterns.tf115.json); exec's curve has
    its rows, its columns and its losses (the clipped model's loss found through tf.gradients)."""
    import json
    from pathlib import Path

    from tf1_lessons.curves import LearningCurve

    here = Path(__file__).resolve().parent / "tf1_steps"
    theirs = json.loads((here / "step_patterns.tf115.json").read_text())["curve"]
    done = subprocess.run(
        [sys.executable, "-m", "tf1_lessons.cli", "exec", "--seed", "0", "--record", "c.json",
         str(here / "step_patterns.py")],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    ours = LearningCurve.load(tmp_path / "c.json")
    assert [ours.unit, *ours.metrics] == theirs["columns"] and len(ours) == len(theirs["rows"]) == 15
    for row, loss in zip(theirs["rows"], ours.metrics["loss"], strict=True):
        assert loss == pytest.approx(row[1], rel=1e-6), (row, loss)

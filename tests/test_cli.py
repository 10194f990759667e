"""The tf1-lessons command line, and lesson scripts run directly."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tf1_lessons import cli, lessonrun

from .conftest import GOLDENS, ROOT


def run_cli(capsys, *argv):
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_lesson_document_result_and_time(capsys):
    code, out, _ = run_cli(capsys, "list")
    assert code == 0
    lessons = cli.registry.discover()
    # Every row's expected result starts in the header's column, however long the full-run entry.
    lines = out.splitlines()
    column = lines[0].index("expected result")
    rows = [row for row in lines[1:] if row and not row.startswith(" ") and not row.startswith("`")]
    assert len(rows) == len(lessons) == 9
    for line, lesson in zip(rows, lessons.values(), strict=False):
        assert line[column:].startswith(lesson.meta["expected"][:20]), line
    line = next(row for row in out.splitlines() if row.startswith("linear_regression"))
    assert "001_0362e8248c37ed0c.txt" in line and "17.000002" in line and "4 s" in line


def test_list_shows_each_lessons_modes_twins_budgets_and_fixed(capsys):
    _, out, _ = run_cli(capsys, "list")
    block = out.split("\nkeras_mlp")[1].split("\ncnn")[0]
    assert "modes: keras (default), fashion, pima, keras_steps, eager; --mode both: keras_steps vs eager" in block
    assert "--train-size 60000 (tests 2000), --max-steps 9375" in block
    assert "--fixed" not in block
    block = out.split("\nmodel_class")[1].split("\nlayers_api")[0]
    assert "--fixed: conv kernels with stddev=0.01" in block


def test_run_lesson_help_shows_that_lessons_modes_and_budgets(capsys):
    code, out, _ = run_cli(capsys, "run", "keras_mlp", "--help")
    assert code == 0
    assert "one of: keras, fashion, pima, keras_steps, eager (default: keras)" in re.sub(r"\s+", " ", out)
    assert "--train-size TRAIN_SIZE budget: train size (full run: 60000; tests: 2000); taken by keras, fashion, " in (
        re.sub(r"\s+", " ", out)
    )
    assert "--fixed" not in out and "--learning-rate" not in out  # keras_mlp has neither, no lesson has the second
    _, other, _ = run_cli(capsys, "run", "mnist_softmax", "--help")
    other = re.sub(r"\s+", " ", other)
    assert "--fixed run the corrected version: -sum(y_ * log(y)) is NaN once" in other
    assert "--epochs" not in other
    assert "--max-steps MAX_STEPS budget: max steps (full run: 1000; tests: 1000)" in other


@pytest.mark.parametrize("command", ["run", "compare"])
def test_every_lessons_help_prints(capsys, command):
    """A lesson's own texts go into argparse's help, which formats with %: lesson 9's fixed erratum
    says "dropping 70 %", which once made `run ensemble --help` a ValueError traceback."""
    for name, lesson in cli.registry.discover().items():
        code, out, _ = run_cli(capsys, command, name, "--help")
        assert code == 0 and f"Lesson {lesson.meta['number']}" in out, (command, name)
    _, out, _ = run_cli(capsys, "run", "ensemble", "--help")
    assert "dropping 70 %" in re.sub(r"\s+", " ", out)


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["run", "no_such_lesson"],
            "invalid choice: 'no_such_lesson' (choose from 'linear_regression', 'mnist_softmax'",
        ),
        (
            ["run", "keras_mlp", "--steps", "5"],
            "lesson 'keras_mlp' has no --steps budget; it takes --train-size, --max-steps",
        ),
        (
            ["run", "keras_mlp", "--mode", "pima", "--train-size", "100"],
            "mode 'pima' of lesson 'keras_mlp' takes no --train-size; the modes that take it: keras, fashion",
        ),
        (
            ["run", "two_layer_net", "--mode", "gradient_check", "--steps", "5"],
            "mode 'gradient_check' of lesson 'two_layer_net' takes no --steps",
        ),
        (["show", "nope"], "invalid choice: 'nope'"),
        (["run", "linear_regression", "--mode", "eagre"], "invalid choice: 'eagre'"),
        (["run", "linear_regression", "--max-steps", "0"], "--max-steps: must be at least 1"),
        (["run", "linear_regression", "--max-steps", "ten"], "--max-steps: expected a whole number"),
        (["run", "linear_regression", "--epochs", "2"], "has no --epochs budget; it takes --max-steps"),
        (["run", "deep_cnn", "--steps", "2"], "has no --steps budget; it takes --epochs, --train-size, --max-steps"),
        (["check", "nope"], "unknown lesson(s) ['nope']; choose from: linear_regression"),
        (["run", "linear_regression", "--fixed"], "has no --fixed version"),
        (
            ["run", "two_layer_net", "--mode", "learning_rates"],
            "invalid choice: 'learning_rates' (lesson 'two_layer_net'",
        ),
        (
            ["check", "linear_regression", "--jobs", "3"],
            "argument --jobs: only used with --force-regen (re-recording); drop it, or add --force-regen",
        ),
        (["check", "linear_regression", "--variants", "default"], "argument --variants: only used with --force-regen"),
        (["check", "linear_regression", "--keep", "k"], "argument --keep: only used with --force-regen"),
        (
            ["run", "linear_regression", "--seed", "-3"],
            "--seed: must be between 0 and 4294967295 (numpy's seed range), got -3",
        ),
        (["compare", "cnn", "--seed", "99999999999"], "--seed: must be between 0 and 4294967295"),
    ],
)
def test_bad_arguments_exit_2_and_say_why(capsys, monkeypatch, argv, message):
    def no_run(*args, **kwargs):
        raise AssertionError("the lesson was loaded although its options were wrong")

    monkeypatch.setattr(lessonrun, "run", no_run)
    code, _, err = run_cli(capsys, *argv)
    assert code == 2
    assert message in err


def test_bad_options_are_refused_before_tensorflow_is_imported():
    # In a fresh interpreter: a refusal must not pay TensorFlow's start-up (seconds).
    probe = (
        "import sys\nfrom tf1_lessons import cli\n"
        "for argv in (['run', 'linear_regression', '--epochs', '3'], ['run', 'keras_mlp', '--steps', '5'],"
        " ['run', 'cnn', '--mode', 'nope'], ['run', 'keras_mlp', '--mode', 'pima', '--train-size', '1']):\n"
        "    try:\n        cli.main(argv)\n    except SystemExit as exc:\n        assert exc.code == 2, argv\n"
        "print('tensorflow' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_show_prints_the_path_and_the_source(capsys):
    code, out, _ = run_cli(capsys, "show", "linear_regression")
    path = cli.registry.discover()["linear_regression"].path
    assert code == 0 and out.splitlines()[0] == f"# {path}"
    assert out.split("\n", 1)[1].startswith(path.read_text())
    # After the program, comment lines only: `show LESSON > mine.py` is still the program.
    rest = out.split("\n", 1)[1][len(path.read_text()) :]
    assert all(not line.strip() or line.startswith("#") for line in rest.splitlines()) and "twin.py" in rest


def test_copy_writes_a_runnable_copy_and_never_overwrites(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "copy", "linear_regression", str(tmp_path / "mine"))
    copy = tmp_path / "mine" / "01_linear_regression" / "program.py"
    assert code == 0 and f"tf1-lessons exec {copy}" in out
    assert copy.read_text() == cli.registry.discover()["linear_regression"].path.read_text()
    copy.write_text(
        copy.read_text().replace(
            "GradientDescentOptimizer(learning_rate=0.1)", "GradientDescentOptimizer(learning_rate=0.05)"
        )
    )
    edited = copy.read_text()
    code, _, err = run_cli(capsys, "copy", "linear_regression", str(tmp_path / "mine"))
    assert code == 2 and "already exists; not overwriting it" in err
    assert copy.read_text() == edited
    # The copy is the learner's own program now: exec runs it from its folder, with the change,
    # and so does `run` with TF1_LESSONS_DIR naming the folder of copies.
    ran = subprocess.run(
        [sys.executable, "-m", "tf1_lessons.cli", "exec", "--max-steps", "3", copy.name],
        cwd=copy.parent, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr[-2000:]
    original = subprocess.run(
        [sys.executable, "-m", "tf1_lessons.cli", "exec", "--max-steps", "3",
         str(cli.registry.discover()["linear_regression"].path)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    # Step 0's loss is computed before the first update, its weight after it (at half the rate).
    mine, theirs = ran.stdout.splitlines()[0], original.stdout.splitlines()[0]
    assert mine.startswith("Epoch:  0 loss:  41.0 ") and theirs.startswith("Epoch:  0 loss:  41.0 ") and mine != theirs
    env = {**os.environ, "TF1_LESSONS_DIR": str(tmp_path / "mine")}
    run = subprocess.run(
        [sys.executable, "-m", "tf1_lessons.cli", "run", "linear_regression", "--max-steps", "3"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip
    assert run.returncode == 0 and run.stdout.splitlines()[0] == mine, run.stderr[-2000:]
    # Cut short, as exec says it, and what the cut left out (the program's end).
    assert "tf1-lessons: stopped after 3 training steps (--max-steps 3); linear_regression's program" in run.stderr
    assert "leave out --max-steps to reach it" in run.stderr


def test_run_both_with_out_writes_curves_and_plot(capsys, tmp_path):
    code, out, _ = run_cli(
        capsys, "run", "linear_regression", "--mode", "both", "--max-steps", "120", "--out", str(tmp_path)
    )
    assert code == 0
    assert "=== linear_regression: eager mode ===" in out and "first divergence: none" in out
    graph = json.loads((tmp_path / "linear_regression-graph.json").read_text())
    assert graph["budget"] == {"max_steps": 120} and len(graph["rows"]) == 120
    assert (tmp_path / "linear_regression-eager.json").is_file()
    assert (tmp_path / "linear_regression.png").read_bytes()[:4] == b"\x89PNG"


def test_compare_reports_identical_twins(capsys):
    code, out, _ = run_cli(capsys, "compare", "linear_regression", "--max-steps", "50", "--quiet")
    assert code == 0
    assert "loss" in out and "identical" in out and "first divergence: none" in out


def test_check_passes_against_the_committed_golden(capsys):
    code, out, err = run_cli(capsys, "check", "linear_regression")
    assert code == 0, err
    assert "matches" in out


def test_check_fails_on_a_tampered_golden_and_regen_restores_it(capsys, tmp_path):
    shutil.copy(GOLDENS / "linear_regression.json", tmp_path / "linear_regression.json")
    data = json.loads((tmp_path / "linear_regression.json").read_text())
    # As if the lesson's curve had been 0.01 % higher at step 50 on every variant.
    env = data["envelope"]["graph"]
    assert env["columns"][:3] == ["step", "loss lo", "loss hi"] and env["rows"][50][0] == 50
    env["rows"][50][1] *= 1.0001
    env["rows"][50][2] *= 1.0001
    data["curves"]["graph"]["rows"][50][1] *= 1.0001
    (tmp_path / "linear_regression.json").write_text(json.dumps(data))
    code, _, err = run_cli(capsys, "check", "linear_regression", "--goldens", str(tmp_path))
    assert code == 1 and "[graph] leaves the envelope first at step 50 (loss)" in err
    assert "linear_regression: the run is outside the envelope" in err and "[eager]" not in err
    # The re-record command offered is the one for this folder (--goldens kept), after the advice.
    regen = f"tf1-lessons check linear_regression --goldens {tmp_path} --force-regen"
    assert err.index("Look for a real change first") < err.index(regen)
    code, out, _ = run_cli(
        capsys, "check", "linear_regression", "--goldens", str(tmp_path), "--force-regen",
        "--variants", "default,threads-1",
    )  # fmt: skip
    assert code == 0 and "re-recorded" in out
    made = json.loads((tmp_path / "linear_regression.json").read_text())["made"]
    assert list(made["variants"]) == ["default", "threads-1"] and made["variants"]["threads-1"] == {
        "TF_NUM_INTRAOP_THREADS": "1"
    }
    assert run_cli(capsys, "check", "linear_regression", "--goldens", str(tmp_path))[0] == 0


def test_check_refuses_a_budget_mismatch_and_bad_options(capsys, tmp_path):
    data = json.loads((GOLDENS / "linear_regression.json").read_text())
    for curve in data["curves"].values():
        curve["budget"] = {"steps": 500}
    (tmp_path / "linear_regression.json").write_text(json.dumps(data))
    code, _, err = run_cli(capsys, "check", "linear_regression", "--goldens", str(tmp_path))
    assert code == 1 and "not the run the golden describes" in err and "budget {'steps': 500}" in err
    assert "envelope" not in err.split("\n")[0]
    code, _, err = run_cli(capsys, "check", "linear_regression", "--with", str(tmp_path / "nowhere"), "--force-regen")
    assert code == 2 and "not a folder of recorded curves" in err
    code, _, err = run_cli(capsys, "check", "linear_regression", "--force-regen", "--variants", "threads-1")
    assert code == 2 and "must include 'default'" in err
    code, _, err = run_cli(capsys, "check", "no_such_lesson")
    assert code == 2 and "unknown lesson(s) ['no_such_lesson']" in err


def test_console_script_and_lesson_script_run():
    script = shutil.which("tf1-lessons")
    assert script, "the console script is installed with `pip install -e .`"
    listed = subprocess.run([script, "list"], capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0 and "linear_regression" in listed.stdout
    # A lesson's twin runs directly too: it first runs its program, quietly, for its start.
    twin = ROOT / "lessons" / "01_linear_regression" / "twin.py"
    ran = subprocess.run([sys.executable, str(twin)], capture_output=True, text=True, timeout=300)
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert ran.stdout.startswith("(running program.py first, quietly: the twin starts from its run)")
    assert "Epoch:  99 loss:  3.3379514e-05  weight:  [3.0046647]  bias:  [1.9862854]" in ran.stdout
    assert "array([20.014275], dtype=float32)" in ran.stdout


def test_out_that_cannot_be_written_is_refused_before_the_run(capsys, tmp_path, monkeypatch):

    def no_run(*args, **kwargs):
        raise AssertionError("the lesson ran although --out was unusable")

    monkeypatch.setattr(lessonrun, "run", no_run)
    a_file = tmp_path / "curves.json"
    a_file.write_text("{}")
    code, _, err = run_cli(capsys, "run", "linear_regression", "--out", str(a_file))
    assert code == 2 and f"argument --out: {a_file} is a file; name a folder" in err and "Traceback" not in err
    code, _, err = run_cli(capsys, "compare", "linear_regression", "--out", str(a_file / "below"))
    assert code == 2 and f"argument --out: {a_file} is a file, so {a_file / 'below'} cannot be made" in err
    code, _, err = run_cli(capsys, "run", "linear_regression", "--out", "/proc/nope/deeper")
    # The folder that could not be made, and why (not its parent, with another reason).
    assert code == 2 and "argument --out: cannot create the folder /proc/nope (No such file or directory)" in err
    assert not Path("/proc/nope").exists()
    assert a_file.read_text() == "{}"


def test_a_failed_save_keeps_the_run_in_a_temporary_folder(capsys, tmp_path, monkeypatch):
    from tf1_lessons import plot

    def disk_full(curves, path, title=None):
        if str(path).startswith(str(tmp_path)):
            raise OSError(28, "No space left on device")
        return real_plot(curves, path, title=title)

    real_plot = plot.plot
    monkeypatch.setattr(plot, "plot", disk_full)
    code, out, err = run_cli(
        capsys, "run", "linear_regression", "--max-steps", "20", "--quiet", "--out", str(tmp_path / "runs")
    )
    assert code == 1
    message = next(line for line in err.splitlines() if line.startswith("tf1-lessons: could not save"))
    assert "No space left on device" in message
    kept = Path(message.rsplit(" kept in ", 1)[1].split(" instead")[0])
    assert (kept / "linear_regression-graph.json").is_file() and (kept / "linear_regression.png").is_file()
    shutil.rmtree(kept)


def test_quiet_prints_the_summary_only(capsys):
    code, out, _ = run_cli(capsys, "run", "linear_regression", "--max-steps", "5", "-q")
    assert code == 0
    # Cut at step 5, the program's last fetches of W and b were after step 4 (its printout's).
    assert re.fullmatch(
        r"linear_regression \[graph\]: 5 steps, final loss 1\.67\d+; W 2\.66\d+, b 1\.60\d+; \d+\.\d s\n", out
    ), out


def test_every_budget_a_lesson_declares_is_taken_by_some_mode():
    for lesson in cli.registry.discover().values():
        # else its flag could never be used
        for key in set(lesson.budget) | set(lesson.test_budget):
            assert cli.lessons._taking(lesson, key), (lesson.name, key)


def test_a_missing_lessons_folder_is_a_message_not_a_traceback(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "tf1_lessons.cli", "list"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "TF1_LESSONS_DIR": str(tmp_path / "none")},
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert (
        f"no lessons folder at {tmp_path / 'none'}; TF1_LESSONS_DIR names a folder that does not exist" in done.stderr
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "keras_mlp", "--out", "new/out", "--steps", "5"],
        ["compare", "keras_mlp", "--out", "new/out", "--epochs", "1"],
        ["exec", "--out", "new/out", "--rtol", "0.1", "x.py"],
        ["exec", "--out", "new/out", "--record", "new/c.json", "--trace-seeds", "x.py"],
    ],
)
def test_a_refused_command_creates_nothing(tmp_path, monkeypatch, capsys, argv):
    (tmp_path / "x.py").write_text("raise SystemExit('should not run')\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2 and "error:" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.py"], "the refused command left a folder behind"


@pytest.mark.parametrize(
    "broken",
    [
        {"lesson.json": '{"name": "broken"'},  # a lesson folder whose lesson.json is cut short
        {"lesson.json": '{"name": "broken"}', "program.py": "", "twin.py": ""},  # lacking its keys
    ],
)
def test_one_broken_lesson_is_reported_once_and_every_other_command_works(tmp_path, broken):
    lessons = tmp_path / "lessons"
    shutil.copytree(ROOT / "lessons", lessons, ignore=shutil.ignore_patterns("__pycache__"))
    (lessons / "10_broken").mkdir()
    for name, text in broken.items():
        (lessons / "10_broken" / name).write_text(text)
    left_out = "10_broken left out, it cannot be read"
    (tmp_path / "s.py").write_text("print('fine')\n")
    env = {**__import__("os").environ, "TF1_LESSONS_DIR": str(lessons)}

    def tf1(*args):
        return subprocess.run(
            [sys.executable, "-m", "tf1_lessons.cli", *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=300,
        )

    for args in (["list"], ["show", "linear_regression"], ["scan", "s.py"], ["exec", "s.py"]):
        done = tf1(*args)
        assert done.returncode == 0, (args, done.stderr[-2000:])
        assert "Traceback" not in done.stderr
        assert done.stderr.count(left_out) == 1, (args, done.stderr)
    assert "fine" in tf1("exec", "s.py").stdout


def _ctrl_c_as_in_a_terminal():
    """A pytest-xdist worker ignores SIGINT, and a child inherits that; in a terminal a command
    starts with Ctrl-C at its default."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_in_exec_notebook_keeps_the_partly_run_notebook(tmp_path):
    import signal
    import time

    import nbformat

    cells = [
        nbformat.v4.new_code_cell("print('first cell ran')"),
        nbformat.v4.new_code_cell("import time\ntime.sleep(300)"),
    ]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), tmp_path / "long.ipynb")
    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "tf1_lessons.cli", "exec", "long.ipynb"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    import threading

    printed = []
    reader = threading.Thread(target=lambda: printed.extend(iter(proc.stdout.readline, "")), daemon=True)
    reader.start()
    deadline = time.time() + 180
    while "first cell ran\n" not in printed and time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
    time.sleep(2)  # the kernel is in the long cell now
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=120)
    reader.join(timeout=10)
    out, err = "".join(printed), proc.stderr.read()
    assert proc.returncode == 130, err[-3000:]
    assert "first cell ran" in out and "KeyboardInterrupt" in err
    assert "Traceback" not in err
    kept = nbformat.read(tmp_path / "long.tf1.ipynb", as_version=4)
    assert kept.cells[0].outputs[0].text == "first cell ran\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "cnn", "--epochs", "15"],
        ["notebook", "deep_cnn", "--execute", "--out", "nb"],
    ],
)
def test_ctrl_c_ends_a_command_with_130_and_no_traceback(tmp_path, argv):
    import signal
    import time

    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "tf1_lessons.cli", *argv],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    time.sleep(10)  # TensorFlow loaded and the lesson training, or the kernel up and running cells
    assert proc.poll() is None, f"the command ended before it was interrupted: {proc.communicate()}"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err[-3000:]
    assert "interrupted (Ctrl-C)" in err and "Traceback" not in err and "is ipykernel installed" not in err
    assert not (tmp_path / "nb" / "lesson06_deep_cnn.ipynb").exists()


def test_version_and_help_say_what_runs_and_where_data_comes_from():
    done = subprocess.run(
        [sys.executable, "-m", "tf1_lessons.cli", "--version"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and re.match(r"tf1-lessons \S+ \(TensorFlow 2\.\d+\.\d+, tf-keras 2\.\d+", done.stdout)
    helped = subprocess.run(
        [sys.executable, "-m", "tf1_lessons.cli", "--help"], capture_output=True, text=True, timeout=120
    )
    text = " ".join(helped.stdout.split())
    assert "$TF1_LESSONS_DATA" in text and "~/.cache/tf1-lessons" in text and "verified download" in text


def test_a_run_cut_by_max_steps_names_the_budget_that_reaches_the_evaluation():
    """`run cnn --epochs 1 --max-steps 1`: one epoch of 55,000 images in batches of 100 is 550 steps."""
    from tf1_lessons import lessonrun, registry

    cnn = registry.discover()["cnn"]
    line = lessonrun._stopped_line(cnn, "graph", {"epochs": 1, "train_size": 55000, "max_steps": 1}, False, 1)
    assert line == (
        "tf1-lessons: stopped after 1 training steps (--max-steps 1); cnn's program did not reach its end, "
        "so its evaluation did not run: give --max-steps 550 (this budget's training steps) to reach it"
    )


def test_the_help_and_readme_say_what_copy_and_the_data_folder_are(capsys):
    """copy copies the lesson's folder (program, twin, lesson.json), not one script; the README's
    data folder ../shared/data is relative to a checkout beside shared/, and it says so."""
    _, out, _ = run_cli(capsys, "--help")
    assert "copy a lesson's folder" in re.sub(r"\s+", " ", out)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`../shared/data` where the checkout sits beside `shared/`" in re.sub(r"[ \n]+", " ", readme)

"""Bad input at every door: each case gets a message naming the argument and the fix (or the
script's own behaviour, as Python gives it), the right exit status, no traceback of ours, and
nothing half-written. README's "Troubleshooting" table is this table.
"""

import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .conftest import GOLDENS, ROOT

OK, FAILED, REFUSED, INTERRUPTED = 0, 1, 2, 130

# (name, argv, exit status, what stderr must say). Files are made by `workspace` below.
CASES = [
    # exec: the script argument
    ("exec a missing file", ["exec", "missing.py"], REFUSED, "argument SCRIPT: missing.py is not a file"),
    ("exec a folder", ["exec", "folder"], REFUSED, "argument SCRIPT: folder is a folder"),
    ("exec an empty file", ["exec", "empty.py"], OK, ""),
    ("exec a binary file", ["exec", "binary.py"], FAILED, "SyntaxError: source code string cannot contain null bytes"),
    ("exec a syntax error", ["exec", "syntax.py"], FAILED, 'syntax.py", line 1'),
    ("exec a non-UTF-8 file", ["exec", "latin1.py"], FAILED, "SyntaxError: (unicode error) 'utf-8' codec can't decode"),
    ("exec sys.exit(5)", ["exec", "exit5.py"], 5, ""),
    ("exec raises KeyboardInterrupt", ["exec", "kbint.py"], INTERRUPTED, "KeyboardInterrupt"),
    # exec: the options
    (
        "exec --max-steps 0",
        ["exec", "--max-steps", "0", "exit5.py"],
        REFUSED,
        "argument --max-steps: must be at least 1",
    ),
    (
        "exec --seed -1",
        ["exec", "--seed", "-1", "exit5.py"],
        REFUSED,
        "argument --seed: must be between 0 and 4294967295",
    ),
    (
        "exec --out read-only",
        ["exec", "--out", "/proc/tf1-out", "exit5.py"],
        REFUSED,
        "argument --out: cannot create the folder /proc/tf1-out (No such file or directory)",
    ),
    # Nothing a user gives us is overwritten: every writer, with the script itself, a notebook
    # and an unrelated file as its target (tests/test_writers.py holds the files unchanged).
    (
        "exec --record the script",
        ["exec", "--record", "a.py", "a.py"],
        REFUSED,
        "argument --record: a.py is the script",
    ),
    (
        "exec --record a notebook",
        ["exec", "--record", "lab.ipynb", "a.py"],
        REFUSED,
        "argument --record: lab.ipynb exists and is not a file tf1-lessons wrote (a notebook)",
    ),
    (
        "exec --record an unrelated file",
        ["exec", "--record", "notes.txt", "a.py"],
        REFUSED,
        "argument --record: notes.txt exists and is not a file tf1-lessons wrote; the curve would replace it",
    ),
    (
        "exec --check the script",
        ["exec", "--check", "a.py", "a.py"],
        REFUSED,
        "argument --check: a.py is the script being run, not a curve",
    ),
    (
        "exec --out over a user's JSON",
        ["exec", "--out", "mine", "a.py"],
        REFUSED,
        "argument --out: mine/a.json exists and is not a file tf1-lessons wrote (JSON); the curve would replace it. "
        "Name another folder, or add --overwrite",
    ),
    (
        "exec a notebook over a user's .tf1.ipynb",
        ["exec", "lab.ipynb"],
        REFUSED,
        "argument SCRIPT: lab.tf1.ipynb exists and is not a file tf1-lessons wrote (a notebook)",
    ),
    (
        "exec --record a missing folder",
        ["exec", "--record", "/proc/nope/c.json", "a.py"],
        REFUSED,
        "argument --record: cannot create the folder /proc/nope (No such file or directory)",
    ),
    (
        "exec --tensorboard a file",
        ["exec", "--tensorboard", "notes.txt", "a.py"],
        REFUSED,
        "argument --tensorboard: notes.txt is a file",
    ),
    (
        "run --out over a user's picture",
        ["run", "linear_regression", "--out", "mine"],
        REFUSED,
        "argument --out: mine/linear_regression.png exists and is not a file tf1-lessons wrote (a picture)",
    ),
    (
        "run --out a missing folder",
        ["run", "linear_regression", "--out", "/proc/nope"],
        REFUSED,
        "argument --out: cannot create the folder /proc/nope (No such file or directory)",
    ),
    (
        "graph --out over a user's picture",
        ["graph", "linear_regression", "--out", "mine/linear_regression.png"],
        REFUSED,
        "argument --out: mine/linear_regression.png exists and is not a file tf1-lessons wrote (a picture)",
    ),
    (
        "graph --out below a file",
        ["graph", "linear_regression", "--out", "notes.txt/g.png"],
        REFUSED,
        "argument --out: notes.txt is a file, so notes.txt/g.png cannot be written",
    ),
    (
        "notebook --out over a user's notebook",
        ["notebook", "cnn", "--out", "mine"],
        REFUSED,
        "argument --out: mine/lesson05_cnn.ipynb exists and is not a file tf1-lessons wrote (a notebook)",
    ),
    (
        "check --force-regen over a user's file",
        ["check", "linear_regression", "--force-regen", "--goldens", "mine"],
        REFUSED,
        "argument --goldens: mine/linear_regression.json exists and is not a file tf1-lessons wrote (JSON)",
    ),
    (
        "kernel install over another kernel",
        ["kernel", "install", "--prefix", "foreign"],
        FAILED,
        "holds a kernel named 'tf1-lessons' that tf1-lessons did not install (other-program); left as it is",
    ),
    (
        "check with --goldens holding no golden",
        ["check", "linear_regression", "--goldens", "mygoldens"],
        FAILED,
        "record one with `tf1-lessons check linear_regression --goldens mygoldens --force-regen`",
    ),
    (
        "kernel install --prefix under a file",
        ["kernel", "install", "--prefix", "a.py/sub"],
        FAILED,
        "(Not a directory); give --prefix a folder you can write, or --sys-prefix (this virtualenv)",
    ),
    (
        "kernel install --prefix where nothing can be made",
        ["kernel", "install", "--prefix", "/proc/tf1-nowhere/readonly"],
        FAILED,
        "tf1-lessons: cannot write /proc/tf1-nowhere (No such file or directory); give --prefix a folder",
    ),
    (
        "kernel remove, not installed",
        ["kernel", "remove", "--prefix", "nowhere"],
        FAILED,
        "`tf1-lessons kernel remove --prefix P`",
    ),
    ("exec --check truncated", ["exec", "--check", "truncated.json", "exit5.py"], REFUSED, "is not a curve file"),
    (
        "exec --check another script's",
        ["exec", "--check", "a.json", "b.py"],
        REFUSED,
        "was recorded from a.py, not from b.py",
    ),
    (
        "exec --check a lesson golden",
        ["exec", "--check", "lesson_golden.json", "exit5.py"],
        REFUSED,
        "is a golden envelope",
    ),
    ("exec --check with NaN", ["exec", "--check", "nan.json", "a.py"], FAILED, "the curve left nan.json"),
    # scan
    ("scan a missing file", ["scan", "missing.py"], REFUSED, "no such file or folder: missing.py"),
    ("scan unreadable files", ["scan", "binary.py", "latin1.py", "syntax.py"], FAILED, ""),
    # check: the lesson goldens
    (
        "check a truncated golden",
        ["check", "linear_regression", "--goldens", "g-truncated"],
        FAILED,
        "the file is damaged",
    ),
    (
        "check another lesson's golden",
        ["check", "linear_regression", "--goldens", "g-other"],
        FAILED,
        "is the golden of 'mnist_softmax', not of 'linear_regression'",
    ),
    (
        "check a format-1 golden",
        ["check", "linear_regression", "--goldens", "g-format1"],
        FAILED,
        "a single recorded curve set (format 1) with no envelope",
    ),
    ("check a golden with NaN", ["check", "linear_regression", "--goldens", "g-nan"], FAILED, "the golden holds NaN"),
    (
        "check --jobs 0",
        ["check", "linear_regression", "--jobs", "0"],
        REFUSED,
        "--jobs: must be at least 1",
    ),
    # compare, graph, notebook, run
    ("compare --epochs 0", ["compare", "cnn", "--epochs", "0"], REFUSED, "argument --epochs: must be at least 1"),
    ("run --seed -1", ["run", "linear_regression", "--seed", "-1"], REFUSED, "argument --seed: must be between 0"),
    (
        "graph --out read-only",
        ["graph", "cnn", "--out", "/proc/x.png"],
        REFUSED,
        "argument --out: cannot write into /proc (",
    ),
    (
        "notebook --out read-only",
        ["notebook", "cnn", "--out", "/proc/nb"],
        REFUSED,
        "argument --out: cannot create the folder /proc/nb (",
    ),
    (
        "run --out a file",
        ["run", "linear_regression", "--out", "empty.py"],
        REFUSED,
        "argument --out: empty.py is a file",
    ),
    # TF 2 code, told before anything runs (TensorFlow is not even imported)
    (
        "exec a TF 2 script",
        ["exec", "tf2_only.py"],
        REFUSED,
        "tf1-lessons: tf2_only.py is TF 2 code: tf.GradientTape (line 3) and .numpy() (line 5), and no Session, "
        "placeholder or tf.enable_eager_execution(). Run it with python",
    ),
    ("scan a TF 2 script", ["scan", "tf2_only.py"], FAILED, ""),
    # the data loaders, through a lesson: a damaged MNIST file
    ("run with damaged data", ["run", "mnist_softmax", "--max-steps", "2"], FAILED, "train-images-idx3-ubyte.gz"),
]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    w = tmp_path_factory.mktemp("bad")
    (w / "folder").mkdir()
    (w / "empty.py").write_text("")
    (w / "binary.py").write_bytes(b"print(1)\x00\xff\xfe")
    (w / "syntax.py").write_text("def f(:\n")
    (w / "latin1.py").write_bytes(b'x = "caf\xe9"\nprint(x)\n')
    (w / "exit5.py").write_text("import sys\nsys.exit(5)\n")
    (w / "kbint.py").write_text("raise KeyboardInterrupt\n")
    # TF 2 code: eager tensors and a tape, no Session (plain python runs it; exec's graph mode cannot)
    (w / "tf2_only.py").write_text(
        "import tensorflow as tf\nw = tf.Variable(1.0)\nwith tf.GradientTape() as tape:\n    loss = w * w\n"
        "print(tape.gradient(loss, w).numpy())\n"
    )
    # Files of the user's that a writer must leave alone.
    (w / "notes.txt").write_text("my notes\n")
    notebook = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (w / "lab.ipynb").write_text(json.dumps(notebook))
    (w / "lab.tf1.ipynb").write_text(json.dumps(notebook))  # the user's own file of that name
    (w / "mine").mkdir()
    (w / "mine" / "a.json").write_text('{"mine": true}\n')
    (w / "mine" / "linear_regression.json").write_text('{"mine": true}\n')
    (w / "mine" / "linear_regression.png").write_bytes(b"\x89PNG\r\n\x1a\n not ours")
    (w / "mine" / "lesson05_cnn.ipynb").write_text(json.dumps(notebook))
    foreign = w / "foreign" / "share" / "jupyter" / "kernels" / "tf1-lessons"
    foreign.mkdir(parents=True)
    (foreign / "kernel.json").write_text(json.dumps({"argv": ["other-program"], "display_name": "x"}))
    lab = (
        "import tensorflow as tf\nW = tf.Variable(1.0)\n"
        "train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.square(W - 3.0))\n"
        "s = tf.Session()\ns.run(tf.global_variables_initializer())\nfor _ in range(5):\n    s.run(train)\n"
    )
    (w / "a.py").write_text(lab)
    (w / "b.py").write_text(lab)
    losses = [4.0, 2.56, "nan", 1.05, 0.67]
    curve = {"format": 1, "lesson": "a", "mode": "exec", "seed": None, "unit": "step", "budget": {}}
    curve |= {"tf_version": "2.21", "results": {}, "columns": ["step", "loss"]}
    curve["rows"] = [[i, v] for i, v in enumerate(losses)]
    (w / "nan.json").write_text(json.dumps(curve))
    (w / "a.json").write_text(json.dumps({**curve, "rows": [[i, 1.0] for i in range(5)]}))
    (w / "truncated.json").write_text(json.dumps(curve)[:60])
    (w / "lesson_golden.json").write_text((GOLDENS / "cnn.json").read_text())
    for name, text in {
        "g-truncated": (GOLDENS / "linear_regression.json").read_text()[:300],
        "g-other": (GOLDENS / "mnist_softmax.json").read_text(),
        "g-format1": (ROOT / "tests" / "reference-curves" / "first-goldens" / "linear_regression.json").read_text(),
    }.items():
        (w / name).mkdir()
        (w / name / "linear_regression.json").write_text(text)
    golden = json.loads((GOLDENS / "linear_regression.json").read_text())
    golden["envelope"]["graph"]["rows"][3][1:3] = ["nan", "nan"]
    (w / "g-nan").mkdir()
    (w / "g-nan" / "linear_regression.json").write_text(json.dumps(golden))
    data = w / "data" / "mnist"
    data.mkdir(parents=True)
    shared = Path(__import__("os").environ.get("TF1_LESSONS_DATA", ROOT.parent / "shared" / "data")) / "mnist"
    for f in ("train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        (data / f).write_bytes((shared / f).read_bytes())
    (data / "train-images-idx3-ubyte.gz").write_bytes((shared / "train-images-idx3-ubyte.gz").read_bytes()[:5000])
    return w


@pytest.fixture(scope="module")
def results(workspace):
    import os
    import subprocess

    def one(case):
        name, argv, *_ = case
        env = dict(os.environ)
        if name == "run with damaged data":
            env["TF1_LESSONS_DATA"] = str(workspace / "data")
            env["XDG_CACHE_HOME"] = str(workspace / "no-cache")  # the user cache holds no good copy either
        before = sorted(p.name for p in workspace.rglob("*"))
        done = subprocess.run([sys.executable, "-m", "tf1_lessons.cli", *argv], cwd=workspace, capture_output=True,
                              text=True, env=env, timeout=600)  # fmt: skip
        return name, (done, before)

    with ThreadPoolExecutor(2) as pool:
        return dict(pool.map(one, CASES))


@pytest.mark.parametrize("name, argv, status, says", CASES, ids=[c[0] for c in CASES])
def test_bad_input(results, workspace, name, argv, status, says):
    done, before = results[name]
    assert done.returncode == status, f"{argv}: exit {done.returncode}\n{done.stderr[-2000:]}"
    assert says in done.stderr, done.stderr[-2000:]
    if not says:
        assert done.stderr == "", "nothing to say, so nothing on stderr"
    ours = [line for line in done.stderr.splitlines() if 'File "' in line and "tf1_lessons" in line]
    assert not ours, f"a traceback of ours:\n{done.stderr[-2000:]}"
    if status == REFUSED:
        assert "Traceback" not in done.stderr
    assert not list(workspace.rglob("*.part")), "nothing half-written"


def test_the_users_files_are_left_as_they_were(results, workspace):
    """After every case above: the files a writer was pointed at hold what they held."""
    notebook = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    assert (workspace / "a.py").read_text().startswith("import tensorflow as tf")
    assert (workspace / "notes.txt").read_text() == "my notes\n"
    assert json.loads((workspace / "lab.ipynb").read_text()) == notebook
    assert json.loads((workspace / "lab.tf1.ipynb").read_text()) == notebook
    assert (workspace / "mine" / "a.json").read_text() == '{"mine": true}\n'
    assert (workspace / "mine" / "linear_regression.json").read_text() == '{"mine": true}\n'
    assert (workspace / "mine" / "linear_regression.png").read_bytes() == b"\x89PNG\r\n\x1a\n not ours"
    assert json.loads((workspace / "mine" / "lesson05_cnn.ipynb").read_text()) == notebook
    kernel = workspace / "foreign" / "share" / "jupyter" / "kernels" / "tf1-lessons" / "kernel.json"
    assert json.loads(kernel.read_text())["argv"] == ["other-program"]
    assert not Path("/proc/nope").exists()


def test_a_file_neither_python_3_nor_2_is_reported_before_tensorflow_loads(tmp_path):
    """exec compiles the script first: Python's own SyntaxError, exit 1, TensorFlow never imported
    (it takes seconds; python reports the same error at once)."""
    import subprocess

    (tmp_path / "syntax.py").write_text("x = (1,\nprint 'a' b c\n")
    probe = (
        "import sys\nfrom tf1_lessons.cli import main\nstatus = main(['exec', 'syntax.py'])\n"
        "print(status, 'tensorflow' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.stdout.split() == ["1", "False"], done.stdout + done.stderr
    assert 'syntax.py", line 1' in done.stderr and "SyntaxError: '(' was never closed" in done.stderr


def test_a_data_error_says_only_what_applies(results):
    """The damaged-data run: the file, the fix and the program's line; nothing of options that
    were never the problem (--train-size limiting nothing, --save-start saving nothing)."""
    done, _ = results["run with damaged data"]
    assert "(program.py, line " in done.stderr and "_files.py" not in done.stderr, done.stderr[-2000:]
    assert "read no input_data training set" not in done.stderr and "ran no variables initializer" not in done.stderr


def test_scan_calls_tf2_code_what_it_is(results):
    done, _ = results["scan a TF 2 script"]
    assert "  TF 2 code: tf.GradientTape (line 3) and .numpy() (line 5)" in done.stdout
    assert "=> TF 2 code: run it with python, not exec" in done.stdout
    assert "should run" not in done.stdout.split("Total")[0]


def test_tf1_code_with_a_tape_or_its_own_eager_mode_is_not_called_tf2():
    """tf.GradientTape and tf.function run in TF 1.15's graph mode too; .numpy() after TF1's own
    tf.enable_eager_execution() ran under TF 1.15: none of these is TF 2 code."""
    from tf1_lessons.tf1 import tf2code

    tape = "import tensorflow as tf\nv = tf.Variable(1.0)\nwith tf.GradientTape() as t:\n    y = v * v\n"
    tape += "g = t.gradient(y, v)\n"
    eager = "import tensorflow as tf\ntf.enable_eager_execution()\nprint(tf.constant(1.0).numpy())\n"
    session = "import tensorflow as tf\nx = tf.constant(1.0)\nwith tf.Session() as s:\n    print(s.run(x), x.numpy)\n"
    v1 = "import tensorflow.compat.v1 as tf\nprint(tf.constant(1.0).numpy())\n"
    assert [tf2code.of_source(s) for s in (tape, eager, session, v1)] == [None] * 4
    assert tf2code.of_source(tape + "print(g.numpy())\n").startswith("tf.GradientTape (line 3) and .numpy() (line 6)")

"""`tf1-lessons exec NOTEBOOK.ipynb` on the notebook corpus in tests/tf1_notebooks/, and `scan`
on notebooks.

The notebooks are written the way 2017-2018 TF1 collections wrote them (magics, `!ls`,
`%%time`, input_data, tf.layers, contrib.rnn, Saver, a helper module beside the notebook).
Each runs once per session, in its own TF1 kernel, from a copy of the folder (they write
checkpoints and MNIST_data/ lookups there), two at a time; the tests read those runs.
"""

import base64
import json
import math
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from tf1_lessons import _io
from tf1_lessons.curves import LearningCurve

from .conftest import ROOT

CORPUS = ROOT / "tests" / "tf1_notebooks"
# notebook -> --max-steps (None: runs whole). Budgets keep each run to seconds on 2 cores.
NOTEBOOKS = {
    "softmax_mnist_confusion": 300,
    "cnn_tf_layers": 30,
    "rnn_contrib_lstm": 60,
    "save_restore": None,
    "helper_module_deep_mnist": 40,
    "failing_cell": None,
    "unavailable_api": None,
}
PNG = b"\x89PNG\r\n\x1a\n"


def exec_argv(*args):
    return [sys.executable, "-m", "tf1_lessons.cli", "exec", *args]


@pytest.fixture(scope="session")
def notebook_runs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("notebooks") / "course"
    shutil.copytree(CORPUS, folder)
    originals = {p.name: p.read_bytes() for p in folder.glob("*.ipynb")}

    def one(name):
        out = folder.parent / f"out-{name}"
        args = ["--seed", "0", "--out", str(out)]
        args += ["--max-steps", str(NOTEBOOKS[name])] if NOTEBOOKS[name] else []
        done = subprocess.run(
            exec_argv(*args, f"{name}.ipynb"), cwd=folder, capture_output=True, text=True, timeout=600
        )
        executed = out / f"{name}.tf1.ipynb"
        nb = nbformat.read(executed, as_version=4) if executed.exists() else None
        curve = LearningCurve.load(out / f"{name}.json") if (out / f"{name}.json").exists() else None
        return name, {"done": done, "out": out, "nb": nb, "curve": curve}

    assert sorted(NOTEBOOKS) == sorted(p.stem for p in CORPUS.glob("*.ipynb")), "every notebook has a budget here"
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = dict(pool.map(one, NOTEBOOKS))
    runs["_folder"], runs["_originals"] = folder, originals
    return runs


def outputs(nb, kind=None):
    """Every output of the executed notebook, in order: (cell index, output)."""
    return [
        (i, o)
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code"
        for o in c.outputs
        if kind in (None, o.output_type)
    ]


def stdout_of(nb, index) -> str:
    return "".join(o.text for o in nb.cells[index].outputs if o.output_type == "stream" and o.name == "stdout")


def pngs(nb):
    return [(i, base64.b64decode(o.data["image/png"])) for i, o in outputs(nb) if "image/png" in o.get("data", {})]


def ok(run):
    assert run["done"].returncode == 0, run["done"].stderr[-3000:]
    return run


def test_softmax_notebook_trains_evaluates_and_draws_its_confusion_matrix(notebook_runs):
    run = ok(notebook_runs["softmax_mnist_confusion"])
    nb, curve, done = run["nb"], run["curve"], run["done"]
    # Zero weights: the first loss is ln 10 on any machine, printed as TF1 printed it (%g).
    assert "step 0, loss 2.30259" in done.stdout
    assert abs(curve.metrics["loss"][0] - math.log(10)) < 1e-6
    # --max-steps 300 cut the %%time training cell (cell 7) short; the cells after it ran.
    assert len(curve) == 300 and curve.metrics["loss"][-1] < 0.6
    assert "cut cell 7, In [5] (%%time) short" in done.stderr
    assert "step 200, loss" in done.stdout and "step 300, loss" not in done.stdout
    accuracy = float(next(line for line in done.stdout.splitlines() if line.startswith("accuracy:")).split()[-1])
    assert 0.85 < accuracy < 0.95
    matrix = stdout_of(nb, 9)
    rows = [line for line in matrix.splitlines() if line.strip().startswith(("[[", "["))]
    assert len(rows) == 10  # the confusion matrix, printed as NumPy prints it
    assert f"diagonal share: {accuracy:.4f}" in matrix  # the matrix agrees with the accuracy
    # Two figures (the matrix, the ten weight images), inline in the notebook and saved by --out.
    figures = pngs(nb)
    assert [i for i, _ in figures] == [10, 11] and all(png.startswith(PNG) for _, png in figures)
    saved = sorted(run["out"].glob("figure-*.png"))
    assert [p.name for p in saved] == ["figure-1.png", "figure-2.png"]
    assert saved[0].read_bytes() == _io.mark_png(figures[0][1])  # the inline figure, marked as ours
    # The cut is the run's only error output (%%time shows it too, as one line of ours).
    assert [(i, o.ename) for i, o in outputs(nb, "error")] == [(6, "MaxStepsReached")]
    assert (run["out"] / "softmax_mnist_confusion.png").exists()  # the curve's plot, as for scripts


def test_tf_layers_cnn_notebook_is_cut_at_its_budget_and_the_later_cells_still_run(notebook_runs):
    run = ok(notebook_runs["cnn_tf_layers"])
    nb, curve, done = run["nb"], run["curve"], run["done"]
    assert "Step 1, Minibatch Loss= " in done.stdout and "Step 20, Minibatch Loss= " in done.stdout
    assert "Optimization Finished!" not in done.stdout  # the loop's cell was cut at step 30
    assert len(curve) == 30 and curve.metrics["loss"][-1] < curve.metrics["loss"][0]
    # The cut is the cell's only error output: one line of ours, not a traceback.
    errors = outputs(nb, "error")
    assert len(errors) == 1 and errors[0][1].ename == "MaxStepsReached"
    assert errors[0][1].traceback == [
        "tf1-lessons: stopped after 30 training steps (--max-steps 30); the cells after this one run with the model "
        "as trained so far"
    ]
    accuracy = float(done.stdout.split("Testing Accuracy:")[1].split()[0])
    assert 0.3 < accuracy <= 1.0  # 30 Adam steps: far above chance (0.1)
    assert len(pngs(nb)) == 1  # the loss plot, drawn by the inline backend at the end of its cell


def test_contrib_rnn_notebook_runs_and_its_step_lines_read_like_tf1s(notebook_runs):
    run = ok(notebook_runs["rnn_contrib_lstm"])
    done, curve = run["done"], run["curve"]
    lines = [line for line in done.stdout.splitlines() if line.startswith("Step ")]
    assert [line.split(",")[0] for line in lines] == ["Step 1", "Step 50"]
    assert len(curve) == 60
    assert "cut cell 5" in done.stderr  # the `with tf.Session()` cell: the test print inside it is skipped


def test_saver_notebook_saves_lists_and_restores(notebook_runs):
    run = ok(notebook_runs["save_restore"])
    done, nb = run["done"], run["nb"]
    assert "Model saved in path: ./saved/model.ckpt" in done.stdout
    listing = stdout_of(nb, 4)  # `!ls saved`, run by the shell as in Jupyter
    assert "model.ckpt.index" in listing and "checkpoint" in listing
    assert "same as saved: True" in done.stdout
    assert "['bias', 'weight']" in done.stdout
    assert len(run["curve"]) == 201
    # The checkpoint is in the notebook's folder (the kernel's working directory).
    assert (notebook_runs["_folder"] / "saved" / "model.ckpt.index").exists()


def test_helper_module_beside_the_notebook_gets_tf1_too(notebook_runs):
    run = ok(notebook_runs["helper_module_deep_mnist"])
    done, nb = run["done"], run["nb"]
    assert "tf_helpers: TF1 API yes" in done.stdout  # tf.truncated_normal exists for the helper
    assert "step 0, training accuracy" in done.stdout
    assert "test accuracy" in done.stdout
    assert len(run["curve"]) == 40
    assert len(pngs(nb)) == 1


def test_a_failing_cell_stops_the_run_names_the_cell_and_keeps_the_partial_notebook(notebook_runs):
    run = notebook_runs["failing_cell"]
    done, nb = run["done"], run["nb"]
    assert done.returncode == 1
    assert (
        "tf1-lessons: cell 4, In [3] (out = sess.run(y, feed_dict={x: np.zeros((2, 28, 28))})) failed: ValueError: "
        "Cannot feed value of shape (2, 28, 28)"
    ) in done.stderr
    # The traceback as Jupyter shows it: the cell and line, the user's code, the error.
    assert "Cell In[3], line 1" in done.stderr and "----> 1 out = sess.run(" in done.stderr
    assert "tf1_lessons/cli/" not in done.stderr and "session_run" not in done.stderr  # none of our frames
    # The partly executed notebook: outputs up to the failing cell, nothing after it.
    assert stdout_of(nb, 1) == "graph built\n" and stdout_of(nb, 2) == "(2, 10)\n"
    assert [o.ename for o in nb.cells[3].outputs if o.output_type == "error"] == ["ValueError"]
    assert nb.cells[4].execution_count is None and nb.cells[4].outputs == []
    assert "the partly executed notebook is in" in done.stderr


def test_an_unavailable_api_in_a_cell_exits_3_naming_cell_and_line(notebook_runs):
    run = notebook_runs["unavailable_api"]
    done, nb = run["done"], run["nb"]
    assert done.returncode == 3
    assert "tf1-lessons: Cell In[2], line 1: tf.contrib.crf is not available" in done.stderr
    assert "Instead: write the CRF log-likelihood by hand" in done.stderr
    assert "Traceback" not in done.stderr
    assert nb.cells[2].execution_count is None


def test_the_original_notebooks_are_left_as_they_were(notebook_runs):
    folder = notebook_runs["_folder"]
    for name, data in notebook_runs["_originals"].items():
        assert (folder / name).read_bytes() == data, name
    assert not list(folder.glob("*.tf1.ipynb"))  # --out was given: nothing written beside them


def test_executed_notebook_is_written_beside_the_original_without_out(tmp_path):
    """No --out: NAME.tf1.ipynb beside NAME.ipynb; --tensorboard; a --seed run repeats its curve
    exactly (--check)."""
    shutil.copy(CORPUS / "save_restore.ipynb", tmp_path)
    first = subprocess.run(
        exec_argv("--seed", "0", "--record", "curve.json", "--tensorboard", "tb", "save_restore.ipynb"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert first.returncode == 0, first.stderr[-2000:]
    assert (tmp_path / "save_restore.tf1.ipynb").exists()
    assert list((tmp_path / "tb" / "save_restore").glob("events.out.tfevents.*"))  # the kernel wrote them
    again = subprocess.run(
        exec_argv("--seed", "0", "--check", "curve.json", "save_restore.ipynb"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert again.returncode == 0 and "the curve matches curve.json" in again.stderr, again.stderr[-2000:]
    recorded = json.loads((tmp_path / "curve.json").read_text())
    assert recorded["lesson"] == "save_restore"


@pytest.mark.parametrize(
    ("content", "args", "said"),
    [
        ('{"cells": [', [], "is not a Jupyter notebook"),
        (None, ["--against-tf1", sys.executable], "--against-tf1: compares scripts"),
        (None, ["--", "extra"], "a notebook takes no arguments"),
    ],
)
def test_bad_notebook_input_is_refused_before_a_kernel_starts(tmp_path, content, args, said):
    path = tmp_path / "lab.ipynb"
    if content is None:
        shutil.copy(CORPUS / "failing_cell.ipynb", path)
    else:
        path.write_text(content)
    extra = args[1:] if args and args[0] == "--" else []
    options = [] if args and args[0] == "--" else args
    done = subprocess.run(
        exec_argv(*options, str(path), *extra), cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2 and said in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "lab.tf1.ipynb").exists()


def test_scan_reads_notebooks_by_cell_and_line(tmp_path):
    from tf1_lessons.tf1 import scan

    [report] = scan.scan_paths([CORPUS / "unavailable_api.ipynb"])
    assert not report.runs
    assert [(u.path, report.where(u.lines)) for u in report.missing] == [
        ("contrib.crf", "cell 2:1"),
        ("contrib.crf.crf_log_likelihood", "cell 2:2"),
    ]
    # Magics and shell lines are skipped, a %%time body is read, a %%bash cell is not Python.
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# title"),
            nbformat.v4.new_code_cell("%matplotlib inline\nimport tensorflow as tf\nfiles = !ls\ntf.nn.conv2d?"),
            nbformat.v4.new_code_cell("%%bash\nfor f in *; do echo $f; done"),
            nbformat.v4.new_code_cell("%%time\nfor i in range(3):\n    !echo hi\n    x = tf.contrib.learn.datasets"),
        ]
    )
    path = tmp_path / "magics.ipynb"
    nbformat.write(nb, path)
    [report] = scan.scan_paths([tmp_path])
    assert report.error is None
    found = {u.path: report.where(u.lines) for u in report.uses}
    assert found["contrib.learn.datasets"] == "cell 4:4"
    assert "nn.conv2d" not in found  # `tf.nn.conv2d?` is IPython help, not a use
    assert "cell 4:4" in scan.format_report(report)


def test_scan_names_the_cell_of_a_syntax_error(tmp_path):
    from tf1_lessons.tf1 import scan

    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import tensorflow as tf"), nbformat.v4.new_code_cell("x = 1\nif x\n    pass")]
    )  # neither Python 3 nor Python 2 (a Python 2 cell is translated: tests/test_py2.py)
    nbformat.write(nb, tmp_path / "broken.ipynb")
    [report] = scan.scan_paths([tmp_path / "broken.ipynb"])
    assert report.error.endswith("cell 2 line 2: SyntaxError: " + report.error.split("SyntaxError: ")[1])
    assert "cell 2 line 2" in report.error


def test_set_and_train_size_reach_a_notebooks_cells_and_leave_its_source(tmp_path):
    """--set replaces a cell's top-level literal as the cell runs (the executed notebook keeps the
    cell as written); --train-size limits input_data in the kernel; a name no cell assigns is
    refused before a kernel starts."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("%matplotlib inline\ntraining_epochs = 15\nbatch_size = 100"),
        nbformat.v4.new_code_cell(
            "from tensorflow.examples.tutorials.mnist import input_data\n"
            "mnist = input_data.read_data_sets('MNIST_data/', one_hot=True)\n"
            "print(training_epochs, batch_size, mnist.train.num_examples)"
        ),
    ]
    nbformat.write(nb, tmp_path / "lab.ipynb")
    done = subprocess.run(
        exec_argv("--set", "training_epochs=1", "--train-size", "500", "lab.ipynb"),
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    executed = nbformat.read(tmp_path / "lab.tf1.ipynb", as_version=4)
    assert stdout_of(executed, 1).splitlines()[-1] == "1 100 500"
    assert executed.cells[0].source == nb.cells[0].source
    refused = subprocess.run(
        exec_argv("--set", "epochs=1", "lab.ipynb"), cwd=tmp_path, capture_output=True, text=True, timeout=600
    )
    assert refused.returncode == 2 and "the names --set can change there: batch_size, training_epochs" in refused.stderr

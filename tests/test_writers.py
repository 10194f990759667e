"""Nothing a user gives us is overwritten: every file tf1-lessons writes replaces only a file it
wrote itself (told by content), unless the user asks with --overwrite. The refusals at each
command's door are in test_bad_input.py; here, how our files are told apart, and the runs that
do replace."""

import json
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from tf1_lessons import _io, cli, golden  # noqa: E402
from tf1_lessons.curves import LearningCurve  # noqa: E402
from tf1_lessons.plot import plot  # noqa: E402

LAB = (
    "import tensorflow as tf\nW = tf.Variable(1.0)\n"
    "train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.square(W - 3.0))\n"
    "s = tf.Session()\ns.run(tf.global_variables_initializer())\nfor _ in range(5):\n    print(s.run([train, W])[1])\n"
)


def _curve():
    curve = LearningCurve("lab", "exec", seed=0)
    for step in range(3):
        curve.record(step, loss=1.0 / (step + 1))
    return curve


def test_our_files_are_told_by_their_content(tmp_path):
    curve = _curve().save(tmp_path / "curve.json")
    assert _io.ours(curve)
    made = golden.save_golden("lab", {"default": {"exec": _curve()}}, tmp_path / "golden.json", {})
    assert _io.ours(made)
    ours_plot = plot([_curve()], tmp_path / "plot.png")
    assert _io.ours(ours_plot)

    (tmp_path / "user.json").write_text(json.dumps({"rows": [], "columns": []}))  # no format: not a curve
    (tmp_path / "list.json").write_text("[1, 2]")
    (tmp_path / "broken.json").write_text('{"format": 1, "rows"')
    (tmp_path / "script.py").write_text("print(1)\n")
    plain_nb = {"cells": [], "metadata": {"kernelspec": {"name": "tf1-lessons"}}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "user.ipynb").write_text(json.dumps(plain_nb))  # run on our kernel, but the user's notebook
    marked_nb = {**plain_nb, "metadata": {"tf1_lessons": {"executed_from": "user.ipynb"}}}
    (tmp_path / "user.tf1.ipynb").write_text(json.dumps(marked_nb))
    figure = plt.figure()
    figure.savefig(tmp_path / "user.png")
    figure.savefig(tmp_path / "user.svg")
    figure.savefig(tmp_path / "ours.svg", metadata=_io.picture_metadata("svg"))
    plt.close(figure)
    for name in ("user.json", "list.json", "broken.json", "script.py", "user.ipynb", "user.png", "user.svg"):
        assert not _io.ours(tmp_path / name), name
    assert _io.ours(tmp_path / "user.tf1.ipynb") and _io.ours(tmp_path / "ours.svg")
    assert _io.ours(tmp_path / "tf1.stdout"), "--against-tf1 --out's captured output, by its name"


def test_a_marked_png_is_the_same_picture(tmp_path):
    figure = plt.figure(figsize=(2, 1))
    figure.savefig(tmp_path / "user.png")
    plt.close(figure)
    data = (tmp_path / "user.png").read_bytes()
    (tmp_path / "marked.png").write_bytes(_io.mark_png(data))
    assert _io.ours(tmp_path / "marked.png") and not _io.ours(tmp_path / "user.png")
    assert (plt.imread(tmp_path / "marked.png") == plt.imread(tmp_path / "user.png")).all()
    assert _io.mark_png(b"not a png") == b"not a png"


def test_a_write_never_replaces_a_users_file_unless_overwriting(tmp_path):
    user = tmp_path / "c.json"
    user.write_text('{"mine": 1}')
    with pytest.raises(_io.NotOurs, match=r"c\.json exists and is not a file tf1-lessons wrote \(JSON\)"):
        _curve().save(user)
    assert user.read_text() == '{"mine": 1}' and sorted(p.name for p in tmp_path.iterdir()) == ["c.json"]
    with _io.overwriting():
        _curve().save(user)
    assert _io.ours(user)
    _curve().save(user)  # ours now: replaced without asking


def test_exec_replaces_its_own_outputs_and_a_users_file_only_with_overwrite(tmp_path):
    (tmp_path / "lab.py").write_text(LAB)
    (tmp_path / "notes.txt").write_text("my notes\n")

    def run(*argv):
        return subprocess.run([sys.executable, "-m", "tf1_lessons.cli", "exec", *argv, "lab.py"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=600)  # fmt: skip

    for _ in range(2):  # the second run replaces the first's curve and plot: they are ours
        done = run("--record", "c.json", "--out", "out")
        assert done.returncode == 0, done.stderr
    assert {p.name for p in (tmp_path / "out").iterdir()} == {"lab.json", "lab.png"}
    refused = run("--record", "notes.txt")
    assert refused.returncode == 2 and (tmp_path / "notes.txt").read_text() == "my notes\n"
    assert "add --overwrite to replace it" in refused.stderr
    done = run("--record", "notes.txt", "--overwrite")
    assert done.returncode == 0, done.stderr
    assert len(LearningCurve.load(tmp_path / "notes.txt")) == 5


def test_kernel_install_replaces_ours_and_remove_says_where_it_is(tmp_path, capsys, monkeypatch):
    pytest.importorskip("jupyter_client", reason="the kernel commands need the notebook extra")
    prefix = tmp_path / "p"
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "user"))  # never the developer's own kernels
    monkeypatch.setenv("JUPYTER_PATH", str(prefix / "share" / "jupyter"))
    for _ in range(2):  # an earlier install of ours is replaced
        assert cli.main(["kernel", "install", "--prefix", str(prefix)]) == 0
    folder = prefix / "share" / "jupyter" / "kernels" / "tf1-lessons"
    assert "tf1_lessons.tf1.kernel" in json.loads((folder / "kernel.json").read_text())["argv"]
    capsys.readouterr()
    # Asked to remove it from another prefix: only that one is looked at, and the message says
    # where it is and the option that reaches it.
    assert cli.main(["kernel", "remove", "--prefix", str(tmp_path / "q")]) == 1
    err = capsys.readouterr().err
    assert f"no kernel 'tf1-lessons' in {tmp_path / 'q'}" in err and "nothing removed" in err
    assert f"It is installed in {folder}: `tf1-lessons kernel remove --prefix {prefix}`" in err
    assert folder.exists()
    assert cli.main(["kernel", "remove", "--prefix", str(prefix)]) == 0 and not folder.exists()
    # Another program's kernel of the same name is neither replaced nor removed.
    folder.mkdir(parents=True)
    (folder / "kernel.json").write_text(json.dumps({"argv": ["other-program"]}))
    for action in ("install", "remove"):
        assert cli.main(["kernel", action, "--prefix", str(prefix)]) == 1
        assert f"Add --overwrite to {action} it anyway" in capsys.readouterr().err
    assert json.loads((folder / "kernel.json").read_text()) == {"argv": ["other-program"]}


SCRIPT_TEXT = LAB
NOTEBOOK_TEXT = json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
UNRELATED_TEXT = "my notes, not a curve\n"
TARGETS = {"the script": SCRIPT_TEXT, "a notebook": NOTEBOOK_TEXT, "an unrelated file": UNRELATED_TEXT}
# Each writer: its argv, the option its refusal names, and the file it would write (under tmp).
WRITERS = {
    "exec --record": (["exec", "--record", "{t}", "lab.py"], "--record", "target.json"),
    "exec --out": (["exec", "--out", "out", "lab.py"], "--out", "out/lab.json"),
    "exec --out (plot)": (["exec", "--out", "out", "lab.py"], "--out", "out/lab.png"),
    "exec NOTEBOOK": (["exec", "lab.ipynb"], "SCRIPT", "lab.tf1.ipynb"),
    "exec NOTEBOOK --out": (["exec", "--out", "out", "lab.ipynb"], "--out", "out/lab.tf1.ipynb"),
    "run --out": (["run", "linear_regression", "--out", "out"], "--out", "out/linear_regression-graph.json"),
    "compare --out": (["compare", "linear_regression", "--out", "out"], "--out", "out/linear_regression.png"),
    "graph --out": (["graph", "linear_regression", "--out", "{t}"], "--out", "target.png"),
    "notebook --out": (["notebook", "cnn", "--out", "out"], "--out", "out/lesson05_cnn.ipynb"),
    "check --force-regen": (
        ["check", "linear_regression", "--force-regen", "--goldens", "out"],
        "--goldens",
        "out/linear_regression.json",
    ),
}


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("writer", WRITERS)
def test_every_writer_refuses_a_file_it_did_not_write_naming_option_and_path(
    tmp_path, monkeypatch, capsys, writer, target
):
    """The refusal comes before anything runs, names the option and the file, and the file keeps
    what it held: whether that is a script, a notebook or anything else of the user's."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lab.py").write_text(LAB)
    (tmp_path / "lab.ipynb").write_text(NOTEBOOK_TEXT)
    argv, option, name = WRITERS[writer]
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TARGETS[target])
    with pytest.raises(SystemExit) as refused:
        cli.main([a.replace("{t}", name) for a in argv])
    err = capsys.readouterr().err
    assert refused.value.code == 2
    assert f"argument {option}: {name} exists and is not a file tf1-lessons wrote" in err, err
    assert "add --overwrite to replace it" in err
    assert path.read_text() == TARGETS[target]


def test_exec_refuses_to_write_over_the_notebook_or_script_it_runs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lab.py").write_text(LAB)
    (tmp_path / "lab.ipynb").write_text(NOTEBOOK_TEXT)
    for argv, says in (
        (["exec", "--record", "lab.py", "lab.py"], "argument --record: lab.py is the script being run"),
        (["exec", "--out", ".", "--record", "lab.ipynb", "lab.ipynb"], "argument --record: lab.ipynb is the notebook"),
        (["exec", "--check", "lab.py", "lab.py"], "argument --check: lab.py is the script being run, not a curve"),
    ):
        with pytest.raises(SystemExit):
            cli.main(argv)
        assert says in capsys.readouterr().err
    assert (tmp_path / "lab.py").read_text() == LAB and (tmp_path / "lab.ipynb").read_text() == NOTEBOOK_TEXT


def test_graph_writes_only_what_the_user_needs_on_stderr(tmp_path):
    """graph loads TensorFlow as every command does: its start-up noise (cuInit, oneDNN, MLIR) dropped."""
    done = subprocess.run([sys.executable, "-m", "tf1_lessons.cli", "graph", "linear_regression", "--out", "g.png"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert _io.ours(tmp_path / "g.png")

"""`tf1-lessons notebook`: each lesson as a notebook made from its own program."""

import base64

import nbformat
import pytest

from tf1_lessons import cli, notebook


@pytest.mark.parametrize(
    "name",
    [
        "linear_regression", "mnist_softmax", "two_layer_net", "keras_mlp", "cnn", "deep_cnn", "model_class",
        "layers_api", "ensemble",
    ],
)  # fmt: skip
def test_a_lessons_notebook_is_its_program_then_its_twins(lessons, name):
    """The program's code, cell after cell, is the program as it runs (the errata always applied),
    every line once and in order; its comments introduce it; the TF1 kernel is named (Python 3's
    for lessons 3 and 4, NumPy and Keras programs)."""
    from tf1_lessons import lessonrun

    lesson = lessons[name]
    nb = notebook.build(lesson)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    program = lessonrun.source(lesson, list(lesson.meta["modes"])[0])
    statements = [line for line in program.splitlines() if line.strip() and not line.startswith("#")]
    in_cells = [line for cell in code[:-1] for line in cell.splitlines() if line.strip() and not line.startswith("#")]
    assert in_cells == statements
    assert nb.metadata["kernelspec"]["name"] == ("python3" if lesson.plain else "tf1-lessons")
    assert nb.cells[1].cell_type == "markdown" and nb.cells[1].source.startswith(f"Lesson {lesson.meta['number']} (")
    assert "registry.from_path(" in code[-1] and "comparison_figure(" in code[-1]
    for erratum in lesson.meta.get("errata", []):
        assert erratum["why"] in "".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_lesson_1_notebook_executes_with_its_printout_comparison_and_picture_inline(tmp_path, capsys):
    assert cli.main(["notebook", "linear_regression", "--out", str(tmp_path), "--execute"]) == 0
    nb = nbformat.read(tmp_path / "lesson01_linear_regression.ipynb", as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "tf1-lessons"
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "Epoch:  99 loss:  3.3379514e-05  weight:  [3.0046647]  bias:  [1.9862854]" in text
    assert "first divergence: none" in text
    images = [o.data["image/png"] for o in nb.cells[-1].outputs if "image/png" in o.get("data", {})]
    assert len(images) == 1 and base64.b64decode(images[0])[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_every_lessons_notebook_executes(tmp_path):
    assert cli.main(["notebook", "all", "--out", str(tmp_path), "--execute"]) == 0
    assert len(list(tmp_path.glob("lesson*.ipynb"))) == 9


def test_lesson_3s_notebook_runs_on_python_3_in_its_folder_at_the_test_budget(tmp_path):
    assert cli.main(["notebook", "two_layer_net", "--out", str(tmp_path), "--execute"]) == 0
    nb = nbformat.read(tmp_path / "lesson03_two_layer_net.ipynb", as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].source.startswith("# tf1-lessons' set-up for this run (not the document's)")
    assert "iters_num = 300  # the test budget (the program: 10000)" in "".join(c.source for c in code)
    text = "".join(o.get("text", "") for c in code for o in c.outputs)
    assert "299 step" in text and "300 step" not in text and "first divergence: none" in text
    pictures = [c for c in code if any("image/png" in o.get("data", {}) for o in c.outputs)]
    assert len(pictures) == 2  # the document's twin-axis plot, then the comparison

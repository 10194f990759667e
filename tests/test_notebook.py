"""`tf1-lessons notebook`: each lesson as a notebook made from its own script."""

import ast
import base64

import nbformat
import pytest

from tf1_lessons import cli, notebook


@pytest.mark.parametrize("name", ["two_layer_net", "keras_mlp"])
def test_a_script_lessons_notebook_is_the_script_in_reading_order_then_its_twins(lessons, name):
    lesson = lessons[name]
    if lesson.folder is not None:
        pytest.skip(f"{name} is a lesson folder now: test_a_lesson_folders_notebook_is_its_program covers it")
    source = lesson.path.read_text()
    tree = ast.parse(source)
    nb = notebook.build(lesson)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source == ast.get_docstring(tree)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    # Every top-level function and class of the script, in the script's order, and nothing twice.
    defined = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    positions = [code.index(f"def {n}(") if f"def {n}(" in code else code.index(f"class {n}") for n in defined]
    assert positions == sorted(positions)
    assert "__main__" not in code and "run_as_script" not in code
    for mode in lesson.twins:
        assert f"curve_{mode} = {mode}(seed=0, verbose=True" in code
    if len(lesson.twins) > 1:
        assert "comparison_figure(" in code


@pytest.mark.parametrize(
    "name", ["linear_regression", "mnist_softmax", "cnn", "deep_cnn", "model_class", "layers_api", "ensemble"]
)
def test_a_lesson_folders_notebook_is_its_program_then_its_twins(lessons, name):
    """The program's code, cell after cell, is the program as it runs (the errata always applied),
    every line once and in order; its comments introduce it; the TF1 kernel is named."""
    from tf1_lessons import lessonrun

    lesson = lessons[name]
    nb = notebook.build(lesson)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    program = lessonrun.source(lesson, list(lesson.meta["modes"])[0])
    statements = [line for line in program.splitlines() if line.strip() and not line.startswith("#")]
    in_cells = [line for cell in code[:-1] for line in cell.splitlines() if line.strip() and not line.startswith("#")]
    assert in_cells == statements
    assert nb.metadata["kernelspec"]["name"] == "tf1-lessons"
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

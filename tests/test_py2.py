"""TF1 code written for Python 2 runs under exec with Python 2's meaning (tf1_lessons/tf1/py2.py).

References: what Python 2.7.18 printed for tests/py2_programs/*.py, and what TensorFlow 1.15.0
under Python 2.7 printed for tests/tf1_scripts_py2/*.py (tests/py2_reference/, recorded by
``tests/tf1_reference/record.py --py2 PYTHON2``; the interpreter is never needed here).
"""

import hashlib
import json
import subprocess
import sys

import pytest

from tf1_lessons.tf1 import against

from .conftest import ROOT
from .test_exec import HEAD_RTOL, exec_argv

PROGRAMS = ROOT / "tests" / "py2_programs"
SCRIPTS = ROOT / "tests" / "tf1_scripts_py2"
REFERENCE = ROOT / "tests" / "py2_reference"
# TF 1.15.0's Python 2 scripts: (leading lines identical as printed, largest relative difference)
# measured here: the first step's loss is TF 1.15's to the digit, later ones 1e-7 apart.
FIDELITY = {
    "py2_softmax_mnist.py": (6, 1e-6),
    "py2_xor_nn.py": (1, 1e-6),
    # Its cost converges to 3e-5, where 1e-7 absolute apart is 1e-5 relative (step 0 is TF 1.15's).
    "py2_linear_regression.py": (1, 2e-5),
    "py2_tensor_division.py": (2, 0),  # integer tensors floor, as TF 1.15 divided them under Python 2
}


def _reference(name):
    return json.loads((REFERENCE / name.replace(".py", ".json")).read_text())


def _run(argv, cwd, stdin=""):
    return subprocess.run(argv, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=600)


def _digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_every_python2_file_has_a_reference_from_python_2_7():
    names = sorted(p.name for p in [*PROGRAMS.glob("*.py"), *SCRIPTS.glob("*.py")])
    assert sorted(p.stem + ".py" for p in REFERENCE.glob("*.json")) == names
    for name in names:
        made = _reference(name)["made"]
        assert made["python"] == "2.7.18" and made["tensorflow"] == "1.15.0" and made["cpu"], name
        assert _reference(name)["deterministic"], name


@pytest.fixture(scope="module")
def program_runs():
    before = _digest(PROGRAMS)
    runs = {}
    for path in sorted(PROGRAMS.glob("*.py")):
        reference = _reference(path.name)
        runs[path.name] = _run(exec_argv(path.name), cwd=PROGRAMS, stdin=reference["stdin"])
    assert _digest(PROGRAMS) == before, "the Python 2 files are left as they were"
    assert not (PROGRAMS / "__pycache__").exists(), "nothing translated is kept on disk"
    return runs


@pytest.mark.parametrize("name", sorted(p.name for p in PROGRAMS.glob("*.py")))
def test_a_python2_program_prints_what_python_2_7_printed(program_runs, name):
    reference, done = _reference(name), program_runs[name]
    assert done.returncode == reference["exit_status"], done.stderr[-2000:]
    assert done.stdout == reference["stdout"]
    if reference["exit_status"]:  # the traceback names the file and the lines Python 2's named
        tail = [line for line in reference["stderr_tail"] if line.startswith(("  File", "    "))]
        assert tail and all(line in done.stderr.splitlines() for line in tail), done.stderr
        assert done.stderr.rstrip().endswith(reference["stderr_tail"][-1])
    translated = [line for line in done.stderr.splitlines() if "is Python 2: translated in memory" in line]
    if name == "division_future.py":  # from __future__ import division: its `/` is true division
        assert translated and "integer division" not in translated[0]
    else:
        assert len(translated) == 1 and translated[0].startswith(f"tf1-lessons: {name} is Python 2"), done.stderr


@pytest.mark.parametrize("name", sorted(FIDELITY))
def test_a_python2_tf1_script_prints_what_tf_1_15_0_under_python_2_7_printed(name, tmp_path):
    reference = _reference(name)
    done = _run(exec_argv("--seed", "0", str(SCRIPTS / name)), cwd=tmp_path)
    assert done.returncode == reference["exit_status"] == 0, done.stderr[-3000:]
    parting = against.compare_outputs(reference["stdout"], done.stdout)
    text = against.report(parting, 0.0)
    identical, rtol = FIDELITY[name]
    assert parting.first_text is None and parting.lines == len(reference["stdout"].splitlines()), text
    head = against.compare_outputs(
        "\n".join(reference["stdout"].splitlines()[:identical]), "\n".join(done.stdout.splitlines()[:identical])
    )
    assert head.largest <= HEAD_RTOL, text
    assert parting.largest <= rtol, text


def test_a_python2_helper_module_and_a_python2_package_run_translated(tmp_path):
    (tmp_path / "helpers2.py").write_text('def half(n):\n    print "half of", n\n    return n / 2\n')
    (tmp_path / "main2.py").write_text("import helpers2\nprint helpers2.half(9)\n")
    package = tmp_path / "mypkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "util.py").write_text("def twice(x):\n    return x * 2\n")
    (package / "train.py").write_text('import util\nprint "train:", util.twice(3), 5 / 2\n')  # implicit relative import
    done = _run(exec_argv("main2.py"), cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "half of 9\n4\n"), done.stderr
    done = _run(exec_argv("-m", "mypkg.train"), cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "train: 6 2\n"), done.stderr
    assert not list(tmp_path.rglob("__pycache__/helpers2*")) and not list(tmp_path.rglob("__pycache__/train*"))


def test_py2_translates_a_file_python_3_would_also_run(tmp_path):
    """Integer division alone compiles as Python 3, with another meaning: --py2 says which."""
    (tmp_path / "lab.py").write_text("batches = 55000 / 128\nprint(batches)\n")
    assert _run(exec_argv("lab.py"), cwd=tmp_path).stdout == "429.6875\n"
    assert _run(exec_argv("--py2", "lab.py"), cwd=tmp_path).stdout == "429\n"


def test_a_python2_shebang_gives_python_2s_meaning_to_a_file_that_compiles_as_python_3(tmp_path):
    (tmp_path / "lab.py").write_text("#!/usr/bin/env python2\nimport os\nn = 9\nprint(list(range(n / 2)))\n")
    done = _run(exec_argv("lab.py"), cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "[0, 1, 2, 3]\n"), done.stderr
    assert "lab.py is read as Python 2: its first line is '#!/usr/bin/env python2'" in done.stderr


@pytest.mark.parametrize(
    "name, text, reason",
    [
        ("setup.py", "from setuptools import setup\nsetup(name='old', python_requires='>=2.7, <3')\n",
         "its project's setup.py says python_requires '>=2.7, <3'"),
        ("setup.cfg", "[options]\npython_requires = ==2.7.*\n",
         "its project's setup.cfg says python_requires '==2.7.*'"),
        ("pyproject.toml", "[project]\nname = 'old'\nrequires-python = '<3'\n",
         "its project's pyproject.toml says requires-python '<3'"),
        ("setup.py", "setup(classifiers=['Programming Language :: Python :: 2',\n"
                     "                   'Programming Language :: Python :: 2.7'])\n",
         "its project's setup.py lists Python 2 alone among its classifiers"),
    ],
)  # fmt: skip
def test_a_project_whose_metadata_says_python_2_only_is_read_as_python_2(tmp_path, name, text, reason):
    """The script and the project's own modules, though every line compiles as Python 3."""
    (tmp_path / name).write_text(text)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "helpers.py").write_text("def halves(n):\n    return list(range(n / 2))\n")
    (tmp_path / "src" / "lab.py").write_text("import helpers\nprint(helpers.halves(9))\nprint({'a': 1}.keys()[0])\n")
    done = _run(exec_argv("src/lab.py"), cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "[0, 1, 2, 3]\na\n"), done.stderr
    assert f"lab.py is read as Python 2: {reason}" in done.stderr


def test_a_project_that_admits_python_3_is_read_as_python_3(tmp_path):
    (tmp_path / "setup.py").write_text(
        "setup(python_requires='>=2.7', classifiers=['Programming Language :: Python :: 2.7'])\n"
    )
    (tmp_path / "lab.py").write_text("print(9 / 2)\n")
    done = _run(exec_argv("lab.py"), cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "4.5\n") and "Python 2" not in done.stderr


def test_a_notebook_whose_metadata_says_python_2_is_read_as_python_2(tmp_path):
    """Every cell compiles as Python 3, with another meaning: os.walk(...).next(), range(n / 2)."""
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python2", "display_name": "Python 2", "language": "python"}
    nb.metadata["language_info"] = {"name": "python", "version": "2.7.15"}
    (tmp_path / "d").mkdir()
    nb.cells = [
        nbformat.v4.new_code_cell("import os\nroot, dirs, files = os.walk('.').next()\nprint(sorted(dirs))"),
        nbformat.v4.new_code_cell("n = 7\nprint(list(range(n / 2)))"),
    ]
    nbformat.write(nb, tmp_path / "old2.ipynb")
    done = _run(exec_argv("old2.ipynb"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == "['d']\n[0, 1, 2]\n"
    assert "old2.ipynb is read as Python 2: its metadata names the kernel 'python2'" in done.stderr


def test_a_translated_files_traceback_keeps_its_lines_after_an_added_import(tmp_path):
    """2to3 adds `from functools import reduce` at the top; the lines after it still map to the file's."""
    (tmp_path / "r.py").write_text(
        "# a comment\nimport sys\nprint reduce(lambda a, b: a + b, [1, 2])\n\n\nx = {}\nprint x['missing']\n"
    )
    done = _run(exec_argv("r.py"), cwd=tmp_path)
    assert done.stdout == "3\n" and done.returncode == 1
    assert "File \"r.py\", line 7, in <module>\n    print x['missing']\nKeyError: 'missing'" in done.stderr


def test_set_reaches_a_python2_script(tmp_path):
    (tmp_path / "lab.py").write_text("training_epochs = 15\nprint training_epochs / 2\n")
    done = _run(exec_argv("--set", "training_epochs=5", "lab.py"), cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "2\n"), done.stderr


def test_scan_says_a_python2_file_is_translated_and_where_bytes_were_str(tmp_path):
    (tmp_path / "old.py").write_text(
        "import tensorflow as tf\nimport cPickle\nf = open('data.bin', 'rb')\nprint tf.placeholder\n"
    )
    done = _run([sys.executable, "-m", "tf1_lessons.cli", "scan", "old.py"], cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert "Python 2: translated by exec in memory (print statements, moved modules)" in done.stdout
    assert "3  opens a file as bytes: Python 2's str was bytes" in done.stdout
    assert "=> should run" in done.stdout


def test_python2_notebook_cells_run_translated(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("%matplotlib inline\nimport numpy as np\nprint 'hello', 7 / 2"),
        nbformat.v4.new_code_cell("d = {'a': 1}\nprint d.keys()[0], np.array([7]) / 2"),
        nbformat.v4.new_code_cell("print(f'{3 / 2}')"),  # a Python 3 cell stays Python 3
    ]
    nbformat.write(nb, tmp_path / "old.ipynb")
    done = _run(exec_argv("old.ipynb"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == "hello 3\na [3]\n1.5\n"
    assert nbformat.read(tmp_path / "old.tf1.ipynb", as_version=4).cells[0].source == nb.cells[0].source


def test_a_file_that_is_neither_gets_python_3s_syntax_error_as_python_shows_it(tmp_path):
    (tmp_path / "bad.py").write_text("x = (\nprint 1\n")
    done = _run(exec_argv("bad.py"), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == "  File \"bad.py\", line 1\n    x = (\n        ^\nSyntaxError: '(' was never closed\n"

"""Short runs of whole programs: ``exec --set NAME=VALUE`` and ``exec --train-size N``.

A budget run changes a program's own top-level literals (never the file) and the size of
input_data's training set, so it still reaches its evaluation. TF 1.15.5 ran the same short runs
(tests/tf1_reference/budgets/, recorded by ``record.py TF1_PYTHON --budgets``), and exec must
print what it printed.
"""

import ast
import json

import pytest

from tf1_lessons.tf1 import against, budgets

from .conftest import ROOT
from .test_exec import HEAD_RTOL, exec_argv, run, script

REFERENCE = ROOT / "tests" / "tf1_reference" / "budgets"
# name -> (corpus script, the budget options both sides ran with)
SHORT_RUNS = {
    "lesson05_cnn-short": ("lesson05_cnn.py", ["--set=training_epochs=1", "--train-size", "1000"]),
    # keep_prob=0 for the program's 0.7 (it is dropout's rate there): an int given for a float stays a float.
    "lesson08_layers_api-short": (
        "lesson08_layers_api.py",
        ["--set=training_epoch=1", "--set=keep_prob=0", "--train-size", "600"],
    ),
}

PROGRAM = """\
import sys
training_epochs = 15
learning_rate = 0.01
data_dir: str = "MNIST_data"
shape = (28, 28)
total = training_epochs * 2

def f():
    training_epochs = 3  # a local of the same name: not the program's setting
    return training_epochs

print(training_epochs, learning_rate, data_dir, shape, total, f())
"""


def _tree(source=PROGRAM):
    return ast.parse(source)


def test_settable_names_are_the_top_level_literal_assignments():
    found = budgets.settable(_tree())
    assert sorted(found) == ["data_dir", "learning_rate", "shape", "training_epochs"]  # `total` is an expression
    assert found["training_epochs"] == [(2, 15)]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (["training_epochs=1"], {"training_epochs": 1}),
        (["learning_rate=1"], {"learning_rate": 1.0}),  # an int may stand for a float
        (["data_dir=small"], {"data_dir": "small"}),  # a bare word is the string
        (["data_dir='a b'"], {"data_dir": "a b"}),
        (["shape=(14, 14)"], {"shape": (14, 14)}),
    ],
)
def test_values_take_the_programs_types(given, expected):
    values = budgets.resolve(given, _tree(), "p.py")
    assert values == expected and all(type(values[k]) is type(v) for k, v in expected.items())


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (["epochs=1"], "p.py has no top-level assignment of a literal to 'epochs'; the names --set can change "
                       "there: data_dir, learning_rate, shape, training_epochs"),
        (["total=3"], "no top-level assignment of a literal to 'total'"),
        (["training_epochs=one"], "'one' is not a Python literal; p.py line 2 assigns training_epochs = 15"),
        (["training_epochs=1.5"], "p.py line 2 assigns training_epochs = 15, an int; '1.5' is a float"),
        (["training_epochs"], "expected NAME=VALUE"),
        (["=3"], "expected NAME=VALUE"),
    ],
)  # fmt: skip
def test_a_setting_the_program_cannot_take_is_refused_with_the_fix(given, message):
    with pytest.raises(budgets.BudgetError, match=None) as caught:
        budgets.resolve(given, _tree(), "p.py")
    assert message in str(caught.value)


def test_exec_set_changes_only_the_top_level_assignments_and_keeps_the_file(tmp_path):
    script = tmp_path / "p.py"
    script.write_text(PROGRAM)
    done = run(exec_argv("--set", "training_epochs=2", "--set", "shape=(1,)", str(script)), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # The expression after it sees the new value; the function's own local does not change.
    assert done.stdout == "2 0.01 MNIST_data (1,) 4 3\n"
    assert script.read_text() == PROGRAM


def test_a_set_program_s_traceback_points_at_its_own_lines(tmp_path):
    script = tmp_path / "p.py"
    script.write_text("n = 5\nx = [1, 2]\nprint(x[n])\n")
    done = run(exec_argv("--set", "n=7", str(script)), cwd=tmp_path)
    assert done.returncode == 1
    assert f'File "{script}", line 3, in <module>\n    print(x[n])' in done.stderr
    assert done.stderr.rstrip().endswith("IndexError: list index out of range")
    assert "tf1_lessons" not in done.stderr and "budgets" not in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "epochs=1"], "argument --set epochs: p.py has no top-level assignment of a literal to 'epochs'"),
        (["--set", "n=x"], "argument --set n=x: 'x' is not a Python literal; p.py line 1 assigns n = 5"),
        (["--train-size", "0"], "argument --train-size"),
    ],
)
def test_bad_budgets_exit_2_before_anything_runs(tmp_path, args, message):
    script = tmp_path / "p.py"
    script.write_text("n = 5\nopen('ran', 'w').close()\n")
    done = run(exec_argv(*args, str(script)), cwd=tmp_path)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "ran").exists()


def test_set_is_refused_for_a_module(tmp_path):
    (tmp_path / "m.py").write_text("n = 5\n")
    done = run(exec_argv("--set", "n=1", "-m", "m"), cwd=tmp_path)
    assert done.returncode == 2 and "argument --set" in done.stderr and "name the module's file" in done.stderr


def test_train_size_limits_input_data_and_says_when_nothing_read_it(tmp_path):
    script = tmp_path / "p.py"
    script.write_text(
        "from tensorflow.examples.tutorials.mnist import input_data\n"
        "mnist = input_data.read_data_sets('MNIST_data/', one_hot=True)\n"
        "print(mnist.train.num_examples, mnist.validation.num_examples, mnist.test.num_examples)\n"
        "print(mnist.train.next_batch(4)[1].shape)\n"
    )
    done = run(exec_argv("--train-size", "300", str(script)), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2:] == ["300 5000 10000", "(4, 10)"]
    other = tmp_path / "q.py"
    other.write_text("print('no data')\n")
    done = run(exec_argv("--train-size", "300", str(other)), cwd=tmp_path)
    assert done.returncode == 0 and "--train-size 300: q.py read no input_data training set" in done.stderr


def test_every_short_run_has_a_tf_1_15_reference():
    assert sorted(p.stem for p in REFERENCE.glob("*.json")) == sorted(SHORT_RUNS)
    for key in SHORT_RUNS:
        reference = json.loads((REFERENCE / f"{key}.json").read_text())
        assert reference["made"]["tensorflow"] == "1.15.5" and reference["options"] == SHORT_RUNS[key][1]


@pytest.mark.parametrize("key", sorted(SHORT_RUNS))
def test_a_short_run_prints_what_tf_1_15_printed(key, tmp_path):
    """The whole program at a budget, evaluation included: the same lines as TF 1.15.5 printed for
    the same --set and --train-size (its accuracy on the full test set too)."""
    name, options = SHORT_RUNS[key]
    reference = json.loads((REFERENCE / f"{key}.json").read_text())
    done = run(exec_argv("--seed", "0", *options, str(script(name))), cwd=tmp_path)
    assert done.returncode == reference["exit_status"] == 0, done.stderr[-3000:]
    assert any(line.startswith("Accuracy:") for line in done.stdout.splitlines()), "it reached its evaluation"
    parting = against.compare_outputs(reference["stdout"], done.stdout)
    text = against.report(parting, 0.0)
    assert parting.first_text is None and parting.lines == len(reference["stdout"].splitlines()), text
    # Measured on this machine: identical as printed; other CPUs' kernels round the last digit.
    assert parting.largest <= 100 * HEAD_RTOL, text


def test_the_tf1_driver_applies_the_same_settings(tmp_path, capsys):
    """tf1_driver.py (run by Python 3.7 for --against-tf1) has its own copy of the replacement,
    in Python 3.7's terms: it must set exactly what exec sets."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("tf1_driver_under_test", against.DRIVER)
    driver = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(driver)
    script = tmp_path / "p.py"
    script.write_text(PROGRAM)
    exec(driver._compiled_with(str(script), ["training_epochs=2", "shape=(1,)", "data_dir='d'"]), {"__name__": "p"})
    assert capsys.readouterr().out == "2 0.01 d (1,) 4 3\n"

"""`pytest --tf1 labs/`: the plugin, driven the way pytest tests plugins, with its own pytester.

Each pytester run is a pytest subprocess in a temporary folder holding small labs; each lab
item is a `tf1-lessons exec` subprocess (a few seconds: TensorFlow's start-up).
"""

import json

import pytest

pytest_plugins = ["pytester"]

LAB = """# Linear regression, seeded as course labs were.
import tensorflow as tf

tf.set_random_seed(777)
x_data = [1.0, 2.0, 3.0, 4.0]
y_data = [3.1, 4.9, 7.2, 8.8]
W = tf.Variable(tf.random_normal([1]))
b = tf.Variable(tf.random_normal([1]))
cost = tf.reduce_mean(tf.square(x_data * W + b - y_data))
train = tf.train.GradientDescentOptimizer(learning_rate=0.01).minimize(cost)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(200):
    _, c = sess.run([train, cost])
    if step % 20 == 0:
        print(step, c)
"""
WONT_RUN = """import tensorflow as tf

classifier = tf.estimator.BoostedTreesClassifier(feature_columns=[], n_batches_per_layer=1)
"""
BROKEN = """import tensorflow as tf

x = tf.constant(1.0)
raise ValueError("the lab's own mistake")
"""


@pytest.fixture
def labs(pytester):
    pytester.makepyfile(
        lab1=LAB, lab2=LAB.replace("[3.1, 4.9, 7.2, 8.8]", "[2.0, 4.1, 6.0, 8.1]"), helper="def f():\n    return 1\n"
    )
    return pytester


def test_collects_each_tf1_script_as_one_item_named_by_its_path(labs):
    labs.makepyfile(test_own="def test_ok():\n    pass\n", estimator_lab=WONT_RUN)
    result = labs.runpytest_subprocess("--tf1", "--collect-only", "-q")
    out = result.stdout.str()
    assert "lab1.py::lab1.py" in out and "lab2.py::lab2.py" in out and "estimator_lab.py::estimator_lab.py" in out
    assert "helper.py" not in out, "a module that does not import TensorFlow is no lab"
    assert "test_own.py::test_ok" in out, "the project's own tests are still collected"
    # Without --tf1 the plugin does nothing.
    plain = labs.runpytest_subprocess("--collect-only", "-q").stdout.str()
    assert "lab1.py" not in plain and "test_own.py::test_ok" in plain


def test_missing_golden_regen_pass_and_a_one_percent_change_fails_with_the_table(labs):
    (labs.path / "lab1.py").write_text("open('ran.txt', 'w').close()\n" + LAB)
    missing = labs.runpytest_subprocess("--tf1", "lab1.py", "--tf1-max-steps", "30")
    missing.assert_outcomes(failed=1)
    out = missing.stdout.str()
    # Said after collection, and the lab is not run for minutes before saying it.
    assert "tf1-lessons: 1 lab(s) have no golden and will fail without running; record them first:" in out
    assert "pytest --tf1 --force-regen lab1.py" in out and "the lab was not run" in out
    assert not (labs.path / "ran.txt").exists()

    regen = labs.runpytest_subprocess("--tf1", "lab1.py", "--tf1-max-steps", "30", "--force-regen")
    regen.assert_outcomes(passed=1)
    assert "tf1-lessons: recorded 1 golden(s)" in regen.stdout.str()
    golden = json.loads((labs.path / "tf1-goldens" / "lab1.json").read_text())
    assert golden["format"] == 2 and golden["curves"]["exec"]["budget"] == {"max_steps": 30}
    assert not list((labs.path / "tf1-goldens").glob("*.part")) and not list((labs.path / "tf1-goldens").glob(".*"))

    labs.runpytest_subprocess("--tf1", "lab1.py", "--tf1-max-steps", "30").assert_outcomes(passed=1)

    (labs.path / "lab1.py").write_text(LAB.replace("learning_rate=0.01", "learning_rate=0.0101"))
    changed = labs.runpytest_subprocess("--tf1", "lab1.py", "--tf1-max-steps", "30")
    changed.assert_outcomes(failed=1)
    out = changed.stdout.str()
    assert "leaves the envelope first at step 1 (loss)" in out and "<- first outside" in out
    assert "golden lo" in out and "git diff -- lab1.py" in out


def test_a_script_that_will_not_run_is_skipped_with_scans_reason_or_fails_when_strict(pytester):
    pytester.makepyfile(estimator_lab=WONT_RUN)
    skipped = pytester.runpytest_subprocess("--tf1", "-rs")
    skipped.assert_outcomes(skipped=1)
    assert (
        "will not run: line 3: tf.estimator.BoostedTreesClassifier: tf.estimator was removed in TensorFlow 2.16"
        in skipped.stdout.str()
    )
    strict = pytester.runpytest_subprocess("--tf1", "--tf1-strict")
    strict.assert_outcomes(failed=1)
    assert "(--tf1-strict)" in strict.stdout.str()


def test_the_scripts_own_exit_status_and_traceback_are_in_the_report(pytester):
    pytester.makepyfile(
        broken_lab=BROKEN, tensors_lab="import tensorflow as tf\nprint(tf.Session().run(tf.constant(2) * 3))\n"
    )
    result = pytester.runpytest_subprocess("--tf1", "--force-regen")
    result.assert_outcomes(failed=1, passed=1)  # a lab that trains nothing passes by running cleanly
    out = result.stdout.str()
    assert (
        "exited with status 1" in out and 'broken_lab.py", line 4' in out and "ValueError: the lab's own mistake" in out
    )
    # Its golden says it trains nothing, so that a missing golden always means "never recorded".
    recorded = json.loads((pytester.path / "tf1-goldens" / "tensors_lab.json").read_text())
    assert recorded["curves"] == {} and recorded["envelope"] == {}
    result = pytester.runpytest_subprocess("--tf1")
    result.assert_outcomes(failed=1, passed=1)  # the broken lab never got a golden: said without running it
    assert "no golden" in result.stdout.str() and "broken_lab.py" in result.stdout.str()


def test_settings_from_pyproject_per_file_and_command_line_and_a_parallel_run(labs):
    labs.makefile(
        ".toml",
        # Both spellings of a key, as pyproject tables are written in the wild.
        pyproject='[tool.tf1-lessons]\nmax_steps = 7\nseed = 3\n\n[tool.tf1-lessons.files."lab2.py"]\nmax-steps = 5\n',
    )
    labs.runpytest_subprocess("--tf1", "--force-regen").assert_outcomes(passed=2)
    budget = {
        n: json.loads((labs.path / "tf1-goldens" / f"{n}.json").read_text())["curves"]["exec"] for n in ("lab1", "lab2")
    }
    assert budget["lab1"]["budget"] == {"max_steps": 7} and budget["lab1"]["seed"] == 3
    assert budget["lab2"]["budget"] == {"max_steps": 5}

    # The items are independent: pytest-xdist runs them on two workers.
    parallel = labs.runpytest_subprocess("--tf1", "-n", "2")
    parallel.assert_outcomes(passed=2)
    assert "2 workers" in parallel.stdout.str()

    # The command line wins over the file; a golden of another budget says which.
    other = labs.runpytest_subprocess("--tf1", "--tf1-max-steps", "4", "lab1.py")
    other.assert_outcomes(failed=1)
    assert (
        "was recorded with seed 3 and budget {'max_steps': 7}; this run used seed 3 and budget {'max_steps': 4}"
        in other.stdout.str()
    )

    bad = labs.runpytest_subprocess("--tf1", "--tf1-variants", "default")
    assert bad.ret != 0 and "--tf1-variants records goldens: use it with --force-regen" in bad.stderr.str()


def test_a_tf1_notebook_is_a_lab_too_its_executed_copy_stays_out_of_the_folder(labs):
    """A course folder's notebooks: collected (not their executed copies or checkpoints), run
    through `exec NOTEBOOK`, their curve checked against the golden like a script's."""
    import nbformat

    cells = [nbformat.v4.new_markdown_cell("# Lab 4")] + [
        nbformat.v4.new_code_cell(block) for block in LAB.split("sess = tf.Session()\n")
    ]
    cells[2].source = "sess = tf.Session()\n" + cells[2].source
    nbformat.write(nbformat.v4.new_notebook(cells=cells), labs.path / "lab4.ipynb")
    nbformat.write(nbformat.v4.new_notebook(cells=cells), labs.path / "lab4.tf1.ipynb")  # an executed copy
    (labs.path / ".ipynb_checkpoints").mkdir()
    nbformat.write(nbformat.v4.new_notebook(cells=cells), labs.path / ".ipynb_checkpoints" / "lab4-checkpoint.ipynb")
    plain = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1)")])
    nbformat.write(plain, labs.path / "notes.ipynb")  # no TensorFlow: no lab
    out = labs.runpytest_subprocess("--tf1", "--collect-only", "-q").stdout.str()
    assert "lab4.ipynb::lab4.ipynb" in out
    assert "lab4.tf1.ipynb" not in out and "checkpoint" not in out and "notes.ipynb" not in out

    copy = (labs.path / "lab4.tf1.ipynb").read_bytes()
    regen = labs.runpytest_subprocess("--tf1", "lab4.ipynb", "lab1.py", "--tf1-max-steps", "30", "--force-regen")
    regen.assert_outcomes(passed=2)
    notebook = json.loads((labs.path / "tf1-goldens" / "lab4.json").read_text())["curves"]["exec"]
    script = json.loads((labs.path / "tf1-goldens" / "lab1.json").read_text())["curves"]["exec"]
    assert len(notebook["rows"]) == 30
    # The notebook is the script cut into cells: the same seeded curve, to the bit.
    assert notebook["rows"] == script["rows"]
    labs.runpytest_subprocess("--tf1", "lab4.ipynb", "--tf1-max-steps", "30").assert_outcomes(passed=1)
    assert (labs.path / "lab4.tf1.ipynb").read_bytes() == copy  # exec's output went elsewhere
    assert not list(labs.path.glob("*.png")) and not list(labs.path.glob("figure-*"))

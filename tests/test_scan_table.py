"""`scan` imports no TensorFlow: tf.compat.v1's names come from a table recorded per TensorFlow
version (tf1_lessons/tf1/api/), held here to what the installed TensorFlow exports."""

import gzip
import json
import subprocess
import sys

import pytest

from tf1_lessons.tf1 import apitable, table

SCRIPT = """import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

x = tf.placeholder(tf.float32, [None, 784])
W = tf.get_variable("W", [784, 10], initializer=tf.contrib.layers.xavier_initializer())
y = tf.nn.softmax(tf.matmul(x, W))
loss = tf.reduce_mean(tf.nn.no_such_function(y))
tf.summary.scalar("loss", loss)
print(tf.GraphKeys.TRAINABLE_VARIABLES, tf.flags.FLAGS.learning_rate, tf.keras.layers.Dense)
"""


def test_the_shipped_table_is_what_this_tensorflow_exports():
    """Recorded on a TensorFlow of this minor version; a new release that renames or drops a name
    fails here, naming the paths, rather than letting scan and exec disagree."""
    shipped = apitable.SHIPPED / apitable.file_name(apitable.versions()["tensorflow"])
    if not shipped.is_file():
        pytest.skip(
            f"no table shipped for TensorFlow {apitable.versions()['tensorflow']}: record it with "
            "`python -m tf1_lessons.tf1.apitable record` (scan records one into the user cache meanwhile)"
        )
    # In a fresh process, as scan's table is recorded: tests in this one may have patched modules.
    walk = "import json\nfrom tf1_lessons.compat import v1\nfrom tf1_lessons.tf1 import apitable\n"
    walk += "print(json.dumps(apitable.walk(v1)))"
    done = subprocess.run([sys.executable, "-c", walk], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    recorded = json.loads(gzip.decompress(shipped.read_bytes()))["tree"]
    live = json.loads(done.stdout)
    if recorded != live:
        differ = sorted(set(recorded) ^ set(live)) + sorted(
            k for k in set(recorded) & set(live) if recorded[k] != live[k]
        )
        pytest.fail(f"{shipped.name} differs from tf.compat.v1 here, under: {differ[:20]}; re-record it")


@pytest.mark.parametrize(
    "path, native",
    [
        ("nn.softmax", True),
        ("nn.rnn_cell.BasicLSTMCell", True),
        ("GraphKeys.TRAINABLE_VARIABLES", True),  # a class's attribute
        ("flags.FLAGS.learning_rate", True),  # the script's own flag: below a recorded object
        ("keras.layers.Dense", True),
        ("train.AdamOptimizer.minimize", True),
        ("nn.no_such_function", False),
        ("GraphKeys.NO_SUCH_KEY", False),
        ("no_such_module.x", False),
    ],
)
def test_the_table_answers_as_the_live_module_does(path, native):
    from tf1_lessons.compat import v1

    recorded, live = table.classify(path), table.classify(path, v1)
    assert (recorded.status == table.NATIVE) is native
    if path.startswith("flags.FLAGS."):
        # The live module has no such flag until the script defines it (scan used to call it
        # missing); exec never looks below a module's own names.
        assert live.status == table.MISSING
    else:
        assert recorded == live


def test_scan_imports_no_tensorflow(tmp_path):
    (tmp_path / "lab.py").write_text(SCRIPT)
    probe = (
        "import sys\nfrom tf1_lessons import cli\ncode = cli.main(['scan', 'lab.py'])\n"
        "print('tensorflow loaded:', 'tensorflow' in sys.modules)\nsys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and "tensorflow loaded: False" in done.stdout, done.stdout + done.stderr
    assert "tf.nn.no_such_function" in done.stdout and "NOT AVAILABLE: tf.nn.no_such_function is not in" in done.stdout
    assert "tf.contrib.layers.xavier_initializer" in done.stdout and "provided by tf1-lessons" in done.stdout
    assert done.stderr == ""


def test_a_tensorflow_without_a_shipped_table_gets_one_recorded_once_into_the_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(apitable, "SHIPPED", tmp_path / "none")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    apitable.tree.cache_clear()
    try:
        assert apitable.lookup(["nn", "softmax"]) is None and apitable.lookup(["nn", "nope"]) == 1
        (recorded,) = (tmp_path / "cache").rglob("tf-*.json.gz")
        assert json.loads(gzip.decompress(recorded.read_bytes()))["tensorflow"] == apitable.versions()["tensorflow"]
    finally:
        apitable.tree.cache_clear()

"""The "Python 3 (TF1, tf1-lessons)" Jupyter kernel and `%load_ext tf1_lessons`, used the way
Jupyter uses them: installed into a prefix, found through JUPYTER_PATH, started and spoken to
with jupyter_client, shut down, removed."""

import json
import subprocess
import sys

import pytest

jupyter_client = pytest.importorskip("jupyter_client", reason="the notebook extra is not installed")
from jupyter_client.manager import start_new_kernel  # noqa: E402


def cli(*args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "tf1_lessons.cli", *args], capture_output=True, text=True, timeout=120, **kwargs
    )


class Kernel:
    """A started kernel; ``run(code)`` -> (status, [(msg_type, content)...]) of that cell."""

    def __init__(self, name, cwd):
        self.km, self.kc = start_new_kernel(kernel_name=name, cwd=str(cwd), startup_timeout=180)

    def run(self, code):
        outputs = []

        def hook(msg):
            if msg["msg_type"] in ("stream", "display_data", "execute_result", "error"):
                outputs.append((msg["msg_type"], msg["content"]))

        reply = self.kc.execute_interactive(code, output_hook=hook, timeout=180)
        return reply["content"]["status"], outputs

    def stdout(self, code):
        status, outputs = self.run(code)
        assert status == "ok", outputs
        return "".join(c["text"] for kind, c in outputs if kind == "stream" and c["name"] == "stdout")

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def test_kernel_installs_into_a_prefix_runs_tf1_cells_and_is_removed(tmp_path, monkeypatch):
    prefix = tmp_path / "prefix"
    done = cli("kernel", "install", "--prefix", str(prefix))
    assert done.returncode == 0, done.stderr
    folder = prefix / "share" / "jupyter" / "kernels" / "tf1-lessons"
    spec = json.loads((folder / "kernel.json").read_text())
    assert spec["display_name"] == "Python 3 (TF1, tf1-lessons)"
    assert spec["argv"][:3] == [sys.executable, "-m", "tf1_lessons.tf1.kernel"]
    monkeypatch.setenv("JUPYTER_PATH", str(prefix / "share" / "jupyter"))  # how Jupyter finds a prefix's kernels
    work = tmp_path / "course"
    work.mkdir()
    (work / "helpers.py").write_text(
        "import tensorflow as tf\n\n\ndef weight(shape):\n"
        "    return tf.Variable(tf.truncated_normal(shape, stddev=0.1))\n"
    )
    kernel = Kernel("tf1-lessons", work)
    try:
        # TF1 in every cell: placeholders and a Session, with no import hook the user wrote.
        assert kernel.stdout("import tensorflow as tf\nprint(tf.placeholder is tf.compat.v1.placeholder)") == "True\n"
        code = "x = tf.placeholder(tf.float32)\nwith tf.Session() as s:\n    print(s.run(x * 2, {x: 3}))"
        assert kernel.stdout(code) == "6.0\n"
        assert kernel.stdout("print(tf.executing_eagerly())") == "False\n"
        # input_data, from the data folder the tests use.
        code = (
            "from tensorflow.examples.tutorials.mnist import input_data\n"
            "mnist = input_data.read_data_sets('MNIST_data', one_hot=True)\n"
            "print(mnist.train.next_batch(5)[0].shape)"
        )
        assert kernel.stdout(code).splitlines()[-1] == "(5, 784)"
        # A helper module beside the notebook gets TF1 too (tf.truncated_normal is TF1-only).
        assert kernel.stdout("import helpers\nprint(helpers.weight([2, 3]).shape)") == "(2, 3)\n"
        # %matplotlib inline: the figure comes back as image/png.
        status, outputs = kernel.run(
            "%matplotlib inline\nimport matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()"
        )
        assert status == "ok"
        assert any(kind == "display_data" and "image/png" in c["data"] for kind, c in outputs)
        # Shell lines work as in Jupyter.
        assert "helpers.py" in kernel.stdout("!ls")
        # An API that cannot be provided: one line naming the cell, no traceback.
        status, outputs = kernel.run("from tensorflow.contrib import crf")
        assert status == "error"
        [(kind, error)] = outputs
        assert error["ename"] == "Unavailable"
        assert error["traceback"][0].startswith("tf1-lessons: Cell In[")
        assert "tf.contrib.crf is not available" in error["traceback"][0]
        assert kernel.stdout("%tensorflow_version 1.x") == "TensorFlow 1.x selected.\n"  # Colab's magic
        # tf.app.flags parse sys.argv on first use: the notebook's, not the kernel's `-f FILE`.
        code = "tf.app.flags.DEFINE_integer('epochs', 3, 'how many')\nprint(tf.app.flags.FLAGS.epochs)"
        assert kernel.stdout(code) == "3\n"
    finally:
        kernel.close()
    done = cli("kernel", "remove", "--prefix", str(prefix))
    assert done.returncode == 0, done.stderr
    assert not folder.exists()
    again = cli("kernel", "remove", "--prefix", str(prefix))
    assert again.returncode == 1 and "no kernel 'tf1-lessons' in " in again.stderr and "nothing removed" in again.stderr


def test_load_ext_makes_a_plain_ipykernel_serve_tf1(tmp_path):
    kernel = Kernel("python3", tmp_path)
    try:
        assert kernel.stdout("import tensorflow as tf\nprint(hasattr(tf, 'placeholder'))") == "False\n"  # TF 2
        status, outputs = kernel.run("%load_ext tf1_lessons")
        assert status == "ok"
        said = "".join(c.get("text", "") for _, c in outputs)
        assert "tf: now the TF1 module (it was imported before %load_ext tf1_lessons)" in said
        assert kernel.stdout("print(hasattr(tf, 'placeholder'))") == "True\n"
        code = (
            "import tensorflow as tf1\n"
            "a = tf1.placeholder(tf1.float32, [None, 2])\n"
            "W = tf1.Variable(tf1.ones([2, 1]))\n"
            "with tf1.Session() as s:\n"
            "    s.run(tf1.global_variables_initializer())\n"
            "    print(s.run(tf1.matmul(a, W), {a: [[1., 2.]]}))"
        )
        assert kernel.stdout(code) == "[[3.]]\n"
        # Code defined in a cell is the user's too (an import inside a function).
        status, outputs = kernel.run("def f():\n    import tensorflow as t\n    return t.contrib.crf\nf()")
        assert status == "error" and outputs[-1][1]["ename"] == "Unavailable"
        assert ", line 3: tf.contrib.crf is not available" in outputs[-1][1]["traceback"][0]
    finally:
        kernel.close()

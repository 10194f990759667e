"""TensorFlow's internal modules as TF1 code imported them (tf1_lessons/tf1/private.py): what
`scan` says of each name, and exec's refusal of one TF 2 removed without a home. The served names
themselves run in the corpus (tests/tf1_scripts/private_modules_library.py, against TF 1.15.5)."""

import subprocess
import sys

from tf1_lessons.tf1 import private, scan, table

SOURCE = """\
import tensorflow as tf
from tensorflow.python.util.nest import is_sequence
from tensorflow.python.ops import rnn_cell_impl, array_ops
from tensorflow.python.framework import ops
from tensorflow.python.framework.ops import register_dense_tensor_like_type
from tensorflow.contrib.rnn.python.ops import core_rnn_cell
from tensorflow.contrib.rnn.python.ops.rnn_cell import LayerNormBasicLSTMCell
from tensorflow.python.keras.layers import Dense

tf.GraphKeys.INPUTS = "inputs"
tf.add_to_collection(tf.GraphKeys.INPUTS, ops.Tensor)
cell = rnn_cell_impl.LSTMCell(4)
parts = array_ops.unstack(tf.zeros([2, 3]))
"""


def test_scan_tells_moved_served_native_and_removed_private_names():
    report = scan.scan_source(SOURCE, "lib.py")
    verdicts = {u.path: u.verdict.status for u in report.uses}
    assert verdicts["python.util.nest.is_sequence"] == table.PROVIDED  # renamed is_nested in TF 2
    assert verdicts["python.ops.rnn_cell_impl.LSTMCell"] == table.PROVIDED  # tf.nn.rnn_cell's own class
    assert verdicts["python.framework.ops.Tensor"] == table.PROVIDED  # moved to framework.tensor
    assert verdicts["python.ops.array_ops"] == table.NATIVE
    assert verdicts["python.framework.ops.register_dense_tensor_like_type"] == table.MISSING
    assert verdicts["contrib.rnn.python.ops.rnn_cell.LayerNormBasicLSTMCell"] == table.PROVIDED
    assert verdicts["python.keras.layers.Dense"] == table.PROVIDED  # tf-keras
    # the program's own names on a TF1 object are never TensorFlow's to refuse
    assert not any(path.startswith("GraphKeys.INPUTS") for path in verdicts)
    assert [u.path for u in report.missing] == ["python.framework.ops.register_dense_tensor_like_type"]
    text = scan.format_report(report)
    assert "tensorflow.python.util.nest.is_sequence" in text and "won't run" in text


def test_homes_cover_whole_modules_and_contrib_trees():
    assert private.home_of("tensorflow.python.keras.engine.base_layer") == "tf_keras.src.engine.base_layer"
    assert private.home_of("tensorflow.contrib.slim.python.slim.nets.vgg") == "tf1:contrib.slim"
    assert private.home_of("tensorflow.python.framework.ops") is None
    assert private.is_private("tensorflow.core.protobuf.config_pb2")
    assert not private.is_private("tensorflow.compat.v1")


def test_exec_refuses_a_removed_internal_name_at_its_line_and_a_fallback_still_runs(tmp_path):
    script = tmp_path / "lib.py"
    script.write_text(
        "import tensorflow as tf\n"
        "try:\n"
        "    from tensorflow.python.ops.rnn_cell_impl import _linear\n"
        "except ImportError:\n"
        "    from tensorflow.contrib.rnn.python.ops.core_rnn_cell import _linear\n"
        "print(_linear.__name__)\n"
        "from tensorflow.python.framework.ops import RegisterShape\n"
    )
    done = subprocess.run([sys.executable, "-m", "tf1_lessons.cli", "exec", str(script)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)  # fmt: skip
    assert done.returncode == 3, done.stderr[-2000:]
    assert done.stdout == "_linear\n"
    assert f"tf1-lessons: {script}:7: tensorflow.python.framework.ops.RegisterShape is not available" in done.stderr

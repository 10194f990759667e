"""Records which names of TensorFlow 1.15's internal modules TensorFlow 2.x still has where TF1
code imported them from (tf1_lessons/tf1/private_api.json, read by ``scan``).

Run it under each interpreter, then combine:

    /tmp/tf115/bin/python tests/tf1_private/record_private.py dump tf115.json     # TF 1.15.5, Python 3.7
    python tests/tf1_private/record_private.py dump tf2.json                        # TF 2.x (this package's)
    python tests/tf1_private/record_private.py combine tf115.json tf2.json tf1_lessons/tf1/private_api.json

The module list: every tensorflow.python.* module a survey of 23 public TF1 repositories imported
from (the closing note of issue 37 has the counts), and the modules their neighbours in the same
packages that tutorials and libraries of 2016-2019 used.
"""

import importlib
import json
import os
import sys
import types

MODULES = """framework.ops framework.dtypes framework.tensor_shape framework.tensor_util framework.constant_op framework.function
framework.graph_util framework.sparse_tensor framework.errors framework.errors_impl framework.random_seed framework.test_util framework.common_shapes framework.graph_io framework.importer framework.meta_graph
ops.array_ops ops.math_ops ops.nn ops.nn_ops ops.nn_impl ops.control_flow_ops ops.variable_scope ops.variables ops.init_ops ops.rnn ops.rnn_cell_impl ops.rnn_cell
ops.tensor_array_ops ops.state_ops ops.random_ops ops.embedding_ops ops.data_flow_ops ops.lookup_ops ops.clip_ops ops.check_ops ops.sparse_ops ops.functional_ops
ops.logging_ops ops.gradients ops.gradients_impl ops.template ops.resource_variable_ops ops.partitioned_variables ops.standard_ops ops.string_ops ops.image_ops
ops.io_ops ops.parsing_ops ops.metrics ops.losses.losses ops.losses.util ops.inplace_ops ops.resources ops.special_math_ops ops.linalg_ops ops.ctc_ops ops.summary_ops_v2 ops.control_flow_util
ops.gen_nn_ops ops.gen_array_ops ops.gen_math_ops ops.gen_state_ops ops.gen_data_flow_ops ops.gen_image_ops ops.gen_random_ops ops.gen_training_ops ops.gen_io_ops
training.training training.optimizer training.saver training.moving_averages training.training_util training.session_run_hook training.basic_session_run_hooks
training.monitored_session training.slot_creator training.adam training.gradient_descent training.momentum training.queue_runner_impl training.learning_rate_decay training.checkpoint_utils training.input
training.device_setter training.server_lib training.supervisor training.sync_replicas_optimizer training.rmsprop training.adagrad
util.nest util.compat util.tf_inspect util.deprecation util.tf_export util.tf_decorator
platform.gfile platform.tf_logging platform.flags platform.app platform.test platform.googletest platform.resource_loader platform.sysconfig
client.device_lib client.timeline client.session lib.io.file_io lib.io.tf_record summary.summary summary.writer.writer
saved_model.builder saved_model.loader saved_model.tag_constants saved_model.signature_constants saved_model.signature_def_utils saved_model.utils
tools.inspect_checkpoint tools.freeze_graph data.util.nest data.ops.dataset_ops data.ops.iterator_ops pywrap_tensorflow
layers.base layers.core layers.convolutional layers.normalization layers.pooling layers.utils layers.layers eager.context eager.backprop eager.function
keras keras.layers keras.backend keras.models keras.engine.base_layer keras.utils keras.optimizers keras.initializers keras.regularizers keras.losses keras.callbacks keras.activations
estimator.estimator estimator.model_fn estimator.run_config estimator.training estimator.export.export_output estimator.inputs.numpy_io
debug""".split()
# Names of a module that are no API of it: __future__ features, six's and typing's re-exports.
JUNK = {
    "absolute_import",
    "division",
    "print_function",
    "xrange",
    "zip",
    "iteritems",
    "tf_export",
    "keras_export",
    "deprecated",
    "LazyLoader",
    "Callable",
    "ContextManager",
    "Iterator",
    "List",
    "Mapping",
    "MutableMapping",
    "MutableSequence",
    "Optional",
    "Sequence",
    "Text",
    "Tuple",
    "Type",
    "Union",
}


def dump(path):
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tensorflow  # noqa: F401

    out = {}
    for m in MODULES:
        try:
            mod = importlib.import_module("tensorflow.python." + m)
        except Exception:
            out[m] = None
            continue
        out[m] = sorted(
            n for n in dir(mod) if not n.startswith("__") and not isinstance(getattr(mod, n, None), types.ModuleType)
        )
    with open(path, "w") as f:
        json.dump({"tensorflow": tensorflow.__version__, "modules": out}, f)


def combine(old_path, new_path, out_path):
    old, new = (json.load(open(p)) for p in (old_path, new_path))
    gone_modules, gone_names = [], {}
    for m, names in old["modules"].items():
        if names is None:
            continue
        if new["modules"][m] is None:
            gone_modules.append("tensorflow.python." + m)
            continue
        have = set(new["modules"][m])
        gone = [
            n
            for n in names
            if n not in have and n not in JUNK and not n.endswith("_eager_fallback") and not n.endswith("_outputs")
        ]
        if gone:
            gone_names["tensorflow.python." + m] = gone
    data = {
        "measured": f"TF {old['tensorflow']} against TF {new['tensorflow']}",
        "modules_gone": gone_modules,
        "names_gone": gone_names,
        "modules": sorted("tensorflow.python." + m for m in old["modules"]),
    }
    with open(out_path, "w") as f:
        json.dump(data, f, indent=0, sort_keys=True)
        f.write("\n")


TF2_MODULES = ("train", "nn", "summary", "losses", "image", "layers", "math", "random", "io", "data", "linalg",
               "sparse", "keras", "initializers", "compat", "dtypes", "config", "saved_model", "strings", "errors",
               "distribute", "autograph", "debugging", "experimental", "lookup", "graph_util", "feature_column", "test",
               "sysconfig", "version")


def tf2(out_path):
    """Adds TF 2's own names (dir(tf), dir(tf.<module>)): scan tells TF1-only names by them."""
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tensorflow as tf

    data = json.load(open(out_path))
    names = {"": sorted(n for n in dir(tf) if not n.startswith("_"))}
    for sub in TF2_MODULES:
        module = getattr(tf, sub, None)
        if module is not None:
            names[sub] = sorted(n for n in dir(module) if not n.startswith("_"))
    data["tf2_names"] = {"measured": "dir(tf) and dir(tf.<module>) of TensorFlow " + tf.__version__, **names}
    with open(out_path, "w") as f:
        json.dump(data, f, indent=0, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":  # then: python record_private.py tf2 tf1_lessons/tf1/private_api.json
    {"dump": dump, "combine": combine, "tf2": tf2}[sys.argv[1]](*sys.argv[2:])

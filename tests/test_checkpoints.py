"""Checkpoints both ways between TensorFlow 1.15.5 and `exec`, and the ops tf.contrib.layers makes.

tests/tf1_checkpoints/ holds small checkpoints TF 1.15.5 wrote (a Saver's, with tf.layers,
contrib.layers' batch norm, Adam's slots and a global step; an Estimator's model_dir) and what TF
1.15.5 printed from them, and the checkpoints exec wrote with what TF 1.15.5 printed when it read
them (reference.json says how each was made). tests/tf1_ops/ holds the op lists TF 1.15.5 made for
contrib.layers' functions with their options: an op more or less moves every later op seed.
"""

import json
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT

HERE = ROOT / "tests" / "tf1_checkpoints"
REFERENCE = json.loads((HERE / "reference.json").read_text(encoding="utf-8"))


def exec_(*args, cwd):
    done = subprocess.run(
        [sys.executable, "-m", "tf1_lessons.cli", "exec", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.splitlines()


def variables(folder):
    """(name, shape, dtype) of every variable of the newest checkpoint in ``folder``."""
    import tensorflow as tf

    reader = tf.train.load_checkpoint(str(folder))
    dtypes = reader.get_variable_to_dtype_map()
    return sorted((name, tuple(shape), dtypes[name].name) for name, shape in tf.train.list_variables(str(folder)))


def test_a_tf_1_15_savers_checkpoint_restores_under_exec(tmp_path):
    """Every variable (weights, batch norm's moving averages, Adam's slots and powers, the global
    step) as TF 1.15.5 restored it, the loss it gives, and one more step from there."""
    out = exec_(HERE / "layers_saver.py", "restore", HERE / "tf115" / "layers", cwd=tmp_path)
    assert out == REFERENCE["tf115"]["layers_restore"]


def test_init_from_checkpoint_with_an_assignment_map_reads_tf_1_15s_checkpoint(tmp_path):
    out = exec_(HERE / "init_from_checkpoint.py", HERE / "tf115" / "layers", cwd=tmp_path)
    assert out == REFERENCE["tf115"]["init_from_checkpoint"]
    assert out[0].startswith("new/dense/bias [8] ") and out[0].split()[-1] == "0.082703"  # from the checkpoint


def test_an_estimator_evaluates_and_predicts_from_tf_1_15s_model_dir(tmp_path):
    model_dir = tmp_path / "model"
    shutil.copytree(HERE / "tf115" / "estimator", model_dir)  # evaluate writes its events there
    out = exec_(HERE / "estimator_model_dir.py", "evaluate", model_dir, cwd=tmp_path)
    assert out == REFERENCE["tf115"]["estimator_evaluate"]


def test_exec_writes_the_checkpoint_tf_1_15_wrote_and_read(tmp_path):
    """exec's run of the same program draws TF 1.15's initial values and trains the same (every
    printed value as TF 1.15.5 printed it); its checkpoint has TF 1.15's variables, names, shapes
    and dtypes; and the one exec wrote before is what TF 1.15.5 restored (reference.json)."""
    folder = tmp_path / "layers"
    folder.mkdir()
    out = exec_(HERE / "layers_saver.py", "save", folder, cwd=tmp_path)
    assert out == REFERENCE["tf115"]["layers_save"]
    assert variables(folder) == variables(HERE / "tf115" / "layers") == variables(HERE / "exec" / "layers")
    assert REFERENCE["tf115_reads_exec"]["layers_restore"] == REFERENCE["tf115"]["layers_restore"]


def test_exec_writes_an_estimator_model_dir_tf_1_15_reads(tmp_path):
    out = exec_(HERE / "estimator_model_dir.py", "train", tmp_path / "model", cwd=tmp_path)
    assert out == REFERENCE["tf115"]["estimator_train"]
    assert variables(tmp_path / "model") == variables(HERE / "tf115" / "estimator")
    assert variables(HERE / "exec" / "estimator") == variables(HERE / "tf115" / "estimator")
    assert REFERENCE["tf115_reads_exec"]["estimator_evaluate"] == REFERENCE["tf115"]["estimator_evaluate"]


def test_a_tf_1_15_seq2seq_checkpoint_restores_under_exec_and_decodes_as_tf_1_15_did(tmp_path):
    """contrib.seq2seq's variables (attention wrapper, Bahdanau attention, memory and attention
    layers, Adam's slots) by TF 1.15's names: every sum, the loss, the greedy and beam-search ids."""
    out = exec_(HERE / "seq2seq_saver.py", "restore", HERE / "tf115" / "seq2seq", cwd=tmp_path)
    assert out == REFERENCE["tf115"]["seq2seq_restore"]
    assert any(line.startswith("decoder/attention_wrapper/bahdanau_attention/attention_v [16]") for line in out)


def test_exec_writes_a_seq2seq_checkpoint_tf_1_15_decodes_alike(tmp_path):
    """exec trains the same 20 steps (the loss 1 float32 ulp apart); its checkpoint has TF 1.15's
    variables, and TF 1.15.5 restored exec's (reference.json) and decoded the same ids."""
    folder = tmp_path / "seq2seq"
    folder.mkdir()
    [saved] = exec_(HERE / "seq2seq_saver.py", "save", folder, cwd=tmp_path)
    [theirs] = REFERENCE["tf115"]["seq2seq_save"]
    assert saved.split()[:3] == theirs.split()[:3]
    assert float(saved.split()[-1]) == pytest.approx(float(theirs.split()[-1]), rel=1e-4)
    assert variables(folder) == variables(HERE / "tf115" / "seq2seq") == variables(HERE / "exec" / "seq2seq")
    restored, ours = REFERENCE["tf115_reads_exec"]["seq2seq_restore"], REFERENCE["tf115"]["seq2seq_restore"]
    assert restored[-2:] == ours[-2:]  # greedy and beam-search ids
    assert [line.split()[:-1] for line in restored] == [line.split()[:-1] for line in ours]


def op_lists(lines):
    cases, current = {}, None
    for line in lines:
        if line.startswith("== "):
            _, name, count = line.split()
            current = cases[name] = {"count": int(count), "types": []}
        elif current is not None and line and not line.startswith("#"):
            current["types"].append(line.split()[0])
    return cases


@pytest.fixture(scope="module")
def contrib_ops(tmp_path_factory):
    out = exec_(ROOT / "tests" / "tf1_ops" / "contrib_layers_ops.py", cwd=tmp_path_factory.mktemp("ops"))
    theirs = (ROOT / "tests" / "tf1_ops" / "contrib_layers_ops.tf115.txt").read_text(encoding="utf-8").splitlines()
    return op_lists(theirs), op_lists(out)


def test_contrib_layers_count_tf_1_15s_ops_in_every_case(contrib_ops):
    """Batch norm (2-D and 4-D, is_training a bool or a tensor, updates in UPDATE_OPS or forced),
    dropout, conv2d with a normalizer and a regularizer, reuse, regularizers, layer norm, a public
    course's batch-norm lab, and the summarize_* functions: the op count TF 1.15's seed rule sees,
    case by case."""
    theirs, ours = contrib_ops
    assert set(ours) == set(theirs)
    assert {name: ours[name]["count"] for name in ours} == {name: theirs[name]["count"] for name in theirs}


def test_contrib_layers_make_tf_1_15s_op_types_in_its_order(contrib_ops):
    """Op for op, but where TF 2 names an op otherwise (AddV2 for Add) or makes none where TF 1.15
    made a constant nothing used (conv2d's dilation_rate: counted, tf115_ops.count_missing)."""
    theirs, ours = contrib_ops
    for name in theirs:
        expected = ["AddV2" if t == "Add" else t for t in theirs[name]["types"]]
        if name.startswith("conv"):
            expected.remove("Const")  # the dilation_rate constant, counted instead
            assert ours[name]["types"] == expected or sorted(ours[name]["types"]) == sorted(expected), name
        else:
            assert ours[name]["types"] == expected, name


def test_a_vocabulary_tf_1_15_pickled_restores_under_exec_and_maps_text_to_its_ids(tmp_path):
    """contrib.learn.preprocessing.VocabularyProcessor: TF 1.15.5's pickle (its class paths, its
    CategoricalVocabulary's attributes) restores, with the same ids, words and mapping."""
    out = exec_(HERE / "vocabulary_pickle.py", "restore", HERE / "tf115" / "vocabulary" / "vocab", cwd=tmp_path)
    assert out == REFERENCE["tf115"]["vocabulary_restore"]


def test_exec_pickles_a_vocabulary_tf_1_15_restores(tmp_path):
    """The same fit gives TF 1.15.5's ids; exec's pickle names TF 1.15's classes and holds the same
    state as TF 1.15.5's (so TF 1.15.5 restores it: reference.json, read from exec/vocabulary)."""
    import pickle

    out = exec_(HERE / "vocabulary_pickle.py", "save", tmp_path, cwd=tmp_path)
    assert out == REFERENCE["tf115"]["vocabulary_save"]

    class Classes(pickle.Unpickler):
        """Reads a pickle without TensorFlow's classes: each is a stand-in named as the pickle names it."""

        def find_class(self, module, name):
            if not module.startswith("tensorflow"):
                return super().find_class(module, name)
            return type(name, (), {"__module__": module})

    def state(obj):
        if isinstance(obj, type):
            return f"{obj.__module__}.{obj.__qualname__}"
        if hasattr(obj, "__dict__"):
            return (state(type(obj)), {k: state(v) for k, v in vars(obj).items()})
        return obj

    def read(path):
        with open(path, "rb") as f:
            return state(Classes(f).load())

    ours = read(tmp_path / "vocab")
    assert ours[0] == "tensorflow.contrib.learn.python.learn.preprocessing.text.VocabularyProcessor"
    assert ours == read(HERE / "tf115" / "vocabulary" / "vocab") == read(HERE / "exec" / "vocabulary" / "vocab")
    assert REFERENCE["tf115_reads_exec"]["vocabulary_restore"] == REFERENCE["tf115"]["vocabulary_restore"]

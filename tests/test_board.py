"""--tensorboard: read back with TensorBoard's own event reader."""

import json
import subprocess
import sys

import numpy as np
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

from tf1_lessons import cli
from tf1_lessons.curves import LearningCurve

from .conftest import ROOT


def read(folder):
    acc = EventAccumulator(str(folder), size_guidance={"scalars": 0, "histograms": 0, "tensors": 0})
    acc.Reload()
    return acc


def scalars(acc, tag):
    return [(e.step, e.value) for e in acc.Scalars(tag)]


def test_run_both_writes_each_modes_scalars_and_the_graph(tmp_path, capsys):
    code = cli.main(
        [
            "run",
            "linear_regression",
            "--mode",
            "both",
            "--max-steps",
            "30",
            "-q",
            "--out",
            str(tmp_path / "out"),
            "--tensorboard",
            str(tmp_path / "tb"),
        ]
    )
    assert code == 0 and f"TensorBoard logs in {tmp_path / 'tb'}" in capsys.readouterr().out
    for mode in ("graph", "eager"):
        curve = LearningCurve.load(tmp_path / "out" / f"linear_regression-{mode}.json")
        acc = read(tmp_path / "tb" / mode)
        for metric in ("loss",):
            expected = [(s, float(np.float32(v))) for s, v in zip(curve.steps, curve.metrics[metric], strict=False)]
            assert scalars(acc, metric) == expected, (mode, metric)
    graph = read(tmp_path / "tb" / "graph").Graph()
    names = {node.name for node in graph.node}
    assert {"Placeholder", "Placeholder_1", "Variable", "Variable_1", "mul", "Mean"} <= names


def test_cnn_twins_get_weight_histograms_per_epoch_and_the_traced_function_graph(tmp_path, capsys):
    from tensorflow.core.protobuf import config_pb2

    code = cli.main(
        [
            "compare",
            "cnn",
            "--epochs",
            "2",
            "--train-size",
            "300",
            "-q",
            "--tensorboard",
            str(tmp_path / "tb"),
        ]
    )
    assert code == 0
    graph_run = read(tmp_path / "tb" / "graph")
    histograms = graph_run.Tags()["histograms"]
    assert sorted(histograms) == ["Variable", "Variable_1", "Variable_2", "W3"]
    assert [e.step for e in graph_run.Histograms("W3")] == [0, 3, 6]  # start, then each epoch's end
    first, last = graph_run.Histograms("W3")[0].histogram_value, graph_run.Histograms("W3")[-1].histogram_value
    assert first.num == last.num == 7 * 7 * 64 * 10 and first.sum != last.sum  # trained in between
    eager_run = read(tmp_path / "tb" / "eager")
    assert eager_run.Tags()["tensors"] == ["eager_functions"]
    metadata = config_pb2.RunMetadata.FromString(eager_run.Tensors("eager_functions")[0].tensor_proto.string_val[0])
    ops = {node.op for fg in metadata.function_graphs for node in fg.pre_optimization_graph.node}
    assert {"Conv2D", "MaxPool"} <= ops


def test_exec_writes_the_scripts_curve_and_graph(tmp_path):
    script = ROOT / "lessons" / "01_linear_regression" / "program.py"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tf1_lessons.cli",
            "exec",
            "--record",
            str(tmp_path / "c.json"),
            "--tensorboard",
            str(tmp_path / "tb"),
            str(script),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = json.loads((tmp_path / "c.json").read_text())["rows"]
    acc = read(tmp_path / "tb" / "program")
    assert len(scalars(acc, "loss")) == len(rows) == 1100
    assert {"Placeholder", "Variable"} <= {node.name for node in acc.Graph().node}

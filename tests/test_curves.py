"""LearningCurve storage, compare(), golden checks and plots."""

import json

import numpy as np
import pytest

from tf1_lessons import _io, golden
from tf1_lessons.compare import compare
from tf1_lessons.curves import LearningCurve


def make_curve(mode="graph", n=20, loss_scale=1.0, budget=None, seed=0):
    curve = LearningCurve("demo", mode, seed=seed, budget=budget or {"steps": n})
    for step in range(n):
        curve.record(step, loss=np.float32(loss_scale * 2.0 / (step + 1)), accuracy=np.float32(step / n))
    curve.add_result(test_accuracy=np.float32(0.9167))
    return curve


def test_float32_values_round_trip_exactly(tmp_path):
    curve = make_curve()
    curve.record(20, loss=np.array([1.4100001], np.float32), accuracy=np.float32(0.1))
    loaded = LearningCurve.load(curve.save(tmp_path / "c.json"))
    assert loaded == curve
    assert np.float32(loaded.metrics["loss"][-1]) == np.float32("1.4100001")
    assert json.loads((tmp_path / "c.json").read_text())["columns"] == ["step", "loss", "accuracy"]


def test_sparse_metrics_are_none_between_measurements_and_null_on_disk(tmp_path):
    curve = LearningCurve("demo", "numpy")
    curve.record(0, loss=2.0, train_acc=0.1)
    curve.record(1, loss=1.5)
    curve.record(2, loss=1.0, test_acc=0.5)
    assert curve.series("train_acc") == ([0], [0.1]) and curve.series("test_acc") == ([2], [0.5])
    assert curve.last("loss") == 1.0 and curve.last("train_acc") == 0.1
    text = curve.save(tmp_path / "c.json").read_text()
    assert "NaN" not in text and "[1, 1.5, null, null]" in text
    loaded = LearningCurve.load(tmp_path / "c.json")
    assert loaded.series("test_acc") == ([2], [0.5]) and loaded.steps == [0, 1, 2]
    with pytest.raises(ValueError, match="must increase"):
        curve.record(2, loss=0.5)


def test_a_real_nan_is_kept_apart_from_not_measured(tmp_path):
    curve = LearningCurve("demo", "graph")
    curve.record(0, loss=1.0, acc=0.5)
    curve.record(1, loss=float("nan"))
    curve.record(2, loss=float("inf"), acc=float("nan"))
    curve.add_result(acc=float("nan"))
    assert curve.first_nonfinite("loss") == 1 and curve.first_nonfinite("acc") == 2
    text = curve.save(tmp_path / "nan.json").read_text()
    json.loads(text, parse_constant=lambda c: pytest.fail(f"non-standard JSON constant {c}"))
    loaded = LearningCurve.load(tmp_path / "nan.json")
    assert loaded.series("acc")[0] == [0, 2] and loaded.first_nonfinite("loss") == 1
    assert compare(loaded, curve).ok  # NaN matches NaN, missing matches missing


def test_load_rejects_what_is_not_a_curve(tmp_path):
    (tmp_path / "x.json").write_text('{"format": 1, "lesson": "x"}')
    with pytest.raises(ValueError, match="not a learning curve"):
        LearningCurve.load(tmp_path / "x.json")
    (tmp_path / "y.json").write_text('{"format": 99}')
    with pytest.raises(ValueError, match="format 99"):
        LearningCurve.load(tmp_path / "y.json")


def test_failed_write_leaves_the_old_file_whole(tmp_path):
    path = tmp_path / "curve.json"
    make_curve().save(path)
    before = path.read_text()
    with pytest.raises(RuntimeError):
        with _io.atomic_path(path) as tmp:
            tmp.write_text("half a fi")
            raise RuntimeError("crash mid-write")
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["curve.json"]


def test_compare_identical_curves():
    c = compare(make_curve("eager"), make_curve("graph"))
    assert c.ok and c.first_divergence is None and c.max_abs("loss") == 0
    assert "identical" in c.summary()


def test_compare_finds_the_first_divergence():
    a, b = make_curve("eager"), make_curve("graph")
    a.metrics["loss"][7] += 1e-3
    a.metrics["accuracy"][12] += 1e-3
    c = compare(a, b, tolerances={"loss": {"atol": 1e-6}, "default": {"atol": 0}})
    assert not c.ok and c.first_divergence == (7, "loss")
    assert c.max_abs("loss") == pytest.approx(1e-3)
    assert c.max_rel("loss") == pytest.approx(1e-3 / b.metrics["loss"][7])
    assert "<- first divergence" in c.table("loss")
    # Loose enough tolerance: the same curves agree.
    assert compare(a, b, atol=1e-2).ok


def test_compare_result_difference_counts():
    a = make_curve("eager")
    a.results["test_accuracy"] = 0.5
    assert not compare(a, make_curve("graph")).ok


def test_compare_refuses_different_budgets():
    with pytest.raises(ValueError, match="same budget"):
        compare(make_curve(n=10), make_curve(n=20))


def test_golden_check(tmp_path):
    path = golden.save({"graph": make_curve()}, tmp_path / "demo.json")
    assert golden.check({"graph": make_curve()}, path, {"default": {"rtol": 1e-6}})
    drifted = make_curve(loss_scale=1.001)
    with pytest.raises(golden.GoldenMismatch, match="first divergence: step 0"):
        golden.check({"graph": drifted}, path, {"default": {"rtol": 1e-6}})
    assert golden.check({"graph": drifted}, path, {"loss": {"rtol": 1e-2}})
    with pytest.raises(golden.GoldenMismatch, match="budget"):
        golden.check({"graph": make_curve(budget={"steps": 99}, n=20)}, path, {})
    with pytest.raises(golden.GoldenMismatch, match="modes"):
        golden.check({"eager": make_curve("eager")}, path, {})
    lost_metric = make_curve()
    del lost_metric.metrics["accuracy"]
    with pytest.raises(golden.GoldenMismatch, match="golden records metrics"):
        golden.check({"graph": lost_metric}, path, {})


def test_plot_writes_a_png_with_both_curves(tmp_path):
    import matplotlib.image

    from tf1_lessons.plot import plot

    path = plot([make_curve("graph"), make_curve("eager", loss_scale=1.5)], tmp_path / "out" / "demo.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = matplotlib.image.imread(path)
    assert image.shape[:2] == (550, 800)
    # Both curves were drawn: pixels in the first two colours of matplotlib's cycle
    # (tab:blue, tab:orange), which axes, ticks and text never use.
    pixels = (image[..., :3] * 255).round().astype(int).reshape(-1, 3)
    for rgb in ((0x1F, 0x77, 0xB4), (0xFF, 0x7F, 0x0E)):
        assert (np.abs(pixels - rgb).max(axis=1) <= 2).sum() > 100, rgb
    with pytest.raises(ValueError):
        plot([], tmp_path / "none.png")

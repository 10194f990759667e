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
    with pytest.raises(RuntimeError), _io.atomic_path(path) as tmp:
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


def demo_golden(tmp_path, spread=1e-5):
    """A golden made from two variants whose losses differ by ``spread`` (relative)."""
    variants = {"default": {"graph": make_curve()}, "isa-avx2": {"graph": make_curve(loss_scale=1 + spread)}}
    made = {
        "command": "tf1-lessons check demo --force-regen",
        "variants": {"default": {}, "isa-avx2": {"ONEDNN_MAX_CPU_ISA": "AVX2"}},
        "tf_versions": ["2.21"],
    }
    return golden.save_golden("demo", variants, tmp_path / "demo.json", made)


def test_golden_envelope_holds_the_variants_spread_and_its_margin(tmp_path):
    path = demo_golden(tmp_path)
    data = json.loads(path.read_text())
    assert data["format"] == 2 and data["made"]["margin"] == golden.MARGIN == 10
    env = data["envelope"]["graph"]  # one row per step: step, loss lo, loss hi, accuracy lo, accuracy hi
    assert env["columns"] == ["step", "loss lo", "loss hi", "accuracy lo", "accuracy hi"]
    assert env["rows"][0][:3] == [
        0,
        make_curve().metrics["loss"][0],
        make_curve(loss_scale=1 + 1e-5).metrics["loss"][0],
    ]
    assert env["results"] == {"test_accuracy": [make_curve().results["test_accuracy"]] * 2}
    # Inside the envelope, and inside its margin (MARGIN spreads more on each side)...
    for scale in (1.0, 1 + 0.5e-5, 1 + 1e-5, 1 + 1e-5 + 9e-5, 1 - 9e-5):
        assert golden.check({"graph": make_curve(loss_scale=scale)}, path)
    # ...but not beyond it, with no floor tolerance.
    too_far = 1 + 1e-5 + 12e-5
    with pytest.raises(golden.GoldenMismatch) as caught:
        golden.check({"graph": make_curve(loss_scale=too_far)}, path, lesson="demo")
    message = str(caught.value)
    assert message.startswith("demo: the run is outside the envelope of its golden")
    assert "2 variants (default, isa-avx2 on TensorFlow 2.21)" in message
    assert "[graph] leaves the envelope first at step 0 (loss)" in message
    assert "Variant spread at step 0: " in message and "times that outside" in message and "<- first outside" in message
    assert message.index("Look for a real change first") < message.index("tf1-lessons check demo --force-regen")
    # The lesson's golden_tolerance is the floor where the variants agree.
    assert golden.check({"graph": make_curve(loss_scale=too_far)}, path, {"loss": {"rtol": 1e-4}})
    # A golden is checked with the margin it says it was made with.
    data["made"]["margin"] = 0.0
    path.write_text(json.dumps(data))
    with pytest.raises(golden.GoldenMismatch, match="with margin 0.0"):
        golden.check({"graph": make_curve(loss_scale=1 + 1e-5 + 5e-5)}, path)


def test_golden_where_every_variant_agreed_needs_the_floor(tmp_path):
    path = demo_golden(tmp_path, spread=0.0)
    with pytest.raises(golden.GoldenMismatch, match="every variant agreed to the bit there"):
        golden.check({"graph": make_curve(loss_scale=1 + 1e-6)}, path)
    assert golden.check({"graph": make_curve(loss_scale=1 + 1e-6)}, path, {"default": {"rtol": 1e-5}})


def test_golden_result_outside_its_range_fails(tmp_path):
    path = demo_golden(tmp_path)
    run = make_curve()
    run.results["test_accuracy"] = 0.95
    with pytest.raises(
        golden.GoldenMismatch, match=r"\[graph\] leaves the envelope first at its final result \(result test_accuracy\)"
    ):
        golden.check({"graph": run}, path, {"test_accuracy": {"atol": 0.002}})
    run.results["test_accuracy"] = 0.9177
    assert golden.check({"graph": run}, path, {"test_accuracy": {"atol": 0.002}})


def test_golden_refuses_a_different_run_with_the_right_advice(tmp_path):
    path = demo_golden(tmp_path)
    with pytest.raises(
        golden.GoldenError,
        match=r"not the run the golden describes.*budget \{'steps': 20\}, seed 0; this run used budget \{'steps': 99\}",
    ) as caught:
        golden.check({"graph": make_curve(budget={"steps": 99}, n=20)}, path, lesson="demo")
    assert "test budget" in str(caught.value) and not isinstance(caught.value, golden.GoldenMismatch)
    with pytest.raises(golden.GoldenError, match="seed 3"):
        golden.check({"graph": make_curve(seed=3)}, path)
    with pytest.raises(golden.GoldenError, match="modes"):
        golden.check({"eager": make_curve("eager")}, path)
    lost_metric = make_curve()
    del lost_metric.metrics["accuracy"]
    with pytest.raises(golden.GoldenError, match="records metrics"):
        golden.check({"graph": lost_metric}, path)
    single = golden.save_curve_set({"graph": make_curve()}, tmp_path / "single.json")
    with pytest.raises(golden.GoldenError, match="no envelope"):
        golden.check({"graph": make_curve()}, single)


def test_golden_sparse_metrics_must_stay_sparse(tmp_path):
    def sparse(value):
        curve = LearningCurve("demo", "graph", seed=0, budget={"steps": 3})
        curve.record(0, loss=2.0)
        curve.record(1, loss=1.5)
        curve.record(2, loss=1.0, avg_cost=value)
        return curve

    made = {"command": "x", "variants": {"default": {}}, "tf_versions": ["2.21"]}
    path = golden.save_golden("demo", {"default": {"graph": sparse(1.5)}}, tmp_path / "s.json", made)
    assert [row[3] for row in json.loads(path.read_text())["envelope"]["graph"]["rows"]] == [None, None, 1.5]
    assert golden.check({"graph": sparse(1.5)}, path)
    with pytest.raises(golden.GoldenMismatch, match="step 2 \\(avg_cost\\)"):
        golden.check({"graph": sparse(1.6)}, path)
    extra = sparse(1.5)
    extra.metrics["avg_cost"][0] = 2.0  # measured where the golden measured nothing
    with pytest.raises(golden.GoldenMismatch, match="step 0 \\(avg_cost\\)"):
        golden.check({"graph": extra}, path)


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
        assert (np.abs(pixels - rgb).max(axis=1) <= 2).sum() > 50, rgb
    with pytest.raises(ValueError):
        plot([], tmp_path / "none.png")


def _colour_pixels(image, rgb, rows=slice(None)):
    pixels = (image[rows, :, :3] * 255).round().astype(int).reshape(-1, 3)
    return int((np.abs(pixels - rgb).max(axis=1) <= 2).sum())


BLUE, ORANGE = (0x1F, 0x77, 0xB4), (0xFF, 0x7F, 0x0E)


def test_comparison_picture_of_identical_twins_shows_both_and_says_identical(tmp_path):
    import matplotlib.image

    from tf1_lessons.plot import comparison_figure, plot_comparison

    graph, eager = make_curve("graph"), make_curve("eager")
    fig = comparison_figure([graph, eager], {"default": {"rtol": 0, "atol": 0}})
    top, bottom = fig.axes
    assert [line.get_linestyle() for line in top.get_lines()] == [
        "-",
        "--",
    ]  # the twin stays visible on top of the reference
    assert any("identical to the bit: demo (eager) = demo (graph)" in t.get_text() for t in bottom.texts)
    assert bottom.get_lines() == []  # nothing to draw on a log axis
    image = matplotlib.image.imread(plot_comparison([graph, eager], tmp_path / "cmp.png"))
    upper = slice(0, image.shape[0] // 2)
    assert _colour_pixels(image, BLUE, upper) > 100 and _colour_pixels(image, ORANGE, upper) > 30


def test_comparison_picture_draws_the_difference_its_tolerance_and_the_first_step_outside(tmp_path):
    import matplotlib.image

    from tf1_lessons.plot import comparison_figure, plot_comparison

    reference = make_curve("graph", n=40)
    twin = make_curve("eager", n=40)
    twin.metrics["loss"] = [
        v * (1 + 1e-7 * s * s) for s, v in zip(twin.steps, twin.metrics["loss"], strict=False)
    ]  # 1e-5 at step 10
    tolerances = {"loss": {"rtol": 1e-5, "atol": 0}}
    fig = comparison_figure([reference, twin], tolerances)
    top, bottom = fig.axes
    assert bottom.get_yscale() == "log"
    levels = [line.get_ydata()[0] for line in bottom.get_lines() if line.get_linestyle() == "--"]
    assert levels == [1e-5]  # the tolerance line
    first = compare(twin, reference, tolerances=tolerances).first_divergence[0]
    assert any(t.get_text() == f"first outside: step {first}" for t in bottom.texts) and first in (10, 11)
    image = matplotlib.image.imread(plot_comparison([reference, twin], tmp_path / "cmp.png", tolerances))
    lower = slice(image.shape[0] // 2, None)
    assert _colour_pixels(image, ORANGE, lower) > 50  # the difference curve, in the twin's colour


def test_plot_keeps_two_accuracies_of_one_curve_apart(tmp_path):
    import matplotlib.pyplot as plt

    from tf1_lessons import plot as plot_module

    curve = make_curve("lr 0.5")
    for step in range(len(curve.steps)):
        curve.metrics.setdefault("test_accuracy", []).append(float(curve.metrics["accuracy"][step]))
    seen = []
    real_close = plt.close
    plot_module_plt_close = lambda fig: seen.append(fig) or real_close(fig)  # noqa: E731
    plt.close = plot_module_plt_close
    try:
        plot_module.plot([curve], tmp_path / "rates.png", title="rates")
    finally:
        plt.close = real_close
    accuracy_axes = seen[0].axes[1]
    styles = {(line.get_linestyle(), line.get_marker()) for line in accuracy_axes.get_lines()}
    assert len(styles) == 2  # train and test differ in line style and marker, not only in name


def test_nan_against_a_number_is_a_divergence_everywhere(tmp_path):
    """A NaN in one curve where the other has a number: summary, table, ok and picture all say
    so (it was reported as `max |diff| 0 ... identical` beside `first divergence: step 1`)."""
    from tf1_lessons.compare import compare
    from tf1_lessons.plot import comparison_figure

    a, b = LearningCurve("x", "graph"), LearningCurve("x", "eager")
    for step, (u, v) in enumerate([(1.0, 1.0), (float("nan"), 0.5), (float("nan"), float("nan"))]):
        a.record(step, loss=u)
        b.record(step, loss=v)
    c = compare(a, b, rtol=1e-3, atol=1e-6)
    assert not c.ok and c.first_divergence == (1, "loss")
    summary = c.summary()
    assert "DIVERGES" in summary and "identical" not in summary and "max |diff| inf" in summary
    assert c.diffs["loss"].abs_diff.tolist() == [0.0, float("inf"), 0.0]  # NaN vs NaN agrees
    assert "<- first divergence" in c.table()
    import matplotlib.pyplot as plt

    fig = comparison_figure([b, a], tolerances={"default": {"rtol": 1e-3, "atol": 1e-6}})
    texts = " ".join(t.get_text() for ax in fig.axes for t in ax.texts)
    assert "identical to the bit" not in texts
    plt.close("all")


def _diverging(values, seed=0):
    curve = LearningCurve("lab", "exec", seed=seed, budget={"max_steps": len(values)})
    for step, value in enumerate(values):
        curve.record(step, loss=value)
    return curve


DIVERGES = [4.0, 2.5e12, 2.7e27, float("inf"), float("nan")]


def test_a_diverging_run_is_its_own_golden_inf_and_nan_kept_apart(tmp_path):
    """A course lab that blows up (loss 2.5e12, 2.7e27, then inf, then nan): its golden must hold
    inf where the run had inf, and pass the next identical run."""
    path = golden.save_golden("lab", {"default": {"exec": _diverging(DIVERGES)}}, tmp_path / "lab.json", {})
    rows = json.loads(path.read_text())["envelope"]["exec"]["rows"]
    assert rows[3] == [3, "inf", "inf"] and rows[4] == [4, "nan", "nan"], "JSON has no literal: strings, as curves"
    golden.check({"exec": _diverging(DIVERGES)}, path, {"default": {"rtol": 1e-4, "atol": 1e-6}}, lesson="lab")
    nan, inf = float("nan"), float("inf")
    for last_two in ([nan, nan], [1e30, nan], [-inf, nan], [inf, 1.0]):
        other = DIVERGES[:3] + last_two
        with pytest.raises(golden.GoldenMismatch):
            golden.check({"exec": _diverging(other)}, path, {"default": {"rtol": 1e-4, "atol": 1e-6}}, lesson="lab")


def test_a_golden_whose_variants_part_into_inf_holds_the_finite_ones_up_to_inf(tmp_path):
    variants = {"default": {"exec": _diverging([1.0, 5.0])}, "other": {"exec": _diverging([1.0, float("inf")])}}
    path = golden.save_golden("lab", variants, tmp_path / "lab.json", {})
    assert json.loads(path.read_text())["envelope"]["exec"]["rows"][1] == [1, 5.0, "inf"]
    for run in ([1.0, float("inf")], [1.0, 7.0]):
        golden.check({"exec": _diverging(run)}, path, {"default": {"rtol": 0, "atol": 0}}, lesson="lab")


def test_an_older_golden_with_null_for_a_nan_run_still_passes_that_run(tmp_path):
    """Before inf and nan were written as strings, the envelope held null for both: still read."""
    values = [4.0, float("nan")]
    path = golden.save_golden("lab", {"default": {"exec": _diverging(values)}}, tmp_path / "lab.json", {})
    data = json.loads(path.read_text())
    data["envelope"]["exec"]["rows"][1] = [1, None, None]
    path.write_text(json.dumps(data))
    golden.check({"exec": _diverging(values)}, path, {"default": {"rtol": 0, "atol": 0}}, lesson="lab")


def test_a_second_session_is_kept_as_a_row_only_where_there_is_one(tmp_path):
    one = LearningCurve("lab", "exec")
    one.record(0, loss=1.0)
    assert "sessions" not in one.to_dict()  # one Session: the file is as it always was
    two = LearningCurve("lab", "exec", sessions=[1])
    two.record(0, loss=1.0)
    two.record(1, loss=5.0)
    back = LearningCurve.load(two.save(tmp_path / "c.json"))
    assert back.sessions == [1] and LearningCurve.load(one.save(tmp_path / "o.json")).sessions == []


def test_exec_notes_where_a_program_trains_in_a_new_session_and_the_picture_marks_it(tmp_path):
    """Document 001's shape: train, then train again in a fresh Session (variables initialised
    again, so the loss jumps back up): the curve says at which row, the picture draws a line there."""
    import subprocess
    import sys

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from tf1_lessons import plot

    (tmp_path / "lab.py").write_text(
        "import tensorflow as tf\nW = tf.Variable(0.0)\nloss = tf.square(W - 3.0)\n"
        "train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)\n"
        "for steps in (5, 7):\n    with tf.Session() as s:\n        s.run(tf.global_variables_initializer())\n"
        "        for _ in range(steps):\n            s.run([train, loss])\n"
    )
    done = subprocess.run([sys.executable, "-m", "tf1_lessons.cli", "exec", "--record", "c.json", "lab.py"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    curve = LearningCurve.load(tmp_path / "c.json")
    assert len(curve) == 12 and curve.sessions == [5]
    assert curve.metrics["loss"][5] == curve.metrics["loss"][0]  # the second Session starts where the first did
    fig, ax = plt.subplots()
    plot._mark_sessions(ax, [curve])
    assert [line.get_xdata()[0] for line in ax.lines] == [5] and [t.get_text() for t in ax.texts] == ["new Session"]
    plt.close(fig)

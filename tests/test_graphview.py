"""`tf1-lessons graph`: the picture holds the lesson's own graph, folded as promised."""

import matplotlib.image
import numpy as np
import pytest

from tf1_lessons import cli, graphview


@pytest.fixture(scope="module")
def lesson1_graph(lessons):
    return graphview.capture(lessons["linear_regression"])


def kinds(picture):
    found = {}
    for name, (_label, kind) in picture.nodes.items():
        found.setdefault(kind, set()).add(name)
    return found


def test_lesson_1_shows_its_placeholders_variables_ops_and_loss_with_the_optimizer_folded(lesson1_graph):
    picture = graphview.simplify(lesson1_graph)
    k = kinds(picture)
    assert len(k["placeholder"]) == 2 and len(k["variable"]) == 2
    assert k["loss"] == {"Mean"}
    assert {"Mul", "Sub", "Square"} <= {label for label, kind in picture.nodes.values() if kind == "op"}
    assert k["optimizer"] == {"optimizer"} and not any(n.startswith("gradients") for n in picture.nodes)
    assert ("Mean", "optimizer") in picture.edges
    assert {("optimizer", v) for v in k["variable"]} <= picture.edges  # the updates
    assert len(picture.nodes) <= 12  # "a dozen named nodes"


def test_full_shows_the_gradient_subgraph(lesson1_graph):
    picture = graphview.simplify(lesson1_graph, full=True)
    assert "optimizer" not in picture.nodes
    assert any(name.startswith("gradients/") for name in picture.nodes)


def test_draw_writes_png_and_svg_with_the_boxes_coloured_by_kind(lesson1_graph, tmp_path):
    picture = graphview.simplify(lesson1_graph)
    png = graphview.draw(picture, tmp_path / "g.png", "lesson 1")
    image = (matplotlib.image.imread(png)[..., :3] * 255).round().astype(int).reshape(-1, 3)
    for colour in ("#ffd8a8", "#cfe3f7", "#d5efcf"):  # loss, placeholders, variables
        rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
        assert (np.abs(image - rgb).max(axis=1) <= 2).sum() > 200, colour
    svg = graphview.draw(picture, tmp_path / "g.svg", "lesson 1").read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg


def test_a_model_under_one_scope_is_folded_one_level_down(lessons):
    picture = graphview.simplify(graphview.capture(lessons["layers_api"]))
    scopes = {name for name, (label, kind) in picture.nodes.items() if kind == "scope"}
    assert {"m1/conv2d", "m1/max_pooling2d", "m1/dense", "m1/dropout"} <= scopes
    assert len(picture.nodes) < 40


def test_graph_refuses_a_bad_out_before_running(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(graphview, "capture", lambda *a: pytest.fail("ran although --out was bad"))
    with pytest.raises(SystemExit) as exit_:
        cli.main(["graph", "linear_regression", "--out", str(tmp_path / "g.jpg")])
    assert exit_.value.code == 2 and "must end in .png or .svg" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        "linear_regression",
        "mnist_softmax",
        "two_layer_net",
        "keras_mlp",
        "cnn",
        "deep_cnn",
        "model_class",
        "layers_api",
        "ensemble",
    ],
)
def test_every_lesson_draws(lessons, name, tmp_path):
    picture = graphview.simplify(graphview.capture(lessons[name]))
    k = kinds(picture)
    assert k["placeholder"] and k["variable"] and k["loss"] and "optimizer" in picture.nodes
    assert len(picture.nodes) < 70
    assert graphview.draw(picture, tmp_path / f"{name}.png", name).stat().st_size > 10_000

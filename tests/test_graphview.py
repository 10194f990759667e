"""`tf1-lessons graph`: the picture holds the lesson's own graph, folded as promised."""

import matplotlib.image
import numpy as np
import pytest

from tf1_lessons import cli, graphview


@pytest.fixture(scope="module")
def lesson1_graph(lessons):
    return lessons["linear_regression"].graph()


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
    picture = graphview.simplify(lessons["layers_api"].graph())
    scopes = {name for name, (label, kind) in picture.nodes.items() if kind == "scope"}
    assert {"m1/conv2d", "m1/max_pooling2d", "m1/dense", "m1/dropout"} <= scopes
    assert len(picture.nodes) < 40


def test_graph_refuses_a_bad_out_before_running(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(cli.registry.Lesson, "graph", lambda *a: pytest.fail("ran although --out was bad"))
    with pytest.raises(SystemExit) as exit_:
        cli.main(["graph", "linear_regression", "--out", str(tmp_path / "g.jpg")])
    assert exit_.value.code == 2 and "must end in .png or .svg" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        cli.main(["graph", "keras_mlp", "--out", str(tmp_path / "g.png")])
    assert exit_.value.code == 2
    assert "lesson 'keras_mlp' is a NumPy / Keras program: it builds no TF1 graph to draw" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        "linear_regression",
        "mnist_softmax",
        "cnn",
        "deep_cnn",
        "model_class",
        "layers_api",
        "ensemble",
    ],
)
def test_every_lesson_draws(lessons, name, tmp_path):
    picture = graphview.simplify(lessons[name].graph())
    k = kinds(picture)
    assert k["placeholder"] and k["variable"] and k["loss"] and "optimizer" in picture.nodes
    assert len(picture.nodes) < 70
    assert graphview.draw(picture, tmp_path / f"{name}.png", name).stat().st_size > 10_000


def test_cnn_boxes_do_not_overlap_and_long_arrows_go_around_them(lessons):
    """Lesson 5's picture once put the loss's scope box over ArgMax (cutting its label) and ran
    the labels' arrow straight through three variables. Now: no two boxes of a row overlap, long
    names wrap, and an arrow spanning rows passes each row in a slot of its own."""
    import networkx as nx

    picture = graphview.simplify(lessons["cnn"].graph())
    labels = {n: graphview._wrap(label) for n, (label, _) in picture.nodes.items()}
    assert max(len(line) for text in labels.values() for line in text.split("\n")) <= 26
    forward = nx.DiGraph()
    forward.add_nodes_from(picture.nodes)
    forward.add_edges_from((u, v) for u, v in picture.edges if picture.nodes[u][1] != "optimizer")
    row = {n: d for d, layer in enumerate(nx.topological_generations(forward)) for n in layer}
    position, routes = graphview._layout(forward, row, picture, labels)

    def half(name):
        return (0.25 + 0.075 * max(len(line) for line in labels[name].split("\n"))) / 2

    by_row = {}
    for name, (x, y) in position.items():
        by_row.setdefault(y, []).append((x, name))
    for y, items in by_row.items():
        items.sort()
        for (x1, a), (x2, b) in zip(items, items[1:], strict=False):
            assert x2 - half(b) >= x1 + half(a), f"{a} and {b} overlap in row {-y}"
    for (u, v), points in routes.items():
        assert len(points) == row[v] - row[u] - 1
        for px, py in points:
            for x, name in by_row.get(py, []):
                assert abs(px - x) >= half(name), f"the arrow {u} -> {v} runs through {name}"

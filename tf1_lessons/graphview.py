"""The TF1 graph of a lesson, as a picture: placeholders, variables, the model's ops, the loss,
and the optimizer's gradient/update subgraph folded into one box (``full=True`` keeps it).

The graph is the one the lesson's graph mode really builds: the lesson runs for one step while
``v1.Session`` notes the graph it is given. Ops a learner never wrote are left out (constants,
variable reads and initialisers, shape bookkeeping); ops inside a name scope
(``conv1/...``, ``m1/...``) are folded into one box per top-level scope, so a deep network
stays legible. Layout: networkx's topological generations, top to bottom; drawing: matplotlib
(PNG or SVG by the file's suffix). Both install from pip; Graphviz would draw nicer edges but
needs a system binary that CI's pip-only set-up does not have.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import _io
from .tf1 import patches

# Op types that are bookkeeping rather than the model a learner wrote.
_HIDDEN_TYPES = {
    "Const", "Identity", "ReadVariableOp", "VarIsInitializedOp", "AssignVariableOp", "Assign", "NoOp",
    "Shape", "ShapeN", "StridedSlice", "Pack", "Fill", "Prod", "Cast", "BroadcastGradientArgs",
    "SaveV2", "RestoreV2", "MergeV2Checkpoints", "StringJoin", "ShardedFilename", "IsVariableInitialized",
    "Range", "Size", "Rank",
}  # fmt: skip
_VARIABLE_TYPES = {"VarHandleOp", "VariableV2", "Variable"}
_OPTIMIZER_SCOPES = re.compile(
    r"^(gradients(_\d+)?|GradientDescent(_\d+)?|Adam(_\d+)?|Momentum(_\d+)?|RMSProp(_\d+)?|Adagrad(_\d+)?|"
    r"Adadelta(_\d+)?|Ftrl(_\d+)?|beta[12]_power(_\d+)?|train(_\d+)?|.*/(Adam|Momentum|RMSProp|Adagrad)(_\d+)?)$"
)
_SLOT = re.compile(r"/(Adam|Momentum|RMSProp|Adagrad|Adadelta|Ftrl)(_\d+)?($|/)")  # an optimizer's slot variables
_INIT_SCOPES = re.compile(
    r"(^|/)(Initializer|Assign|init|save|random_normal|random_uniform|truncated_normal|zeros|ones)(_\d+)?(/|$)"
)


@dataclass
class Picture:
    """Boxes and arrows: ``nodes`` name -> (label, kind); ``edges`` (source, target) pairs."""

    nodes: dict[str, tuple[str, str]] = field(default_factory=dict)
    edges: set[tuple[str, str]] = field(default_factory=set)


@contextlib.contextmanager
def sessions_noted():
    """Within the block, every Session made (``tf.Session``, ``tf.InteractiveSession``) appends its
    graph to the yielded list."""
    import importlib

    from . import compat  # noqa: F401 - TensorFlow loads quietly there (tf1_lessons._quiet), so first

    BaseSession = importlib.import_module("tensorflow.python.client.session").BaseSession  # noqa: N806 - a class

    seen = []
    real_init = BaseSession.__init__

    def noting_init(self, target="", graph=None, config=None):
        real_init(self, target, graph, config)
        seen.append(self.graph)

    patches.apply("graph-sessions", lambda _: noting_init)
    try:
        yield seen
    finally:
        patches.undo("graph-sessions", real_init)


def from_graph_def(data: bytes):
    """A ``tf.Graph`` holding a serialized GraphDef (with its shapes: ``as_graph_def(add_shapes=True)``)."""
    from .compat import tf, v1

    graph = tf.Graph()
    with graph.as_default():
        v1.import_graph_def(v1.GraphDef.FromString(data), name="")
    return graph


def largest(graphs):
    """The model's graph among those a run made (a helper Session's graph is smaller)."""
    return max(graphs, key=lambda g: len(g.get_operations()))


def _scope(name: str) -> str:
    return name.split("/", 1)[0]


def simplify(graph, full: bool = False) -> Picture:
    ops = {op.name: op for op in graph.get_operations()}
    # Fold by top-level name scope; a scope holding most of the graph (a whole model under
    # "m1/") is folded one level down instead (m1/conv2d, m1/dense...), or nothing would be left.
    # Counted among the ops outside the backward pass: gradients/ can outnumber the model
    # (a TF1 graph's v1 conds double their gradient ops).
    forward = [n for n in ops if not re.match(r"gradients(_\d+)?/", n)]
    counts = {}
    for n in forward:
        if "/" in n:
            counts[_scope(n)] = counts.get(_scope(n), 0) + 1
    deep = {scope for scope, count in counts.items() if count > len(forward) / 2}

    def group(name):
        parts = name.split("/")
        if parts[0] in deep:
            return "/".join(parts[:2]) if len(parts) > 2 else name
        return parts[0]

    scoped = {group(n) for n in ops if "/" in n and group(n) != n}
    # The loss: a scalar no forward op consumes, whose gradient scope ("gradients/<name>_grad")
    # exists. (An accuracy is a scalar sink too, but nothing differentiates it.)
    grad_scopes = {m.group(2) for n in ops for m in [re.match(r"gradients(_\d+)?/(.+?)_grad/", n)] if m}
    loss_names = {
        name for name, op in ops.items()
        if name in grad_scopes and op.outputs and op.outputs[0].shape.rank == 0
    }  # fmt: skip

    def box(op):
        """The box an op is drawn in, or None when it is bookkeeping."""
        top = _scope(op.name)
        if not full and (_OPTIMIZER_SCOPES.match(top) or _SLOT.search(op.name)):
            return "optimizer"
        if op.type in _VARIABLE_TYPES:
            return op.name
        if op.type == "Placeholder" or op.type == "PlaceholderWithDefault":
            return op.name
        if op.type in _HIDDEN_TYPES or _INIT_SCOPES.search(op.name):
            return None
        if op.name in loss_names:
            return op.name
        if not full and "/" in op.name and group(op.name) in scoped:
            return group(op.name)
        return op.name

    picture = Picture()
    kinds = {}
    for op in ops.values():
        b = box(op)
        if b is None:
            continue
        if op.type in _VARIABLE_TYPES:
            kinds[b] = ("variable", op.name)
        elif op.type.startswith("Placeholder"):
            kinds[b] = ("placeholder", op.name)
        elif b == "optimizer":
            kinds[b] = ("optimizer", "optimizer: gradients + updates")
        elif op.name in loss_names:
            kinds[b] = ("loss", f"{op.name}\n(loss)")
        elif b != op.name:
            kinds.setdefault(b, ("scope", f"{b}/ (scope)"))
        else:
            plain = re.sub(r"_\d+$", "", op.name).replace("_", "").lower() == op.type.lower()
            kinds[b] = ("op", op.type if plain else f"{op.name}\n{op.type}")

    def sources(op, depth=0):
        """The boxes feeding ``op``, looking through hidden ops (reads, identities)."""
        found = set()
        for inp in list(op.inputs):
            b = box(inp.op)
            if b is not None:
                found.add(b)
            elif depth < 6:
                found |= sources(inp.op, depth + 1)
        return found

    for op in ops.values():
        target = box(op)
        if target is None:
            continue
        for source in sources(op):
            if source == target:
                continue
            if target == "optimizer" and not full:
                # Folded, the optimizer takes the loss and updates the variables it reads.
                if kinds.get(source, ("",))[0] == "loss":
                    picture.edges.add((source, target))
                elif kinds.get(source, ("",))[0] == "variable":
                    picture.edges.add((target, source))
                continue
            picture.edges.add((source, target))
    # TF 2 builds the first gradient from the loss's static shape, so no op links the loss to
    # the gradients; the folded picture draws that link, which is what minimize() means.
    if "optimizer" in kinds:
        picture.edges |= {(name, "optimizer") for name in kinds if kinds[name][0] == "loss"}
    for name, (kind, label) in kinds.items():
        picture.nodes[name] = (label, kind)
    # Keep what is connected to the model: an isolated box is bookkeeping we did not recognise.
    linked = {n for e in picture.edges for n in e}
    picture.nodes = {n: v for n, v in picture.nodes.items() if n in linked or v[1] in ("placeholder", "variable")}
    return picture


_COLOURS = {
    "placeholder": "#cfe3f7",
    "variable": "#d5efcf",
    "op": "#ffffff",
    "scope": "#eeeeee",
    "loss": "#ffd8a8",
    "optimizer": "#dddddd",
}


def _wrap(label: str, width: int = 22) -> str:
    """A long scope or op name broken at its underscores and slashes (an op type, CamelCase, before
    a capital), so its box stays narrow."""
    lines = []
    for line in label.split("\n"):
        while len(line) > width:
            cut = max(line.rfind("_", 0, width), line.rfind("/", 0, width), line.rfind(" ", 0, width))
            if cut <= 0:
                capitals = [i for i in range(1, width) if line[i].isupper()]
                if not capitals:
                    break
                cut = capitals[-1] - 1  # SoftmaxCrossEntropy|WithLogits
            lines.append(line[: cut + 1])
            line = line[cut + 1 :]
        lines.append(line)
    return "\n".join(lines)


def _layout(forward, row: dict, picture: Picture, labels: dict):
    """Positions of the boxes, and the waypoints of edges that span several rows.

    A simple layered layout: an edge longer than one row gets a slot of its own in every row it
    crosses (so it never runs through a box), rows are ordered by the mean position of each
    box's neighbours above (a few sweeps, fewer crossings), and boxes are spaced by their
    label's width (so wide names do not overlap their neighbours)."""
    slots = {}  # row -> list of items: node names, or ("edge", u, v, r) waypoints
    for name in sorted(row, key=lambda n: (picture.nodes[n][1] != "placeholder", picture.nodes[n][1] == "variable", n)):
        slots.setdefault(row[name], []).append(name)
    above = {}  # item -> the items it hangs from in the row above
    for u, v in forward.edges:
        chain = [u] + [("edge", u, v, r) for r in range(row[u] + 1, row[v])] + [v]
        for r, item in zip(range(row[u] + 1, row[v]), chain[1:-1], strict=True):
            slots.setdefault(r, []).append(item)
        for a, b in zip(chain, chain[1:], strict=False):
            above.setdefault(b, []).append(a)

    def width(item):
        if isinstance(item, tuple):
            return 0.35
        return 0.25 + 0.075 * max(len(line) for line in labels[item].split("\n"))

    x = {}

    def place(r):
        # Each item wants to sit under the mean of what it hangs from; then pushed apart.
        items = slots[r]
        want = {i: (sum(x[a] for a in above.get(i, []) if a in x) / max(1, sum(a in x for a in above.get(i, [])))
                    if any(a in x for a in above.get(i, [])) else k) for k, i in enumerate(items)}  # fmt: skip
        items.sort(key=lambda i: want[i])
        left = None
        for i in items:
            pos = want[i] if left is None else max(want[i], left + width(i) / 2 + 0.15)
            x[i] = pos
            left = pos + width(i) / 2
        shift = (sum(want[i] for i in items) - sum(x[i] for i in items)) / len(items)  # keep the row centred
        for i in items:
            x[i] += shift

    for _ in range(3):  # sweeps: each pass starts from the previous one's positions
        for r in sorted(slots):
            place(r)
    position = {name: (x[name], -row[name]) for name in row}
    routes = {}
    for r, items in slots.items():
        for i in items:
            if isinstance(i, tuple):
                routes.setdefault((i[1], i[2]), []).append((x[i], -r))
    for key in routes:
        routes[key].sort(key=lambda p: -p[1])
    return position, routes


def draw(picture: Picture, path, title: str = "") -> Path:
    """Lay ``picture`` out top to bottom by topological generation and save it (PNG or SVG)."""
    from ._mpl import headless

    headless()
    import matplotlib.pyplot as plt
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(picture.nodes)
    g.add_edges_from(e for e in picture.edges if e[0] in picture.nodes and e[1] in picture.nodes)
    # Top to bottom, one row per topological generation of the forward graph (the optimizer's
    # update arrows point back up, so they are left out of the layout).
    forward = g.copy()
    forward.remove_edges_from([(u, v) for u, v in g.edges if picture.nodes[u][1] == "optimizer"])
    while not nx.is_directed_acyclic_graph(forward):
        forward.remove_edge(*nx.find_cycle(forward)[0])
    row = {}
    for depth, layer in enumerate(nx.topological_generations(forward)):
        for name in layer:
            row[name] = depth
    # Inputs (placeholders, variables) sit just above their first use, not all in row 0.
    for name in forward.nodes:
        if forward.in_degree(name) == 0 and forward.out_degree(name):
            row[name] = max(0, min(row[v] for v in forward.successors(name)) - 1)
    labels = {name: _wrap(label) for name, (label, _) in picture.nodes.items()}
    position, routes = _layout(forward, row, picture, labels)
    span = max(x for x, _ in position.values()) - min(x for x, _ in position.values())
    fig, ax = plt.subplots(figsize=(max(6.0, 1.1 * span + 3.0), max(3.0, 0.62 * (max(row.values()) + 1) + 1)), dpi=100)
    for u, v in g.edges:
        update = picture.nodes[u][1] == "optimizer"
        points = [position[u], *routes.get((u, v), []), position[v]]
        if len(points) > 2:  # a long edge: through its own slots in the rows between, never across a box
            xs, ys = zip(*points[:-1], strict=True)
            ax.plot(xs, ys, color="#555555", lw=0.8, zorder=1)
            points = points[-2:]
        ax.annotate(
            "",
            xy=points[1],
            xytext=points[0],
            arrowprops=dict(
                arrowstyle="-|>",
                color="#c05000" if update else "#555555",
                lw=0.8,
                shrinkA=12 if points[0] == position[u] else 0,
                shrinkB=12,
                linestyle="--" if update else "-",
                connectionstyle="arc3,rad=0.3" if update else "arc3",
            ),
        )
    for name, (_label, kind) in picture.nodes.items():
        x, y = position[name]
        ax.text(
            x,
            y,
            labels[name],
            ha="center",
            va="center",
            fontsize=8,
            bbox=dict(boxstyle="round,pad=0.3", facecolor=_COLOURS[kind], edgecolor="#333333", linewidth=0.8),
        )
    xs, ys = [p[0] for p in position.values()], [p[1] for p in position.values()]
    ax.set_xlim(min(xs) - 1.0, max(xs) + 1.0)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.axis("off")
    ax.set_title(title)
    fig.tight_layout()
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower() or "png"
    with _io.atomic_path(path) as tmp:
        fig.savefig(tmp, format=fmt, metadata=_io.picture_metadata(fmt))
    plt.close(fig)
    return path

"""The package's shape: imports run one way. Every import of every module (those inside functions
too), read with ``ast``, makes a graph with no circle between files and none between packages
(``tf1_lessons.tf1.contrib`` may use ``tf1_lessons.tf1.estimator``, or the reverse, never both)."""

import ast

from .conftest import ROOT

PACKAGE = ROOT / "tf1_lessons"


def _modules() -> dict:
    mods = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.with_suffix("").relative_to(ROOT).parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        mods[name] = path
    return mods


def _targets(mods, name, node):
    here = name if mods[name].name == "__init__.py" else name.rsplit(".", 1)[0]
    if isinstance(node, ast.Import):
        found = [alias.name for alias in node.names]
    else:
        base = here.split(".")[: len(here.split(".")) - node.level + 1] if node.level else []
        prefix = ".".join(base + ([node.module] if node.module else []))
        found = [f"{prefix}.{alias.name}" if f"{prefix}.{alias.name}" in mods else prefix for alias in node.names]
    for target in found:
        while target not in mods and "." in target:
            target = target.rsplit(".", 1)[0]
        if target in mods and target != name:
            yield target


def import_graph() -> dict:
    mods = _modules()
    graph = {name: set() for name in mods}
    for name, path in mods.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                graph[name].update(_targets(mods, name, node))
    return graph


def circles(graph: dict) -> list:
    """The strongly connected components of more than one node (Tarjan's algorithm, iterative)."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], [0]
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_module_imports_itself_around_a_circle():
    graph = import_graph()
    assert len(graph) > 60  # every module of the package
    assert circles(graph) == []


def test_no_two_packages_import_each_other():
    graph = import_graph()
    mods = _modules()

    def package(name):
        return name if mods[name].name == "__init__.py" else name.rsplit(".", 1)[0]

    between = {}
    for source, targets in graph.items():
        for target in targets:
            a, b = package(source), package(target)
            if a != b and not a.startswith(b + ".") and not b.startswith(a + "."):
                between.setdefault(a, set()).add(b)
    assert circles(between) == []


def test_the_circle_finder_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_lesson_json_follows_the_schema():
    """lesson.json's keys and their meaning are tf1_lessons/lesson.schema.json's (a page of the
    site); every lesson's file is valid, and the schema rejects what the registry cannot read."""
    import json

    import pytest

    jsonschema = pytest.importorskip("jsonschema", reason="the schema is checked with jsonschema (nbformat's own)")
    schema = json.loads((PACKAGE / "lesson.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted((ROOT / "lessons").glob("*/lesson.json"))
    assert len(files) == 9
    for path in files:
        errors = [e.message for e in validator.iter_errors(json.loads(path.read_text(encoding="utf-8")))]
        assert errors == [], (path, errors)
    good = json.loads(files[4].read_text(encoding="utf-8"))
    for bad in (
        {**good, "modes": {"eager": {"run": "twin"}}},  # a twin without its program mode
        {**good, "budget": {"epochs": "15"}},
        {**good, "colour": "blue"},
    ):
        assert not validator.is_valid(bad), bad


def test_every_package_of_the_source_ships():
    """setup.cfg names its packages one by one: a new subpackage (contrib.seq2seq) must be listed,
    or an installed tf1-lessons lacks it."""
    import configparser

    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    listed = set(config["options"]["packages"].split())
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in PACKAGE.rglob("__init__.py")}
    found = {name for name in found if ".lessons" not in name}
    assert found - listed == set()

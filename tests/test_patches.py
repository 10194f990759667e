"""The runtime's patch table (tf1_lessons/tf1/patches.py) against the TensorFlow installed.

Runs in every nox TensorFlow session (2.16-2.21): a patch whose target moved, or whose guard no
longer holds (a re-exported name that is not the same object any more), fails here by name,
rather than leaving a TF 1.15 correction silently unapplied. And no code of the package changes
another library's attributes except through the table.
"""

import ast
import subprocess
import sys

import pytest

from tf1_lessons.tf1 import patches

from .conftest import ROOT

PACKAGE = ROOT / "tf1_lessons"
# The TF 1.x driver runs under TensorFlow 1.15 in its own interpreter: not part of the runtime.
NOT_THE_RUNTIME = {"tf1/tf1_driver.py", "tf1/patches.py"}
# Process state that a program runner sets for the program, as python itself does: not a library.
PROCESS_STATE = {("sys", "argv"), ("sys", "path")}
# Our names for TensorFlow itself (tf1_lessons.compat's `tf` and `v1`), and parameters that hold
# another library's object (the IPython shell a kernel serves).
FOREIGN_OURS = {"tf", "v1", "shell"}


@pytest.mark.parametrize("name", [p.name for p in patches.TABLE])
def test_every_patch_target_is_where_the_table_says_and_its_guard_holds(name):
    patch = patches.BY_NAME[name]
    if patch.optional == "NumPy >= 2.4":
        import numpy as np

        if tuple(int(x) for x in np.__version__.split(".")[:2]) < (2, 4):
            pytest.skip(f"{patch.target}: only replaced on NumPy >= 2.4 (this is {np.__version__})")
    if patch.target.startswith("IPython"):
        pytest.importorskip("IPython", reason="the kernel's patch needs the notebook extra")
    patches.guard(patch)  # raises PatchError naming the target


def test_the_runtime_applies_every_runtime_patch_of_the_table():
    """In a fresh process: exec's set-up (runtime.install) and a recorded run apply each patch
    whose `when` is "runtime" (the kernel's needs a shell: checked by the notebook tests)."""
    code = (
        "from tf1_lessons.tf1 import patches, runtime, recorder, runner\n"
        "from tf1_lessons.compat import tf, v1\n"
        "runtime.install()\n"
        "recorder.Recorder('x', 0, None).install(v1, tf)\n"
        "runner._seed_everything(0, tf, v1)\n"
        "import matplotlib.pyplot\n"
        "import numpy as np\n"
        "np.float  # the aliases hook is the module __getattr__\n"
        "for name, (obj, attr, old, new) in patches.applied.items():\n"
        "    assert getattr(obj, attr) is not old or name == 'keras-version', name\n"
        "print(' '.join(sorted(patches.applied)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    applied = set(done.stdout.split())
    wanted = {p.name for p in patches.TABLE if p.when == "runtime" and p.name != "kernel-tracebacks" and not p.optional}
    assert wanted - applied == set(), "not applied: " + ", ".join(sorted(wanted - applied))
    assert "PatchError" not in done.stderr and "Results may differ" not in done.stderr, done.stderr[-2000:]


def test_apply_refuses_a_change_that_is_not_in_the_table():
    with pytest.raises(KeyError):
        patches.apply("not-a-listed-patch", lambda original: original)


def test_a_failed_guard_is_named_and_leaves_the_target_alone(monkeypatch, capsys):
    import types

    module = types.ModuleType("fake_tf_for_guard")
    module.split = object()
    module.alias_split = object()  # another object under the re-exported name: the guard must fail
    monkeypatch.setitem(sys.modules, "fake_tf_for_guard", module)
    patch = patches.Patch("fake-split", "fake_tf_for_guard:split", "a test", "test", "runtime",
                          also=("fake_tf_for_guard:alias_split",))  # fmt: skip
    monkeypatch.setitem(patches.BY_NAME, "fake-split", patch)
    before = module.split
    assert patches.apply("fake-split", lambda original: "replaced") is None
    assert module.split is before
    said = capsys.readouterr().err
    assert "fake_tf_for_guard:alias_split is not fake_tf_for_guard:split any more" in said


def _foreign_names(tree: ast.Module) -> set[str]:
    """Names a module binds to other packages' modules and objects (not tf1_lessons', not relative)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not alias.name.startswith("tf1_lessons"):
                    names.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and not (node.module or "").startswith("tf1_lessons"):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def _root(node):
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def test_no_code_changes_another_librarys_attributes_except_through_the_table():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in NOT_THE_RUNTIME:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        foreign = _foreign_names(tree) | FOREIGN_OURS
        # Names bound to something reached from a foreign import (`run = BaseSession.run` is fine;
        # `cls = getattr(convolutional, name)` then `cls.call = ...` is not).
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                value = node.value
                if isinstance(value, ast.Call) and getattr(value.func, "id", None) == "getattr" and value.args:
                    value = value.args[0]
                if isinstance(value, ast.Attribute) and _root(value) in foreign:
                    foreign.add(node.targets[0].id)
            looped = isinstance(node, ast.For) and isinstance(node.target, ast.Name)
            looped = looped and isinstance(node.iter, ast.Tuple)
            if looped and any(_root(e) in foreign for e in node.iter.elts):
                foreign.add(node.target.id)
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    targets += target.elts if isinstance(target, ast.Tuple) else [target]
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
                targets = [node.target]
            for target in targets:
                changed = isinstance(target, ast.Attribute) and _root(target) in foreign
                if changed and (_root(target), target.attr) not in PROCESS_STATE:
                    found.append(f"{rel}:{node.lineno}: {ast.unparse(target)} = ...")
            is_setattr = isinstance(node, ast.Call) and getattr(node.func, "id", None) == "setattr" and node.args
            if is_setattr and _root(node.args[0]) in foreign:
                found.append(f"{rel}:{node.lineno}: {ast.unparse(node)}")
    assert found == [], "change these through tf1_lessons/tf1/patches.py:\n" + "\n".join(found)


def test_the_table_prints_every_patch_and_setting():
    text = patches.table_text()
    assert all(f"| {p.name} | `{p.target}" in text for p in patches.TABLE)
    assert all(f"| {name} |" in text for name, *_ in patches.SETTINGS)

"""The names ``tf.compat.v1`` exports, recorded per TensorFlow version, so that ``scan`` can tell
native from missing without importing TensorFlow (3.5 s idle, far more under load, for a
command that runs nothing).

A table is a tree: a module maps its public names to their subtrees; a class maps its public
attributes to 0 (one level: ``tf.GraphKeys.TRAINABLE_VARIABLES``, ``tf.Session.run``); any
other object is a leaf, 0, whose own attributes are not recorded (``tf.flags.FLAGS.lr`` is the
script's own flag). A module reachable by two paths is walked once; the second path holds the
first's dotted path as a string (an alias).

Tables ship for the TensorFlow versions they were recorded on (``api/tf-<major.minor>.json.gz``,
``python -m tf1_lessons.tf1.apitable record``); for another version, the first ``scan`` records
one into the user cache. ``tests/test_scan_table.py`` holds the shipped table to what the
installed TensorFlow exports.
"""

from __future__ import annotations

import gzip
import inspect
import json
import sys
import types
from functools import cache
from pathlib import Path

from .._versions import installed_version

SHIPPED = Path(__file__).resolve().parent / "api"
FORMAT = 1


def versions() -> dict:
    """The installed TensorFlow and tf-keras, read from their metadata (no import)."""
    return {"tensorflow": installed_version("tensorflow"), "tf_keras": installed_version("tf-keras")}


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def file_name(tf_version: str) -> str:
    return f"tf-{_minor(tf_version)}.json.gz"


def walk(v1) -> dict:
    """The tree of public names under ``v1`` (``tf.compat.v1``), as described above."""
    seen: dict[int, str] = {id(v1): ""}

    def public(obj) -> list[str]:
        try:
            return sorted(n for n in dir(obj) if not n.startswith("_"))
        except Exception:  # an object whose __dir__ fails: nothing to list
            return []

    def module_tree(module, path: str) -> dict:
        tree: dict = {}
        for name in public(module):
            try:
                value = getattr(module, name)
            except Exception:  # a lazy loader that cannot import: not exported here
                continue
            where = f"{path}.{name}" if path else name
            if isinstance(value, types.ModuleType):
                if id(value) in seen:
                    tree[name] = seen[id(value)]
                    continue
                seen[id(value)] = where
                tree[name] = module_tree(value, where) or 0
            elif inspect.isclass(value):
                tree[name] = {attr: 0 for attr in public(value)} or 0
            else:
                tree[name] = 0
        return tree

    return module_tree(v1, "")


def record(folder: Path = SHIPPED) -> Path:
    """Walk this installation's ``tf.compat.v1`` and write its table into ``folder`` (atomic)."""
    from .. import _io
    from ..compat import v1

    data = {"format": FORMAT, **versions(), "tree": walk(v1)}
    path = Path(folder) / file_name(data["tensorflow"])
    text = json.dumps(data, separators=(",", ":"), sort_keys=True)
    # mtime=0: the same table gives the same bytes, so re-recording an unchanged one changes nothing.
    with _io.overwriting():  # the table of this version, ours to replace (no mark fits a .gz)
        _io.write_bytes(path, gzip.compress(text.encode("utf-8"), mtime=0))
    return path


def _read(path: Path) -> dict | None:
    try:
        data = json.loads(gzip.decompress(path.read_bytes()))
    except (OSError, ValueError, EOFError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


@cache
def tree() -> dict:
    """The installed TensorFlow's table: the shipped one for its minor version, else the user
    cache's, else recorded now (importing TensorFlow once) into the user cache."""
    tf_version = versions()["tensorflow"]
    if tf_version is None:
        return {}
    from ..datasets._files import cache_dir

    cached = cache_dir() / "api"
    for folder in (SHIPPED, cached):
        data = _read(folder / file_name(tf_version))
        if data is not None and _minor(data["tensorflow"]) == _minor(tf_version):
            return data["tree"]
    print(
        f"tf1-lessons: no table of TensorFlow {tf_version}'s TF1 names yet; recording it once into {cached} "
        "(this imports TensorFlow)",
        file=sys.stderr,
    )
    return _read(record(cached))["tree"]


def lookup(parts: list[str], table: dict | None = None) -> int | None:
    """How far ``tf.<parts>`` exists in the table: None when all of it does, else the number of
    leading parts that do (``tf.nn.foo`` -> 1)."""
    root = tree() if table is None else table
    node = root
    for i, part in enumerate(parts):
        if not isinstance(node, dict):
            return None  # below a recorded leaf: an object's own attributes are not recorded
        if part not in node:
            return i
        node = node[part]
        for _ in range(8):  # an alias names the path where that module was recorded
            if not isinstance(node, str):
                break
            node = _at(root, node)
    return None


def _at(root: dict, dotted: str):
    node = root
    for part in dotted.split(".") if dotted else []:
        node = node.get(part, 0) if isinstance(node, dict) else 0
    return node


if __name__ == "__main__":
    if sys.argv[1:] != ["record"]:
        sys.exit("usage: python -m tf1_lessons.tf1.apitable record")
    print(f"recorded {record()}")

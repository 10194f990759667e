"""Which installed code is TF1 code: the packages that get the TF1 API although they live outside
the script's folder.

``exec`` serves ``import tensorflow`` as TF 1.15's API to the script's own files; installed
libraries keep TensorFlow 2. A TF1 program's own TF1 library may be installed too, and then it
needs the TF1 API as the script does. Such a package is:

* one the user names: ``exec --tf1-package NAME``, or ``tf1-packages = ["NAME", ...]`` under
  ``[tool.tf1-lessons]`` in the ``pyproject.toml`` of the script's folder or a folder above it;
* an editable install (``pip install -e``) whose source is in the user's project: under the
  current folder, or under the project root that holds the script (the nearest folder above it
  with a ``pyproject.toml``, ``setup.py``, ``setup.cfg`` or ``.git``);
* an installed distribution whose metadata requires ``tensorflow<2`` (or another range that
  admits a 1.x release and no 2.x).

Most TF1 libraries declare no TensorFlow requirement at all; for those the first two ways are the
way, and ``exec``'s error says so when an installed package fails under TensorFlow 2
(:func:`hint`). Plain Python, no TensorFlow: ``scan`` reads it too.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import re
import sys
from pathlib import Path

_TF_NAMES = {"tensorflow", "tensorflow-gpu", "tensorflow-cpu", "tf-nightly"}
_PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")


def location(name: str) -> list[str]:
    """The folder (a package) or file (a module) ``import name`` would load, without importing it."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return []
    if spec is None:
        return []
    if spec.submodule_search_locations:
        return [os.path.realpath(p) for p in spec.submodule_search_locations]
    return [os.path.realpath(spec.origin)] if spec.origin and spec.origin not in ("built-in", "frozen") else []


def configured(script_folder: Path) -> list[str]:
    """``[tool.tf1-lessons] tf1-packages`` of the nearest ``pyproject.toml`` at or above ``script_folder``."""
    for folder in [script_folder, *script_folder.parents]:
        path = folder / "pyproject.toml"
        if path.is_file():
            try:
                import tomllib
            except ImportError:  # Python 3.10: no tomllib; the key is read by hand
                return _read_key(path.read_text(encoding="utf-8"))
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ValueError(f"{path}: not readable TOML ({exc}); fix it to name tf1-packages") from exc
            names = data.get("tool", {}).get("tf1-lessons", {}).get("tf1-packages", [])
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise ValueError(f"{path}: [tool.tf1-lessons] tf1-packages must be a list of package names")
            return names
    return []


def _read_key(text: str) -> list[str]:
    section = re.search(r"^\[tool\.tf1-lessons\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
    found = section and re.search(r"^tf1-packages\s*=\s*\[(.*?)\]", section.group(1), re.M | re.S)
    return re.findall(r"[\"']([^\"']+)[\"']", found.group(1)) if found else []


def project_root(folder: Path) -> Path | None:
    for candidate in [folder, *folder.parents]:
        if any((candidate / marker).exists() for marker in _PROJECT_MARKERS):
            return candidate
    return None


def _editable_source(dist) -> str | None:
    try:
        text = dist.read_text("direct_url.json")
    except (OSError, ValueError):
        return None
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not data.get("dir_info", {}).get("editable") or not data.get("url", "").startswith("file://"):
        return None
    from urllib.parse import unquote, urlparse

    return os.path.realpath(unquote(urlparse(data["url"]).path))


def _requires_tf1(dist) -> bool:
    """The distribution requires a TensorFlow 1.x (a range with 1.15 in it and no 2.x). Its
    METADATA is read as text and only a line naming tensorflow is parsed: every exec start reads
    every installed distribution, and parsing each one's headers cost 0.2 s here."""
    try:
        text = dist.read_text("METADATA") or dist.read_text("PKG-INFO") or ""
    except (OSError, ValueError):
        return False
    lines = [line[len("Requires-Dist:") :].strip() for line in text.splitlines()
             if line.startswith("Requires-Dist:") and "tensorflow" in line.lower()]  # fmt: skip
    if not lines:
        return False
    try:
        from packaging.requirements import InvalidRequirement, Requirement
    except ImportError:  # packaging comes with TensorFlow; without it, nothing is read as TF1
        return False
    for line in lines:
        try:
            req = Requirement(line)
        except InvalidRequirement:
            continue
        admits = req.specifier.contains
        tf2 = any(admits(v, prereleases=True) for v in ("2.0.0", "2.21.0"))
        if req.name.lower() in _TF_NAMES and req.specifier and admits("1.15.5", prereleases=True) and not tf2:
            return True
    return False


def _modules_of(dist) -> list[str]:
    try:
        text = dist.read_text("top_level.txt")
    except (OSError, ValueError):
        text = None
    if text:
        return [line.strip() for line in text.splitlines() if line.strip()]
    names = set()
    for file in dist.files or ():
        parts = Path(str(file)).parts
        if parts and parts[0].endswith(".py") and len(parts) == 1:
            names.add(parts[0][:-3])
        elif len(parts) > 1 and not parts[0].endswith((".dist-info", ".egg-info", ".data")) and parts[0] != "..":
            names.add(parts[0])
    return sorted(names)


def discover(script_folder: Path, named=(), exclude=()) -> dict[str, str]:
    """{folder or file of TF1 code: why it is} for this run: named packages, the project's
    editable installs, distributions requiring TF1. ``exclude``: folders never to serve (tf1-lessons
    itself). Unknown names raise ValueError, before anything runs."""
    found: dict[str, str] = {}
    given = [(name, f"--tf1-package {name}") for name in named]
    given += [(name, f"pyproject.toml's tf1-packages names {name}") for name in configured(script_folder)]
    for name, source in given:
        places = location(name)
        if not places:
            raise ValueError(f"{source}: no installed package or module of that name (pip install it, or check "
                             "the spelling)")  # fmt: skip
        for place in places:
            found[place] = f"{name} (named)"
    roots = [os.path.realpath(os.getcwd())]
    root = project_root(script_folder)
    if root is not None:
        roots.append(os.path.realpath(root))
    excluded = [os.path.realpath(e) for e in exclude]
    for dist in importlib.metadata.distributions():
        source = _editable_source(dist)
        mine = bool(source) and any(source == r or source.startswith(r + os.sep) for r in roots)
        mine = mine and not any(e == source or e.startswith(source + os.sep) or source.startswith(e + os.sep)
                                for e in excluded)  # fmt: skip
        why = "editable install of your project" if mine else "requires TensorFlow 1" if _requires_tf1(dist) else None
        if why is not None:
            name = dist.metadata.get("Name", "?")  # parsed only here: reading every distribution's costs time
            for module in _modules_of(dist) or [name]:
                for place in location(module):
                    found.setdefault(place, f"{name} ({why})")
    return {place: why for place, why in found.items() if not any(place.startswith(e) for e in excluded)}


def installed_package(filename: str) -> str | None:
    """The top-level package an installed file belongs to (``.../site-packages/tflearn/layers/core.py``
    -> ``tflearn``); None for a file outside site-packages."""
    real = os.path.realpath(filename)
    for entry in sys.path:
        if entry and ("site-packages" in entry or "dist-packages" in entry):
            base = os.path.realpath(entry)
            if real.startswith(base + os.sep):
                first = real[len(base) + 1 :].split(os.sep)[0]
                return first[:-3] if first.endswith(".py") else first
    return None


_NOT_TF1_HINTS = (
    "module 'tensorflow' has no attribute",
    "module 'tensorflow._api",
    "No module named 'tensorflow.contrib",
    "No module named 'tensorflow.examples",
    "cannot import name",
)


def hint(exc: BaseException, user_frame) -> str | None:
    """When ``exc`` came from an installed package's code using TensorFlow 1 names under
    TensorFlow 2: one line naming the package and the option that serves it TF1."""
    text = str(exc)
    if not isinstance(exc, (AttributeError, ImportError)) or not any(h in text for h in _NOT_TF1_HINTS):
        return None
    if "tensorflow" not in text and not isinstance(exc, ImportError):
        return None
    tb = exc.__traceback__
    package = None
    while tb is not None:
        name = installed_package(tb.tb_frame.f_code.co_filename)
        if (
            name
            and name not in ("tensorflow", "tf_keras", "keras", "tf1_lessons", "tf_slim")
            and not user_frame(tb.tb_frame.f_code.co_filename)
        ):
            package = name
        tb = tb.tb_next
    if package is None:
        return None
    return (
        f"{package} is installed code, so it got TensorFlow 2, not the TF1 API: if it is TF1 code, run with "
        f"--tf1-package {package}, or list it under [tool.tf1-lessons] tf1-packages in your pyproject.toml"
    )

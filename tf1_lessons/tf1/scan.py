"""``tf1-lessons scan``: will these TF1 scripts and notebooks run? Read with ``ast``, nothing is executed.

For every TensorFlow name a script uses (``tf.x.y`` through any alias it imported TensorFlow
under, and ``from tensorflow.a import b``), the table in :mod:`.table` says how ``exec`` will
serve it. NumPy names that NumPy 2 removed (``np.int``...) are reported as provided too,
since ``exec`` restores them.

A notebook (``.ipynb``) is read as its code cells in order (an import in one cell serves the
next ones); IPython's magics and shell lines (``%matplotlib inline``, ``!ls``, ``x = !ls``,
``tf.nn?``) are left out, the body of a ``%%time`` cell is read, other cell magics
(``%%bash``, ``%%writefile``) are skipped whole. Findings name the cell (its place in the
notebook, markdown cells counted) and the line in it.
"""

from __future__ import annotations

import ast
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import private, table, tf2code
from .runtime import numpy_removed_names


@dataclass
class Use:
    path: str  # "contrib.layers.fully_connected"; "numpy:int" for NumPy aliases
    lines: list[int]
    verdict: table.Verdict


@dataclass
class FileReport:
    path: Path
    uses: list[Use] = field(default_factory=list)
    error: str | None = None
    cells: list | None = None  # a notebook's: line of the joined source -> (cell number, line in it)
    python2: str | None = None  # what exec translates, when the file is Python 2 (tf1.py2)
    binary_files: list[int] = field(default_factory=list)  # lines of a Python 2 file opening files as bytes
    tf2: str | None = None  # why the file is TF 2 code, which exec refuses (tf1.tf2code)

    def where(self, lines) -> str:
        """The first few of ``lines``: "3,17" in a script; "cell 2:4,6 cell 5:1" in a notebook."""
        shown = ",".join(str(n) for n in lines[:4]) if self.cells is None else self._in_cells(lines[:4])
        return shown + ("..." if len(lines) > 4 else "")

    def _in_cells(self, lines) -> str:
        groups: dict[int, list[int]] = {}
        for line in lines:
            cell, inner = self.cells[line - 1]
            groups.setdefault(cell, []).append(inner)
        return " ".join(f"cell {cell}:{','.join(map(str, inner))}" for cell, inner in groups.items())

    @property
    def missing(self) -> list[Use]:
        return [u for u in self.uses if u.verdict.status == table.MISSING]

    @property
    def runs(self) -> bool:
        return self.error is None and not self.missing and not self.tf2


def _module_path(dotted: str) -> str | None:
    """``tensorflow.compat.v1.x`` -> ``x``; ``tensorflow.a.b`` -> ``a.b``; other modules -> None."""
    if dotted != "tensorflow" and not dotted.startswith("tensorflow."):
        return None
    rest = dotted[len("tensorflow") :].lstrip(".")
    for prefix in ("compat.v1.", "compat.v1"):
        if rest.startswith(prefix):
            return rest[len(prefix) :]
    return rest


def _chain(node: ast.Attribute):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return (node.id, list(reversed(parts))) if isinstance(node, ast.Name) else (None, None)


def scan_source(source: str, filename: str, v1=None) -> FileReport:
    report = FileReport(Path(filename))
    from . import py2

    try:
        tree, done = py2.parse_any(source, filename)  # a Python 2 file: its translation, which exec runs
    except SyntaxError as exc:
        report.error = f"{filename}:{exc.lineno}: SyntaxError: {exc.msg}"
        return report
    if done is not None:
        report.python2 = done.said()
        report.binary_files = _binary_opens(tree)
    else:
        report.tf2 = tf2code.reason(tree)
    aliases: dict[str, str] = {}  # local name -> TF path prefix ("" for tensorflow itself)
    numpy_names: set[str] = set()
    found: dict[str, list[int]] = {}

    def use(path, line):
        found.setdefault(path, []).append(line)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "numpy":
                    numpy_names.add(alias.asname or "numpy")
                path = _module_path(alias.name)
                if path is None:
                    continue
                if alias.asname:
                    aliases[alias.asname] = path
                    if path:
                        use(path, node.lineno)
                else:
                    aliases["tensorflow"] = ""
                    if path:
                        use(path, node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            path = _module_path(node.module)
            if path is None:
                continue
            for alias in node.names:
                full = f"{path}.{alias.name}" if path else alias.name
                aliases[alias.asname or alias.name] = full
                use(full, node.lineno)
    # A script's own attributes on TF1 objects (tf.GraphKeys.INPUTS = 'inputs'): assigned, then read;
    # never TensorFlow's to serve or refuse.
    assigned = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, (ast.Store, ast.Del)):
            root, parts = _chain(node)
            if root in aliases:
                assigned.add(".".join(([aliases[root]] if aliases[root] else []) + parts))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and not isinstance(getattr(node, "_parent_attr", None), ast.Attribute):
            root, parts = _chain(node)
            if root is None:
                continue
            if root in aliases:
                whole = ".".join(([aliases[root]] if aliases[root] else []) + parts)
                if any(whole == a or whole.startswith(a + ".") for a in assigned):
                    continue
            if root in numpy_names and parts and parts[0] in numpy_removed_names():
                use(f"numpy:{parts[0]}", node.lineno)
            elif root in aliases:
                prefix = aliases[root]
                use(".".join(([prefix] if prefix else []) + parts), node.lineno)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Attribute) and isinstance(node, ast.Attribute):
                child._parent_attr = node
    for path in sorted(found):
        if path.startswith("numpy:"):
            verdict = table.Verdict(table.PROVIDED, "tf1-lessons: restored for the script (NumPy 2 removed it)")
        elif private.is_private(f"tensorflow.{path}"):  # TensorFlow's internal modules (tf1/private.py)
            verdict = private.classify_path(f"tensorflow.{path}")
        else:
            verdict = table.classify(path, v1)
        report.uses.append(Use(path, sorted(set(found[path])), verdict))
    report.uses.sort(key=lambda u: u.lines[0])
    return report


# Cell magics whose body is Python that runs (timed, captured); any other's body is not Python.
_PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug"}
_SHELL_ASSIGN = re.compile(r"^\s*[\w.,\s()\[\]]+=\s*[!%]")


def _cell_python(source: str) -> list[str]:
    """The Python lines of a code cell, one per line (IPython syntax blanked, so that line
    numbers stay those of the cell)."""
    lines = source.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        magic = lines[0].lstrip()[2:].split()[0] if lines[0].strip() != "%%" else ""
        if magic not in _PYTHON_CELL_MAGICS:
            return [""] * len(lines)
        lines = ["", *lines[1:]]
    python = []
    for line in lines:
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        if stripped.startswith(("%", "!")) or _SHELL_ASSIGN.match(line) or stripped.rstrip().endswith("?"):
            # Keep a statement where a block needs one (`for ...:` then `!ls`).
            python.append(f"{indent}pass" if indent else "")
        else:
            python.append(line)
    return python


def notebook_python(path: Path):
    """(the code cells as one Python source, [(cell number, line in cell)] per line of it);
    ValueError when the file is not a readable notebook."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        cells = data["cells"] if "cells" in data else data["worksheets"][0]["cells"]  # nbformat 4; 3
    except (OSError, UnicodeDecodeError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise ValueError(f"{path}: not a readable notebook ({type(exc).__name__}: {exc})") from exc
    joined, where = [], []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", cell.get("input", ""))
        source = "".join(source) if isinstance(source, list) else str(source)
        for inner, line in enumerate(_cell_python(source), start=1):
            joined.append(line)
            where.append((number, inner))
        joined.append("")  # a cell ends its last statement
        where.append((number, len(source.splitlines()) + 1))
    return "\n".join(joined), where


def scan_notebook(path: Path, v1=None) -> FileReport:
    """A notebook's code cells, scanned as one program; findings by cell and line."""
    try:
        cell_sources, where = notebook_python(path)
    except ValueError as exc:
        return FileReport(path, error=str(exc))
    report = scan_source(cell_sources, str(path), v1)
    report.cells = where
    found = re.match(r"^.*:(\d+): SyntaxError: (.*)$", report.error or "", re.S)
    if found and 0 < int(found.group(1)) <= len(where):
        cell, inner = where[int(found.group(1)) - 1]
        report.error = f"{path}: cell {cell} line {inner}: SyntaxError: {found.group(2)}"
    return report


def scan_paths(paths) -> list[FileReport]:
    """Reports for ``paths`` (files, or folders searched for scripts and notebooks). A file's
    relative imports (``from .models import build``, ``from . import utils``) are followed to the
    package's own modules, each scanned once, as ``exec -m`` would import them. Native names
    are looked up in the recorded table of ``tf.compat.v1`` (apitable): no TensorFlow import."""
    v1 = None
    reports = []
    seen: set[Path] = set()
    queue: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            queue += sorted(
                p
                for p in [*path.rglob("*.py"), *path.rglob("*.ipynb")]
                if ".ipynb_checkpoints" not in p.parts and not p.name.endswith(".tf1.ipynb")
            )
        else:
            queue.append(path)
    while queue:
        file = queue.pop(0)
        key = file.resolve() if file.exists() else file
        if key in seen:
            continue
        seen.add(key)
        if file.suffix.lower() == ".ipynb":
            reports.append(scan_notebook(file, v1))
            continue
        try:
            source = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reports.append(FileReport(file, error=f"{file}: cannot be read ({exc})"))
            continue
        reports.append(scan_source(source, str(file), v1))
        queue += [m for m in _relative_imports(file, source) if m.resolve() not in seen]
    return reports


def _relative_imports(file: Path, source: str) -> list[Path]:
    """The package modules ``file`` imports relatively that exist beside it."""
    try:
        tree = ast.parse(source, filename=str(file))
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.ImportFrom) and node.level):
            continue
        base = file.parent
        for _ in range(node.level - 1):
            base = base.parent
        targets = [base / node.module.replace(".", "/")] if node.module else []
        if not node.module:  # from . import utils, models
            targets += [base / alias.name for alias in node.names]
        else:  # from .models import layers: a submodule, or a name in models
            targets += [targets[0] / alias.name for alias in node.names]
        for target in targets:
            for candidate in (target.with_suffix(".py"), target / "__init__.py"):
                if candidate.is_file():
                    found.append(candidate)
                    break
    return found


def _binary_opens(tree) -> list[int]:
    """Lines where a Python 2 file opens a file in binary mode: its ``str`` was ``bytes`` there."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "open":
            modes = [a for a in node.args[1:2]] + [k.value for k in node.keywords if k.arg == "mode"]
            if any(isinstance(m, ast.Constant) and isinstance(m.value, str) and "b" in m.value for m in modes):
                found.append(node.lineno)
    return sorted(set(found))


def format_report(report: FileReport) -> str:
    lines = [str(report.path)]
    if report.error:
        return "\n".join(lines + [f"  {report.error}", "  => won't run"])
    if report.python2 is not None:
        lines.append(f"  Python 2: translated by exec in memory ({report.python2})")
        if report.binary_files:
            lines.append(
                f"  {report.where(report.binary_files):>12}  opens a file as bytes: Python 2's str was bytes, so "
                "code that treats what it reads or writes there as text is not translated (it fails on Python 3)"
            )
    for u in report.uses:
        where = report.where(u.lines)
        name = f"np.{u.path[6:]}" if u.path.startswith("numpy:") else f"tf.{u.path}"
        if private.is_private(f"tensorflow.{u.path}"):
            name = f"tensorflow.{u.path}"
        if u.verdict.status == table.NATIVE:
            how = "native (TensorFlow's own module)" if name.startswith("tensorflow.") else "native (tf.compat.v1)"
        elif u.verdict.status == table.PROVIDED:
            how = "provided by tf1-lessons"
        else:
            how = f"NOT AVAILABLE: {u.verdict.why}" + (f". Instead: {u.verdict.instead}" if u.verdict.instead else "")
        lines.append(f"  {where:>12}  {name:<46} {how}")
    counts = {s: sum(u.verdict.status == s for u in report.uses) for s in (table.NATIVE, table.PROVIDED, table.MISSING)}
    verdict = "should run" if report.runs else "won't run"
    if report.tf2:
        lines.append(f"  TF 2 code: {report.tf2}")
        verdict = "TF 2 code: run it with python, not exec"
    lines.append(
        f"  => {verdict} ({len(report.uses)} APIs: {counts['native']} native, {counts['provided']} provided, "
        f"{counts['missing']} not available)"
    )
    return "\n".join(lines)


# -- installed packages the program imports ---------------------------------------------------------


@dataclass
class InstalledUse:
    package: str
    where: str  # the folder or file it is installed at
    tf1_only: list[str]  # the first TF1-only names its code uses ("tf.contrib.framework", "tf.placeholder")
    files: int  # how many of its files use them
    served: str | None  # why exec serves it the TF1 API (named, editable, requires TF 1), or None


def tf1_only(path: str) -> bool:
    """``tf.<path>`` exists in TF 1.x's API only: TensorFlow 2's own namespace lacks it
    (``tf.placeholder``, ``tf.contrib...``, ``tf.train.AdamOptimizer``); names under
    ``tensorflow.python`` and ``tensorflow.compat.v1`` are not counted."""
    if path.startswith(("python.", "core.", "compat")) or path.startswith("numpy:"):
        return False
    names = private.recorded()["tf2_names"]
    parts = path.split(".")
    if parts[0] not in names[""]:
        return True
    return len(parts) > 1 and parts[0] in names and parts[1] not in names[parts[0]]


def _imported_tops(reports) -> set[str]:
    tops = set()
    for report in reports:
        try:
            tree = ast.parse(report.path.read_text(encoding="utf-8")) if report.path.suffix == ".py" else None
        except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
            tree = None
        if tree is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                tops.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                tops.add(node.module.split(".")[0])
    return tops - {"tensorflow", "tf1_lessons", "numpy", "__future__"}


def installed_uses(paths, reports, served: dict | None = None, limit: int = 400) -> list[InstalledUse]:
    """The installed packages (outside the scanned folders and the standard library) that the
    scanned programs import and whose own code uses TF1-only names: under exec they get
    TensorFlow 2 unless ``served`` (``packages.discover``) holds them. Nothing is imported."""
    import sys
    import sysconfig

    from . import packages

    stdlib = os.path.realpath(sysconfig.get_path("stdlib"))
    scanned = [os.path.realpath(p) for p in paths]
    found = []
    for top in sorted(_imported_tops(reports)):
        if top in sys.builtin_module_names:
            continue
        places = packages.location(top)
        if not places:
            continue
        place = places[0]
        if place.startswith(stdlib + os.sep) and "site-packages" not in place and "dist-packages" not in place:
            continue
        if any(place == s or place.startswith(s + os.sep) for s in scanned):
            continue
        files = [Path(place)] if place.endswith(".py") else sorted(Path(place).rglob("*.py"))[:limit]
        names: dict[str, int] = {}
        users = 0
        for file in files:
            try:
                source = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if "tensorflow" not in source:
                continue
            report = scan_source(source, str(file))
            hits = [u.path for u in report.uses if tf1_only(u.path)]
            users += bool(hits)
            for hit in hits:
                names[hit] = names.get(hit, 0) + 1
        if names:
            why = next((w for p, w in (served or {}).items() if p == place or place.startswith(p + os.sep)), None)
            shown = sorted(names, key=lambda n: (-names[n], n))[:4]
            found.append(InstalledUse(top, place, [f"tf.{n}" for n in shown], users, why))
    return found


def format_installed(uses: list[InstalledUse]) -> str:
    lines = ["Installed packages the program imports that use TF1-only names:"]
    for use in uses:
        lines.append(f"  {use.package} ({use.where}): {use.files} file(s), e.g. {', '.join(use.tf1_only)}")
        if use.served:
            lines.append(f"    => exec serves it the TF1 API: {use.served}")
        else:
            lines.append(
                f"    => under exec it gets TensorFlow 2 and will fail: add --tf1-package {use.package}, or list it "
                "under [tool.tf1-lessons] tf1-packages in pyproject.toml"
            )
    return "\n".join(lines)

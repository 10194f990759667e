"""``tf1-lessons scan``: will these TF1 scripts run? Read with ``ast``, nothing is executed.

For every TensorFlow name a script uses (``tf.x.y`` through any alias it imported TensorFlow
under, and ``from tensorflow.a import b``), the table in :mod:`.table` says how ``exec`` will
serve it. NumPy names that NumPy 2 removed (``np.int``...) are reported as provided too,
since ``exec`` restores them.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from . import table
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

    @property
    def missing(self) -> list[Use]:
        return [u for u in self.uses if u.verdict.status == table.MISSING]

    @property
    def runs(self) -> bool:
        return self.error is None and not self.missing


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
    try:
        tree = ast.parse(source, filename=filename)
    except SyntaxError as exc:
        report.error = f"{filename}:{exc.lineno}: SyntaxError: {exc.msg}"
        return report
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
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and not isinstance(getattr(node, "_parent_attr", None), ast.Attribute):
            root, parts = _chain(node)
            if root is None:
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
        else:
            verdict = table.classify(path, v1)
        report.uses.append(Use(path, sorted(set(found[path])), verdict))
    report.uses.sort(key=lambda u: u.lines[0])
    return report


def scan_paths(paths) -> list[FileReport]:
    from ..compat import v1

    reports = []
    for path in paths:
        path = Path(path)
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            try:
                source = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                reports.append(FileReport(file, error=f"{file}: cannot be read ({exc})"))
                continue
            reports.append(scan_source(source, str(file), v1))
    return reports


def format_report(report: FileReport) -> str:
    lines = [str(report.path)]
    if report.error:
        return "\n".join(lines + [f"  {report.error}", "  => won't run"])
    for u in report.uses:
        where = ",".join(str(n) for n in u.lines[:4]) + ("..." if len(u.lines) > 4 else "")
        name = f"np.{u.path[6:]}" if u.path.startswith("numpy:") else f"tf.{u.path}"
        if u.verdict.status == table.NATIVE:
            how = "native (tf.compat.v1)"
        elif u.verdict.status == table.PROVIDED:
            how = "provided by tf1-lessons"
        else:
            how = f"NOT AVAILABLE: {u.verdict.why}" + (f". Instead: {u.verdict.instead}" if u.verdict.instead else "")
        lines.append(f"  {where:>12}  {name:<46} {how}")
    counts = {s: sum(u.verdict.status == s for u in report.uses) for s in (table.NATIVE, table.PROVIDED, table.MISSING)}
    verdict = "should run" if report.runs else "won't run"
    lines.append(
        f"  => {verdict} ({len(report.uses)} APIs: {counts['native']} native, {counts['provided']} provided, "
        f"{counts['missing']} not available)"
    )
    return "\n".join(lines)

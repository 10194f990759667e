"""The documentation site's generated pages: one page per lesson, made from the lesson itself.

A lesson's page comes from its folder (``lesson.json``, ``program.py``, the errata, the twin)
and from a recorded run of it (``docs/recorded/<lesson>.json``: what each of its twins printed
at the test budget, its curves, the simplified picture of its TF1 graph, and where and how it
was recorded). The build draws the pictures from those recorded curves with the project's own
plotting code: nothing trains while the site builds. :func:`build` writes the pages beside a copy
of ``docs/`` before Zensical (the Material team's successor to MkDocs) builds it from
``mkdocs.yml``, strictly (a missing page or anchor stops it); the reference pages (the runtime's
patch table) are made here from the runtime's own tables.

    python -m tf1_lessons.docsite record [LESSON ...]   # (re-)record docs/recorded/ (minutes)
    python -m tf1_lessons.docsite build [--out site]    # the site, into site/
    python -m tf1_lessons.docsite serve                 # the same, served while you edit docs/

A recorded run goes stale when a lesson changes: ``tests/test_docs.py`` holds each recorded run's
curves to the lesson's golden, so a stale page fails the tests, and says to record again.
"""

from __future__ import annotations

import contextlib
import io
import json
import platform
import sys
import tempfile
from pathlib import Path

FORMAT = 1
ROOT = Path(__file__).resolve().parent.parent


def recorded_dir(root: Path = ROOT) -> Path:
    return root / "docs" / "recorded"


def _cpu() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def record(lesson, out: Path, seed: int = 0) -> Path:
    """Run ``lesson``'s twins at its test budget; write what they printed, their curves and its
    graph's picture to ``out/<lesson>.json``."""
    from . import _io, lessonrun
    from ._versions import installed_version

    printed, curves = {}, {}
    lessonrun.prestart(lesson, lesson.twins, seed)
    for mode in lesson.twins:
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            curves[mode] = lesson.call(mode, seed, True, lesson.test_budget)
        printed[mode] = buffer.getvalue()
    picture = None
    if not lesson.plain and "graph" in lesson.modes:
        from . import graphview

        simple = graphview.simplify(lesson.graph())
        picture = {"nodes": simple.nodes, "edges": sorted(simple.edges)}
    data = {
        "format": FORMAT,
        "lesson": lesson.name,
        "made": {
            "command": f"python -m tf1_lessons.docsite record {lesson.name}",
            "seed": seed,
            "budget": lesson.test_budget,
            "tensorflow": installed_version("tensorflow"),
            "tf_keras": installed_version("tf-keras"),
            "python": platform.python_version(),
            "cpu": _cpu(),
        },
        "printed": printed,
        "curves": {mode: curve.to_dict() for mode, curve in curves.items()},
        "graph": picture,
    }
    path = Path(out) / f"{lesson.name}.json"
    _io.write_text(path, _io.dumps(data) + "\n")
    return path


def load(name: str, root: Path = ROOT) -> dict | None:
    path = recorded_dir(root) / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def curves_of(data: dict) -> dict:
    from .curves import LearningCurve

    return {mode: LearningCurve.from_dict(d) for mode, d in data["curves"].items()}


# -- pages ------------------------------------------------------------------------------------


def _png(draw) -> bytes:
    """A picture drawn by ``draw(path)`` (the project's plotting code writes files), as bytes."""
    with tempfile.TemporaryDirectory(prefix="tf1-lessons-docs-") as tmp:
        path = Path(tmp) / "picture.png"
        draw(path)
        return path.read_bytes()


def _fence(text: str, language: str = "") -> str:
    fence = "````" if "```" in text else "```"
    return f"{fence}{language}\n{text.rstrip()}\n{fence}\n"


def _page_name(lesson) -> str:
    return lesson.folder.name


def lesson_page(lesson, data: dict | None) -> tuple[str, dict[str, bytes]]:
    """The markdown of ``lesson``'s page and its pictures (file name -> PNG bytes)."""
    from . import lessonrun, plot

    m = lesson.meta
    name = _page_name(lesson)
    runs = "plain Python (NumPy / TF2 Keras)" if lesson.plain else "the TF1 runtime (as `tf1-lessons exec` runs it)"
    follows = passage(lesson, ROOT.parent / "shared" / "seeds")
    where = f", lines {follows[0]}–{follows[1]}" if follows else ""
    lines = [
        f"# {m['number']}. {m['title']}",
        "",
        f"**What it teaches:** {m.get('teaches', m['title'])}.",
        "",
        f"**Document:** `{m['document']}` (`../shared/seeds/`){where}. **Expected:** {m['expected']}. "
        f"**Full run:** {m['full_run']} on 2 CPU cores.",
        "",
        "## Run it",
        "",
        _fence(
            f"tf1-lessons run {lesson.name}                 # the document's program, its full run\n"
            + (f"tf1-lessons run {lesson.name} --mode both     # {' and '.join(lesson.twins)}, compared\n")
            + f"tf1-lessons show {lesson.name}                # the program, then its errata as diffs\n"
            + f"tf1-lessons notebook {lesson.name} --execute  # the same as a notebook",
            "bash",
        ),
        f"Modes: {', '.join(f'`{mode}`' for mode in lesson.modes)}; budgets (full run): "
        + ", ".join(f"`{k}` {v}" for k, v in lesson.budget.items())
        + f"; the tests run `{lesson.test_budget}`.",
        "",
    ]
    body = [
        "## The program",
        "",
        f"`program.py`, as the document has it, run by {runs}:",
        "",
        _fence(lesson.path.read_text(encoding="utf-8"), "python"),
    ]
    others = [
        p
        for p in sorted(lesson.folder.rglob("*.py"))
        if p.name not in ("program.py", "twin.py") and p.stat().st_size and "__pycache__" not in p.parts
    ]
    ours = lesson.meta.get("not_in_document", {}).get("files", {})
    for path in others:
        relative = path.relative_to(lesson.folder).as_posix()
        why = f" Not in the document: {ours[relative]}." if relative in ours else " The document's."
        body += [f"`{relative}`.{why}", "", _fence(path.read_text(encoding="utf-8"), "python")]
    errata = m.get("errata", [])
    if errata:
        when = {"always": "applied always", "fixed": "applied by `--fixed`", "mode": "applied by its modes"}
        body += ["## Errata", ""]
        for erratum in errata:
            body += [
                f"**{erratum['name']}** ({when[erratum['applied']]}): {erratum['why']}",
                "",
                _fence(lessonrun.diff(lesson, erratum), "diff"),
            ]
    body += [
        "## Its eager twin",
        "",
        "`twin.py`, TF2, run in a process of its own from the program's start:",
        "",
        _fence(lesson.twin.read_text(encoding="utf-8"), "python"),
    ]
    pictures: dict[str, bytes] = {}
    if data is None:
        lines += [
            "## A recorded run",
            "",
            f"Not recorded yet: `python -m tf1_lessons.docsite record {lesson.name}`.",
            "",
        ]
        return "\n".join(lines), pictures
    made = data["made"]
    curves = curves_of(data)
    ordered = [curves[mode] for mode in lesson.twins if mode in curves]
    title = f"{m['number']} {lesson.name}"
    pictures[f"{name}-curve.png"] = _png(lambda p: plot.plot(ordered[:1], p, title=f"{title}: {ordered[0].mode}"))
    if len(ordered) > 1:
        tolerances = m.get("twin_tolerance")
        pictures[f"{name}-twins.png"] = _png(
            lambda p: plot.plot_comparison(ordered, p, tolerances, title=f"{title}: {' vs '.join(lesson.twins)}")
        )
    if data.get("graph"):
        from . import graphview

        picture = graphview.Picture(
            nodes={k: tuple(v) for k, v in data["graph"]["nodes"].items()},
            edges={tuple(e) for e in data["graph"]["edges"]},
        )
        pictures[f"{name}-graph.png"] = _png(lambda p: graphview.draw(picture, p, f"{title}: the TF1 graph"))
    lines += [
        "## A recorded run",
        "",
        f"Seed {made['seed']}, the test budget `{made['budget']}`; TensorFlow {made['tensorflow']}, "
        f"tf-keras {made['tf_keras']}, Python {made['python']}, on {made['cpu']} "
        f"(`{made['command']}`).",
        "",
        f"![{lesson.name}: learning curve]({name}-curve.png)",
        "",
    ]
    if f"{name}-twins.png" in pictures:
        lines += [f"![{lesson.name}: graph and eager, step by step]({name}-twins.png)", ""]
    if f"{name}-graph.png" in pictures:
        lines += [f"![{lesson.name}: the TF1 graph]({name}-graph.png)", ""]
    for mode in lesson.twins:
        text = data["printed"].get(mode, "")
        shown = text if len(text) < 6000 else text[:3000] + "\n...\n" + text[-2500:]
        lines += [f"What `{mode}` printed:", "", _fence(shown or "(nothing)"), ""]
    return "\n".join(lines + body), pictures


def passage(lesson, seeds: Path) -> tuple[int, int] | None:
    """The document's lines the program follows (first and last line holding one of its code
    lines, counted from 1), found as the tests find them: whitespace and quote style aside."""
    import re

    document = seeds / lesson.meta["document"]
    if not document.is_file():
        return None

    def squashed(text):
        return re.sub(r"\s+", "", text).replace('"', "'")

    lines = [squashed(line) for line in lesson.path.read_text(encoding="utf-8").splitlines()]
    code = {line for line in lines if line and not line.startswith("#")}
    found = [
        i
        for i, line in enumerate(document.read_text(encoding="utf-8").splitlines(), 1)
        if squashed(line) in code and not line.lstrip().startswith("#")
    ]
    if not found:
        return None
    # A document can show several programs that share lines (document 003's five begin alike): the
    # passage is the stretch, as long as the program and a half, where most of its lines are.
    span = len(code) * 3 // 2 + 10
    best = max(found, key=lambda start: sum(start <= i < start + span for i in found))
    inside = [i for i in found if best <= i < best + span]
    return inside[0], inside[-1]


def lesson_index(lessons: dict) -> str:
    lines = [
        "# Lessons",
        "",
        "Each lesson is its document's program, run as the document ran it, with an eager twin "
        "compared step by step. `tf1-lessons list` prints this table too.",
        "",
        "| # | lesson | document | expected (full run) | full run, 2 cores |",
        "|---|---|---|---|---|",
    ]
    for lesson in lessons.values():
        m = lesson.meta
        lines.append(
            f"| {m['number']} | [`{lesson.name}`]({_page_name(lesson)}.md) | {m['document'][:3]} | "
            f"{m['expected']} | {m['full_run']} |"
        )
    return "\n".join(lines) + "\n"


def patches_page() -> str:
    from .tf1 import patches

    return (
        "# What the runtime changes\n\n"
        "Every change the TF1 runtime (and a plain lesson's process) makes to TensorFlow, tf-keras, "
        "NumPy, matplotlib, IPython and Python itself, from its table (`tf1_lessons/tf1/patches.py`; "
        "`tf1-lessons patches` prints the same).\n\n" + patches.table_text() + "\n"
    )


def api_page() -> str:
    """What ``exec`` serves beyond tf.compat.v1, and what it refuses, from the runtime's table
    (``tf1/table.py``, which ``exec`` and ``scan`` both read)."""
    from .tf1 import table

    lines = [
        "# The TF1 API under `exec`",
        "",
        "Every name a TF1 script uses is native (`tf.compat.v1` has it: passed through), provided "
        "(gone from TensorFlow 2.21; tf1-lessons supplies it with TF1's behaviour) or missing (`exec` "
        "stops where the script first uses it: exit status 3, why, and what to use). This page is made "
        "from the runtime's table (`tf1_lessons/tf1/table.py`); `tf1-lessons scan` reads the same. "
        "[Running any TF1 script](../guides/exec.md) says what each provided piece does.",
        "",
        "## Provided",
        "",
        "| module | names |",
        "|---|---|",
    ]
    for module, names in sorted(table.PROVIDED_MODULES.items()):
        lines.append(f"| `tf.{module}` | {', '.join(f'`{n}`' for n in sorted(names))} |")
    lines += ["", "## Refused, with what to use instead", "", "| name | why | instead |", "|---|---|---|"]
    for prefix, verdict in sorted(table.MISSING_PREFIXES.items()):
        lines.append(f"| `tf.{prefix}` | {verdict.why} | {verdict.instead} |")
    return "\n".join(lines) + "\n"


def references_page(root: Path = ROOT) -> str:
    """The stored TensorFlow 1.15.5 references (tests/tf1_reference/*.json), one row each."""
    lines = [
        "# The TensorFlow 1.15.5 references",
        "",
        "What real TensorFlow 1.15.5 printed for each script the tests hold `exec` to (recorded by "
        "`nox -s tf1-reference` under Python 3.7, stored under `tests/tf1_reference/`). How close `exec` "
        "comes is measured by the tests and described in [What TensorFlow 1.15 printed](../guides/tf115.md).",
        "",
        "| script | seed | --max-steps | exit | its run repeats itself | training steps | first loss | last loss "
        "| recorded with |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for path in sorted((root / "tests" / "tf1_reference").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        losses = []
        if data.get("curve"):
            curve = curves_of({"curves": {"tf1": data["curve"]}})["tf1"]
            losses = [v for v in curve.metrics.get("loss", []) if v is not None]
        made = data.get("made", {})
        with_ = ", ".join(f"{k} {v}" for k, v in made.items() if k in ("tensorflow", "numpy", "python"))
        lines.append(
            f"| `{data['script']}` | {data.get('seed')} | {data.get('max_steps') or ''} | {data.get('exit_status')} "
            f"| {'yes' if data.get('deterministic') else 'no'} | {len(losses)} "
            f"| {f'{losses[0]:.7g}' if losses else ''} | {f'{losses[-1]:.7g}' if losses else ''} | {with_} |"
        )
    return "\n".join(lines) + "\n"


def schema_page() -> str:
    """lesson.json's keys, from its JSON Schema (tf1_lessons/lesson.schema.json)."""
    schema = json.loads((Path(__file__).parent / "lesson.schema.json").read_text(encoding="utf-8"))

    def kind(spec: dict) -> str:
        if "enum" in spec:
            return " or ".join(f"`{v}`" for v in spec["enum"])
        if "$ref" in spec:
            return spec["$ref"].rsplit("/", 1)[1]
        if "oneOf" in spec:
            return " or ".join(kind(s) for s in spec["oneOf"])
        return spec.get("type", "")

    def table(spec: dict) -> list[str]:
        required = set(spec.get("required", []))
        rows = ["| key | value | required | what |", "|---|---|---|---|"]
        for key, value in spec["properties"].items():
            what = value.get("description", "").replace("|", "\\|")
            rows.append(f"| `{key}` | {kind(value)} | {'yes' if key in required else ''} | {what} |")
        return rows

    lines = ["# lesson.json", "", schema["description"], "", "## The lesson", "", *table(schema)]
    for name in ("mode", "budget", "curve", "erratum", "tolerance"):
        lines += ["", f"## {name}", "", *table(schema["$defs"][name])]
    lines += ["", "The schema itself: `tf1_lessons/lesson.schema.json` (JSON Schema 2020-12)."]
    return "\n".join(lines) + "\n"


def pages(root: Path = ROOT):
    """Every generated file of the site: (path under docs/, text or bytes)."""
    from . import registry

    lessons = registry.discover(root / "lessons")
    yield "lessons/index.md", lesson_index(lessons)
    for lesson in lessons.values():
        text, pictures = lesson_page(lesson, load(lesson.name, root))
        yield f"lessons/{_page_name(lesson)}.md", text
        for file, data in pictures.items():
            yield f"lessons/{file}", data
    yield "reference/api.md", api_page()
    yield "reference/patches.md", patches_page()
    yield "reference/tf115-references.md", references_page(root)
    yield "reference/lesson-json.md", schema_page()


def sources(into: Path, site: Path, root: Path = ROOT) -> Path:
    """The site's sources, made in ``into``: ``docs/`` (less what only the build reads), the
    generated pages beside it, and the configuration with its folders pointed there and at
    ``site`` (inside ``into``: Zensical builds only there). Returns the configuration's path. The
    repository's ``docs/`` is never written."""
    import shutil

    import yaml

    docs = into / "docs"
    shutil.copytree(root / "docs", docs, ignore=shutil.ignore_patterns("recorded", "__pycache__"))
    for path, content in pages(root):
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir="docs", site_dir=str(site.relative_to(into)), strict=True)
    path = into / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def build(site: Path, root: Path = ROOT, serve: bool = False) -> int:
    """Zensical's strict build of the site into ``site`` (or its server); its exit status."""
    import shutil
    import subprocess

    with tempfile.TemporaryDirectory(prefix="tf1-lessons-site-") as folder:
        built = Path(folder) / "site"
        config = sources(Path(folder), built, root)
        command = ["serve"] if serve else ["build", "--clean"]
        status = subprocess.run([sys.executable, "-m", "zensical", *command, "-f", str(config)], cwd=folder).returncode
        if status == 0 and not serve:
            shutil.copytree(built, site, dirs_exist_ok=True)
        return status


def main(argv=None) -> int:
    import argparse

    p = argparse.ArgumentParser(prog="python -m tf1_lessons.docsite")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("record", help="record the lessons' runs the site shows (test budget, seed 0)")
    r.add_argument("lessons", nargs="*")
    r.add_argument("--out", type=Path, default=recorded_dir())
    b = sub.add_parser("build", help="build the site (Zensical, strict) from the lessons and docs/")
    b.add_argument("--out", type=Path, default=ROOT / "site")
    sub.add_parser("serve", help="build the site and serve it locally (Zensical)")
    args = p.parse_args(argv)
    if args.command in ("build", "serve"):
        return build(getattr(args, "out", ROOT / "site"), serve=args.command == "serve")
    from . import registry

    lessons = registry.discover(ROOT / "lessons")
    unknown = sorted(set(args.lessons) - set(lessons))
    if unknown:
        p.error(f"unknown lesson(s) {unknown}; choose from: {', '.join(lessons)}")
    for name in args.lessons or list(lessons):
        print(f"recorded {record(lessons[name], args.out)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

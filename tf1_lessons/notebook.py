"""A lesson as a Jupyter notebook, made from the lesson itself (no second copy).

A lesson's notebook (:func:`build`) is its program, cell by cell: its leading comments as the
introduction, each group of top-level statements a cell, the errata as diffs; then cells that
run the twins at the test budget (each in its own process, as ``run`` does), compare them and
draw the comparison. A TF1 program's notebook is for the TF1 kernel (``tf1-lessons kernel
install``); lessons 3 and 4's NumPy and Keras programs are for a plain Python 3 kernel, opened
in the lesson's folder (their own modules beside them). ``--execute`` runs it at the test budget,
seed 0: a TF1 program on the TF1 kernel (the budget's ``--set`` values and ``--train-size``, as
``exec NOTEBOOK`` takes them); a plain one on Python 3 in a copy of its folder, its budget
literals set in their cells and a first cell of tf1-lessons' (the seed, the verified data).
"""

from __future__ import annotations

import ast
import re
import shutil
import tempfile
from pathlib import Path

from . import _io
from .tf1.nbexec import Interrupts, log_tail

INSTALL_HINT = "pip install 'tf1-lessons[notebook]'  (nbformat, nbclient, ipykernel)"


class NotebookError(RuntimeError):
    """The notebook could not be made or run; the message says why and what to do."""


def _first_line(node, lines) -> int:
    """The first line of ``node`` with its decorators and the comment lines right above it."""
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    while first > 1 and lines[first - 2].lstrip().startswith("#"):
        first -= 1
    return first


def _program_cells(source: str):
    """(kind, text) per cell of a program: its leading comment block as markdown, then each run
    of top-level statements with no blank line between them (comments above a statement go with it)."""
    lines = source.splitlines()
    cells = []
    first = 0
    while first < len(lines) and lines[first].startswith("#"):
        first += 1
    if first:
        cells.append(("markdown", "\n".join(line[2:] if line.startswith("# ") else line[1:] for line in lines[:first])))
    tree = ast.parse(source)
    starts = [_first_line(node, lines) - 1 for node in tree.body]
    ends = [node.end_lineno for node in tree.body]
    group_start = None
    for i, node_start in enumerate(starts):
        begin = max(node_start, first)
        if group_start is None:
            group_start = begin
        elif any(not lines[k].strip() for k in range(ends[i - 1], begin)):  # a blank line: a new cell
            cells.append(("code", "\n".join(lines[group_start : ends[i - 1]])))
            group_start = begin
    if group_start is not None:
        cells.append(("code", "\n".join(lines[group_start : ends[-1]])))
    return cells


def build_folder(lesson):
    """The notebook of a lesson: its program (for the TF1 kernel, or Python 3), then its twins compared."""
    import nbformat
    from nbformat import v4

    from . import lessonrun
    from .tf1.kernel import KERNEL_NAME

    m = lesson.meta
    intro = (
        f"# Lesson {m['number']}: {m['title']}\n\nWhat it teaches: {m.get('teaches', m['title'])}.\n\n"
        f"Document: `{m['document']}`. Expected: {m['expected']}. Full run: {m['full_run']} on 2 CPU cores.\n\n"
        + (
            "The program below is the document's, a NumPy / Keras program for a plain Python 3 kernel, "
            f"opened in the lesson's folder (`tf1-lessons copy {lesson.name}` makes one), where its own modules are. "
            if lesson.plain
            else "The program below is the document's, for the TF1 kernel (`tf1-lessons kernel install`, then pick "
            '"Python 3 (TF1, tf1-lessons)"). '
        )
        + f"`tf1-lessons notebook {lesson.name} --execute` runs it at the test "
        f"budget `{lesson.test_budget}` (seed 0); the full run is `tf1-lessons run {lesson.name}`."
    )
    cells = [v4.new_markdown_cell(intro)]
    text = lessonrun.source(lesson, list(m["modes"])[0])  # with the errata always applied
    for kind, body in _program_cells(text):
        cells.append(v4.new_markdown_cell(body) if kind == "markdown" else v4.new_code_cell(body))
    errata = m.get("errata", [])
    if errata:
        notes = []
        for erratum in errata:
            when = {"always": "applied above", "fixed": "applied by `--fixed`", "mode": "applied by its modes"}
            diff = lessonrun.diff(lesson, erratum)
            notes.append(f"**{erratum['name']}** ({when[erratum['applied']]}): {erratum['why']}\n\n```diff\n{diff}```")
        cells.append(v4.new_markdown_cell("## Errata\n\n" + "\n\n".join(notes)))
    twins = lesson.twins
    if len(twins) > 1:
        cells.append(
            v4.new_markdown_cell(
                f"## Graph and eager, step by step\n\n{' and '.join(twins)} at the test budget "
                f"`{lesson.test_budget}`, seed 0, each in its own process (the eager twin from the program's "
                f"start: {lesson.twin.name}); each against `{twins[0]}` within the lesson's tolerances."
            )
        )
        cells.append(
            v4.new_code_cell(
                "from tf1_lessons import registry\nfrom tf1_lessons.compare import compare\n"
                "from tf1_lessons.plot import comparison_figure\n\n"
                f"lesson = registry.from_path({str(lesson.folder)!r})\n"
                "curves = [lesson.call(mode, 0, False, lesson.test_budget) for mode in lesson.twins]\n"
                "for curve in curves[1:]:\n"
                "    print(compare(curve, curves[0], tolerances=lesson.meta.get('twin_tolerance')))\n"
                "comparison_figure(curves, lesson.meta.get('twin_tolerance'), "
                f"title={' vs '.join(twins)!r});"
            )
        )
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = (
        {"name": "python3", "display_name": "Python 3", "language": "python"}
        if lesson.plain
        else {"name": KERNEL_NAME, "display_name": "Python 3 (TF1, tf1-lessons)", "language": "python"}
    )
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["tf1_lessons"] = {"lesson": lesson.name, "source": str(lesson.path.relative_to(lesson.folder.parent))}
    nbformat.validate(nb)
    return nb


def notebook_name(lesson) -> str:
    return f"lesson{lesson.folder.name}.ipynb"


def build(lesson):
    """The notebook (an ``nbformat`` NotebookNode) of ``lesson``."""
    try:
        import nbformat  # noqa: F401
    except ImportError as exc:
        raise NotebookError(f"making notebooks needs nbformat: {INSTALL_HINT}") from exc
    return build_folder(lesson)


def write(lesson, out_dir: Path, execute: bool = False, timeout: int = 1800) -> Path:
    """Write ``lessonNN_name.ipynb`` into ``out_dir`` (run first when ``execute``); returns its path."""
    import nbformat

    nb = build(lesson)
    out_dir = Path(out_dir)
    if execute:
        return _execute_plain(lesson, nb, out_dir, timeout) if lesson.plain else _execute_folder(lesson, nb, out_dir)
    path = out_dir / notebook_name(lesson)
    _io.write_text(path, nbformat.writes(nb))
    return path


def _budgeted(cell: str, settings: dict) -> str:
    """A cell with the budget's literals set (``iters_num = 300``), the program's value in a comment."""
    for name, value in settings.items():
        line = f"{name} = {value!r}  # the test budget (the program: "
        cell = re.sub(rf"^{re.escape(name)} = (.*)$", lambda m, line=line: f"{line}{m[1]})", cell, flags=re.M)
    return cell


def _execute_plain(lesson, nb, out_dir: Path, timeout: int) -> Path:
    """Run a plain lesson's notebook on Python 3 in a copy of its folder at the test budget (seed 0)."""
    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError
        from nbformat import v4
    except ImportError as exc:
        raise NotebookError(f"--execute needs nbclient and ipykernel: {INSTALL_HINT}") from exc
    from . import lessonrun

    budget = lesson.test_budget
    settings = lessonrun.settings(lesson, budget)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = _budgeted(cell.source, settings)
    first = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    nb.cells.insert(
        first,
        v4.new_code_cell(
            "# tf1-lessons' set-up for this run (not the document's): seed 0; Keras's MNIST loaders read\n"
            "# tf1-lessons' verified copy (no download); the test budget's training-set size\n"
            "from tf1_lessons import plainrun\n"
            f"plainrun.setup(0, train={budget.get('train_size')!r}, pyplot=False)"
        ),
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / notebook_name(lesson)
    with tempfile.TemporaryDirectory(prefix="tf1-lessons-notebook-") as tmp:
        folder = Path(tmp) / lesson.folder.name  # the program's own modules beside it; what it writes goes here
        shutil.copytree(lesson.folder, folder, ignore=shutil.ignore_patterns("__pycache__"))
        client = NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
        )
        interrupts = Interrupts(client)
        kernel_log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed in the finally below
        try:
            with interrupts:
                client.execute(stderr=kernel_log)
        except CellExecutionError as exc:
            if interrupts.happened():
                raise KeyboardInterrupt from exc
            raise NotebookError(f"a cell of {path.name} failed:\n{str(exc)[-2000:]}") from exc
        except Exception as exc:  # no kernel, kernel died...
            if interrupts.happened():
                raise KeyboardInterrupt from exc
            said = log_tail(kernel_log)
            raise NotebookError(
                f"could not run the notebook ({type(exc).__name__}: {exc}); is ipykernel installed? {INSTALL_HINT}"
                + (f"\nthe kernel said:\n{said}" if said else "")
            ) from exc
        finally:
            kernel_log.close()
    _io.write_text(path, nbformat.writes(nb))
    return path


def _execute_folder(lesson, nb, out_dir: Path) -> Path:
    """Run a lesson folder's notebook on the TF1 kernel at the test budget (seed 0)."""
    try:
        import nbclient  # noqa: F401
    except ImportError as exc:
        raise NotebookError(f"--execute needs nbclient and ipykernel: {INSTALL_HINT}") from exc
    import nbformat

    from . import lessonrun
    from .tf1 import budgets, nbexec, py2

    budget = lesson.test_budget
    text = lessonrun.source(lesson, list(lesson.meta["modes"])[0])
    wanted = [f"{k}={v}" for k, v in lessonrun.settings(lesson, budget).items()]
    settings = budgets.resolve(wanted, py2.parse_any(text, str(lesson.path))[0], str(lesson.path)) if wanted else None
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / notebook_name(lesson)
    source = out_dir / path.name  # the kernel runs in out_dir: what the program writes lands there
    with tempfile.TemporaryDirectory(prefix="tf1-lessons-notebook-") as tmp:
        ran = Path(tmp) / path.name  # moved into place only once the whole notebook ran
        status, _, state = nbexec.run(
            source,
            nb,
            ran,
            seed=0,
            max_steps=lessonrun.cut(lesson, budget),
            settings=settings,
            train_size=budget.get("train_size"),
        )
        if status == 130:
            raise KeyboardInterrupt
        if status != 0:
            cell, error = state.failed if state.failed else (None, "the kernel stopped")
            raise NotebookError(f"cell {cell} of {path.name} failed:\n{str(error)[-2000:]}")
        executed = nbformat.read(str(ran), as_version=4)
        executed.metadata["kernelspec"] = nb.metadata["kernelspec"]
        executed.metadata["tf1_lessons"] = nb.metadata["tf1_lessons"]
        _io.write_text(path, nbformat.writes(executed))
    return path

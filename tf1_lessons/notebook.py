"""A lesson as a Jupyter notebook, made from the lesson script itself (no second copy).

Cells, in reading order: the script's docstring (markdown); its top-level code, one cell per
block (the imports and the ``LESSON`` table together, then each function or class with the
comments above it); then cells that run the twins at the lesson's test budget, compare them
and draw the comparison inline. The script's ``if __name__ == "__main__"`` block is left out.
Written with ``nbformat``; ``execute=True`` runs it with ``nbclient`` (a Jupyter kernel for this
Python: ``ipykernel``) and keeps the outputs.
"""

from __future__ import annotations

import ast
import signal
import tempfile
import threading
from pathlib import Path

from . import _io

INSTALL_HINT = "pip install 'tf1-lessons[notebook]'  (nbformat, nbclient, ipykernel)"


class NotebookError(RuntimeError):
    """The notebook could not be made or run; the message says why and what to do."""


def _blocks(source: str):
    """(kind, text) per cell: "markdown" for the docstring, "code" for top-level blocks."""
    tree = ast.parse(source)
    lines = source.splitlines()
    body = list(tree.body)
    cells = []
    start = 0
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(getattr(body[0], "value", None), ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        cells.append(("markdown", ast.get_docstring(tree)))
        start = body[0].end_lineno
        body = body[1:]
    group = []  # consecutive imports / assignments form one cell

    def flush(end):
        nonlocal start, group
        if group:
            text = "\n".join(lines[start:end]).strip("\n")
            if text:
                cells.append(("code", text))
            start = end
            group = []

    for node in body:
        main_block = isinstance(node, ast.If) and "__name__" in ast.unparse(node.test)
        if main_block:
            flush(node.lineno - 1)
            start = node.end_lineno
            continue
        if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            flush(_first_line(node, lines) - 1)
            group = [node]
            flush(node.end_lineno)
        else:
            group.append(node)
    flush(len(lines))
    return cells


def _first_line(node, lines) -> int:
    """The first line of ``node`` with its decorators and the comment lines right above it."""
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    while first > 1 and lines[first - 2].lstrip().startswith("#"):
        first -= 1
    return first


def build(lesson):
    """The notebook (an ``nbformat`` NotebookNode) of ``lesson``."""
    try:
        import nbformat
        from nbformat import v4
    except ImportError as exc:
        raise NotebookError(f"making notebooks needs nbformat: {INSTALL_HINT}") from exc

    cells = []
    blocks = _blocks(lesson.path.read_text(encoding="utf-8"))
    for kind, text in blocks:
        cells.append(v4.new_markdown_cell(text) if kind == "markdown" else v4.new_code_cell(text))
    if any(kind == "code" and "__file__" in text for kind, text in blocks):
        # A notebook has no __file__; the script's own path keeps "the lesson beside this one" working.
        first_code = next(i for i, c in enumerate(cells) if c.cell_type == "code")
        cells.insert(
            first_code, v4.new_code_cell(f"__file__ = {str(lesson.path)!r}  # the script this notebook was made from")
        )
    twins, budget = lesson.twins, lesson.test_budget
    reference = twins[0]
    cells.append(
        v4.new_markdown_cell(
            f"## Run it\n\nThe twins ({', '.join(twins)}) at the test budget `{budget}`, seed 0. For the full run use "
            f"the budget `{lesson.budget}` (about {lesson.meta['full_run']} on 2 CPU cores)."
        )
    )
    for mode in twins:
        taken = {k: v for k, v in budget.items() if k in lesson.mode_params(mode)}
        args = ", ".join(f"{k}={v!r}" for k, v in taken.items())
        cells.append(v4.new_code_cell(f"curve_{mode} = {mode}(seed=0, verbose=True{', ' + args if args else ''})"))
    if len(twins) > 1:
        others = ", ".join(f"curve_{m}" for m in twins[1:])
        cells.append(
            v4.new_markdown_cell(
                f"## Graph and eager, step by step\n\nEach twin against `{reference}`, within the lesson's tolerances "
                "(`LESSON['twin_tolerance']`); the picture shows both curves and their relative difference per step."
            )
        )
        cells.append(
            v4.new_code_cell(
                "from tf1_lessons.compare import compare\nfrom tf1_lessons.plot import comparison_figure\n\n"
                + "".join(
                    f"print(compare(curve_{m}, curve_{reference}, tolerances=LESSON.get('twin_tolerance')))\n"
                    for m in twins[1:]
                )
                + f"comparison_figure([curve_{reference}, {others}], LESSON.get('twin_tolerance'), "
                f"title=f\"{{LESSON['number']}} {{LESSON['name']}}: {' vs '.join(twins)}\");"
            )
        )
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["tf1_lessons"] = {"lesson": lesson.name, "source": lesson.path.name}
    nbformat.validate(nb)
    return nb


def log_tail(log, lines: int = 15) -> str:
    """The last lines a kernel wrote to its stderr file (``log``, a file open for reading)."""
    log.seek(0)
    return "\n".join(log.read().rstrip().splitlines()[-lines:])


class Interrupts:
    """Ctrl-C while nbclient runs a notebook, told apart from a kernel that died.

    Ctrl-C reaches the kernel too (same process group), and nbclient then reports a dead kernel
    or a failed cell: remembered here, so that it is said as an interrupt. A context manager
    around the run (the handler is put back after it)."""

    def __init__(self, client):
        self.client, self.seen, self.previous = client, [], None

    def _on_interrupt(self, signum, frame):
        self.seen.append(signum)
        self._quiet()
        raise KeyboardInterrupt

    @staticmethod
    def _quiet():
        # The kernel's clean-up, cut short, would log asyncio's own tracebacks on exit.
        import logging

        logging.getLogger("asyncio").setLevel(logging.CRITICAL)

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._on_interrupt)
        return self

    def __exit__(self, *exc):
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
            self.previous = None
        return False

    def happened(self) -> bool:
        # While a cell runs, nbclient puts its own SIGINT handler on the event loop, which shuts
        # the kernel down (leaving this future) and lets the cell fail.
        if self.seen or getattr(self.client, "_async_cleanup_kernel_future", None) is not None:
            self._quiet()
            return True
        return False


def write(lesson, out_dir: Path, execute: bool = False, timeout: int = 1800) -> Path:
    """Write ``lessonNN_name.ipynb`` into ``out_dir`` (run first when ``execute``); returns its path."""
    import nbformat

    nb = build(lesson)
    out_dir = Path(out_dir)
    if execute:
        out_dir.mkdir(parents=True, exist_ok=True)  # the kernel's working folder (the lesson's figures)
        try:
            from nbclient import NotebookClient
            from nbclient.exceptions import CellExecutionError
        except ImportError as exc:
            raise NotebookError(f"--execute needs nbclient and ipykernel: {INSTALL_HINT}") from exc
        client = NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(out_dir)}}
        )
        interrupts = Interrupts(client)
        # The kernel's own stderr (its start-up notices; after a Ctrl-C, its complaints about a
        # client gone) goes to a file, quoted below only if the kernel fails.
        kernel_log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed in the finally below, after the kernel is gone
        try:
            with interrupts:
                client.execute(stderr=kernel_log)
        except CellExecutionError as exc:
            if interrupts.happened():
                raise KeyboardInterrupt from exc
            raise NotebookError(f"a cell of {lesson.path.name}'s notebook failed:\n{str(exc)[-2000:]}") from exc
        except Exception as exc:  # no kernel, kernel died...
            if interrupts.happened():
                raise KeyboardInterrupt from exc
            from jupyter_client.kernelspec import NoSuchKernel

            hint = f"; is ipykernel installed? {INSTALL_HINT}" if isinstance(exc, NoSuchKernel) else ""
            said = log_tail(kernel_log)
            raise NotebookError(
                f"could not run the notebook ({type(exc).__name__}: {exc}){hint}"
                + (f"\nthe kernel said:\n{said}" if said else "")
            ) from exc
        finally:
            kernel_log.close()
    path = out_dir / f"{lesson.path.stem}.ipynb"
    _io.write_text(path, nbformat.writes(nb))
    return path

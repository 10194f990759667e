"""``tf1-lessons exec NOTEBOOK.ipynb``: an unmodified TF1 notebook, run top to bottom.

The cells run one by one with nbclient on the TF1 kernel (:mod:`.kernel`; no kernelspec needs
installing: the kernel is started for this Python directly), in the notebook's folder, as
Jupyter's "Run all" would. What the cells print is echoed as it comes (stdout to stdout, the
rest to stderr), and the executed notebook (outputs, inline figures) is written next to the
original as ``NAME.tf1.ipynb``, or into ``--out``; never over the original.

A failing cell stops the run: its number and first line are named, its traceback shown as
Jupyter shows it, the partly executed notebook kept, exit status 1 (3 for a TF1 API that
cannot be provided). ``--max-steps N`` cuts the cell that reaches the budget short; the cells
after it still run (they evaluate and plot the model as trained so far), and a later training
step stops its own cell at once.
"""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import sys
import tempfile
import threading
from pathlib import Path

from .. import _io
from .kernel import EXEC_ENV, KERNEL_NAME

UNAVAILABLE_STATUS = 3
_OURS = ("MaxStepsReached", "Unavailable", "UnavailableImport")  # the kernel's own stops (kernel._custom_exc)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class NotebookInputError(ValueError):
    """The notebook cannot be read; the message names the file and the fix."""


def read(path: Path):
    """The notebook at ``path`` (nbformat 4), or a NotebookInputError saying what is wrong."""
    try:
        import nbformat
    except ImportError as exc:
        raise NotebookInputError(
            "running notebooks needs the notebook extra: pip install 'tf1-lessons[notebook]'"
        ) from exc
    try:
        nb = nbformat.read(str(path), as_version=4)
    except (OSError, UnicodeDecodeError) as exc:
        raise NotebookInputError(f"{path} cannot be read ({exc})") from exc
    except Exception as exc:  # nbformat's NotJSONError, a missing key, a bad version...
        raise NotebookInputError(
            f"{path} is not a Jupyter notebook ({type(exc).__name__}: {str(exc)[:200]}); "
            "open and save it in Jupyter, or run a .py script instead"
        ) from exc
    language = nb.metadata.get("kernelspec", {}).get("language") or nb.metadata.get("language_info", {}).get("name")
    if language and language.lower() != "python":
        raise NotebookInputError(f"{path} is a {language} notebook; only Python notebooks run on the TF1 kernel")
    return nb


def output_path(notebook: Path, out: Path | None) -> Path:
    """Where the executed notebook goes: ``NAME.tf1.ipynb`` beside it, or in ``out``."""
    return (out if out is not None else notebook.parent) / f"{notebook.stem}.tf1.ipynb"


def name(nb, index: int) -> str:
    """How a message names a cell: its place in the notebook (markdown cells count, as in
    Jupyter's own numbering of cells), its ``In [N]`` once run, and its first line."""
    cell = nb.cells[index]
    count = f", In [{cell.execution_count}]" if cell.get("execution_count") else ""
    first = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
    return f"cell {index + 1}{count} ({first})"


def _spec_manager():
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

    from .kernel import spec

    class ExecSpecs(KernelSpecManager):
        """The TF1 kernel of this Python, installed or not."""

        def get_kernel_spec(self, kernel_name):
            if kernel_name == KERNEL_NAME:
                return KernelSpec(resource_dir=str(Path(__file__).parent), **spec())
            return super().get_kernel_spec(kernel_name)

    return ExecSpecs()


class Run:
    """One notebook run: echoes outputs, keeps figures, remembers how each cell ended."""

    def __init__(self, figures: Path | None):
        self.figures_dir = figures
        self.figures: list[Path] = []
        self.drawn = 0  # inline figures (image/png outputs)
        self.cut: int | None = None  # the cell --max-steps cut short
        self.failed: tuple[int, object] | None = None  # (cell index, CellExecutionError)

    def echo(self, msg: dict, cell_index: int) -> None:
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            stream = sys.stdout if content.get("name") == "stdout" else sys.stderr
            stream.write(content.get("text", ""))
            stream.flush()
        elif kind in ("execute_result", "display_data"):
            data = content.get("data", {})
            if "image/png" in data:
                self._figure(data["image/png"], cell_index)
            elif "text/plain" in data:
                print(data["text/plain"], flush=True)
        elif kind == "error":
            text = "\n".join(content.get("traceback", [])) or f"{content.get('ename')}: {content.get('evalue')}"
            if not sys.stderr.isatty():
                text = _ANSI.sub("", text)
            print(text, file=sys.stderr, flush=True)

    def _figure(self, png, cell_index: int) -> None:
        self.drawn += 1
        if self.figures_dir is None:
            return
        self.figures_dir.mkdir(parents=True, exist_ok=True)
        path = self.figures_dir / f"figure-{self.drawn}.png"
        _io.write_bytes(path, _io.mark_png(base64.b64decode(png)))
        self.figures.append(path)
        print(f"tf1-lessons: cell {cell_index + 1} drew a figure, saved as {path}", file=sys.stderr, flush=True)


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


def run(
    notebook: Path,
    nb,
    out_notebook: Path,
    seed: int | None = None,
    max_steps: int | None = None,
    figures: Path | None = None,
    tensorboard: Path | None = None,
    record: bool = False,
    settings: dict | None = None,
    train_size: int | None = None,
    py2: bool = False,
):
    """Run ``nb`` (read from ``notebook``) on the TF1 kernel; write the executed notebook to
    ``out_notebook``. Returns (exit status, LearningCurve or None, Run)."""
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError
    from nbformat import v4

    from ..curves import LearningCurve

    state = Run(figures)

    class Client(NotebookClient):
        def output(self, outs, msg, display_id, cell_index):
            result = super().output(outs, msg, display_id, cell_index)
            state.echo(msg, cell_index)
            return result

    keep = record or max_steps is not None or tensorboard is not None
    options = {"name": notebook.stem, "seed": seed, "max_steps": max_steps}
    if settings:  # as reprs: JSON would turn a tuple into a list
        options["settings"] = {name: repr(value) for name, value in settings.items()}
    if train_size is not None:
        options["train_size"] = train_size
    if py2:
        options["py2"] = True
    if tensorboard is not None:
        options["tensorboard"] = str(tensorboard.resolve())
    env = dict(os.environ)
    if keep or seed is not None or settings or train_size is not None or py2:
        env[EXEC_ENV] = json.dumps(options)
    if env.get("MPLBACKEND", "").lower() == "agg":
        env.pop("MPLBACKEND")  # a notebook's figures are inline ones, as in Jupyter
    km = KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=_spec_manager())
    client = Client(
        nb,
        km=km,
        timeout=None,  # a training cell may take hours; Ctrl-C stops it
        startup_timeout=180,  # the kernel loads TensorFlow before it answers
        kernel_name=KERNEL_NAME,
        resources={"metadata": {"path": str(notebook.resolve().parent)}},
    )
    nb.metadata["kernelspec"] = {
        "name": KERNEL_NAME,
        "display_name": "Python 3 (TF1, tf1-lessons)",
        "language": "python",
    }
    # Marks the executed copy as ours, so that the next run may replace it (and never a user's file).
    nb.metadata["tf1_lessons"] = {"executed_from": notebook.name}
    curve = None
    status = 0
    interrupts = Interrupts(client)
    # The kernel's own stderr (TensorFlow's C++ notices) goes to a file, quoted if it dies.
    kernel_log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed below, after the kernel is gone
    curve_file = Path(tempfile.mkdtemp(prefix="tf1-lessons-")) / "curve.json"
    try:
        with interrupts, client.setup_kernel(env=env, stderr=kernel_log):
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                try:
                    client.execute_cell(cell, index)
                    # A magic that ran the code itself (%%time) shows its error as an output and
                    # lets the cell succeed; ours still count.
                    ours = [o for o in cell.outputs if o.output_type == "error" and o.ename in _OURS]
                    if ours:
                        raise CellExecutionError("", ours[0].ename, ours[0].evalue)
                except CellExecutionError as exc:
                    if interrupts.happened():
                        raise KeyboardInterrupt from exc
                    if exc.ename == "MaxStepsReached":
                        state.cut = index if state.cut is None else state.cut
                        continue
                    state.failed = (index, exc)
                    status = UNAVAILABLE_STATUS if exc.ename in ("Unavailable", "UnavailableImport") else 1
                    break
            if EXEC_ENV in env:
                # A cell of our own, run after the notebook's and never kept in it: the curve.
                finish = v4.new_code_cell(f"import tf1_lessons.tf1.kernel as _k; _k.finish({str(curve_file)!r})")
                nb.cells.append(finish)
                try:
                    client.execute_cell(finish, len(nb.cells) - 1, store_history=False)
                finally:
                    nb.cells.pop()
                if keep:
                    curve = LearningCurve.load(curve_file)
    except DeadKernelError as exc:
        if interrupts.happened():
            raise KeyboardInterrupt from exc
        status = 1
        said = log_tail(kernel_log)
        print(
            "tf1-lessons: the kernel died" + (f"; it said:\n{said}" if said else " (out of memory?)"),
            file=sys.stderr,
        )
    except KeyboardInterrupt:
        status = 130
        print("KeyboardInterrupt", file=sys.stderr)
    except RuntimeError as exc:  # the kernel did not start
        status = 1
        said = log_tail(kernel_log)
        print(
            f"tf1-lessons: the TF1 kernel did not start ({exc})" + (f"; it said:\n{said}" if said else ""),
            file=sys.stderr,
        )
    finally:
        kernel_log.close()
        if curve_file.exists():
            curve_file.unlink()
        curve_file.parent.rmdir()
        import nbformat

        out_notebook.parent.mkdir(parents=True, exist_ok=True)
        _io.write_text(out_notebook, nbformat.writes(nb))
    return status, curve, state

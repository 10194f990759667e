"""The TF1 runtime in Jupyter: a kernel, and the IPython extension it is made of.

The kernel "Python 3 (TF1, tf1-lessons)" is ipykernel with :func:`load` applied to its shell
before the first cell: in every cell ``import tensorflow as tf`` is the TF1 module that
``exec`` gives scripts (the same runtime, :mod:`.runtime`). Where a kernel cannot be chosen
(Colab and other hosted notebooks), ``%load_ext tf1_lessons`` applies the same :func:`load`
to the running kernel.

What :func:`load` adds to a shell:

* the cells' namespace and the kernel's folder (the notebook's: helper modules beside it) are
  user code, served the TF1 module;
* a TF1 API that cannot be provided stops its cell with one line naming the cell and line
  ("Cell In[3], line 2"), as ``exec`` does for a script, and exit status 3 under ``exec``;
* Colab's ``%tensorflow_version 1.x`` is accepted (the kernel is TF1 already), and
  ``sys.argv`` is the notebook's, not the kernel's ``-f CONNECTION_FILE``, so ``tf.app.flags``
  parse as in a script run without arguments;
* under ``tf1-lessons exec NOTEBOOK`` (options in ``$TF1_LESSONS_EXEC``): the seeds, the
  learning curve, ``--max-steps`` (a cell that reaches the budget is cut short, and the cells
  after it still run) and TensorBoard's recording, as for scripts. :func:`finish` hands the
  curve back.
"""

from __future__ import annotations

import json
import os
import sys

KERNEL_NAME = "tf1-lessons"
DISPLAY_NAME = "Python 3 (TF1, tf1-lessons)"
EXEC_ENV = "TF1_LESSONS_EXEC"  # JSON: the exec options of the notebook run this kernel serves

_session = None  # the exec options' state in this kernel: {"recorder", "board", "watch", "name"}


def spec(python: str | None = None) -> dict:
    """The kernel.json of the TF1 kernel for ``python`` (default: this interpreter)."""
    return {
        "argv": [python or sys.executable, "-m", "tf1_lessons.tf1.kernel", "-f", "{connection_file}"],
        "display_name": DISPLAY_NAME,
        "language": "python",
        "interrupt_mode": "signal",
        "metadata": {"debugger": True},
    }


def _max_steps_line(steps: int) -> str:
    return (
        f"tf1-lessons: stopped after {steps} training steps (--max-steps {steps}); "
        "the cells after this one run with the model as trained so far"
    )


def _custom_exc(shell, etype, value, tb, tb_offset=None):
    """One line instead of a traceback, for the two exceptions that are ours, not the user's.
    Shown as the cell's error (its name is the reply's ``ename``, which ``exec`` reads)."""
    from .recorder import MaxStepsReached

    if issubclass(etype, MaxStepsReached):
        steps = _session["recorder"].max_steps if _session else 0
        stb = [_max_steps_line(steps)]
    else:
        stb = [f"tf1-lessons: {value.message()}"]
    shell._showtraceback(etype, value, stb)  # noqa: SLF001 - IPython leaves the showing to the handler
    return stb


def load(shell) -> None:
    """Make ``shell`` (an IPython InteractiveShell) serve TF1 to its cells; idempotent."""
    import warnings

    from . import patches, runtime
    from .recorder import MaxStepsReached

    options = json.loads(os.environ.get(EXEC_ENV) or "{}")
    # pooch's download bar (tqdm.auto) asks for ipywidgets in a kernel; its text bar does as well.
    warnings.filterwarnings("ignore", message="IProgress not found")
    first = runtime._tf1 is None  # noqa: SLF001 - whether this process was TF1 already
    tf1 = runtime.install(on_show=None)  # figures: the kernel's inline backend shows them
    runtime.add_user_namespace(shell.user_ns)
    runtime.add_user_root(os.getcwd())  # the notebook's folder: helper modules beside it

    def where(filename: str, lineno: int):
        number = getattr(shell.compile, "_filename_map", {}).get(filename)
        return None if number is None else f"Cell In[{number}], line {lineno}"

    runtime.cell_location = where
    # The kernel's own command line (`-f CONNECTION_FILE`) is not the notebook's: tf.app.flags,
    # which parses sys.argv on first use, would refuse `-f` ("Unknown command line flag 'f'").
    sys.argv = sys.argv[:1]
    ours = (runtime.Unavailable, MaxStepsReached)
    shell.set_custom_exc(ours, _custom_exc)
    if not getattr(shell.showtraceback, "_tf1_lessons", False):
        # Magics that run code themselves (%%time, %timeit) show its errors with showtraceback.
        real_showtraceback = shell.showtraceback

        def showtraceback(exc_tuple=None, *args, **kwargs):
            etype, value, tb = sys.exc_info() if exc_tuple is None else exc_tuple
            if etype is not None and issubclass(etype, ours):
                _custom_exc(shell, etype, value, tb)
                return None
            return real_showtraceback(exc_tuple, *args, **kwargs)

        showtraceback._tf1_lessons = True
        patches.apply("kernel-tracebacks", lambda _: showtraceback, owner=shell)
    if "tensorflow_version" not in shell.magics_manager.magics["line"]:
        shell.register_magic_function(_tensorflow_version, "line", "tensorflow_version")
    # `%load_ext tf1_lessons` after `import tensorflow as tf`: that name is TensorFlow 2 still.
    real = sys.modules.get("tensorflow")
    rebound = [k for k, v in shell.user_ns.items() if real is not None and v is real and not k.startswith("_")]
    for name in rebound:
        shell.user_ns[name] = tf1
    if rebound:
        runtime.notice(f"{', '.join(rebound)}: now the TF1 module (it was imported before %load_ext tf1_lessons)")
    if first and options.get("settings"):  # exec --set: each cell's top-level literals replaced as it runs
        import ast

        from .budgets import Override

        shell.ast_transformers.append(Override({k: ast.literal_eval(v) for k, v in options["settings"].items()}))
    if first:  # Python 2 cells (print statements...) run translated; all cells under exec --py2
        shell.input_transformers_post.append(_python2_cells(shell, bool(options.get("py2")), options.get("name")))
    if first and options.get("train_size"):
        from . import budgets

        budgets.train_size = options["train_size"]
    if first and options:
        _start_session(options)


def _python2_cells(shell, always: bool, notebook: str | None):
    """An IPython input transformer: a cell that only Python 2 can compile (or every cell, under
    ``exec --py2``) runs as its translation (:mod:`.py2`); the cell as written stays in the
    notebook and its history."""
    from . import py2

    def transform(lines: list[str]) -> list[str]:
        source = "".join(lines)
        if not always and py2.compiles(source):
            return lines
        try:
            done = py2.translate(source)
        except py2.NotPython2:
            return lines  # neither: IPython shows Python 3's SyntaxError
        shell.user_ns.setdefault(py2.OLD_DIV, py2.old_div)
        shell.user_ns.setdefault(py2.PRINT, py2.print_statement)
        shell.user_ns["exec"] = py2.python2_exec  # an exec statement's string is Python 2 too
        from .runtime import notice

        first = next((line.strip() for line in lines if line.strip()), "")[:60]
        where = f"{notebook}: the cell" if notebook else "the cell"
        notice(f"{where} `{first}` is Python 2: translated in memory ({done.said()}); the notebook is unchanged")
        return done.source.splitlines(keepends=True)

    return transform


def _tensorflow_version(line: str) -> None:
    """Colab's ``%tensorflow_version 1.x``: this kernel serves TF1 whatever was asked."""
    if line.strip().startswith("1"):
        print("TensorFlow 1.x selected.")
    else:
        print(f"tf1-lessons: %tensorflow_version {line.strip()}: this kernel serves TensorFlow 1.x (tf.compat.v1)")


def _start_session(options: dict) -> None:
    """Seeds, curve, --max-steps and TensorBoard for the notebook run that ``exec`` started."""
    global _session
    from ..compat import tf, v1
    from . import runner
    from .recorder import Recorder

    seed, max_steps = options.get("seed"), options.get("max_steps")
    runner._seed_everything(seed, tf, v1)  # noqa: SLF001 - the same seeding as a script's
    recorder = Recorder(options.get("name", "notebook"), seed, max_steps)
    recorder.install(v1, tf)
    board = watch = None
    if options.get("tensorboard"):
        from ..board import Recording

        board = Recording(options["tensorboard"])
        watch = board.watching(recorder.curve.lesson)
        watch.__enter__()
    _session = {"recorder": recorder, "board": board, "watch": watch}


def finish(curve_path: str) -> None:
    """End of an ``exec`` notebook run: the curve to ``curve_path``; TensorBoard's logs written."""
    if _session is None:
        raise RuntimeError("this kernel was not started by `tf1-lessons exec` with options; no curve to hand back")
    recorder, board, watch = _session["recorder"], _session["board"], _session["watch"]
    recorder.uninstall()
    curve = recorder.curve
    if watch is not None:
        watch.__exit__(None, None, None)
        if len(curve):
            print(f"tf1-lessons: TensorBoard logs in {board.write({curve.lesson: curve})}", file=sys.stderr)
    curve.save(curve_path)


def main(argv=None) -> None:
    """``python -m tf1_lessons.tf1.kernel -f CONNECTION_FILE``: the TF1 kernel's process."""
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(sys.argv[1:] if argv is None else argv)
    load(app.shell)  # before the first cell; an error here ends the kernel with its traceback
    app.start()


# -- kernel install / remove -----------------------------------------------------------------------


def _spec_manager(prefix: str | None = None):
    from jupyter_client.kernelspec import KernelSpecManager

    manager = KernelSpecManager()
    if prefix is not None:
        manager.kernel_dirs.insert(0, os.path.join(prefix, "share", "jupyter", "kernels"))
    return manager


class NotOurKernel(Exception):
    """A kernel of our name that another program installed: never replaced or removed silently."""

    def __init__(self, folder: str):
        self.folder = folder
        try:
            with open(os.path.join(folder, "kernel.json"), encoding="utf-8") as f:
                runs = " ".join(json.load(f).get("argv", []))
        except (OSError, ValueError, AttributeError):
            runs = "no readable kernel.json"
        super().__init__(f"{folder} holds a kernel named {KERNEL_NAME!r} that tf1-lessons did not install ({runs})")


def is_ours(folder: str) -> bool:
    """A kernelspec folder whose kernel.json starts this module (for any Python; also under the
    name it had before the runtime was tf1_lessons.tf1, so that an earlier install is replaced)."""
    try:
        with open(os.path.join(folder, "kernel.json"), encoding="utf-8") as f:
            argv = json.load(f).get("argv", [])
            return "tf1_lessons.tf1.kernel" in argv or "tf1_lessons.legacy.kernel" in argv
    except (OSError, ValueError, AttributeError):
        return False


def destination(user: bool = False, prefix: str | None = None) -> str:
    """Where ``install`` puts the kernel, as jupyter_client chooses it."""
    from jupyter_core.paths import SYSTEM_JUPYTER_PATH, jupyter_data_dir

    if user:
        return os.path.join(jupyter_data_dir(), "kernels", KERNEL_NAME)
    if prefix:
        return os.path.join(os.path.abspath(prefix), "share", "jupyter", "kernels", KERNEL_NAME)
    return os.path.join(SYSTEM_JUPYTER_PATH[0], "kernels", KERNEL_NAME)


def places() -> list[tuple[str, str]]:
    """(the option of ``kernel install``/``remove`` that reaches it, folder) for every folder
    where Jupyter looks for kernels: the user's, this Python's prefix, the system's, and the
    prefixes named in JUPYTER_PATH."""
    from jupyter_core.paths import ENV_JUPYTER_PATH, SYSTEM_JUPYTER_PATH, jupyter_data_dir, jupyter_path

    found = [("--user", jupyter_data_dir()), ("--sys-prefix", ENV_JUPYTER_PATH[0])]
    found += [("system-wide: no option", SYSTEM_JUPYTER_PATH[0])]
    for folder in jupyter_path():
        if all(os.path.abspath(folder) != os.path.abspath(f) for _, f in found):
            head, tail = os.path.split(os.path.normpath(folder))
            prefix = os.path.dirname(head) if tail == "jupyter" and os.path.basename(head) == "share" else None
            found.append((f"--prefix {prefix}" if prefix else "JUPYTER_PATH", folder))
    return [(option, os.path.join(folder, "kernels")) for option, folder in found]


def install(user: bool = False, prefix: str | None = None, overwrite: bool = False) -> str:
    """Register the kernel (for this interpreter); returns the folder its kernel.json is in.
    An earlier install of ours there is replaced; another program's kernel of our name is not
    (NotOurKernel), unless ``overwrite``."""
    import shutil
    import tempfile

    target = destination(user, prefix)
    if os.path.isdir(target) and not overwrite and not is_ours(target):
        raise NotOurKernel(target)
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "kernel.json"), "w", encoding="utf-8") as f:
            json.dump(spec(), f, indent=1)
        try:  # ipykernel's Python logos, so that launchers show a familiar icon
            from ipykernel.kernelspec import RESOURCES

            for logo in ("logo-32x32.png", "logo-64x64.png", "logo-svg.svg"):
                if os.path.exists(os.path.join(RESOURCES, logo)):
                    shutil.copy(os.path.join(RESOURCES, logo), folder)
        except ImportError:
            pass
        return _spec_manager().install_kernel_spec(folder, KERNEL_NAME, user=user, prefix=prefix)


def remove(user: bool = False, prefix: str | None = None, overwrite: bool = False) -> str | None:
    """Unregister the kernel; returns the folder removed, or None when it is not there. With
    ``user`` or ``prefix``, only that place is looked at; else every folder Jupyter reads. Another
    program's kernel of our name is left (NotOurKernel), unless ``overwrite``."""
    import shutil

    if user or prefix is not None:
        folder = destination(user, prefix)
        if not os.path.isfile(os.path.join(folder, "kernel.json")):
            return None
    else:
        folder = _spec_manager().find_kernel_specs().get(KERNEL_NAME)
        if folder is None:
            return None
    if not overwrite and not is_ours(folder):
        raise NotOurKernel(folder)
    shutil.rmtree(folder)
    return folder


def installed() -> list[tuple[str, str]]:
    """(option, folder) of each place in :func:`places` that holds a kernel of our name."""
    found = []
    for option, kernels in places():
        folder = os.path.join(kernels, KERNEL_NAME)
        if os.path.isfile(os.path.join(folder, "kernel.json")):
            found.append((option, folder))
    return found


if __name__ == "__main__":
    # Run as `python -m`, this file is __main__; the cells' `import tf1_lessons.tf1.kernel`
    # (finish) must find the module whose state the kernel set up, so that one runs.
    from tf1_lessons.tf1 import kernel

    kernel.main()

"""``tf1-lessons exec``: run an unmodified TF1 script as ``python SCRIPT ARGS...`` would.

Same ``sys.argv``, ``__name__ == "__main__"``, working directory and exit status; the script's
folder first on ``sys.path``; its tracebacks printed as Python prints them, with tf1-lessons'
own frames left out. A TF1 API that cannot be provided stops the script where it is first
used, with exit status 3.
"""

from __future__ import annotations

import contextlib
import os
import random
import runpy
import sys
import traceback
from pathlib import Path

from .. import _io

UNAVAILABLE_STATUS = 3
TF2_STATUS = 2  # refused before the run, as bad input is: the program is TF 2 code (tf2code)
_OWN = (str(Path(__file__).resolve().parent), os.path.dirname(runpy.__file__) + os.sep + "runpy.py")


def _ours(filename: str) -> bool:
    if filename == "<frozen runpy>":
        return True
    real = os.path.realpath(filename)
    return real.startswith(_OWN[0] + os.sep) or real == _OWN[1]


def _filtered(te: traceback.TracebackException) -> traceback.TracebackException:
    te.stack = traceback.StackSummary.from_list([f for f in te.stack if not _ours(f.filename)])
    for chained in (te.__cause__, te.__context__):
        if chained is not None:
            _filtered(chained)
    return te


def print_traceback(exc: BaseException) -> None:
    te = _filtered(traceback.TracebackException.from_exception(exc))
    sys.stderr.write("".join(te.format()))


def _exit_status(code) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)  # what Python does with sys.exit("message")
    return 1


class Figures:
    """``plt.show()`` without a display: each open figure saved as ``figure-N.png`` under ``out``."""

    def __init__(self, out: Path | None):
        self.out, self.count, self.saved = out, 0, []

    def __call__(self, pyplot):
        from .runtime import notice

        if self.out is None:
            notice("plt.show(): no display here; pass --out DIR to save each figure as a PNG")
            return
        for number in pyplot.get_fignums():
            self.out.mkdir(parents=True, exist_ok=True)
            self.count += 1
            path = self.out / f"figure-{self.count}.png"
            try:
                with _io.atomic_path(path) as tmp:
                    pyplot.figure(number).savefig(tmp, format="png", metadata=_io.picture_metadata("png"))
            except OSError as exc:  # a file of the user's in the way: the script goes on
                print(f"tf1-lessons: plt.show(): figure not saved: {exc}", file=sys.stderr)
                continue
            self.saved.append(path)
            print(f"tf1-lessons: plt.show() saved {path}", file=sys.stderr)
        pyplot.close("all")  # as closing the windows did: the next show() has only new figures


def run(
    script: Path,
    args: list[str],
    seed: int | None = None,
    max_steps: int | None = None,
    out: Path | None = None,
    record: bool = False,
    watch=None,
    module: str | None = None,
    settings: dict | None = None,
    train_size: int | None = None,
    save_start: Path | None = None,
    py2: bool = False,
    tf1_packages: dict | None = None,
):
    """Run ``script``; returns (exit status, recorder or None, figures). ``watch``: a context
    manager entered around the script (TensorBoard's graph recording). With ``module``, that
    module runs as ``python -m`` runs it (``script`` then only names the curve): the current
    folder is first on ``sys.path`` and the user's code. ``settings`` (checked already, see
    :mod:`.budgets`) replace the script's top-level literals; ``train_size`` limits input_data;
    ``save_start``: the folder for the run's start (initial variables, batches: :mod:`.start`);
    ``py2``: translate the script from Python 2 even where it compiles as Python 3 (:mod:`.py2`;
    a script, or a module of the user's, that only Python 2 can compile is translated anyway);
    ``tf1_packages``: installed TF1 code served the TF1 API too (:func:`.packages.discover`)."""
    from ..datasets import DataError
    from . import budgets, runtime
    from .recorder import MaxStepsReached, Recorder

    figures = Figures(out)
    code = None
    if module is None:  # compiled before TensorFlow loads: a file Python cannot read fails at once, as python's does
        try:
            code = _compiled(script, settings, py2)
        except SyntaxError as exc:
            print_traceback(exc)
            return 1, None, figures
        from . import tf2code

        why = None if py2 else tf2code.of_source(script.read_bytes().decode("utf-8", "replace"), str(script))
        if why:  # its eager calls would fail in TF1's graph mode; python runs it as it is
            print(f"tf1-lessons: {script.name} is TF 2 code: {why}. Run it with python", file=sys.stderr)
            return TF2_STATUS, None, figures
    runtime.install(on_show=figures)
    from ..compat import tf, v1

    recorder = None
    if record or max_steps is not None or save_start is not None:
        recorder = Recorder(script.stem, seed, max_steps)
        recorder.install(v1, tf)
    from . import start

    begun = start.install(save_start) if save_start is not None else None
    from tensorflow.python.framework import ops

    if ops._default_graph_stack._global_default_graph is not None and not tf.executing_eagerly():  # noqa: SLF001
        v1.reset_default_graph()  # a script starts from an empty graph, as `python SCRIPT` does
    _seed_everything(seed, tf, v1)

    # What the script's own code is: its folder, sys.path[0] (for -m, the current folder, as Python puts it).
    root = Path.cwd() if module is not None else script.resolve().parent
    runtime.add_user_root(root)
    runtime.add_tf1_packages(tf1_packages or {})
    from . import py2 as python2

    python2.install_module_finder()  # the program's own Python 2 modules, translated as they load
    saved_argv, saved_path = sys.argv[:], sys.path[:]
    sys.argv = [str(script) if module is None else "-m", *args]  # runpy sets -m's argv[0] to the module's file
    sys.path.insert(0, str(root))
    status = 0

    from .. import progress

    shown = progress.steps(max_steps, script.name) if recorder is not None else contextlib.nullcontext()
    budgets.train_size, budgets.train_size_used = train_size, False
    try:
        with watch if watch is not None else contextlib.nullcontext(), shown:
            if module is None:
                run_code(code, script)
            else:
                runpy.run_module(module, run_name="__main__", alter_sys=True)
    except MaxStepsReached:
        print(f"tf1-lessons: stopped after {max_steps} training steps (--max-steps {max_steps})", file=sys.stderr)
    except SystemExit as exc:
        status = _exit_status(exc.code)
    except runtime.Unavailable as exc:
        print(f"tf1-lessons: {exc.message()}", file=sys.stderr)
        status = UNAVAILABLE_STATUS
    except DataError as exc:  # input_data's files missing or damaged: what to do, not our traceback
        package = str(Path(__file__).resolve().parents[1]) + os.sep  # the data loaders are ours too
        frames = [
            f
            for f in traceback.extract_tb(exc.__traceback__)
            if not _ours(f.filename) and not os.path.realpath(f.filename).startswith(package)
        ]
        where = f" ({Path(frames[-1].filename).name}, line {frames[-1].lineno})" if frames else ""
        print(f"tf1-lessons: {exc}{where}", file=sys.stderr)
        status = 1
    except KeyboardInterrupt:
        print("KeyboardInterrupt", file=sys.stderr)
        status = 130
    except BaseException as exc:  # the script's own error: shown as Python would show it
        print_traceback(exc)
        from .packages import hint

        advice = hint(exc, runtime.is_user_file) or _numpy_hint(exc)  # a cause we know but cannot serve
        if advice:
            print(f"tf1-lessons: {advice}", file=sys.stderr)
        status = 1
    finally:
        sys.argv, sys.path[:] = saved_argv, saved_path
        if recorder is not None:
            recorder.uninstall()  # this run's steps and --max-steps end with it
        _end_seeding()  # graphs made after this run get no default seed from it
        python2.end_of_program()  # a last `print x,` of a Python 2 program: its line ended
        sys.stdout.flush()
        # What an option did not do is said of a run that went through, not of one that failed.
        if train_size is not None and not budgets.train_size_used and status == 0:
            print(
                f"tf1-lessons: --train-size {train_size}: {script.name} read no input_data training set, "
                "so nothing was limited",
                file=sys.stderr,
            )
        budgets.train_size = None
        if begun is not None:
            start.uninstall()
            for path in begun.save():
                print(f"tf1-lessons: the run's start saved to {path}", file=sys.stderr)
            if begun.variables is None and status == 0:
                print(
                    f"tf1-lessons: --save-start: {script.name} ran no variables initializer; no variables.npz",
                    file=sys.stderr,
                )
    return status, recorder, figures


def _numpy_hint(exc: BaseException) -> str | None:
    """What a TF1-era NumPy did that today's refuses and the runtime cannot serve (a method of
    NumPy's C array type): ``int(a)`` / ``float(a)`` of a one-element array, char-rnn's sampler."""
    if isinstance(exc, TypeError) and "only 0-dimensional arrays can be converted to Python scalars" in str(exc):
        import numpy as np

        return (
            f"NumPy {np.__version__} no longer turns a one-element array into a number (int(a), float(a)), as the "
            "NumPy of TF1's time did; the script needs a.item() (or a[0]) there"
        )
    return None


def _compiled(script: Path, settings: dict | None, py2: bool):
    """The script's code, read once: compiled straight from its bytes (as runpy compiles them, so
    an undecodable file gets Python's own SyntaxError), or through its parsed tree where --set
    changes it or it is Python 2 (translated; or where --py2 says so). Neither Python 3 nor 2:
    Python 3's own SyntaxError, as python shows it."""
    from importlib.util import decode_source

    from . import budgets
    from . import py2 as python2

    data = script.read_bytes()
    if not py2:
        # python2 on its first line, or a project whose metadata says Python 2 only: Python 2's
        # meaning even where it compiles as Python 3
        reason = python2.declared(data.split(b"\n", 1)[0].decode("utf-8", "replace")) or python2.project_declared(
            str(script)
        )
        if reason:
            from .runtime import notice

            notice(f"{script.name} is read as Python 2: {reason}")
            py2 = True
    problem = None
    if not (settings or py2):
        try:
            return compile(data, str(script), "exec", dont_inherit=True)
        except SyntaxError as error:
            problem = error  # Python 2, or an error: parse_any tells which
    source = None
    with contextlib.suppress(SyntaxError, UnicodeDecodeError):
        source = decode_source(data)  # as Python decodes a file: its coding line, or UTF-8
    if source is None:  # not text Python can read: its own error, raised outside any handler
        raise problem if problem is not None else SyntaxError(f"{script}: cannot be decoded as Python source")
    tree, done = python2.parse_any(source, str(script), force=py2)
    if done is not None:
        python2.notice(script.name, done)
    if settings:
        tree = budgets.Override(settings).visit(tree)
    return compile(tree, str(script), "exec", dont_inherit=True)


def run_code(code, script: Path, namespace: dict | None = None) -> None:
    """``code`` (the script compiled with its --set values, or translated) run as runpy.run_path
    runs a file: as ``__main__``, with the script's ``__file__``, a fresh namespace, the real
    ``__main__`` put back afterwards. ``namespace``: a dict that gets the script's globals when
    it ends (what a plain lesson's curve is read from)."""
    import builtins
    import types

    main = types.ModuleType("__main__")
    main.__dict__.update(__file__=str(script), __cached__=None, __loader__=None, __package__="", __spec__=None)
    main.__builtins__ = builtins
    saved = sys.modules.get("__main__")
    sys.modules["__main__"] = main
    try:
        exec(code, main.__dict__)  # noqa: S102 - the user's own program, as python would run it
    finally:
        sys.modules["__main__"] = saved
        if namespace is not None:
            namespace.update(main.__dict__)


_graph_seed: int | None = None  # the --seed of the run in progress: every graph made gets it
_graph_hooked = False


def _end_seeding() -> None:
    global _graph_seed
    _graph_seed = None


def _seed_everything(seed: int | None, tf, v1) -> None:
    """Default seeds for a script: graph-level (every graph it makes), numpy, Python; and
    deterministic kernels. A script's own ``tf.set_random_seed`` replaces the graph seed.
    ``None`` (a run without --seed, after one with it in the same process) clears the default."""
    global _graph_seed, _graph_hooked
    from tensorflow.python.framework import ops

    _graph_seed = seed
    if seed is None:
        return
    random.seed(seed)
    import numpy as np

    np.random.seed(seed)
    # The default graph is made on first use; seeding it now would make it, and a script that
    # starts with tf.enable_eager_execution() must find no graph yet. So every graph gets the
    # seed as it is made, and one made already gets it here.
    if ops._default_graph_stack._global_default_graph is not None:  # noqa: SLF001
        v1.set_random_seed(seed)
    if not _graph_hooked:  # once per process; the seed itself is per run
        _graph_hooked = True
        graph_init = ops.Graph.__init__

        def __init__(self, *args, **kwargs):
            graph_init(self, *args, **kwargs)
            if _graph_seed is not None:
                self.seed = _graph_seed

        from . import patches

        patches.apply("graph-seed", lambda _: __init__)
    tf.config.experimental.enable_op_determinism()

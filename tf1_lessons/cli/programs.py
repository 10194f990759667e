"""The commands that run TF1 programs the user brings: exec (scripts, ``-m`` modules, notebooks,
``--against-tf1``), scan, kernel, and patches (the runtime's patch table). They serve
``tf1_lessons.tf1``, the TF1 runtime; nothing here knows the lessons."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from .common import _add_overwrite, _board, _check_out, _check_target, _positive_int, _seed


def _find_module(parser, name: str) -> None:
    """``exec -m NAME``: refuse, before anything runs, a module Python would not find (the current
    folder first, as ``python -m`` looks). Only the top-level name is looked up: finding a
    submodule would run its package's ``__init__``, which is the user's TF1 code."""
    import importlib.util

    top = name.split(".")[0]
    if not all(part.isidentifier() for part in name.split(".")):
        parser.error(f"argument -m: {name!r} is not a module name (python -m takes dotted names: pkg.module)")
    sys.path.insert(0, os.getcwd())
    try:
        found = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        found = None
    finally:
        sys.path.pop(0)
    if found is None:
        parser.error(
            f"argument -m: no module named {top!r} in {os.getcwd()} or the installed packages; run from the "
            "folder that holds it (as python -m does)"
        )


def _cmd_exec(args, parser) -> int:
    """Run an unmodified TF1 script or module (tf1_lessons.tf1.runner) or notebook (tf1.nbexec)."""
    script = args.script
    if args.module is not None:
        _find_module(parser, args.module)
        if args.against_tf1 is not None:
            parser.error("argument --against-tf1: compares scripts; name the module's file instead of -m")
        # No file is run by name: this one names the curve, its plot and --check's recording.
        script = Path(f"{args.module.rsplit('.', 1)[-1]}.py")
    elif script is None:
        parser.error("argument SCRIPT: name the .py script or .ipynb notebook to run, or -m MODULE")
    elif script.is_dir():
        parser.error(
            f"argument SCRIPT: {script} is a folder; name the .py script or .ipynb notebook to run in it "
            f"(`tf1-lessons scan {script}` lists them)"
        )
    elif not script.is_file():
        parser.error(f"argument SCRIPT: {script} is not a file")
    if args.check is not None and args.check.is_dir():
        parser.error(f"argument --check: {args.check} is a folder; name the .json file `--record` wrote")
    if args.record is not None:
        _check_target(parser, args.record, "--record", "the curve", running=script)
    _check_out(parser, args.out)
    if args.out is not None and script.suffix.lower() != ".ipynb":
        _check_target(parser, args.out / f"{script.stem}.json", "--out", "the curve", running=script, given="folder")
        _check_target(parser, args.out / f"{script.stem}.png", "--out", "the curve's plot", given="folder")
    mistaken = [a for a in args.args if a.split("=")[0] in EXEC_OPTIONS]
    if mistaken and args.module is None:  # most likely meant for exec; still handed to the script, as Python would
        print(
            f"tf1-lessons: {mistaken[0]} comes after the script, so it is the script's own argument; exec's options go "
            f"before SCRIPT (tf1-lessons exec {mistaken[0]} ... {script.name})",
            file=sys.stderr,
        )
    notebook = None
    if script.suffix.lower() == ".ipynb" and args.module is None:
        notebook = _read_notebook(args, parser, script)
        from ..tf1 import nbexec

        _check_target(
            parser,
            nbexec.output_path(script, args.out),
            "--out" if args.out else "SCRIPT",
            "the executed notebook",
            running=script,
        )
    settings = _check_settings(parser, args, script, notebook)
    if args.save_start is not None:
        if notebook is not None or args.against_tf1 is not None:
            parser.error("argument --save-start: for a script or -m module run by exec alone")
        _check_out(parser, args.save_start, "--save-start")
        for name in ("variables.npz", "batches.npz"):
            _check_target(parser, args.save_start / name, "--save-start", "the run's start")
    if args.against_tf1 is not None:
        return _exec_against(args, parser, settings)
    tf1_packages = _tf1_packages(parser, args, script)
    reference = None
    if args.check is not None:
        from ..curves import LearningCurve

        if not args.check.is_file():
            parser.error(f"argument --check: {args.check} does not exist; record one first with --record {args.check}")
        if args.check.resolve() == script.resolve():
            parser.error(
                f"argument --check: {args.check} is the {'notebook' if notebook is not None else 'script'} being run, "
                f"not a curve; name the .json file that `exec --record` wrote (e.g. --record {script.stem}.json)"
            )
        try:
            reference = LearningCurve.load(args.check)
        except (ValueError, KeyError, OSError) as exc:
            if "envelope" in args.check.read_text(encoding="utf-8", errors="replace")[:100000]:
                parser.error(
                    f"argument --check: {args.check} is a golden envelope (a lesson's, or `pytest --tf1`'s), not "
                    f"a curve recorded by `exec --record`; check labs with `pytest --tf1`, lessons with "
                    f"`tf1-lessons check LESSON`"
                )
            parser.error(
                f"argument --check: {args.check} is not a curve file ({exc}); name the .json file that "
                f"`exec --record` wrote, or record one (--record {script.stem}.json)"
            )
        if reference.lesson != script.stem:
            parser.error(
                f"argument --check: {args.check} was recorded from {reference.lesson}.py, not from "
                f"{script.name}; record this script's with --record"
            )
    if args.trace_seeds:
        parser.error("argument --trace-seeds: only with --against-tf1 PYTHON")
    rtol = 1e-4 if args.rtol is None else args.rtol
    atol = 1e-6 if args.atol is None else args.atol
    if reference is None and (args.rtol is not None or args.atol is not None):
        parser.error("arguments --rtol/--atol: only with --check GOLDEN.json or --against-tf1 PYTHON")
    board = _board(parser, args)
    keep = args.record is not None or args.out is not None or reference is not None or board is not None
    if notebook is not None:
        status, curve = _exec_notebook(args, script, notebook, keep, settings)
    else:
        from ..tf1 import runner

        status, recorder, _ = runner.run(
            script,
            args.args,
            module=args.module,
            seed=args.seed,
            max_steps=args.max_steps,
            out=args.out,
            record=keep,
            watch=board.watching(script.stem) if board is not None else None,
            settings=settings,
            train_size=args.train_size,
            save_start=args.save_start,
            py2=args.py2,
            tf1_packages=tf1_packages,
        )
        curve = None if recorder is None else recorder.curve
        if curve is not None and board is not None and len(curve):
            print(f"tf1-lessons: TensorBoard logs in {board.write({script.stem: curve})}", file=sys.stderr)
    if curve is None:
        return status
    if not len(curve):
        print(
            "tf1-lessons: no training step was recorded (no Session.run fetched an optimizer's update)", file=sys.stderr
        )
    try:
        if args.record is not None:
            print(f"tf1-lessons: curve saved to {curve.save(args.record)}", file=sys.stderr)
        if args.out is not None and len(curve):
            from ..plot import plot

            name = script.stem
            print(f"tf1-lessons: curve saved to {curve.save(args.out / f'{name}.json')}", file=sys.stderr)
            print(
                f"tf1-lessons: plot saved to {plot([curve], args.out / f'{name}.png', title=script.name)}",
                file=sys.stderr,
            )
    except OSError as exc:  # checked before the run, but the folder can change meanwhile: keep the run
        kept = curve.save(Path(tempfile.mkdtemp(prefix="tf1-lessons-")) / f"{script.stem}.json")
        print(f"tf1-lessons: could not save ({exc.strerror or exc}); the curve is kept in {kept}", file=sys.stderr)
        status = status or 1
    if reference is not None:
        from ..compare import compare

        try:
            comparison = compare(curve, reference, tolerances={"default": {"rtol": rtol, "atol": atol}})
        except ValueError as exc:
            print(f"tf1-lessons: --check {args.check}: {exc}", file=sys.stderr)
            return 1
        print(f"\n{comparison}", file=sys.stderr)
        if not comparison.ok:
            print(f"tf1-lessons: the curve left {args.check} (rtol {rtol}, atol {atol})", file=sys.stderr)
            return status or 1
        print(f"tf1-lessons: the curve matches {args.check}", file=sys.stderr)
    return status


def _check_settings(parser, args, script: Path, notebook) -> dict:
    """exec's ``--set`` values, checked against the program before anything runs (tf1.budgets)."""
    if not args.settings:
        return {}
    from ..tf1 import budgets

    if args.module is not None:
        parser.error("argument --set: sets a script's or notebook's top-level assignments; name the module's file")
    try:
        if notebook is not None:
            from ..tf1.py2 import parse_any
            from ..tf1.scan import notebook_python

            tree = parse_any(notebook_python(script)[0], str(script))[0]
        else:
            tree = budgets.read(script)
    except (SyntaxError, ValueError) as exc:
        parser.error(f"argument --set: {script} cannot be read as Python ({type(exc).__name__}: {exc})")
    try:
        return budgets.resolve(args.settings, tree, script.name)
    except budgets.BudgetError as exc:
        parser.error(f"argument {exc}")


def _read_notebook(args, parser, script: Path):
    """The notebook ``exec`` was given, read and checked before any kernel starts."""
    if args.args:
        parser.error(
            f"argument ARGS: a notebook takes no arguments ({' '.join(args.args)}); exec's options go before "
            f"{script.name}"
        )
    if args.against_tf1 is not None:
        parser.error(
            f"argument --against-tf1: compares scripts; export {script.name} as one first "
            f"(jupyter nbconvert --to script {script.name})"
        )
    from ..tf1 import nbexec

    try:
        return nbexec.read(script)
    except nbexec.NotebookInputError as exc:
        parser.error(f"argument SCRIPT: {exc}")


def _exec_notebook(args, script: Path, nb, keep: bool, settings: dict):
    """``exec NOTEBOOK.ipynb``: see tf1_lessons.tf1.nbexec. Returns (status, curve or None)."""
    from ..tf1 import nbexec
    from ..tf1 import py2 as python2

    target = nbexec.output_path(script, args.out)
    reason = None if args.py2 else python2.declared(notebook=nb)
    if reason:  # a Python 2 notebook: its cells mean Python 2's even where they compile as Python 3
        print(f"tf1-lessons: {script.name} is read as Python 2: {reason}", file=sys.stderr)
    status, curve, run = nbexec.run(
        script,
        nb,
        target,
        seed=args.seed,
        max_steps=args.max_steps,
        settings=settings,
        train_size=args.train_size,
        py2=args.py2 or bool(reason),
        figures=args.out,
        tensorboard=args.tensorboard,
        record=keep,
    )
    if run.cut is not None:
        print(f"tf1-lessons: --max-steps {args.max_steps} cut {nbexec.name(nb, run.cut)} short", file=sys.stderr)
    if run.failed is not None:
        index, exc = run.failed
        what = "uses a TF1 API that cannot be provided" if status == nbexec.UNAVAILABLE_STATUS else "failed"
        print(
            f"tf1-lessons: {nbexec.name(nb, index)} {what}: {exc.ename}"
            + (f": {exc.evalue}" if exc.evalue and status != nbexec.UNAVAILABLE_STATUS else "")
            + "; the cells after it did not run",
            file=sys.stderr,
        )
    kept = "the partly executed notebook" if status else "the executed notebook"
    print(f"tf1-lessons: {kept} is in {target}", file=sys.stderr)
    return status, curve


def _cmd_kernel(args, parser) -> int:
    """``kernel install|remove``: the "Python 3 (TF1, tf1-lessons)" Jupyter kernel."""
    try:
        from ..tf1 import kernel
    except ImportError as exc:  # pragma: no cover - the package's own module
        parser.error(str(exc))
    try:
        import jupyter_client  # noqa: F401
    except ImportError:
        print("tf1-lessons: the kernel needs the notebook extra: pip install 'tf1-lessons[notebook]'", file=sys.stderr)
        return 1
    prefix = sys.prefix if args.sys_prefix else (str(args.prefix) if args.prefix is not None else None)
    try:
        if args.action == "install":
            folder = kernel.install(user=args.user, prefix=prefix, overwrite=args.overwrite)
            print(f'Installed kernel "{kernel.DISPLAY_NAME}" ({kernel.KERNEL_NAME}) in {folder}')
            return 0
        folder = kernel.remove(user=args.user, prefix=prefix, overwrite=args.overwrite)
    except OSError as exc:  # not permitted, or --prefix under a file or where nothing can be made (/proc)
        if args.action == "install":
            fix = "give --prefix a folder you can write" if args.prefix is not None else "install with --user"
            fix += ", or --sys-prefix (this virtualenv)"
        else:
            fix = "run as the user who installed it"
        print(
            f"tf1-lessons: cannot write {exc.filename or 'the kernel folder'} ({exc.strerror}); {fix}", file=sys.stderr
        )
        return 1
    except kernel.NotOurKernel as exc:
        print(f"tf1-lessons: {exc}; left as it is. Add --overwrite to {args.action} it anyway", file=sys.stderr)
        return 1
    if folder is None:
        asked = args.user or prefix is not None
        where = kernel.destination(args.user, prefix) if asked else "any folder Jupyter reads"
        elsewhere = kernel.installed()
        if elsewhere:
            hint = "It is installed in " + "; ".join(
                f"{found}: `tf1-lessons kernel remove{'' if option.startswith('system') else ' ' + option}`"
                for option, found in elsewhere
            )
        else:
            looked = "\n  ".join(f"{folder} ({option})" for option, folder in kernel.places())
            hint = (
                f"Looked in:\n  {looked}\nA kernel installed with `kernel install --prefix P` is found only under "
                "that prefix: `tf1-lessons kernel remove --prefix P`"
            )
        print(
            f"tf1-lessons: no kernel {kernel.KERNEL_NAME!r} in {where}; nothing removed. {hint}",
            file=sys.stderr,
        )
        return 1
    print(f"Removed kernel {kernel.KERNEL_NAME} from {folder}")
    return 0


def _exec_against(args, parser, settings: dict) -> int:
    """``exec --against-tf1 PYTHON SCRIPT``: see tf1_lessons.tf1.against."""
    others = [
        f"--{n.replace('_', '-')}" for n in ("record", "check", "tensorboard", "atol") if getattr(args, n) is not None
    ]
    if others:
        parser.error(f"argument --against-tf1: compares printed numbers only; drop {', '.join(others)}")
    if args.rtol is not None and not args.rtol >= 0:
        parser.error(f"argument --rtol: {args.rtol} is not a relative tolerance (0 or more)")
    from ..tf1 import against

    try:
        return against.against(
            args.against_tf1,
            args.script,
            args.args,
            seed=args.seed,
            max_steps=args.max_steps,
            rtol=args.rtol or 0.0,
            out=args.out,
            trace=args.trace_seeds,
            budget=against.budget_options(settings, args.train_size),
        )
    except against.NotTF1 as exc:
        print(f"tf1-lessons: argument --against-tf1: {exc}", file=sys.stderr)
        return 2


def _cmd_patches(args, parser) -> int:
    """``patches``: the runtime's patch table (tf1.patches), as Markdown; nothing is loaded."""
    from ..tf1 import patches

    print(patches.table_text())
    return 0


def _cmd_scan(args, parser) -> int:
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")
    from ..tf1 import scan

    reports = scan.scan_paths(args.paths)
    for report in reports:
        print(scan.format_report(report) + "\n")
    from ..tf1 import packages
    from ..tf1.runtime import PACKAGE_DIR

    first = args.paths[0] if args.paths[0].is_dir() else args.paths[0].parent
    try:
        served = packages.discover(first.resolve(), exclude=[PACKAGE_DIR])
    except ValueError as exc:
        parser.error(str(exc))
    installed = scan.installed_uses(args.paths, reports, served)
    if installed:
        print(scan.format_installed(installed) + "\n")
    wont = [r for r in reports if not r.runs]
    wont_installed = [u for u in installed if u.served is None]
    print(
        f"Total: {len(reports)} file(s): {len(reports) - len(wont)} should run, {len(wont)} won't"
        + (f" ({', '.join(r.path.name for r in wont)})" if wont else "")
        + (f"; installed TF1 code not served: {', '.join(u.package for u in wont_installed)}" if wont_installed else "")
    )
    return 0 if not wont and not wont_installed else 1


def _tf1_packages(parser, args, script: Path) -> dict:
    """The installed code this run serves TF1 to (--tf1-package, pyproject.toml's tf1-packages, the
    project's editable installs, distributions requiring TensorFlow 1), checked before TensorFlow loads."""
    from ..tf1 import packages
    from ..tf1.runtime import PACKAGE_DIR

    folder = Path.cwd() if args.module is not None else script.resolve().parent
    try:
        return packages.discover(folder, named=args.tf1_packages, exclude=[PACKAGE_DIR])
    except ValueError as exc:
        parser.error(str(exc))


EXEC_OPTIONS = (
    "--record",
    "--out",
    "--max-steps",
    "--set",
    "--train-size",
    "--save-start",
    "--seed",
    "--tensorboard",
    "--check",
    "--rtol",
    "--atol",
    "--against-tf1",
    "--trace-seeds",
    "--overwrite",
    "--py2",
    "--tf1-package",
)


_EXEC_VALUES = set(EXEC_OPTIONS) - {"--trace-seeds", "--overwrite", "--py2"}


def _split_module(argv: list[str]) -> tuple[list[str], list[str] | None]:
    """``exec [options] -m MODULE ARGS...``: as with ``python -m``, everything after MODULE is the
    module's, options included. Returns (what exec parses, the module's arguments or None)."""
    if argv[:1] != ["exec"]:
        return argv, None
    i = 1
    while i < len(argv):
        arg = argv[i]
        if arg == "-m" and i + 1 < len(argv):
            return argv[: i + 2], argv[i + 2 :]
        if arg.startswith("-m") and len(arg) > 2:  # -mpkg.module, as python takes it
            return [*argv[:i], "-m", arg[2:]], argv[i + 1 :]
        if not arg.startswith("-"):  # the script: what follows is its own
            break
        i += 2 if arg in _EXEC_VALUES else 1
    return argv, None


def add_parsers(sub) -> None:
    """exec's, kernel's, patches' and scan's parsers."""
    p = sub.add_parser(
        "exec",
        help="run an unmodified TF1 script or notebook on today's TensorFlow",
        description="Runs SCRIPT as `python SCRIPT ARGS...` would, with `import tensorflow` giving the "
        "TF1 API (tf.compat.v1, tf.contrib, input_data). Options go before SCRIPT; "
        "everything after it is the script's own. Exit status: the script's; 3 when it "
        "uses a TF1 API that cannot be provided. A NOTEBOOK.ipynb runs top to bottom on the TF1 kernel; "
        "the executed notebook is written as NOTEBOOK.tf1.ipynb beside it (or into --out), and a failing "
        "cell stops the run (exit 1).",
    )
    p.set_defaults(parser=p)
    p.add_argument(
        "--record",
        type=Path,
        default=None,
        metavar="FILE.json",
        help="save the learning curve (loss per training step)",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="save the curve JSON, its plot, and plt.show() figures here (a notebook: the executed notebook "
        "and its inline figures too)",
    )
    p.add_argument(
        "--max-steps",
        dest="max_steps",
        type=_positive_int,
        default=None,
        metavar="N",
        help="stop cleanly after N training steps (the curve is kept; exit 0)",
    )
    p.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="run with a top-level `NAME = literal` of the script (or a notebook cell) set to VALUE, the file "
        "untouched: a short run of a whole program (--set training_epochs=1). Repeatable",
    )
    p.add_argument(
        "--py2",
        action="store_true",
        help="the script is Python 2: translate it in memory even where it compiles as Python 3 (a file only "
        "Python 2 can compile is translated anyway); e.g. for its integer division",
    )
    p.add_argument(
        "--tf1-package",
        dest="tf1_packages",
        action="append",
        default=[],
        metavar="NAME",
        help="an installed package that is TF1 code: its `import tensorflow` gets the TF1 API, as the script's "
        "does (installed code gets TensorFlow 2 otherwise). Repeatable; also [tool.tf1-lessons] tf1-packages in "
        "pyproject.toml",
    )
    p.add_argument(
        "--save-start",
        dest="save_start",
        type=Path,
        default=None,
        metavar="DIR",
        help="write the run's start for an eager twin: DIR/variables.npz (every variable's value after the "
        "first initializer run, by name) and DIR/batches.npz (input_data's training batches, as indices)",
    )
    p.add_argument(
        "--train-size",
        dest="train_size",
        type=_positive_int,
        default=None,
        metavar="N",
        help="input_data serves the first N training examples (an epoch loop shrinks with it; the program still "
        "evaluates on the whole test set)",
    )
    p.add_argument(
        "--seed",
        type=_seed,
        default=None,
        metavar="S",
        help="default graph, numpy and Python seeds, PYTHONHASHSEED (the order of sets of strings), deterministic "
        "kernels (a script's own tf.set_random_seed wins)",
    )
    p.add_argument(
        "--tensorboard",
        type=Path,
        default=None,
        metavar="DIR",
        help="write TensorBoard logs of the run: the curve's scalars and the graph the script ran",
    )
    p.add_argument(
        "--check",
        type=Path,
        default=None,
        metavar="GOLDEN.json",
        help="compare the curve with one saved by --record; exit 1 with the side-by-side table if it leaves it",
    )
    p.add_argument(
        "--rtol",
        type=float,
        default=None,
        help="with --check: relative tolerance (default 1e-4); with --against-tf1: the largest relative "
        "difference of a printed number allowed (default 0: identical as printed)",
    )
    p.add_argument("--atol", type=float, default=None, help="with --check: absolute tolerance (default 1e-6)")
    p.add_argument(
        "--against-tf1",
        dest="against_tf1",
        default=None,
        metavar="PYTHON",
        help="run SCRIPT under PYTHON (a Python 3.7 with TensorFlow 1.15) and under exec, with the same "
        "--seed and --max-steps, and compare the numbers each printed; exit 1 where they part, 5 when "
        "no number was printed to compare",
    )
    p.add_argument(
        "--trace-seeds",
        dest="trace_seeds",
        action="store_true",
        help="with --against-tf1: also say where the two runs' op seeds first part (the op count behind "
        "each random op)",
    )
    _add_overwrite(p)
    p.add_argument(
        "-m",
        dest="module",
        default=None,
        metavar="MODULE",
        help="run a module as `python -m MODULE ARGS` does (the current folder first on sys.path; its package is "
        "TF1 code): a package's entry point, or `-m unittest` / `-m pytest` for a TF1 project's own tests. "
        "Everything after MODULE is its own",
    )
    p.add_argument(
        "script", type=Path, nargs="?", default=None, metavar="SCRIPT", help="a .py script, or a .ipynb notebook"
    )
    p.add_argument("args", nargs=argparse.REMAINDER, metavar="ARGS")
    p = sub.add_parser(
        "kernel",
        help='the "Python 3 (TF1, tf1-lessons)" Jupyter kernel: install or remove it',
        description="Registers a Jupyter kernel for this Python in which `import tensorflow as tf` is TF1 in "
        "every cell, as exec serves scripts. Where no kernel can be chosen (Colab), use `%load_ext tf1_lessons` "
        "as a notebook's first cell instead.",
    )
    p.set_defaults(parser=p)
    p.add_argument("action", choices=["install", "remove"])
    where = p.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="for the current user (~/.local/share/jupyter)")
    where.add_argument("--prefix", type=Path, default=None, metavar="P", help="under prefix P (P/share/jupyter)")
    where.add_argument("--sys-prefix", dest="sys_prefix", action="store_true", help="in this Python's prefix (a venv)")
    p.add_argument(
        "--overwrite",
        action="store_true",
        help="replace (or remove) a kernel of this name that tf1-lessons did not install",
    )
    p = sub.add_parser(
        "patches",
        help="what the TF1 runtime changes in TensorFlow, tf-keras, NumPy and Python, and why (its patch table)",
    )
    p.set_defaults(parser=p)
    p = sub.add_parser("scan", help="will these TF1 scripts and notebooks run? (reads them, runs nothing)")
    p.set_defaults(parser=p)
    p.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="scripts and notebooks, or folders searched for *.py and *.ipynb",
    )

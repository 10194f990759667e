"""``tf1-lessons``: list, show, copy, run, compare and check the lessons.

    tf1-lessons list
    tf1-lessons show LESSON                 # the script's path and source
    tf1-lessons copy LESSON [DIR]           # an editable copy: python DIR/lessonNN_x.py
    tf1-lessons run LESSON [--mode MODE|both] [--fixed] [--steps N] [--epochs N] [--train-size N] [--seed S] [--out DIR]
    tf1-lessons run LESSON --help           # that lesson's modes and budgets
    tf1-lessons compare LESSON [--steps N] [--seed S] [--out DIR]
    tf1-lessons check LESSON...|all [--regen [--with DIR]...]
    tf1-lessons graph LESSON [--out FILE.png|.svg] [--full]
    tf1-lessons notebook LESSON|all [--out DIR] [--execute]
    tf1-lessons exec [--record F] [--out DIR] [--max-steps N] [--seed S] [--check F] SCRIPT [ARGS...]
    tf1-lessons exec [options] NOTEBOOK.ipynb   # writes NOTEBOOK.tf1.ipynb (or into --out)
    tf1-lessons kernel install|remove [--user | --prefix P | --sys-prefix]
    tf1-lessons scan PATH...

A lesson script run directly (``python lessons/lesson01_linear_regression.py --mode both``)
takes the same options as ``run``. Every option is checked against the lesson's declaration
(read with ``ast``) before TensorFlow is imported, so a mistake is refused at once.
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
import tempfile
import time
from pathlib import Path

from . import registry

BUDGET_FLAGS = {"steps": "--steps", "epochs": "--epochs", "train_size": "--train-size"}


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


SEED_RANGE = 2**32  # numpy's seeds: 0 .. 2**32 - 1 (TensorFlow folds larger ones)


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 0 <= value < SEED_RANGE:
        raise argparse.ArgumentTypeError(f"must be between 0 and {SEED_RANGE - 1} (numpy's seed range), got {value}")
    return value


def _taking(lesson: registry.Lesson, key: str, modes=None) -> list[str]:
    """The lesson's modes (or those of ``modes``) that declare parameter ``key``."""
    return [m for m in (modes or lesson.modes) if key in lesson.mode_params(m)]


OVERWRITE_HELP = (
    "replace output files tf1-lessons did not write (by default such a file is left alone and the command refused)"
)


def _add_overwrite(p: argparse.ArgumentParser) -> None:
    p.add_argument("--overwrite", action="store_true", help=OVERWRITE_HELP)


def _add_lesson_options(p: argparse.ArgumentParser, lesson: registry.Lesson, with_mode: bool = True) -> None:
    """The options of one lesson, with its own modes, budgets and full-run values in the help.

    Options the lesson lacks are still accepted by the parser (hidden from the help), so that
    using one gets a message saying what the lesson takes instead of "unrecognized argument".
    """
    m, hidden = lesson.meta, argparse.SUPPRESS
    p.description = f"Lesson {m['number']}: {m['title']}. From document {m['document']}."
    p.epilog = f"Expected result: {m['expected']}. Full run: {m['full_run']}.\n"
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    if with_mode:
        first, twins = lesson.modes[0], lesson.twins
        both = f"; both = {' and '.join(twins)}, compared step by step" if len(twins) > 1 else ""
        p.add_argument(
            "--mode", default=None, metavar="MODE", help=f"one of: {', '.join(lesson.modes)} (default: {first}){both}"
        )
        p.add_argument(
            "--fixed", action="store_true", help=f"run the corrected version: {m['fixed']}" if "fixed" in m else hidden
        )
    elif len(lesson.twins) > 1:
        p.description += f" Compares {' and '.join(lesson.twins)} step by step."
    p.add_argument(
        "--seed",
        type=_seed,
        default=0,
        help="random seed (default 0), PYTHONHASHSEED too; same seed on CPU, same curve",
    )
    for key, flag in BUDGET_FLAGS.items():
        if key in lesson.budget:
            modes = _taking(lesson, key)
            help = (
                f"budget: {key.replace('_', ' ')} (full run: {lesson.budget[key]}; tests: "
                f"{lesson.test_budget.get(key)})" + ("" if modes == lesson.modes else f"; taken by {', '.join(modes)}")
            )
        else:
            help = hidden
        p.add_argument(flag, dest=key, type=_positive_int, default=None, help=help)
    p.add_argument(
        "--learning-rate",
        dest="learning_rate",
        type=float,
        default=None,
        help=f"override the document's learning rate ({m['learning_rate']})" if "learning_rate" in m else hidden,
    )
    p.add_argument("--out", type=Path, default=None, help="folder for the curves (JSON) and a plot (PNG)")
    p.add_argument(
        "--tensorboard",
        type=Path,
        default=None,
        metavar="DIR",
        help="write TensorBoard logs: one run per mode (scalars, the graph; weight histograms per epoch "
        "for CNN lessons)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print only the summary, not the lesson's own output")
    _add_overwrite(p)


def _modes(parser, lesson: registry.Lesson, mode: str | None) -> list[str]:
    if mode is None:
        return lesson.modes[:1]
    if mode == "both" and len(lesson.twins) > 1:
        return lesson.twins
    if mode not in lesson.modes:
        choices = lesson.modes + (["both"] if len(lesson.twins) > 1 else [])
        parser.error(f"argument --mode: invalid choice: {mode!r} (lesson {lesson.name!r} has: {', '.join(choices)})")
    return [mode]


def _budget(parser, lesson: registry.Lesson, modes, args) -> dict:
    """The lesson's full-run budget with the flags given; a flag no selected mode would use is refused."""
    budget = lesson.budget
    for key, flag in BUDGET_FLAGS.items():
        value = getattr(args, key, None)
        if value is None:
            continue
        if key not in budget:
            takes = ", ".join(BUDGET_FLAGS[k] for k in budget) or "no budget options"
            parser.error(f"lesson {lesson.name!r} has no {flag} budget; it takes {takes}")
        ignoring = [m for m in modes if m not in _taking(lesson, key, modes)]
        if ignoring:
            parser.error(
                f"mode {ignoring[0]!r} of lesson {lesson.name!r} takes no {flag}; "
                f"the modes that take it: {', '.join(_taking(lesson, key))}"
            )
        budget[key] = value
    return budget


def _options(parser, lesson: registry.Lesson, modes, args) -> dict:
    """--fixed and --learning-rate, for the lessons (and modes) that declare them."""
    options = {}
    if getattr(args, "fixed", False):
        if "fixed" not in lesson.meta:
            parser.error(f"lesson {lesson.name!r} has no --fixed version: it runs its document as written")
        options["fixed"] = True
    if getattr(args, "learning_rate", None) is not None:
        if "learning_rate" not in lesson.meta:
            parser.error(f"lesson {lesson.name!r} takes no --learning-rate")
        if not args.learning_rate > 0:
            parser.error(f"argument --learning-rate: must be positive, got {args.learning_rate}")
        options["learning_rate"] = args.learning_rate
    for mode in modes:
        for key in options:
            if key not in lesson.mode_params(mode):
                parser.error(f"mode {mode!r} of lesson {lesson.name!r} takes no --{key.replace('_', '-')}")
    return options


def run_modes(
    lesson: registry.Lesson,
    modes,
    seed: int,
    budget: dict,
    verbose: bool = True,
    timings: dict | None = None,
    board=None,
    **options,
):
    """Run each mode; returns its curves by label (a mode may return several, e.g. one per learning rate).
    ``timings``, when given, receives each curve's wall time in seconds (that of the mode that made it);
    ``board``, a :class:`tf1_lessons.board.Recording`, notes each mode's graph for TensorBoard."""
    import contextlib

    from . import progress

    curves = {}
    for mode in modes:
        if verbose and len(modes) > 1:
            print(f"\n=== {lesson.name}: {mode} mode ===")
        started = time.perf_counter()
        with (
            board.watching(mode, lesson, budget) if board is not None else contextlib.nullcontext(),
            progress.steps(lesson.planned_steps(mode, budget), f"{lesson.name} {mode}"),
        ):
            result = lesson.call(mode, seed, verbose, budget, **options)
        seconds = time.perf_counter() - started
        for curve in result if isinstance(result, list) else [result]:
            curves[curve.mode] = curve
            if timings is not None:
                timings[curve.mode] = seconds
    return curves


def _summary(lesson: registry.Lesson, curves: dict, timings: dict) -> str:
    """-q's output: per curve, its length, final loss, results and wall time."""
    lines = []
    for mode, curve in curves.items():
        losses = [m for m in curve.metrics if m.startswith("loss")]
        final = ", ".join(f"{m} {curve.last(m):.6g}" for m in losses if curve.series(m)[1]) or "no loss recorded"
        results = ", ".join(f"{k} {v:.6g}" for k, v in curve.results.items())
        lines.append(
            f"{lesson.name} [{mode}]: {len(curve)} {curve.unit}s, final {final}"
            + (f"; {results}" if results else "")
            + f"; {timings[mode]:.1f} s"
        )
    return "\n".join(lines)


def _check_out(parser, out: Path | None, option: str = "--out") -> None:
    """Refuse a folder ``option`` names that cannot be made or written into, before the run starts."""
    if out is None:
        return
    if out.exists() and not out.is_dir():
        parser.error(f"argument {option}: {out} is a file; name a folder (it is created if missing)")
    _probe_folder(parser, out, option, "name a folder you can write to")


def _probe_folder(parser, folder: Path, option: str, fix: str, target: Path | None = None) -> None:
    """Can ``folder`` be made (or written into, when it exists)? Nothing is left behind: a command
    refused by a later check must leave no folder. Its first missing part is made and removed at
    once, or, when it exists, a file is created in it and removed."""
    absolute = folder.absolute()
    existing = next(p for p in [absolute, *absolute.parents] if p.exists())
    if not existing.is_dir():
        if not folder.is_absolute() and existing.is_relative_to(Path.cwd()):
            existing = existing.relative_to(Path.cwd())  # as the user wrote it
        made = f"{target} cannot be written" if target is not None else f"{folder} cannot be made"
        parser.error(f"argument {option}: {existing} is a file, so {made}; {fix}")
    try:
        if existing != absolute:
            first = existing / absolute.relative_to(existing).parts[0]
            try:
                os.mkdir(first)
            except OSError as exc:
                parser.error(f"argument {option}: cannot create the folder {first} ({exc.strerror or exc}); {fix}")
            os.rmdir(first)
        else:
            with tempfile.NamedTemporaryFile(dir=existing, prefix=".tf1-lessons-probe-"):
                pass
    except OSError as exc:
        parser.error(f"argument {option}: cannot write into {existing} ({exc.strerror or exc}); {fix}")


def _check_target(parser, path: Path, option: str, what: str, running: Path | None = None) -> None:
    """Refuse, before the run, a file ``option`` would write that is not ours to replace: the
    script being run, or any file tf1-lessons did not write (unless --overwrite). ``what``: what
    is written there ("the curve", "the picture")."""
    from . import _io

    if path.is_dir():
        parser.error(f"argument {option}: {path} is a folder; name the file for {what}")
    if running is not None and path.exists() and path.resolve() == running.resolve():
        parser.error(
            f"argument {option}: {path} is the {'notebook' if running.suffix == '.ipynb' else 'script'} being run; "
            f"name another file for {what} (e.g. {running.with_suffix('.json').name})"
        )
    if not _io.may_replace(path):
        parser.error(
            f"argument {option}: {_io.not_ours(path)}; {what} would replace it. Name another file, or add "
            "--overwrite to replace it"
        )
    _probe_folder(parser, path.parent, option, f"name a file in a folder you can write to for {what}", target=path)


def _save(out: Path, lesson: registry.Lesson, curves: dict, twins: bool = False) -> int:
    """Write the curves and the plot; if that fails, keep them in a temporary folder and say so (exit 1).
    ``twins``: the curves are the lesson's twins, drawn as a comparison (curves and their difference)."""
    from .plot import plot, plot_comparison

    # The title names what is drawn: the lesson, and the modes or runs in the picture.
    title = f"{lesson.meta['number']} {lesson.name}: " + (" vs ".join(curves) if twins else ", ".join(curves))

    def write(folder: Path) -> None:
        for mode, curve in curves.items():
            print(f"saved {curve.save(folder / f'{lesson.name}-{mode}.json')}")
        png = folder / f"{lesson.name}.png"
        if twins and len(curves) > 1:
            print(f"saved {plot_comparison(list(curves.values()), png, lesson.meta.get('twin_tolerance'), title)}")
        else:
            print(f"saved {plot(list(curves.values()), png, title=title)}")

    try:
        write(out)
        return 0
    except OSError as exc:
        fallback = Path(tempfile.mkdtemp(prefix=f"tf1-lessons-{lesson.name}-"))
        print(
            f"tf1-lessons: could not save into {out} ({exc.strerror or exc}); the run is kept in {fallback} instead",
            file=sys.stderr,
        )
        write(fallback)
        return 1


def _board(parser, args):
    """A TensorBoard recording for --tensorboard DIR (checked before the run), else None."""
    if getattr(args, "tensorboard", None) is None:
        return None
    _check_out(parser, args.tensorboard, "--tensorboard")
    from .board import Recording

    return Recording(args.tensorboard)


def _write_board(board, curves: dict) -> None:
    if board is not None and curves:
        print(f"TensorBoard logs in {board.write(curves)} (one run per mode): tensorboard --logdir {board.logdir}")


def _compare_and_print(lesson: registry.Lesson, curves: dict) -> bool:
    """Each twin against the first (the reference); True when all stay within tolerance."""
    from .compare import compare

    reference, *others = list(curves.values())
    ok = True
    for other in others:
        comparison = compare(other, reference, tolerances=lesson.meta.get("twin_tolerance"))
        print(f"\n{comparison}")
        ok = ok and comparison.ok
    return ok


def _cmd_list(args, parser) -> int:
    lessons = args.lessons
    if not lessons:
        try:
            registry.discover()  # says where it looked and what to set
        except FileNotFoundError as exc:
            parser.error(str(exc))
    # Columns as wide as their longest entry, so a long one ("12 min each") keeps the next in line.
    wide = {
        k: max([len(k.replace("_", " "))] + [len(str(each.meta[k])) for each in lessons.values()])
        for k in ("name", "document", "full_run")
    }
    print(
        f"{'lesson':<{wide['name']}} {'#':>2}  {'document':<{wide['document']}} {'full run':<{wide['full_run']}} expected result"  # noqa: E501 - one table row, its columns aligned
    )
    for lesson in lessons.values():
        m = lesson.meta
        print(
            f"{m['name']:<{wide['name']}} {m['number']:>2}  {m['document']:<{wide['document']}} {m['full_run']:<{wide['full_run']}} {m['expected']}"  # noqa: E501 - one table row, its columns aligned
        )
        # What `run` takes, under each row: its modes, which twins `--mode both` compares, budgets.
        modes = ", ".join(lesson.modes[:1]) + " (default)" + "".join(f", {x}" for x in lesson.modes[1:])
        both = f"; --mode both: {' vs '.join(lesson.twins)}" if len(lesson.twins) > 1 else ""
        budgets = ", ".join(
            f"{BUDGET_FLAGS[k]} {v} (tests {lesson.test_budget.get(k)})" for k, v in lesson.budget.items()
        )
        print(f"    modes: {modes}{both}")
        print(f"    budgets (full run): {budgets}")
        if "fixed" in m:
            print(f"    --fixed: {m['fixed']}")
    print("\n`tf1-lessons run LESSON --help` shows one lesson's options; `show`/`copy` give its source.")
    return 0


def _cmd_show(args, parser) -> int:
    lesson = args.lessons[args.lesson]
    # The path as a comment line, so `tf1-lessons show x > mine.py` is still a runnable script.
    print(f"# {lesson.path}")
    sys.stdout.write(lesson.path.read_text(encoding="utf-8"))
    return 0


def _cmd_copy(args, parser) -> int:
    from ._io import write_text

    lesson = args.lessons[args.lesson]
    folder = args.dir
    if folder.exists() and not folder.is_dir():
        parser.error(f"argument DIR: {folder} is a file; name a folder (it is created if missing)")
    target = folder / lesson.path.name
    if target.exists():
        parser.error(
            f"{target} already exists; not overwriting it (your changes may be in it). "
            "Remove or rename it, or name another folder"
        )
    # The lessons it loads by file name come along (lesson 9 builds on lesson 8), unless a copy
    # is there already: that one may hold the user's changes, and the copy will use it.
    needed = [p for p in registry.siblings(lesson) if not (folder / p.name).exists()]
    try:
        for source in [lesson.path, *needed]:
            write_text(folder / source.name, source.read_text(encoding="utf-8"))
    except OSError as exc:
        parser.error(f"argument DIR: cannot write into {folder} ({exc.strerror or exc})")
    also = f" (with {', '.join(p.name for p in needed)}, which it loads)" if needed else ""
    print(
        f"copied lesson {lesson.name} to {target}{also}\nchange it, then run it with:  python {target} "
        "[--mode ...] [--steps N]"
    )
    return 0


def _check_saves(parser, out: Path | None, lesson: registry.Lesson, modes) -> None:
    """--out DIR of run and compare: the folder, and the files ``_save`` will write into it."""
    _check_out(parser, out)
    if out is not None:
        for mode in modes:
            _check_target(parser, out / f"{lesson.name}-{mode}.json", "--out", f"the {mode} curve")
        _check_target(parser, out / f"{lesson.name}.png", "--out", "the plot")


def _cmd_run(args, parser, lesson=None) -> int:
    lesson = lesson or args.lessons[args.lesson]
    modes = _modes(parser, lesson, args.mode)
    _check_saves(parser, args.out, lesson, modes)
    options = _options(parser, lesson, modes, args)
    budget = _budget(parser, lesson, modes, args)
    timings = {}
    board = _board(parser, args)
    curves = run_modes(
        lesson, modes, args.seed, budget, verbose=not args.quiet, timings=timings, board=board, **options
    )
    if args.quiet:
        print(_summary(lesson, curves, timings))
    if len(modes) > 1:
        _compare_and_print(lesson, curves)
    _write_board(board, curves)
    return _save(args.out, lesson, curves, twins=len(modes) > 1 and modes == lesson.twins) if args.out else 0


def _cmd_compare(args, parser) -> int:
    lesson = args.lessons[args.lesson]
    if len(lesson.twins) < 2:
        parser.error(f"lesson {lesson.name!r} has a single mode ({lesson.modes[0]}); nothing to compare")
    _check_saves(parser, args.out, lesson, lesson.twins)
    budget = _budget(parser, lesson, lesson.twins, args)
    board = _board(parser, args)
    curves = run_modes(lesson, lesson.twins, args.seed, budget, verbose=not args.quiet, board=board)
    ok = _compare_and_print(lesson, curves)
    _write_board(board, curves)
    saved = _save(args.out, lesson, curves, twins=True) if args.out else 0
    return 0 if ok and saved == 0 else 1


def _cmd_check(args, parser) -> int:
    from . import golden

    lessons = args.lessons
    chosen = list(lessons) if args.lesson == ["all"] else args.lesson
    unknown = [n for n in chosen if n not in lessons]
    if unknown:
        parser.error(f"unknown lesson(s) {unknown}; choose from: {', '.join(lessons)}, or all")
    for folder in args.include:
        if not folder.is_dir():
            parser.error(
                f"argument --with: {folder} is not a folder of recorded curves (make one with `nox -s "
                "goldens-2.16 -- record`)"
            )
    if args.include and not args.regen:
        parser.error("argument --with: only used with --regen (it adds recorded variants to the envelope)")
    if not args.regen:  # options of re-recording would silently do nothing on a check
        given = [
            flag
            for flag, value in (("--variants", args.variants), ("--jobs", args.jobs), ("--keep", args.keep))
            if value is not None
        ]
        if given:
            parser.error(f"argument {given[0]}: only used with --regen (re-recording); drop it, or add --regen")
    paths = {n: lessons[n].goldens_path(args.goldens) for n in chosen}
    if args.regen:
        from . import variants

        for name, path in paths.items():  # before minutes of recording, not after
            _check_target(parser, path, "--goldens" if args.goldens else "--regen", f"{name}'s golden")

        names = args.variants.split(",") if args.variants else None
        bad = [n for n in names or [] if n not in variants.VARIANTS]
        if bad:
            parser.error(f"argument --variants: unknown {bad}; known: {', '.join(variants.VARIANTS)}")
        if names and "default" not in names:
            parser.error("argument --variants: must include 'default' (the golden's reference curve)")
        try:
            written = variants.regenerate(
                {n: lessons[n] for n in chosen},
                paths,
                include=args.include,
                variants=names,
                jobs=args.jobs or 2,
                keep=args.keep,
            )
        except variants.VariantError as exc:
            print(f"tf1-lessons: {exc}\nno golden was changed", file=sys.stderr)
            return 1
        for path in written:
            print(f"re-recorded {path} (review the diff before committing)")
        return 0
    status = 0
    for name in chosen:
        lesson, path = lessons[name], paths[name]
        if not path.is_file():
            print(f"{name}: no golden curve at {path}; record one with `{golden.regen_hint(name)}`", file=sys.stderr)
            status = 1
            continue
        curves = golden.run_twins(lesson)
        try:
            bands = golden.check(curves, path, lesson.meta.get("golden_tolerance", {}), lesson=name)
        except (golden.GoldenMismatch, golden.GoldenError) as exc:
            print(exc, file=sys.stderr)
            status = 1
            continue
        print(golden.summary(name, bands))
        print(f"{name}: matches {path}")
    return status


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
    """Run an unmodified TF1 script or module (tf1_lessons.legacy.runner) or notebook (legacy.nbexec)."""
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
        _check_target(parser, args.out / f"{script.stem}.json", "--out", "the curve", running=script)
        _check_target(parser, args.out / f"{script.stem}.png", "--out", "the curve's plot")
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
        from .legacy import nbexec

        _check_target(
            parser,
            nbexec.output_path(script, args.out),
            "--out" if args.out else "SCRIPT",
            "the executed notebook",
            running=script,
        )
    settings = _check_settings(parser, args, script, notebook)
    if args.against_tf1 is not None:
        return _exec_against(args, parser, settings)
    reference = None
    if args.check is not None:
        from .curves import LearningCurve

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
        from .legacy import runner

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
            from .plot import plot

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
        from .compare import compare

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
    """exec's ``--set`` values, checked against the program before anything runs (legacy.budgets)."""
    if not args.settings:
        return {}
    from .legacy import budgets

    if args.module is not None:
        parser.error("argument --set: sets a script's or notebook's top-level assignments; name the module's file")
    try:
        if notebook is not None:
            from .legacy.scan import notebook_python

            source, _ = notebook_python(script)
            tree = ast.parse(source, filename=str(script))
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
    from .legacy import nbexec

    try:
        return nbexec.read(script)
    except nbexec.NotebookInputError as exc:
        parser.error(f"argument SCRIPT: {exc}")


def _exec_notebook(args, script: Path, nb, keep: bool, settings: dict):
    """``exec NOTEBOOK.ipynb``: see tf1_lessons.legacy.nbexec. Returns (status, curve or None)."""
    from .legacy import nbexec

    target = nbexec.output_path(script, args.out)
    status, curve, run = nbexec.run(
        script,
        nb,
        target,
        seed=args.seed,
        max_steps=args.max_steps,
        settings=settings,
        train_size=args.train_size,
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
        from .legacy import kernel
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
    except PermissionError as exc:
        print(
            f"tf1-lessons: cannot write {exc.filename or 'the system kernel folder'} ({exc.strerror}); "
            + (
                "install with --user, or --sys-prefix (this virtualenv)"
                if args.action == "install"
                else "run as the user who installed it"
            ),
            file=sys.stderr,
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
    """``exec --against-tf1 PYTHON SCRIPT``: see tf1_lessons.legacy.against."""
    others = [
        f"--{n.replace('_', '-')}" for n in ("record", "check", "tensorboard", "atol") if getattr(args, n) is not None
    ]
    if others:
        parser.error(f"argument --against-tf1: compares printed numbers only; drop {', '.join(others)}")
    if args.rtol is not None and not args.rtol >= 0:
        parser.error(f"argument --rtol: {args.rtol} is not a relative tolerance (0 or more)")
    from .legacy import against

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


def _cmd_graph(args, parser) -> int:
    lesson = args.lessons[args.lesson]
    out = args.out or Path(f"{lesson.name}-graph.png")
    if out.is_dir():
        parser.error(f"argument --out: {out} is a folder; name a .png or .svg file")
    if out.suffix.lower() not in (".png", ".svg"):
        parser.error(f"argument --out: {out} must end in .png or .svg")
    _check_target(parser, out, "--out", "the picture")
    if "graph" not in lesson.modes:
        parser.error(f"lesson {lesson.name!r} has no graph mode to draw")
    from . import graphview

    picture = graphview.simplify(graphview.capture(lesson), full=args.full)
    title = f"{lesson.meta['number']} {lesson.name}: the TF1 graph" + (
        "" if args.full else " (optimizer folded; --full shows it)"
    )
    print(f"saved {graphview.draw(picture, out, title)} ({len(picture.nodes)} boxes, {len(picture.edges)} arrows)")
    return 0


def _cmd_notebook(args, parser) -> int:
    lessons = args.lessons
    chosen = list(lessons) if args.lesson == "all" else [args.lesson]
    _check_out(parser, args.out)
    for name in chosen:
        _check_target(parser, args.out / f"{lessons[name].path.stem}.ipynb", "--out", f"{name}'s notebook")
    from . import notebook

    for name in chosen:
        try:
            path = notebook.write(lessons[name], args.out, execute=args.execute)
        except notebook.NotebookError as exc:
            print(f"tf1-lessons: {exc}", file=sys.stderr)
            return 1
        print(f"wrote {path}" + (" (executed, outputs kept)" if args.execute else ""))
    return 0


def _cmd_patches(args, parser) -> int:
    """``patches``: the runtime's patch table (legacy.patches), as Markdown; nothing is loaded."""
    from .legacy import patches

    print(patches.table_text())
    return 0


def _cmd_scan(args, parser) -> int:
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")
    from .legacy import scan

    reports = scan.scan_paths(args.paths)
    for report in reports:
        print(scan.format_report(report) + "\n")
    wont = [r for r in reports if not r.runs]
    print(
        f"Total: {len(reports)} file(s): {len(reports) - len(wont)} should run, {len(wont)} won't"
        + (f" ({', '.join(r.path.name for r in wont)})" if wont else "")
    )
    return 0 if not wont else 1


def _lesson_subparsers(p: argparse.ArgumentParser, lessons: dict, with_mode: bool) -> None:
    """One sub-parser per lesson, so `run LESSON --help` shows that lesson's own options."""
    per_lesson = p.add_subparsers(
        dest="lesson",
        metavar="LESSON",
        required=True,
        title="lessons",
        description="`... LESSON --help` shows a lesson's modes and budgets",
    )
    for name, lesson in lessons.items():
        q = per_lesson.add_parser(name, help=lesson.meta["title"])
        q.set_defaults(parser=q)
        _add_lesson_options(q, lesson, with_mode=with_mode)


ENV_DATA = "TF1_LESSONS_DATA"
EXEC_OPTIONS = (
    "--record",
    "--out",
    "--max-steps",
    "--set",
    "--train-size",
    "--seed",
    "--tensorboard",
    "--check",
    "--rtol",
    "--atol",
    "--against-tf1",
    "--trace-seeds",
    "--overwrite",
)


def _version() -> str:
    """tf1-lessons' version and the TensorFlow it runs on (read from the metadata: no import)."""
    from . import installed_version

    def installed(name):
        return installed_version(name) or "not installed"

    return (
        f"tf1-lessons {installed('tf1-lessons')} (TensorFlow {installed('tensorflow')}, tf-keras "
        f"{installed('tf-keras')}, "
        f"Python {sys.version.split()[0]})"
    )


def build_parser() -> argparse.ArgumentParser:
    broken: list = []
    try:
        lessons = registry.discover(broken=broken)
    except FileNotFoundError:
        lessons = {}
    for path, error in broken:  # once, here; every command that needs no such lesson still works
        print(f"tf1-lessons: lesson {path} left out, it cannot be read: {error}", file=sys.stderr)
    names = list(lessons)
    parser = argparse.ArgumentParser(
        prog="tf1-lessons",
        description="Classic TF1 tutorials as runnable lessons; unmodified TF1 scripts run with exec.",
        epilog=f"Data (MNIST, Fashion-MNIST, Pima) comes from, in order: the folder a lesson or script names, "
        f"${ENV_DATA} (e.g. {ENV_DATA}=../shared/data), the user cache (~/.cache/tf1-lessons), then a verified "
        f"download into that cache.",
    )
    parser.add_argument("--version", action="version", version=_version())
    # The lessons are read once (ast, no import), here; every command takes them from args.
    parser.set_defaults(lessons=lessons)
    sub = parser.add_subparsers(
        dest="command",
        required=True,
        metavar="{list,show,copy,run,compare,check,graph,notebook,exec,scan,kernel,patches}",
    )
    sub.add_parser("list", help="the lessons: documents, expected results, modes and budgets")
    p = sub.add_parser("show", help="print a lesson script's path and source")
    p.add_argument("lesson", choices=names)
    p = sub.add_parser("copy", help="write an editable copy of a lesson script (never overwrites)")
    p.set_defaults(parser=p)
    p.add_argument("lesson", choices=names)
    p.add_argument(
        "dir", nargs="?", type=Path, default=Path("."), metavar="DIR", help="folder for the copy (default: here)"
    )
    p = sub.add_parser("run", help="run a lesson, printing what its document printed")
    _lesson_subparsers(p, lessons, with_mode=True)
    p = sub.add_parser("compare", help="run a lesson's twins (graph and eager) and compare them step by step")
    _lesson_subparsers(p, lessons, with_mode=False)
    p = sub.add_parser("graph", help="draw a lesson's TF1 graph (placeholders, variables, ops, loss; optimizer folded)")
    p.set_defaults(parser=p)
    p.add_argument("lesson", choices=names)
    p.add_argument(
        "--out", type=Path, default=None, metavar="FILE", help="FILE.png or FILE.svg (default: LESSON-graph.png here)"
    )
    p.add_argument("--full", action="store_true", help="show every op, the optimizer's gradients and updates included")
    _add_overwrite(p)
    p = sub.add_parser(
        "notebook", help="write a lesson as a Jupyter notebook (its code, then its twins run and compared)"
    )
    p.set_defaults(parser=p)
    p.add_argument("lesson", choices=names + ["all"])
    p.add_argument(
        "--out", type=Path, default=Path("."), metavar="DIR", help="folder for lessonNN_name.ipynb (default: here)"
    )
    p.add_argument("--execute", action="store_true", help="run it (nbclient) at the test budget and keep the outputs")
    _add_overwrite(p)
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
    p = sub.add_parser("check", help="run at the test budget and check the curves against their golden envelope")
    p.set_defaults(parser=p)
    p.add_argument("lesson", nargs="+", metavar="LESSON", help=f"one or more of: {', '.join(names)}; or all")
    p.add_argument(
        "--regen",
        action="store_true",
        help="re-record the golden instead: run every numerical variant (ISA caps, oneDNN off, thread "
        "counts) as subprocesses and keep their envelope",
    )
    p.add_argument(
        "--with",
        dest="include",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="with --regen: also merge curves recorded elsewhere (e.g. build/variants/tf-2.16 from `nox "
        "-s goldens-2.16 -- record`)",
    )
    p.add_argument(
        "--variants", default=None, help="with --regen: a comma-separated subset of the variants (default: all)"
    )
    p.add_argument("--jobs", type=_positive_int, default=None, help="with --regen: variants run at once (default 2)")
    p.add_argument(
        "--keep",
        type=Path,
        default=None,
        metavar="DIR",
        help="with --regen: keep the variants' recordings in DIR/<variant>/ (default: a temporary folder)",
    )
    p.add_argument("--goldens", type=Path, default=None, help="folder of golden files (default: tests/goldens)")
    _add_overwrite(p)
    return parser


def fix_hash_seed(seed: int | None, command: list[str]) -> None:
    """Restart this command (``python *command``) with PYTHONHASHSEED set to ``seed``, unless it
    already is. A seeded run must repeat itself, and the order of a set of strings
    (``list(set(text))``, a vocabulary) follows Python's string hashing, which is drawn anew in
    every process unless PYTHONHASHSEED is fixed, and that only works from a process's start.
    (Python 2.7, the TF1 era's interpreter, hashed the same in every run.)"""
    if seed is None or os.environ.get("PYTHONHASHSEED") == str(seed) or not sys.executable:
        return
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.execve(sys.executable, [sys.executable, *command], env)
    import subprocess

    sys.exit(subprocess.call([sys.executable, *command], env=env))


def _seed_of(args) -> int | None:
    """The seed a command runs with (check and graph run lessons at the goldens' seed, 0)."""
    if args.command in ("check", "graph"):
        return 0
    return getattr(args, "seed", None) if args.command in ("run", "compare", "exec") else None


#: exec's options that take a value (so that -m is found among exec's own options only)
_EXEC_VALUES = set(EXEC_OPTIONS) - {"--trace-seeds", "--overwrite"}


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


def main(argv=None) -> int:
    parser = build_parser()
    given = sys.argv[1:] if argv is None else list(argv)
    own, module_args = _split_module(given)
    args = parser.parse_args(own)
    if module_args is not None:
        args.args = module_args
    if argv is None:  # the command itself (never a caller's process): restart with the hash seed fixed
        fix_hash_seed(_seed_of(args), ["-m", "tf1_lessons.cli", *sys.argv[1:]])
    commands = {
        "list": _cmd_list,
        "show": _cmd_show,
        "copy": _cmd_copy,
        "run": _cmd_run,
        "compare": _cmd_compare,
        "check": _cmd_check,
        "graph": _cmd_graph,
        "notebook": _cmd_notebook,
        "exec": _cmd_exec,
        "scan": _cmd_scan,
        "kernel": _cmd_kernel,
        "patches": _cmd_patches,
    }
    from . import _io
    from .datasets import DataError

    try:
        # Errors about a sub-command's options are reported by that sub-command's parser.
        with _io.overwriting(getattr(args, "overwrite", False)):
            return commands[args.command](args, getattr(args, "parser", parser))
    except DataError as exc:  # missing or damaged data: the message already says the fix
        print(f"tf1-lessons: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C: the user's choice, not our error (exec handles its own)
        print(f"\ntf1-lessons: {args.command} interrupted (Ctrl-C); nothing more was written", file=sys.stderr)
        return 130


def run_as_script(script_path, argv=None) -> int:
    """Entry point of a lesson script run with ``python lessons/lessonNN_x.py [options]``."""
    lesson = registry.from_path(script_path)
    parser = argparse.ArgumentParser(prog=Path(script_path).name)
    _add_lesson_options(parser, lesson)
    args = parser.parse_args(argv)
    if argv is None:
        fix_hash_seed(args.seed, [str(script_path), *sys.argv[1:]])
    from . import _io
    from .datasets import DataError

    try:
        with _io.overwriting(args.overwrite):
            return _cmd_run(args, parser, lesson=lesson)
    except DataError as exc:
        print(f"{parser.prog}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"\n{parser.prog}: interrupted (Ctrl-C)", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

"""The lesson commands: list, show, copy, run, compare, check, graph, notebook. Every option is
checked against the lesson's declaration (its lesson.json) before TensorFlow is imported, so a
mistake is refused at once."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from .. import registry
from .common import (
    _add_overwrite,
    _board,
    _check_out,
    _check_target,
    _positive_int,
    _seed,
    _write_board,
)

BUDGET_FLAGS = {"steps": "--steps", "epochs": "--epochs", "train_size": "--train-size", "max_steps": "--max-steps"}


def _taking(lesson: registry.Lesson, key: str, modes=None) -> list[str]:
    """The lesson's modes (or those of ``modes``) that declare parameter ``key``."""
    return [m for m in (modes or lesson.modes) if key in lesson.mode_params(m)]


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
            "--fixed",
            action="store_true",
            # argparse formats help with %: a lesson's own text ("drops 70 %") is escaped
            help=f"run the corrected version: {lesson.fixed}".replace("%", "%%") if lesson.fixed else hidden,
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
            tests = f"; tests: {lesson.test_budget[key]}" if key in lesson.test_budget else ""
            help = f"budget: {key.replace('_', ' ')} (full run: {lesson.budget[key]}{tests})" + (
                "" if modes == lesson.modes else f"; taken by {', '.join(modes)}"
            )
        else:
            help = hidden
        p.add_argument(flag, dest=key, type=_positive_int, default=None, help=help)
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
    """--fixed, for the lessons (and modes) that declare it."""
    options = {}
    if getattr(args, "fixed", False):
        if not lesson.fixed:
            parser.error(f"lesson {lesson.name!r} has no --fixed version: it runs its document as written")
        options["fixed"] = True
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
    from .. import lessonrun, progress

    with progress.children_steps() as steps_file:  # the steps happen in the program's and twins' processes
        lessonrun.prestart(lesson, list(modes), seed)
        return _run_each(lesson, modes, seed, verbose, budget, options, timings, board, steps_file)


def _run_each(lesson, modes, seed, verbose, budget, options, timings, board, steps_file):
    import contextlib

    from .. import lessonrun, progress

    curves = {}
    for mode in modes:
        if verbose and len(modes) > 1:
            print(f"\n=== {lesson.name}: {mode} mode ===")
        started = time.perf_counter()
        total = lessonrun.planned_steps(lesson, mode, budget, options.get("fixed", False))
        with (
            board.watching(mode, lesson, budget) if board is not None else contextlib.nullcontext(),
            progress.following(steps_file, total, f"{lesson.name} {mode}", sys.stderr)
            if steps_file is not None
            else contextlib.nullcontext(),
        ):
            extra = {"tensorboard": board.logdir} if board is not None else {}
            result = lesson.call(mode, seed, verbose, budget, **options, **extra)
        seconds = time.perf_counter() - started
        for curve in result if isinstance(result, list) else [result]:
            curves[curve.mode] = curve
            bad = curve.first_nonfinite("loss") if "loss" in curve.metrics else None
            if bad is not None:
                value = curve.metrics["loss"][curve.steps.index(bad)]
                print(
                    f"WARNING: {lesson.name} [{curve.mode}]: the loss is {value} "
                    f"from step {bad}; every number after it is meaningless"
                    + (f" (--fixed runs the corrected version: {lesson.fixed})" if lesson.fixed else ""),
                    file=sys.stderr,
                )
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


def _save(out: Path, lesson: registry.Lesson, curves: dict, twins: bool = False) -> int:
    """Write the curves and the plot; if that fails, keep them in a temporary folder and say so (exit 1).
    ``twins``: the curves are the lesson's twins, drawn as a comparison (curves and their difference)."""
    from ..plot import plot, plot_comparison

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


def _compare_and_print(lesson: registry.Lesson, curves: dict) -> bool:
    """Each twin against the first (the reference); True when all stay within tolerance."""
    from ..compare import compare

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
            f"{BUDGET_FLAGS[k]} {v}" + (f" (tests {lesson.test_budget[k]})" if k in lesson.test_budget else "")
            for k, v in lesson.budget.items()
        )
        print(f"    modes: {modes}{both}")
        print(f"    budgets (full run): {budgets}")
        if lesson.fixed:
            print(f"    --fixed: {lesson.fixed}")
        for erratum in lesson.errata("always"):
            print(f"    erratum, always applied: {erratum['why']}")
    print("\n`tf1-lessons run LESSON --help` shows one lesson's options; `show`/`copy` give its source.")
    return 0


def _cmd_show(args, parser) -> int:
    lesson = args.lessons[args.lesson]
    # The path as a comment line, so `tf1-lessons show x > mine.py` is still a runnable program
    # (by exec, or python for lessons 3 and 4); its errata follow as comments, each a diff against it.
    print(f"# {lesson.path}")
    sys.stdout.write(lesson.path.read_text(encoding="utf-8"))
    from .. import lessonrun

    for erratum in lesson.meta.get("errata", []):
        when = {"always": "applied always", "fixed": "applied by --fixed", "mode": "applied by its modes"}
        print(f"\n# erratum {erratum['name']} ({when[erratum['applied']]}): {erratum['why']}")
        print("".join(f"# {line}\n" for line in lessonrun.diff(lesson, erratum).splitlines()), end="")
    print(f"\n# its eager twin: {lesson.twin}; run it with: tf1-lessons run {lesson.name} --mode both")
    return 0


def _cmd_copy(args, parser) -> int:

    lesson = args.lessons[args.lesson]
    folder = args.dir
    if folder.exists() and not folder.is_dir():
        parser.error(f"argument DIR: {folder} is a file; name a folder (it is created if missing)")
    return _copy_folder(parser, lesson, folder)


def _copy_folder(parser, lesson: registry.Lesson, folder: Path) -> int:
    """A lesson folder copied whole (program, twin, lesson.json, the document's other files and
    modules, lesson 3's dataset/) into DIR/NN_name/."""
    from .._io import write_text

    target = folder / lesson.folder.name
    if target.exists():
        parser.error(
            f"{target} already exists; not overwriting it (your changes may be in it). "
            "Remove or rename it, or name another folder"
        )
    try:
        for source in sorted(p for p in lesson.folder.rglob("*") if p.suffix in (".py", ".json")):
            if "__pycache__" not in source.parts:
                write_text(target / source.relative_to(lesson.folder), source.read_text(encoding="utf-8"))
    except OSError as exc:
        parser.error(f"argument DIR: cannot write into {folder} ({exc.strerror or exc})")
    run = "python" if lesson.plain else "tf1-lessons exec"
    print(
        f"copied lesson {lesson.name} to {target}\nchange it, then run it with:  {run} "
        f"{target / 'program.py'}\n(or with its twin: TF1_LESSONS_DIR={folder} tf1-lessons run {lesson.name} "
        "--mode both)"
    )
    return 0


def _check_saves(parser, out: Path | None, lesson: registry.Lesson, modes) -> None:
    """--out DIR of run and compare: the folder, and the files ``_save`` will write into it."""
    _check_out(parser, out)
    if out is not None:
        for mode in modes:
            _check_target(parser, out / f"{lesson.name}-{mode}.json", "--out", f"the {mode} curve", given="folder")
        _check_target(parser, out / f"{lesson.name}.png", "--out", "the plot", given="folder")


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
    from .. import golden

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
        parser.error("argument --with: only used with --force-regen (it adds recorded variants to the envelope)")
    if not args.regen:  # options of re-recording would silently do nothing on a check
        given = [
            flag
            for flag, value in (("--variants", args.variants), ("--jobs", args.jobs), ("--keep", args.keep))
            if value is not None
        ]
        if given:
            parser.error(
                f"argument {given[0]}: only used with --force-regen (re-recording); drop it, or add --force-regen"
            )
    paths = {n: lessons[n].goldens_path(args.goldens) for n in chosen}
    if args.regen:
        from .. import variants

        for name, path in paths.items():  # before minutes of recording, not after
            _check_target(parser, path, "--goldens" if args.goldens else "--force-regen", f"{name}'s golden")

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
        hint = golden.regen_hint(name, args.goldens)
        if not path.is_file():
            print(f"{name}: no golden curve at {path}; record one with `{hint}`", file=sys.stderr)
            status = 1
            continue
        curves = golden.run_twins(lesson)
        try:
            bands = golden.check(curves, path, lesson.meta.get("golden_tolerance", {}), lesson=name, regen=hint)
        except (golden.GoldenMismatch, golden.GoldenError) as exc:
            print(exc, file=sys.stderr)
            status = 1
            continue
        print(golden.summary(name, bands))
        print(f"{name}: matches {path}")
    return status


def _cmd_graph(args, parser) -> int:
    lesson = args.lessons[args.lesson]
    out = args.out or Path(f"{lesson.name}-graph.png")
    if out.is_dir():
        parser.error(f"argument --out: {out} is a folder; name a .png or .svg file")
    if out.suffix.lower() not in (".png", ".svg"):
        parser.error(f"argument --out: {out} must end in .png or .svg")
    _check_target(parser, out, "--out", "the picture")
    if lesson.plain:
        parser.error(f"lesson {lesson.name!r} is a NumPy / Keras program: it builds no TF1 graph to draw")
    if "graph" not in lesson.modes:
        parser.error(f"lesson {lesson.name!r} has no graph mode to draw")
    from .. import graphview

    picture = graphview.simplify(lesson.graph(), full=args.full)
    title = f"{lesson.meta['number']} {lesson.name}: the TF1 graph" + (
        "" if args.full else " (optimizer folded; --full shows it)"
    )
    print(f"saved {graphview.draw(picture, out, title)} ({len(picture.nodes)} boxes, {len(picture.edges)} arrows)")
    return 0


def _cmd_notebook(args, parser) -> int:
    lessons = args.lessons
    chosen = list(lessons) if args.lesson == "all" else [args.lesson]
    _check_out(parser, args.out)
    from .. import notebook

    for name in chosen:
        _check_target(
            parser, args.out / notebook.notebook_name(lessons[name]), "--out", f"{name}'s notebook", given="folder"
        )

    for name in chosen:
        try:
            path = notebook.write(lessons[name], args.out, execute=args.execute)
        except notebook.NotebookError as exc:
            print(f"tf1-lessons: {exc}", file=sys.stderr)
            return 1
        print(f"wrote {path}" + (" (executed, outputs kept)" if args.execute else ""))
    return 0


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


def add_parsers(sub, lessons: dict, names: list[str]) -> None:
    """The lesson commands' parsers (one sub-parser per lesson under run and compare)."""
    sub.add_parser("list", help="the lessons: documents, expected results, modes and budgets")
    p = sub.add_parser("show", help="print a lesson script's path and source")
    p.add_argument("lesson", choices=names)
    p = sub.add_parser(
        "copy", help="copy a lesson's folder (its program, twin and lesson.json) to edit (never overwrites)"
    )
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
    p = sub.add_parser("check", help="run at the test budget and check the curves against their golden envelope")
    p.set_defaults(parser=p)
    p.add_argument("lesson", nargs="+", metavar="LESSON", help=f"one or more of: {', '.join(names)}; or all")
    p.add_argument(
        "--force-regen",
        dest="regen",
        action="store_true",
        help="re-record the golden instead: run every numerical variant (ISA caps, oneDNN off, thread "
        "counts) as subprocesses and keep their envelope (the option pytest's goldens and labs take too)",
    )
    p.add_argument("--regen", dest="regen", action="store_true", help=argparse.SUPPRESS)  # its old name
    p.add_argument(
        "--with",
        dest="include",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="with --force-regen: also merge curves recorded elsewhere (e.g. build/variants/tf-2.16 from `nox "
        "-s goldens-2.16 -- record`)",
    )
    p.add_argument(
        "--variants", default=None, help="with --force-regen: a comma-separated subset of the variants (default: all)"
    )
    p.add_argument(
        "--jobs", type=_positive_int, default=None, help="with --force-regen: variants run at once (default 2)"
    )
    p.add_argument(
        "--keep",
        type=Path,
        default=None,
        metavar="DIR",
        help="with --force-regen: keep the variants' recordings in DIR/<variant>/ (default: a temporary folder)",
    )
    p.add_argument("--goldens", type=Path, default=None, help="folder of golden files (default: tests/goldens)")
    _add_overwrite(p)

"""``tf1-lessons``: list, show, copy, run, compare and check the lessons.

    tf1-lessons list
    tf1-lessons show LESSON                 # the program's path and source, then its errata as diffs
    tf1-lessons copy LESSON [DIR]           # an editable copy of the lesson's folder: DIR/NN_name/
    tf1-lessons run LESSON [--mode MODE|both] [--fixed] [--epochs N] [--train-size N] [--max-steps N] [--seed S]
    tf1-lessons run LESSON --help           # that lesson's modes and budgets
    tf1-lessons compare LESSON [--epochs N] [--seed S] [--out DIR]
    tf1-lessons check LESSON...|all [--force-regen [--with DIR]...]
    tf1-lessons graph LESSON [--out FILE.png|.svg] [--full]
    tf1-lessons notebook LESSON|all [--out DIR] [--execute]
    tf1-lessons exec [--record F] [--out DIR] [--max-steps N] [--seed S] [--check F] SCRIPT [ARGS...]
    tf1-lessons exec [options] NOTEBOOK.ipynb   # writes NOTEBOOK.tf1.ipynb (or into --out)
    tf1-lessons kernel install|remove [--user | --prefix P | --sys-prefix]
    tf1-lessons scan PATH...

A lesson's TF1 program runs under ``exec`` as it does under ``run`` (lessons 3 and 4's NumPy and
Keras programs under ``python``). Every option is checked against the lesson's declaration
(``lesson.json``) before TensorFlow is imported, so a mistake is refused at once.

The commands live in two rooms: :mod:`.lessons` (the lesson commands) and :mod:`.programs`
(exec, scan, kernel, patches: the TF1 programs users bring), over :mod:`.common`.
"""

from __future__ import annotations

import argparse
import sys

from .. import registry
from . import lessons as _lessons
from . import programs as _programs
from .common import ENV_DATA, fix_hash_seed
from .programs import EXEC_OPTIONS, _split_module

__all__ = ["EXEC_OPTIONS", "build_parser", "fix_hash_seed", "main"]


def _version() -> str:
    """tf1-lessons' version and the TensorFlow it runs on (read from the metadata: no import)."""
    from .._versions import installed_version

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
    _lessons.add_parsers(sub, lessons, names)
    _programs.add_parsers(sub)
    return parser


def _seed_of(args) -> int | None:
    """The seed a command runs with (check and graph run lessons at the goldens' seed, 0)."""
    if args.command in ("check", "graph"):
        return 0
    return getattr(args, "seed", None) if args.command in ("run", "compare", "exec") else None


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
        "list": _lessons._cmd_list,
        "show": _lessons._cmd_show,
        "copy": _lessons._cmd_copy,
        "run": _lessons._cmd_run,
        "compare": _lessons._cmd_compare,
        "check": _lessons._cmd_check,
        "graph": _lessons._cmd_graph,
        "notebook": _lessons._cmd_notebook,
        "exec": _programs._cmd_exec,
        "scan": _programs._cmd_scan,
        "kernel": _programs._cmd_kernel,
        "patches": _programs._cmd_patches,
    }
    from .. import _io
    from ..datasets import DataError
    from ..lessonrun import ProgramFailed

    try:
        # Errors about a sub-command's options are reported by that sub-command's parser.
        with _io.overwriting(getattr(args, "overwrite", False)):
            return commands[args.command](args, getattr(args, "parser", parser))
    except DataError as exc:  # missing or damaged data: the message already says the fix
        print(f"tf1-lessons: {exc}", file=sys.stderr)
        return 1
    except ProgramFailed as exc:  # a lesson's program or twin failed: its own traceback's end is in it
        print(f"tf1-lessons: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C: the user's choice, not our error (exec handles its own)
        print(f"\ntf1-lessons: {args.command} interrupted (Ctrl-C); nothing more was written", file=sys.stderr)
        return 130

"""What both rooms of the command line share: argument types, the checks that run before any
work (an output folder that can be written, a user's file never overwritten), TensorBoard's
option, and the restart that fixes PYTHONHASHSEED for a seeded run."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


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


OVERWRITE_HELP = (
    "replace output files tf1-lessons did not write (by default such a file is left alone and the command refused)"
)


def _add_overwrite(p: argparse.ArgumentParser) -> None:
    p.add_argument("--overwrite", action="store_true", help=OVERWRITE_HELP)


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


def _check_target(parser, path: Path, option: str, what: str, running: Path | None = None, given: str = "file") -> None:
    """Refuse, before the run, a file ``option`` would write that is not ours to replace: the
    script being run, or any file tf1-lessons did not write (unless --overwrite). ``what``: what
    is written there ("the curve", "the picture"); ``given``: what the option names ("folder"
    for --out DIR, whose files these are), so the advice names another of those."""
    from .. import _io

    if path.is_dir():
        parser.error(f"argument {option}: {path} is a folder; name the file for {what}")
    if running is not None and path.exists() and path.resolve() == running.resolve():
        parser.error(
            f"argument {option}: {path} is the {'notebook' if running.suffix == '.ipynb' else 'script'} being run; "
            f"name another file for {what} (e.g. {running.with_suffix('.json').name})"
        )
    if not _io.may_replace(path):
        parser.error(
            f"argument {option}: {_io.not_ours(path)}; {what} would replace it. Name another {given}, or add "
            "--overwrite to replace it"
        )
    _probe_folder(parser, path.parent, option, f"name a file in a folder you can write to for {what}", target=path)


def _board(parser, args):
    """A TensorBoard recording for --tensorboard DIR (checked before the run), else None."""
    if getattr(args, "tensorboard", None) is None:
        return None
    _check_out(parser, args.tensorboard, "--tensorboard")
    from ..board import Recording

    return Recording(args.tensorboard)


def _write_board(board, curves: dict) -> None:
    if board is not None and curves:
        print(f"TensorBoard logs in {board.write(curves)} (one run per mode): tensorboard --logdir {board.logdir}")


ENV_DATA = "TF1_LESSONS_DATA"


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

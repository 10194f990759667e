"""Short runs of an unmodified program: ``--set NAME=VALUE`` and ``--train-size N``.

TF1 tutorials keep their budget in top-level assignments of literals (``training_epochs = 15``,
``batch_size = 100``). ``--set`` overrides such an assignment without touching the file: the
program is parsed, the literal on the right of the assignment is replaced in the parsed tree,
and the tree is compiled under the program's own file name, so line numbers and tracebacks are
the file's. A notebook's cells get the same replacement as each cell runs (an IPython AST
transformer in the kernel). Names are checked before anything runs: a name that is not such an
assignment is refused with the ones that are, and a value of another type than the program's
(``training_epochs=one``) is refused too. nanoGPT's configurator works the same way on its
scripts' globals; here nothing is executed to find them.

``--train-size N`` keeps the first N examples of the training set that
``input_data.read_data_sets`` serves (after TF1's 5,000-image validation split), so an epoch
loop written as ``int(mnist.train.num_examples / batch_size)`` shrinks with it and the program
still reaches its evaluation.
"""

from __future__ import annotations

import ast
from pathlib import Path

#: --train-size of the run in progress (read by input_data.read_data_sets), and whether it was used
train_size: int | None = None
train_size_used = False


class BudgetError(ValueError):
    """A ``--set`` the program cannot take; the message names the program and the fix."""


def _target(node) -> str | None:
    """The name a top-level statement assigns a literal to, or None."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        name = node.targets[0].id
    elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
        name = node.target.id
    else:
        return None
    try:
        ast.literal_eval(node.value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    return name


def settable(tree: ast.Module) -> dict[str, list]:
    """Top-level ``NAME = literal`` assignments of a parsed program: name -> [(line, value)]."""
    found: dict[str, list] = {}
    for node in tree.body:
        name = _target(node)
        if name is not None:
            found.setdefault(name, []).append((node.lineno, ast.literal_eval(node.value)))
    return found


def parse(texts: list[str]) -> dict[str, str]:
    """``["NAME=VALUE", ...]`` -> {NAME: VALUE text}; BudgetError for a malformed one."""
    wanted: dict[str, str] = {}
    for text in texts:
        name, sep, value = text.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise BudgetError(f"--set {text}: expected NAME=VALUE (e.g. --set training_epochs=1)")
        wanted[name] = value.strip()
    return wanted


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _value(name: str, text: str, old, where: str):
    """VALUE read as a literal of the type the program gave NAME (an int may stand for a float)."""
    if isinstance(old, str):
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return text  # --set data_dir=MNIST_small: a bare word is the string itself
        return value if isinstance(value, str) else text
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        raise BudgetError(
            f"--set {name}={text}: {text!r} is not a Python literal; {where} assigns {name} = {old!r}"
        ) from None
    if old is None or type(value) is type(old):
        return value
    if isinstance(old, float) and type(value) is int:
        return float(value)
    raise BudgetError(
        f"--set {name}={text}: {where} assigns {name} = {old!r}, {_a(type(old).__name__)}; "
        f"{text!r} is {_a(type(value).__name__)}"
    )


def resolve(texts: list[str], tree: ast.Module, label: str) -> dict:
    """The ``--set`` values for the program ``tree`` (named ``label`` in messages), checked:
    every name must be a top-level literal assignment of it, every value of that literal's type."""
    wanted = parse(texts)
    found = settable(tree)
    values = {}
    for name, text in wanted.items():
        if name not in found:
            names = ", ".join(sorted(found)) or "none"
            raise BudgetError(
                f"--set {name}: {label} has no top-level assignment of a literal to {name!r}; "
                f"the names --set can change there: {names}"
            )
        line, old = found[name][0]
        values[name] = _value(name, text, old, f"{label} line {line}")
    return values


class Override(ast.NodeTransformer):
    """Replaces the literal of every top-level ``NAME = literal`` named in ``values``."""

    def __init__(self, values: dict):
        self.values = values

    def visit_Module(self, node):  # only the top level: a function's local of the same name is its own
        for statement in node.body:
            name = _target(statement)
            if name in self.values:
                old = statement.value
                statement.value = ast.parse(repr(self.values[name]), mode="eval").body
                for each in ast.walk(statement.value):  # the file's line, for tracebacks
                    ast.copy_location(each, old)
        return node


def read(path: Path) -> ast.Module:
    """The program, parsed (a Python 2 one as its translation: see :mod:`.py2`)."""
    from importlib.util import decode_source

    from . import py2

    return py2.parse_any(decode_source(Path(path).read_bytes()), str(path))[0]

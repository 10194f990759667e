"""Python 2 programs, run with Python 2's meaning: translated in memory, never on disk.

Much TF1 code of 2016-2018 was written for Python 2.7. A file that does not compile as Python 3
but parses with Python 2's grammar (or any file, under ``exec --py2``) is translated as it is
loaded: the script, the modules it imports from its own folders, a ``-m`` package, a notebook's
cells. The translation is lib2to3's, from the maintained fork ``fissix`` (its standard fixers:
``print`` statements with ``>>f`` and trailing commas, ``except E, e``, ``exec`` statements,
octal and long literals, ``unicode``/``basestring``/``long``/``raw_input``, the moved modules
``urllib``/``urllib2``/``cPickle``/``cStringIO``/``Queue``..., ``.next()``, ``dict.keys()``,
``range``/``zip``/``map``/``filter`` made lists where code indexes or re-iterates them), plus one
fixer of ours that 2to3 never had: ``/`` keeps Python 2's meaning, floor division of two integers
(``old_div``: Python ints, NumPy integer scalars and arrays, TensorFlow integer tensors through
``tf.div``, which is TF1's own Python 2 division), unless the file says ``from __future__ import
division`` or an operand is a float literal.

Tracebacks point at the user's file and lines: the translated source is parsed, every node gets
the line of the original it came from, and the tree is compiled under the original file name.
Not translated (and said so by ``scan``): code that relies on ``str`` being ``bytes`` when it
reads or writes binary files.
"""

from __future__ import annotations

import ast
import contextlib
import difflib
import functools
import numbers
import os
import re
import sys
from dataclasses import dataclass, field

#: fissix's fixers that 2to3 runs only when asked (style, not meaning), and ours' name
_EXPLICIT = {"fix_buffer", "fix_idioms", "fix_set_literal", "fix_ws_comma"}
OLD_DIV = "__tf1_old_div__"
PRINT = "__tf1_print__"
_FUTURE_DIVISION = re.compile(r"^\s*from\s+__future__\s+import\s+[^#\n]*\bdivision\b", re.M)

#: what a fixer's work is called in the notice and in scan's report
_SAID = {
    "fix_print": "print statements",
    "division": "integer division",
    "fix_dict": "dict views",
    "fix_except": "except E, e",
    "fix_exec": "exec statements",
    "fix_numliterals": "octal/long literals",
    "fix_long": "long",
    "fix_unicode": "unicode literals",
    "fix_basestring": "basestring",
    "fix_raw_input": "raw_input",
    "fix_imports": "moved modules",
    "fix_imports2": "moved modules",
    "fix_urllib": "urllib/urllib2",
    "fix_next": ".next()",
    "fix_xrange": "xrange/range",
    "fix_map": "map",
    "fix_filter": "filter",
    "fix_zip": "zip",
    "fix_has_key": "has_key",
    "fix_raise": "raise E, v",
    "fix_import": "relative imports",
}


def old_div(a, b):
    """``a / b`` as Python 2 computed it: floor division when both are integers."""
    if isinstance(a, numbers.Integral) and isinstance(b, numbers.Integral):
        return a // b
    module = type(a).__module__ + " " + type(b).__module__
    if "numpy" in module:
        import numpy as np

        if np.asarray(a).dtype.kind in "biu" and np.asarray(b).dtype.kind in "biu":
            return np.floor_divide(a, b)
    elif "tensorflow" in module:
        from ..compat import v1

        return v1.div(a, b)  # TF1's own Python 2 division: integer tensors floor
    return a / b


@dataclass
class Translation:
    source: str  # the Python 3 source
    fixes: list[str] = field(default_factory=list)  # what was translated, as _SAID names it
    lines: list[int] = field(default_factory=list)  # line of the translation -> line of the original

    def said(self) -> str:
        return ", ".join(self.fixes) or "nothing but the grammar"


_soft: dict[int, bool] = {}  # id(file) -> a print statement ended with a comma there (Python 2's softspace)


class _Printer:
    """One print statement: ``__tf1_print__(file)(a)(b)()``. Each item is evaluated and written
    in turn, as Python 2 did (an item that raises leaves the earlier ones printed), a space before
    each but the first unless the line was just ended, and the final ``()`` ends the line
    (a statement with a trailing comma has none, and the next print starts with a space)."""

    def __init__(self, file):
        self.file = file

    def __call__(self, *value):
        out = sys.stdout if self.file is None else self.file
        if not value:
            out.write("\n")
            _soft[id(out)] = False
            return None
        item = value[0]
        text = str(item)
        if _soft.get(id(out)):
            out.write(" ")
        out.write(text)
        # Python 2: a string ending in a newline or tab ends the "soft" space; anything else sets it.
        _soft[id(out)] = not (isinstance(item, str) and text and text[-1].isspace() and text[-1] != " ")
        return self


def print_statement(file=None) -> _Printer:
    return _Printer(file)


def end_of_program() -> None:
    """Python 2 ended a program whose last print had a trailing comma with a newline."""
    if _soft.pop(id(sys.stdout), False):
        sys.stdout.write("\n")
    _soft.clear()


def python2_exec(code, globals=None, locals=None, /):  # noqa: A002 - exec's own parameter names
    """``exec`` in a translated file: a string is Python 2 code there (``exec "y = 6 / 4"``)."""
    if isinstance(code, str):
        with contextlib.suppress(NotPython2):  # not Python 2 either: exec's own SyntaxError follows
            code = translate(code).source
    if globals is None:
        import inspect

        frame = inspect.currentframe().f_back
        globals, locals = frame.f_globals, frame.f_locals if locals is None else locals
    globals.setdefault(OLD_DIV, old_div)
    globals.setdefault(PRINT, print_statement)
    return exec(code, globals, locals)  # noqa: S102 - the user's program asked for it


def compiles(source: str, filename: str = "<string>") -> bool:
    try:
        compile(source, filename, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


@functools.cache
def _driver():
    from fissix import pygram, pytree
    from fissix.pgen2 import driver

    return driver.Driver(pygram.python_grammar, convert=pytree.convert)


def parses_as_python2(source: str) -> bool:
    """Whether ``source`` is valid under Python 2's grammar (print statement and all)."""
    try:
        _driver().parse_string(_ended(source))
    except Exception:  # fissix's ParseError, TokenError, IndentationError...
        return False
    return True


def _ended(source: str) -> str:
    return source if source.endswith("\n") else source + "\n"


def _division_fixer():
    from fissix import fixer_base, pytree
    from fissix.fixer_util import ArgList, Comma, Name
    from fissix.pgen2 import token
    from fissix.pygram import python_symbols as syms

    def is_float(node) -> bool:
        text = str(node).strip()
        return node.type == token.NUMBER and not text.lower().startswith("0x") and bool(re.search(r"[.eEjJ]", text))

    def call(left, right):
        left, right = left.clone(), right.clone()
        prefix = left.prefix
        left.prefix = ""
        right.prefix = " "
        return pytree.Node(syms.power, [Name(OLD_DIV, prefix=prefix), ArgList([left, Comma(), right])])

    class FixDivision(fixer_base.BaseFix):
        """``a / b`` -> ``__tf1_old_div__(a, b)``; ``x /= b`` -> ``x = __tf1_old_div__(x, b)``."""

        BM_compatible = False
        PATTERN = "term< any+ > | expr_stmt< any '/=' any >"  # what match() below tests, directly

        def match(self, node):  # a wildcard pattern tried on every node costs seconds on a long file
            kids = node.children
            if node.type == syms.term:
                return {"node": node} if any(k.type == token.SLASH for k in kids[1::2]) else False
            if node.type == syms.expr_stmt and len(kids) == 3 and kids[1].type == token.SLASHEQUAL:
                return {"node": node}
            return False

        def start_tree(self, tree, filename):
            super().start_tree(tree, filename)
            self.skip = bool(_FUTURE_DIVISION.search(str(tree)))

        def transform(self, node, results):
            if self.skip:
                return None
            kids = node.children
            if node.type == syms.expr_stmt:
                target, _, value = kids
                if target.type != token.NAME or is_float(value):
                    return None
                new = call(target, value)
                new.prefix = " "
                return pytree.Node(syms.expr_stmt, [target.clone(), pytree.Leaf(token.EQUAL, "=", prefix=" "), new])
            if not any(k.type == token.SLASH for k in kids[1::2]):
                return None
            result = kids[0].clone()
            for op, operand in zip(kids[1::2], kids[2::2], strict=True):
                if op.type == token.SLASH and not (is_float(operand) or is_float(result)):
                    result = call(result, operand)
                else:
                    prefix = result.prefix
                    result.prefix = ""
                    result = pytree.Node(syms.term, [result, op.clone(), operand.clone()], prefix=prefix)
            result.prefix = node.prefix
            return result

    return FixDivision


def _print_fixer():
    from fissix import fixer_base, pytree
    from fissix.fixer_util import ArgList, Name
    from fissix.pgen2 import token
    from fissix.pygram import python_symbols as syms

    class FixPrintStatement(fixer_base.BaseFix):
        """``print >>f, a, b,`` -> ``__tf1_print__(f)(a)(b)``: Python 2's print statement, item
        by item (see :class:`_Printer`); 2to3's fix_print would give Python 3's print()."""

        BM_compatible = False
        PATTERN = "simple_stmt< any* bare='print' any* > | print_stmt"  # what match() below tests, directly

        def match(self, node):
            if node.type == syms.print_stmt:
                return {"node": node}
            if node.type == syms.simple_stmt:  # a bare `print`: the statement is the name alone
                bare = [k for k in node.children if k.type == token.NAME and k.value == "print"]
                return {"bare": bare[0]} if bare else False
            return False

        def transform(self, node, results):
            bare = results.get("bare")
            if bare:
                bare.replace(pytree.Node(syms.power, [Name(PRINT, prefix=bare.prefix), ArgList([]), ArgList([])]))
                return None
            kids = node.children[1:]
            target = []
            if kids and kids[0].type == token.RIGHTSHIFT:
                target, kids = [kids[1].clone()], kids[3:] if len(kids) > 2 else []
                target[0].prefix = ""
            comma = bool(kids) and kids[-1].type == token.COMMA
            items = [k.clone() for k in kids if k.type != token.COMMA]
            calls = [ArgList(target)]
            for item in items:
                item.prefix = ""
                calls.append(ArgList([item]))
            if not comma:
                calls.append(ArgList([]))
            return pytree.Node(syms.power, [Name(PRINT, prefix=node.prefix), *calls])

    return FixPrintStatement


def _tool(package: bool):
    from fissix.refactor import RefactoringTool, get_fixers_from_package

    names = [
        f
        for f in get_fixers_from_package("fissix.fixes")
        if f.rsplit(".", 1)[-1] not in _EXPLICIT | {"fix_print"} and (package or not f.endswith(".fix_import"))
    ]
    done: list[str] = []
    division, printing = _division_fixer(), _print_fixer()

    class Tool(RefactoringTool):
        def get_fixers(self):
            pre, post = super().get_fixers()
            pre.append(printing(self.options, self.fixer_log))
            post.append(division(self.options, self.fixer_log))
            for each in pre + post:  # note which fixers changed something, for the notice
                name = {division: "division", printing: "fix_print"}.get(type(each))
                name = name or type(each).__module__.rsplit(".", 1)[-1]

                def transform(node, results, _real=each.transform, _name=name):
                    before, parent = str(node), node.parent
                    new = _real(node, results)
                    # A fixer returns the new node, or changes the tree in place and returns None.
                    if new is not None or node.parent is not parent or str(node) != before:
                        done.append(_name)
                    return new

                each.transform = transform
            return pre, post

    return Tool(names), done


class NotPython2(SyntaxError):
    """The source is not valid Python 2 either."""


def translate(source: str, filename: str = "<string>", package: bool = False) -> Translation:
    """Python 2 ``source`` as Python 3 with Python 2's meaning. ``package``: the file is in a
    package (its implicit relative imports become explicit ones). NotPython2 when it does not
    parse as Python 2."""
    tool, done = _tool(package)
    try:
        tree = tool.refactor_string(_ended(source), filename)
    except Exception as exc:  # fissix's ParseError, TokenError, IndentationError...
        raise NotPython2(f"{filename}: not Python 2 either ({type(exc).__name__}: {exc})") from None
    new = str(tree)
    if not source.endswith("\n"):
        new = new[:-1] if new.endswith("\n") else new
    fixes = []
    for name in done:
        said = _SAID.get(name, name.removeprefix("fix_").replace("_", " "))
        if said not in fixes:
            fixes.append(said)
    return Translation(new, fixes, _line_map(source, new))


def _line_map(old: str, new: str) -> list[int]:
    """For each line of ``new`` (1-based; index 0 unused), the line of ``old`` it stands for: the
    same line where a fixer rewrote it in place, the following original line for an import a
    fixer inserted."""
    a, b = old.splitlines(), new.splitlines()
    mapping = [1] * (len(b) + 2)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        for k in range(j2 - j1):
            if tag == "equal":
                line = i1 + k + 1
            elif tag == "replace":
                line = i1 + min(k, i2 - i1 - 1) + 1
            else:  # insert
                line = min(i1 + 1, max(len(a), 1))
            mapping[j1 + k + 1] = line
    mapping[len(b) + 1] = max(len(a), 1)
    return mapping


_SHEBANG_PY2 = re.compile(r"^#!.*\bpython2(\.\d+)?\b")


def declared(source: str | None = None, notebook: dict | None = None) -> str | None:
    """Why a file is Python 2 even where every line compiles as Python 3 (``range(n / 2)``,
    ``.next()`` and ``urllib.urlretrieve`` mean Python 2's there): a shebang naming ``python2``, or
    a notebook whose metadata says Python 2 (its kernelspec or language_info). None otherwise."""
    if source is not None:
        first = source.split("\n", 1)[0]
        if _SHEBANG_PY2.match(first):
            return f"its first line is {first.strip()!r}"
    if notebook is not None:
        meta = notebook.get("metadata", {}) or {}
        kernel = (meta.get("kernelspec") or {}).get("name", "")
        version = str((meta.get("language_info") or {}).get("version", ""))
        mode = (meta.get("language_info") or {}).get("codemirror_mode")
        mode_version = mode.get("version") if isinstance(mode, dict) else None
        if kernel == "python2" or kernel.startswith("python2"):
            return f"its metadata names the kernel {kernel!r}"
        if version.startswith("2."):
            return f"its metadata says Python {version}"
        if mode_version == 2:
            return "its metadata says Python 2 (codemirror_mode)"
    return None


_PROJECT_FILES = ("pyproject.toml", "setup.cfg", "setup.py")
_REQUIRES = re.compile(r"""python_requires\s*[=:]\s*["']?([^"'\n,)]+(?:,[^"'\n)]+)*)""")
_CLASSIFIER = re.compile(r"Programming Language :: Python :: (\d)(?:\.\d+)?(?: :: Only)?\s*(?:['\"]|$)", re.MULTILINE)


def _python2_only(requires: str) -> bool:
    """Whether a ``python_requires`` / ``requires-python`` specifier admits Python 2.7 and no 3.x."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        spec = SpecifierSet(requires.strip().strip("'\""))
    except InvalidSpecifier:
        return False
    return spec.contains("2.7") and not any(spec.contains(f"3.{minor}") for minor in range(20))


def _metadata_says(path: str) -> str | None:
    """What one project file (pyproject.toml, setup.cfg, setup.py, read as text: never run) says
    of Python 2, as the reason to give; None when it does not say Python 2 only."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return None
    name = os.path.basename(path)
    if name == "pyproject.toml":
        match = re.search(r"""^\s*requires-python\s*=\s*["']([^"']+)["']""", text, re.MULTILINE)
        requires = match.group(1) if match else None
    else:
        match = _REQUIRES.search(text)
        requires = match.group(1) if match else None
    if requires and _python2_only(requires):
        key = "requires-python" if name == "pyproject.toml" else "python_requires"
        return f"its project's {name} says {key} {requires.strip()!r}"
    if requires is None:
        majors = set(_CLASSIFIER.findall(text))
        if majors == {"2"}:
            return f"its project's {name} lists Python 2 alone among its classifiers"
    return None


@functools.lru_cache(maxsize=256)
def _project_says(folder: str) -> str | None:
    for name in _PROJECT_FILES:
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            return _metadata_says(path) or ""  # "": a project file that does not say Python 2
    return None


def project_declared(filename: str) -> str | None:
    """Why a file is Python 2 by its project's metadata: the nearest folder above it that holds a
    pyproject.toml, setup.cfg or setup.py says Python 2 only (``python_requires='<3'``, or
    classifiers naming Python 2 alone). None otherwise, and for files outside any such project
    (the search stops at a repository's root, ``.git``)."""
    folder = os.path.dirname(os.path.abspath(filename))
    while True:
        said = _project_says(folder)
        if said is not None:
            return said or None
        if os.path.exists(os.path.join(folder, ".git")):
            return None
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def parse_any(source: str, filename: str, package: bool = False, force: bool = False):
    """``(tree, None)`` for Python 3 source; ``(tree, Translation)`` for Python 2 source (any
    source, under ``force``: exec --py2), the tree's lines being the file's; neither: Python 3's
    own SyntaxError, as ``python`` would report it. The one place that decides which a file is:
    exec, ``--set``, scan and ``pytest --tf1`` all read programs through it."""
    problem = None
    if not force:
        try:
            return compile(source, filename, "exec", ast.PyCF_ONLY_AST, dont_inherit=True), None
        except (SyntaxError, ValueError) as error:  # ValueError: a null byte, on older Pythons
            problem = error
    try:
        return parse(source, filename, package)
    except NotPython2:
        if problem is None:
            raise
    raise problem  # outside the handler: the Python 3 error alone, not chained to ours


def parse(source: str, filename: str, package: bool = False) -> tuple[ast.Module, Translation]:
    """The translated program as an AST whose line numbers are the original file's."""
    done = translate(source, filename, package)
    tree = ast.parse(done.source, filename=filename)
    lines, original = done.lines, source.splitlines()
    for node in ast.walk(tree):
        if not isinstance(getattr(node, "lineno", None), int):
            continue
        line = lines[node.lineno] if 0 < node.lineno < len(lines) else node.lineno
        # The original's line, whole: columns of the translation would put a traceback's carets
        # under the wrong characters of the line shown (Python shows none for a whole line).
        text = original[line - 1] if 0 < line <= len(original) else ""
        node.lineno, node.end_lineno = line, line
        node.col_offset, node.end_col_offset = 0, len(text.encode("utf-8"))
    _import_helpers(tree)
    return tree, done


def _import_helpers(tree: ast.Module) -> None:
    """The translation's helpers, imported by the file itself (after its docstring and its
    ``from __future__`` imports), so that it runs however it is loaded: as a script, a module,
    ``python -m``, a cell."""
    body = tree.body
    at = 0
    while at < len(body) and (
        (isinstance(body[at], ast.Expr) and isinstance(body[at].value, ast.Constant) and at == 0)
        or (isinstance(body[at], ast.ImportFrom) and body[at].module == "__future__")
    ):
        at += 1
    where = body[at] if at < len(body) else None
    helpers = ast.ImportFrom(
        module=__name__,
        names=[ast.alias("old_div", OLD_DIV), ast.alias("print_statement", PRINT), ast.alias("python2_exec", "exec")],
        level=0,
    )
    ast.copy_location(helpers, where) if where is not None else None
    body.insert(at, ast.fix_missing_locations(helpers))


def notice(filename: str, done: Translation) -> None:
    from .runtime import notice as say

    say(f"{filename} is Python 2: translated in memory for this run ({done.said()}); the file is unchanged")


def install_module_finder() -> None:
    """Modules a program imports from its own folders (``import helpers``, ``-m pkg.train``) that
    are Python 2 are translated as they load (once per process; listed in the patch table's
    settings: an entry at the front of ``sys.meta_path``)."""
    if any(isinstance(f, _Python2Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Python2Finder())


class _Python2Finder:
    """Finds a user's module as Python does, and loads it translated when it is Python 2. Only
    names that a user's folder holds are looked at (the libraries' imports cost nothing)."""

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        import os
        from importlib.machinery import PathFinder

        from . import runtime

        roots = list(runtime._user_roots)  # noqa: SLF001 - the folders of the program's own code
        if not roots:
            return None
        if path is None:  # a top-level name: is it a file or package in a user's folder?
            top = fullname
            if not any(
                os.path.isfile(os.path.join(r, top + ".py")) or os.path.isdir(os.path.join(r, top)) for r in roots
            ):
                return None
        elif not any(runtime.is_user_file(os.path.join(str(p), "x.py")) for p in path):
            return None
        spec = PathFinder.find_spec(fullname, path, target)
        if spec is None or not spec.origin or not spec.origin.endswith(".py") or not runtime.is_user_file(spec.origin):
            return None
        try:
            with open(spec.origin, "rb") as f:
                from importlib.util import decode_source

                source = decode_source(f.read())
        except (OSError, UnicodeDecodeError, SyntaxError):
            return None
        # Python 2 by its project's metadata: translated even where it compiles as Python 3.
        if not project_declared(spec.origin) and (compiles(source, spec.origin) or not parses_as_python2(source)):
            return None
        spec.loader = _Python2Loader(fullname, spec.origin)
        return spec


def _loader_base():
    from importlib.machinery import SourceFileLoader

    return SourceFileLoader


class _Python2Loader(_loader_base()):
    """Compiles the translation, keeps nothing on disk (no ``__pycache__`` entry)."""

    def get_code(self, fullname):
        from importlib.util import decode_source

        source = decode_source(self.get_data(self.path))
        package = self.is_package(fullname) or "." in fullname
        tree, done = parse(source, self.path, package=package)
        notice(self.path, done)
        return compile(tree, self.path, "exec", dont_inherit=True)

    def set_data(self, *args, **kwargs):  # never write the translation's bytecode
        return None

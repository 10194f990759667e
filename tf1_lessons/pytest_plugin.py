"""A folder of TF1 labs as pytest tests: ``pytest --tf1 labs/``.

Registered through the ``pytest11`` entry point and inactive unless ``--tf1`` is given. Each
TF1 script under the given paths (a ``.py`` file that imports TensorFlow) and each TF1 notebook
(a ``.ipynb`` whose cells import it) becomes one test item, named by its path, as nbval and
nbmake do for notebooks. An item runs its file through
``tf1-lessons exec`` in a subprocess of its own (exec changes the whole process), with a seed,
a step budget and a timeout, records the learning curve and checks it against the golden kept
beside the labs, ``tf1-goldens/NAME.json``, by exec's rules (``|run - golden| <= atol + rtol
|golden|``, widened to the measured spread when the golden was recorded under the numerical
variants). Items are independent, so ``pytest --tf1 -n auto`` (pytest-xdist) runs them in
parallel.

Settings, each overriding the one before: ``[tool.tf1-lessons]`` in ``pyproject.toml`` (or
``tf1_max_steps`` / ``tf1_seed`` / ``tf1_timeout`` in ``pytest.ini``), a per-file table
``[tool.tf1-lessons.files."labs/lab3.py"]``, then ``--tf1-max-steps`` / ``--tf1-seed``.
``--force-regen`` (pytest-regressions' option, the one name for re-recording everywhere in
tf1-lessons) records the goldens instead (atomic writes); ``--tf1-variants`` records them under
the numerical variants as envelopes. ``--tf1-regen`` is its old name, still accepted.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

GOLDENS = "tf1-goldens"
DEFAULTS = {"max-steps": 100, "seed": 0, "timeout": 900.0, "rtol": 1e-4, "atol": 1e-6}
_INI = {
    "max-steps": "tf1_max_steps",
    "seed": "tf1_seed",
    "timeout": "tf1_timeout",
    "rtol": "tf1_rtol",
    "atol": "tf1_atol",
}
_TYPES = {"max-steps": int, "seed": int, "timeout": float, "rtol": float, "atol": float}
_SKIP_NAMES = {"conftest.py", "setup.py", "noxfile.py", "__init__.py"}


def pytest_addoption(parser):
    group = parser.getgroup("tf1-lessons", "TF1 labs as tests (tf1-lessons)")
    group.addoption(
        "--tf1",
        action="store_true",
        help="collect TF1 scripts under the given paths and run each through `tf1-lessons exec`",
    )
    group.addoption(
        "--tf1-max-steps",
        type=int,
        default=None,
        metavar="N",
        help="training steps per lab (overrides the configuration)",
    )
    group.addoption(
        "--tf1-seed", type=int, default=None, metavar="S", help="seed per lab (overrides the configuration)"
    )
    # Re-recording is pytest-regressions' --force-regen, one name for every golden: with --tf1 it
    # records each lab's golden (tf1-goldens/NAME.json beside it) instead of checking it. Where
    # pytest-regressions is not installed, the option is ours.
    import importlib.util

    if importlib.util.find_spec("pytest_regressions") is None:
        group.addoption(
            "--force-regen",
            action="store_true",
            help=f"with --tf1: record each lab's golden ({GOLDENS}/NAME.json beside it) instead of checking it",
        )
    group.addoption("--tf1-regen", action="store_true", help=argparse.SUPPRESS)  # its old name
    group.addoption(
        "--tf1-variants",
        default=None,
        metavar="LIST",
        help="with --force-regen: record under these numerical variants (comma-separated, or 'all') and "
        "keep their envelope",
    )
    group.addoption(
        "--tf1-strict",
        action="store_true",
        help="fail, instead of skipping, labs that `tf1-lessons scan` says will not run",
    )
    for key, ini in _INI.items():
        parser.addini(ini, f"tf1-lessons: default {key} per lab (default {DEFAULTS[key]})", default=None)


def regen(config) -> bool:
    """Whether this run re-records: ``--force-regen`` (or its old name ``--tf1-regen``)."""
    return bool(config.getoption("force_regen", False) or config.getoption("tf1_regen"))


def pytest_configure(config):
    config.addinivalue_line("markers", "tf1: a TF1 lab run through `tf1-lessons exec` (pytest --tf1)")
    if not config.getoption("tf1"):
        return
    if config.getoption("tf1_variants") and not regen(config):
        raise pytest.UsageError("--tf1-variants records goldens: use it with --force-regen")
    steps = config.getoption("tf1_max_steps")
    if steps is not None and steps < 1:
        raise pytest.UsageError(f"--tf1-max-steps must be at least 1, got {steps}")
    variants = config.getoption("tf1_variants")
    if variants:
        from .variants import VARIANTS

        names = list(VARIANTS) if variants == "all" else [v.strip() for v in variants.split(",") if v.strip()]
        unknown = [v for v in names if v not in VARIANTS]
        if unknown or "default" not in names:
            raise pytest.UsageError(
                f"--tf1-variants: {', '.join(unknown) or 'default missing'}; choose from {', '.join(VARIANTS)} "
                "(or 'all'), including 'default'"
            )
        config._tf1_variants = names
    else:
        config._tf1_variants = ["default"]
    config._tf1_recorded = []
    config._tf1_settings = _read_settings(config)


def _read_settings(config) -> dict:
    """The project's settings: pytest.ini's tf1_* keys, then pyproject.toml's [tool.tf1-lessons]."""
    settings = {"defaults": dict(DEFAULTS), "files": {}}
    for key, ini in _INI.items():
        value = config.getini(ini)
        if value not in (None, "", []):
            settings["defaults"][key] = _typed(key, value, f"{ini} in {config.inipath}")
    pyproject = Path(config.rootpath) / "pyproject.toml"
    if pyproject.is_file():
        import tomllib

        try:
            table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("tf1-lessons", {})
        except tomllib.TOMLDecodeError as exc:
            raise pytest.UsageError(f"{pyproject}: not valid TOML ({exc})") from None
        for key, value in table.items():
            if key == "files":
                for path, own in value.items():
                    settings["files"][str((pyproject.parent / path).resolve())] = {
                        k.replace("_", "-"): _typed(k, v, f"[tool.tf1-lessons.files.{path!r}] in {pyproject}")
                        for k, v in own.items()
                    }
            else:
                settings["defaults"][key.replace("_", "-")] = _typed(key, value, f"[tool.tf1-lessons] in {pyproject}")
    return settings


def _typed(key, value, where):
    # pyproject tables are written both ways in the wild: max_steps is max-steps.
    key = key.replace("_", "-")
    if key not in _TYPES:
        raise pytest.UsageError(f"{where}: unknown setting {key!r}; the settings are {', '.join(_TYPES)}")
    try:
        return _TYPES[key](value)
    except (TypeError, ValueError):
        raise pytest.UsageError(f"{where}: {key} = {value!r} is not a {_TYPES[key].__name__}") from None


def imports_tensorflow(path: Path) -> bool:
    """A TF1 script: a Python file that imports TensorFlow (helper modules without it are not
    labs); a TF1 notebook: one whose code cells do (read as `scan` reads them)."""
    try:
        if path.suffix == ".ipynb":
            from .tf1.scan import notebook_python

            source = notebook_python(path)[0]
        else:
            from importlib.util import decode_source

            source = decode_source(path.read_bytes())
    except (SyntaxError, ValueError, OSError):
        return True  # collected, so that its error is reported, not silently passed over
    from .tf1 import py2

    try:  # a Python 2 lab is run translated by exec: its imports are its translation's
        tree = py2.parse_any(source, str(path))[0]
    except (SyntaxError, ValueError):
        return True
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "tensorflow" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "tensorflow" and not node.level:
            return True
    return False


def pytest_collect_file(file_path: Path, parent):
    if not _is_lab(parent.config, file_path):
        return None
    return Tf1Lab.from_parent(parent, path=file_path)


def _is_lab(config, file_path: Path) -> bool:
    if not config.getoption("tf1"):
        return False
    if file_path.suffix == ".ipynb":
        # Not the executed copies exec writes (NAME.tf1.ipynb), nor Jupyter's checkpoints.
        if file_path.name.endswith(".tf1.ipynb") or ".ipynb_checkpoints" in file_path.parts:
            return False
        return GOLDENS not in file_path.parts and imports_tensorflow(file_path)
    if file_path.suffix != ".py" or file_path.name in _SKIP_NAMES:
        return False
    if file_path.name.startswith("test_") or file_path.name.endswith("_test.py") or GOLDENS in file_path.parts:
        return False  # the project's own tests stay pytest's
    return imports_tensorflow(file_path)


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(module_path: Path, parent):
    """A lab named on the command line would also be imported as a test module (running it
    in pytest's own process); it is ours alone."""
    if _is_lab(parent.config, module_path):
        return _NotAModule.from_parent(parent, path=module_path)
    return None


class _NotAModule(pytest.File):
    def collect(self):
        return []


class Tf1Lab(pytest.File):
    def collect(self):
        yield Tf1LabItem.from_parent(self, name=self.path.name)


class LabFailed(Exception):
    """The lab's run or its curve did not pass; the message is the report."""


class Tf1LabItem(pytest.Item):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_marker("tf1")

    @property
    def golden(self) -> Path:
        return self.path.parent / GOLDENS / f"{self.path.stem}.json"

    def settings(self) -> dict:
        config = self.config
        s = dict(config._tf1_settings["defaults"])
        s.update(config._tf1_settings["files"].get(str(self.path.resolve()), {}))
        if config.getoption("tf1_max_steps") is not None:
            s["max-steps"] = config.getoption("tf1_max_steps")
        if config.getoption("tf1_seed") is not None:
            s["seed"] = config.getoption("tf1_seed")
        return s

    def regen_command(self) -> str:
        return f"pytest --tf1 --force-regen {self.path}"

    def runtest(self):
        from .tf1 import scan

        (report,) = scan.scan_paths([self.path])
        if report.missing:  # an API TF 2 lacks and tf1-lessons cannot provide (a syntax error fails below)
            first = report.missing[0]
            more = f" (and {len(report.missing) - 1} more)" if len(report.missing) > 1 else ""
            reason = (
                f"tf1-lessons scan: {self.path.name} will not run: {_line(report, first)}: tf.{first.path}: "
                f"{first.verdict.why.split(', and ')[0]}{more}"
            )
            if self.config.getoption("tf1_strict"):
                raise LabFailed(reason + " (--tf1-strict)")
            raise pytest.skip.Exception(reason, _use_item_location=True)
        s = self.settings()
        if regen(self.config):
            self._record(s)
            return
        if not self.golden.is_file():  # said before minutes of running (see pytest_report_collectionfinish)
            raise LabFailed(
                f"no golden {self.golden}; the lab was not run. Record it with `{self.regen_command()}` and review it"
            )
        curve = self._run(s, {})
        data = self._golden_data()
        trained = bool(data["curves"])
        if curve is None:  # a lab that trains nothing (tensors, eager): running cleanly is the test
            if trained:
                raise LabFailed(
                    f"{self.path.name} recorded no training step, but {self.golden} holds a curve: "
                    f"the lab no longer trains (no Session.run fetched an optimizer's update)"
                )
            self.user_properties.append(("tf1", "ran; no training step, so no curve to check"))
            return
        if not trained:
            raise LabFailed(
                f"{self.path.name} now trains, but {self.golden} was recorded when it trained nothing; "
                f"re-record it: `{self.regen_command()}`"
            )
        self._check({"exec": curve}, s, data)

    # -- running -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _progress(self, steps_file: Path, total: int):
        """The lab's steps as a bar on the terminal while it runs (not under xdist, whose workers
        have no terminal, nor when stderr is not one); afterwards the line is pytest's again."""
        from . import progress

        capture = self.config.pluginmanager.getplugin("capturemanager")
        if hasattr(self.config, "workerinput") or capture is None:
            yield
            return
        # pytest captures descriptor 2 while a test runs; the lab's own output is piped apart,
        # so the terminal can be given back for the bar.
        with capture.global_and_fixture_disabled():
            stream = sys.__stderr__
            with progress.following(steps_file, total, self.path.name, stream) as shown:
                yield
            if shown:  # the bar cleared its line, where pytest had written the lab's path
                writer = self.config.get_terminal_writer()
                verbose = self.config.get_verbosity() > 0
                writer.write(f"{self.nodeid if verbose else self.nodeid.split('::')[0]} ")
                writer.flush()

    def _run(self, s, env_extra, clean=False):
        from . import progress, variants
        from .curves import LearningCurve

        with tempfile.TemporaryDirectory(prefix="tf1-lab-") as tmp:
            record = Path(tmp) / "curve.json"
            argv = [
                sys.executable,
                "-m",
                "tf1_lessons.cli",
                "exec",
                "--seed",
                str(s["seed"]),
                "--max-steps",
                str(s["max-steps"]),
                "--record",
                str(record),
                # A notebook's executed copy (and its figures) go to the temporary folder, not
                # beside the lab.
                *(["--out", str(Path(tmp) / "out")] if self.path.suffix == ".ipynb" else []),
                str(self.path),
            ]
            # A variant's settings replace any the user set (variants.py), as the lessons' goldens do.
            env = variants.environment(env_extra) if clean else {**os.environ, **env_extra}
            env["PYTHONHASHSEED"] = str(s["seed"])  # as exec --seed fixes it, without a restart
            steps_file = Path(tmp) / "steps"
            env[progress.STEPS_FILE] = str(steps_file)
            try:
                with self._progress(steps_file, s["max-steps"]):
                    done = subprocess.run(
                        argv, cwd=self.path.parent, capture_output=True, text=True, timeout=s["timeout"], env=env
                    )
            except subprocess.TimeoutExpired as exc:
                tail = _tail(
                    (exc.stderr or b"").decode(errors="replace") if isinstance(exc.stderr, bytes) else exc.stderr or ""
                )
                raise LabFailed(
                    f"{self.path.name} did not finish in {s['timeout']:g} s (timeout; set `timeout` in "
                    f"[tool.tf1-lessons]).\nstderr (last lines):\n{tail}"
                ) from None
            if done.returncode != 0:
                raise LabFailed(
                    f"{self.path.name} exited with status {done.returncode} under `tf1-lessons exec`.\n"
                    f"stderr (last lines):\n{_tail(done.stderr)}"
                )
            curve = LearningCurve.load(record) if record.is_file() else None
            return curve if curve is not None and len(curve) else None

    def _record(self, s):
        from . import _io, golden
        from .curves import _tf_version
        from .variants import VARIANTS, machine

        if not _io.may_replace(self.golden):  # before the runs, not after
            raise LabFailed(f"the golden was not recorded: {_io.NotOurs(self.golden)}; remove or rename it")
        variants = {}
        for name in self.config._tf1_variants:
            curve = self._run(s, VARIANTS[name], clean=True)
            # A lab that trains nothing gets a golden without curves: it is checked by running
            # cleanly, and a missing golden still means "never recorded".
            variants[name] = {"exec": curve} if curve is not None else {}
            if curve is None:
                break
        how = f" --tf1-variants {','.join(variants)}" if len(variants) > 1 else ""
        made = {
            "command": f"pytest --tf1 --force-regen{how}",
            "variants": {n: VARIANTS[n] for n in variants},
            "tf_versions": [".".join(_tf_version().split(".")[:2])],
            "machine": machine(),
            "tolerance": {"rtol": s["rtol"], "atol": s["atol"]},
        }
        try:
            golden.save_golden(self.path.stem, variants, self.golden, made)  # atomic (_io.write_text)
        except OSError as exc:  # a file of the user's in the way (_io.NotOurs): left as it is
            raise LabFailed(f"the golden was not recorded: {exc}") from None
        self.config._tf1_recorded.append(self.golden)

    def _golden_data(self) -> dict:
        from . import golden

        try:
            return golden.load_golden(self.golden)
        except (golden.GoldenError, ValueError, OSError) as exc:
            raise LabFailed(
                f"{self.golden}: cannot be read ({exc}); record it again with `{self.regen_command()}`"
            ) from None

    def _check(self, curves, s, data):
        """``data``: the golden, as _golden_data read it."""
        from . import golden

        tolerances = {"default": {"rtol": s["rtol"], "atol": s["atol"]}}
        ref = data["curves"].get("exec")
        run = curves["exec"]
        if ref is None or ref.budget != run.budget or ref.seed != run.seed:
            raise LabFailed(
                f"{self.golden} was recorded with seed {getattr(ref, 'seed', None)} and budget "
                f"{getattr(ref, 'budget', None)}; this run used seed {run.seed} and budget {run.budget}. Run "
                f"with the golden's settings, or re-record: `{self.regen_command()}`"
            )
        try:
            golden.check(
                curves,
                self.golden,
                tolerances,
                lesson=self.path.stem,
                regen=self.regen_command(),
                look=f"the lab's learning rate, initial values, batches or ops (`git diff -- {self.path.name}`), "
                f"or a library upgrade (`pip list`).",
            )
        except (golden.GoldenMismatch, golden.GoldenError) as exc:
            raise LabFailed(str(exc)) from None

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, LabFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, f"tf1 lab: {self.path.name}"


def pytest_report_collectionfinish(config, start_path, items):
    """Labs without a golden, said once after collection: they fail at once, without running."""
    if not config.getoption("tf1") or regen(config):
        return None
    missing = [item for item in items if isinstance(item, Tf1LabItem) and not item.golden.is_file()]
    if not missing:
        return None
    paths = " ".join(sorted({os.path.relpath(item.path, start_path) for item in missing}))
    return (
        f"tf1-lessons: {len(missing)} lab(s) have no golden and will fail without running; record them first:"
        f"\n  pytest --tf1 --force-regen {paths}"
    )


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    recorded = getattr(config, "_tf1_recorded", None)
    if recorded:
        terminalreporter.write_sep("-", f"tf1-lessons: recorded {len(recorded)} golden(s)")
        for path in recorded:
            terminalreporter.write_line(f"  {path}")


def _line(report, use) -> str:
    return f"line {use.lines[0]}" if report.cells is None else report.where(use.lines[:1])


def _tail(text: str, lines: int = 25) -> str:
    return "\n".join((text or "").rstrip().splitlines()[-lines:]) or "(nothing)"

"""Record what TensorFlow 1.15 printed for each corpus script (``nox -s tf1-reference``).

Usage: ``python tests/tf1_reference/record.py TF1_PYTHON [SCRIPT.py ...]`` from the repository
root (``--budgets`` instead of scripts: the short runs of ``tests/test_budgets.py``, into
``tests/tf1_reference/budgets/``),
where TF1_PYTHON is a Python 3.7 with ``tensorflow==1.15.5`` (the nox session makes one).
Each script runs twice under TF 1.15 through ``tf1_lessons/tf1/tf1_driver.py``, with exactly
the options ``tests/test_exec.py`` gives exec (``--seed 0``, the script's step budget, a fresh
folder as its own argument, the MNIST files), and ``tests/tf1_reference/NAME.json`` keeps:
its standard output, the lines whose numbers the second run did not repeat, its exit status,
its recorded curve, and the versions and CPU that made it. These files are data from the
reference implementation; tf1-lessons' own code never writes them.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.test_exec import PRINTS, SCRIPTS, TRAINS, script  # noqa: E402
from tf1_lessons.tf1 import against  # noqa: E402

HERE = Path(__file__).resolve().parent


def cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def one(python: str, name: str) -> dict:
    max_steps, _ = SCRIPTS[name]
    runs = []
    for _ in range(2):
        with tempfile.TemporaryDirectory(prefix="tf1-reference-") as tmp:
            curve = Path(tmp) / "curve.json"
            cmd = against.tf1_command(
                python, script(name), [str(Path(tmp) / "own")], seed=0, max_steps=max_steps, record=curve
            )
            # In the temporary folder, as the tests run exec: what a script writes where it runs
            # (the MNIST files TF1's input_data "downloads") stays out of the checkout.
            done = against.run_side(cmd, timeout=1800, cwd=tmp)
            runs.append((done, json.loads(curve.read_text()) if curve.is_file() else None))
    (first, curve), (second, curve2) = runs
    a, b = first.stdout.splitlines(), second.stdout.splitlines()
    # A line TF1 did not repeat: other numbers (a timing), or other text than a path.
    unstable = [
        i
        for i, (x, y) in enumerate(zip(a, b, strict=False), start=1)
        if against.skeleton(x) != against.skeleton(y) or against.numbers(x) != against.numbers(y)
    ]
    deterministic = not unstable and len(a) == len(b) and curve == curve2 and first.returncode == second.returncode
    return {
        "script": name,
        "seed": 0,
        "max_steps": max_steps,
        "exit_status": first.returncode,
        "deterministic": deterministic,
        "unstable_lines": unstable,
        "stdout": first.stdout,
        "stderr_tail": first.stderr.splitlines()[-20:],
        "curve": curve,
    }


def budgeted(python: str, key: str) -> dict:
    """A short run of a corpus script under TF 1.15 with test_budgets.py's --set/--train-size."""
    from tests.test_budgets import SHORT_RUNS
    from tf1_lessons.tf1 import budgets

    name, options = SHORT_RUNS[key]
    given = [o[len("--set=") :] for o in options if o.startswith("--set=")]
    settings = budgets.resolve(given, budgets.read(script(name)), name)
    size = int(options[options.index("--train-size") + 1]) if "--train-size" in options else None
    budget = against.budget_options(settings, size)  # what exec --against-tf1 hands the driver
    with tempfile.TemporaryDirectory(prefix="tf1-reference-") as tmp:
        done = against.run_side(against.tf1_command(python, script(name), [], seed=0, budget=budget), cwd=tmp)
    return {"script": name, "seed": 0, "options": options, "exit_status": done.returncode, "stdout": done.stdout}


PY2_PROGRAMS = ROOT / "tests" / "py2_programs"
PY2_SCRIPTS = ROOT / "tests" / "tf1_scripts_py2"
PY2_REFERENCE = ROOT / "tests" / "py2_reference"
PY2_STDIN = "tester\n"  # what the programs that read a line (raw_input) are given


def python2(python: str, made_by: str) -> int:
    """``--py2 PYTHON2``: what Python 2.7 printed for tests/py2_programs/*.py (plain Python 2), and
    what TensorFlow 1.15.0 under Python 2.7 printed for tests/tf1_scripts_py2/*.py (through
    tf1_driver.py, --seed 0, as exec runs them). ``TF1_PYTHONPATH``, if set, is that
    interpreter's PYTHONPATH (a --target install of TensorFlow 1.15.0)."""
    import subprocess

    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if os.environ.get("TF1_PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["TF1_PYTHONPATH"]
    versions = json.loads(subprocess.run([python, str(against.DRIVER), "--versions"], env=env,
                                         capture_output=True, text=True, check=True).stdout)  # fmt: skip
    made = {
        "by": made_by,
        "python": versions["python"],
        "tensorflow": versions["tensorflow"],
        "numpy": versions["numpy"],
        "cpu": cpu(),
        "date": datetime.date.today().isoformat(),
    }
    PY2_REFERENCE.mkdir(exist_ok=True)
    jobs = [("program", p, [python, "-B", p.name]) for p in sorted(PY2_PROGRAMS.glob("*.py"))]
    jobs += [("tf1", p, against.tf1_command(python, p, [], seed=0)) for p in sorted(PY2_SCRIPTS.glob("*.py"))]
    for kind, path, cmd in jobs:
        runs = []
        for _ in range(2):
            with tempfile.TemporaryDirectory(prefix="py2-reference-") as tmp:
                cwd = path.parent if kind == "program" else tmp
                runs.append(subprocess.run(cmd, cwd=cwd, env=env, input=PY2_STDIN, capture_output=True, text=True))
        first, second = runs
        reference = {
            "kind": kind,
            "program": path.name,
            "seed": 0 if kind == "tf1" else None,
            "stdin": PY2_STDIN,
            "exit_status": first.returncode,
            "deterministic": first.stdout == second.stdout,
            "stdout": first.stdout,
            "stderr_tail": first.stderr.splitlines()[-8:],
            "made": made,
        }
        out = PY2_REFERENCE / f"{path.stem}.json"
        out.write_text(json.dumps(reference, indent=1) + "\n")
        print(f"{path.name}: exit {first.returncode}, {len(first.stdout.splitlines())} lines", flush=True)
    return 0


def companions(python: str) -> dict:
    """The versions of the libraries TF1 code used beside TensorFlow in that interpreter (the
    era's, as the nox session installs them: scipy.misc.imresize, sklearn.cross_validation...)."""
    import subprocess

    code = (
        "import importlib, json\n"
        "found = {}\n"
        "for name in ('scipy', 'PIL', 'sklearn', 'pandas', 'matplotlib'):\n"
        "    try:\n"
        "        found[name] = importlib.import_module(name).__version__\n"
        "    except Exception:\n"
        "        pass\n"
        "print(json.dumps(found))\n"
    )
    done = subprocess.run([python, "-c", code], capture_output=True, text=True)
    return json.loads(done.stdout) if done.returncode == 0 else {}


def main(argv) -> int:
    if argv[:1] == ["--py2"]:
        return python2(argv[1], "tests/tf1_reference/record.py --py2 PYTHON2")
    python, names = argv[0], argv[1:] or [n for n, (_, kind) in SCRIPTS.items() if kind in (TRAINS, PRINTS)]
    versions = against.probe(python)
    made = {
        "by": "tests/tf1_reference/record.py (nox -s tf1-reference)",
        "tensorflow": versions["tensorflow"],
        "numpy": versions["numpy"],
        "python": versions["python"],
        "companions": companions(python),
        "cpu": cpu(),
        "cores": os.cpu_count(),
        "date": datetime.date.today().isoformat(),
    }
    if names == ["--budgets"]:
        from tests.test_budgets import SHORT_RUNS

        for key in SHORT_RUNS:
            reference = {**budgeted(python, key), "made": made}
            (HERE / "budgets").mkdir(exist_ok=True)
            (HERE / "budgets" / f"{key}.json").write_text(json.dumps(reference, indent=1) + "\n")
            print(f"{key}: exit {reference['exit_status']}, {len(reference['stdout'].splitlines())} lines", flush=True)
        return 0
    for name in names:
        reference = {**one(python, name), "made": made}
        path = HERE / f"{Path(name).stem}.json"
        tmp = path.with_suffix(".json.part")
        tmp.write_text(json.dumps(reference, indent=1) + "\n")
        os.replace(tmp, path)
        flag = (
            "deterministic"
            if reference["deterministic"]
            else f"NOT deterministic (lines {reference['unstable_lines'][:8]})"
        )
        print(
            f"{name}: exit {reference['exit_status']}, {len(reference['stdout'].splitlines())} lines, {flag}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

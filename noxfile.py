"""The TensorFlow versions we claim, proven one by one (``pip install nox``, then):

    nox -s goldens-2.16          # that TensorFlow minor + its tf-keras, in its own virtualenv:
                                 # the golden tests, the mutation tests, determinism
    nox -s goldens               # every version in TF_VERSIONS
    nox -s goldens-2.16 -- api     # instead: record that version's table of tf.compat.v1's names (scan)
    nox -s goldens-2.16 -- record  # instead: that version's curves under the kernel variants,
                                 # into build/variants/tf-2.16/ (what `tf1-lessons check --force-regen --with` merges)
    nox -s regen                 # re-record every golden: the older versions' variants, then all
                                 # variants on the newest, merged (about 45 min on 2 cores)
    nox -s isa                   # the golden tests under each oneDNN ISA cap and oneDNN off
    nox -s tf1-reference         # TensorFlow 1.15.5's output for each corpus script (needs a Python 3.7)

``TF_VERSIONS`` is the range ``setup.cfg`` allows; keep the two equal (a test checks it).
The virtualenvs live in ``.nox/`` and are reused with ``nox -R``.
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
TF_VERSIONS = ["2.16", "2.17", "2.18", "2.19", "2.20", "2.21"]
# With each version: its goldens, scan's table of tf.compat.v1's names (tf1_lessons/tf1/api/), and the
# runtime's patch table (every target where it says, every guard holding).
GOLDEN_TESTS = [
    "tests/test_goldens.py",
    "tests/test_scan_table.py",
    "tests/test_patches.py",
]
# Recorded on the older versions: the settings that choose other kernels. Thread counts are
# recorded on the newest version only, which keeps `nox -s regen` under an hour on 2 cores.
VERSION_VARIANTS = "default,isa-avx2,isa-sse41,onednn-off"

nox.options.sessions = [f"goldens-{v}" for v in TF_VERSIONS]
nox.options.default_venv_backend = "venv"


def _data_env() -> dict:
    shared = ROOT.parent / "shared" / "data"
    if "TF1_LESSONS_DATA" not in os.environ and shared.is_dir():
        return {"TF1_LESSONS_DATA": str(shared)}
    return {}


def _install(session, version: str) -> None:
    # tf-keras must share TensorFlow's minor version (tf1_lessons.compat refuses a mismatch).
    session.install(f"tensorflow=={version}.*", f"tf-keras=={version}.*")
    session.install("-e", ".[test]")
    session.run(
        "python",
        "-c",
        "import tensorflow as tf, tf_keras; print('TensorFlow', tf.__version__, 'tf-keras', tf_keras.__version__)",
    )


def _goldens(version: str):
    def session_fn(session):
        _install(session, version)
        if session.posargs[:1] == ["api"]:
            session.run("python", "-m", "tf1_lessons.tf1.apitable", "record")
        elif session.posargs[:1] == ["record"]:
            out = ROOT / "build" / "variants" / f"tf-{version}"
            extra = session.posargs[1:] or ["--variants", VERSION_VARIANTS]
            session.run("python", "-m", "tf1_lessons.variants", "run", str(out), *extra, env=_data_env())
        elif session.posargs[:1] == ["regen"]:
            others = [f"--with=build/variants/tf-{v}" for v in TF_VERSIONS if v != version]
            keep = f"--keep=build/variants/tf-{version}"
            regen = ["tf1-lessons", "check", "all", "--force-regen", keep, *others, *session.posargs[1:]]
            session.run(*regen, env=_data_env())
        else:
            session.run("python", "-m", "pytest", "-q", *GOLDEN_TESTS, *session.posargs, env=_data_env())

    session_fn.__doc__ = (
        f"Golden, mutation and determinism tests on TensorFlow {version}.* (`-- record`: record its variants)"
    )
    return session_fn


for _v in TF_VERSIONS:
    nox.session(name=f"goldens-{_v}")(_goldens(_v))


@nox.session(name="goldens", python=False)
def goldens_all(session):
    """Every version's golden session, one after the other."""
    for version in TF_VERSIONS:
        session.notify(f"goldens-{version}")


@nox.session(name="regen", python=False)
def regen(session):
    """Re-record every golden from all versions and variants (then review `git diff tests/goldens`)."""
    for version in TF_VERSIONS[:-1]:
        session.notify(f"goldens-{version}", posargs=["record"])
    session.notify(f"goldens-{TF_VERSIONS[-1]}", posargs=["regen"])


@nox.session(name="isa")
def isa(session):
    """The golden tests under each oneDNN ISA cap, oneDNN off and other thread counts (installed TF)."""
    session.install("-e", ".[test]")
    settings = [
        {"ONEDNN_MAX_CPU_ISA": "SSE41"},
        {"ONEDNN_MAX_CPU_ISA": "AVX2"},
        {"TF_ENABLE_ONEDNN_OPTS": "0"},
        {"TF_NUM_INTRAOP_THREADS": "1"},
        {"TF_NUM_INTRAOP_THREADS": "8"},
    ]
    for env in settings:
        session.log(f"golden tests with {env}")
        session.run("python", "-m", "pytest", "-q", *GOLDEN_TESTS, *session.posargs, env={**_data_env(), **env})


def _python37() -> str | None:
    """A Python 3.7 for TensorFlow 1.15: $TF1_PYTHON37, python3.7 on PATH, or pyenv's."""
    import shutil
    import subprocess

    found = os.environ.get("TF1_PYTHON37") or shutil.which("python3.7")
    if found:
        return found
    try:
        prefix = subprocess.run(["pyenv", "prefix", "3.7"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return str(Path(prefix) / "bin" / "python3.7") if prefix else None


@nox.session(name="tf1-reference")
def tf1_reference(session):
    """TensorFlow 1.15.5's own output for every corpus script, into tests/tf1_reference/ (each run
    twice, to tell deterministic output from not). TF 1.15 needs a Python 3.7: set $TF1_PYTHON37
    if neither PATH nor pyenv has one. ``-- NAME.py ...`` records only those scripts."""
    py37 = _python37()
    if not py37:
        session.error(
            "no Python 3.7 found: install one (e.g. `pyenv install 3.7`) or set TF1_PYTHON37=/path/to/python3.7"
        )
    venv = ROOT / ".nox" / "tf1-115"
    if not (venv / "bin" / "python").exists():
        session.run(py37, "-m", "venv", str(venv), external=True)
    session.run(
        str(venv / "bin" / "pip"),
        "install",
        "-q",
        "tensorflow==1.15.5",
        "numpy<1.19",
        "protobuf<3.21",
        # The libraries TF1 code used beside it, at their last releases with the names exec serves
        # (scipy.misc.imresize, PIL's ANTIALIAS, sklearn.cross_validation, DataFrame.ix, plt.hold)
        "scipy==1.2.3",
        "Pillow==6.2.2",
        "scikit-learn==0.19.2",
        "pandas==0.25.3",
        "matplotlib==2.2.5",
        external=True,
    )
    session.install("-e", ".[test]")
    session.run(
        "python", "tests/tf1_reference/record.py", str(venv / "bin" / "python"), *session.posargs, env=_data_env()
    )


@nox.session(name="docs")
def docs(session):
    """The documentation site: Zensical's strict build into site/ (`python -m tf1_lessons.docsite build`),
    then the docs tests, with screenshots of the home page and lesson 5's page from a headless Chromium
    (Debian's `chromium`) into build/screenshots/."""
    session.install("-e", ".[test,docs]")
    session.run("python", "-m", "tf1_lessons.docsite", "build", env=_data_env())
    shots = str(ROOT / "build" / "screenshots")
    session.run("python", "-m", "pytest", "-q", "-n0", "-s", "tests/test_docs.py", *session.posargs,
                env={**_data_env(), "TF1_LESSONS_SCREENSHOTS": shots})  # fmt: skip

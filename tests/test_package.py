"""The package as people install it: a wheel (or sdist) used from a folder that is not a checkout.

The wheel is built from a copy of the sources (the checkout's own build/ stays untouched) and
installed into a temporary virtualenv that sees the running environment's packages (TensorFlow
and the rest) through a ``.pth`` file, so nothing is downloaded. Not ``--system-site-packages``:
that exposes the *base* interpreter's packages, which lack TensorFlow when the tests themselves
run in a virtualenv. About 20 s on 2 cores.
"""

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

SOURCES = ("setup.cfg", "pyproject.toml", "README.md", "tf1_lessons", "lessons", "tests/goldens")
# Every lesson's files, as paths below lessons/: a folder's program, twin and lesson.json, and the
# document's other files beside them (lesson 3's dataset/ package one level down).
LESSONS = sorted(
    p.relative_to(ROOT / "lessons").as_posix()
    for p in (ROOT / "lessons").glob("[0-9][0-9]_*/**/*")
    if p.is_file() and "__pycache__" not in p.parts
)
GOLDENS = sorted(p.name for p in (ROOT / "tests" / "goldens").glob("*.json"))


def run(argv, cwd, env=None, timeout=300):
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{argv} exited {done.returncode}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory):
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.obtained.json"))
        else:
            shutil.copy2(ROOT / name, src / name)
    return src


@pytest.fixture(scope="module")
def installed(source_copy, tmp_path_factory):
    """(python, console script, environment) of a fresh virtualenv holding only the built wheel."""
    dist = tmp_path_factory.mktemp("dist")
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(dist),
            str(source_copy),
        ],
        cwd=source_copy,
    )
    (wheel,) = dist.glob("tf1_lessons-*.whl")
    venv = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", str(venv)], cwd=venv)
    python = venv / "bin" / "python"
    # The running environment's site folders, after the venv's own: the wheel installed there
    # wins over the editable checkout, TensorFlow comes from here.
    purelib = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=venv
    ).stdout.strip()
    here = dict.fromkeys(sysconfig.get_path(k) for k in ("purelib", "platlib"))
    Path(purelib, "zz_running_environment.pth").write_text("".join(f"{p}\n" for p in here))
    run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--disable-pip-version-check",
            str(wheel),
        ],
        cwd=venv,
    )
    env = {k: v for k, v in os.environ.items() if k != "TF1_LESSONS_DIR"}
    return {"wheel": wheel, "python": python, "script": venv / "bin" / "tf1-lessons", "env": env}


def test_the_wheel_holds_every_lesson_and_golden(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    shipped = [n.removeprefix("tf1_lessons/lessons/") for n in names if n.startswith("tf1_lessons/lessons/")]
    assert sorted(n for n in shipped if n != "__init__.py") == LESSONS
    assert sorted(n.split("/")[-1] for n in names if n.startswith("tf1_lessons/goldens/")) == GOLDENS
    # scan's tables of tf.compat.v1's names, one per supported TensorFlow version (setup.cfg's range)
    tables = sorted(n.split("/")[-1] for n in names if n.startswith("tf1_lessons/tf1/api/"))
    assert tables == [f"tf-2.{minor}.json.gz" for minor in range(16, 22)]


def test_the_sdist_holds_every_lesson_and_golden(source_copy, tmp_path):
    run(
        [sys.executable, "-c", f"from setuptools import build_meta; build_meta.build_sdist({str(tmp_path)!r})"],
        cwd=source_copy,
    )
    (sdist,) = tmp_path.glob("tf1-lessons-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    shipped = [n.split("/lessons/", 1)[1] for n in names if "/lessons/" in n and not n.endswith("/lessons")]
    assert sorted(n for n in shipped if "." in n.split("/")[-1] and n != "__init__.py") == LESSONS
    assert sorted(n.split("/")[-1] for n in names if "/tests/goldens/" in n) == GOLDENS


def test_the_installed_package_lists_runs_checks_and_copies_from_an_empty_folder(installed, tmp_path):
    script, env = str(installed["script"]), installed["env"]
    where = run(
        [str(installed["python"]), "-c", "import tf1_lessons; print(tf1_lessons.__file__)"], cwd=tmp_path, env=env
    )
    assert str(installed["python"].parent.parent) in where.stdout, "the virtualenv must use the wheel, not the checkout"

    listed = run([script, "list"], cwd=tmp_path, env=env)
    assert all(f"\n{name} " in listed.stdout for name in ("linear_regression", "cnn", "ensemble"))

    ran = run([script, "run", "linear_regression", "--mode", "both"], cwd=tmp_path, env=env)
    assert "Epoch:  99 loss:  3.3379514e-05  weight:  [3.0046647]  bias:  [1.9862854]" in ran.stdout
    assert "first divergence: none" in ran.stdout

    checked = run([script, "check", "linear_regression"], cwd=tmp_path, env=env)
    assert (
        "linear_regression: matches" in checked.stdout
        and "tf1_lessons/goldens/linear_regression.json" in checked.stdout
    )

    (tmp_path / "lab.py").write_text("import tensorflow as tf\nprint(tf.nn.relu, tf.contrib.layers.flatten)\n")
    scanned = run([script, "scan", "lab.py"], cwd=tmp_path, env=env)  # from the shipped table: no notice
    assert "should run (2 APIs: 1 native, 1 provided" in scanned.stdout and scanned.stderr == ""
    (tmp_path / "lab.py").unlink()

    shown = run([script, "show", "cnn"], cwd=tmp_path, env=env)
    assert shown.stdout.startswith("# ") and "tf1_lessons/lessons/05_cnn/program.py" in shown.stdout.splitlines()[0]

    run([script, "copy", "linear_regression"], cwd=tmp_path, env=env)
    copied = run([script, "exec", "01_linear_regression/program.py"], cwd=tmp_path, env=env)
    assert "Epoch:  99 loss:  3.3379514e-05" in copied.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01_linear_regression"]  # nothing else left behind

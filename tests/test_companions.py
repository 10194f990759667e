"""The companions of TF1 code (tf1_lessons/tf1/companions.py) against their last releases that had
the removed names: tests/tf1_companions/*.reference.txt were printed by SciPy 1.2.3, Pillow 6.2.2,
scikit-learn 0.19.2, pandas 0.25.3 and matplotlib 2.2.5 under Python 3.7.16 (DataFrame.sort: pandas
0.19.2 under Python 3.6.15), 2026-12-07; exec must print the same. The companions are a TF1
program's only: plain Python keeps today's libraries as they are."""

import subprocess
import sys

import pytest

from .conftest import ROOT

HERE = ROOT / "tests" / "tf1_companions"


def exec_(script, cwd):
    return subprocess.run([sys.executable, "-m", "tf1_lessons.cli", "exec", str(script)],
                          capture_output=True, text=True, cwd=cwd, timeout=600)  # fmt: skip


@pytest.mark.parametrize("name", ["companions_probe", "companions_sort"])
def test_exec_prints_what_the_last_releases_with_those_names_printed(name, tmp_path):
    pytest.importorskip("sklearn", reason="the probe calls sklearn.cross_validation (the test extra installs it)")
    pytest.importorskip("scipy", reason="the probe calls scipy.misc (the test extra installs SciPy)")
    done = exec_(HERE / f"{name}.py", tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    expected = (HERE / f"{name}.reference.txt").read_text().splitlines()
    assert done.stdout.splitlines() == expected


def test_plain_python_keeps_todays_libraries(tmp_path):
    """Outside a TF1 program nothing is served: scipy.misc has no imread, collections no Iterable."""
    code = (
        "import collections, scipy.misc, pandas\n"
        "print(hasattr(scipy.misc, 'imread'), hasattr(collections, 'Iterable'), hasattr(pandas.DataFrame, 'ix'))\n"
    )
    pytest.importorskip("scipy", reason="SciPy is in the test extra")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.stdout.split() == ["False", "False", "False"], done.stderr[-2000:]


def test_a_removed_module_is_served_with_its_old_classes(tmp_path):
    """sklearn.cross_validation comes from the companion finder, last on sys.meta_path (asked only
    when no installed module has the name), with 0.19's splitter classes; imp stays importable."""
    script = tmp_path / "s.py"
    script.write_text(
        "import sys\n"
        "import sklearn.cross_validation as cv\n"
        "print(cv.__name__, type(cv).__name__, sorted(n for n in dir(cv) if n[0].isupper()))\n"
        "import imp\n"
        "print(callable(imp.reload))\n"
    )
    pytest.importorskip("sklearn", reason="scikit-learn is in the test extra")
    done = exec_(script, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.splitlines()[0] == (
        "sklearn.cross_validation module ['KFold', 'LeaveOneOut', 'ShuffleSplit', 'StratifiedKFold', "
        "'StratifiedShuffleSplit']"
    )
    assert done.stdout.splitlines()[1] == "True"

"""Shared test set-up.

* Real data: ``TF1_LESSONS_DATA`` points at ``../shared/data`` when that folder exists and the
  variable is not already set (CI sets it too).
* ``curve_regression``: checks a lesson's curves against ``tests/goldens/<lesson>.json`` with
  the lesson's own tolerances. The workflow is pytest-regressions': a missing golden is
  recorded and the test fails once so it gets reviewed; ``pytest --force-regen`` re-records
  goldens that differ.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDENS = ROOT / "tests" / "goldens"
SHARED_DATA = ROOT.parent / "shared" / "data"

if SHARED_DATA.is_dir():
    os.environ.setdefault("TF1_LESSONS_DATA", str(SHARED_DATA))


@pytest.fixture
def curve_regression(lazy_datadir, original_datadir, request):
    from pytest_regressions.common import perform_regression_check

    from tf1_lessons import golden

    def check(lesson, curves: dict):
        def dump(path):
            golden.save(curves, path)

        def compare(obtained, expected):  # `obtained` is `curves`, just written for inspection
            golden.check(curves, expected, lesson.meta.get("golden_tolerance", {}))

        perform_regression_check(
            datadir=lazy_datadir,
            original_datadir=original_datadir,
            request=request,
            check_fn=compare,
            dump_fn=dump,
            extension=".json",
            fullpath=lesson.goldens_path(GOLDENS),
        )

    return check


@pytest.fixture(scope="session")
def lessons():
    from tf1_lessons import registry

    return registry.discover(ROOT / "lessons")


@pytest.fixture(scope="session")
def twin_runs(lessons):
    """``twin_runs(name)``: the lesson's twins at its test budget and golden seed, run once per session."""
    from tf1_lessons.golden import SEED

    cache = {}

    def run(name):
        if name not in cache:
            lesson = lessons[name]
            module = lesson.load()
            cache[name] = {mode: getattr(module, mode)(seed=SEED, verbose=False, **lesson.test_budget) for mode in lesson.twins}
        return cache[name]

    return run

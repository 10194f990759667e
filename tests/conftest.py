"""Shared test set-up.

* Real data: ``TF1_LESSONS_DATA`` points at ``../shared/data`` when that folder exists and the
  variable is not already set (CI sets it too).
* ``curve_regression``: checks a lesson's curves against the envelope in
  ``tests/goldens/<lesson>.json`` (see :mod:`tf1_lessons.golden`). The workflow is
  pytest-regressions': a missing golden is recorded (every numerical variant, as
  ``tf1-lessons check --force-regen``) and the test fails once so it gets reviewed;
  ``pytest --force-regen`` re-records goldens that differ.
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
if os.environ.get("TF1_LESSONS_DATA"):
    # The README's `TF1_LESSONS_DATA=../shared/data` is relative to where pytest starts; many
    # tests run scripts from other folders, so they get it as an absolute path.
    os.environ["TF1_LESSONS_DATA"] = os.path.abspath(os.path.expanduser(os.environ["TF1_LESSONS_DATA"]))


@pytest.fixture
def curve_regression(lazy_datadir, original_datadir, request):
    from pytest_regressions.common import perform_regression_check

    from tf1_lessons import golden, variants

    def check(lesson, curves: dict):
        source = lesson.goldens_path(GOLDENS)

        def dump(path):
            if Path(path) == source:
                # Recording the golden itself (missing, or --force-regen): the envelope of
                # every numerical variant, each in its own process, as `check --force-regen` does.
                variants.regenerate({lesson.name: lesson}, {lesson.name: source})
            else:  # the ".obtained" copy of this run, for inspection
                golden.save_curve_set(curves, path)

        def compare(obtained, expected):  # `obtained` is `curves`, just written for inspection
            try:
                golden.check(curves, expected, lesson.meta.get("golden_tolerance", {}), lesson=lesson.name)
            except golden.GoldenError as exc:  # a different run, not a different result: still a failed check
                raise AssertionError(str(exc)) from exc

        perform_regression_check(
            datadir=lazy_datadir,
            original_datadir=original_datadir,
            request=request,
            check_fn=compare,
            dump_fn=dump,
            extension=".json",
            fullpath=source,
        )

    return check


@pytest.fixture(scope="session")
def lessons():
    from tf1_lessons import registry

    return registry.discover(ROOT / "lessons")


@pytest.fixture(scope="session")
def twin_runs(lessons):
    """``twin_runs(name)``: the lesson's twins at its test budget and golden seed, run once per session."""
    from tf1_lessons.golden import run_twins

    cache = {}

    def run(name):
        if name not in cache:
            cache[name] = run_twins(lessons[name])
        return cache[name]

    return run

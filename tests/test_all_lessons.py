"""Checks every lesson gets, found from lessons/ (a new lesson is covered without editing this):
its twins stay within the lesson's declared tolerance, and its curves match the golden file."""

import pytest

from tf1_lessons import registry

from .conftest import ROOT

LESSONS = registry.discover(ROOT / "lessons")
WITH_TWINS = [name for name, lesson in LESSONS.items() if len(lesson.twins) > 1]


@pytest.mark.parametrize("name", WITH_TWINS)
def test_twins_stay_within_the_lessons_tolerance(name, lessons, twin_runs):
    from tf1_lessons.compare import compare

    reference, *others = twin_runs(name).values()
    for other in others:
        comparison = compare(other, reference, tolerances=lessons[name].meta["twin_tolerance"])
        assert comparison.ok, str(comparison)


@pytest.mark.parametrize("name", list(LESSONS))
def test_golden_curve(name, lessons, twin_runs, curve_regression):
    curve_regression(lessons[name], twin_runs(name))

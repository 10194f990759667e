"""Lesson 2 against document 000: accuracy, the NaN of log(softmax), the eager twin, the golden."""

import contextlib
import io

import pytest

DOCUMENT_ACCURACY = 0.9167  # the document's printed test accuracy


@pytest.fixture(scope="module")
def lesson02(lessons):
    return lessons["mnist_softmax"]


@pytest.fixture(scope="module")
def twins(twin_runs):
    return twin_runs("mnist_softmax")


def test_full_run_accuracy_matches_the_document(twins):
    assert twins["graph"].budget == {"steps": 1000}
    assert twins["graph"].results["test_accuracy"] == pytest.approx(DOCUMENT_ACCURACY, abs=0.01)
    # Accuracy is measured every 100 steps on the test set, and ends where the final figure is.
    steps, accuracies = twins["graph"].series("test_accuracy")
    assert steps == list(range(99, 1000, 100)) and accuracies[-1] == twins["graph"].results["test_accuracy"]


def test_eager_twin_is_bit_identical(twins):
    from tf1_lessons.compare import compare

    comparison = compare(twins["eager"], twins["graph"])  # no tolerance at all
    assert comparison.ok, str(comparison)
    assert len(twins["eager"]) == 1000


def test_log_of_zero_demo(lesson02):
    naive, stable = lesson02.load().log_of_zero_demo(verbose=False)
    assert naive != naive  # NaN
    assert stable == pytest.approx(120.0)


def test_nan_run_is_reported_and_fixed_version_learns(lesson02):
    module = lesson02.load()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        broken = module.graph(seed=0, verbose=True, learning_rate=0.05, steps=300)
    assert broken.first_nonfinite("loss") is not None
    assert "WARNING: the cross-entropy is nan" in out.getvalue() and "--fixed" in out.getvalue()
    assert broken.results["test_accuracy"] < 0.2
    fixed = module.graph(seed=0, verbose=False, learning_rate=0.05, steps=300, fixed=True)
    assert fixed.first_nonfinite("loss") is None and fixed.results["test_accuracy"] > 0.85


@pytest.mark.slow
def test_five_seeds_stay_within_a_hundredth_of_the_document(lesson02):
    module = lesson02.load()
    accuracies = [module.graph(seed=s, verbose=False).results["test_accuracy"] for s in range(5)]
    assert all(abs(a - DOCUMENT_ACCURACY) <= 0.01 for a in accuracies), accuracies

"""Lesson 7 against document 003's third program: the Model class, scopes, the std-1.0 erratum."""

import numpy as np
import pytest


@pytest.fixture(scope="module")
def lesson07(lessons):
    return lessons["model_class"]


@pytest.fixture(scope="module")
def twins(twin_runs):
    return twin_runs("model_class")


def test_two_instances_get_separate_scoped_variables(lesson07, capsys):
    result = lesson07.load().scopes(seed=0, verbose=True).results
    out = capsys.readouterr().out
    assert "m1/Variable:0" in out and "m2/Variable:0" in out and "m1/W4:0" in out
    # 9 weights and biases each, plus Adam's 2 slots per weight. The optimizer is built
    # outside the `with variable_scope` block (as in the document), so its beta1/beta2 power
    # accumulators live at the graph's root, not under m1/ or m2/.
    assert result["m1_variables"] == result["m2_variables"] == 9 * 3
    assert result["same_local_names"] == result["m1_variables"]  # same names, different scopes
    assert result["different_start"] == 1.0


def test_document_erratum_and_fix_change_the_conv_stddev(lesson07):
    module = lesson07.load()
    for fixed, std in ((False, 1.0), (True, 0.01)):
        sess, (m1,) = module.new_session(seed=0, fixed=fixed)
        w1, w3 = sess.run([m1.params["W1"], m1.params["W3"]])
        sess.close()
        assert np.std(w3) == pytest.approx(std, rel=0.05)
        assert np.std(w1) == pytest.approx(std, rel=0.3)


def test_document_run_says_where_it_deviates(lesson07, capsys):
    lesson07.load().graph(seed=0, verbose=True, epochs=1, steps=5, train_size=1000)
    out = capsys.readouterr().out
    assert "note: W1-W3 start with stddev 1.0" in out and "--fixed" in out
    assert "Learning Started!" in out and "Learning Finished!" in out and "Accuracy:" in out
    lesson07.load().graph(seed=0, verbose=True, epochs=1, steps=5, train_size=1000, fixed=True)
    assert "note:" not in capsys.readouterr().out


def test_dropout_off_twins_start_identical(twins):
    graph_curve, eager_curve = twins["graph_nodropout"], twins["eager_nodropout"]
    assert graph_curve.metrics["loss"][0] == eager_curve.metrics["loss"][0]


def test_fixed_class_version_is_lesson_6_program(lesson07, lessons):
    # With the conv stddev corrected, the class is lesson 6's network built in the same order
    # from the same seed, so it must give lesson 6's curve exactly, not merely close to it.
    budget = dict(seed=0, verbose=False, epochs=1, steps=15, train_size=1500)
    as_class = lesson07.load().graph(fixed=True, **budget)
    flat = lessons["deep_cnn"].load().graph(**budget)
    assert as_class.metrics["loss"] == flat.metrics["loss"]
    assert as_class.results["test_accuracy"] == flat.results["test_accuracy"]
    # and the document's std-1.0 version is a different run from the first step
    assert lesson07.load().graph(**budget).metrics["loss"][0] != flat.metrics["loss"][0]


@pytest.mark.slow
def test_full_run_as_written_stays_at_chance(lesson07):
    # Measured, 15 epochs: std-1.0 kernels end at avg cost 2.31 (about ln 10) and 0.1135, the
    # share of the most frequent digit. The --fixed full run (0.9926) is lesson 6's slow test:
    # test_fixed_class_version_is_lesson_6_program shows the two are one program.
    assert lesson07.load().graph(seed=0, verbose=False).results["test_accuracy"] < 0.2

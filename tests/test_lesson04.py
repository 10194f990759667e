"""Lesson 4 against document 002: Keras MLPs, the loss/encoding pairs, the TF1 graph twin."""

import math

import numpy as np
import pytest


@pytest.fixture(scope="module")
def lesson04(lessons):
    return lessons["keras_mlp"]


@pytest.fixture(scope="module")
def module(lesson04):
    return lesson04.load()


@pytest.fixture(scope="module")
def twins(twin_runs):
    return twin_runs("keras_mlp")


def test_loss_must_match_label_encoding(module):
    curve = module.losses(verbose=False)
    binary, categorical, sparse, sparse_onehot, categorical_ints, binary_onehot = curve.metrics["loss"]
    assert categorical == pytest.approx(sparse)  # same loss, two encodings of the same labels
    assert binary == pytest.approx(-(math.log(0.9) + math.log(0.8)) / 2, rel=1e-5)
    assert math.isnan(sparse_onehot) and math.isnan(categorical_ints)  # the wrong pairings raise
    assert math.isfinite(binary_onehot)  # runs, but treats each class as a separate yes/no


def test_mnist_as_the_document_with_its_double_softmax(lesson04, module):
    curve = lesson04.call("keras", 0, False, lesson04.test_budget)
    assert curve.unit == "epoch" and len(curve) == 1
    assert curve.results["test_accuracy"] > 0.8  # 1 epoch on 2,000 images
    # Softmax over probabilities can never exceed e / (e + 9) = 0.232 for 10 classes.
    assert curve.results["max_double_softmax"] <= math.e / (math.e + 9) + 1e-6


def test_fashion_mnist_runs_its_single_image_batch(lesson04, module, capsys):
    curve = lesson04.call("fashion", 0, True, lesson04.test_budget)
    out = capsys.readouterr().out
    assert "(0, 255)" in out and "(0.0, 1.0)" in out
    assert "(28, 28)" in out and "(1, 28, 28)" in out
    assert curve.results["test_accuracy"] > 0.6


def test_pima_split_early_stopping_and_dots(module, capsys):
    X = np.arange(768 * 8).reshape(768, 8)
    X_train, X_test, y_train, y_test = module.held_out_split(X, np.arange(768), seed=0)
    assert len(X_train) == 614 and len(X_test) == 154 and not set(y_train) & set(y_test)
    curve = module.pima(seed=0, verbose=True, epochs=12)
    assert 1 <= curve.results["epochs_run"] <= 12 and "val_loss" in curve.metrics
    assert "." in capsys.readouterr().out
    assert 0.5 < curve.results["test_accuracy"] <= 1.0


def test_graph_twin_starts_identical_and_keeps_every_batch_accuracy(twins):
    from tf1_lessons.compare import compare

    keras_curve, graph_curve = twins["keras_steps"], twins["graph"]
    # Same Keras initial weights, same batch, same loss: bit-identical before any update.
    assert keras_curve.metrics["loss"][0] == graph_curve.metrics["loss"][0]
    assert compare(graph_curve, keras_curve).max_abs("accuracy") == 0


@pytest.mark.slow
@pytest.mark.parametrize("mode, low, high", [("keras", 0.97, 0.98), ("fashion", 0.86, 0.89)])
def test_full_runs_reach_the_documented_range(module, mode, low, high):
    # Measured (seed 0): MNIST 0.9772, Fashion-MNIST 0.8685 (5 epochs, with dropout).
    accuracy = getattr(module, mode)(seed=0, verbose=False).results["test_accuracy"]
    assert low <= accuracy <= high + 0.005, accuracy


@pytest.mark.slow
def test_pima_over_five_seeds(module):
    # 768 rows and a 154-row test split make one seed's figure noisy; measured seeds 0-4:
    # 0.701 0.656 0.727 0.688 0.688 (unscaled features, as in the document).
    accuracies = [module.pima(seed=s, verbose=False).results["test_accuracy"] for s in range(5)]
    assert 0.65 <= np.mean(accuracies) <= 0.80, accuracies

"""The shared epoch loop and Adam step of the eager twins."""

import numpy as np

from tf1_lessons.curves import LearningCurve
from tf1_lessons.datasets.mnist import DataSet
from tf1_lessons.loops import epoch_loop


def test_epoch_loop_records_every_batch_and_each_epochs_average(capsys):
    data = DataSet(np.zeros((10, 1, 1), np.uint8), np.arange(10), dtype=np.uint8, seed=0)
    seen = []

    def step(xs, ys):
        seen.append(len(ys))
        return np.float32(len(seen))  # costs 1, 2, 3, ...

    curve = epoch_loop(LearningCurve("demo", "eager"), data, step, epochs=2, steps=4, batch_size=3)
    assert seen == [3] * 6  # 10 // 3 = 3 batches per epoch (fewer than steps=4)
    assert curve.steps == list(range(6)) and curve.metrics["loss"] == [1, 2, 3, 4, 5, 6]
    assert curve.series("avg_cost") == ([2, 5], [2.0, 5.0])
    assert capsys.readouterr().out.splitlines() == ["Epoch: 0001 cost = 2.000000000", "Epoch: 0002 cost = 5.000000000"]


def test_adam_step_moves_each_weight_by_the_rate_then_lowers_the_cost():
    from tf1_lessons.compat import tf
    from tf1_lessons.loops import adam_step

    w = tf.Variable([[0.5, -0.5], [0.25, 0.0]])
    step = adam_step(lambda x: tf.matmul(x, w), [w], learning_rate=0.1)
    x, y = tf.constant([[1.0, 2.0]]), tf.constant([[0.0, 1.0]])
    before = w.numpy().copy()
    cost = step(x, y).numpy()
    # Adam's first update is lr * g / (|g| + eps): each weight with a gradient moves by ~lr.
    moved = abs(w.numpy() - before)
    assert cost > 0 and np.allclose(moved[0], 0.1, atol=1e-5) and np.allclose(moved[1], 0.1, atol=1e-5)
    assert step(x, y).numpy() < cost

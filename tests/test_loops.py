"""The shared epoch loop of the eager twins."""

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

"""TensorBoard logs of a run: ``--tensorboard DIR`` on ``run``, ``compare`` and ``exec``.

One TensorBoard *run* per mode (``DIR/graph``, ``DIR/eager``...), so ``tensorboard --logdir DIR``
overlays the twins' curves:

* every metric of the curve as a scalar at its step (the values of the saved curve, exactly);
* the graph: for a v1 Session, the GraphDef it ran (noted while the lesson runs); for an
  eager twin, the graphs of the ``tf.function``s it traced (``tf.summary.trace_on``);
* for the CNN lessons' graph mode (lessons that define ``training_batch``), a histogram of
  every trainable variable at the start and at the end of each epoch.

Event files are written with TensorBoard's own writer and protos, so what is written is what
TensorBoard reads (the tests read it back with TensorBoard's ``EventAccumulator``).
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from .tf1 import patches


def _writer(folder: Path):
    from tensorboard.summary.writer.event_file_writer import EventFileWriter

    from . import compat  # noqa: F401 - TensorBoard's writer loads TensorFlow: quietly, as compat starts it

    folder.mkdir(parents=True, exist_ok=True)
    return EventFileWriter(str(folder))


def _event(step: int, **fields):
    from tensorboard.compat.proto import event_pb2

    return event_pb2.Event(wall_time=time.time(), step=int(step), **fields)


def _scalar(tag: str, value: float):
    from tensorboard.compat.proto import summary_pb2

    return summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag=tag, simple_value=float(value))])


def _histogram(tag: str, values):
    import numpy as np
    from tensorboard.compat.proto import summary_pb2

    values = np.asarray(values, dtype=np.float64).ravel()
    counts, edges = np.histogram(values, bins=30)
    proto = summary_pb2.HistogramProto(
        min=float(values.min()),
        max=float(values.max()),
        num=float(values.size),
        sum=float(values.sum()),
        sum_squares=float((values**2).sum()),
        bucket_limit=[float(e) for e in edges[1:]],
        bucket=[float(c) for c in counts],
    )
    return summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag=tag, histo=proto)])


class Recording:
    """What a run leaves for TensorBoard, gathered while the lesson (or script) runs."""

    def __init__(self, logdir: Path):
        self.logdir = Path(logdir)
        self.graphs: dict[str, object] = {}  # mode -> tf.Graph its Session ran
        self.histograms: dict[str, list] = {}  # mode -> [(step, {name: values})]

    @contextlib.contextmanager
    def watching(self, mode: str, lesson=None, budget: dict | None = None, per_epoch: int | None = None):
        """Note the Session graph of ``mode`` (and weights at epoch ends, every ``per_epoch`` training
        runs): what a program's process (exec, a lesson's) does. A lesson's program and twin run in
        processes of their own: each writes its graph (and histograms) into this run's folder
        itself (:mod:`tf1_lessons.lessonrun`); the lesson's scalars are written here."""
        if lesson is not None:
            yield  # run_modes hands the folder to the lesson's processes (lesson.call(tensorboard=...))
            return
        from tensorflow.python.client.session import BaseSession

        from .compat import tf, v1
        from .graphview import largest, sessions_noted

        real_run = BaseSession.run  # tf.Session and tf.InteractiveSession alike
        snapshots = self.histograms.setdefault(mode, [])
        counter = {"train_runs": 0, "train_ops": set()}

        def counting_run(session, fetches, *args, **kwargs):
            from .tf1.steps import leaves

            train = [f for f in leaves(fetches) if _is_update(f, tf)]
            if per_epoch and train and counter["train_runs"] == 0:
                snapshots.append((0, _weights(session, real_run, v1)))
            result = real_run(session, fetches, *args, **kwargs)
            if per_epoch and train:
                counter["train_runs"] += 1
                counter["train_ops"].update(_op(f) for f in train)
                runs_per_epoch = per_epoch * max(1, len(counter["train_ops"]))
                if counter["train_runs"] % runs_per_epoch == 0:
                    snapshots.append(
                        (counter["train_runs"] // max(1, len(counter["train_ops"])), _weights(session, real_run, v1))
                    )
            return result

        patches.apply("board-weights", lambda _: counting_run)
        traced = False
        if tf.executing_eagerly():
            tf.summary.trace_on(graph=True)
            traced = True
        try:
            with sessions_noted() as sessions:
                yield
        finally:
            patches.undo("board-weights", real_run)
            # An eager twin may open a helper Session (to read the graph run's initial values);
            # its own graph is what tf.function traced.
            eager = "eager" in mode or not sessions
            if sessions and not eager:
                self.graphs[mode] = largest(sessions)
            if traced and not eager:
                tf.summary.trace_off()
            elif traced:
                folder = self.logdir / mode
                folder.mkdir(parents=True, exist_ok=True)
                writer = tf.summary.create_file_writer(str(folder))
                with writer.as_default():
                    tf.summary.trace_export(name=f"{mode}_functions", step=0)
                writer.close()

    def write(self, curves: dict) -> Path:
        """Scalars of each curve, the graphs and the histograms; one run (sub-folder) per mode."""
        for mode, curve in curves.items():
            writer = _writer(self.logdir / _run_name(mode))
            try:
                graph = self.graphs.get(mode)
                if graph is not None:
                    serialized = graph if isinstance(graph, bytes) else graph.as_graph_def().SerializeToString()
                    writer.add_event(_event(0, graph_def=serialized))
                for i, step in enumerate(curve.steps):
                    for metric, column in curve.metrics.items():
                        if column[i] is not None:
                            writer.add_event(_event(step, summary=_scalar(metric, column[i])))
                for step, weights in self.histograms.get(mode, []):
                    for name, values in weights.items():
                        writer.add_event(_event(step, summary=_histogram(name, values)))
            finally:
                writer.close()
        return self.logdir


def _run_name(mode: str) -> str:
    return mode.replace("/", "_").replace(" ", "_")


def _op(fetch):
    return fetch if not hasattr(fetch, "op") else fetch.op


def _is_update(fetch, tf) -> bool:
    """An optimizer's update op (what a TF1 training step fetches)."""
    op = fetch if isinstance(fetch, tf.Operation) else None
    return op is not None and (
        op.type == "NoOp"
        and any("Apply" in i.type or i.type == "NoOp" for i in op.control_inputs)
        or "Apply" in op.type
    )


def _weights(session, run, v1) -> dict:
    variables = session.graph.get_collection(v1.GraphKeys.TRAINABLE_VARIABLES)
    values = run(session, variables)
    return {v.op.name: value for v, value in zip(variables, values, strict=False)}

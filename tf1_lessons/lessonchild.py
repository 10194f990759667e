"""One lesson's program run in a process of its own (``python -m tf1_lessons.lessonchild``).

The TF1 runtime changes the whole process (graph mode, TF 1.15's rules), so a lesson's program
runs in a process of its own, as ``exec`` runs a script: the same runner, with the lesson's
budgets as ``--set`` / ``--train-size`` / ``--max-steps``. It writes the run's curve (the
recorder's) and, with ``--start``, the run's start for the eager twin; with ``--graph``, the
GraphDef of the largest graph a Session ran (what ``tf1-lessons graph`` draws).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m tf1_lessons.lessonchild")
    p.add_argument("program", type=Path)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--curve", type=Path, required=True)
    p.add_argument("--start", type=Path, default=None)
    p.add_argument("--settings", default="{}", help="JSON: the program's top-level literals to replace")
    p.add_argument("--train-size", type=int, default=None)
    p.add_argument("--max-steps", type=int, default=None)
    p.add_argument("--graph", type=Path, default=None)
    p.add_argument("--tensorboard", type=Path, default=None, help="this run's TensorBoard folder: graph, histograms")
    p.add_argument("--per-epoch", type=int, default=None, help="training runs per epoch (weight histograms)")
    args = p.parse_args(argv)

    import contextlib

    from .tf1 import runner

    settings = json.loads(args.settings)  # checked against the program by the lesson's runner
    if args.graph is not None:
        from . import graphview

        noted = graphview.sessions_noted()
    else:
        noted = contextlib.nullcontext([])
    board = watch = None
    if args.tensorboard is not None:
        from .board import Recording

        board = Recording(args.tensorboard.parent)
        watch = board.watching(args.tensorboard.name, per_epoch=args.per_epoch)
    with noted as graphs:
        status, recorder, _ = runner.run(
            args.program,
            [],
            seed=args.seed,
            max_steps=args.max_steps,
            record=True,
            settings=settings or None,
            train_size=args.train_size,
            save_start=args.start,
            watch=watch,
        )
    if status == 0 and board is not None:  # the graph and histograms; the lesson's run writes the scalars
        from .curves import LearningCurve

        board.write({args.tensorboard.name: LearningCurve(args.tensorboard.name, "graph")})
    if status == 0 and recorder is not None:
        recorder.curve.save(args.curve)
    if status == 0 and graphs:
        from . import _io, graphview

        _io.write_bytes(args.graph, graphview.largest(graphs).as_graph_def(add_shapes=True).SerializeToString())
    return status


if __name__ == "__main__":
    sys.exit(main())

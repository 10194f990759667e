"""TensorFlow 1.15's two rules that decide what a seeded TF1 program prints.

Where TF 2.21's own v1 API makes other ops than TF 1.15 did, ``tf115_ops`` builds TF 1.15's.

1. **Op seeds.** A random op without its own seed, in a graph with a seed, was seeded by TF 1.15
   with the number of ops the graph held at that moment (``get_seed``: ``graph._last_id``).
   TF 2.x counts random ops instead (0, 1, 2...), so the same program draws other initial
   values. :func:`tf1_get_seed` is TF 1.15's rule; TF 2.21's graphs number their ops the same
   way (``Graph.version`` is the id of the last op made), so the count is exact wherever the
   program makes the same ops as it did under TF 1.15.
2. **Variables.** ``tf.Variable`` and ``tf.get_variable`` made *reference* variables in TF1
   graphs: three ops each (``VariableV2``, ``Assign``, ``read``) where a resource variable
   makes four, and a variable fetched in the same ``Session.run`` as its update came back
   updated. ``use_resource=True`` and ``ResourceVariable`` stay resource variables, as in TF1.

:func:`install` puts both into the process; the TF1 runtime does so for every program it runs
(``exec``, the lessons' programs, notebooks on the TF1 kernel, the pytest plugin), so a lesson,
the document's program and TF 1.15 start from the same initial values at the same seed.
"""

from __future__ import annotations

import json
import os

DEFAULT_GRAPH_SEED = 87654321  # TF 1.15's random_seed.DEFAULT_GRAPH_SEED
_MAXINT32 = 2**31 - 1

TRACE_ENV = "TF1_LESSONS_TRACE_SEEDS"  # set by `exec --against-tf1 --trace-seeds`: a file to log seeds in
_installed = False


def _truncate(seed):
    return seed % _MAXINT32  # TF1: seeds live in [0, 2**31 - 1)


def tf1_get_seed(op_seed):
    """``(graph seed, op seed)`` for a random op, exactly as TF 1.15's ``get_seed`` gave it."""
    from tensorflow.python.eager import context
    from tensorflow.python.framework import config, ops

    from . import tf115_ops

    eager = context.executing_eagerly()
    graph = None if eager else ops.get_default_graph()
    global_seed = context.global_seed() if eager else graph.seed
    if global_seed is not None:
        if op_seed is None:
            # TF 1.15: the eager context's own generator, or the graph's op count so far.
            # tf115_ops counts the ops TF 1.15 made where TF 2.21 makes none.
            op_seed = context.internal_operation_seed() if eager else graph.version + tf115_ops.extra_ops(graph)
        seeds = _truncate(global_seed), _truncate(op_seed)
    elif op_seed is not None:
        seeds = DEFAULT_GRAPH_SEED, _truncate(op_seed)
    else:
        seeds = None, None
    if seeds == (None, None) and config.is_op_determinism_enabled():
        # TF 2.x's deterministic mode refuses unseeded random ops (TF1 had no such mode).
        raise RuntimeError(
            "Random ops require a seed to be set when determinism is enabled: "
            "call tf.set_random_seed(N) first, or pass --seed N to tf1-lessons exec"
        )
    if seeds == (0, 0):  # the C++ kernels read (0, 0) as "unseeded"
        return 0, _MAXINT32
    return seeds


def installed() -> bool:
    return _installed


def install() -> None:
    """TF 1.15's op-seed rule and reference variables, for the whole process (idempotent)."""
    global _installed
    if _installed:
        return
    from ..compat import v1

    _patch()
    v1.disable_resource_variables()
    _installed = True


def _patch() -> None:
    """TF 1.15's op-seed rule for every random op, and tf115_ops' functions."""
    from ..compat import v1

    # Every random op reaches the rule through the module attribute (random_seed.get_seed);
    # tf.compat.v1.get_seed / tf.random.get_seed are the same function under public names.
    get_seed = _traced(tf1_get_seed, trace) if (trace := os.environ.get(TRACE_ENV)) else tf1_get_seed
    from . import patches

    patches.apply("tf115-seed-rule", lambda _: get_seed)  # v1.get_seed and v1.random.get_seed with it
    from . import tf115_ops

    tf115_ops.install(v1)


def _traced(rule, path):
    """The rule, logging each draw as tf1_driver.py does: op count, name scope, op seed, seeds."""
    out = open(path, "w", encoding="utf-8")  # noqa: SIM115 - open for the life of the process

    def get_seed(op_seed):
        from tensorflow.python.framework import ops

        seeds = rule(op_seed)
        graph = ops.get_default_graph()
        out.write(json.dumps([graph.version, graph.get_name_scope(), op_seed, list(seeds)]) + "\n")
        out.flush()
        return seeds

    return get_seed

"""Small pieces the seq2seq modules share: batch/time transposes, static-or-dynamic sizes,
zero states, tile_batch, gather_tree and hardmax (TF 1.15 kept these in beam_search_decoder,
beam_search_ops and attention_wrapper; they are re-exported from there)."""

from __future__ import annotations

import numpy as np

from ....compat import tf, v1
from ... import tf115_ops

nest = tf.nest

__all__ = ["gather_tree", "hardmax", "tile_batch"]


# -- small pieces ---------------------------------------------------------------------------------
def _transpose_batch_time(x):
    """[batch, time, ...] <-> [time, batch, ...] (a tensor of rank < 2 is left as it is)."""
    shape = x.get_shape()
    if shape.ndims is not None and shape.ndims < 2:
        return x
    x_t = v1.transpose(x, v1.concat(([1, 0], v1.range(2, v1.rank(x))), axis=0))
    if shape.ndims is not None:
        x_t.set_shape(tf.TensorShape([shape.dims[1], shape.dims[0]]).concatenate(shape[2:]))
    return x_t


def _static_or_dynamic(tensor, axis):
    value = tensor.get_shape()[axis]
    value = getattr(value, "value", value)
    return value if value is not None else v1.shape(tensor)[axis]


def _as_vector(value):
    """A prefix or suffix of a state's shape as TF 1.15's RNN cells built it: a tensor made a
    1-element vector, a known shape a constant; and its static value."""
    if isinstance(value, v1.Tensor):
        static = tf.get_static_value(value)
        if value.shape.ndims == 0:
            value = v1.expand_dims(value, 0)
        return value, (None if static is None else np.atleast_1d(static).tolist())
    shape = tf.TensorShape(value)
    static = shape.as_list() if shape.ndims is not None else None
    return (v1.constant(shape.as_list(), dtype=v1.int32) if shape.is_fully_defined() else None), static


def _zeros(size, batch_size, dtype):
    """``[batch_size, *size]`` zeros for each element of ``size``, op for op as TF 1.15's zero
    states (the shape built twice: once to fill, once for the static shape)."""

    def make(s):
        prefix, _ = _as_vector(batch_size)
        suffix, _ = _as_vector(s)
        zeros = v1.zeros(v1.concat((prefix, suffix), 0), dtype=dtype)
        _, p_static = _as_vector(batch_size)
        _, s_static = _as_vector(s)
        static = tf.TensorShape(p_static).concatenate(tf.TensorShape(s_static))
        zeros.set_shape(static)
        return zeros

    return nest.map_structure(make, size)


def _with_same_shape(old, new):
    """``new``, checked when the graph runs to have ``old``'s shape where the static shapes cannot
    tell (``AttentionWrapperState.clone``); counted as TF 1.15's 16 ops of shape assertions."""
    if old.shape.is_fully_defined() and new.shape.is_fully_defined():
        if not old.shape.is_compatible_with(new.shape):
            raise ValueError(f"Shapes {old.shape} and {new.shape} are incompatible")
        return new
    graph = new.graph
    before = len(graph.get_operations())
    with v1.name_scope(f"{new.op.name}/"):
        expected = v1.shape(old, name="expected_shape")
        actual = v1.shape(new, name="actual")
        same = v1.logical_and(v1.equal(v1.size(expected), v1.size(actual)),
                              v1.reduce_all(v1.equal(expected, actual)))  # fmt: skip
        check = v1.Assert(same, ["Wrong shape for", new.name, actual, "expected", expected])
        with v1.control_dependencies([check]):
            checked = v1.identity(new)
    checked.set_shape(old.shape.merge_with(new.shape))
    if not graph.building_function:
        tf115_ops.count_missing(16 - (len(graph.get_operations()) - before))
    return checked


def hardmax(logits, name=None):
    """One-hot of each row's argmax, in ``logits``' dtype."""
    with v1.name_scope(name, "Hardmax", [logits]):
        logits = v1.convert_to_tensor(logits, name="logits")
        depth = _static_or_dynamic(logits, -1)
        return v1.one_hot(v1.argmax(logits, -1), depth, dtype=logits.dtype)


def _tile_batch(t, multiplier):
    t = v1.convert_to_tensor(t, name="t")
    shape_t = v1.shape(t)
    if t.shape.ndims is None or t.shape.ndims < 1:
        raise ValueError("t must have statically known rank")
    tiling = [1] * (t.shape.ndims + 1)
    tiling[1] = multiplier
    batch = tf.compat.dimension_value(t.shape[0])
    tiled = v1.tile(v1.expand_dims(t, 1), tiling)
    tiled = v1.reshape(tiled, v1.concat(([shape_t[0] * multiplier], shape_t[1:]), 0))
    tiled.set_shape(tf.TensorShape([batch * multiplier if batch is not None else None]).concatenate(t.shape[1:]))
    return tiled


def tile_batch(t, multiplier, name=None):
    """Each batch entry repeated ``multiplier`` times in a row (``[a, b]`` -> ``[a, a, b, b]``), for a
    beam search's memory and initial state."""
    flat = nest.flatten(t)
    with v1.name_scope(name, "tile_batch", flat + [multiplier]):
        return nest.map_structure(lambda t_: _tile_batch(t_, multiplier), t)


def gather_tree(step_ids, parent_ids, max_sequence_lengths, end_token, name=None):
    """Each beam's ids, followed back from its last step through ``parent_ids``: ``[time, batch,
    beam]``; past a sequence's length, and after a beam's first ``end_token``, the end token."""
    graph = v1.get_default_graph()
    before = len(graph.get_operations())
    with v1.name_scope(name, "GatherTree", [step_ids, parent_ids, max_sequence_lengths, end_token]):
        step_ids = v1.convert_to_tensor(step_ids, name="step_ids")
        parent_ids = v1.convert_to_tensor(parent_ids, name="parent_ids")
        lengths = v1.cast(max_sequence_lengths, v1.int32)
        end = v1.cast(end_token, step_ids.dtype)
        shape = v1.shape(step_ids)
        max_time, batch, beam = shape[0], shape[1], shape[2]
        beams = v1.tile(v1.expand_dims(v1.range(beam), 0), [batch, 1])
        out = v1.TensorArray(step_ids.dtype, size=max_time)

        def body(t, beams, out):
            valid = v1.expand_dims(t < lengths, 1) & v1.ones_like(beams, dtype=v1.bool)
            ids = v1.gather(step_ids[t], beams, batch_dims=1)
            parents = v1.cast(v1.gather(parent_ids[t], beams, batch_dims=1), v1.int32)
            out = out.write(t, v1.where(valid, ids, v1.fill(v1.shape(ids), end)))
            return t - 1, v1.where(valid, parents, beams), out

        _, _, out = v1.while_loop(lambda t, *_: t >= 0, body, (max_time - 1, beams, out))
        ids = out.stack()
        ended = v1.cumsum(v1.cast(v1.equal(ids, end), v1.int32), axis=0, exclusive=True) > 0
        result = v1.where(ended, v1.fill(v1.shape(ids), end), ids)
        result.set_shape(step_ids.shape)
    if not graph.building_function:
        tf115_ops.count_missing(1 - (len(graph.get_operations()) - before))  # TF 1.15: one GatherTree op
    return result

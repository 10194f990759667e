"""``BeamSearchDecoder`` and its state and outputs (TF 1.15's ``beam_search_decoder`` module)."""

from __future__ import annotations

import collections

import numpy as np

from ....compat import tf, v1
from ._common import _static_or_dynamic, gather_tree, tile_batch
from .decoder import Decoder, _rnn_output_size

nest = tf.nest

__all__ = [
    "BeamSearchDecoder",
    "BeamSearchDecoderOutput",
    "BeamSearchDecoderState",
    "FinalBeamSearchDecoderOutput",
    "tile_batch",
]


# -- beam search ----------------------------------------------------------------------------------
class BeamSearchDecoderState(
    collections.namedtuple(
        "BeamSearchDecoderState", ("cell_state", "log_probs", "finished", "lengths", "accumulated_attention_probs")
    )
):
    pass


class BeamSearchDecoderOutput(collections.namedtuple("BeamSearchDecoderOutput", ("scores", "predicted_ids",
                                                                                    "parent_ids"))):  # fmt: skip
    pass


class FinalBeamSearchDecoderOutput(
    collections.namedtuple("FinalBeamDecoderOutput", ["predicted_ids", "beam_search_decoder_output"])
):
    pass


def _gather_beams(gather_indices, gather_from, batch_size, range_size, gather_shape, name=None):
    """For each batch entry, the rows ``gather_indices`` of ``gather_from`` (flattened to ``gather_shape``)."""
    with v1.name_scope(name, "tensor_gather_helper"):
        range_ = v1.expand_dims(v1.range(batch_size) * range_size, 1)
        gather_indices = v1.reshape(gather_indices + range_, [-1])
        output = v1.gather(v1.reshape(gather_from, gather_shape), gather_indices)
        final_shape = v1.shape(gather_from)[: 1 + len(gather_shape)]
        static_batch = tf.get_static_value(batch_size)
        final_static_shape = tf.TensorShape([static_batch]).concatenate(gather_from.shape[1 : 1 + len(gather_shape)])
        output = v1.reshape(output, final_shape, name="output")
        output.set_shape(final_static_shape)
        return output


def _maybe_gather_beams(gather_indices, gather_from, batch_size, range_size, gather_shape):
    if isinstance(gather_from, v1.TensorArray):
        return gather_from
    if gather_from.shape.ndims is None:
        raise ValueError(f"Expected tensor ({gather_from}) to have known rank, but ndims == None.")
    if gather_from.shape.ndims >= len(gather_shape):
        return _gather_beams(gather_indices, gather_from, batch_size, range_size, gather_shape)
    return gather_from


def _length_penalty(sequence_lengths, penalty_factor):
    penalty_factor = v1.convert_to_tensor(penalty_factor, name="penalty_factor")
    penalty_factor.set_shape(())
    static = tf.get_static_value(penalty_factor)
    if static is not None and static == 0:
        return 1.0
    return v1.div((5.0 + v1.to_float(sequence_lengths)) ** penalty_factor, (5.0 + 1.0) ** penalty_factor)


def _mask_probs(probs, eos_token, finished):
    """A finished beam's next step: log probability 0 for the end token, the lowest float elsewhere."""
    vocab_size = v1.shape(probs)[2]
    finished_row = v1.one_hot(eos_token, vocab_size, dtype=probs.dtype,
                              on_value=v1.convert_to_tensor(0.0, dtype=probs.dtype),
                              off_value=probs.dtype.min)  # fmt: skip
    finished_probs = v1.tile(v1.reshape(finished_row, [1, 1, -1]), v1.concat([v1.shape(finished), [1]], 0))
    finished_mask = v1.tile(v1.expand_dims(finished, 2), [1, 1, vocab_size])
    return v1.where(finished_mask, finished_probs, probs)


def _as_shape(s):
    """A state size as a shape; one known only when the graph runs (a memory's length) is its value
    if constant, else a dimension left unknown."""
    if isinstance(s, v1.Tensor):
        value = tf.get_static_value(s)
        return tf.TensorShape(None if value is None else np.atleast_1d(value).tolist())
    return tf.TensorShape(s)


class BeamSearchDecoder(Decoder):
    """Beam search over ``cell`` (state and memory tiled ``beam_width`` times by the caller)."""

    def __init__(self, cell, embedding, start_tokens, end_token, initial_state, beam_width, output_layer=None,
                 length_penalty_weight=0.0, coverage_penalty_weight=0.0, reorder_tensor_arrays=True):  # fmt: skip
        if coverage_penalty_weight:
            raise NotImplementedError("coverage_penalty_weight is not provided by tf1-lessons")
        if output_layer is not None and not callable(output_layer):
            raise TypeError(f"output_layer must be a Layer, received: {type(output_layer)}")
        self._cell, self._output_layer = cell, output_layer
        self._reorder_tensor_arrays = reorder_tensor_arrays
        if callable(embedding):
            self._embedding_fn = embedding
        else:
            self._embedding_fn = lambda ids: v1.nn.embedding_lookup(embedding, ids)
        self._start_tokens = v1.convert_to_tensor(start_tokens, dtype=v1.int32, name="start_tokens")
        if self._start_tokens.get_shape().ndims != 1:
            raise ValueError("start_tokens must be a vector")
        self._end_token = v1.convert_to_tensor(end_token, dtype=v1.int32, name="end_token")
        if self._end_token.get_shape().ndims != 0:
            raise ValueError("end_token must be a scalar")
        self._batch_size = v1.size(start_tokens)
        self._beam_width = beam_width
        self._length_penalty_weight = length_penalty_weight
        self._initial_cell_state = nest.map_structure(self._maybe_split_batch_beams, initial_state,
                                                      self._cell.state_size)  # fmt: skip
        self._start_tokens = v1.tile(v1.expand_dims(self._start_tokens, 1), [1, self._beam_width])
        self._start_inputs = self._embedding_fn(self._start_tokens)
        self._finished = v1.one_hot(v1.zeros([self._batch_size], dtype=v1.int32), depth=self._beam_width,
                                    on_value=False, off_value=True, dtype=v1.bool)  # fmt: skip

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def tracks_own_finished(self):
        return True

    def _rnn_output_size(self):
        return _rnn_output_size(self._cell, self._output_layer)

    @property
    def output_size(self):
        shape = tf.TensorShape([self._beam_width])
        return BeamSearchDecoderOutput(scores=shape, predicted_ids=shape, parent_ids=shape)

    @property
    def output_dtype(self):
        dtype = nest.flatten(self._initial_cell_state)[0].dtype
        return BeamSearchDecoderOutput(
            scores=nest.map_structure(lambda _: dtype, self._rnn_output_size()),
            predicted_ids=v1.int32, parent_ids=v1.int32,
        )  # fmt: skip

    def _merge_batch_beams(self, t, s=None):
        s = _as_shape(s)
        t_shape = v1.shape(t)
        static_batch = tf.get_static_value(self._batch_size)
        merged = None if static_batch is None else static_batch * self._beam_width
        reshaped = v1.reshape(t, v1.concat(([self._batch_size * self._beam_width], t_shape[2:]), 0))
        reshaped.set_shape(tf.TensorShape([merged]).concatenate(s))
        return reshaped

    def _split_batch_beams(self, t, s=None):
        s = _as_shape(s)
        t_shape = v1.shape(t)
        reshaped = v1.reshape(t, v1.concat(([self._batch_size, self._beam_width], t_shape[1:]), 0))
        static_batch = tf.get_static_value(self._batch_size)
        expected = tf.TensorShape([static_batch, self._beam_width]).concatenate(s)
        if not reshaped.shape.is_compatible_with(expected):
            raise ValueError(
                "Unexpected behavior when reshaping between beam width and batch size.  The reshaped tensor has "
                f"shape: {reshaped.shape}.  We expected it to have shape (batch_size, beam_width, depth) == "
                f"{expected}.  Perhaps you forgot to create a zero_state with batch_size=encoder_batch_size * "
                "beam_width?"
            )
        reshaped.set_shape(expected)
        return reshaped

    def _maybe_split_batch_beams(self, t, s):
        if isinstance(t, v1.TensorArray):
            return t
        if t.shape.ndims is None:
            raise ValueError(f"Expected tensor ({t}) to have known rank, but ndims == None.")
        return self._split_batch_beams(t, s) if t.shape.ndims >= 1 else t

    def _maybe_merge_batch_beams(self, t, s):
        if isinstance(t, v1.TensorArray):
            return t
        if t.shape.ndims is None:
            raise ValueError(f"Expected tensor ({t}) to have known rank, but ndims == None.")
        return self._merge_batch_beams(t, s) if t.shape.ndims >= 2 else t

    def initialize(self, name=None):
        dtype = nest.flatten(self._initial_cell_state)[0].dtype
        log_probs = v1.one_hot(v1.zeros([self._batch_size], dtype=v1.int32), depth=self._beam_width,
                               on_value=v1.convert_to_tensor(0.0, dtype=dtype),
                               off_value=v1.convert_to_tensor(-np.inf, dtype=dtype), dtype=dtype)  # fmt: skip
        state = BeamSearchDecoderState(
            cell_state=self._initial_cell_state, log_probs=log_probs, finished=self._finished,
            lengths=v1.zeros([self._batch_size, self._beam_width], dtype=v1.int64), accumulated_attention_probs=(),
        )  # fmt: skip
        return self._finished, self._start_inputs, state

    def step(self, time, inputs, state, name=None):
        with v1.name_scope(name, "BeamSearchDecoderStep", (time, inputs, state)):
            inputs = nest.map_structure(lambda inp: self._merge_batch_beams(inp, s=inp.shape[2:]), inputs)
            cell_state = nest.map_structure(self._maybe_merge_batch_beams, state.cell_state, self._cell.state_size)
            cell_outputs, next_cell_state = self._cell(inputs, cell_state)
            cell_outputs = nest.map_structure(lambda out: self._split_batch_beams(out, out.shape[1:]), cell_outputs)
            next_cell_state = nest.map_structure(self._maybe_split_batch_beams, next_cell_state,
                                                 self._cell.state_size)  # fmt: skip
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            output, next_state = self._beam_search_step(time, cell_outputs, next_cell_state, state)
            finished = next_state.finished
            next_inputs = v1.cond(
                v1.reduce_all(finished), lambda: self._start_inputs, lambda: self._embedding_fn(output.predicted_ids)
            )
        return output, next_state, next_inputs, finished

    def _beam_search_step(self, time, logits, next_cell_state, beam_state):
        batch_size, beam_width, end_token = self._batch_size, self._beam_width, self._end_token
        static_batch = tf.get_static_value(batch_size)
        prediction_lengths, previously_finished = beam_state.lengths, beam_state.finished
        step_log_probs = _mask_probs(v1.nn.log_softmax(logits), end_token, previously_finished)
        total_probs = v1.expand_dims(beam_state.log_probs, 2) + step_log_probs
        vocab_size = _static_or_dynamic(logits, -1)
        lengths_to_add = v1.one_hot(v1.fill([batch_size, beam_width], end_token), vocab_size,
                                    on_value=np.int64(0), off_value=np.int64(1), dtype=v1.int64)  # fmt: skip
        add_mask = v1.to_int64(v1.logical_not(previously_finished))
        lengths_to_add *= v1.expand_dims(add_mask, 2)
        new_prediction_lengths = lengths_to_add + v1.expand_dims(prediction_lengths, 2)
        scores = total_probs / v1.cast(_length_penalty(new_prediction_lengths, self._length_penalty_weight),
                                       total_probs.dtype)  # fmt: skip
        time = v1.convert_to_tensor(time, name="time")
        scores_flat = v1.reshape(scores, [batch_size, -1])
        next_beam_scores, word_indices = v1.nn.top_k(scores_flat, k=beam_width)
        next_beam_scores.set_shape([static_batch, beam_width])
        word_indices.set_shape([static_batch, beam_width])
        next_beam_probs = _gather_beams(word_indices, total_probs, batch_size, beam_width * vocab_size, [-1],
                                        name="next_beam_probs")  # fmt: skip
        next_word_ids = v1.to_int32(word_indices % vocab_size, name="next_beam_word_ids")
        next_beam_ids = v1.to_int32(word_indices / vocab_size, name="next_beam_parent_ids")
        previously_finished = _gather_beams(next_beam_ids, previously_finished, batch_size, beam_width, [-1])
        next_finished = v1.logical_or(previously_finished, v1.equal(next_word_ids, end_token),
                                      name="next_beam_finished")  # fmt: skip
        lengths_to_add = v1.to_int64(v1.logical_not(previously_finished))
        next_prediction_len = _gather_beams(next_beam_ids, beam_state.lengths, batch_size, beam_width, [-1])
        next_prediction_len += lengths_to_add
        next_cell_state = nest.map_structure(
            lambda gather_from: _maybe_gather_beams(next_beam_ids, gather_from, batch_size, beam_width,
                                                    [batch_size * beam_width, -1]),
            next_cell_state,
        )  # fmt: skip
        next_state = BeamSearchDecoderState(cell_state=next_cell_state, log_probs=next_beam_probs,
                                            lengths=next_prediction_len, finished=next_finished,
                                            accumulated_attention_probs=())  # fmt: skip
        return BeamSearchDecoderOutput(scores=next_beam_scores, predicted_ids=next_word_ids,
                                       parent_ids=next_beam_ids), next_state  # fmt: skip

    def finalize(self, outputs, final_state, sequence_lengths):
        """The ids followed back through the parents (``gather_tree``); with
        ``reorder_tensor_arrays``, each TensorArray in the cell state (an attention wrapper's
        alignment history) becomes a tensor ``[time, batch * beam, ...]`` whose entries follow the
        same beams back, as TF 1.15 returned it."""
        max_lengths = v1.to_int32(v1.reduce_max(final_state.lengths, axis=1))
        predicted_ids = gather_tree(outputs.predicted_ids, outputs.parent_ids, max_sequence_lengths=max_lengths,
                                    end_token=self._end_token)  # fmt: skip
        if self._reorder_tensor_arrays:
            final_state = final_state._replace(
                cell_state=nest.map_structure(
                    lambda t: self._maybe_sort_array_beams(t, outputs.parent_ids, final_state.lengths),
                    final_state.cell_state,
                )
            )
        return FinalBeamSearchDecoderOutput(
            beam_search_decoder_output=outputs, predicted_ids=predicted_ids
        ), final_state

    def _maybe_sort_array_beams(self, t, parent_ids, sequence_length):
        if not isinstance(t, v1.TensorArray):
            return t
        shape = t.element_shape
        if shape.ndims is None or shape.ndims < 1:
            v1.logging.warn(f"The TensorArray {t.handle.name} in the cell state is not amenable to sorting based "
                            "on the beam search result. For a TensorArray to be sorted, its elements shape must "
                            f"be defined and have at least a rank of 1, but saw shape: {shape}")  # fmt: skip
            return t
        static_batch = v1.get_static_value(self._batch_size)
        width = self._beam_width
        if (static_batch is not None and shape.dims[0].value is not None
                and (shape[0] != static_batch * width
                     or (shape.ndims >= 2 and shape.dims[1].value is not None
                         and (shape[0] != static_batch or shape[1] != width)))):  # fmt: skip
            # TF 1.15's check, as it behaved: a static [batch * beam, ...] shape is refused too,
            # so only a batch size unknown when building gets its history re-ordered.
            v1.logging.warn(f"TensorArray reordering expects elements to be reshapable to "
                            f"{_tf1_shape([static_batch, width, None])} which is incompatible with the "
                            f"current shape {_tf1_shape(shape.as_list())}. Consider setting reorder_tensor_arrays "
                            "to False to disable TensorArray reordering during the beam search.")  # fmt: skip
            return t
        t = t.stack()
        with v1.control_dependencies([self._check_batch_beam(t)]):
            return _gather_tree_from_array(t, parent_ids, sequence_length)

    def _check_batch_beam(self, t):
        message = (
            f"TensorArray reordering expects elements to be reshapable to [batch_size, beam_size, -1] "
            f"which is incompatible with the dynamic shape of {t.name} elements. Consider setting "
            "reorder_tensor_arrays to False to disable TensorArray reordering during the beam search."
        )
        shape = v1.shape(t)
        batch_beam = self._batch_size * self._beam_width
        if t.shape.ndims == 2:
            condition = v1.equal(shape[1], batch_beam)
        else:
            condition = v1.logical_or(
                v1.equal(shape[1], batch_beam),
                v1.logical_and(v1.equal(shape[1], self._batch_size), v1.equal(shape[2], self._beam_width)),
            )
        return v1.Assert(condition, [message])


def _tf1_shape(dims):
    """A shape as TF 1.15's TensorShape printed it: ``(2, 3, ?)``, ``(6,)``."""
    parts = ["?" if d is None else str(d) for d in dims]
    return f"({parts[0]},)" if len(parts) == 1 else f"({', '.join(parts)})"


def _gather_tree_from_array(t, parent_ids, sequence_length):
    """``t`` ``[time, batch * beam, ...]``, each step's entries re-ordered to follow the beams of
    the final hypotheses back through ``parent_ids``; steps past a beam's length keep their own."""
    max_time = _static_or_dynamic(parent_ids, 0)
    batch_size = _static_or_dynamic(parent_ids, 1)
    beam_width = _static_or_dynamic(parent_ids, 2)
    beam_ids = v1.tile(v1.expand_dims(v1.expand_dims(v1.range(beam_width), 0), 0), [max_time, batch_size, 1])
    max_sequence_lengths = v1.to_int32(v1.reduce_max(sequence_length, axis=1))
    # An end token no beam id equals: gather_tree only follows the parents.
    sorted_beam_ids = gather_tree(step_ids=beam_ids, parent_ids=parent_ids, max_sequence_lengths=max_sequence_lengths,
                                  end_token=beam_width + 1)  # fmt: skip
    in_bound_steps = v1.transpose(v1.sequence_mask(sequence_length, maxlen=max_time), perm=[2, 0, 1])
    sorted_beam_ids = v1.where(in_bound_steps, x=sorted_beam_ids, y=beam_ids)
    time_ind = v1.tile(v1.reshape(v1.range(max_time), [-1, 1, 1]), [1, batch_size, beam_width])
    batch_ind = v1.tile(v1.reshape(v1.range(batch_size), [-1, 1, 1]), [1, max_time, beam_width])
    batch_ind = v1.transpose(batch_ind, perm=[1, 0, 2])
    indices = v1.stack([time_ind, batch_ind, sorted_beam_ids], -1)
    final_shape = v1.shape(t)
    gather_from = v1.reshape(t, [max_time, batch_size, beam_width, -1])
    return v1.reshape(v1.gather_nd(gather_from, indices), final_shape)

"""The ``Decoder`` interface and ``dynamic_decode`` (TF 1.15's ``decoder`` module), and
``BasicDecoder`` (its ``basic_decoder``, re-exported from ``basic_decoder``)."""

from __future__ import annotations

import collections
import contextlib

from ....compat import tf, v1
from ._common import _transpose_batch_time, _zeros
from .helper import Helper

nest = tf.nest

__all__ = ["BasicDecoder", "BasicDecoderOutput", "Decoder", "dynamic_decode"]


# -- decoders ---------------------------------------------------------------------------------------
class Decoder:
    """What ``dynamic_decode`` runs: ``initialize``, ``step``, and optionally ``finalize``."""

    @property
    def batch_size(self):
        raise NotImplementedError

    @property
    def output_size(self):
        raise NotImplementedError

    @property
    def output_dtype(self):
        raise NotImplementedError

    @property
    def tracks_own_finished(self):
        return False

    def initialize(self, name=None):
        raise NotImplementedError

    def step(self, time, inputs, state, name=None):
        raise NotImplementedError

    def finalize(self, outputs, final_state, sequence_lengths):
        raise NotImplementedError


def _rnn_output_size(cell, output_layer):
    """A decoder's per-step output size: the cell's, or what ``output_layer`` makes of it."""
    size = cell.output_size
    if output_layer is None:
        return size
    with_batch = nest.map_structure(lambda s: tf.TensorShape([None]).concatenate(s), size)
    return nest.map_structure(lambda s: s[1:], output_layer.compute_output_shape(with_batch))


class BasicDecoderOutput(collections.namedtuple("BasicDecoderOutput", ("rnn_output", "sample_id"))):
    pass


class BasicDecoder(Decoder):
    """The cell (and ``output_layer``) one step at a time; the helper picks ids and next inputs."""

    def __init__(self, cell, helper, initial_state, output_layer=None):
        if not (hasattr(cell, "output_size") and hasattr(cell, "state_size") and callable(cell)):
            raise TypeError(f"The argument 'cell' ({cell}) is not an RNNCell: 'output_size' property is missing, "
                            "'state_size' property is missing, either 'zero_state' or 'get_initial_state' method "
                            "is required, is not callable.")  # fmt: skip
        if not isinstance(helper, Helper):
            raise TypeError(f"helper must be a Helper, received: {type(helper)}")
        if output_layer is not None and not callable(output_layer):
            raise TypeError(f"output_layer must be a Layer, received: {type(output_layer)}")
        self._cell, self._helper, self._initial_state, self._output_layer = cell, helper, initial_state, output_layer

    @property
    def batch_size(self):
        return self._helper.batch_size

    def _rnn_output_size(self):
        return _rnn_output_size(self._cell, self._output_layer)

    @property
    def output_size(self):
        return BasicDecoderOutput(rnn_output=self._rnn_output_size(), sample_id=self._helper.sample_ids_shape)

    @property
    def output_dtype(self):
        dtype = nest.flatten(self._initial_state)[0].dtype
        return BasicDecoderOutput(
            nest.map_structure(lambda _: dtype, self._rnn_output_size()), self._helper.sample_ids_dtype
        )

    def initialize(self, name=None):
        return self._helper.initialize() + (self._initial_state,)

    def step(self, time, inputs, state, name=None):
        with v1.name_scope(name, "BasicDecoderStep", (time, inputs, state)):
            cell_outputs, cell_state = self._cell(inputs, state)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            sample_ids = self._helper.sample(time=time, outputs=cell_outputs, state=cell_state)
            finished, next_inputs, next_state = self._helper.next_inputs(
                time=time, outputs=cell_outputs, state=cell_state, sample_ids=sample_ids
            )
        return BasicDecoderOutput(cell_outputs, sample_ids), next_state, next_inputs, finished


def dynamic_decode(decoder, output_time_major=False, impute_finished=False, maximum_iterations=None,
                   parallel_iterations=32, swap_memory=False, scope=None):  # fmt: skip
    """Run ``decoder`` until every sequence finished: ``(final_outputs, final_state, final_sequence_lengths)``."""
    if not isinstance(decoder, Decoder):
        raise TypeError(f"Expected decoder to be type Decoder, but saw: {type(decoder)}")
    with v1.variable_scope(scope, "decoder") as varscope:
        if varscope.caching_device is None:  # variables read once per run, not once per step
            varscope.set_caching_device(lambda op: op.device)
        if maximum_iterations is not None:
            maximum_iterations = v1.convert_to_tensor(maximum_iterations, dtype=v1.int32, name="maximum_iterations")
            if maximum_iterations.get_shape().ndims != 0:
                raise ValueError("maximum_iterations must be a scalar")
        initial_finished, initial_inputs, initial_state = decoder.initialize()
        zero_outputs = nest.map_structure(
            lambda s, d: _zeros(s, decoder.batch_size, d), decoder.output_size, decoder.output_dtype
        )
        if maximum_iterations is not None:
            initial_finished = v1.logical_or(initial_finished, maximum_iterations <= 0)
        initial_sequence_lengths = v1.zeros_like(initial_finished, dtype=v1.int32)
        initial_time = v1.constant(0, dtype=v1.int32)

        def element_shape(batch_size, from_shape):
            if not isinstance(from_shape, tf.TensorShape) or from_shape.ndims == 0:
                return None
            batch = tf.get_static_value(v1.convert_to_tensor(batch_size, name="batch_size"))
            return tf.TensorShape([batch]).concatenate(from_shape)

        initial_outputs_ta = nest.map_structure(
            lambda s, d: v1.TensorArray(
                d, size=0, dynamic_size=True, element_shape=element_shape(decoder.batch_size, s)
            ),
            decoder.output_size, decoder.output_dtype,
        )  # fmt: skip

        def condition(unused_time, unused_outputs_ta, unused_state, unused_inputs, finished, unused_lengths):
            return v1.logical_not(v1.reduce_all(finished))

        def body(time, outputs_ta, state, inputs, finished, sequence_lengths):
            next_outputs, decoder_state, next_inputs, decoder_finished = decoder.step(time, inputs, state)
            if decoder.tracks_own_finished:
                next_finished = decoder_finished
            else:
                next_finished = v1.logical_or(decoder_finished, finished)
            next_sequence_lengths = v1.where(
                v1.logical_not(finished), v1.fill(v1.shape(sequence_lengths), time + 1), sequence_lengths
            )
            nest.assert_same_structure(state, decoder_state)
            nest.assert_same_structure(outputs_ta, next_outputs)
            nest.assert_same_structure(inputs, next_inputs)
            if maximum_iterations is not None:
                next_finished = v1.logical_or(next_finished, time + 1 >= maximum_iterations)
            if impute_finished:
                emit = nest.map_structure(lambda out, zero: v1.where(finished, zero, out), next_outputs, zero_outputs)

                def keep_finished(new, cur):
                    if isinstance(cur, v1.TensorArray):
                        return new
                    new.set_shape(cur.shape)
                    return new if new.shape.ndims == 0 else v1.where(finished, cur, new)

                next_state = nest.map_structure(keep_finished, decoder_state, state)
            else:
                emit, next_state = next_outputs, decoder_state
            outputs_ta = nest.map_structure(lambda ta, out: ta.write(time, out), outputs_ta, emit)
            return time + 1, outputs_ta, next_state, next_inputs, next_finished, next_sequence_lengths

        res = v1.while_loop(
            condition, body,
            loop_vars=(initial_time, initial_outputs_ta, initial_state, initial_inputs, initial_finished,
                       initial_sequence_lengths),
            parallel_iterations=parallel_iterations, maximum_iterations=maximum_iterations, swap_memory=swap_memory,
        )  # fmt: skip
        final_outputs_ta, final_state, final_sequence_lengths = res[1], res[2], res[5]
        final_outputs = nest.map_structure(lambda ta: ta.stack(), final_outputs_ta)
        with contextlib.suppress(NotImplementedError):  # a decoder without finalize
            final_outputs, final_state = decoder.finalize(final_outputs, final_state, final_sequence_lengths)
        if not output_time_major:
            final_outputs = nest.map_structure(_transpose_batch_time, final_outputs)
    return final_outputs, final_state, final_sequence_lengths

"""``tf.contrib.seq2seq`` for graph-mode TF1 code: helpers, ``BasicDecoder``, ``dynamic_decode``,
Bahdanau and Luong attention with ``AttentionWrapper``, ``BeamSearchDecoder``, ``tile_batch``,
``gather_tree``, ``hardmax`` and ``sequence_loss``.

Written here from TF 1.15's documented behaviour and what TF 1.15.5 builds and prints (the
``seq2seq_attention_beam`` corpus script: a model trained, decoded greedily and with beam search,
every line as TF 1.15.5 printed it), never from its sources. The variables keep TF 1.15's names
and shapes (``memory_layer/kernel``, ``decoder/attention_wrapper/bahdanau_attention/attention_v``,
``.../attention_layer/kernel``...), so checkpoints restore across the two.

* Helpers give a decoder its inputs: ``TrainingHelper`` reads the given sequence (teacher
  forcing), ``GreedyEmbeddingHelper`` feeds back the embedding of the argmax,
  ``SampleEmbeddingHelper`` of a sample from the logits, ``InferenceHelper`` / ``CustomHelper``
  what the caller's functions say.
* ``dynamic_decode`` runs ``decoder.step`` in a ``while_loop`` (under the ``decoder`` scope) until
  every sequence has finished or ``maximum_iterations``; ``impute_finished`` zeroes outputs and
  keeps states past a sequence's end; outputs are batch major unless ``output_time_major``.
* ``BeamSearchDecoder`` keeps ``beam_width`` hypotheses per sequence, scored by their summed log
  probability divided by the length penalty ``((5 + length) / 6) ** length_penalty_weight``;
  ``finalize`` follows the parents back (``gather_tree``) to the predicted ids, and re-orders
  the alignment history by beam where TF 1.15's shape check let it (a batch size unknown when
  building: a static one is refused with TF 1.15's warning).

TensorFlow 2.21 has no ``GatherTree`` kernel: :func:`gather_tree` is built from a ``while_loop``
and gathers (its result is the kernel's: ids at and after a beam's first end token are the end
token), its op count set to the one op TF 1.15 made. The monotonic attentions follow Raffel et al.
(2017) as TF 1.15 documented them; the scheduled-sampling helpers mix teacher forcing with the
model's own samples or outputs.
"""

from __future__ import annotations

import collections
import contextlib
import math

import numpy as np

from ...compat import tf, v1
from .. import tf115_ops

nest = tf.nest


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


# -- helpers ----------------------------------------------------------------------------------------
def _call_sampler(sample_n_fn, sample_shape, name=None):
    """``sample_n_fn(n)`` for ``n`` the product of ``sample_shape``, reshaped to ``sample_shape``
    followed by the batch shape. TF 1.15's helpers drew their samples so, without
    tf.distributions (their op count, hence every later op seed)."""
    with v1.name_scope(name, "call_sampler", values=[sample_shape]):
        sample_shape = v1.convert_to_tensor(sample_shape, dtype=v1.int32, name="sample_shape")
        # A scalar sample shape becomes a vector of one (padded with 1 where the rank is 0).
        is_scalar = v1.cast(v1.equal(v1.rank(sample_shape), 0), v1.int32)
        sample_shape = v1.reshape(sample_shape, v1.pad(v1.shape(sample_shape), paddings=[[0, is_scalar]],
                                                       constant_values=1))  # fmt: skip
        samples = sample_n_fn(v1.reduce_prod(sample_shape))
        batch_shape = v1.shape(samples)[1:]
        return v1.reshape(samples, v1.concat([sample_shape, batch_shape], 0))


def _categorical_sample(logits, dtype=v1.int32, sample_shape=(), seed=None):
    logits = v1.convert_to_tensor(logits, name="logits")
    event_size = v1.shape(logits)[-1]
    batch_shape_tensor = v1.shape(logits)[:-1]

    def sample_n(n):
        logits_2d = logits if logits.shape.ndims == 2 else v1.reshape(logits, [-1, event_size])
        sample_dtype = v1.int64 if logits.dtype.size > 4 else v1.int32
        draws = v1.multinomial(logits_2d, n, seed=seed, output_dtype=sample_dtype)
        draws = v1.reshape(v1.transpose(draws), v1.concat([[n], batch_shape_tensor], 0))
        return v1.cast(draws, dtype)

    return _call_sampler(sample_n, sample_shape)


def _bernoulli_sample(probs, dtype=v1.int32, sample_shape=(), seed=None):
    probs = v1.convert_to_tensor(probs, name="probs")
    batch_shape_tensor = v1.shape(probs)

    def sample_n(n):
        new_shape = v1.concat([[n], batch_shape_tensor], 0)
        random_draws = v1.random_uniform(new_shape, seed=seed, dtype=probs.dtype)
        return v1.cast(v1.less(random_draws, probs), dtype)

    return _call_sampler(sample_n, sample_shape)


class Helper:
    """How a decoder gets its next inputs: ``initialize``, ``sample``, ``next_inputs``."""

    @property
    def batch_size(self):
        raise NotImplementedError

    @property
    def sample_ids_shape(self):
        return tf.TensorShape([])

    @property
    def sample_ids_dtype(self):
        return v1.int32

    def initialize(self, name=None):
        raise NotImplementedError

    def sample(self, time, outputs, state, name=None):
        raise NotImplementedError

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        raise NotImplementedError


class CustomHelper(Helper):
    def __init__(self, initialize_fn, sample_fn, next_inputs_fn, sample_ids_shape=None, sample_ids_dtype=None):
        self._initialize_fn, self._sample_fn, self._next_inputs_fn = initialize_fn, sample_fn, next_inputs_fn
        self._batch_size = None
        self._sample_ids_shape = tf.TensorShape(sample_ids_shape or [])
        self._sample_ids_dtype = sample_ids_dtype or v1.int32

    @property
    def batch_size(self):
        if self._batch_size is None:
            raise ValueError("batch_size accessed before initialize was called")
        return self._batch_size

    @property
    def sample_ids_shape(self):
        return self._sample_ids_shape

    @property
    def sample_ids_dtype(self):
        return self._sample_ids_dtype

    def initialize(self, name=None):
        with v1.name_scope(name, f"{type(self).__name__}Initialize"):
            finished, next_inputs = self._initialize_fn()
            if self._batch_size is None:
                self._batch_size = v1.size(finished)
        return finished, next_inputs

    def sample(self, time, outputs, state, name=None):
        with v1.name_scope(name, f"{type(self).__name__}Sample", (time, outputs, state)):
            return self._sample_fn(time=time, outputs=outputs, state=state)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with v1.name_scope(name, f"{type(self).__name__}NextInputs", (time, outputs, state)):
            return self._next_inputs_fn(time=time, outputs=outputs, state=state, sample_ids=sample_ids)


class TrainingHelper(Helper):
    """Teacher forcing: step t reads ``inputs[:, t]``; a sequence finishes at its length."""

    def __init__(self, inputs, sequence_length, time_major=False, name=None):
        with v1.name_scope(name, "TrainingHelper", [inputs, sequence_length]):
            inputs = v1.convert_to_tensor(inputs, name="inputs")
            self._inputs = inputs
            if not time_major:
                inputs = nest.map_structure(_transpose_batch_time, inputs)

            def unstack(inp):
                return v1.TensorArray(inp.dtype, size=v1.shape(inp)[0], element_shape=inp.get_shape()[1:]).unstack(inp)

            self._input_tas = nest.map_structure(unstack, inputs)
            self._sequence_length = v1.convert_to_tensor(sequence_length, name="sequence_length")
            if self._sequence_length.get_shape().ndims != 1:
                raise ValueError(
                    f"Expected sequence_length to be a vector, but received shape: {self._sequence_length.get_shape()}"
                )
            self._zero_inputs = nest.map_structure(lambda inp: v1.zeros_like(inp[0, :]), inputs)
            self._batch_size = v1.size(sequence_length)

    @property
    def inputs(self):
        return self._inputs

    @property
    def sequence_length(self):
        return self._sequence_length

    @property
    def batch_size(self):
        return self._batch_size

    def initialize(self, name=None):
        with v1.name_scope(name, "TrainingHelperInitialize"):
            finished = v1.equal(0, self._sequence_length)
            all_finished = v1.reduce_all(finished)
            next_inputs = v1.cond(
                all_finished,
                lambda: self._zero_inputs,
                lambda: nest.map_structure(lambda inp: inp.read(0), self._input_tas),
            )
            return finished, next_inputs

    def sample(self, time, outputs, name=None, **unused_kwargs):
        with v1.name_scope(name, "TrainingHelperSample", [time, outputs]):
            return v1.cast(v1.argmax(outputs, axis=-1), v1.int32)

    def next_inputs(self, time, outputs, state, name=None, **unused_kwargs):
        with v1.name_scope(name, "TrainingHelperNextInputs", [time, outputs, state]):
            next_time = time + 1
            finished = next_time >= self._sequence_length
            all_finished = v1.reduce_all(finished)
            next_inputs = v1.cond(
                all_finished,
                lambda: self._zero_inputs,
                lambda: nest.map_structure(lambda inp: inp.read(next_time), self._input_tas),
            )
            return finished, next_inputs, state


class ScheduledEmbeddingTrainingHelper(TrainingHelper):
    """Scheduled sampling (Bengio et al., 2015): at each step each sequence, with probability
    ``sampling_probability``, reads the embedding of an id sampled from the step's logits instead
    of its given next input. ``sample`` returns the sampled id, or -1 where the given input is read."""

    def __init__(self, inputs, sequence_length, embedding, sampling_probability, time_major=False, seed=None,
                 scheduling_seed=None, name=None):  # fmt: skip
        with v1.name_scope(name, "ScheduledEmbeddingSamplingWrapper", [embedding, sampling_probability]):
            if callable(embedding):
                self._embedding_fn = embedding
            else:
                self._embedding_fn = lambda ids: v1.nn.embedding_lookup(embedding, ids)
            self._sampling_probability = v1.convert_to_tensor(sampling_probability, name="sampling_probability")
            if self._sampling_probability.get_shape().ndims not in (0, 1):
                raise ValueError(f"sampling_probability must be either a scalar or a vector. "
                                 f"saw shape: {self._sampling_probability.get_shape()}")  # fmt: skip
            self._seed, self._scheduling_seed = seed, scheduling_seed
            super().__init__(inputs=inputs, sequence_length=sequence_length, time_major=time_major, name=name)

    def initialize(self, name=None):
        return super().initialize(name=name)

    def sample(self, time, outputs, state, name=None):
        with v1.name_scope(name, "ScheduledEmbeddingTrainingHelperSample", [time, outputs, state]):
            select_sample = _bernoulli_sample(probs=self._sampling_probability, dtype=v1.bool,
                                              sample_shape=self.batch_size, seed=self._scheduling_seed)  # fmt: skip
            return v1.where(select_sample, _categorical_sample(logits=outputs, seed=self._seed),
                            v1.fill([self.batch_size], -1))  # fmt: skip

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with v1.name_scope(name, "ScheduledEmbeddingTrainingHelperNextInputs", [time, outputs, state]):
            finished, base_next_inputs, state = super().next_inputs(
                time=time, outputs=outputs, state=state, sample_ids=sample_ids, name=name
            )

            def maybe_sample():
                where_sampling = v1.cast(v1.where(sample_ids > -1), v1.int32)
                where_not_sampling = v1.cast(v1.where(sample_ids <= -1), v1.int32)
                sample_ids_sampling = v1.gather_nd(sample_ids, where_sampling)
                inputs_not_sampling = v1.gather_nd(base_next_inputs, where_not_sampling)
                sampled_next_inputs = self._embedding_fn(sample_ids_sampling)
                base_shape = v1.shape(base_next_inputs)
                return v1.scatter_nd(
                    indices=where_sampling, updates=sampled_next_inputs, shape=base_shape
                ) + v1.scatter_nd(indices=where_not_sampling, updates=inputs_not_sampling, shape=base_shape)

            all_finished = v1.reduce_all(finished)
            next_inputs = v1.cond(all_finished, lambda: base_next_inputs, maybe_sample)
            return finished, next_inputs, state


class ScheduledOutputTrainingHelper(TrainingHelper):
    """Scheduled sampling for real-valued outputs: with probability ``sampling_probability`` a
    sequence's next input is the step's output (through ``next_inputs_fn`` if given, with the
    ``auxiliary_inputs`` of the next step concatenated) instead of the given one. ``sample``
    returns 1 for the sequences chosen, 0 for the others."""

    def __init__(self, inputs, sequence_length, sampling_probability, time_major=False, seed=None,
                 next_inputs_fn=None, auxiliary_inputs=None, name=None):  # fmt: skip
        with v1.name_scope(name, "ScheduledOutputTrainingHelper", [inputs, auxiliary_inputs, sampling_probability]):
            self._sampling_probability = v1.convert_to_tensor(sampling_probability, name="sampling_probability")
            if self._sampling_probability.get_shape().ndims not in (0, 1):
                raise ValueError(f"sampling_probability must be either a scalar or a vector. "
                                 f"saw shape: {self._sampling_probability.get_shape()}")  # fmt: skip
            if auxiliary_inputs is None:
                maybe_concatenated_inputs = inputs
            else:
                inputs = v1.convert_to_tensor(inputs, name="inputs")
                auxiliary_inputs = v1.convert_to_tensor(auxiliary_inputs, name="auxiliary_inputs")
                maybe_concatenated_inputs = nest.map_structure(
                    lambda x, y: v1.concat((x, y), -1), inputs, auxiliary_inputs
                )
                if not time_major:
                    auxiliary_inputs = nest.map_structure(_transpose_batch_time, auxiliary_inputs)
            self._auxiliary_input_tas = (
                nest.map_structure(
                    lambda a: v1.TensorArray(a.dtype, size=v1.shape(a)[0], element_shape=a.get_shape()[1:]).unstack(a),
                    auxiliary_inputs,
                )
                if auxiliary_inputs is not None else None
            )  # fmt: skip
            self._seed, self._next_inputs_fn = seed, next_inputs_fn
            super().__init__(inputs=maybe_concatenated_inputs, sequence_length=sequence_length,
                             time_major=time_major, name=name)  # fmt: skip

    def initialize(self, name=None):
        return super().initialize(name=name)

    def sample(self, time, outputs, state, name=None):
        # 1 where the output is fed back, as int32 ids (TF 1.15's: next_inputs reads them as booleans)
        with v1.name_scope(name, "ScheduledOutputTrainingHelperSample", [time, outputs, state]):
            return _bernoulli_sample(probs=self._sampling_probability, sample_shape=self.batch_size, seed=self._seed)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with v1.name_scope(name, "ScheduledOutputTrainingHelperNextInputs", [time, outputs, state, sample_ids]):
            finished, base_next_inputs, state = super().next_inputs(
                time=time, outputs=outputs, state=state, sample_ids=sample_ids, name=name
            )
            sample_ids = v1.cast(sample_ids, v1.bool)

            def maybe_sample():
                def with_auxiliary(outputs_, indices=None):
                    if self._auxiliary_input_tas is None:
                        return outputs_
                    next_time = time + 1
                    auxiliary = nest.map_structure(lambda ta: ta.read(next_time), self._auxiliary_input_tas)
                    if indices is not None:
                        auxiliary = v1.gather_nd(auxiliary, indices)
                    return nest.map_structure(lambda x, y: v1.concat((x, y), -1), outputs_, auxiliary)

                if self._next_inputs_fn is None:
                    return v1.where(sample_ids, with_auxiliary(outputs), base_next_inputs)
                where_sampling = v1.cast(v1.where(sample_ids), v1.int32)
                where_not_sampling = v1.cast(v1.where(v1.logical_not(sample_ids)), v1.int32)
                outputs_sampling = v1.gather_nd(outputs, where_sampling)
                inputs_not_sampling = v1.gather_nd(base_next_inputs, where_not_sampling)
                sampled_next_inputs = with_auxiliary(self._next_inputs_fn(outputs_sampling), where_sampling)
                base_shape = v1.shape(base_next_inputs)
                return v1.scatter_nd(
                    indices=where_sampling, updates=sampled_next_inputs, shape=base_shape
                ) + v1.scatter_nd(indices=where_not_sampling, updates=inputs_not_sampling, shape=base_shape)

            all_finished = v1.reduce_all(finished)
            no_samples = v1.logical_not(v1.reduce_any(sample_ids))
            next_inputs = v1.cond(v1.logical_or(all_finished, no_samples), lambda: base_next_inputs, maybe_sample)
            return finished, next_inputs, state


class GreedyEmbeddingHelper(Helper):
    """Inference: the embedding of each step's argmax is the next input; ``end_token`` finishes."""

    def __init__(self, embedding, start_tokens, end_token):
        if callable(embedding):
            self._embedding_fn = embedding
        else:
            self._embedding_fn = lambda ids: v1.nn.embedding_lookup(embedding, ids)
        self._start_tokens = v1.convert_to_tensor(start_tokens, dtype=v1.int32, name="start_tokens")
        self._end_token = v1.convert_to_tensor(end_token, dtype=v1.int32, name="end_token")
        if self._start_tokens.get_shape().ndims != 1:
            raise ValueError("start_tokens must be a vector")
        self._batch_size = v1.size(start_tokens)
        if self._end_token.get_shape().ndims != 0:
            raise ValueError("end_token must be a scalar")
        self._start_inputs = self._embedding_fn(self._start_tokens)

    @property
    def batch_size(self):
        return self._batch_size

    def initialize(self, name=None):
        return v1.tile([False], [self._batch_size]), self._start_inputs

    def sample(self, time, outputs, state, name=None):
        if not isinstance(outputs, v1.Tensor):
            raise TypeError(f"Expected outputs to be a single Tensor, got: {type(outputs)}")
        return v1.argmax(outputs, axis=-1, output_type=v1.int32)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        finished = v1.equal(sample_ids, self._end_token)
        all_finished = v1.reduce_all(finished)
        next_inputs = v1.cond(all_finished, lambda: self._start_inputs, lambda: self._embedding_fn(sample_ids))
        return finished, next_inputs, state


class SampleEmbeddingHelper(GreedyEmbeddingHelper):
    """Inference by sampling: each step's id is drawn from ``softmax(logits / softmax_temperature)``."""

    def __init__(self, embedding, start_tokens, end_token, softmax_temperature=None, seed=None):
        super().__init__(embedding, start_tokens, end_token)
        self._softmax_temperature = softmax_temperature
        self._seed = seed

    def sample(self, time, outputs, state, name=None):
        if not isinstance(outputs, v1.Tensor):
            raise TypeError(f"Expected outputs to be a single Tensor, got: {type(outputs)}")
        logits = outputs if self._softmax_temperature is None else outputs / self._softmax_temperature
        return _categorical_sample(logits=logits, seed=self._seed)


class InferenceHelper(Helper):
    """Inference on continuous outputs: ``sample_fn(outputs)`` are the sample ids,
    ``next_inputs_fn(outputs)`` the next inputs (the outputs themselves when not given)."""

    def __init__(self, sample_fn, sample_shape, sample_dtype, start_inputs, end_fn, next_inputs_fn=None):
        self._sample_fn, self._end_fn, self._next_inputs_fn = sample_fn, end_fn, next_inputs_fn
        self._sample_shape = tf.TensorShape(sample_shape)
        self._sample_dtype = sample_dtype
        self._start_inputs = v1.convert_to_tensor(start_inputs, name="start_inputs")
        self._batch_size = v1.shape(start_inputs)[0]

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def sample_ids_shape(self):
        return self._sample_shape

    @property
    def sample_ids_dtype(self):
        return self._sample_dtype

    def initialize(self, name=None):
        return v1.tile([False], [self._batch_size]), self._start_inputs

    def sample(self, time, outputs, state, name=None):
        return self._sample_fn(outputs)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        next_inputs = outputs if self._next_inputs_fn is None else self._next_inputs_fn(sample_ids)
        return self._end_fn(sample_ids), next_inputs, state


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


# -- sequence_loss --------------------------------------------------------------------------------
# TF1's definition: logits [batch, time, classes], targets [batch, time] class ids, weights [batch,
# time]; the per-token cross-entropy times its weight; with both average_across_* flags (the
# default) sum(weighted) / sum(weights); sum_over_* divide by the count of non-zero weights.
def sequence_loss(
    logits,
    targets,
    weights,
    average_across_timesteps=True,
    average_across_batch=True,
    sum_over_timesteps=False,
    sum_over_batch=False,
    softmax_loss_function=None,
    name=None,
):
    if len(logits.get_shape()) != 3:
        raise ValueError("Logits must be a [batch_size x sequence_length x logits] tensor")
    if len(targets.get_shape()) != 2:
        raise ValueError("Targets must be a [batch_size x sequence_length] tensor")
    if len(weights.get_shape()) != 2:
        raise ValueError("Weights must be a [batch_size x sequence_length] tensor")
    if average_across_timesteps and sum_over_timesteps:
        raise ValueError("average_across_timesteps and sum_over_timesteps cannot be set to True at same time.")
    if average_across_batch and sum_over_batch:
        raise ValueError("average_across_batch and sum_over_batch cannot be set to True at same time.")
    if average_across_batch and sum_over_timesteps:
        raise ValueError(
            "average_across_batch and sum_over_timesteps cannot be set to True at same time because of ambiguous order."
        )
    if sum_over_batch and average_across_timesteps:
        raise ValueError(
            "sum_over_batch and average_across_timesteps cannot be set to True at same time because of ambiguous order."
        )
    with v1.name_scope(name, "sequence_loss", [logits, targets, weights]):
        num_classes = tf.shape(logits)[2]
        logits_flat = tf.reshape(logits, [-1, num_classes])
        targets = tf.reshape(targets, [-1])
        if softmax_loss_function is None:
            crossent = v1.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits_flat)
        else:
            crossent = softmax_loss_function(labels=targets, logits=logits_flat)
        crossent *= tf.reshape(weights, [-1])
        if average_across_timesteps and average_across_batch:
            return tf.math.divide_no_nan(tf.reduce_sum(crossent), tf.reduce_sum(weights))
        if sum_over_timesteps and sum_over_batch:
            count = tf.math.count_nonzero(weights, dtype=crossent.dtype)
            return tf.math.divide_no_nan(tf.reduce_sum(crossent), count)
        crossent = tf.reshape(crossent, tf.shape(logits)[0:2])
        if average_across_timesteps or average_across_batch:
            axis = [0] if average_across_batch else [1]
            return tf.math.divide_no_nan(tf.reduce_sum(crossent, axis=axis), tf.reduce_sum(weights, axis=axis))
        if sum_over_timesteps or sum_over_batch:
            axis = [0] if sum_over_batch else [1]
            count = tf.math.count_nonzero(weights, axis=axis, dtype=crossent.dtype)
            return tf.math.divide_no_nan(tf.reduce_sum(crossent, axis=axis), count)
        return crossent


# -- attention ----------------------------------------------------------------------------------
class AttentionMechanism:
    pass


def _prepare_memory(memory, memory_sequence_length):
    """The memory, its steps past each sequence's length zeroed (measured: TF 1.15.5 checked no
    batch sizes here; the mask is reshaped to the memory's rank and multiplied in)."""
    memory = nest.map_structure(lambda m: v1.convert_to_tensor(m, name="memory"), memory)
    if memory_sequence_length is None:
        return memory
    memory_sequence_length = v1.convert_to_tensor(memory_sequence_length, name="memory_sequence_length")
    mask = v1.sequence_mask(memory_sequence_length, maxlen=v1.shape(nest.flatten(memory)[0])[1],
                            dtype=nest.flatten(memory)[0].dtype)  # fmt: skip

    def apply(m):
        extra_ones = v1.ones(m.get_shape().ndims - 2, dtype=v1.int32)
        return m * v1.reshape(mask, v1.concat((v1.shape(mask), extra_ones), 0))

    return nest.map_structure(apply, memory)


def _maybe_mask_score(score, memory_sequence_length, score_mask_value):
    if memory_sequence_length is None:
        return score
    if score_mask_value is None:
        score_mask_value = score.dtype.as_numpy_dtype(-np.inf)
    message = "All values in memory_sequence_length must greater than zero."
    with v1.control_dependencies([v1.assert_positive(memory_sequence_length, message=message)]):
        score_mask = v1.sequence_mask(memory_sequence_length, maxlen=v1.shape(score)[1])
        return v1.where(score_mask, score, score_mask_value * v1.ones_like(score))


class _BaseAttentionMechanism(AttentionMechanism):
    def __init__(self, query_layer, memory, probability_fn, memory_sequence_length=None, memory_layer=None,
                 score_mask_value=None, name=None):  # fmt: skip
        self._query_layer, self._memory_layer = query_layer, memory_layer
        self.dtype = memory_layer.dtype if memory_layer is not None else None
        if not callable(probability_fn):
            raise TypeError(f"probability_fn must be callable, saw type: {type(probability_fn).__name__}")
        self._probability_fn = lambda score, prev: probability_fn(
            _maybe_mask_score(score, memory_sequence_length, score_mask_value), prev
        )
        with v1.name_scope(name, "BaseAttentionMechanismInit", nest.flatten(memory)):
            self._values = _prepare_memory(memory, memory_sequence_length)
            self._keys = self._memory_layer(self._values) if self._memory_layer else self._values
            self._batch_size = _static_or_dynamic(self._keys, 0)
            self._alignments_size = _static_or_dynamic(self._keys, 1)

    @property
    def memory_layer(self):
        return self._memory_layer

    @property
    def query_layer(self):
        return self._query_layer

    @property
    def values(self):
        return self._values

    @property
    def keys(self):
        return self._keys

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def alignments_size(self):
        return self._alignments_size

    @property
    def state_size(self):
        return self._alignments_size

    def initial_alignments(self, batch_size, dtype):
        return _zeros(self._alignments_size, batch_size, dtype)

    def initial_state(self, batch_size, dtype):
        return self.initial_alignments(batch_size, dtype)


def _dense(units, name, dtype):
    return v1.layers.Dense(units, name=name, use_bias=False, dtype=dtype)


class LuongAttention(_BaseAttentionMechanism):
    """Multiplicative attention: ``score = query . keys`` (times a scalar ``attention_g`` when ``scale``)."""

    def __init__(self, num_units, memory, memory_sequence_length=None, scale=False, probability_fn=None,
                 score_mask_value=None, dtype=None, custom_key_value_fn=None, name="LuongAttention"):  # fmt: skip
        if custom_key_value_fn is not None:
            raise NotImplementedError("custom_key_value_fn is not provided by tf1-lessons")
        probability_fn = probability_fn or v1.nn.softmax
        dtype = dtype or v1.float32
        super().__init__(None, memory, lambda score, _: probability_fn(score), memory_sequence_length,
                         _dense(num_units, "memory_layer", dtype), score_mask_value, name)  # fmt: skip
        self._num_units, self._scale, self._name = num_units, scale, name

    def __call__(self, query, state):
        with v1.variable_scope(None, "luong_attention", [query]):
            score = _luong_score(query, self._keys, self._scale)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


def _luong_score(query, keys, scale):
    g = None
    if scale:
        g = v1.get_variable("attention_g", dtype=query.dtype, initializer=v1.ones_initializer, shape=())
    depth, key_units = query.get_shape()[-1], keys.get_shape()[-1]
    if depth != key_units:
        raise ValueError(
            f"Incompatible or unknown inner dimensions between query and keys. Query ({query}) has "
            f"units: {depth}. Keys ({keys}) have units: {key_units}. Perhaps you need to set "
            "num_units to the keys' dimension?"
        )
    score = v1.squeeze(v1.matmul(v1.expand_dims(query, 1), keys, transpose_b=True), [1])
    return g * score if g is not None else score


class BahdanauAttention(_BaseAttentionMechanism):
    """Additive attention: ``score = v . tanh(keys + query_layer(query))`` (weight-normalized ``v``
    with a bias when ``normalize``)."""

    def __init__(self, num_units, memory, memory_sequence_length=None, normalize=False, probability_fn=None,
                 score_mask_value=None, dtype=None, custom_key_value_fn=None, name="BahdanauAttention"):  # fmt: skip
        if custom_key_value_fn is not None:
            raise NotImplementedError("custom_key_value_fn is not provided by tf1-lessons")
        probability_fn = probability_fn or v1.nn.softmax
        dtype = dtype or v1.float32
        super().__init__(_dense(num_units, "query_layer", dtype), memory, lambda score, _: probability_fn(score),
                         memory_sequence_length, _dense(num_units, "memory_layer", dtype), score_mask_value,
                         name)  # fmt: skip
        self._num_units, self._normalize, self._name = num_units, normalize, name

    def __call__(self, query, state):
        with v1.variable_scope(None, "bahdanau_attention", [query]):
            processed = self._query_layer(query) if self._query_layer else query
            score = _bahdanau_score(processed, self._keys, self._normalize)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


def _bahdanau_score(processed, keys, normalize):
    dtype = keys.dtype
    num_units = _static_or_dynamic(keys, 2)
    v = v1.get_variable("attention_v", [num_units], dtype=dtype)  # made before the query is expanded
    processed = v1.expand_dims(processed, 1)
    if normalize:
        g = v1.get_variable("attention_g", dtype=dtype, shape=(),
                            initializer=v1.constant_initializer(math.sqrt(1.0 / num_units)))  # fmt: skip
        b = v1.get_variable("attention_b", [num_units], dtype=dtype, initializer=v1.zeros_initializer())
        normed_v = g * v * v1.rsqrt(v1.reduce_sum(v1.square(v)))
        return v1.reduce_sum(normed_v * v1.tanh(keys + processed + b), [2])
    return v1.reduce_sum(v * v1.tanh(keys + processed), [2])


# -- monotonic attention (Raffel et al., 2017) -----------------------------------------------------


def safe_cumprod(x, *args, **kwargs):
    """``cumprod`` computed as ``exp(cumsum(log(x)))``, ``x`` clipped to ``[tiny, 1]`` first, so
    long products of probabilities neither underflow nor give NaN gradients."""
    with v1.name_scope(None, "SafeCumprod", [x]):
        x = v1.convert_to_tensor(x, name="x")
        tiny = np.finfo(x.dtype.as_numpy_dtype).tiny
        return v1.exp(v1.cumsum(v1.log(v1.clip_by_value(x, tiny, 1)), *args, **kwargs))


def monotonic_attention(p_choose_i, previous_attention, mode):
    """The expected alignment of monotonic attention, from each memory step's probability of
    being chosen and the previous step's alignment. ``mode``: ``"recursive"`` (a ``scan``, exact),
    ``"parallel"`` (cumulative products, fast, inexact when a probability is near 0 or 1) or
    ``"hard"`` (``p_choose_i`` of 0s and 1s: the first chosen step at or after the last one)."""
    p_choose_i = v1.convert_to_tensor(p_choose_i, name="p_choose_i")
    previous_attention = v1.convert_to_tensor(previous_attention, name="previous_attention")
    if mode == "recursive":
        batch_size = _static_or_dynamic(p_choose_i, 0)
        shifted_1mp_choose_i = v1.concat([v1.ones((batch_size, 1)), 1 - p_choose_i[:, :-1]], 1)
        attention = p_choose_i * v1.transpose(
            v1.scan(
                lambda x, yz: v1.reshape(yz[0] * x + yz[1], (batch_size,)),
                [v1.transpose(shifted_1mp_choose_i), v1.transpose(previous_attention)],
                v1.zeros((batch_size,)),
            )
        )  # fmt: skip
    elif mode == "parallel":
        cumprod_1mp_choose_i = safe_cumprod(1 - p_choose_i, axis=1, exclusive=True)
        attention = (
            p_choose_i
            * cumprod_1mp_choose_i
            * v1.cumsum(previous_attention / v1.clip_by_value(cumprod_1mp_choose_i, 1e-10, 1.0), axis=1)
        )
    elif mode == "hard":
        # Only steps at or after the one chosen last time, and only the first of them.
        p_choose_i *= v1.cumsum(previous_attention, axis=1)
        attention = p_choose_i * v1.cumprod(1 - p_choose_i, axis=1, exclusive=True)
    else:
        raise ValueError("mode must be 'recursive', 'parallel', or 'hard'.")
    return attention


def _monotonic_probability_fn(score, previous_alignments, sigmoid_noise, mode, seed=None):
    if sigmoid_noise > 0:  # pre-sigmoid noise pushes training towards discrete choices
        noise = v1.random_normal(v1.shape(score), dtype=score.dtype, seed=seed)
        score += sigmoid_noise * noise
    p_choose_i = v1.cast(score > 0, score.dtype) if mode == "hard" else v1.sigmoid(score)
    return monotonic_attention(p_choose_i, previous_alignments, mode)


class _BaseMonotonicAttentionMechanism(_BaseAttentionMechanism):
    def initial_alignments(self, batch_size, dtype):
        """All attention on the memory's first step."""
        return v1.one_hot(v1.zeros((batch_size,), dtype=v1.int32), self._alignments_size, dtype=dtype)

    def _biased(self, score, dtype):
        """The score plus the learned scalar ``attention_score_bias``."""
        return score + v1.get_variable("attention_score_bias", dtype=dtype, initializer=self._score_bias_init)


def _monotonic_fn(sigmoid_noise, mode, seed):
    return lambda score, prev: _monotonic_probability_fn(score, prev, sigmoid_noise, mode, seed)


class BahdanauMonotonicAttention(_BaseMonotonicAttentionMechanism):
    """Bahdanau's additive score plus a learned scalar ``attention_score_bias``, turned into
    monotonic alignments (:func:`monotonic_attention`)."""

    def __init__(self, num_units, memory, memory_sequence_length=None, normalize=False, score_mask_value=None,
                 sigmoid_noise=0.0, sigmoid_noise_seed=None, score_bias_init=0.0, mode="parallel", dtype=None,
                 name="BahdanauMonotonicAttention"):  # fmt: skip
        dtype = dtype or v1.float32
        super().__init__(_dense(num_units, "query_layer", dtype), memory,
                         _monotonic_fn(sigmoid_noise, mode, sigmoid_noise_seed), memory_sequence_length,
                         _dense(num_units, "memory_layer", dtype), score_mask_value, name)  # fmt: skip
        self._num_units, self._normalize, self._name = num_units, normalize, name
        self._score_bias_init = score_bias_init

    def __call__(self, query, state):
        with v1.variable_scope(None, "bahdanau_monotonic_attention", [query]):
            processed = self._query_layer(query) if self._query_layer else query
            score = self._biased(_bahdanau_score(processed, self._keys, self._normalize), processed.dtype)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


class LuongMonotonicAttention(_BaseMonotonicAttentionMechanism):
    """Luong's multiplicative score plus a learned scalar ``attention_score_bias``, turned into
    monotonic alignments (:func:`monotonic_attention`)."""

    def __init__(self, num_units, memory, memory_sequence_length=None, scale=False, score_mask_value=None,
                 sigmoid_noise=0.0, sigmoid_noise_seed=None, score_bias_init=0.0, mode="parallel", dtype=None,
                 name="LuongMonotonicAttention"):  # fmt: skip
        dtype = dtype or v1.float32
        super().__init__(None, memory, _monotonic_fn(sigmoid_noise, mode, sigmoid_noise_seed),
                         memory_sequence_length, _dense(num_units, "memory_layer", dtype), score_mask_value,
                         name)  # fmt: skip
        self._num_units, self._scale, self._name = num_units, scale, name
        self._score_bias_init = score_bias_init

    def __call__(self, query, state):
        with v1.variable_scope(None, "luong_monotonic_attention", [query]):
            score = self._biased(_luong_score(query, self._keys, self._scale), query.dtype)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


class AttentionWrapperState(
    collections.namedtuple(
        "AttentionWrapperState",
        ("cell_state", "attention", "time", "alignments", "alignment_history", "attention_state"),
    )
):
    def clone(self, **kwargs):
        """A copy with ``kwargs`` replaced, each new tensor given the old one's static shape."""

        def same_shape(old, new):
            if isinstance(old, v1.Tensor) and isinstance(new, v1.Tensor) and not tf.executing_eagerly():
                return _with_same_shape(old, new)
            return new

        return nest.map_structure(same_shape, self, super()._replace(**kwargs))


class AttentionWrapper(v1.nn.rnn_cell.RNNCell):
    """``cell`` with attention over a memory: its input is ``cell_input_fn(inputs, previous
    attention)`` (concatenated), its output ``attention_layer([cell output, context])`` (or the
    context), its state an ``AttentionWrapperState``."""

    def __init__(self, cell, attention_mechanism, attention_layer_size=None, alignment_history=False,
                 cell_input_fn=None, output_attention=True, initial_cell_state=None, name=None,
                 attention_layer=None, attention_fn=None):  # fmt: skip
        super().__init__(name=name)
        self._is_multi = isinstance(attention_mechanism, (list, tuple))
        mechanisms = tuple(attention_mechanism) if self._is_multi else (attention_mechanism,)
        for mechanism in mechanisms:
            if not isinstance(mechanism, AttentionMechanism):
                raise TypeError(f"attention_mechanism must be an AttentionMechanism, saw type: "
                                f"{type(mechanism).__name__}")  # fmt: skip
        self._cell_input_fn = cell_input_fn or (lambda inputs, attention: v1.concat([inputs, attention], -1))
        if attention_layer_size is not None and attention_layer is not None:
            raise ValueError("Only one of attention_layer_size and attention_layer should be set")
        if attention_layer_size is not None:
            sizes = tuple(attention_layer_size) if isinstance(attention_layer_size, (list, tuple)) else (
                attention_layer_size,)  # fmt: skip
            if len(sizes) != len(mechanisms):
                raise ValueError(f"If provided, attention_layer_size must contain exactly one integer per "
                                 f"attention_mechanism, saw: {len(sizes)} vs {len(mechanisms)}")  # fmt: skip
            self._attention_layers = tuple(
                _dense(size, "attention_layer", m.dtype) for size, m in zip(sizes, mechanisms, strict=True)
            )
            self._attention_layer_size = sum(sizes)
        elif attention_layer is not None:
            layers = tuple(attention_layer) if isinstance(attention_layer, (list, tuple)) else (attention_layer,)
            self._attention_layers = layers
            self._attention_layer_size = sum(
                tf.compat.dimension_value(layer.compute_output_shape(
                    [None, cell.output_size + tf.compat.dimension_value(m.values.shape[-1])])[-1])
                for layer, m in zip(layers, mechanisms, strict=True)
            )  # fmt: skip
        else:
            self._attention_layers = None
            self._attention_layer_size = sum(tf.compat.dimension_value(m.values.shape[-1]) for m in mechanisms)
        self._attention_fn = attention_fn or _compute_attention
        self._cell, self._attention_mechanisms = cell, mechanisms
        self._output_attention, self._alignment_history = output_attention, alignment_history
        with v1.name_scope(name, "AttentionWrapperInit"):
            if initial_cell_state is None:
                self._initial_cell_state = None
            else:
                final = nest.flatten(initial_cell_state)[-1]
                batch = _static_or_dynamic(final, 0)
                message = (f"When constructing AttentionWrapper {self._base_name}: "
                           + "Non-matching batch sizes between the memory (encoder output) and initial_cell_state. "
                           "Are you using the BeamSearchDecoder? You may need to tile your initial state via the "
                           "tf.contrib.seq2seq.tile_batch function with argument multiple=beam_width.")  # fmt: skip
                with v1.control_dependencies(self._batch_size_checks(batch, message)):
                    self._initial_cell_state = nest.map_structure(
                        lambda s: v1.identity(s, name="check_initial_cell_state"), initial_cell_state
                    )

    def _batch_size_checks(self, batch_size, error_message):
        return [v1.assert_equal(batch_size, m.batch_size, message=error_message) for m in self._attention_mechanisms]

    def _item_or_tuple(self, seq):
        t = tuple(seq)
        return t if self._is_multi else t[0]

    @property
    def output_size(self):
        return self._attention_layer_size if self._output_attention else self._cell.output_size

    @property
    def state_size(self):
        return AttentionWrapperState(
            cell_state=self._cell.state_size,
            time=tf.TensorShape([]),
            attention=self._attention_layer_size,
            alignments=self._item_or_tuple(m.alignments_size for m in self._attention_mechanisms),
            attention_state=self._item_or_tuple(m.state_size for m in self._attention_mechanisms),
            alignment_history=self._item_or_tuple(
                m.alignments_size if self._alignment_history else () for m in self._attention_mechanisms
            ),
        )

    def zero_state(self, batch_size, dtype):
        with v1.name_scope(type(self).__name__ + "ZeroState", values=[batch_size]):
            if self._initial_cell_state is not None:
                cell_state = self._initial_cell_state
            else:
                cell_state = self._cell.zero_state(batch_size, dtype)
            message = (f"When calling zero_state of AttentionWrapper {self._base_name}: "
                       + "Non-matching batch sizes between the memory (encoder output) and the requested batch "
                       "size. Are you using the BeamSearchDecoder? If so, make sure your encoder output has been "
                       "tiled to beam_width via tf.contrib.seq2seq.tile_batch, and the batch_size= argument passed "
                       "to zero_state is batch_size * beam_width.")  # fmt: skip
            with v1.control_dependencies(self._batch_size_checks(batch_size, message)):
                cell_state = nest.map_structure(lambda s: v1.identity(s, name="checked_cell_state"), cell_state)
            initial_alignments = [m.initial_alignments(batch_size, dtype) for m in self._attention_mechanisms]
            return AttentionWrapperState(
                cell_state=cell_state,
                time=v1.zeros([], dtype=v1.int32),
                attention=_zeros(self._attention_layer_size, batch_size, dtype),
                alignments=self._item_or_tuple(initial_alignments),
                attention_state=self._item_or_tuple(
                    m.initial_state(batch_size, dtype) for m in self._attention_mechanisms
                ),
                alignment_history=self._item_or_tuple(
                    v1.TensorArray(dtype, size=0, dynamic_size=True, element_shape=a.shape)
                    if self._alignment_history else ()
                    for a in initial_alignments
                ),
            )  # fmt: skip

    def call(self, inputs, state):
        if not isinstance(state, AttentionWrapperState):
            raise TypeError(f"Expected state to be instance of AttentionWrapperState. Received type "
                            f"{type(state)} instead.")  # fmt: skip
        cell_inputs = self._cell_input_fn(inputs, state.attention)
        cell_output, next_cell_state = self._cell(cell_inputs, state.cell_state)
        batch = _static_or_dynamic(cell_output, 0)
        message = (f"When applying AttentionWrapper {self.name}: "
                   + "Non-matching batch sizes between the memory (encoder output) and the query (decoder output).  "
                   "Are you using the BeamSearchDecoder?  You may need to tile your memory input via the "
                   "tf.contrib.seq2seq.tile_batch function with argument multiple=beam_width.")  # fmt: skip
        with v1.control_dependencies(self._batch_size_checks(batch, message)):
            cell_output = v1.identity(cell_output, name="checked_cell_output")
        if self._is_multi:
            previous_states, previous_histories = state.attention_state, state.alignment_history
        else:
            previous_states, previous_histories = [state.attention_state], [state.alignment_history]
        alignments_all, attentions, states, histories = [], [], [], []
        for i, mechanism in enumerate(self._attention_mechanisms):
            layer = self._attention_layers[i] if self._attention_layers else None
            attention, alignments, next_attention_state = self._attention_fn(
                mechanism, cell_output, previous_states[i], layer
            )
            history = previous_histories[i].write(state.time, alignments) if self._alignment_history else ()
            alignments_all.append(alignments)
            attentions.append(attention)
            states.append(next_attention_state)
            histories.append(history)
        attention = v1.concat(attentions, 1)
        next_state = AttentionWrapperState(
            time=state.time + 1, cell_state=next_cell_state, attention=attention,
            attention_state=self._item_or_tuple(states), alignments=self._item_or_tuple(alignments_all),
            alignment_history=self._item_or_tuple(histories),
        )  # fmt: skip
        return (attention if self._output_attention else cell_output), next_state


def _compute_attention(attention_mechanism, cell_output, attention_state, attention_layer):
    alignments, next_attention_state = attention_mechanism(cell_output, state=attention_state)
    context = v1.squeeze(v1.matmul(v1.expand_dims(alignments, 1), attention_mechanism.values), [1])
    attention = attention_layer(v1.concat([cell_output, context], 1)) if attention_layer is not None else context
    return attention, alignments, next_attention_state


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

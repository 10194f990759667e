"""``tf.contrib.seq2seq``'s helpers (TF 1.15's ``helper`` module): what a decoder reads at each
step, teacher forcing, greedy and sampled feedback, scheduled sampling."""

from __future__ import annotations

from ....compat import tf, v1
from ._common import _transpose_batch_time

nest = tf.nest

__all__ = [
    "CustomHelper",
    "GreedyEmbeddingHelper",
    "Helper",
    "InferenceHelper",
    "SampleEmbeddingHelper",
    "ScheduledEmbeddingTrainingHelper",
    "ScheduledOutputTrainingHelper",
    "TrainingHelper",
]


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

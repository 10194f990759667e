"""Attention mechanisms (Bahdanau, Luong, their monotonic kinds) and ``AttentionWrapper``
(TF 1.15's ``attention_wrapper`` module)."""

from __future__ import annotations

import collections
import math

import numpy as np

from ....compat import tf, v1
from ._common import _static_or_dynamic, _with_same_shape, _zeros, hardmax

nest = tf.nest

__all__ = [
    "AttentionMechanism",
    "AttentionWrapper",
    "AttentionWrapperState",
    "BahdanauAttention",
    "BahdanauMonotonicAttention",
    "LuongAttention",
    "LuongMonotonicAttention",
    "hardmax",
    "monotonic_attention",
    "safe_cumprod",
]


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

"""``tf.contrib.legacy_seq2seq``: the list-of-time-steps sequence models of TF 1.0-era tutorials
(char-rnn, the early translation and chatbot code), written here from their documented behaviour
and measured against TF 1.15.5 (``char_rnn_legacy_seq2seq`` in the corpus prints every line as
TF 1.15.5 did).

Inputs are Python lists of ``[batch, depth]`` tensors, one per time step. ``rnn_decoder`` runs the
cell over them from ``initial_state`` under ``rnn_decoder`` (or ``scope``), reusing its variables
after the first step; with a ``loop_function``, every step after the first gets
``loop_function(previous output, i)`` (built under ``loop_function``) instead of its input, as
when sampling. ``sequence_loss_by_example`` sums the weighted per-step cross-entropies (divided by
the summed weights plus 1e-12 when averaging over time steps); ``sequence_loss`` sums that over
the batch and divides by the batch size.
"""

from __future__ import annotations

import copy

from ...compat import v1


def rnn_decoder(decoder_inputs, initial_state, cell, loop_function=None, scope=None):
    with v1.variable_scope(scope or "rnn_decoder"):
        state, outputs, prev = initial_state, [], None
        for i, inp in enumerate(decoder_inputs):
            if loop_function is not None and prev is not None:
                with v1.variable_scope("loop_function", reuse=True):
                    inp = loop_function(prev, i)
            if i > 0:
                v1.get_variable_scope().reuse_variables()
            output, state = cell(inp, state)
            outputs.append(output)
            if loop_function is not None:
                prev = output
    return outputs, state


def basic_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, dtype=v1.float32, scope=None):
    """Encode with a copy of ``cell`` (its own variables), decode from its final state."""
    with v1.variable_scope(scope or "basic_rnn_seq2seq"):
        _, enc_state = v1.nn.static_rnn(copy.deepcopy(cell), encoder_inputs, dtype=dtype)
        return rnn_decoder(decoder_inputs, enc_state, cell)


def tied_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, loop_function=None, dtype=v1.float32, scope=None):
    """Encoder and decoder share one cell's variables."""
    with v1.variable_scope("combined_tied_rnn_seq2seq"):
        scope = scope or "tied_rnn_seq2seq"
        _, enc_state = v1.nn.static_rnn(cell, encoder_inputs, dtype=dtype, scope=scope)
        v1.get_variable_scope().reuse_variables()
        return rnn_decoder(decoder_inputs, enc_state, cell, loop_function=loop_function, scope=scope)


def sequence_loss_by_example(logits, targets, weights, average_across_timesteps=True, softmax_loss_function=None,
                             name=None):  # fmt: skip
    if len(targets) != len(logits) or len(weights) != len(logits):
        raise ValueError(
            f"Lengths of logits, weights, and targets must be the same {len(logits)}, {len(weights)}, {len(targets)}."
        )
    with v1.name_scope(name, "sequence_loss_by_example", list(logits) + list(targets) + list(weights)):
        per_step = []
        for logit, target, weight in zip(logits, targets, weights, strict=True):
            if softmax_loss_function is None:
                target = v1.reshape(target, [-1])
                crossent = v1.nn.sparse_softmax_cross_entropy_with_logits(labels=target, logits=logit)
            else:
                crossent = softmax_loss_function(labels=target, logits=logit)
            per_step.append(crossent * weight)
        log_perps = v1.add_n(per_step)
        if average_across_timesteps:
            total_size = v1.add_n(weights)
            total_size += 1e-12  # all-zero weights: 0, not NaN
            log_perps /= total_size
    return log_perps


def sequence_loss(logits, targets, weights, average_across_timesteps=True, average_across_batch=True,
                  softmax_loss_function=None, name=None):  # fmt: skip
    with v1.name_scope(name, "sequence_loss", list(logits) + list(targets) + list(weights)):
        cost = v1.reduce_sum(
            sequence_loss_by_example(
                logits, targets, weights, average_across_timesteps=average_across_timesteps,
                softmax_loss_function=softmax_loss_function,
            )
        )  # fmt: skip
        if average_across_batch:
            batch_size = v1.shape(targets[0])[0]
            return cost / v1.cast(batch_size, cost.dtype)
        return cost


# -- the embedding and attention models (TF 1.0's translate and chatbot tutorials) ---------------
# Same variable names as TF 1.15 (its translation checkpoints restore) and the same op order,
# which gives its op seeds: embeddings, attention weights, then each step's ops.


def _nest():
    from tensorflow.python.util import nest

    return nest


def _check_projection(output_projection, num_symbols, dtype, weights_too=True):
    if output_projection is None:
        return
    if weights_too:
        proj_weights = v1.convert_to_tensor(output_projection[0], dtype=dtype)
        proj_weights.get_shape().assert_is_compatible_with([None, num_symbols])
    proj_biases = v1.convert_to_tensor(output_projection[1], dtype=dtype)
    proj_biases.get_shape().assert_is_compatible_with([num_symbols])


def _extract_argmax_and_embed(embedding, output_projection=None, update_embedding=True):
    """The loop function that feeds back each step's most likely symbol, embedded (its gradient
    stopped unless ``update_embedding``)."""

    def loop_function(prev, _):
        if output_projection is not None:
            prev = v1.nn.xw_plus_b(prev, output_projection[0], output_projection[1])
        emb_prev = v1.nn.embedding_lookup(embedding, v1.argmax(prev, 1))
        return emb_prev if update_embedding else v1.stop_gradient(emb_prev)

    return loop_function


def _decode(feed_previous, decoder, n_outputs, structure):
    """``decoder(feed_previous, update_embedding)``. ``feed_previous`` a Python bool: that decoder,
    its fed-back embeddings trained. A boolean tensor: both decoders built (the feeding one first,
    making the variables), their fed-back embeddings not trained, chosen by a ``cond``; the
    outputs and the state packed back as ``structure`` (or what it returns, if a function)."""
    if isinstance(feed_previous, bool):
        return decoder(feed_previous, True)
    nest = _nest()

    def branch(feed_previous_bool):
        with v1.variable_scope(v1.get_variable_scope(), reuse=None if feed_previous_bool else True):
            outputs, state = decoder(feed_previous_bool, False)
            return outputs + (nest.flatten(state) if nest.is_nested(state) else [state])

    outputs_and_state = v1.cond(feed_previous, lambda: branch(True), lambda: branch(False))
    state_list = outputs_and_state[n_outputs:]
    state = state_list[0]
    if callable(structure):  # made only now, after the decoders (their variables' op seeds)
        structure = structure()
    if nest.is_nested(structure):
        state = nest.pack_sequence_as(structure=structure, flat_sequence=state_list)
    return outputs_and_state[:n_outputs], state


def embedding_rnn_decoder(decoder_inputs, initial_state, cell, num_symbols, embedding_size, output_projection=None,
                          feed_previous=False, update_embedding_for_previous=True, scope=None):  # fmt: skip
    with v1.variable_scope(scope or "embedding_rnn_decoder") as vs:
        _check_projection(output_projection, num_symbols, vs.dtype)
        embedding = v1.get_variable("embedding", [num_symbols, embedding_size])
        loop_function = (
            _extract_argmax_and_embed(embedding, output_projection, update_embedding_for_previous)
            if feed_previous else None
        )  # fmt: skip
        # A generator: each lookup is made inside rnn_decoder, step by step, as TF1 made them.
        emb_inp = (v1.nn.embedding_lookup(embedding, i) for i in decoder_inputs)
        return rnn_decoder(emb_inp, initial_state, cell, loop_function=loop_function)


def embedding_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, num_encoder_symbols, num_decoder_symbols,
                          embedding_size, output_projection=None, feed_previous=False, dtype=None,
                          scope=None):  # fmt: skip
    """Embed and encode with a copy of ``cell``; decode with ``cell`` (projected to the output
    symbols unless ``output_projection``), from the decoder's own embedding."""
    from .rnn import EmbeddingWrapper, OutputProjectionWrapper

    with v1.variable_scope(scope or "embedding_rnn_seq2seq") as vs:
        if dtype is not None:
            vs.set_dtype(dtype)
        else:
            dtype = vs.dtype
        encoder_cell = EmbeddingWrapper(copy.deepcopy(cell), embedding_classes=num_encoder_symbols,
                                        embedding_size=embedding_size)  # fmt: skip
        _, encoder_state = v1.nn.static_rnn(encoder_cell, encoder_inputs, dtype=dtype)
        if output_projection is None:
            cell = OutputProjectionWrapper(cell, num_decoder_symbols)

        def decoder(feed_previous_bool, update):
            return embedding_rnn_decoder(
                decoder_inputs, encoder_state, cell, num_decoder_symbols, embedding_size,
                output_projection=output_projection, feed_previous=feed_previous_bool,
                update_embedding_for_previous=update,
            )  # fmt: skip

        return _decode(feed_previous, decoder, len(decoder_inputs), encoder_state)


def embedding_tied_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, num_symbols, embedding_size,
                               num_decoder_symbols=None, output_projection=None, feed_previous=False, dtype=None,
                               scope=None):  # fmt: skip
    """One embedding and one cell for both the encoder and the decoder."""
    from .rnn import OutputProjectionWrapper

    with v1.variable_scope(scope or "embedding_tied_rnn_seq2seq", dtype=dtype) as vs:
        dtype = vs.dtype
        _check_projection(output_projection, num_symbols, dtype)
        embedding = v1.get_variable("embedding", [num_symbols, embedding_size], dtype=dtype)
        emb_encoder_inputs = [v1.nn.embedding_lookup(embedding, x) for x in encoder_inputs]
        emb_decoder_inputs = [v1.nn.embedding_lookup(embedding, x) for x in decoder_inputs]
        if output_projection is None:
            cell = OutputProjectionWrapper(cell, num_decoder_symbols or num_symbols)

        def decoder(feed_previous_bool, update):
            loop_function = (
                _extract_argmax_and_embed(embedding, output_projection, update) if feed_previous_bool else None
            )
            return tied_rnn_seq2seq(emb_encoder_inputs, emb_decoder_inputs, cell, loop_function=loop_function,
                                    dtype=dtype)  # fmt: skip

        def zero_state():
            # TF 1.15 built a zero state here to learn the state's structure: its ops count for seeds.
            batch_size = encoder_inputs[0].get_shape()[0]
            for inp in encoder_inputs[1:]:
                batch_size = batch_size.merge_with(inp.get_shape()[0])
            batch_size = getattr(batch_size, "value", batch_size)
            batch_size = batch_size if batch_size is not None else v1.shape(encoder_inputs[0])[0]
            return cell.zero_state(batch_size, dtype)

        return _decode(feed_previous, decoder, len(decoder_inputs), zero_state)


def attention_decoder(decoder_inputs, initial_state, attention_states, cell, output_size=None, num_heads=1,
                      loop_function=None, dtype=None, scope=None, initial_state_attention=False):  # fmt: skip
    """An RNN decoder attending over ``attention_states`` ``[batch, length, size]`` (Bahdanau et
    al., 2015, as TF1's translation tutorial had it): at each step the input and the previous
    attention vectors are mapped to the input size, the cell runs, each of the ``num_heads``
    heads attends with the new state as query, and ``AttnOutputProjection`` maps the output and
    the attention vectors to ``output_size``."""
    nest = _nest()
    if not decoder_inputs:
        raise ValueError("Must provide at least 1 input to attention decoder.")
    if num_heads < 1:
        raise ValueError("With less than 1 heads, use a non-attention decoder.")
    if attention_states.get_shape()[2] is None:
        raise ValueError(f"Shape[2] of attention_states must be known: {attention_states.get_shape()}")
    if output_size is None:
        output_size = cell.output_size
    from .rnn import _linear

    with v1.variable_scope(scope or "attention_decoder", dtype=dtype) as vs:
        dtype = vs.dtype
        batch_size = v1.shape(decoder_inputs[0])[0]
        attn_length = attention_states.get_shape()[1]
        if attn_length is None:
            attn_length = v1.shape(attention_states)[1]
        attn_size = attention_states.get_shape()[2]
        # The attention states' features W1*h_i, one 1x1 convolution per head, made once.
        hidden = v1.reshape(attention_states, [-1, attn_length, 1, attn_size])
        hidden_features, v = [], []
        attention_vec_size = attn_size
        for a in range(num_heads):
            k = v1.get_variable(f"AttnW_{a}", [1, 1, attn_size, attention_vec_size], dtype=dtype)
            hidden_features.append(v1.nn.conv2d(hidden, k, [1, 1, 1, 1], "SAME"))
            v.append(v1.get_variable(f"AttnV_{a}", [attention_vec_size], dtype=dtype))

        def attention(query):
            if nest.is_nested(query):  # a cell state tuple: its parts, concatenated
                query_list = nest.flatten(query)
                for q in query_list:
                    ndims = q.get_shape().ndims
                    if ndims:
                        assert ndims == 2
                query = v1.concat(query_list, 1)
            ds = []
            for a in range(num_heads):
                with v1.variable_scope(f"Attention_{a}"):
                    y = v1.reshape(_linear(query, attention_vec_size), [-1, 1, 1, attention_vec_size])
                    s = v1.reduce_sum(v[a] * v1.tanh(hidden_features[a] + y), [2, 3])
                    weights = v1.nn.softmax(s)
                    d = v1.reduce_sum(v1.reshape(weights, [-1, attn_length, 1, 1]) * hidden, [1, 2])
                    ds.append(v1.reshape(d, [-1, attn_size]))
            return ds

        outputs, prev, state = [], None, initial_state
        batch_attn_size = v1.stack([batch_size, attn_size])
        attns = [v1.zeros(batch_attn_size, dtype=dtype) for _ in range(num_heads)]
        for a in attns:
            a.set_shape([None, attn_size])
        if initial_state_attention:
            attns = attention(initial_state)
        for i, inp in enumerate(decoder_inputs):
            if i > 0:
                v1.get_variable_scope().reuse_variables()
            if loop_function is not None and prev is not None:
                with v1.variable_scope("loop_function", reuse=True):
                    inp = loop_function(prev, i)
            input_size = inp.get_shape().with_rank(2)[1]
            if input_size is None:
                raise ValueError(f"Could not infer input size from input: {inp.name}")
            x = _linear([inp, *attns], input_size)
            cell_output, state = cell(x, state)
            if i == 0 and initial_state_attention:
                with v1.variable_scope(v1.get_variable_scope(), reuse=True):
                    attns = attention(state)
            else:
                attns = attention(state)
            with v1.variable_scope("AttnOutputProjection"):
                output = _linear([cell_output, *attns], output_size)
            if loop_function is not None:
                prev = output
            outputs.append(output)
    return outputs, state


def embedding_attention_decoder(decoder_inputs, initial_state, attention_states, cell, num_symbols, embedding_size,
                                num_heads=1, output_size=None, output_projection=None, feed_previous=False,
                                update_embedding_for_previous=True, dtype=None, scope=None,
                                initial_state_attention=False):  # fmt: skip
    if output_size is None:
        output_size = cell.output_size
    _check_projection(output_projection, num_symbols, dtype, weights_too=False)
    with v1.variable_scope(scope or "embedding_attention_decoder", dtype=dtype):
        embedding = v1.get_variable("embedding", [num_symbols, embedding_size])
        loop_function = (
            _extract_argmax_and_embed(embedding, output_projection, update_embedding_for_previous)
            if feed_previous else None
        )  # fmt: skip
        emb_inp = [v1.nn.embedding_lookup(embedding, i) for i in decoder_inputs]
        return attention_decoder(
            emb_inp, initial_state, attention_states, cell, output_size=output_size, num_heads=num_heads,
            loop_function=loop_function, initial_state_attention=initial_state_attention,
        )  # fmt: skip


def embedding_attention_seq2seq(encoder_inputs, decoder_inputs, cell, num_encoder_symbols, num_decoder_symbols,
                                embedding_size, num_heads=1, output_projection=None, feed_previous=False, dtype=None,
                                scope=None, initial_state_attention=False):  # fmt: skip
    """Embed and encode with a copy of ``cell``; decode with attention over the encoder's outputs
    (``embedding_attention_decoder``), its outputs projected to the symbols unless
    ``output_projection`` is given (then they have the cell's size, for a sampled softmax)."""
    from .rnn import EmbeddingWrapper, OutputProjectionWrapper

    with v1.variable_scope(scope or "embedding_attention_seq2seq", dtype=dtype) as vs:
        dtype = vs.dtype
        encoder_cell = EmbeddingWrapper(copy.deepcopy(cell), embedding_classes=num_encoder_symbols,
                                        embedding_size=embedding_size)  # fmt: skip
        encoder_outputs, encoder_state = v1.nn.static_rnn(encoder_cell, encoder_inputs, dtype=dtype)
        top_states = [v1.reshape(e, [-1, 1, cell.output_size]) for e in encoder_outputs]
        attention_states = v1.concat(top_states, 1)
        output_size = None
        if output_projection is None:
            cell = OutputProjectionWrapper(cell, num_decoder_symbols)
            output_size = num_decoder_symbols

        def decoder(feed_previous_bool, update):
            return embedding_attention_decoder(
                decoder_inputs, encoder_state, attention_states, cell, num_decoder_symbols, embedding_size,
                num_heads=num_heads, output_size=output_size, output_projection=output_projection,
                feed_previous=feed_previous_bool, update_embedding_for_previous=update,
                initial_state_attention=initial_state_attention,
            )  # fmt: skip

        return _decode(feed_previous, decoder, len(decoder_inputs), encoder_state)


def model_with_buckets(encoder_inputs, decoder_inputs, targets, weights, buckets, seq2seq,
                       softmax_loss_function=None, per_example_loss=False, name=None):  # fmt: skip
    """One model per bucket ``(encoder length, decoder length)``, the variables shared (the first
    bucket makes them), each with its loss over its own length: TF1's translation tutorial."""
    if len(encoder_inputs) < buckets[-1][0]:
        raise ValueError(f"Length of the encoder inputs ({len(encoder_inputs)}) must be at least that of last "
                         f"bucket ({buckets[-1][0]}).")  # fmt: skip
    if len(targets) < buckets[-1][1]:
        raise ValueError(f"Length of targets ({len(targets)}) must be at least that of last bucket "
                         f"({buckets[-1][1]}).")  # fmt: skip
    if len(weights) < buckets[-1][1]:
        raise ValueError(f"Length of weights ({len(weights)}) must be at least that of last bucket "
                         f"({buckets[-1][1]}).")  # fmt: skip
    all_inputs = encoder_inputs + decoder_inputs + targets + weights
    losses, outputs = [], []
    with v1.name_scope(name, "model_with_buckets", all_inputs):
        for j, bucket in enumerate(buckets):
            with v1.variable_scope(v1.get_variable_scope(), reuse=True if j > 0 else None):
                bucket_outputs, _ = seq2seq(encoder_inputs[: bucket[0]], decoder_inputs[: bucket[1]])
                outputs.append(bucket_outputs)
                loss = sequence_loss_by_example if per_example_loss else sequence_loss
                losses.append(
                    loss(outputs[-1], targets[: bucket[1]], weights[: bucket[1]],
                         softmax_loss_function=softmax_loss_function)
                )  # fmt: skip
    return outputs, losses

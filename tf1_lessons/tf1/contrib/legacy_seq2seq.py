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

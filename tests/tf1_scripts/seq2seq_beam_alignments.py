# Beam search over an attention decoder that keeps its alignment history. TF 1.15 re-ordered the
# history along each final hypothesis (a tensor [time, batch * beam, memory]) only where the
# batch size was not known when the graph was built; with a static batch size its shape check
# refused (a warning) and the history stayed a TensorArray in step order, as it does with
# reorder_tensor_arrays=False.
import numpy as np
import tensorflow as tf

tf.set_random_seed(13)
rng = np.random.RandomState(2)
B, T, H, V, BEAM = 2, 5, 6, 7, 3
memory = tf.constant(rng.randn(B, T, H).astype(np.float32))
memory_len = tf.constant([5, 3])
embedding = tf.get_variable("embedding", [V, H])
tiled = tf.contrib.seq2seq.tile_batch(memory, BEAM)
tiled_len = tf.contrib.seq2seq.tile_batch(memory_len, BEAM)
mech = tf.contrib.seq2seq.LuongAttention(H, tiled, memory_sequence_length=tiled_len)
cell = tf.contrib.seq2seq.AttentionWrapper(tf.nn.rnn_cell.GRUCell(H), mech, attention_layer_size=H,
                                           alignment_history=True)
projection = tf.layers.Dense(V, name="projection")
dynamic_starts = tf.placeholder_with_default(tf.fill([B], 1), [None])
results = {}
for case, starts, reorder in [("dynamic", dynamic_starts, True), ("static", tf.fill([B], 1), True),
                              ("no-reorder", dynamic_starts, False)]:
    with tf.variable_scope("decode", reuse=tf.AUTO_REUSE):
        decoder = tf.contrib.seq2seq.BeamSearchDecoder(
            cell, embedding, starts, 2, cell.zero_state(B * BEAM, tf.float32), BEAM,
            output_layer=projection, length_penalty_weight=0.5, reorder_tensor_arrays=reorder)
        out, state, lengths = tf.contrib.seq2seq.dynamic_decode(decoder, maximum_iterations=6)
    history = state.cell_state.alignment_history
    print(case, "TensorArray" if isinstance(history, tf.TensorArray) else "Tensor")
    if isinstance(history, tf.TensorArray):
        history = history.stack()
    results[case] = (out.predicted_ids, out.beam_search_decoder_output.parent_ids, history, lengths)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for case in results:
        ids, parents, history, lengths = sess.run(results[case])
        print(case, "ids", ids[0].T.tolist(), "parents", parents[0].T.tolist(), "lengths", lengths.tolist())
        print(case, "history", history.shape, np.argmax(history, -1)[:, :BEAM].T.tolist())
        print(case, "weights", np.round(history[:, BEAM + 1], 4).tolist())

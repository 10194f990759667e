# Neural machine translation as the TF 1.x NMT tutorial built it, on a toy task (reverse a
# sequence of digits): an LSTM encoder, an AttentionWrapper (normalized Bahdanau attention, an
# attention layer) around the decoder's LSTM, TrainingHelper + BasicDecoder + dynamic_decode for
# training with sequence_loss, then the same variables decoding greedily (GreedyEmbeddingHelper)
# and with BeamSearchDecoder (tile_batch, a length penalty). Also Luong attention's variables,
# gather_tree and hardmax on fixed inputs. Seeded; a few training steps.
import numpy as np
import tensorflow as tf
from tensorflow.contrib import seq2seq

GO, EOS, VOCAB, UNITS, EMB, BATCH, BEAM = 1, 2, 12, 24, 8, 8, 3
rng = np.random.RandomState(0)


def batch(n):
    lengths = rng.randint(3, 7, size=n)
    src = np.full((n, 6), 0, np.int32)
    tgt_in = np.full((n, 7), 0, np.int32)
    tgt_out = np.full((n, 7), 0, np.int32)
    for i, length in enumerate(lengths):
        seq = rng.randint(3, VOCAB, size=length)
        src[i, :length] = seq
        tgt_in[i, :length + 1] = [GO] + list(seq[::-1])
        tgt_out[i, :length + 1] = list(seq[::-1]) + [EOS]
    return src, lengths.astype(np.int32), tgt_in, tgt_out, (lengths + 1).astype(np.int32)


tf.set_random_seed(42)
src = tf.placeholder(tf.int32, [None, None])
src_len = tf.placeholder(tf.int32, [None])
tgt_in = tf.placeholder(tf.int32, [None, None])
tgt_out = tf.placeholder(tf.int32, [None, None])
tgt_len = tf.placeholder(tf.int32, [None])
batch_size = tf.shape(src)[0]

embedding = tf.get_variable("embedding", [VOCAB, EMB])
with tf.variable_scope("encoder"):
    enc_out, enc_state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(UNITS), tf.nn.embedding_lookup(embedding, src),
                                           sequence_length=src_len, dtype=tf.float32)
projection = tf.layers.Dense(VOCAB, use_bias=False, name="output_projection")

with tf.variable_scope("luong"):
    luong = seq2seq.LuongAttention(UNITS, enc_out, src_len, scale=True)
    lcell = seq2seq.AttentionWrapper(tf.nn.rnn_cell.GRUCell(UNITS), luong, output_attention=False,
                                     alignment_history=True)
    lout, lstate = tf.nn.dynamic_rnn(lcell, tf.nn.embedding_lookup(embedding, tgt_in), dtype=tf.float32)



def decoder_cell(memory, memory_len, state, n):
    mechanism = seq2seq.BahdanauAttention(UNITS, memory, memory_sequence_length=memory_len, normalize=True)
    cell = seq2seq.AttentionWrapper(tf.nn.rnn_cell.LSTMCell(UNITS), mechanism, attention_layer_size=UNITS,
                                    name="attention")
    return cell, cell.zero_state(n, tf.float32).clone(cell_state=state)


with tf.variable_scope("decoder") as scope:
    cell, init = decoder_cell(enc_out, src_len, enc_state, batch_size)
    helper = seq2seq.TrainingHelper(tf.nn.embedding_lookup(embedding, tgt_in), tgt_len)
    outputs, _, lengths = seq2seq.dynamic_decode(seq2seq.BasicDecoder(cell, helper, init, output_layer=projection),
                                                 scope=scope)
    weights = tf.sequence_mask(tgt_len, tf.shape(outputs.rnn_output)[1], dtype=tf.float32)
    loss = seq2seq.sequence_loss(outputs.rnn_output, tgt_out[:, :tf.shape(outputs.rnn_output)[1]], weights)
    train = tf.train.AdamOptimizer(0.02).minimize(loss)

with tf.variable_scope("decoder", reuse=True) as scope:
    cell, init = decoder_cell(enc_out, src_len, enc_state, batch_size)
    greedy = seq2seq.GreedyEmbeddingHelper(embedding, tf.fill([batch_size], GO), EOS)
    greedy_out, _, greedy_len = seq2seq.dynamic_decode(
        seq2seq.BasicDecoder(cell, greedy, init, output_layer=projection), maximum_iterations=10, scope=scope)

with tf.variable_scope("decoder", reuse=True) as scope:
    tiled = seq2seq.tile_batch((enc_out, src_len, enc_state), BEAM)
    cell, init = decoder_cell(tiled[0], tiled[1], tiled[2], batch_size * BEAM)
    beam = seq2seq.BeamSearchDecoder(cell, embedding, tf.fill([batch_size], GO), EOS, init, BEAM,
                                     output_layer=projection, length_penalty_weight=0.5)
    beam_out, beam_state, beam_len = seq2seq.dynamic_decode(beam, maximum_iterations=10, scope=scope)

print("variables", [(v.op.name, v.shape.as_list()) for v in tf.global_variables() if "Adam" not in v.op.name])
step_ids = tf.constant([[[2, 2, 2], [5, 6, 7]], [[3, 4, 5], [1, 2, 3]], [[6, 7, 8], [4, 2, 5]]])
parent_ids = tf.constant([[[0, 0, 0], [0, 0, 0]], [[2, 1, 0], [1, 2, 0]], [[0, 2, 1], [2, 0, 1]]])
tree = seq2seq.gather_tree(step_ids, parent_ids, tf.constant([3, 2]), 2)
hard = seq2seq.hardmax(tf.constant([[0.1, 0.7, 0.2], [0.5, 0.4, 0.1]]))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print("gather_tree", sess.run(tree).tolist(), "hardmax", sess.run(hard).tolist())
    for step in range(60):
        s, sl, ti, to, tl = batch(BATCH)
        feed = {src: s, src_len: sl, tgt_in: ti, tgt_out: to, tgt_len: tl}
        value, _ = sess.run([loss, train], feed)
        if step % 15 == 0:
            print("step %d loss %.6f" % (step, value))
    s, sl, ti, to, tl = batch(4)
    feed = {src: s, src_len: sl, tgt_in: ti, tgt_out: to, tgt_len: tl}
    print("source", s.tolist())
    g, gl = sess.run([greedy_out.sample_id, greedy_len], feed)
    print("greedy", g.tolist(), gl.tolist())
    ids, scores, bl = sess.run([beam_out.predicted_ids, beam_out.beam_search_decoder_output.scores, beam_len], feed)
    print("beam", ids[:, :, 0].tolist(), bl.tolist())
    print("beam scores", np.round(scores[:, -1], 4).tolist())
    lo, hist = sess.run([lout, lstate.alignment_history.stack()], feed)
    print("luong", np.round(lo[0, :2, :3], 5).tolist(), hist.shape)

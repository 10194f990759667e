# An attention seq2seq model (tf.contrib.seq2seq: LSTM encoder, normalized Bahdanau attention,
# attention layer, output projection, Adam) for checkpoints both ways. `save DIR` trains 20 steps
# and saves with tf.train.Saver; `restore DIR` builds the same graph, restores the newest
# checkpoint in DIR, prints every variable's shape and sum, then greedy and beam-search decodes.
import sys

import numpy as np
import tensorflow as tf
from tensorflow.contrib import seq2seq

mode, folder = sys.argv[1], sys.argv[2]
GO, EOS, VOCAB, UNITS, BEAM = 1, 2, 10, 16, 3
tf.set_random_seed(3)
rng = np.random.RandomState(1)
src_np = rng.randint(3, VOCAB, size=(4, 5)).astype(np.int32)
src = tf.constant(src_np)
src_len = tf.constant([5, 4, 3, 5])
tgt_in = tf.constant(np.concatenate([np.full((4, 1), GO), src_np[:, ::-1]], 1).astype(np.int32))
tgt_out = tf.constant(np.concatenate([src_np[:, ::-1], np.full((4, 1), EOS)], 1).astype(np.int32))
embedding = tf.get_variable("embedding", [VOCAB, 8])
with tf.variable_scope("encoder"):
    enc_out, enc_state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(UNITS), tf.nn.embedding_lookup(embedding, src),
                                           sequence_length=src_len, dtype=tf.float32)
projection = tf.layers.Dense(VOCAB, use_bias=False, name="projection")


def cell_for(memory, lengths, state, n):
    mechanism = seq2seq.BahdanauAttention(UNITS, memory, memory_sequence_length=lengths, normalize=True)
    cell = seq2seq.AttentionWrapper(tf.nn.rnn_cell.LSTMCell(UNITS), mechanism, attention_layer_size=UNITS)
    return cell, cell.zero_state(n, tf.float32).clone(cell_state=state)


with tf.variable_scope("decoder") as scope:
    cell, init = cell_for(enc_out, src_len, enc_state, 4)
    helper = seq2seq.TrainingHelper(tf.nn.embedding_lookup(embedding, tgt_in), tf.fill([4], 6))
    out, _, _ = seq2seq.dynamic_decode(seq2seq.BasicDecoder(cell, helper, init, output_layer=projection), scope=scope)
    loss = seq2seq.sequence_loss(out.rnn_output, tgt_out, tf.ones([4, 6]))
    global_step = tf.train.get_or_create_global_step()
    train = tf.train.AdamOptimizer(0.05).minimize(loss, global_step=global_step)
with tf.variable_scope("decoder", reuse=True) as scope:
    cell, init = cell_for(enc_out, src_len, enc_state, 4)
    greedy = seq2seq.GreedyEmbeddingHelper(embedding, tf.fill([4], GO), EOS)
    greedy_ids = seq2seq.dynamic_decode(seq2seq.BasicDecoder(cell, greedy, init, output_layer=projection),
                                        maximum_iterations=8, scope=scope)[0].sample_id
with tf.variable_scope("decoder", reuse=True) as scope:
    tiled = seq2seq.tile_batch((enc_out, src_len, enc_state), BEAM)
    cell, init = cell_for(tiled[0], tiled[1], tiled[2], 4 * BEAM)
    beam = seq2seq.BeamSearchDecoder(cell, embedding, tf.fill([4], GO), EOS, init, BEAM, output_layer=projection)
    beam_ids = seq2seq.dynamic_decode(beam, maximum_iterations=8, scope=scope)[0].predicted_ids[:, :, 0]
saver = tf.train.Saver()
with tf.Session() as sess:
    if mode == "save":
        sess.run(tf.global_variables_initializer())
        for _ in range(20):
            value, _ = sess.run([loss, train])
        print("saved", saver.save(sess, folder + "/model.ckpt", global_step=global_step).split("/")[-1],
              "loss %.6f" % value)
    else:
        saver.restore(sess, tf.train.latest_checkpoint(folder))
        for v in sorted(tf.global_variables(), key=lambda v: v.op.name):
            print(v.op.name, v.shape.as_list(), "%.5f" % np.sum(sess.run(v)))
        print("loss %.6f" % sess.run(loss))
        print("greedy", sess.run(greedy_ids).tolist())
        print("beam", sess.run(beam_ids).tolist())

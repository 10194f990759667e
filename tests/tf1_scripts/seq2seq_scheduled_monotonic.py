# contrib.seq2seq's scheduled sampling and monotonic attention: a decoder trained with
# ScheduledEmbeddingTrainingHelper over BahdanauMonotonicAttention (parallel mode, pre-sigmoid
# noise); ScheduledOutputTrainingHelper with next_inputs_fn and auxiliary inputs over
# LuongMonotonicAttention; the recursive and hard modes of monotonic_attention. Seeded. The
# decoders run one iteration at a time (parallel_iterations=1): their draws (the sampling coin,
# the attention noise) have no input from the previous step, so with parallel iterations TF 1.15
# itself drew them in a varying order (three runs printed three results).
import numpy as np
import tensorflow as tf

tf.set_random_seed(21)
rng = np.random.RandomState(3)
B, T_IN, T_OUT, V, H = 4, 6, 5, 9, 8
src = tf.constant(rng.randn(B, T_IN, H).astype(np.float32))
src_len = tf.constant([6, 4, 5, 3])
tgt_ids = tf.constant(rng.randint(1, V, (B, T_OUT)).astype(np.int32))
tgt_len = tf.constant([5, 5, 3, 4])
embedding = tf.get_variable("embedding", [V, H])

with tf.variable_scope("embedding_decoder"):
    mech = tf.contrib.seq2seq.BahdanauMonotonicAttention(
        H, src, memory_sequence_length=src_len, normalize=True, sigmoid_noise=1.0, sigmoid_noise_seed=5,
        score_bias_init=-1.0, mode="parallel")
    cell = tf.contrib.seq2seq.AttentionWrapper(tf.nn.rnn_cell.GRUCell(H), mech, attention_layer_size=H,
                                               alignment_history=True)
    helper = tf.contrib.seq2seq.ScheduledEmbeddingTrainingHelper(
        tf.nn.embedding_lookup(embedding, tgt_ids), tgt_len, embedding, sampling_probability=0.5, seed=7,
        scheduling_seed=8)
    decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32),
                                              output_layer=tf.layers.Dense(V))
    out, state, lengths = tf.contrib.seq2seq.dynamic_decode(decoder, parallel_iterations=1)
    weights = tf.sequence_mask(tgt_len, T_OUT, dtype=tf.float32)
    loss1 = tf.contrib.seq2seq.sequence_loss(out.rnn_output, tgt_ids, weights)
    alignments = state.alignment_history.stack()

with tf.variable_scope("output_decoder"):
    values = tf.constant(rng.randn(B, T_OUT, 3).astype(np.float32))
    aux = tf.constant(rng.randn(B, T_OUT, 2).astype(np.float32))
    mech2 = tf.contrib.seq2seq.LuongMonotonicAttention(H, src, memory_sequence_length=src_len, scale=True,
                                                       mode="recursive")
    cell2 = tf.contrib.seq2seq.AttentionWrapper(tf.nn.rnn_cell.LSTMCell(H), mech2, output_attention=False)
    helper2 = tf.contrib.seq2seq.ScheduledOutputTrainingHelper(
        values, tf.constant([5, 3, 4, 5]), sampling_probability=0.7, seed=9,
        next_inputs_fn=lambda o: tf.layers.dense(o, 3, name="back"), auxiliary_inputs=aux)
    decoder2 = tf.contrib.seq2seq.BasicDecoder(cell2, helper2, cell2.zero_state(B, tf.float32))
    out2, _, _ = tf.contrib.seq2seq.dynamic_decode(decoder2, parallel_iterations=1)
    pred = tf.layers.dense(out2.rnn_output, 3, name="head")
    loss2 = tf.reduce_mean(tf.square(pred - values[:, : tf.shape(pred)[1]]))

p = tf.constant([[0.1, 0.9, 0.2, 0.6], [1.0, 0.0, 1.0, 0.0]])
prev = tf.constant([[0.5, 0.5, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]])
modes = {m: tf.contrib.seq2seq.monotonic_attention(p if m != "hard" else tf.round(p), prev, m)
         for m in ("recursive", "parallel", "hard")}
cumprod = tf.contrib.seq2seq.safe_cumprod(p, axis=1, exclusive=True)

loss = loss1 + loss2
train = tf.train.AdamOptimizer(0.02).minimize(loss)
print(sorted(v.op.name for v in tf.trainable_variables() if "monotonic" in v.op.name))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for m, a in sorted(sess.run(modes).items()):
        print(m, np.round(a, 5).tolist())
    print("cumprod", np.round(sess.run(cumprod), 5).tolist())
    ids, al = sess.run([out.sample_id, alignments])
    print("sample ids", ids.tolist())
    print("alignments", np.round(al[1, 0], 4).tolist())
    print("fed back", sess.run(out2.sample_id).tolist())
    for step in range(21):
        l1, l2, _ = sess.run([loss1, loss2, train])
        if step % 10 == 0:
            print("step %d %.5f %.5f" % (step, l1, l2))

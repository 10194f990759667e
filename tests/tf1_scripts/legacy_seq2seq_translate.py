# The TF 1.0 translation tutorial's model (seq2seq_model.py) in miniature: buckets,
# embedding_attention_seq2seq over a 2-layer GRU with an output projection and a sampled softmax,
# gradients clipped per bucket, then greedy decoding with feed_previous=True in the same
# variables. A seeded toy task (reverse the source); and embedding_rnn_seq2seq and
# embedding_tied_rnn_seq2seq with feed_previous as a tensor.
import numpy as np
import tensorflow as tf

SRC, TGT, SIZE, BATCH = 12, 12, 16, 8
GO, EOS, PAD = 1, 2, 0
buckets = [(3, 5), (5, 7)]
tf.set_random_seed(11)

encoder_inputs = [tf.placeholder(tf.int32, [None], name="encoder%d" % i) for i in range(buckets[-1][0])]
decoder_inputs = [tf.placeholder(tf.int32, [None], name="decoder%d" % i) for i in range(buckets[-1][1] + 1)]
target_weights = [tf.placeholder(tf.float32, [None], name="weight%d" % i) for i in range(buckets[-1][1] + 1)]
targets = [decoder_inputs[i + 1] for i in range(len(decoder_inputs) - 1)]

w_t = tf.get_variable("proj_w", [TGT, SIZE])
b = tf.get_variable("proj_b", [TGT])
output_projection = (tf.transpose(w_t), b)


def sampled_loss(labels, logits):
    labels = tf.reshape(labels, [-1, 1])
    return tf.nn.sampled_softmax_loss(weights=w_t, biases=b, labels=labels, inputs=logits, num_sampled=6,
                                      num_classes=TGT)


def seq2seq_f(enc, dec, do_decode):
    # A new cell for each bucket: the model deep-copies its cell for the encoder, and a cell
    # that has built its variables cannot be copied (TF 1.15 fails too: "can't pickle _thread.RLock").
    cell = tf.contrib.rnn.MultiRNNCell([tf.contrib.rnn.GRUCell(SIZE) for _ in range(2)])
    return tf.contrib.legacy_seq2seq.embedding_attention_seq2seq(
        enc, dec, cell, num_encoder_symbols=SRC, num_decoder_symbols=TGT, embedding_size=SIZE,
        output_projection=output_projection, feed_previous=do_decode)


with tf.variable_scope("model"):
    outputs, losses = tf.contrib.legacy_seq2seq.model_with_buckets(
        encoder_inputs, decoder_inputs, targets, target_weights, buckets,
        lambda x, y: seq2seq_f(x, y, False), softmax_loss_function=sampled_loss)
with tf.variable_scope("model", reuse=True):
    dec_outputs, _ = tf.contrib.legacy_seq2seq.model_with_buckets(
        encoder_inputs, decoder_inputs, targets, target_weights, buckets,
        lambda x, y: seq2seq_f(x, y, True), softmax_loss_function=sampled_loss)
    dec_outputs = [[tf.matmul(o, output_projection[0]) + output_projection[1] for o in bo] for bo in dec_outputs]

params = tf.trainable_variables()
opt = tf.train.GradientDescentOptimizer(0.5)
updates, norms = [], []
for bucket_loss in losses:
    gradients = tf.gradients(bucket_loss, params)
    clipped, norm = tf.clip_by_global_norm(gradients, 5.0)
    norms.append(norm)
    updates.append(opt.apply_gradients(zip(clipped, params)))
print(len(params), [(v.op.name, v.shape.as_list()) for v in params])  # a checkpoint's names and shapes

rng = np.random.RandomState(5)


def batch(bucket_id):
    enc_len, dec_len = buckets[bucket_id]
    feed = {}
    src = rng.randint(3, SRC, (BATCH, enc_len - 1))
    for i in range(enc_len):  # source padded and reversed, as the tutorial fed it
        col = np.full(BATCH, PAD) if i == 0 else src[:, enc_len - 1 - i]
        feed[encoder_inputs[i]] = col
    tgt = np.concatenate([np.full((BATCH, 1), GO), src[:, ::-1], np.full((BATCH, 1), EOS)], 1)
    tgt = np.concatenate([tgt, np.full((BATCH, dec_len + 1 - tgt.shape[1]), PAD)], 1)
    for i in range(dec_len):
        feed[decoder_inputs[i]] = tgt[:, i]
        feed[target_weights[i]] = (tgt[:, i + 1] != PAD).astype(np.float32)
    feed[decoder_inputs[dec_len]] = np.zeros(BATCH, np.int32)
    return feed


with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(40):
        bucket_id = step % 2
        loss, norm, _ = sess.run([losses[bucket_id], norms[bucket_id], updates[bucket_id]], batch(bucket_id))
        if step % 10 == 0:
            print("step %d bucket %d loss %.5f norm %.4f" % (step, bucket_id, loss, norm))
    feed = batch(1)
    logits = sess.run(dec_outputs[1], feed)
    print("decoded", np.array([np.argmax(l, 1) for l in logits]).T[:3].tolist())
    print("target ", np.array([feed[decoder_inputs[i + 1]] for i in range(6)]).T[:3].tolist())

# feed_previous as a tensor: one graph, both decoders, chosen when run.
g = tf.Graph()
with g.as_default():
    tf.set_random_seed(2)
    enc = [tf.placeholder(tf.int32, [None]) for _ in range(3)]
    dec = [tf.placeholder(tf.int32, [None]) for _ in range(3)]
    feed_previous = tf.placeholder(tf.bool, [])
    outs, state = tf.contrib.legacy_seq2seq.embedding_rnn_seq2seq(
        enc, dec, tf.contrib.rnn.BasicLSTMCell(6), 7, 7, 4, feed_previous=feed_previous)
    tied, tied_state = tf.contrib.legacy_seq2seq.embedding_tied_rnn_seq2seq(
        enc, dec, tf.contrib.rnn.BasicLSTMCell(5), 7, 4, feed_previous=feed_previous)
    after = tf.random_uniform([2], 0.0, 1.0)  # its seed counts every op made before it
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        f = {p: np.arange(2) + k for k, p in enumerate(enc + dec)}
        for fp in (False, True):
            f[feed_previous] = fp
            print("feed_previous", fp, np.round(sess.run(outs[-1], f)[0], 4).tolist(),
                  np.round(sess.run(state.h, f)[0], 4).tolist())
            print("tied", fp, np.round(sess.run(tied[-1], f)[0], 4).tolist(),
                  np.round(sess.run(tied_state.c, f)[0], 4).tolist())
        print("drawn after", np.round(sess.run(after), 6).tolist())

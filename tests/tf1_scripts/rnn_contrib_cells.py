# tf.contrib.rnn's other cells, each trained a few Adam steps on one seeded batch: the block
# kernels (LSTMBlockCell with peepholes and clipping, GRUBlockCell, LSTMBlockFusedCell with
# sequence lengths), NASCell with a projection, AttentionCellWrapper, HighwayWrapper, SRU,
# IndRNN, IndyGRU/IndyLSTM, UGRNN, IntersectionRNN and a convolutional LSTM. Variable names,
# each cell's last output at the start, and its loss after training.
import numpy as np
import tensorflow as tf

tf.set_random_seed(7)
rng = np.random.RandomState(1)
x_np = rng.randn(4, 6, 3).astype(np.float32)
y_np = rng.randn(4, 2).astype(np.float32)
lengths_np = np.array([6, 4, 5, 2], np.int32)
x = tf.placeholder(tf.float32, [None, 6, 3])
y = tf.placeholder(tf.float32, [None, 2])
lengths = tf.placeholder(tf.int32, [None])

cells = [
    ("lstm_block", tf.contrib.rnn.LSTMBlockCell(8, use_peephole=True, cell_clip=2.0)),
    ("gru_block", tf.contrib.rnn.GRUBlockCell(8)),
    ("nas", tf.contrib.rnn.NASCell(8, num_proj=5, use_bias=True)),
    ("attention", tf.contrib.rnn.AttentionCellWrapper(tf.contrib.rnn.LSTMCell(8), attn_length=3)),
    ("highway", tf.contrib.rnn.HighwayWrapper(tf.contrib.rnn.GRUCell(3), couple_carry_transform_gates=False)),
    ("sru", tf.contrib.rnn.SRUCell(8)),
    ("indrnn", tf.contrib.rnn.IndRNNCell(8)),
    ("indy_gru", tf.contrib.rnn.IndyGRUCell(8)),
    ("indy_lstm", tf.contrib.rnn.IndyLSTMCell(8)),
    ("ugrnn", tf.contrib.rnn.UGRNNCell(8)),
    ("intersection", tf.contrib.rnn.IntersectionRNNCell(8, num_in_proj=8)),
]
losses, lasts = {}, {}
for name, cell in cells:
    with tf.variable_scope(name):
        out, _ = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32)
        last = tf.gather_nd(out, tf.stack([tf.range(tf.shape(x)[0]), lengths - 1], 1))  # last valid step
        pred = tf.layers.dense(last, 2)
        losses[name], lasts[name] = tf.reduce_mean(tf.square(pred - y)), last
with tf.variable_scope("fused"):
    fused = tf.contrib.rnn.LSTMBlockFusedCell(8)
    out, state = fused(tf.transpose(x, [1, 0, 2]), dtype=tf.float32, sequence_length=lengths)
    pred = tf.layers.dense(state.h, 2)
    losses["fused"], lasts["fused"] = tf.reduce_mean(tf.square(pred - y)), state.h
with tf.variable_scope("conv"):
    frames = tf.reshape(x, [-1, 6, 3, 1, 1]) * tf.ones([1, 1, 1, 4, 1])  # a 3x4 "image" per step
    conv_out, _ = tf.nn.dynamic_rnn(
        tf.contrib.rnn.Conv2DLSTMCell(input_shape=[3, 4, 1], output_channels=2, kernel_shape=[2, 2]), frames,
        dtype=tf.float32)
    pred = tf.layers.dense(tf.reshape(conv_out[:, -1], [-1, 24]), 2)
    losses["conv"], lasts["conv"] = tf.reduce_mean(tf.square(pred - y)), tf.reshape(conv_out[:, -1], [-1, 24])[:, :8]
total = tf.add_n(list(losses.values()))
train = tf.train.AdamOptimizer(0.01).minimize(total)
print([v.op.name for v in tf.trainable_variables()])

feed = {x: x_np, y: y_np, lengths: lengths_np}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for name in sorted(lasts):
        print(name, np.round(sess.run(lasts[name], feed)[3], 5).tolist())
    for step in range(31):
        loss, _ = sess.run([total, train], feed)
        if step % 10 == 0:
            print("step", step, "loss %.6f" % loss)
    print({k: round(float(v), 5) for k, v in sess.run(losses, feed).items()})

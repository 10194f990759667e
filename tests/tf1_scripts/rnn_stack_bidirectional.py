# tf.contrib.rnn's stacked bidirectional RNNs (dynamic and static), ResidualWrapper and
# DeviceWrapper as sequence taggers of 2017-2019 used them: variable names, output shapes and
# values from a seeded start. Nothing is trained.
import numpy as np
import tensorflow as tf
from tensorflow.contrib import rnn

tf.set_random_seed(5)
x = tf.constant(np.random.RandomState(0).randn(2, 5, 3).astype(np.float32))
lengths = tf.constant([5, 3])
fw = [rnn.LSTMCell(4), rnn.GRUCell(4)]
bw = [rnn.LSTMCell(4), rnn.GRUCell(4)]
out, states_fw, states_bw = rnn.stack_bidirectional_dynamic_rnn(fw, bw, x, sequence_length=lengths, dtype=tf.float32)
steps = tf.unstack(x, axis=1)
sfw = [rnn.BasicRNNCell(3)]
sbw = [rnn.ResidualWrapper(rnn.BasicRNNCell(3))]
sout, _, _ = rnn.stack_bidirectional_rnn(sfw, sbw, steps, dtype=tf.float32, scope="static")
dev = rnn.DeviceWrapper(rnn.GRUCell(2), "/cpu:0")
dout, _ = tf.nn.dynamic_rnn(dev, x, dtype=tf.float32, scope="device")
print("variables", [v.op.name for v in tf.global_variables()])
print("shapes", out.shape.as_list(), len(states_fw), len(sout), sout[0].shape.as_list(), dout.shape.as_list())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    o, s, d, h = sess.run([out, sout, dout, states_bw[1]])
    print("dynamic", np.round(o[0, :2], 5).tolist(), np.round(o[1, 3:], 5).tolist())
    print("static", np.round(s[-1], 5).tolist())
    print("device", np.round(d[:, -1], 5).tolist(), "bw state", np.round(h, 5).tolist())

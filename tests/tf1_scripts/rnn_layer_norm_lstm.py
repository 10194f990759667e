# tf.contrib.rnn.LayerNormBasicLSTMCell (layer norm of each gate and of the cell state) and its
# layer_norm=False form in dynamic_rnn: variable names and outputs from a seeded start.
import numpy as np
import tensorflow as tf
tf.set_random_seed(4)
x = tf.constant(np.random.RandomState(0).randn(2, 5, 3).astype(np.float32))
cell = tf.contrib.rnn.LayerNormBasicLSTMCell(6, dropout_keep_prob=1.0)
out, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
cell2 = tf.contrib.rnn.LayerNormBasicLSTMCell(4, layer_norm=False)
out2, _ = tf.nn.dynamic_rnn(cell2, x, dtype=tf.float32, scope="plain")
print([v.op.name for v in tf.global_variables()])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    a, b = s.run([out, out2])
    print(np.round(a[:, -1], 5).tolist(), np.round(b[:, -1], 5).tolist())

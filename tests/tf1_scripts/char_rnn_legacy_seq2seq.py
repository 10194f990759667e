# A character RNN as the 2016-2017 char-rnn-tensorflow tutorials wrote it: a MultiRNNCell of LSTMs,
# inputs embedded and split into a list of time steps, tf.contrib.legacy_seq2seq.rnn_decoder
# (with a loop_function when sampling), sequence_loss_by_example, gradient clipping, and a greedy
# sample fed back one character at a time. Trained a few steps on a short text; seeded.
import numpy as np
import tensorflow as tf
from tensorflow.contrib import legacy_seq2seq, rnn

text = "hello world. hello tensorflow. the quick brown fox jumps over the lazy dog. " * 4
chars = sorted(set(text))
vocab = {c: i for i, c in enumerate(chars)}
data = np.array([vocab[c] for c in text], np.int32)
batch_size, seq_length, rnn_size, num_layers = 4, 12, 32, 2


class Model(object):
    def __init__(self, training):
        bs, sl = (batch_size, seq_length) if training else (1, 1)
        cells = [rnn.BasicLSTMCell(rnn_size) for _ in range(num_layers)]
        self.cell = cell = rnn.MultiRNNCell(cells, state_is_tuple=True)
        self.input_data = tf.placeholder(tf.int32, [bs, sl])
        self.targets = tf.placeholder(tf.int32, [bs, sl])
        self.initial_state = cell.zero_state(bs, tf.float32)
        with tf.variable_scope("rnnlm"):
            softmax_w = tf.get_variable("softmax_w", [rnn_size, len(chars)])
            softmax_b = tf.get_variable("softmax_b", [len(chars)])
        embedding = tf.get_variable("embedding", [len(chars), rnn_size])
        inputs = tf.split(tf.nn.embedding_lookup(embedding, self.input_data), sl, 1)
        inputs = [tf.squeeze(input_, [1]) for input_ in inputs]

        def loop(prev, _):
            prev = tf.matmul(prev, softmax_w) + softmax_b
            return tf.nn.embedding_lookup(embedding, tf.stop_gradient(tf.argmax(prev, 1)))

        outputs, last_state = legacy_seq2seq.rnn_decoder(
            inputs, self.initial_state, cell, loop_function=None if training else loop, scope="rnnlm")
        output = tf.reshape(tf.concat(outputs, 1), [-1, rnn_size])
        self.logits = tf.matmul(output, softmax_w) + softmax_b
        self.probs = tf.nn.softmax(self.logits)
        loss = legacy_seq2seq.sequence_loss_by_example(
            [self.logits], [tf.reshape(self.targets, [-1])], [tf.ones([bs * sl])])
        self.cost = tf.reduce_sum(loss) / bs / sl
        self.final_state = last_state
        tvars = tf.trainable_variables()
        grads, _ = tf.clip_by_global_norm(tf.gradients(self.cost, tvars), 5.0)
        self.train_op = tf.train.AdamOptimizer(0.01).apply_gradients(zip(grads, tvars))
        self.mean_loss = legacy_seq2seq.sequence_loss(
            [self.logits], [tf.reshape(self.targets, [-1])], [tf.ones([bs * sl])])


tf.set_random_seed(0)
with tf.variable_scope("model"):
    model = Model(training=True)
with tf.variable_scope("model", reuse=True):
    sampler = Model(training=False)
print("variables", [v.op.name for v in tf.trainable_variables()])

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    state = sess.run(model.initial_state)
    for step in range(40):
        start = (step * batch_size * seq_length) % (len(data) - batch_size * seq_length - 1)
        x = data[start:start + batch_size * seq_length].reshape(batch_size, seq_length)
        y = data[start + 1:start + 1 + batch_size * seq_length].reshape(batch_size, seq_length)
        feed = {model.input_data: x, model.targets: y, model.initial_state: state}
        cost, mean_loss, state, _ = sess.run([model.cost, model.mean_loss, model.final_state, model.train_op], feed)
        if step % 10 == 0:
            print("step %d cost %.6f mean %.6f" % (step, cost, mean_loss))
    state = sess.run(sampler.initial_state)
    char, out = "h", "h"
    for _ in range(30):
        feed = {sampler.input_data: [[vocab[char]]], sampler.initial_state: state}
        probs, state = sess.run([sampler.probs, sampler.final_state], feed)
        char = chars[int(np.argmax(probs[0]))]
        out += char
    print("sample", repr(out))

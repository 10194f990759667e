# A BasicRNNCell unrolled with tf.nn.dynamic_rnn that learns to predict the next character of
# "hello world", a softmax layer written with tf.Variable on top. Seeded with
# tf.set_random_seed(777).
import numpy as np
import tensorflow as tf

tf.set_random_seed(777)

sample = " hello world"
idx2char = list(set(sample))
idx2char.sort()
char2idx = {c: i for i, c in enumerate(idx2char)}
sample_idx = [char2idx[c] for c in sample]
x_data = [sample_idx[:-1]]
y_data = [sample_idx[1:]]

dic_size = len(char2idx)
hidden_size = 8
sequence_length = len(sample) - 1

X = tf.placeholder(tf.int32, [None, sequence_length])
Y = tf.placeholder(tf.int32, [None, sequence_length])
x_one_hot = tf.one_hot(X, dic_size)

cell = tf.nn.rnn_cell.BasicRNNCell(num_units=hidden_size)
outputs, _states = tf.nn.dynamic_rnn(cell, x_one_hot, dtype=tf.float32)

W = tf.Variable(tf.random_normal([hidden_size, dic_size]))
b = tf.Variable(tf.random_normal([dic_size]))
logits = tf.matmul(tf.reshape(outputs, [-1, hidden_size]), W) + b
labels = tf.reshape(Y, [-1])
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
train = tf.train.AdamOptimizer(learning_rate=0.1).minimize(loss)
prediction = tf.argmax(logits, axis=1)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(50):
        l, _ = sess.run([loss, train], feed_dict={X: x_data, Y: y_data})
        result = sess.run(prediction, feed_dict={X: x_data})
        print(i, "loss:", l, "prediction:", "".join(idx2char[c] for c in np.squeeze(result)))

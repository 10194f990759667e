# A sentence classifier in the style of 2016's "CNN for text classification" repositories: the
# vocabulary built with tf.contrib.learn.preprocessing.VocabularyProcessor (saved, restored),
# word embeddings, convolutions of widths 2 and 3, max-pooling over time, dropout, softmax,
# Adam. Seeded with tf.set_random_seed. Writes its vocabulary into the folder given.
import os
import sys

import numpy as np
import tensorflow as tf
from tensorflow.contrib import learn

out_dir = sys.argv[1] if len(sys.argv) > 1 else "runs"
if not os.path.exists(out_dir):
    os.makedirs(out_dir)

positive = ["a great movie", "great acting and a fine plot", "I loved it", "fine and fun", "what a fun ride",
            "loved the acting", "a fine great film", "fun fun fun"]
negative = ["a dull movie", "boring plot and bad acting", "I hated it", "dull and slow", "what a bad idea",
            "hated the plot", "a slow boring film", "bad bad bad"]
x_text = positive + negative
y = np.array([[0, 1]] * len(positive) + [[1, 0]] * len(negative))

max_document_length = max([len(x.split(" ")) for x in x_text])
vocab_processor = learn.preprocessing.VocabularyProcessor(max_document_length)
x = np.array(list(vocab_processor.fit_transform(x_text)))
vocab_processor.save(os.path.join(out_dir, "vocab"))
vocab_processor = learn.preprocessing.VocabularyProcessor.restore(os.path.join(out_dir, "vocab"))
print("Vocabulary Size: {:d}".format(len(vocab_processor.vocabulary_)))
print("x[0]:", x[0].tolist(), "x[-1]:", x[-1].tolist())

np.random.seed(10)
shuffle_indices = np.random.permutation(np.arange(len(y)))
x_shuffled, y_shuffled = x[shuffle_indices], y[shuffle_indices]

tf.set_random_seed(10)
sequence_length, num_classes, embedding_size = x.shape[1], y.shape[1], 8
input_x = tf.placeholder(tf.int32, [None, sequence_length], name="input_x")
input_y = tf.placeholder(tf.float32, [None, num_classes], name="input_y")
dropout_keep_prob = tf.placeholder(tf.float32, name="dropout_keep_prob")
with tf.name_scope("embedding"):
    W = tf.Variable(tf.random_uniform([len(vocab_processor.vocabulary_), embedding_size], -1.0, 1.0), name="W")
    embedded_chars_expanded = tf.expand_dims(tf.nn.embedding_lookup(W, input_x), -1)
pooled_outputs = []
for filter_size in (2, 3):
    with tf.name_scope("conv-maxpool-%s" % filter_size):
        W = tf.Variable(tf.truncated_normal([filter_size, embedding_size, 1, 4], stddev=0.1), name="W")
        b = tf.Variable(tf.constant(0.1, shape=[4]), name="b")
        conv = tf.nn.conv2d(embedded_chars_expanded, W, strides=[1, 1, 1, 1], padding="VALID", name="conv")
        h = tf.nn.relu(tf.nn.bias_add(conv, b), name="relu")
        pooled_outputs.append(tf.nn.max_pool(h, ksize=[1, sequence_length - filter_size + 1, 1, 1],
                                             strides=[1, 1, 1, 1], padding="VALID", name="pool"))
h_pool_flat = tf.reshape(tf.concat(pooled_outputs, 3), [-1, 8])
h_drop = tf.nn.dropout(h_pool_flat, dropout_keep_prob)
with tf.name_scope("output"):
    W = tf.get_variable("W", shape=[8, num_classes], initializer=tf.contrib.layers.xavier_initializer())
    b = tf.Variable(tf.constant(0.1, shape=[num_classes]), name="b")
    scores = tf.nn.xw_plus_b(h_drop, W, b, name="scores")
    predictions = tf.argmax(scores, 1, name="predictions")
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=scores, labels=input_y))
accuracy = tf.reduce_mean(tf.cast(tf.equal(predictions, tf.argmax(input_y, 1)), "float"), name="accuracy")
global_step = tf.Variable(0, name="global_step", trainable=False)
train_op = tf.train.AdamOptimizer(1e-2).minimize(loss, global_step=global_step)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(30):
        for start in range(0, len(y), 8):
            feed = {input_x: x_shuffled[start:start + 8], input_y: y_shuffled[start:start + 8], dropout_keep_prob: 0.5}
            _, step, l, acc = sess.run([train_op, global_step, loss, accuracy], feed)
        if epoch % 10 == 0:
            print("step {}, loss {:g}, acc {:g}".format(step, l, acc))
    feed = {input_x: x, input_y: y, dropout_keep_prob: 1.0}
    print("evaluation: loss {:g}, acc {:g}".format(*sess.run([loss, accuracy], feed)))
    test = np.array(list(vocab_processor.transform(["a fun film", "a boring idea", "never seen words"])))
    print("predictions:", sess.run(predictions, {input_x: test, dropout_keep_prob: 1.0}).tolist())

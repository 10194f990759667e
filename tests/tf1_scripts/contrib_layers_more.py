# tf.contrib.layers beyond the layers: a sequence of word ids embedded with embed_sequence, a
# small classifier over their mean, its weights penalised by l1_l2_regularizer through
# apply_regularization (the WEIGHTS collection), Adam; prints the penalty and the loss per step.
import numpy as np
import tensorflow as tf

tf.set_random_seed(11)
ids = tf.placeholder(tf.int32, [None, 5])
labels = tf.placeholder(tf.int64, [None])
embedded = tf.contrib.layers.embed_sequence(ids, vocab_size=20, embed_dim=6)
pooled = tf.reduce_mean(embedded, axis=1)
w = tf.get_variable("w", [6, 3])
b = tf.get_variable("b", [3], initializer=tf.zeros_initializer())
tf.add_to_collection(tf.GraphKeys.WEIGHTS, w)
logits = tf.matmul(pooled, w) + b
penalty = tf.contrib.layers.apply_regularization(tf.contrib.layers.l1_l2_regularizer(0.01, 0.02))
total = tf.contrib.layers.sum_regularizer([tf.contrib.layers.l2_regularizer(0.5), None])(w)
loss = tf.losses.sparse_softmax_cross_entropy(labels, logits) + penalty
train = tf.train.AdamOptimizer(0.05).minimize(loss)
rng = np.random.RandomState(3)
feed = {ids: rng.randint(0, 20, (8, 5)), labels: rng.randint(0, 3, 8)}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print("embeddings", sess.run(tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)[0]).shape)
    print("penalty %.6f, l2 half %.6f" % tuple(sess.run([penalty, total])))
    for step in range(5):
        l, _ = sess.run([loss, train], feed)
        print("step", step, "loss %.6f" % l)

import tensorflow as tf
import numpy as np
# word2vec-style embeddings trained with nce_loss and Adagrad inside a MonitoredTrainingSession
# with a StopAtStepHook (the TF 1.x "managed" training loop). Pairs are random: the loss still falls.
vocab, dim = 50, 8
rng = np.random.RandomState(0)
pairs = rng.randint(0, vocab, size=(2000, 2))
inputs = tf.placeholder(tf.int32, [None])
labels = tf.placeholder(tf.int32, [None, 1])
emb = tf.Variable(tf.random_uniform([vocab, dim], -1.0, 1.0))
embed = tf.nn.embedding_lookup(emb, inputs)
nce_w = tf.Variable(tf.truncated_normal([vocab, dim], stddev=1.0 / np.sqrt(dim)))
nce_b = tf.Variable(tf.zeros([vocab]))
loss = tf.reduce_mean(tf.nn.nce_loss(weights=nce_w, biases=nce_b, labels=labels, inputs=embed, num_sampled=5, num_classes=vocab))
gs = tf.train.get_or_create_global_step()
train = tf.train.AdagradOptimizer(0.5).minimize(loss, global_step=gs)
norm = tf.sqrt(tf.reduce_sum(tf.square(emb), 1, keep_dims=True))
with tf.train.MonitoredTrainingSession(hooks=[tf.train.StopAtStepHook(last_step=200)]) as sess:
    while not sess.should_stop():
        b = pairs[rng.randint(0, 2000, 64)]
        l, _ = sess.run([loss, train], {inputs: b[:, 0], labels: b[:, 1:]})
print("done", l)

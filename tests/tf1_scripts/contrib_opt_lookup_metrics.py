# Research code's contrib pieces around a model: a vocabulary lookup table feeding an embedding,
# trained with contrib.opt's LazyAdam (sparse rows) and Nadam through contrib.layers.optimize_loss
# (gradient clipping, a decayed learning rate), a MovingAverageOptimizer's swapping saver, AdamW's
# decoupled weight decay, and contrib.metrics' streaming metrics. Seeded.
import os
import tempfile

import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
vocab = ["<unk>", "the", "cat", "sat", "on", "mat", "dog", "ran"]
sentences = [["the", "cat", "sat"], ["the", "dog", "ran"], ["cat", "on", "mat"], ["a", "dog", "sat"]]
labels_np = np.array([1, 0, 1, 0], np.int64)

words = tf.constant(sentences)
table = tf.contrib.lookup.index_table_from_tensor(mapping=tf.constant(vocab), default_value=0)
ids = table.lookup(words)
back = tf.contrib.lookup.index_to_string_table_from_tensor(tf.constant(vocab)).lookup(ids)
hashed = tf.contrib.lookup.index_table_from_tensor(tf.constant(vocab[1:]), num_oov_buckets=2).lookup(words)
direct = tf.contrib.lookup.string_to_index(tf.constant(["mat", "zebra"]), tf.constant(vocab))
kv = tf.contrib.lookup.HashTable(tf.contrib.lookup.KeyValueTensorInitializer([1, 2, 3], [10.0, 20.0, 30.0]), -1.0)
kv_out = kv.lookup(tf.constant([2, 5, 3]))

embedding = tf.get_variable("embedding", [len(vocab), 4])
pooled = tf.reduce_mean(tf.nn.embedding_lookup(embedding, ids), axis=1)
logits = tf.layers.dense(pooled, 2, name="out")
labels = tf.constant(labels_np)
loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
step = tf.train.get_or_create_global_step()

# epsilon 1e-3: a gradient that is zero up to rounding (1e-9 on one CPU, 0 on another) must not
# become a full Adam step, or the curve would follow the CPU's kernels instead of the code.
lazy = tf.contrib.opt.LazyAdamOptimizer(0.1, epsilon=1e-3)
train_embedding = lazy.minimize(loss, var_list=[embedding])
train_out = tf.contrib.layers.optimize_loss(
    loss, step, 0.05, lambda lr: tf.contrib.opt.NadamOptimizer(lr, epsilon=1e-3),
    clip_gradients=1.0, variables=tf.trainable_variables("out"),
    learning_rate_decay_fn=lambda lr, gs: tf.train.exponential_decay(lr, gs, 10, 0.5),
    summaries=["loss", "learning_rate", "global_gradient_norm"],
)
averaged = tf.contrib.opt.MovingAverageOptimizer(tf.train.GradientDescentOptimizer(0.01), average_decay=0.5)
train_avg = averaged.minimize(loss, var_list=tf.trainable_variables("out"))
saver = averaged.swapping_saver()

predictions = tf.argmax(logits, 1)
acc, acc_up = tf.contrib.metrics.streaming_accuracy(predictions, labels)
mean_loss, mean_up = tf.contrib.metrics.streaming_mean(loss)
prec, prec_up = tf.contrib.metrics.streaming_precision(predictions, labels)
rec_k, rec_k_up = tf.contrib.metrics.streaming_recall_at_k(logits, labels, 1)
values, updates = tf.contrib.metrics.aggregate_metric_map({"acc": (acc, acc_up), "loss": (mean_loss, mean_up)})
once = tf.contrib.metrics.accuracy(predictions, labels)
print("local variables", sorted(v.op.name for v in tf.local_variables()))
print("summaries", sorted(s.op.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES)))
print("slots", sorted(v.op.name for v in tf.global_variables() if "Adam" in v.op.name or "Moving" in v.op.name))

# AdamW on a loss whose gradient does not read the variable: its decay (var -= wd * var) is not
# ordered against the forward pass's read of var within a step, so on a model's weights each TF
# 1.15.5 run printed other losses; here every step is determined.
decayed = tf.get_variable("decayed", initializer=tf.constant([1.0, -2.0, 3.0]))
adamw = tf.contrib.opt.AdamWOptimizer(0.1, learning_rate=0.1, epsilon=1e-3)
train_decayed = adamw.minimize(tf.reduce_sum(decayed * tf.constant([0.5, -0.5, 0.0])))

with tf.Session() as sess:
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer(), tf.tables_initializer()])
    print("ids", sess.run(ids).tolist())
    print("back", [[w.decode() for w in row] for row in sess.run(back)])
    print("hashed", sess.run(hashed).tolist(), "direct", sess.run(direct).tolist(), "kv", sess.run(kv_out).tolist())
    for _ in range(3):
        sess.run(train_decayed)
    print("adamw", np.round(sess.run(decayed), 6).tolist())
    before = sess.run(embedding)
    for i in range(12):
        sess.run(train_embedding)  # one update per run: each reads the variables the last one wrote
        l_out = sess.run(train_out)
        sess.run(train_avg)
        sess.run([acc_up, mean_up, prec_up, rec_k_up])
        if i % 3 == 0:
            print("step %d loss %.6f" % (i, l_out))
    after = sess.run(embedding)
    print("rows moved", np.nonzero(np.abs(after - before).sum(1))[0].tolist())
    print("metrics %.6f %.6f %.6f %.6f once %.6f" % tuple(sess.run([acc, mean_loss, prec, rec_k, once])))
    print("map", sorted(sess.run(values).items())[0][0], "step", sess.run(step))
    path = saver.save(sess, os.path.join(tempfile.mkdtemp(), "avg"))
    reader = tf.train.load_checkpoint(path)
    kernel = sess.run(tf.trainable_variables("out")[0])
    print("saved kernel is the average", not np.allclose(reader.get_tensor("out/kernel"), kernel),
          sorted(reader.get_variable_to_shape_map())[-3:])

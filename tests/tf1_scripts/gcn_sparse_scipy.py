# A graph convolutional network as papers' repositories wrote it in 2017: the graph in SciPy's
# sparse matrices, the Laplacian's largest eigenvalue from scipy.sparse.linalg.eigen.arpack,
# features fed through tf.sparse_placeholder with a tensor shape, a split made with
# sklearn.cross_validation, node tables read with pandas' .ix and .as_matrix, the preprocessed
# data pickled and read back, and the helpers of the time (collections.Iterable, time.clock,
# inspect.getargspec, fractions.gcd). Seeded with tf.set_random_seed; dropout on the features.
import collections
import fractions
import inspect
import os
import pickle
import sys
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp
import tensorflow as tf
from scipy.sparse.linalg.eigen.arpack import eigsh
from sklearn.cross_validation import KFold, train_test_split

out_dir = sys.argv[1] if len(sys.argv) > 1 else "gcn"
if not os.path.exists(out_dir):
    os.makedirs(out_dir)
start = time.clock()

# two communities of 10 nodes, ring-connected inside, one bridge between them
n = 20
rows, cols = [], []
for c in range(2):
    for i in range(10):
        a, b = c * 10 + i, c * 10 + (i + 1) % 10
        rows += [a, b]
        cols += [b, a]
rows += [0, 10]
cols += [10, 0]
adj = sp.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n)).tocsr()

nodes = pd.DataFrame({"community": [i // 10 for i in range(n)], "degree": np.asarray(adj.sum(1)).ravel()},
                     index=["n%02d" % i for i in range(n)])
print("ix:", nodes.ix[0, "degree"], nodes.ix["n10", "degree"], nodes.ix[:3, 0].tolist())
labels = nodes.as_matrix(["community"]).ravel()
print("as_matrix:", labels[:12].tolist())


def normalize_adj(adj):
    adj = sp.coo_matrix(adj)
    rowsum = np.array(adj.sum(1))
    d_inv_sqrt = np.power(rowsum, -0.5).flatten()
    d_inv_sqrt[np.isinf(d_inv_sqrt)] = 0.
    d_mat_inv_sqrt = sp.diags(d_inv_sqrt)
    return adj.dot(d_mat_inv_sqrt).transpose().dot(d_mat_inv_sqrt).tocoo()


laplacian = sp.eye(n) - normalize_adj(adj)
largest_eigval, _ = eigsh(laplacian, 1, which="LM")
print("largest eigenvalue: %.6f" % largest_eigval[0])
support = normalize_adj(adj + sp.eye(n))


def sparse_to_tuple(sparse_mx):
    if not sp.isspmatrix_coo(sparse_mx):
        sparse_mx = sparse_mx.tocoo()
    coords = np.vstack((sparse_mx.row, sparse_mx.col)).transpose()
    return coords, sparse_mx.data, sparse_mx.shape


rng = np.random.RandomState(0)
features = sp.csr_matrix((rng.rand(n, 6) > 0.6).astype(np.float32))
with open(os.path.join(out_dir, "graph.pkl"), "wb") as f:
    pickle.dump({"support": support, "features": features, "labels": labels}, f)
with open(os.path.join(out_dir, "graph.pkl"), "rb") as f:
    data = pickle.load(f)
print("pickled:", sorted(data), data["features"].nnz, isinstance(data["labels"], collections.Iterable))

train_idx, test_idx = train_test_split(np.arange(n), test_size=0.25, random_state=1)
print("split:", sorted(train_idx.tolist())[:5], sorted(test_idx.tolist()))
print("folds:", [len(t) for t, _ in KFold(n, n_folds=4)])
print("argspec:", inspect.getargspec(normalize_adj).args, "gcd:", fractions.gcd(12, -18))

tf.set_random_seed(123)
num_features = tf.placeholder(tf.int64, [2], name="num_features")
x = tf.sparse_placeholder(tf.float32, shape=num_features)
a_hat = tf.sparse_placeholder(tf.float32)
y = tf.placeholder(tf.float32, [None, 2])
mask = tf.placeholder(tf.float32, [None])
keep = tf.placeholder_with_default(1.0, [])


def sparse_dropout(x, keep_prob, noise_shape):
    random_tensor = keep_prob + tf.random_uniform(noise_shape)
    dropout_mask = tf.cast(tf.floor(random_tensor), dtype=tf.bool)
    return tf.sparse_retain(x, dropout_mask) * (1. / keep_prob)


def glorot(shape, name):
    init_range = np.sqrt(6.0 / (shape[0] + shape[1]))
    return tf.Variable(tf.random_uniform(shape, minval=-init_range, maxval=init_range), name=name)


w1, w2 = glorot([6, 8], "w1"), glorot([8, 2], "w2")
h = tf.sparse_tensor_dense_matmul(sparse_dropout(x, keep, [features.nnz]), w1)
h = tf.nn.relu(tf.sparse_tensor_dense_matmul(a_hat, h))
logits = tf.sparse_tensor_dense_matmul(a_hat, tf.matmul(tf.nn.dropout(h, keep), w2))
loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits)
loss = tf.reduce_sum(loss * mask) / tf.reduce_sum(mask) + 5e-4 * tf.nn.l2_loss(w1)
train = tf.train.AdamOptimizer(0.05).minimize(loss)
correct = tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1)), tf.float32)

onehot = np.eye(2)[data["labels"]]
train_mask = np.zeros(n)
train_mask[train_idx] = 1
test_mask = 1 - train_mask
feed = {x: sparse_to_tuple(data["features"]), num_features: data["features"].shape, a_hat: sparse_to_tuple(data["support"]),
        y: onehot}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(60):
        feed.update({mask: train_mask, keep: 0.5})
        l, _ = sess.run([loss, train], feed)
        if epoch % 20 == 0:
            print("epoch %d loss %.5f" % (epoch, l))
    feed.update({mask: test_mask, keep: 1.0})
    acc = sess.run(correct, feed)
    print("test accuracy: %.4f" % (acc[test_idx].mean()))
print("clock is a number:", isinstance(time.clock() - start, float))

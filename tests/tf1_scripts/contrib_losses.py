# Losses as TF 1.0-1.4 code spelled them, through tf.contrib.losses (predictions first, labels
# second; hinge_loss unreduced).  A random op made after them would draw another op seed than
# under TF 1.15: the ops they make are tf.losses', not contrib's.
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)
rng = np.random.RandomState(0)
logits = tf.constant(rng.randn(6, 4).astype(np.float32))
onehot = tf.constant(np.eye(4, dtype=np.float32)[[0, 1, 2, 3, 1, 2]])
sparse = tf.constant([0, 1, 2, 3, 1, 2])
pred = tf.constant(rng.rand(6, 3).astype(np.float32))
lab = tf.constant(rng.rand(6, 3).astype(np.float32))
weights = tf.constant(np.array([[1.0], [0.0], [2.0], [1.0], [0.5], [1.0]], np.float32))
unit = tf.nn.l2_normalize(pred, 1)
losses = {
    "absolute_difference": tf.contrib.losses.absolute_difference(pred, lab),
    "absolute_difference weighted": tf.contrib.losses.absolute_difference(pred, lab, weights),
    "mean_squared_error": tf.contrib.losses.mean_squared_error(pred, lab, 2.0),
    "mean_pairwise_squared_error": tf.contrib.losses.mean_pairwise_squared_error(pred, lab),
    "mean_pairwise_squared_error weighted": tf.contrib.losses.mean_pairwise_squared_error(pred, lab, tf.reshape(weights, [6])),
    "log_loss": tf.contrib.losses.log_loss(tf.sigmoid(pred), tf.round(lab)),
    "cosine_distance": tf.contrib.losses.cosine_distance(unit, tf.nn.l2_normalize(lab, 1), axis=1),
    "hinge_loss": tf.contrib.losses.hinge_loss(pred, tf.round(lab)),
    "sigmoid_cross_entropy": tf.contrib.losses.sigmoid_cross_entropy(logits, onehot, label_smoothing=0.1),
    "softmax_cross_entropy": tf.contrib.losses.softmax_cross_entropy(logits, onehot, weights),
    "sparse_softmax_cross_entropy": tf.contrib.losses.sparse_softmax_cross_entropy(logits, sparse),
    "compute_weighted_loss": tf.contrib.losses.compute_weighted_loss(tf.abs(pred - lab), weights),
}
total = tf.contrib.losses.get_total_loss(add_regularization_losses=False)
with tf.Session() as sess:
    for name, loss in losses.items():
        print(name, sess.run(loss))
    print("collected", len(tf.contrib.losses.get_losses()), "total", sess.run(total))

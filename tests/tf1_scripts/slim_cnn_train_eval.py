# A slim CNN as the TF-Slim walkthrough and train_image_classifier-style code wrote it: layers in
# slim.arg_scope (with a repeated block and batch norm), slim.losses, slim.learning.create_train_op
# and slim.learning.train for a few steps into a log folder, then slim.evaluation.evaluate_once
# from its checkpoint with slim.metrics' streaming metrics. Synthetic 8x8 images, seeded.
import os
import sys
import tempfile

import numpy as np
import tensorflow as tf

slim = tf.contrib.slim
tf.logging.set_verbosity(tf.logging.ERROR)
log_dir = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp()

rng = np.random.RandomState(0)
images_np = rng.rand(64, 8, 8, 1).astype(np.float32)
labels_np = (images_np[:, :4].mean(axis=(1, 2, 3)) > images_np[:, 4:].mean(axis=(1, 2, 3))).astype(np.int64)


def batches(seed):
    data = tf.data.Dataset.from_tensor_slices((images_np, labels_np)).repeat().batch(16)
    return tf.compat.v1.data.make_one_shot_iterator(data).get_next()


def net(images, is_training):
    with slim.arg_scope([slim.conv2d, slim.fully_connected], weights_regularizer=slim.l2_regularizer(1e-4),
                        weights_initializer=tf.truncated_normal_initializer(stddev=0.1)):
        with slim.arg_scope([slim.conv2d], padding="SAME", normalizer_fn=slim.batch_norm,
                            normalizer_params={"is_training": is_training, "decay": 0.9}):
            x = slim.repeat(images, 2, slim.conv2d, 4, [3, 3], scope="conv")
            x = slim.max_pool2d(x, [2, 2], scope="pool")
            x = slim.flatten(x)
            x = slim.dropout(x, 0.8, is_training=is_training, scope="dropout")
            return slim.fully_connected(x, 2, activation_fn=None, scope="logits")


with tf.Graph().as_default():
    tf.set_random_seed(3)
    images, labels = batches(0)
    logits = net(images, True)
    slim.losses.sparse_softmax_cross_entropy(logits, labels)
    total = slim.losses.get_total_loss()
    optimizer = tf.train.MomentumOptimizer(0.1, 0.9)
    train_op = slim.learning.create_train_op(total, optimizer)
    print("variables", [v.op.name for v in slim.get_model_variables()])
    final = slim.learning.train(train_op, log_dir, number_of_steps=30, save_summaries_secs=10000,
                                save_interval_secs=10000)
    print("final loss %.5f" % final)

print("checkpoint", os.path.basename(tf.train.latest_checkpoint(log_dir)))

with tf.Graph().as_default():
    images, labels = batches(1)
    predictions = tf.argmax(net(images, False), 1)
    names_to_values, names_to_updates = slim.metrics.aggregate_metric_map({
        "accuracy": slim.metrics.streaming_accuracy(predictions, labels),
        "recall": slim.metrics.streaming_recall(predictions, labels),
    })
    values = slim.evaluation.evaluate_once("", tf.train.latest_checkpoint(log_dir), os.path.join(log_dir, "eval"),
                                           num_evals=4, eval_op=list(names_to_updates.values()),
                                           final_op=names_to_values)
    print("eval", {k: round(float(v), 4) for k, v in sorted(values.items())})

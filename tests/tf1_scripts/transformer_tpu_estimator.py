# A small Transformer encoder as 2018-2019 research code trained it: flags, a TPUEstimator run on
# the CPU (use_tpu=False) with params["batch_size"], an input pipeline through
# tf.contrib.data.map_and_batch, contrib.layers.layer_norm after each sublayer, an Optimizer
# subclass of its own (SGD with a decaying step written in _apply_dense / _resource_apply_dense),
# TPUEstimatorSpec with eval_metrics. Task: are most of a sequence's 8 tokens from the lower half
# of the vocabulary? Seeded; the printed numbers are what TF 1.15.5 printed.
import os
import sys
import tempfile

import numpy as np
import tensorflow as tf

flags = tf.flags
flags.DEFINE_integer("d_model", 16, "width of the model")
flags.DEFINE_integer("heads", 2, "attention heads")
flags.DEFINE_integer("train_steps", 200, "training steps")
flags.DEFINE_float("learning_rate", 0.05, "initial step size")
flags.DEFINE_bool("use_tpu", False, "run on a TPU (this script is for the CPU)")
flags.DEFINE_string("model_dir", None, "where checkpoints go (a temporary folder if not given)")
FLAGS = flags.FLAGS
VOCAB, LENGTH = 12, 8


class DecayingSGD(tf.train.Optimizer):
    """x -= lr / (1 + 0.05 t) * g: the kind of optimizer a paper wrote for itself."""

    def __init__(self, learning_rate, use_locking=False, name="DecayingSGD"):
        super(DecayingSGD, self).__init__(use_locking, name)
        self._lr = learning_rate

    def _prepare(self):
        step = tf.cast(tf.train.get_global_step(), tf.float32)
        self._lr_t = tf.convert_to_tensor(self._lr, name="learning_rate") / (1.0 + 0.05 * step)

    def _apply_dense(self, grad, var):
        return tf.assign_sub(var, tf.cast(self._lr_t, var.dtype.base_dtype) * grad, use_locking=self._use_locking)

    def _resource_apply_dense(self, grad, var):
        return tf.raw_ops.ResourceApplyGradientDescent(
            var=var.handle, alpha=tf.cast(self._lr_t, grad.dtype), delta=grad, use_locking=self._use_locking
        ) if hasattr(tf, "raw_ops") else self._apply_dense(grad, var)

    def _apply_sparse(self, grad, var):
        return tf.scatter_sub(var, grad.indices, tf.cast(self._lr_t, var.dtype.base_dtype) * grad.values)


def positions():
    pos = np.arange(LENGTH)[:, None] / np.power(10000.0, np.arange(0, FLAGS.d_model, 2)[None, :] / FLAGS.d_model)
    table = np.zeros((LENGTH, FLAGS.d_model), np.float32)
    table[:, 0::2], table[:, 1::2] = np.sin(pos), np.cos(pos)
    return tf.constant(table)


def attention(x, name):
    with tf.variable_scope(name):
        d, h = FLAGS.d_model, FLAGS.heads
        q, k, v = (tf.layers.dense(x, d, use_bias=False, name=n) for n in ("q", "k", "v"))

        def split(t):
            return tf.transpose(tf.reshape(t, [-1, LENGTH, h, d // h]), [0, 2, 1, 3])

        q, k, v = split(q), split(k), split(v)
        weights = tf.nn.softmax(tf.matmul(q, k, transpose_b=True) / np.sqrt(d // h))
        out = tf.reshape(tf.transpose(tf.matmul(weights, v), [0, 2, 1, 3]), [-1, LENGTH, d])
        return tf.layers.dense(out, d, name="output")


def encoder(tokens):
    embedding = tf.get_variable("embedding", [VOCAB, FLAGS.d_model], initializer=tf.random_normal_initializer(0, 0.3))
    x = tf.nn.embedding_lookup(embedding, tokens) + positions()
    x = tf.contrib.layers.layer_norm(x + attention(x, "self_attention"), begin_norm_axis=-1, scope="ln_attention")
    ffn = tf.layers.dense(tf.layers.dense(x, 32, activation=tf.nn.relu, name="ffn_in"), FLAGS.d_model, name="ffn_out")
    x = tf.contrib.layers.layer_norm(x + ffn, begin_norm_axis=-1, scope="ln_ffn")
    return tf.layers.dense(tf.reduce_mean(x, axis=1), 2, name="classifier")


def model_fn(features, labels, mode, params):
    logits = encoder(features["tokens"])
    predictions = tf.argmax(logits, 1)
    if mode == tf.estimator.ModeKeys.PREDICT:
        return tf.contrib.tpu.TPUEstimatorSpec(mode, predictions={"class": predictions})
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    if mode == tf.estimator.ModeKeys.EVAL:
        def metric_fn(labels, predictions):
            return {"accuracy": tf.metrics.accuracy(labels, predictions)}

        return tf.contrib.tpu.TPUEstimatorSpec(mode, loss=loss, eval_metrics=(metric_fn, [labels, predictions]))
    optimizer = DecayingSGD(params["learning_rate"])
    if FLAGS.use_tpu:  # as such code wrapped it: TF 1.15's CrossReplicaSum has no CPU kernel
        optimizer = tf.contrib.tpu.CrossShardOptimizer(optimizer)
    train_op = optimizer.minimize(loss, global_step=tf.train.get_global_step())
    return tf.contrib.tpu.TPUEstimatorSpec(mode, loss=loss, train_op=train_op)


def make_data(n, seed):
    rng = np.random.RandomState(seed)
    tokens = rng.randint(0, VOCAB, size=(n, LENGTH)).astype(np.int32)
    return tokens, (np.sum(tokens < VOCAB // 2, axis=1) > LENGTH // 2).astype(np.int32)


def input_fn_for(tokens, labels, train):
    def input_fn(params):
        data = tf.data.Dataset.from_tensor_slices((tokens, labels))
        if train:
            data = data.repeat()
        return data.apply(tf.contrib.data.map_and_batch(
            lambda t, l: ({"tokens": t}, l), batch_size=params["batch_size"], drop_remainder=True))

    return input_fn


def main(_):
    tf.logging.set_verbosity(tf.logging.ERROR)
    model_dir = FLAGS.model_dir or tempfile.mkdtemp()
    config = tf.contrib.tpu.RunConfig(
        model_dir=model_dir, tf_random_seed=7, save_checkpoints_steps=FLAGS.train_steps,
        tpu_config=tf.contrib.tpu.TPUConfig(iterations_per_loop=10),
    )
    estimator = tf.contrib.tpu.TPUEstimator(
        model_fn=model_fn, config=config, use_tpu=FLAGS.use_tpu, train_batch_size=16, eval_batch_size=16,
        predict_batch_size=16, params={"learning_rate": FLAGS.learning_rate},
    )
    train_x, train_y = make_data(512, 0)
    test_x, test_y = make_data(128, 1)
    for round_ in range(2):
        estimator.train(input_fn_for(train_x, train_y, True), steps=FLAGS.train_steps // 2)
        result = estimator.evaluate(input_fn_for(test_x, test_y, False), steps=8)
        print("round %d: step %d loss %.6f accuracy %.4f" % (round_, result["global_step"], result["loss"],
                                                           result["accuracy"]))
    classes = [p["class"] for p in estimator.predict(input_fn_for(test_x[:16], test_y[:16], False))]
    print("predicted", classes)
    names = [n for n in estimator.get_variable_names() if "ln_" in n or "self_attention/q" in n]
    print("variables", names)
    print("flags", FLAGS.d_model, FLAGS.heads, FLAGS.train_steps, os.path.isdir(model_dir), sys.argv[1:])


if __name__ == "__main__":
    tf.app.run()

# What TPUEstimator and its helpers refused under TF 1.15 with use_tpu=False: every message of
# TF 1.15.5's own, printed (and what they accepted: no params argument, a duration per loop).
import tensorflow as tf


def model_fn(features, labels, mode, params):
    return None


def no_params(features, labels, mode):
    return None


config = tf.contrib.tpu.RunConfig()
cases = [
    ("batch_size in params", lambda: tf.contrib.tpu.TPUEstimator(
        model_fn, config=config, use_tpu=False, params={"batch_size": 3})),
    ("context in params", lambda: tf.contrib.tpu.TPUEstimator(
        model_fn, config=config, use_tpu=False, params={"context": 1})),
    ("no config", lambda: tf.contrib.tpu.TPUEstimator(model_fn, use_tpu=False, train_batch_size=8)),
    ("an Estimator's RunConfig", lambda: tf.contrib.tpu.TPUEstimator(
        model_fn, config=tf.estimator.RunConfig(), use_tpu=False)),
    ("a model_fn without params", lambda: type(tf.contrib.tpu.TPUEstimator(
        no_params, config=config, use_tpu=False, train_batch_size=8)).__name__),
    ("iterations_per_loop=0", lambda: tf.contrib.tpu.TPUConfig(iterations_per_loop=0)),
    ("iterations_per_loop='5m'", lambda: tf.contrib.tpu.TPUConfig(iterations_per_loop="5m").iterations_per_loop),
    ("iterations_per_loop='5x'", lambda: tf.contrib.tpu.TPUConfig(iterations_per_loop="5x")),
    ("num_shards=0", lambda: tf.contrib.tpu.TPUConfig(num_shards=0)),
    ("eval_metrics of three", lambda: tf.contrib.tpu.TPUEstimatorSpec(
        "eval", loss=tf.constant(1.0), eval_metrics=(1, 2, 3))),
    ("eval_metrics not callable", lambda: tf.contrib.tpu.TPUEstimatorSpec(
        "eval", loss=tf.constant(1.0), eval_metrics=(1, []))),
    ("host_call of one", lambda: tf.contrib.tpu.TPUEstimatorSpec(
        "train", loss=tf.constant(1.0), train_op=tf.no_op(), host_call=(1,))),
]
for name, make in cases:
    try:
        print(name, "-> ok:", make())
    except Exception as e:
        print(name, "->", type(e).__name__ + ":", e)

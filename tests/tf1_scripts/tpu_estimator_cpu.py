# TPU-era research code on the CPU: a TPUEstimator with use_tpu=False, as TF 1.15 ran it, in the
# shape papers' repositories used (params["batch_size"] in input_fn and model_fn, TPUEstimatorSpec
# with scaffold_fn and eval_metrics=(metric_fn, tensors), CrossShardOptimizer only on a TPU).
import sys
import tempfile

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
features = rng.randn(512, 6).astype(np.float32)
labels = ((features[:, 0] - features[:, 3] > 0).astype(np.int32) + (features[:, 1] > 0.8).astype(np.int32))


def input_fn(params):
    ds = tf.data.Dataset.from_tensor_slices(({"x": features}, labels))
    return ds.repeat().batch(params["batch_size"], drop_remainder=True)


def model_fn(features, labels, mode, params):
    hidden = tf.layers.dense(features["x"], params["hidden"], activation=tf.nn.relu, name="hidden")
    logits = tf.layers.dense(hidden, 3, name="logits")
    if mode == tf.estimator.ModeKeys.PREDICT:
        predictions = {"class": tf.argmax(logits, 1), "probabilities": tf.nn.softmax(logits)}
        return tf.contrib.tpu.TPUEstimatorSpec(mode, predictions=predictions)
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    if mode == tf.estimator.ModeKeys.TRAIN:
        optimizer = tf.train.AdamOptimizer(params["learning_rate"])
        if params["use_tpu"]:
            optimizer = tf.contrib.tpu.CrossShardOptimizer(optimizer)
        train_op = optimizer.minimize(loss, global_step=tf.train.get_global_step())

        def scaffold_fn():
            return tf.train.Scaffold()

        return tf.contrib.tpu.TPUEstimatorSpec(mode, loss=loss, train_op=train_op, scaffold_fn=scaffold_fn)

    def metric_fn(labels, logits):
        predicted = tf.argmax(logits, 1)
        return {"accuracy": tf.metrics.accuracy(labels, predicted),
                "mean_per_class": tf.metrics.mean_per_class_accuracy(labels, predicted, 3)}

    return tf.contrib.tpu.TPUEstimatorSpec(mode, loss=loss, eval_metrics=(metric_fn, {"labels": labels, "logits": logits}))


run_config = tf.contrib.tpu.RunConfig(
    model_dir=sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(), tf_random_seed=42, save_checkpoints_steps=100,
    tpu_config=tf.contrib.tpu.TPUConfig(iterations_per_loop=50, num_shards=8))
estimator = tf.contrib.tpu.TPUEstimator(
    model_fn=model_fn, config=run_config, use_tpu=False, params={"hidden": 16, "learning_rate": 0.01},
    train_batch_size=64, eval_batch_size=32, predict_batch_size=16)
estimator.train(input_fn, max_steps=150)
result = estimator.evaluate(input_fn, steps=8)
print("eval:", sorted(result.items()))
predictions = estimator.predict(lambda params: tf.data.Dataset.from_tensor_slices({"x": features[:20]}).batch(params["batch_size"]))
predictions = list(predictions)
print("classes:", [int(p["class"]) for p in predictions])
print("first probabilities:", np.round(predictions[0]["probabilities"], 5))
print("global step:", estimator.get_variable_value("global_step"))
print("iterations per loop:", run_config.tpu_config.iterations_per_loop)

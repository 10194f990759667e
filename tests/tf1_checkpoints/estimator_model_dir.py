# An Estimator's model_dir: `train DIR` trains a model_fn estimator 5 steps into DIR; `evaluate DIR`
# builds the same estimator on DIR and evaluates from its newest checkpoint (global step, loss),
# then predicts two examples.
import sys

import numpy as np
import tensorflow as tf

mode, folder = sys.argv[1], sys.argv[2]
rng = np.random.RandomState(1)
features, labels = rng.randn(32, 3).astype(np.float32), rng.randint(0, 2, 32)


def model_fn(features, labels, mode):
    logits = tf.layers.dense(tf.layers.dense(features["x"], 6, activation=tf.nn.tanh), 2)
    if mode == tf.estimator.ModeKeys.PREDICT:
        return tf.estimator.EstimatorSpec(mode, predictions={"class": tf.argmax(logits, 1)})
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    train = tf.train.AdamOptimizer(0.05).minimize(loss, global_step=tf.train.get_global_step())
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train)


def input_fn():
    return tf.data.Dataset.from_tensor_slices(({"x": features}, labels)).batch(8).repeat()


config = tf.estimator.RunConfig(tf_random_seed=5, save_summary_steps=1000, log_step_count_steps=1000)
estimator = tf.estimator.Estimator(model_fn, model_dir=folder, config=config)
if mode == "train":
    estimator.train(input_fn, steps=5)
result = estimator.evaluate(input_fn, steps=4)
print("global_step %d loss %.6f" % (result["global_step"], result["loss"]))
predict_input = tf.estimator.inputs.numpy_input_fn({"x": features[:2]}, shuffle=False)
print("classes", [int(p["class"]) for p in estimator.predict(predict_input)])

# An Estimator's life after training, as research code used it: export_saved_model with a raw
# and a parsing serving input, the SavedModel loaded back and run in a Session, predict with
# yield_single_examples=False, a second Estimator warm-started from the first's checkpoint
# (WarmStartSettings with a variable regex), and train_and_evaluate stopped early by
# stop_if_no_decrease_hook. Seeded; the export folder's timestamp is printed as its shape only.
import os
import shutil
import tempfile

import numpy as np
import tensorflow as tf

tf.logging.set_verbosity(tf.logging.ERROR)

rng = np.random.RandomState(0)
X = rng.randn(256, 4).astype(np.float32)
Y = (X @ np.array([[1.0], [-2.0], [0.5], [3.0]], np.float32) + 0.1).astype(np.float32)
work = tempfile.mkdtemp()


def model_fn(features, labels, mode, params):
    x = features["x"]
    hidden = tf.layers.dense(x, params["hidden"], activation=tf.nn.relu, name="hidden")
    out = tf.layers.dense(hidden, 1, name="out")
    predictions = {"y": out, "double": out * 2.0}
    if mode == tf.estimator.ModeKeys.PREDICT:
        return tf.estimator.EstimatorSpec(
            mode,
            predictions=predictions,
            export_outputs={
                "serving_default": tf.estimator.export.PredictOutput({"y": out}),
                "regress": tf.estimator.export.RegressionOutput(out),
            },
        )
    loss = tf.losses.mean_squared_error(labels, out)
    if mode == tf.estimator.ModeKeys.EVAL:
        return tf.estimator.EstimatorSpec(mode, loss=loss, eval_metric_ops={"mae": tf.metrics.mean_absolute_error(labels, out)})
    train_op = tf.train.AdamOptimizer(0.05).minimize(loss, tf.train.get_global_step())
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)


def train_input(epochs=None):
    return tf.estimator.inputs.numpy_input_fn({"x": X}, Y, batch_size=32, num_epochs=epochs, shuffle=False)


config = tf.estimator.RunConfig(tf_random_seed=1, save_checkpoints_steps=50, log_step_count_steps=None)
first = tf.estimator.Estimator(model_fn, os.path.join(work, "first"), config, params={"hidden": 8})
first.train(train_input(), steps=60)
print("first mae %.6f" % first.evaluate(train_input(1))["mae"])

# -- export: raw placeholders, then a tf.Example parser ------------------------------------------
raw_fn = tf.estimator.export.build_raw_serving_input_receiver_fn({"x": tf.placeholder(tf.float32, [None, 4])})
exported = first.export_saved_model(os.path.join(work, "export"), raw_fn)
print("export dir", type(exported).__name__, os.path.basename(exported).isdigit())
with tf.Graph().as_default(), tf.Session() as sess:
    meta = tf.saved_model.loader.load(sess, ["serve"], exported)
    print("signatures", sorted(meta.signature_def))
    sig = meta.signature_def["serving_default"]
    print("inputs", sorted(sig.inputs), "outputs", sorted(sig.outputs), sig.method_name)
    y = sess.run(sig.outputs["y"].name, {sig.inputs["x"].name: X[:3]})
    print("served", np.round(y.ravel(), 5).tolist())
print("predicted", [round(float(p["y"][0]), 5) for p in first.predict(train_input(1))][:3])

spec = {"x": tf.FixedLenFeature([4], tf.float32)}
parse_fn = tf.estimator.export.build_parsing_serving_input_receiver_fn(spec)
exported2 = first.export_saved_model(os.path.join(work, "export_parse"), parse_fn)
with tf.Graph().as_default(), tf.Session() as sess:
    meta = tf.saved_model.loader.load(sess, ["serve"], exported2)
    print("parsing signatures", sorted(meta.signature_def))
    sig = meta.signature_def["serving_default"]
    example = tf.train.Example(features=tf.train.Features(feature={
        "x": tf.train.Feature(float_list=tf.train.FloatList(value=X[0].tolist()))}))
    y = sess.run(sig.outputs["y"].name, {sig.inputs["examples"].name: [example.SerializeToString()]})
    print("parsed served", np.round(y.ravel(), 5).tolist())
    reg = meta.signature_def["regress"]
    print("regress", reg.method_name, sorted(reg.inputs), sorted(reg.outputs))

batches = list(first.predict(train_input(1), yield_single_examples=False))
print("batches", len(batches), sorted(batches[0]), batches[0]["y"].shape)

# -- warm start: the hidden layer from the first model, the output layer fresh ------------------
ws = tf.estimator.WarmStartSettings(os.path.join(work, "first"), vars_to_warm_start="hidden.*")
second = tf.estimator.Estimator(model_fn, os.path.join(work, "second"), config, params={"hidden": 8}, warm_start_from=ws)
second.train(train_input(), steps=1)
same = np.allclose(second.get_variable_value("hidden/kernel"), first.get_variable_value("hidden/kernel"), atol=0.2)
print("hidden warm", same, "out fresh", not np.allclose(second.get_variable_value("out/kernel"), first.get_variable_value("out/kernel")))
third = tf.estimator.Estimator(model_fn, os.path.join(work, "third"), config, params={"hidden": 8},
                               warm_start_from=os.path.join(work, "first"))
third.train(train_input(), steps=1)
print("all warm step-1 mae %.6f" % third.evaluate(train_input(1))["mae"])

# -- early stopping -----------------------------------------------------------------------------
fourth = tf.estimator.Estimator(model_fn, os.path.join(work, "fourth"), config, params={"hidden": 8})
# The loss falls all along: "no decrease" never stops it, "no increase" (a metric that should
# grow) stops once 100 steps have passed without one, after min_steps.
keep_going = tf.estimator.experimental.stop_if_no_decrease_hook(fourth, "loss", 100, min_steps=50, run_every_secs=None,
                                                                run_every_steps=10)
stop = tf.estimator.experimental.stop_if_no_increase_hook(fourth, "loss", 100, min_steps=150, run_every_secs=None,
                                                          run_every_steps=10)
tf.estimator.train_and_evaluate(
    fourth,
    tf.estimator.TrainSpec(train_input(), max_steps=400, hooks=[keep_going, stop]),
    tf.estimator.EvalSpec(train_input(1), steps=None, throttle_secs=0),
)
print("stopped at", fourth.get_variable_value("global_step"))
print("variables", [n for n in fourth.get_variable_names() if "Adam" not in n])
shutil.rmtree(work)

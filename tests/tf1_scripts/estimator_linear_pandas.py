# LinearRegressor on a pandas DataFrame (pandas_input_fn), trained with train_and_evaluate, as the
# TF 1.x housing tutorials did; then a LinearClassifier on a bucketized column.
import sys

import numpy as np
import pandas as pd
import tensorflow as tf

tf.logging.set_verbosity(tf.logging.INFO)
model_dir = sys.argv[1] if len(sys.argv) > 1 else "/tmp/linear"

rng = np.random.RandomState(1)
df = pd.DataFrame({"rooms": rng.uniform(3, 9, 400), "age": rng.uniform(0, 100, 400)})
price = 3.0 * df["rooms"] - 0.05 * df["age"] + rng.normal(0, 0.5, 400)
train_x, test_x = df[:300], df[300:]
train_y, test_y = price[:300], price[300:]

columns = [tf.feature_column.numeric_column("rooms"), tf.feature_column.numeric_column("age")]
regressor = tf.estimator.LinearRegressor(feature_columns=columns, model_dir=model_dir + "/regressor",
                                         config=tf.estimator.RunConfig(save_checkpoints_steps=100))
train_spec = tf.estimator.TrainSpec(
    input_fn=tf.estimator.inputs.pandas_input_fn(train_x, train_y, batch_size=30, num_epochs=None, shuffle=False),
    max_steps=300)
eval_spec = tf.estimator.EvalSpec(
    input_fn=tf.estimator.inputs.pandas_input_fn(test_x, test_y, batch_size=50, num_epochs=1, shuffle=False),
    steps=None, throttle_secs=0)
metrics, _ = tf.estimator.train_and_evaluate(regressor, train_spec, eval_spec)
print("average loss: %.4f at step %d" % (metrics["average_loss"], metrics["global_step"]))
print("weights:", regressor.get_variable_value("linear/linear_model/rooms/weights").ravel(),
      regressor.get_variable_value("linear/linear_model/age/weights").ravel())

labels = (price > price.median()).astype(np.int64)
rooms_buckets = tf.feature_column.bucketized_column(columns[0], boundaries=[4, 5, 6, 7, 8])
classifier = tf.estimator.LinearClassifier(feature_columns=[rooms_buckets, columns[1]],
                                           model_dir=model_dir + "/classifier")
classifier.train(tf.estimator.inputs.pandas_input_fn(train_x, labels[:300], batch_size=50, num_epochs=5,
                                                     shuffle=False))
result = classifier.evaluate(tf.estimator.inputs.pandas_input_fn(test_x, labels[300:], num_epochs=1, shuffle=False))
for key in sorted(result):
    print("%s: %s" % (key, result[key]))

# A premade DNNClassifier on iris-like data, as the TF 1.x "get started" guide wrote it: train,
# evaluate, predict, then train again (resuming from the checkpoint in model_dir).
import sys

import numpy as np
import tensorflow as tf

tf.logging.set_verbosity(tf.logging.INFO)
model_dir = sys.argv[1] if len(sys.argv) > 1 else "/tmp/iris_model"

rng = np.random.RandomState(0)
centers = np.array([[5.0, 3.4, 1.5, 0.2], [5.9, 2.8, 4.3, 1.3], [6.6, 3.0, 5.6, 2.0]], dtype=np.float32)
labels = np.repeat(np.arange(3), 40)
features = (centers[labels] + rng.normal(0, 0.3, (120, 4))).astype(np.float32)

feature_columns = [tf.feature_column.numeric_column("x", shape=[4])]
classifier = tf.estimator.DNNClassifier(feature_columns=feature_columns,
                                        hidden_units=[10, 20, 10],
                                        n_classes=3,
                                        model_dir=model_dir,
                                        config=tf.estimator.RunConfig(tf_random_seed=42))
train_input_fn = tf.estimator.inputs.numpy_input_fn(x={"x": features}, y=labels, num_epochs=None,
                                                    shuffle=False, batch_size=32)
classifier.train(input_fn=train_input_fn, steps=200)

test_input_fn = tf.estimator.inputs.numpy_input_fn(x={"x": features}, y=labels, num_epochs=1, shuffle=False)
results = classifier.evaluate(input_fn=test_input_fn)
print(results)
print("\nTest Accuracy: {0:f}\n".format(results["accuracy"]))

new_samples = np.array([[6.4, 3.2, 4.5, 1.5], [5.8, 3.1, 5.0, 1.7]], dtype=np.float32)
predict_input_fn = tf.estimator.inputs.numpy_input_fn(x={"x": new_samples}, num_epochs=1, shuffle=False)
predictions = list(classifier.predict(input_fn=predict_input_fn))
print("New Samples, Class Predictions:    {}".format([p["class_ids"][0] for p in predictions]))
print("probabilities:", predictions[0]["probabilities"])

classifier.train(input_fn=train_input_fn, steps=100)
print("global step after resuming:", classifier.get_variable_value("global_step"))
print(classifier.evaluate(input_fn=test_input_fn))

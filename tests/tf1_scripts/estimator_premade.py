# A premade tf.estimator (removed in TF 2.16): tf1-lessons cannot provide it and must say so.
import numpy as np
import tensorflow as tf

feature_columns = [tf.feature_column.numeric_column("x", shape=[4])]
classifier = tf.estimator.DNNClassifier(feature_columns=feature_columns, hidden_units=[10, 20, 10], n_classes=3)
train_input_fn = tf.estimator.inputs.numpy_input_fn(x={"x": np.random.rand(120, 4).astype(np.float32)},
                                                    y=np.random.randint(0, 3, 120), num_epochs=None, shuffle=True)
classifier.train(input_fn=train_input_fn, steps=200)

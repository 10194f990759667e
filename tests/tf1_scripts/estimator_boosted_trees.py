# Boosted trees in tf.estimator (TF 1.12+): not provided by tf1-lessons, which must say so.
import numpy as np
import tensorflow as tf

feature_columns = [tf.feature_column.bucketized_column(tf.feature_column.numeric_column("x"), [0.25, 0.5, 0.75])]
classifier = tf.estimator.BoostedTreesClassifier(feature_columns, n_batches_per_layer=1)
train_input_fn = tf.estimator.inputs.numpy_input_fn(x={"x": np.random.rand(100)}, y=np.random.randint(0, 2, 100),
                                                    num_epochs=None, shuffle=True)
classifier.train(input_fn=train_input_fn, max_steps=10)

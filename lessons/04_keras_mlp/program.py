# Lesson 4 (document 002): TensorFlow's beginner tutorial, a Keras MLP on MNIST. A TF2 program:
# plain Python runs it (with legacy Keras, tf-keras), the TF1 runtime has nothing to do here.
#
# Flatten turns each 28x28 image into 784 numbers (Dense layers take vectors); a hidden layer of
# 128 ReLU units; Dropout switches off a random 20 % of them at each training step, so the
# network cannot lean on any single one; 10 softmax outputs, one probability per digit. Adam,
# and sparse categorical cross-entropy because the labels are class numbers, not one-hot rows.
#
# What the document shows without saying so: the model already ends in softmax, so
# `tf.nn.softmax(predictions)` and the `probability_model` apply softmax a second time. Softmax
# of numbers in [0, 1] pulls them towards uniform: hence its 0.12 for the top class where the
# model said 0.31, and after training every row squashed to 0.085 ... 0.232 (e / (e + 9) for a
# confident prediction). A model ending in Dense(10) without an activation (logits) is what such
# a wrapper is for.
#
# The document ran it as a notebook: a cell's last expression was displayed. A script prints
# nothing for an expression, so those lines print what the notebook displayed (print(repr(...))).
import tensorflow as tf
import numpy as np

# dividing by 255 maps the 0..255 pixels to 0..1, the scale the initial weights are chosen for
mnist = tf.keras.datasets.mnist
(x_train, y_train), (x_test, y_test) = mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

model = tf.keras.models.Sequential([
  tf.keras.layers.Flatten(input_shape=(28, 28)),
  tf.keras.layers.Dense(units=128, activation='relu'),
  tf.keras.layers.Dropout(0.2),
  tf.keras.layers.Dense(10, activation='softmax')
])

model.compile(optimizer='adam',
              loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])

# the untrained model's output for the first training image: already probabilities
predictions = model(x_train[:1]).numpy()
print(repr(predictions))

smax = tf.nn.softmax(predictions).numpy()
print(repr((smax, f"softmax는 다 더했을 때 1이 됩니다 : {np.sum(smax)}", f"정답 클래스 : {np.argmax(smax)}")))

model.fit(x_train, y_train, epochs=5)
model.evaluate(x_test,  y_test, verbose=2)

probability_model = tf.keras.Sequential([
  model,
  tf.keras.layers.Softmax()
])

y_pred = probability_model(x_test[:5])
print(repr(y_pred))

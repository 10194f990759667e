# Lesson 4, mode pima (document 002, its third program): a binary classifier for the Pima
# diabetes data (768 patients, 8 measurements each, diabetic or not).
#
# One output with a sigmoid (a probability of "yes") and binary cross-entropy: the binary case
# of the softmax + cross-entropy pair. EarlyStopping watches the loss on the 20 % of X_train
# that fit() holds out for validation and stops when it has not improved for 10 epochs; PrintDot
# is a Keras callback of the document's own, a dot per epoch. The first Dense layer has no
# activation in the document, so it and the next layer's weights compose into one affine map
# before the first ReLU: a wider linear layer, not a deeper network.
#
# The document does not show where X and X_train come from: loading the data and the split are
# lines of tf1-lessons (listed in lesson.json), a seeded 80/20 split, the 20 % never trained on.
import tensorflow as tf
import numpy as np
from tf1_lessons.datasets import pima

X, y = pima.load_data()
order = np.random.permutation(len(X))
X_train, y_train = X[order[154:]], y[order[154:]]
X_test, y_test = X[order[:154]], y[order[:154]]

input_shape = X.shape[1]
model = tf.keras.models.Sequential([
  tf.keras.layers.Dense(units=128, input_shape=[input_shape]),
  tf.keras.layers.Dense(128, activation='relu'),
  tf.keras.layers.Dropout(0.2),
  tf.keras.layers.Dense(1, activation='sigmoid')
])

model.compile(optimizer='adam',
              loss='binary_crossentropy',
              metrics=['accuracy'])

class PrintDot(tf.keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs):
        if epoch % 100 == 0:
            print('')
        else:
            print('.', end='')

early_stop = tf.keras.callbacks.EarlyStopping(monitor='val_loss', patience=10)

history = model.fit(X_train, y_train, epochs=100, validation_split=0.2, callbacks=[early_stop, PrintDot()])

model.evaluate(X_test, y_test, verbose=2)

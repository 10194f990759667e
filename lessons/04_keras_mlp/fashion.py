# Lesson 4, mode fashion (document 002, its second program): the same network on Fashion-MNIST,
# 28x28 pictures of ten kinds of clothing, a harder task than digits (about 0.87 after 5 epochs
# where MNIST reaches 0.98).
#
# The document shows the scaling, a picture of the first image, and how one image becomes a
# batch of one (Keras predicts on batches: the image gets a leading axis of size 1). It does
# not show the loading, the model, or the training: those lines (listed in lesson.json) are the
# MNIST program's, as the tutorial it follows had them. Displayed expressions are printed.
import tensorflow as tf
import numpy as np
import matplotlib.pyplot as plt

fashion_mnist = tf.keras.datasets.fashion_mnist
(train_images, train_labels), (test_images, test_labels) = fashion_mnist.load_data()

print(repr((train_images[0].min(), train_images[0].max())))

train_images = train_images / 255.0
test_images = test_images / 255.0

plt.figure()
plt.imshow(train_images[0])
plt.colorbar()
plt.grid(False)
plt.show()

print(repr((train_images[0].min(), train_images[0].max())))

model = tf.keras.models.Sequential([
  tf.keras.layers.Flatten(input_shape=(28, 28)),
  tf.keras.layers.Dense(units=128, activation='relu'),
  tf.keras.layers.Dropout(0.2),
  tf.keras.layers.Dense(10, activation='softmax')
])
model.compile(optimizer='adam',
              loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])
model.fit(train_images, train_labels, epochs=5)
model.evaluate(test_images,  test_labels, verbose=2)

img = test_images[1]
print(img.shape)

img = (np.expand_dims(img,0))
print(img.shape)

# A user's script built on an installed TF1 library, tflearn 0.3.2 (2017): a line and a small
# network fitted with its DNN trainer. tflearn imports tensorflow.contrib and tf.* names of TF 1.x
# from site-packages, so under exec it needs --tf1-package tflearn (or pyproject.toml's tf1-packages).
import numpy as np
import tflearn

X = np.linspace(-1.0, 1.0, 40).astype(np.float32)
Y = 2.0 * X + 0.5 + 0.05 * np.sin(7.0 * X)

net = tflearn.input_data(shape=[None])
line = tflearn.single_unit(net)
net = tflearn.regression(line, optimizer="sgd", loss="mean_square", metric="R2", learning_rate=0.1)
model = tflearn.DNN(net, tensorboard_verbose=0)
model.fit(X, Y, n_epoch=50, show_metric=False, snapshot_epoch=False, batch_size=10)
print("W", model.get_weights(line.W), "b", model.get_weights(line.b))
print("predict", model.predict([0.0, 1.0]))

# The TF 1.5-1.7 eager MLP: a tfe.Network tracking its tf.layers, trained with implicit_value_and_gradients.
import numpy as np
import tensorflow as tf
import tensorflow.contrib.eager as tfe

tfe.enable_eager_execution()
tf.set_random_seed(0)


class MLP(tfe.Network):
    def __init__(self):
        super(MLP, self).__init__()
        self.hidden = self.track_layer(tf.layers.Dense(16, activation=tf.nn.relu))
        self.out = self.track_layer(tf.layers.Dense(1))

    def call(self, x):
        return self.out(self.hidden(x))


rng = np.random.RandomState(0)
x = rng.uniform(-1, 1, (64, 2)).astype(np.float32)
y = (x[:, :1] * 2 - x[:, 1:] + 0.5).astype(np.float32)
model = MLP()


def loss(xs, ys):
    return tf.reduce_mean(tf.square(model(xs) - ys))


value_and_grads = tfe.implicit_value_and_gradients(loss)
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.1)
for step in range(201):
    value, grads_and_vars = value_and_grads(x, y)
    optimizer.apply_gradients(grads_and_vars)
    if step % 50 == 0:
        print(step, float(value))
print("variables:", len(model.variables), [v.shape.as_list() for v in model.variables])
print("layers:", [type(l).__name__ for l in model.layers])
acc = tfe.metrics.Mean()
acc(tf.constant([1.0, 3.0]))
print("mean metric:", float(acc.result()))

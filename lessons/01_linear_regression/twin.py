"""Lesson 1's eager twin: the program's two sessions as tf.Variables and GradientTape.

Same start (W = b = 1, read from the program's run), same data, the same update
(GradientDescentOptimizer's ``var -= lr * grad``), so graph and eager agree bit for bit.
"""

from tf1_lessons import twin  # first: TensorFlow then starts quietly

import tensorflow as tf

values, _ = twin.start()
settings = twin.settings()
curve = twin.curve()

x = tf.constant(settings["x_data"], dtype=tf.float32)
y = tf.constant(settings["y_data"], dtype=tf.float32)
W = tf.Variable(values["Variable"])
b = tf.Variable(values["Variable_1"])
learning_rate = 0.1


@tf.function
def train_step():
    with tf.GradientTape() as tape:
        cost = tf.reduce_mean(tf.square(W * x + b - y))
    dW, db = tape.gradient(cost, [W, b])
    W.assign_sub(learning_rate * dW)
    b.assign_sub(learning_rate * db)
    return cost


"""
Two sessions, as the program ran them: each starts again from the initial values.
"""
step = 0
for steps in (100, 1000):
    W.assign(values["Variable"])
    b.assign(values["Variable_1"])
    for i in range(steps):
        cost_val = train_step().numpy()
        print("Epoch: ", i, "loss: ", cost_val, " weight: ", W.numpy(), " bias: ", b.numpy())
        curve.record(step, loss=cost_val)
        step += 1
    print(repr((W * 5 + b).numpy()))
    print(repr((W * 6 + b).numpy()))

curve.add_result(W=W.numpy(), b=b.numpy(), prediction_x6=(W * 6 + b).numpy())

# Early eager execution (TF 1.5-1.7): tf.contrib.eager as tfe, implicit_gradients.
import tensorflow as tf
import tensorflow.contrib.eager as tfe

tfe.enable_eager_execution()

W = tfe.Variable(5.0)
b = tfe.Variable(0.0)
xs = tf.constant([1.0, 2.0, 3.0, 4.0])
ys = tf.constant([3.0, 5.0, 7.0, 9.0])


def loss():
    return tf.reduce_mean(tf.square(W * xs + b - ys))


grad_fn = tfe.implicit_gradients(loss)
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.05)
for step in range(300):
    optimizer.apply_gradients(grad_fn())
    if step % 100 == 0:
        print(step, float(loss()))
print("W", float(W), "b", float(b), "eager:", tf.executing_eagerly())

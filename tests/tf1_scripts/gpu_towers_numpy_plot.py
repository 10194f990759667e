# Written for a two-GPU machine (2017 style): one tower per GPU, averaged gradients, NumPy's
# old type aliases, and a matplotlib plot of the loss at the end.
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

tf.set_random_seed(3)
np.random.seed(3)
n_gpus = 2
x_all = np.random.rand(256, 1).astype(np.float)
y_all = (4 * x_all - 1).astype(np.float32)
batch = np.int(64)

X = tf.placeholder(tf.float32, [None, 1])
Y = tf.placeholder(tf.float32, [None, 1])
opt = tf.train.GradientDescentOptimizer(0.2)
with tf.variable_scope("model"):
    W = tf.get_variable("W", [1, 1], initializer=tf.random_normal_initializer())
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())

tower_grads, tower_losses = [], []
for i, (xs, ys) in enumerate(zip(tf.split(X, n_gpus), tf.split(Y, n_gpus))):
    with tf.device('/gpu:%d' % i), tf.name_scope('tower_%d' % i):
        loss = tf.reduce_mean(tf.square(tf.matmul(xs, W) + b - ys))
        tower_losses.append(loss)
        tower_grads.append(opt.compute_gradients(loss))

avg_grads = []
for grads_and_vars in zip(*tower_grads):
    grads = tf.stack([g for g, _ in grads_and_vars])
    avg_grads.append((tf.reduce_mean(grads, 0), grads_and_vars[0][1]))
train_op = opt.apply_gradients(avg_grads)
total_loss = tf.add_n(tower_losses) / n_gpus

history = []
with tf.Session(config=tf.ConfigProto(log_device_placement=False)) as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(300):
        idx = np.random.choice(len(x_all), batch, replace=False)
        _, l = sess.run([train_op, total_loss], feed_dict={X: x_all[idx], Y: y_all[idx]})
        history.append(l)
    print("W", sess.run(W).ravel(), "b", sess.run(b))

plt.plot(history)
plt.title("loss")
plt.show()

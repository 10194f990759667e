# tf.data in graph mode (TF 1.4+ style): from_tensor_slices, shuffle, batch, repeat and a
# one-shot iterator feeding a linear model; an initializable iterator for evaluation.
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)
rng = np.random.RandomState(0)
features = rng.rand(1000, 3).astype(np.float32)
labels = (features @ np.array([[2.0], [-3.0], [1.0]], dtype=np.float32) + 0.5).astype(np.float32)

dataset = tf.data.Dataset.from_tensor_slices((features, labels)).shuffle(1000, seed=1).batch(50).repeat()
iterator = dataset.make_one_shot_iterator()
x, y = iterator.get_next()

W = tf.get_variable("W", [3, 1], initializer=tf.zeros_initializer())
b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
loss = tf.losses.mean_squared_error(labels=y, predictions=tf.matmul(x, W) + b)
train_op = tf.train.GradientDescentOptimizer(0.3).minimize(loss, global_step=tf.train.get_or_create_global_step())

eval_ds = tf.data.Dataset.from_tensor_slices((features, labels)).batch(1000)
eval_it = eval_ds.make_initializable_iterator()
ex, ey = eval_it.get_next()
eval_loss = tf.reduce_mean(tf.square(tf.matmul(ex, W) + b - ey))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(400):
        _, l = sess.run([train_op, loss])
        if step % 100 == 0:
            print(step, l)
    sess.run(eval_it.initializer)
    print("eval mse", sess.run(eval_loss), "W", sess.run(W).ravel())

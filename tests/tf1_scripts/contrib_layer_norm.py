# A residual block with tf.contrib.layers.layer_norm, as 2017-2019 research code wrote it
# (Transformer-style: dense, residual add, layer norm), trained a few steps on a toy target.
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)
rng = np.random.RandomState(0)
x_data = rng.randn(32, 8).astype(np.float32)
y_data = np.tanh(x_data.dot(rng.randn(8, 1).astype(np.float32)))

x = tf.placeholder(tf.float32, [None, 8])
y = tf.placeholder(tf.float32, [None, 1])
h = tf.layers.dense(x, 8, activation=tf.nn.relu)
h = tf.contrib.layers.layer_norm(h + x)
h = tf.contrib.layers.layer_norm(tf.layers.dense(h, 8), activation_fn=tf.nn.relu, scope="block2")
out = tf.layers.dense(h, 1)
loss = tf.reduce_mean(tf.square(out - y))
train = tf.train.AdamOptimizer(0.01).minimize(loss)
print([v.name for v in tf.trainable_variables()])

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(60):
        _, l = sess.run([train, loss], {x: x_data, y: y_data})
        if step % 10 == 0:
            print(step, l)
    print("gamma", sess.run("block2/gamma:0")[:3])

# What shape inference knows of sizes read from tf.shape: TF 1.15 read tf.shape(x) as a constant
# only when all of x's shape was known, so tf.shape(x)[i] and tf.unstack(tf.shape(x))[i] were
# unknown sizes even where dimension i itself was known; TF 2.21 reads that one dimension. Prints
# the static shapes the ops made from such sizes got, then their values, with negative indices.
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [2, None, 5, None])
s = tf.shape(x)
dims = [s[0], s[1], s[2], s[-1], s[-2], s[-4]]
a, b, c, d = tf.unstack(s)
full = tf.shape(tf.zeros([2, 3]))  # all known: a constant in both
made = {
    "zeros([s[0], 3])": tf.zeros([s[0], 3]),
    "zeros([s[2], s[-2]])": tf.zeros([s[2], s[-2]]),
    "reshape(x, [s[0], -1])": tf.reshape(x, [s[0], -1]),
    "tile(ones([1, 4]), [s[0], 1])": tf.tile(tf.ones([1, 4]), [s[0], 1]),
    "fill([a, c], 1.0)": tf.fill([a, c], 1.0),
    "reshape(x, [a, b, c * d])": tf.reshape(x, [a, b, c * d]),
    "zeros([full[0], full[1]])": tf.zeros([full[0], full[1]]),
    "zeros([tf.unstack(full)[1]])": tf.zeros([tf.unstack(full)[1]]),
}
for name, t in made.items():
    print(name, t.shape)
with tf.Session() as sess:
    values = sess.run([dims, [a, b, c, d], {k: tf.shape(t) for k, t in made.items()}], {x: np.zeros([2, 3, 5, 7])})
print("dims", values[0], "unstacked", values[1])
for name in made:
    print(name, values[2][name].tolist())

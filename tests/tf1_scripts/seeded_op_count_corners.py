# APIs whose TF 2 versions make another number of ops than TF 1.15's did, each followed by a
# seeded random op: its draw is TF 1.15's only if every op before it was counted as TF 1.15
# made it. Slices with tensor bounds, tf.zeros / tf.ones with a tensor in a list shape,
# tf.one_hot with numeric on/off values, tf.random_uniform with the default range.
import tensorflow as tf

tf.set_random_seed(1)
t = tf.placeholder_with_default(2, [])
x = tf.reshape(tf.range(120.0), [6, 5, 4])
probes, values = [], []


def probe(value):
    values.append(value)
    probes.append(tf.random_uniform([], 0.0, 1.0))


for f in [lambda: x[:t], lambda: x[t], lambda: x[:, :t], lambda: x[:, t], lambda: x[t:, 1], lambda: x[1:t, 2:],
          lambda: x[:, t:t + 2], lambda: x[..., t], lambda: x[:, :, :t], lambda: x[::t], lambda: x[1],
          lambda: x[:, 1:3], lambda: x[:, -1], lambda: x[t, t], lambda: x[:, tf.newaxis, t],
          lambda: x[t][t:t + 1, ::2]]:
    probe(tf.reduce_sum(f()))
for shape in ([t, 4], [t, 4, 5], [2, 3, t], [t, t], [t], [3, t, t, 2]):
    probe(tf.reduce_sum(tf.zeros(shape)) + tf.reduce_sum(tf.ones(shape)))
probe(tf.reduce_sum(tf.one_hot([0, 2], 3, on_value=5.0, off_value=-1.0)))
probe(tf.reduce_sum(tf.cast(tf.one_hot([1], 4, on_value=True, off_value=False, dtype=tf.bool), tf.float32)))
probe(tf.reduce_sum(tf.random_uniform([3])))
probe(tf.reduce_sum(tf.random_uniform([2, 2], seed=4)))
with tf.Session() as sess:
    got_values, got_probes = sess.run([values, probes])
    print([float(v) for v in got_values])
    print(["%.6f" % p for p in got_probes])

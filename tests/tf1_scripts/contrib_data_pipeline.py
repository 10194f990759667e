# An input pipeline written with tf.contrib.data (TF 1.4-1.12 code), feeding a small
# linear model trained with a seeded shuffle.
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)
sess = tf.Session()


def drain(dataset):
    next_element = dataset.make_one_shot_iterator().get_next()
    out = []
    while True:
        try:
            out.append(sess.run(next_element))
        except tf.errors.OutOfRangeError:
            return out


x = np.arange(20, dtype=np.float32).reshape(10, 2)
y = np.arange(10, dtype=np.int64)
pairs = tf.data.Dataset.from_tensor_slices((x, y))

print("map_and_batch", [b[1].tolist() for b in drain(pairs.apply(
    tf.contrib.data.map_and_batch(lambda a, b: (a * 2.0, b * 10), batch_size=3)))])
print("batch_and_drop_remainder", [b[1].tolist() for b in drain(pairs.apply(tf.contrib.data.batch_and_drop_remainder(4)))])
print("sliding_window_batch", [w.tolist() for w in drain(tf.data.Dataset.range(7).apply(
    tf.contrib.data.sliding_window_batch(3, stride=2)))])
print("group_by_window", [g.tolist() for g in drain(tf.data.Dataset.range(10).apply(
    tf.contrib.data.group_by_window(lambda v: v % 2, lambda key, w: w.batch(5), window_size=5)))])
print("parallel_interleave", drain(tf.data.Dataset.range(3).apply(
    tf.contrib.data.parallel_interleave(lambda v: tf.data.Dataset.from_tensors(v).repeat(2), cycle_length=2))))
print("sloppy_interleave", sorted(drain(tf.data.Dataset.range(3).apply(
    tf.contrib.data.sloppy_interleave(lambda v: tf.data.Dataset.from_tensors(v).repeat(2), cycle_length=2)))))
print("unbatch", drain(tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4]]).apply(tf.contrib.data.unbatch())))
print("enumerate_dataset", [(i, v[1]) for i, v in drain(pairs.apply(tf.contrib.data.enumerate_dataset(start=5)))][:3])
print("scan", drain(tf.data.Dataset.range(5).apply(
    tf.contrib.data.scan(tf.constant(0, tf.int64), lambda s, v: (s + v, s + v)))))
# TF 2's shuffle-then-repeat draws another order than TF 1.15's fused kernel did: each epoch's
# contents are printed, not their order.
epochs = drain(tf.data.Dataset.range(8).apply(tf.contrib.data.shuffle_and_repeat(8, count=2, seed=3)))
print("shuffle_and_repeat", sorted(epochs[:8]), sorted(epochs[8:]))
print("get_single_element", sess.run(tf.contrib.data.get_single_element(tf.data.Dataset.from_tensors(42))))

# A linear model fed by the pipeline.
features = np.random.RandomState(0).randn(64, 3).astype(np.float32)
targets = features.dot(np.array([[1.5], [-2.0], [0.5]], np.float32)) + 0.3
train = tf.data.Dataset.from_tensor_slices((features, targets)).repeat().apply(
    tf.contrib.data.map_and_batch(lambda f, t: (f, t), batch_size=16))
batch_x, batch_y = train.make_one_shot_iterator().get_next()
W = tf.Variable(tf.random_normal([3, 1], seed=2))
b = tf.Variable(tf.zeros([1]))
loss = tf.reduce_mean(tf.square(tf.matmul(batch_x, W) + b - batch_y))
step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
sess.run(tf.global_variables_initializer())
for i in range(40):
    _, l = sess.run([step, loss])
    if i % 10 == 0:
        print(i, l)
print("W", sess.run(W).ravel(), "b", sess.run(b))

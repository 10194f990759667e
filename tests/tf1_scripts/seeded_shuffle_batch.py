# Multi-variable linear regression fed by tf.train.shuffle_batch over in-memory tensors
# (slice_input_producer, one reader thread, a seeded shuffle), with queue runners and a
# Coordinator. Seeded with tf.set_random_seed(777).
import numpy as np
import tensorflow as tf

tf.set_random_seed(777)

xy = np.array([[73., 80., 75., 152.], [93., 88., 93., 185.], [89., 91., 90., 180.],
               [96., 98., 100., 196.], [73., 66., 70., 142.], [53., 46., 55., 101.],
               [69., 74., 77., 149.], [47., 56., 60., 115.], [87., 79., 90., 175.],
               [79., 70., 88., 164.], [69., 70., 73., 141.], [70., 65., 74., 141.]], dtype=np.float32)

x_one, y_one = tf.train.slice_input_producer([xy[:, 0:-1], xy[:, -1:]], shuffle=True, seed=1)
train_x_batch, train_y_batch = tf.train.shuffle_batch([x_one, y_one], batch_size=4, capacity=50,
                                                      min_after_dequeue=10, num_threads=1, seed=2)

X = tf.placeholder(tf.float32, shape=[None, 3])
Y = tf.placeholder(tf.float32, shape=[None, 1])
W = tf.Variable(tf.random_normal([3, 1]), name="weight")
b = tf.Variable(tf.random_normal([1]), name="bias")

hypothesis = tf.matmul(X, W) + b
cost = tf.reduce_mean(tf.square(hypothesis - Y))
train = tf.train.GradientDescentOptimizer(learning_rate=1e-5).minimize(cost)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
coord = tf.train.Coordinator()
threads = tf.train.start_queue_runners(sess=sess, coord=coord)

for step in range(501):
    x_batch, y_batch = sess.run([train_x_batch, train_y_batch])
    cost_val, hy_val, _ = sess.run([cost, hypothesis, train], feed_dict={X: x_batch, Y: y_batch})
    if step % 50 == 0:
        print(step, "Cost: ", cost_val)

coord.request_stop()
coord.join(threads)
print("Your score will be ", sess.run(hypothesis, feed_dict={X: [[100, 70, 101]]}))

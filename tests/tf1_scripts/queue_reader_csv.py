# Logistic regression fed by a TF1 input queue: string_input_producer, TextLineReader,
# decode_csv, tf.train.batch, Coordinator and start_queue_runners. The data is the Pima table.
import os
import tensorflow as tf

tf.set_random_seed(777)
data_dir = os.environ.get("TF1_LESSONS_DATA", "data")
filename = os.path.join(data_dir, "pima-indians-diabetes", "pima-indians-diabetes.data.csv")

filename_queue = tf.train.string_input_producer([filename], shuffle=False, name='filename_queue')
reader = tf.TextLineReader()
key, value = reader.read(filename_queue)
record_defaults = [[0.] for _ in range(9)]
xy = tf.decode_csv(value, record_defaults=record_defaults)
train_x_batch, train_y_batch = tf.train.batch([xy[0:-1], xy[-1:]], batch_size=32)

X = tf.placeholder(tf.float32, shape=[None, 8])
Y = tf.placeholder(tf.float32, shape=[None, 1])
W = tf.Variable(tf.random_normal([8, 1]), name='weight')
b = tf.Variable(tf.random_normal([1]), name='bias')
# Crude feature scaling so plain gradient descent can cope with the raw columns.
scale = tf.constant([17., 199., 122., 99., 846., 67., 2.42, 81.])
hypothesis = tf.sigmoid(tf.matmul(X / scale, W) + b)
cost = -tf.reduce_mean(Y * tf.log(hypothesis + 1e-7) + (1 - Y) * tf.log(1 - hypothesis + 1e-7))
train = tf.train.GradientDescentOptimizer(learning_rate=0.5).minimize(cost)
predicted = tf.cast(hypothesis > 0.5, dtype=tf.float32)
accuracy = tf.reduce_mean(tf.cast(tf.equal(predicted, Y), dtype=tf.float32))

sess = tf.Session()
sess.run(tf.global_variables_initializer())
coord = tf.train.Coordinator()
threads = tf.train.start_queue_runners(sess=sess, coord=coord)
for step in range(2001):
    x_batch, y_batch = sess.run([train_x_batch, train_y_batch])
    cost_val, _ = sess.run([cost, train], feed_dict={X: x_batch, Y: y_batch})
    if step % 200 == 0:
        print(step, cost_val)
coord.request_stop()
coord.join(threads)

# TensorBoard summaries from a TF1 graph: scalar, histogram and image summaries, merge_all and
# a FileWriter (logdir from the command line, as tutorials took it).
import sys
import numpy as np
import tensorflow as tf

logdir = sys.argv[1] if len(sys.argv) > 1 else "./logs/xor"
tf.set_random_seed(777)
x_data = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
y_data = np.array([[0], [1], [1], [0]], dtype=np.float32)

X = tf.placeholder(tf.float32, [None, 2], name="x")
Y = tf.placeholder(tf.float32, [None, 1], name="y")
with tf.name_scope("layer1"):
    W1 = tf.Variable(tf.random_normal([2, 8]), name="weight1")
    b1 = tf.Variable(tf.random_normal([8]), name="bias1")
    layer1 = tf.sigmoid(tf.matmul(X, W1) + b1)
    tf.summary.histogram("W1", W1)
with tf.name_scope("layer2"):
    W2 = tf.Variable(tf.random_normal([8, 1]), name="weight2")
    b2 = tf.Variable(tf.random_normal([1]), name="bias2")
    hypothesis = tf.sigmoid(tf.matmul(layer1, W2) + b2)
    tf.summary.histogram("W2", W2)
    tf.summary.image("W1_as_image", tf.reshape(W1, [1, 2, 8, 1]))
with tf.name_scope("cost"):
    cost = -tf.reduce_mean(Y * tf.log(hypothesis) + (1 - Y) * tf.log(1 - hypothesis))
    tf.summary.scalar("cost", cost)
with tf.name_scope("train"):
    train = tf.train.AdamOptimizer(learning_rate=0.01).minimize(cost)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.cast(hypothesis > 0.5, tf.float32), Y), tf.float32))
tf.summary.scalar("accuracy", accuracy)

with tf.Session() as sess:
    merged_summary = tf.summary.merge_all()
    writer = tf.summary.FileWriter(logdir)
    writer.add_graph(sess.graph)
    sess.run(tf.global_variables_initializer())
    for step in range(3001):
        summary, _, c = sess.run([merged_summary, train, cost], feed_dict={X: x_data, Y: y_data})
        writer.add_summary(summary, global_step=step)
        if step % 500 == 0:
            print(step, c)
    writer.close()
    print("accuracy", sess.run(accuracy, feed_dict={X: x_data, Y: y_data}))

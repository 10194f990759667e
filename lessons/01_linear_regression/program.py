# Lesson 1 (document 001): linear regression, W * x + b, in a TF1 graph run by a Session.
#
# Placeholders (x, y) are slots filled through feed_dict at each run; Variables (W, b) keep
# their values from one sess.run to the next, which is what lets training carry them forward.
# The document trains for 100 steps, then again for 1,000 in a second Session: a new Session
# starts from freshly initialised variables. Answer: W = 3, b = 2.
import tensorflow as tf

x_data = [1, 2, 3, 4]
y_data = [5, 8, 11, 14]

x = tf.placeholder(tf.float32)
y = tf.placeholder(tf.float32)

W = tf.Variable([1], dtype=tf.float32)
b = tf.Variable([1], dtype=tf.float32)

hypothesis = W * x + b
cost = tf.reduce_mean(tf.square(hypothesis - y))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.1)
train_op = optimizer.minimize(cost)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(100):
    _, cost_val = sess.run([train_op, cost], feed_dict={x: x_data, y: y_data})
    print("Epoch: ", step, "loss: ", cost_val, " weight: ", sess.run(W), " bias: ", sess.run(b))
print(repr(sess.run(hypothesis, feed_dict={x: 5})))
print(repr(sess.run(hypothesis, feed_dict={x: 6})))

sess2 = tf.Session()
sess2.run(tf.global_variables_initializer())
for step in range(1000):
    _, cost_val = sess2.run([train_op, cost], feed_dict={x: x_data, y: y_data})
    print("Epoch: ", step, "loss: ", cost_val, " weight: ", sess2.run(W), " bias: ", sess2.run(b))
print(repr(sess2.run(hypothesis, feed_dict={x: 5})))
print(repr(sess2.run(hypothesis, feed_dict={x: 6})))

# Python 2 linear regression in the style of 2017 course labs: xrange, print statements with
# several values, integer division for the logging interval, a dict's items() indexed.
import tensorflow as tf

tf.set_random_seed(777)
x_train = [1, 2, 3]
y_train = [1, 2, 3]
W = tf.Variable(tf.random_normal([1]), name="weight")
b = tf.Variable(tf.random_normal([1]), name="bias")
hypothesis = x_train * W + b
cost = tf.reduce_mean(tf.square(hypothesis - y_train))
settings = {"learning_rate": 0.01}
optimizer = tf.train.GradientDescentOptimizer(learning_rate=settings.items()[0][1])
train = optimizer.minimize(cost)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
steps = 2001
every = steps / 10
for step in xrange(steps):
    sess.run(train)
    if step % every == 0:
        print step, sess.run(cost), sess.run(W), sess.run(b)
print "steps between lines:", every

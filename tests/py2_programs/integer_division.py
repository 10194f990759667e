# `/` as Python 2 meant it: floor division when both sides are integers (the batch count of
# every TF1 tutorial), true division when either is a float; NumPy integer arrays too.
import numpy as np

num_examples, batch_size = 55000, 128
total_batch = num_examples / batch_size
print total_batch, type(total_batch).__name__
print 7 / 2, -7 / 2, 7.0 / 2, 7 / 2.0, 7 // 2, 1 / 3 * 3
print range(10)[10 / 4]
n = 9
n /= 2
print n
f = 9.0
f /= 2
print f
half = [0, 1, 2, 3, 4][len("abcd") / 2]
print half
a = np.array([7, 8, 9])
print a / 2, (a / 2).dtype.kind, a / 2.0
print np.int64(7) / 2, np.float32(7) / 2
print sum([1, 2, 3]) / len([1, 2, 3]), float(sum([1, 2])) / 3
print 2 ** 3 / 3, (5 + 4) / 2 * 2

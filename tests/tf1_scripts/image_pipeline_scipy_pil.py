# An image pipeline of 2017: images written and read with scipy.misc, resized with imresize and
# PIL's ANTIALIAS, scaled with bytescale, then a softmax classifier trained on the result (seeded
# with tf.set_random_seed). Writes its images into the folder given as its argument.
import os
import sys

import numpy as np
import scipy.misc
import tensorflow as tf
from PIL import Image
from scipy import ndimage, misc

out_dir = sys.argv[1] if len(sys.argv) > 1 else "images"
if not os.path.exists(out_dir):
    os.makedirs(out_dir)

rng = np.random.RandomState(3)
gradient = np.linspace(0.0, 1.0, 24 * 32, dtype=np.float32).reshape(24, 32)
rgb = (rng.rand(24, 32, 3) * 255).astype(np.uint8)

# float images are stretched to 0-255 and come back as uint8
small = misc.imresize(gradient, (12, 16))
print("imresize float:", small.dtype, small.shape, small[0, :6].tolist(), int(small.sum()))
for interp in ("nearest", "bilinear", "bicubic", "lanczos"):
    r = misc.imresize(rgb, (10, 13), interp=interp)
    print("imresize rgb %s:" % interp, r.shape, int(r.sum()), r[0, 0].tolist())
print("imresize percent:", misc.imresize(rgb, 50).shape, "fraction:", misc.imresize(rgb, 0.25).shape)
print("bytescale:", misc.bytescale(np.array([[-1.0, 0.0], [0.5, 3.0]])).tolist())

misc.imsave(os.path.join(out_dir, "gradient.png"), gradient)
misc.imsave(os.path.join(out_dir, "rgb.png"), rgb)
back = misc.imread(os.path.join(out_dir, "gradient.png"))
print("imread:", back.dtype, back.shape, int(back.sum()), back[0, :4].tolist())
flat = misc.imread(os.path.join(out_dir, "rgb.png"), flatten=True)
print("imread flatten:", flat.dtype, flat.shape, round(float(flat.mean()), 3))
print("ndimage.imread:", ndimage.imread(os.path.join(out_dir, "rgb.png"), mode="L").shape)
print("toimage:", misc.toimage(gradient).mode, misc.toimage(rgb).size)

pil = Image.open(os.path.join(out_dir, "rgb.png")).resize((8, 6), Image.ANTIALIAS)
print("PIL ANTIALIAS:", int(np.asarray(pil).sum()), "LINEAR:", int(np.asarray(Image.fromarray(rgb).resize((8, 6), Image.LINEAR)).sum()))
print("logsumexp:", round(float(misc.logsumexp([1.0, 2.0, 3.0])), 6), "comb:", scipy.misc.comb(6, 2, exact=True))

# a tiny classifier on 8x8 thumbnails: bright-left against bright-right
images, labels = [], []
for i in range(40):
    img = rng.rand(16, 16) * 0.3
    if i % 2:
        img[:, :8] += 0.7
    else:
        img[:, 8:] += 0.7
    images.append(misc.imresize(img, (8, 8)).astype(np.float32).reshape(-1) / 255.0)
    labels.append(i % 2)
images, labels = np.array(images), np.eye(2)[labels]

tf.set_random_seed(42)
X = tf.placeholder(tf.float32, [None, 64])
Y = tf.placeholder(tf.float32, [None, 2])
W = tf.Variable(tf.random_normal([64, 2], stddev=0.1))
b = tf.Variable(tf.zeros([2]))
logits = tf.matmul(X, W) + b
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=Y, logits=logits))
train = tf.train.GradientDescentOptimizer(0.5).minimize(cost)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(Y, 1)), tf.float32))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(41):
        c, _ = sess.run([cost, train], {X: images, Y: labels})
        if step % 10 == 0:
            print(step, c)
    print("accuracy:", sess.run(accuracy, {X: images, Y: labels}))

"""Train the classifier: ``python -m textcls.train --hparams=learning_rate=0.3,optimizer=sgd``."""

import sys

import tensorflow as tf

from . import data
from .model import build_hparams, classifier, train_op

flags = tf.app.flags
flags.DEFINE_string("hparams", "", "comma-separated name=value overrides of the defaults")
FLAGS = flags.FLAGS


def main(_):
    hparams = build_hparams(FLAGS.hparams)
    print("hparams", hparams.to_json(sort_keys=True))
    tf.set_random_seed(hparams.seed)
    tokens, labels = data.synthetic(256, hparams.vocab_size, seed=hparams.seed)
    x = tf.placeholder(tf.int32, [None, None])
    y = tf.placeholder(tf.int32, [None])
    logits = classifier(x, hparams, is_training=True)
    loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1, output_type=tf.int32), y), tf.float32))
    train = train_op(loss, hparams)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(hparams.train_steps):
            start = (step * hparams.batch_size) % len(tokens)
            batch = slice(start, start + hparams.batch_size)
            _, value = sess.run([train, loss], {x: tokens[batch], y: labels[batch]})
            if step % 20 == 0:
                print("step %d loss %.6f" % (step, value))
        print("train accuracy %.4f" % sess.run(accuracy, {x: tokens, y: labels}))
    print("module", __name__, __package__, sys.argv[1:])


if __name__ == "__main__":
    tf.app.run()

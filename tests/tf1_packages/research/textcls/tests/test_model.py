import unittest

import numpy as np
import tensorflow as tf

from textcls import data
from textcls.hparams import build_hparams
from textcls.model import classifier, train_op


class HParamsTest(unittest.TestCase):
    def test_overrides_keep_types(self):
        hparams = build_hparams("learning_rate=0.25,optimizer=sgd,hidden=4")
        self.assertEqual((hparams.learning_rate, hparams.optimizer, hparams.hidden), (0.25, "sgd", 4))

    def test_a_typo_is_an_error(self):
        with self.assertRaises(ValueError):
            build_hparams("hiden=4")

    def test_a_wrong_type_is_an_error(self):
        with self.assertRaises(ValueError):
            build_hparams("hidden=4.5")


class ModelTest(tf.test.TestCase):
    def test_logits_shape_and_variables(self):
        with tf.Graph().as_default():
            hparams = build_hparams()
            logits = classifier(tf.placeholder(tf.int32, [None, 6]), hparams, is_training=False)
            self.assertEqual(logits.shape.as_list(), [None, 2])
            names = sorted(v.op.name for v in tf.trainable_variables())
            self.assertEqual(
                names,
                [
                    "classifier/embedding",
                    "classifier/hidden/bias",
                    "classifier/hidden/kernel",
                    "classifier/logits/bias",
                    "classifier/logits/kernel",
                ],
            )

    def test_training_lowers_the_loss(self):
        with tf.Graph().as_default():
            tf.set_random_seed(1)
            hparams = build_hparams("optimizer=sgd,learning_rate=0.5")
            tokens, labels = data.synthetic(64, hparams.vocab_size)
            logits = classifier(tf.constant(tokens), hparams, is_training=True)
            loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
            step = train_op(loss, hparams)
            with self.session() as sess:
                sess.run(tf.global_variables_initializer())
                before = sess.run(loss)
                for _ in range(30):
                    sess.run(step)
                self.assertLess(sess.run(loss), before)

    def test_an_unknown_optimizer_is_refused(self):
        with tf.Graph().as_default():
            hparams = build_hparams("optimizer=lamb")
            loss = tf.reduce_sum(tf.get_variable("w", [2]))
            with self.assertRaisesRegex(ValueError, "unknown optimizer"):
                train_op(loss, hparams)

    def test_data_is_deterministic(self):
        a, _ = data.synthetic(8, 20, seed=3)
        b, _ = data.synthetic(8, 20, seed=3)
        np.testing.assert_array_equal(a, b)


if __name__ == "__main__":
    tf.test.main()

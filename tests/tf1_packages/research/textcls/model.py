import tensorflow as tf

from .hparams import build_hparams  # noqa: F401 - re-exported, as such packages did


def classifier(tokens, hparams, is_training):
    """Bag-of-embeddings classifier: embed, average, one ReLU layer, logits."""
    with tf.variable_scope("classifier", reuse=tf.AUTO_REUSE):
        embedding = tf.get_variable("embedding", [hparams.vocab_size, hparams.embed_dim])
        pooled = tf.reduce_mean(tf.nn.embedding_lookup(embedding, tokens), axis=1)
        hidden = tf.layers.dense(pooled, hparams.hidden, activation=tf.nn.relu, name="hidden")
        if is_training and hparams.dropout > 0:
            hidden = tf.nn.dropout(hidden, rate=hparams.dropout)
        return tf.layers.dense(hidden, hparams.num_classes, name="logits")


def train_op(loss, hparams):
    optimizers = {
        "adagrad": tf.train.AdagradOptimizer,
        "sgd": tf.train.GradientDescentOptimizer,
        "adam": tf.train.AdamOptimizer,
    }
    if hparams.optimizer not in optimizers:
        raise ValueError("unknown optimizer %r" % hparams.optimizer)
    step = tf.train.get_or_create_global_step()
    return optimizers[hparams.optimizer](hparams.learning_rate).minimize(loss, global_step=step)

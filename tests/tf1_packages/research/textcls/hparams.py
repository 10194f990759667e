import tensorflow as tf


def default_hparams():
    return tf.contrib.training.HParams(
        vocab_size=20,
        embed_dim=8,
        hidden=16,
        num_classes=2,
        learning_rate=0.5,
        batch_size=16,
        train_steps=60,
        optimizer="adagrad",
        dropout=0.0,
        seed=11,
    )


def build_hparams(overrides=""):
    hparams = default_hparams()
    if overrides:
        hparams.parse(overrides)
    return hparams

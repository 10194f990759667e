import numpy as np


def synthetic(n, vocab_size, length=6, seed=0):
    """Sentences of token ids; label 1 when most tokens come from the upper half of the vocabulary."""
    rng = np.random.RandomState(seed)
    tokens = rng.randint(0, vocab_size, size=(n, length)).astype(np.int32)
    labels = (np.sum(tokens >= vocab_size // 2, axis=1) > length // 2).astype(np.int32)
    return tokens, labels

# Not in the document: the program imports `load_mnist` from the book's dataset/mnist.py, which
# the document does not show. This one gives what that function gave, from tf1-lessons' verified
# copy of MNIST (TF1_LESSONS_DATA, then the user cache, then a checked download):
# normalize -> float32 pixels in [0, 1]; flatten -> 784-vectors (else 1x28x28);
# one_hot_label -> 10-element one-hot rows (else class numbers).
import numpy as np

from tf1_lessons.datasets import mnist


def load_mnist(normalize=True, flatten=True, one_hot_label=False):
    (x_train, t_train), (x_test, t_test) = mnist.load_data()
    out = []
    for x, t in ((x_train, t_train), (x_test, t_test)):
        x = x.astype(np.float32) / 255.0 if normalize else x
        x = x.reshape(-1, 784) if flatten else x.reshape(-1, 1, 28, 28)
        t = mnist.dense_to_one_hot(t) if one_hot_label else t
        out.append((x, t))
    return tuple(out)

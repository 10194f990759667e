# Not in the document. twoLayer.py imports it (`from grad import *`) and the document does not
# show it: it is where the document's numerical gradient lived (the training loop keeps the call
# to it as a comment). Written here, in the way the document describes it: change one weight by
# h = 1e-4 either way, and the slope of the loss between the two is that weight's gradient.
import numpy as np


def numerical_gradient(f, x, h=1e-4):
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        original = x[i]
        x[i] = original + h
        plus = f(x)
        x[i] = original - h
        minus = f(x)
        x[i] = original
        grad[i] = (plus - minus) / (2 * h)
    return grad

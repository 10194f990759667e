# Document 004's layers (its layers.py): each has forward() and backward(); backward() turns the
# gradient of the loss with respect to the layer's output into the one for its input, keeping
# the gradients of its own weights (dW, db) on the way. As the document has it.
import numpy as np
from common import *
class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = x
        out = np.dot(x, self.W) + self.b

        return out

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)

        return dx
class SoftmaxWithLoss:
    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        self.loss = cross_entropy_error(self.y, self.t)

        return self.loss

    # (y - t) / N is the derivative of the exact cross-entropy; the 1e-7 that
    # cross_entropy_error adds inside its log is left out of it (a difference of about 1e-7 / y).
    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        dx = (self.y - self.t) / batch_size

        return dx
# `def __init(self)` below, without the trailing underscores, is an ordinary method that nothing
# calls: Python accepts it, and `mask` is set by forward() before backward() reads it anyway.
class Relu():
    def __init(self):
        self.mask = None

    def forward(self, x):
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0

        return out

    def backward(self, dout):
        dout[self.mask] = 0
        dx = dout

        return dx

# Not in the document: the check it describes but does not show. The document compares the two
# ways to a gradient (nudging each weight, grad.py; backpropagation, the layers' backward) and
# keeps the slow one as a comment in its training loop. This runs both on three training images
# with the untrained network and prints, for each parameter, the mean absolute difference.
import numpy as np
from dataset.mnist import load_mnist
from grad import numerical_gradient
from twoLayer import TwoLayerNet

(x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)
network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)

x_batch = x_train[:3]
t_batch = t_train[:3]

grad_backprop = network.gradient(x_batch, t_batch)
diffs = {}
for key in ("W1", "b1", "W2", "b2"):
    grad_numerical = numerical_gradient(lambda W: network.loss(x_batch, t_batch), network.params[key])
    diffs[key] = np.average(np.abs(grad_backprop[key] - grad_numerical))
    print(key + ":" + str(diffs[key]))

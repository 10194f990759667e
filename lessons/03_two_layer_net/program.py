# Lesson 3 (document 004): a two-layer network in plain NumPy, trained by backpropagation.
#
# The network (twoLayer.py) is 784 -> 50 -> 10: Affine, ReLU, Affine, then softmax with
# cross-entropy (layers.py, common.py). Its gradient comes from running the layers' backward()
# in reverse order: the chain rule, one layer at a time, instead of nudging each of its 39,760
# weights to see how the loss moves (grad.py, about a hundred thousand times slower).
#
# Plain SGD at learning rate 0.5 on random batches of 100 drawn from the first 10,000 training
# images, 10,000 iterations; every 100 iterations (an "epoch" of that subset) the accuracy on
# all 60,000 training images and on the 10,000 test images, then both curves on one picture.
# The document then tried rates 1.2 and 1.5 (modes lr_1.2, lr_1.5), which learn worse or not at
# all. It is a NumPy program: plain Python runs it, the TF1 runtime has nothing to do here.
import numpy as np
import matplotlib.pylab as plt
from dataset.mnist import load_mnist
from twoLayer import TwoLayerNet

(x_train, t_train), (x_test, t_test) = \
    load_mnist(normalize=True, one_hot_label=True)

network = TwoLayerNet(input_size=784, hidden_size=50, output_size=10)

# hyper_parameter
train_size = 10000
batch_size = 100
learning_rate = 0.5
iters_num = 10000

# estimate_parameter
train_loss_list = np.array([])
train_acc_list = []
test_acc_list = []

# iteration per 1epoch
iter_per_epoch = max(train_size / batch_size, 1)

print(iter_per_epoch)
print(train_size)
print(batch_size)
print(str(iter_per_epoch) + " : iter")

for i in range(iters_num):
    print(str(i)+" step")
    # make mini-batch
    batch_mask = np.random.choice(train_size, batch_size)
    x_batch = x_train[batch_mask]
    t_batch = t_train[batch_mask]

    # calculate gradient
    # grad = network.numerical_gradient(x_batch, t_batch)
    grad = network.gradient(x_batch, t_batch)

    # renew parameter
    for key in ('W1', 'b1', 'W2', 'b2'):
        network.params[key] -= learning_rate * grad[key]

    # record results
    loss = network.loss(x_batch, t_batch)
    train_loss_list = np.append(train_loss_list,loss)
    #print(train_loss_list[i])

    # accuracy for 1 epoch
    if i % iter_per_epoch == 0:
        train_acc = network.accuracy(x_train, t_train)
        test_acc = network.accuracy(x_test, t_test)
        train_acc_list.append(train_acc)
        test_acc_list.append(test_acc)

x = np.arange(0,iters_num,step=100)
x2 = np.arange(0,iters_num,step=iter_per_epoch)

axis1 = plt.gca()
axis1.set_xlabel('iteration')
axis2 = axis1.twinx()
axis1.plot(x, train_loss_list[x], label='los', color='blue')
axis1.set_ylabel('y1: loss')
axis2.plot(x2, train_acc_list, label='train_acc', color='orange')
axis2.plot(x2, test_acc_list, label='test_acc', color='green', linestyle='--')
axis2.set_ylabel('y2: accuracy')
axis1.legend(loc='lower left')
axis2.legend(loc='lower right')
plt.show()

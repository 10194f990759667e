"""Lesson 3: a two-layer network in plain numpy with backpropagation, then the same in TF.

What it teaches: layers as objects with ``forward``/``backward`` (Affine, ReLU, softmax with
cross-entropy), backpropagation as the layers' backward passes run in reverse order, a
numerical gradient check of that backprop, plain SGD, and how the learning rate decides
whether training works at all.

Document: ../shared/seeds/004_0a2adaef457a8b64.txt (TwoLayerNet 784-50-10, weight_init_std
0.01, SGD lr 0.5, batch 100, 10,000 iterations over the first 10,000 training images, train
and test accuracy once per epoch of 100 iterations, a twin-axis plot; then lr 1.2 and 1.5).

Fixed from the document, honestly, because its code does not run as written:
``Relu.__init`` (missing trailing underscores, so ``mask`` was never set up in ``__init__``;
harmless, but fixed), ``np.int`` (removed in numpy 1.24) in ``step_function``, and
``relu_grad``'s ``np.zeros(x)`` (needs a shape: ``np.zeros_like(x)``).

The same network is also built in TF graph mode (v1 placeholders, Variables, Session) and in
eager mode (tf.Variable, GradientTape, tf.function), in float64, from the numpy run's initial
weights and fed the same batches. Their loss is softmax cross-entropy on the logits, whose
gradient is exactly the document's backward ``(y - t) / batch``; the loss they *report* is the
document's ``-log(y + 1e-7)``, so the three curves are directly comparable.

Expected result (full run, seed 0): test accuracy about 0.95 after 10,000 iterations at lr 0.5;
gradient check relative error about 1e-9; see the README for the measured figures, the
learning-rate verdicts, and the full-run time.

    python lessons/lesson03_two_layer_net.py                       # the document (numpy)
    python lessons/lesson03_two_layer_net.py --mode both           # numpy vs graph vs eager
    python lessons/lesson03_two_layer_net.py --mode learning_rates --out runs/   # lr 0.5 / 1.2 / 1.5
    python lessons/lesson03_two_layer_net.py --mode gradient_check
"""

import sys
from collections import OrderedDict

import numpy as np

from tf1_lessons.curves import LearningCurve
from tf1_lessons.datasets import mnist

LESSON = {
    "name": "two_layer_net",
    "number": 3,
    "document": "004_0a2adaef457a8b64.txt",
    "title": "Two-layer net in numpy with backprop (784-50-10, SGD 0.5), and its TF twins",
    "expected": "test accuracy ~0.95 after 10,000 iterations at lr 0.5; gradient check < 1e-6",
    "full_run": "44 s",
    "modes": ["numpy", "graph", "eager", "learning_rates", "gradient_check"],
    "twins": ["numpy", "graph", "eager"],
    "learning_rate": 0.5,
    "budget": {"steps": 10000},
    "test_budget": {"steps": 300},
    "golden_tolerance": {"loss": {"rtol": 1e-6, "atol": 1e-9}, "default": {"rtol": 0, "atol": 1e-4}},
    # The same float64 maths in numpy and TF, summed in other orders. Measured (seed 0): the
    # loss differs by at most 1.1e-15 relative over the first 100 iterations, 1.2e-13 over all
    # 10,000; every accuracy is identical.
    "twin_tolerance": {"loss": {"rtol": 1e-9, "atol": 0}, "default": {"rtol": 0, "atol": 0}},
}
BUDGET = LESSON["budget"]  # the full run; the functions' defaults below read it

TRAIN_SIZE = 10000
BATCH_SIZE = 100
ITER_PER_EPOCH = max(TRAIN_SIZE / BATCH_SIZE, 1)
RATES = (0.5, 1.2, 1.5)  # the document's learning-rate experiment


# -- the document's functions (common.py) -------------------------------------------------------


def step_function(x):
    return np.array(x > 0, dtype=int)  # document: dtype=np.int, removed from numpy


def relu_grad(x):
    grad = np.zeros_like(x)  # document: np.zeros(x), which needs a shape
    grad[x >= 0] = 1
    return grad


def softmax(x):
    if x.ndim == 2:
        x = x.T
        x = x - np.max(x, axis=0)
        y = np.exp(x) / np.sum(np.exp(x), axis=0)
        return y.T
    x = x - np.max(x)  # guards exp against overflow
    return np.exp(x) / np.sum(np.exp(x))


def cross_entropy_error(y, t, delta=1e-7):
    """The document's loss. ``delta`` keeps log away from 0; the gradient check passes 0."""
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:  # one-hot labels -> class indices
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + delta)) / batch_size


# -- the document's layers (layers.py) ----------------------------------------------------------


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return dx


class Relu:
    def __init__(self):  # document: `def __init(self)`, a typo that Python accepts silently
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        return dout


class SoftmaxWithLoss:
    def __init__(self, delta=1e-7):
        self.loss = None
        self.y = None
        self.t = None
        self.delta = delta

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        self.loss = cross_entropy_error(self.y, self.t, self.delta)
        return self.loss

    def backward(self, dout=1):
        # (y - t) / N is the derivative of the *exact* cross-entropy (delta = 0).
        batch_size = self.t.shape[0]
        return (self.y - self.t) / batch_size


# -- the document's network (twoLayer.py) -------------------------------------------------------


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, rng=np.random, delta=1e-7):
        self.params = {}
        self.params["W1"] = weight_init_std * rng.randn(input_size, hidden_size)
        self.params["b1"] = np.zeros(hidden_size)
        self.params["W2"] = weight_init_std * rng.randn(hidden_size, output_size)
        self.params["b2"] = np.zeros(output_size)

        self.layers = OrderedDict()
        self.layers["Affine1"] = Affine(self.params["W1"], self.params["b1"])
        self.layers["Relu1"] = Relu()
        self.layers["Affine2"] = Affine(self.params["W2"], self.params["b2"])
        self.lastLayer = SoftmaxWithLoss(delta)

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        y = self.predict(x)
        return self.lastLayer.forward(y, t)

    def accuracy(self, x, t):
        y = np.argmax(self.predict(x), axis=1)
        t = np.argmax(t, axis=1)
        return np.sum(y == t) / float(x.shape[0])

    def gradient(self, x, t):
        self.loss(x, t)  # forward
        dout = self.lastLayer.backward(1)  # backward, layers in reverse order
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        return {
            "W1": self.layers["Affine1"].dW,
            "b1": self.layers["Affine1"].db,
            "W2": self.layers["Affine2"].dW,
            "b2": self.layers["Affine2"].db,
        }

    def numerical_gradient(self, x, t, h=1e-4):
        """Central differences, one parameter at a time (slow: two forward passes each)."""
        grads = {}
        for key, param in self.params.items():
            grad = np.zeros_like(param)
            it = np.nditer(param, flags=["multi_index"])
            for _ in it:
                i = it.multi_index
                original = param[i]
                param[i] = original + h
                plus = self.loss(x, t)
                param[i] = original - h
                minus = self.loss(x, t)
                param[i] = original
                grad[i] = (plus - minus) / (2 * h)
            grads[key] = grad
        return grads


# -- data and shared set-up ---------------------------------------------------------------------


def load_mnist():
    """The book's ``load_mnist(normalize=True, one_hot_label=True)``: float32 pixels / 255, one-hot."""
    (x_train, t_train), (x_test, t_test) = mnist.load_data()
    x_train = x_train.reshape(-1, 784).astype(np.float32) / 255.0
    x_test = x_test.reshape(-1, 784).astype(np.float32) / 255.0
    return (x_train, mnist.dense_to_one_hot(t_train)), (x_test, mnist.dense_to_one_hot(t_test))


def start(seed, steps):
    """Initial weights and every batch's indices, from the seed: all three modes share them.

    The document drew both from numpy's global generator; separate seeded generators make the
    batches independent of how many random numbers the initialisation used.
    """
    net = TwoLayerNet(784, 50, 10, rng=np.random.RandomState(seed))
    batch_masks = np.random.RandomState(seed + 1).choice(TRAIN_SIZE, (steps, BATCH_SIZE))
    return net, batch_masks


def new_curve(mode, seed, steps):
    return LearningCurve("two_layer_net", mode, seed=seed, budget={"steps": steps}, unit="iteration")


def train_loop(curve, steps, batch_masks, data, update, loss_of, accuracy_of, verbose):
    """The document's loop: update on a batch, record that batch's loss, accuracies each epoch."""
    (x_train, t_train), (x_test, t_test) = data
    for i in range(steps):
        x_batch, t_batch = x_train[batch_masks[i]], t_train[batch_masks[i]]
        update(x_batch, t_batch)
        loss = loss_of(x_batch, t_batch)
        if i % ITER_PER_EPOCH == 0:
            # Like the document, "train accuracy" is measured on all 60,000 training images.
            train_acc, test_acc = accuracy_of(x_train, t_train), accuracy_of(x_test, t_test)
            curve.record(i, loss=loss, train_acc=train_acc, test_acc=test_acc)
            if verbose:
                # The document printed "i step" at every iteration; once an epoch is enough.
                print(f"{i} step  loss {loss:.6f}  train_acc {train_acc:.4f}  test_acc {test_acc:.4f}")
        else:
            curve.record(i, loss=loss)
    curve.add_result(train_acc=accuracy_of(x_train, t_train), test_acc=accuracy_of(x_test, t_test))
    if verbose:
        print(f"final  train_acc {curve.results['train_acc']:.4f}  test_acc {curve.results['test_acc']:.4f}")
    return curve


# -- the three modes ----------------------------------------------------------------------------


def numpy(seed=0, steps=BUDGET["steps"], verbose=True, learning_rate=LESSON["learning_rate"], mode="numpy"):
    """The document's training run."""
    data = load_mnist()
    network, batch_masks = start(seed, steps)
    curve = new_curve(mode, seed, steps)
    if verbose:
        print(ITER_PER_EPOCH)
        print(TRAIN_SIZE)
        print(BATCH_SIZE)
        print(str(ITER_PER_EPOCH) + " : iter")

    def update(x, t):
        grad = network.gradient(x, t)
        for key in ("W1", "b1", "W2", "b2"):
            network.params[key] -= learning_rate * grad[key]

    return train_loop(curve, steps, batch_masks, data, update, network.loss, network.accuracy, verbose)


def _reported_loss(tf, probabilities, t):
    # The document's cross_entropy_error: -mean(log(y[true class] + 1e-7)).
    return -tf.reduce_mean(tf.math.log(tf.reduce_sum(probabilities * t, axis=1) + 1e-7))


def graph(seed=0, steps=BUDGET["steps"], verbose=True, learning_rate=LESSON["learning_rate"]):
    """The same network in TF1 graph mode (float64), from the numpy run's initial weights."""
    from tf1_lessons.compat import seed as set_seed
    from tf1_lessons.compat import tf, tf1_graph, v1

    data = load_mnist()
    network, batch_masks = start(seed, steps)
    curve = new_curve("graph", seed, steps)
    g = tf1_graph()
    with g.as_default():
        set_seed(seed)
        # Pixels are fed as the float32 they are and widened in the graph: converting 60,000
        # images to float64 in Python for every evaluation would dominate the run time.
        x = v1.placeholder(tf.float32, [None, 784])
        t = v1.placeholder(tf.float64, [None, 10])
        params = {k: v1.Variable(v, name=k) for k, v in network.params.items()}
        hidden = v1.nn.relu(v1.matmul(v1.cast(x, tf.float64), params["W1"]) + params["b1"])
        logits = v1.matmul(hidden, params["W2"]) + params["b2"]
        train_loss = v1.reduce_mean(v1.nn.softmax_cross_entropy_with_logits_v2(labels=t, logits=logits))
        reported = _reported_loss(tf, v1.nn.softmax(logits), t)
        train_op = v1.train.GradientDescentOptimizer(learning_rate).minimize(train_loss)
        accuracy = v1.reduce_mean(v1.cast(v1.equal(v1.argmax(logits, 1), v1.argmax(t, 1)), tf.float64))
        with v1.Session(graph=g) as sess:
            sess.run(v1.global_variables_initializer())
            train_loop(
                curve, steps, batch_masks, data,
                update=lambda xb, tb: sess.run(train_op, {x: xb, t: tb}),
                loss_of=lambda xb, tb: sess.run(reported, {x: xb, t: tb}),
                accuracy_of=lambda xs, ts: sess.run(accuracy, {x: xs, t: ts}),
                verbose=verbose,
            )  # fmt: skip
    return curve


def eager(seed=0, steps=BUDGET["steps"], verbose=True, learning_rate=LESSON["learning_rate"]):
    """The same network in eager TF2 (float64), from the numpy run's initial weights."""
    from tf1_lessons.compat import seed as set_seed
    from tf1_lessons.compat import tf

    data = load_mnist()
    network, batch_masks = start(seed, steps)
    curve = new_curve("eager", seed, steps)
    set_seed(seed)
    params = {k: tf.Variable(v, name=k) for k, v in network.params.items()}
    order = [params[k] for k in ("W1", "b1", "W2", "b2")]

    def logits_of(x):
        hidden = tf.nn.relu(tf.matmul(tf.cast(x, tf.float64), params["W1"]) + params["b1"])
        return tf.matmul(hidden, params["W2"]) + params["b2"]

    @tf.function
    def update(x, t):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=t, logits=logits_of(x)))
        for var, grad in zip(order, tape.gradient(loss, order)):
            var.assign_sub(learning_rate * grad)

    @tf.function
    def reported(x, t):
        return _reported_loss(tf, tf.nn.softmax(logits_of(x)), t)

    @tf.function
    def accuracy(x, t):
        return tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits_of(x), 1), tf.argmax(t, 1)), tf.float64))

    # The full sets are converted to tensors once; batches are small enough to convert each time.
    (x_train, t_train), (x_test, t_test) = data
    as_tensor = {id(a): tf.constant(a) for a in (x_train, t_train, x_test, t_test)}
    tensor = lambda a: as_tensor.get(id(a)) if id(a) in as_tensor else tf.constant(a)  # noqa: E731
    return train_loop(
        curve, steps, batch_masks, data,
        update=lambda xb, tb: update(tensor(xb), tensor(tb)),
        loss_of=lambda xb, tb: reported(tensor(xb), tensor(tb)).numpy(),
        accuracy_of=lambda xs, ts: accuracy(tensor(xs), tensor(ts)).numpy(),
        verbose=verbose,
    )  # fmt: skip


# -- the learning-rate experiment ---------------------------------------------------------------


def verdict(curve, best_final=None, chance=0.2, good=0.9, margin=0.02):
    """learns / slows / diverges, read off the curve (not assumed from the rate).

    diverges: the loss stopped being a number, or the final test accuracy is near chance.
    learns: it ends above ``good``, has not fallen back from its own best by 0.05, and is
    within ``margin`` of the best final accuracy among the rates tried (``best_final``).
    slows: anything in between (it learns, but worse or more erratically).
    """
    final = curve.results["test_acc"]
    if curve.first_nonfinite("loss") is not None or final < chance:
        return "diverges"
    close_to_best = best_final is None or final >= best_final - margin
    if final >= good and best_along_the_way(curve) - final < 0.05 and close_to_best:
        return "learns"
    return "slows"


def best_along_the_way(curve):
    """The best test accuracy the run reached: at an epoch's end, or at the end of the run (which
    a budget shorter than an epoch measures only there)."""
    _, test_acc = curve.series("test_acc")
    return max([*test_acc, curve.results["test_acc"]])


def learning_rates(seed=0, steps=BUDGET["steps"], verbose=True, rates=RATES):
    """The document's experiment: the same run at each rate, curves overlaid with --out."""
    curves = []
    for rate in rates:
        if verbose:
            print(f"--- learning rate {rate} ---")
        curve = numpy(seed=seed, steps=steps, verbose=False, learning_rate=rate, mode=f"numpy-lr{rate}")
        curve.results["learning_rate"] = rate
        curves.append(curve)
    best_final = max(c.results["test_acc"] for c in curves if c.first_nonfinite("loss") is None)
    for curve in curves:
        curve.results["verdict_" + verdict(curve, best_final)] = 1.0
        if verbose:
            nonfinite = curve.first_nonfinite("loss")
            print(
                f"lr {curve.results['learning_rate']}: {verdict(curve, best_final)} "
                f"(final test acc {curve.results['test_acc']:.4f}, best along the way {best_along_the_way(curve):.4f}, "
                f"final batch loss {curve.last('loss'):.4g}"
                + (f", loss not finite from iteration {nonfinite}" if nonfinite is not None else "")
                + ")"
            )
    return curves


# -- the gradient check -------------------------------------------------------------------------


def gradient_check(seed=0, verbose=True, batch=3):
    """Numerical vs backprop gradient for every parameter, in float64.

    Relative error per parameter is ``|num - back| / (|num| + |back|)`` over the whole array
    (vector norms), which stays meaningful where single entries are near zero. The document's
    loss adds 1e-7 inside the log, so its exact derivative differs from the backward formula
    by about 1e-7 / y; the check therefore uses the exact loss (delta = 0), and also prints how
    far off the document's own loss would be.
    """
    (x_train, t_train), _ = load_mnist()
    x, t = x_train[:batch].astype(np.float64), t_train[:batch]
    errors = {}
    for delta in (0.0, 1e-7):
        net = TwoLayerNet(784, 50, 10, rng=np.random.RandomState(seed), delta=delta)
        numeric, backprop = net.numerical_gradient(x, t), net.gradient(x, t)
        errors[delta] = {
            k: float(np.linalg.norm(numeric[k] - backprop[k]) / (np.linalg.norm(numeric[k]) + np.linalg.norm(backprop[k])))
            for k in numeric
        }
    if verbose:
        for delta, errs in errors.items():
            which = "exact loss (delta=0)" if delta == 0 else "document's loss (delta=1e-7)"
            print(f"gradient check, {which}: " + "  ".join(f"{k} {v:.2e}" for k, v in errs.items()))
    curve = LearningCurve("two_layer_net", "gradient_check", seed=seed, budget={"batch": batch}, unit="check")
    curve.add_result(**{f"rel_error_{k}": v for k, v in errors[0.0].items()})
    curve.add_result(**{f"rel_error_{k}_document_loss": v for k, v in errors[1e-7].items()})
    return curve


def tf_gradients(network, x, t):
    """Gradients of the mean cross-entropy from TF graph mode and from eager mode, for
    ``network``'s current weights: they should equal ``network.gradient(x, t)``."""
    from tf1_lessons.compat import tf, tf1_graph, v1

    keys = ("W1", "b1", "W2", "b2")

    def logits_of(p, x):
        return tf.matmul(tf.nn.relu(tf.matmul(x, p["W1"]) + p["b1"]), p["W2"]) + p["b2"]

    g = tf1_graph()
    with g.as_default():
        p = {k: v1.Variable(network.params[k]) for k in keys}
        loss = v1.reduce_mean(v1.nn.softmax_cross_entropy_with_logits_v2(labels=t, logits=logits_of(p, x)))
        grads = v1.gradients(loss, [p[k] for k in keys])
        with v1.Session(graph=g) as sess:
            sess.run(v1.global_variables_initializer())
            graph_grads = dict(zip(keys, sess.run(grads)))

    p = {k: tf.Variable(network.params[k]) for k in keys}
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=t, logits=logits_of(p, tf.constant(x))))
    eager_grads = {k: g.numpy() for k, g in zip(keys, tape.gradient(loss, [p[k] for k in keys]))}
    return {"graph": graph_grads, "eager": eager_grads}


if __name__ == "__main__":
    from tf1_lessons.cli import run_as_script

    sys.exit(run_as_script(__file__))

"""``tf.contrib.eager`` (``tfe``): the aliases early eager tutorials used, where today's API has
the same thing."""

from __future__ import annotations

from ...compat import tf, v1

Variable = tf.Variable
enable_eager_execution = v1.enable_eager_execution
executing_eagerly = tf.executing_eagerly
defun = tf.function


def num_gpus() -> int:
    return len(tf.config.list_logical_devices("GPU"))


def Iterator(dataset):  # noqa: N802 - TF1's name
    """``tfe.Iterator(dataset)``: a Python iterator over an eager dataset."""
    return iter(dataset)


def implicit_gradients(f):
    """``f``'s gradients with respect to the trainable variables it reads: a function returning
    ``[(gradient, variable), ...]``, as TF1's did."""
    value_and_gradients = implicit_value_and_gradients(f)
    return lambda *args, **kwargs: value_and_gradients(*args, **kwargs)[1]


def gradients_function(f, params=None):
    """A function returning the gradients of ``f`` with respect to its arguments (those indexed
    by ``params``, all by default)."""
    value_and_gradients = value_and_gradients_function(f, params)
    return lambda *args: value_and_gradients(*args)[1]


def implicit_value_and_gradients(f):
    """``f``'s value and its gradients with respect to the trainable variables it reads:
    a function returning ``(value, [(gradient, variable), ...])``."""

    def value_and_grads_and_vars(*args, **kwargs):
        with tf.GradientTape() as tape:
            value = f(*args, **kwargs)
        variables = tape.watched_variables()
        return value, list(zip(tape.gradient(value, variables), variables, strict=False))

    return value_and_grads_and_vars


def value_and_gradients_function(f, params=None):
    """A function returning ``(f(*args), gradients of f with respect to its arguments)``."""

    def value_and_gradients(*args):
        args = [tf.convert_to_tensor(a) for a in args]
        chosen = range(len(args)) if params is None else params
        with tf.GradientTape() as tape:
            for i in chosen:
                tape.watch(args[i])
            value = f(*args)
        return value, tape.gradient(value, [args[i] for i in chosen])

    return value_and_gradients


class Network(tf.keras.Model):
    """TF 1.5-1.7's ``tfe.Network``: a model made of the layers it tracks, called through ``call``.

    Today's Keras ``Model`` (legacy Keras 2) does the tracking: ``track_layer`` records the layer
    (in order, as ``layers``) and returns it; ``variables``, ``trainable_variables`` and
    ``__call__`` are Keras's."""

    def __init__(self, name=None):
        super().__init__(name=name)
        self._tf1_layers = []

    def track_layer(self, layer):
        if not isinstance(layer, tf.keras.layers.Layer):
            raise TypeError(f"Network.track_layer() passed type {type(layer).__name__}, not a tf.layers.Layer")
        if not any(layer is known for known in self._tf1_layers):
            self._tf1_layers.append(layer)
        return layer

    @property
    def layers(self):
        tracked = list(self._tf1_layers)
        return tracked + [layer for layer in super().layers if not any(layer is t for t in tracked)]


class Sequential(Network):
    """TF 1.5-1.7's ``tfe.Sequential``: the given layers (or callables) applied in order."""

    def __init__(self, layers_funcs=None, name=None):
        super().__init__(name=name)
        self._functions = []
        for item in layers_funcs or []:
            self.add(item)

    def add(self, layer_func):
        if isinstance(layer_func, tf.keras.layers.Layer):
            self.track_layer(layer_func)
        elif not callable(layer_func):
            raise TypeError(f"Sequential.add() takes only tf.layers.Layer objects or callables; not {layer_func!r}")
        self._functions.append(layer_func)

    def call(self, inputs, training=None):
        for function in self._functions:
            inputs = function(inputs)
        return inputs


class metrics:  # noqa: N801 - TF1's module name, as a namespace
    """``tfe.metrics``: Keras 2's metrics, which are called the way TF 1.7's were
    (``m(values)`` accumulates, ``m.result()`` reads)."""

    Mean = tf.keras.metrics.Mean
    Accuracy = tf.keras.metrics.Accuracy
    SparseAccuracy = tf.keras.metrics.SparseCategoricalAccuracy


Checkpoint = tf.train.Checkpoint

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

    def grads_and_vars(*args, **kwargs):
        with tf.GradientTape() as tape:
            value = f(*args, **kwargs)
        variables = tape.watched_variables()
        return list(zip(tape.gradient(value, variables), variables, strict=False))

    return grads_and_vars


def gradients_function(f, params=None):
    """A function returning the gradients of ``f`` with respect to its arguments (those indexed
    by ``params``, all by default)."""

    def gradients(*args):
        args = [tf.convert_to_tensor(a) for a in args]
        chosen = range(len(args)) if params is None else params
        with tf.GradientTape() as tape:
            for i in chosen:
                tape.watch(args[i])
            value = f(*args)
        return tape.gradient(value, [args[i] for i in chosen])

    return gradients

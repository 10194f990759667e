"""``tf.contrib.losses`` as TF 1.15 exported it: the losses TF 1.x moved to ``tf.losses``.

contrib's spellings took their arguments in the older order, predictions (or logits) first and
labels second, and had no ``loss_collection``/``reduction``; ``tf.losses`` took labels first.
Measured under TF 1.15.5 (``inspect.signature``), the wrappers here keep contrib's order and
call ``tf.compat.v1.losses``, so a positional call means what it meant; a cross-entropy takes
its weights as [batch, 1] too, and ``hinge_loss`` returns its per-element losses, unreduced
and not collected, as TF 1.15.5's did. ``add_loss``,
``get_losses``, ``get_regularization_losses`` and ``get_total_loss`` are the same functions.
``metric_learning`` has no TF 2 version and is refused by the table.
"""

from __future__ import annotations

from ...compat import v1

_losses = v1.losses
add_loss = _losses.add_loss
get_losses = _losses.get_losses
get_regularization_losses = _losses.get_regularization_losses
get_total_loss = _losses.get_total_loss


def absolute_difference(predictions, labels=None, weights=1.0, scope=None):
    return _losses.absolute_difference(labels, predictions, weights, scope)


def compute_weighted_loss(losses, weights=1.0, scope=None):
    return _losses.compute_weighted_loss(losses, weights, scope)


def cosine_distance(predictions, labels=None, axis=None, weights=1.0, scope=None, dim=None):
    if dim is not None:  # the older name of axis, passed on only when given (it warns)
        return _losses.cosine_distance(labels, predictions, axis, weights, scope, dim=dim)
    return _losses.cosine_distance(labels, predictions, axis, weights, scope)


def hinge_loss(logits, labels=None, scope=None):
    """Per element, not reduced and not collected, as contrib's was (TF 1.15.5 returned the
    [batch, classes] tensor): ``max(0, 1 - (2 labels - 1) logits)`` for 0/1 labels."""
    with v1.name_scope(scope, "hinge_loss", [logits, labels]):
        labels = v1.cast(labels, v1.float32)
        ones = v1.ones_like(labels)
        signs = v1.subtract(2 * labels, ones)
        return v1.nn.relu(v1.subtract(ones, v1.multiply(signs, logits)))


def log_loss(predictions, labels=None, weights=1.0, epsilon=1e-7, scope=None):
    return _losses.log_loss(labels, predictions, weights, epsilon, scope)


def mean_pairwise_squared_error(predictions, labels=None, weights=1.0, scope=None):
    """contrib's own normalisation, which tf.losses changed: per example i with n_i present
    elements (weight not 0), 2/n_i sum(d^2) - 2/n_i^2 (sum d)^2 for d = predictions - labels,
    weighted and summed over the batch (TF 1.15.5's values; tf.losses divides by n_i - 1)."""
    with v1.name_scope(scope, "mean_pairwise_squared_error", [predictions, labels, weights]):
        diffs = v1.subtract(v1.cast(predictions, v1.float32), v1.cast(labels, v1.float32))
        weights = v1.cast(weights, v1.float32)
        axes = list(range(1, diffs.shape.ndims))
        per_example = v1.reshape(weights, [-1] + [1] * len(axes)) if weights.shape.ndims else weights
        present = v1.reduce_sum(v1.cast(v1.not_equal(per_example * v1.ones_like(diffs), 0.0), v1.float32), axes)
        term1 = 2.0 * v1.div_no_nan(v1.reduce_sum(v1.square(diffs), axes), present)
        term2 = 2.0 * v1.div_no_nan(v1.square(v1.reduce_sum(diffs, axes)), v1.square(present))
        loss = v1.reduce_sum((term1 - term2) * v1.reshape(weights, [-1]))
        v1.losses.add_loss(loss)
        return loss


def mean_squared_error(predictions, labels=None, weights=1.0, scope=None):
    return _losses.mean_squared_error(labels, predictions, weights, scope)


def sigmoid_cross_entropy(logits, multi_class_labels, weights=1.0, label_smoothing=0, scope=None):
    return _losses.sigmoid_cross_entropy(multi_class_labels, logits, weights, label_smoothing, scope)


def _per_example(weights):
    """contrib took a cross-entropy's weights as [batch] or [batch, 1]; tf.losses, [batch] only."""
    weights = v1.convert_to_tensor(weights)
    if weights.shape.ndims == 2 and weights.shape[1] == 1:
        return v1.squeeze(weights, [1])
    return weights


def softmax_cross_entropy(logits, onehot_labels, weights=1.0, label_smoothing=0, scope=None):
    return _losses.softmax_cross_entropy(onehot_labels, logits, _per_example(weights), label_smoothing, scope)


def sparse_softmax_cross_entropy(logits, labels, weights=1.0, scope=None):
    return _losses.sparse_softmax_cross_entropy(labels, logits, _per_example(weights), scope)

"""``tf.contrib.metrics``: the streaming metrics TF 1.x moved to ``tf.metrics``, in contrib's
argument order, and contrib's own few helpers.

contrib's ``streaming_*`` functions took ``predictions`` first and ``labels`` second (tf.metrics
takes labels first) and otherwise called the same functions, so their local variables
(``accuracy/total``, ``accuracy/count``...), update ops and values are ``tf.compat.v1.metrics``'.
``accuracy`` is contrib's one-shot (not streaming) accuracy; ``aggregate_metrics`` and
``aggregate_metric_map`` split (value, update) pairs; ``confusion_matrix`` and the ``set_*``
functions are TF's own. What contrib computed with ops of its own (Pearson correlation,
covariance, Cohen's kappa, F1 at thresholds...) is not provided and is refused by the table.
"""

from __future__ import annotations

from ...compat import v1

_m = v1.metrics


def _swap(metric):
    """contrib's spelling of a tf.metrics function: (predictions, labels, ...) -> metric(labels, predictions, ...)."""

    def streaming(predictions, labels, *args, **kwargs):
        return metric(labels, predictions, *args, **kwargs)

    streaming.__name__ = f"streaming_{metric.__name__}"
    streaming.__doc__ = f"contrib's argument order (predictions, labels) for tf.compat.v1.metrics.{metric.__name__}."
    return streaming


streaming_accuracy = _swap(_m.accuracy)
streaming_auc = _swap(_m.auc)
streaming_precision = _swap(_m.precision)
streaming_recall = _swap(_m.recall)
streaming_mean_absolute_error = _swap(_m.mean_absolute_error)
streaming_mean_squared_error = _swap(_m.mean_squared_error)
streaming_root_mean_squared_error = _swap(_m.root_mean_squared_error)
streaming_mean_relative_error = _swap(_m.mean_relative_error)
streaming_mean_iou = _swap(_m.mean_iou)
streaming_mean_cosine_distance = _swap(_m.mean_cosine_distance)
streaming_true_positives = _swap(_m.true_positives)
streaming_true_negatives = _swap(_m.true_negatives)
streaming_false_positives = _swap(_m.false_positives)
streaming_false_negatives = _swap(_m.false_negatives)
streaming_precision_at_thresholds = _swap(_m.precision_at_thresholds)
streaming_recall_at_thresholds = _swap(_m.recall_at_thresholds)
streaming_sensitivity_at_specificity = _swap(_m.sensitivity_at_specificity)
streaming_specificity_at_sensitivity = _swap(_m.specificity_at_sensitivity)
streaming_sparse_precision_at_k = _swap(_m.precision_at_k)
streaming_sparse_recall_at_k = _swap(_m.recall_at_k)
streaming_sparse_average_precision_at_k = _swap(_m.average_precision_at_k)
streaming_sparse_precision_at_top_k = _swap(_m.precision_at_top_k)
streaming_mean = _m.mean
streaming_mean_tensor = _m.mean_tensor
streaming_percentage_less = _m.percentage_below
confusion_matrix = v1.confusion_matrix
set_difference = v1.sets.set_difference
set_intersection = v1.sets.set_intersection
set_size = v1.sets.set_size
set_union = v1.sets.set_union


def streaming_recall_at_k(predictions, labels, k, weights=None, metrics_collections=None, updates_collections=None,
                          name=None):  # fmt: skip
    """Whether each label is among the top ``k`` predictions, averaged (labels are class ids)."""
    in_top_k = v1.cast(v1.nn.in_top_k(predictions, labels, k), v1.float32)
    return _m.mean(in_top_k, weights, metrics_collections, updates_collections, name or f"recall_at_{k}")


def accuracy(predictions, labels, weights=None, name=None):
    """The fraction of ``predictions`` equal to ``labels`` (weighted), computed once, not streamed."""
    if not (predictions.dtype.is_integer or predictions.dtype == v1.bool or predictions.dtype == v1.string):
        raise ValueError(f"Dtypes of predictions must be int or bool, got {predictions.dtype}")
    with v1.name_scope(name, "accuracy", values=[predictions, labels]):
        predictions.get_shape().assert_is_compatible_with(labels.get_shape())
        if labels.dtype != predictions.dtype:
            predictions = v1.cast(predictions, labels.dtype)
        is_correct = v1.cast(v1.equal(predictions, labels), v1.float32)
        if weights is not None:
            weights = v1.cast(weights, v1.float32)
            return v1.div(v1.reduce_sum(v1.multiply(is_correct, weights)), v1.reduce_sum(weights))
        return v1.reduce_mean(is_correct)


def aggregate_metrics(*value_update_tuples):
    """``(value, update), (value, update)...`` -> ``[values], [updates]``."""
    if not value_update_tuples:
        raise ValueError("Expected at least one value_tensor/update_op pair")
    values, updates = zip(*value_update_tuples, strict=True)
    return list(values), list(updates)


def aggregate_metric_map(names_to_tuples):
    """``{name: (value, update)}`` -> ``{name: value}, {name: update}``."""
    names = list(names_to_tuples)
    values, updates = aggregate_metrics(*[names_to_tuples[n] for n in names])
    return dict(zip(names, values, strict=True)), dict(zip(names, updates, strict=True))

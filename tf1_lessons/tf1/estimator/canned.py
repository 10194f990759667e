"""The premade estimators of TF 1.15 (its v1 classes): ``DNNClassifier``, ``DNNRegressor``,
``LinearClassifier``, ``LinearRegressor``, on ``tf.feature_column`` (which TF 2.21 still has).

Their TF 1.15 defaults are kept: ``Adagrad`` at 0.05 for the DNNs and ``Ftrl`` at 0.2 for the
linear models (``min(0.2, 1/sqrt(number of feature columns))`` with ``optimizer=None``); ``n_classes=2`` (a
sigmoid head) and a softmax head above it; the loss summed over the batch
(``Reduction.SUM``), so the ``loss = ...`` lines show the sum, as TF 1.15 printed them; Glorot
uniform kernels, ``dnn/hiddenlayer_N`` and ``dnn/logits`` (``linear/linear_model/...``)
variable names; the predictions dictionary (``logits``, ``probabilities``, ``class_ids``,
``classes``, ``all_class_ids``, ``all_classes``, and ``logistic`` for two classes) and the
evaluation metrics (``accuracy``, ``average_loss``, ``loss``; for two classes also
``precision``, ``recall``, ``auc``, ``auc_precision_recall``, ``accuracy_baseline``,
``label/mean``, ``prediction/mean``; for regression ``average_loss``, ``label/mean``,
``prediction/mean``).
"""

from __future__ import annotations

import math

from .core import Estimator, EstimatorSpec, ModeKeys


def _v1():
    from ...compat import v1

    return v1


_OPTIMIZERS = {
    "Adagrad": "AdagradOptimizer",
    "Adam": "AdamOptimizer",
    "Ftrl": "FtrlOptimizer",
    "RMSProp": "RMSPropOptimizer",
    "SGD": "GradientDescentOptimizer",
}


def _optimizer(optimizer, learning_rate):
    """TF 1.15's ``get_optimizer_instance``: a name, an instance, or a callable returning one."""
    v1 = _v1()
    if isinstance(optimizer, str):
        if optimizer not in _OPTIMIZERS:
            raise ValueError(
                f"Unsupported optimizer name: {optimizer}. Supported names are: {tuple(sorted(_OPTIMIZERS))}"
            )
        return getattr(v1.train, _OPTIMIZERS[optimizer])(learning_rate=learning_rate)
    if callable(optimizer) and not isinstance(optimizer, v1.train.Optimizer):
        optimizer = optimizer()
    if not isinstance(optimizer, v1.train.Optimizer):
        raise ValueError(f"The given object is not an Optimizer instance. Given: {optimizer}")
    return optimizer


# -- heads ----------------------------------------------------------------------------------------


class _Head:
    """Loss, predictions, metrics and train op over the logits, as TF 1.15's canned heads."""

    def __init__(self, weight_column=None, label_vocabulary=None, loss_reduction=None):
        self.weight_column, self.label_vocabulary = weight_column, label_vocabulary
        self.loss_reduction = loss_reduction or _v1().losses.Reduction.SUM

    def _weights(self, features, logits):
        v1 = _v1()
        if self.weight_column is None:
            return 1.0
        key = self.weight_column if isinstance(self.weight_column, str) else self.weight_column.key
        weights = v1.cast(features[key], v1.float32)
        return v1.reshape(weights, [-1, 1])

    def _labels(self, labels, logits, dimension):
        v1 = _v1()
        if labels is None:
            raise ValueError("You must provide a labels Tensor. Given: None. Suggested troubleshooting steps: Check "
                             "that your data contain your label feature. Check that your input_fn properly parses and "
                             "returns labels.")  # fmt: skip
        if isinstance(labels, dict):
            raise ValueError(f"labels must be a Tensor for this head, got a dict with keys {sorted(labels)}")
        labels = v1.convert_to_tensor(labels)
        if labels.shape.ndims == 1:
            labels = v1.expand_dims(labels, -1)
        if labels.shape.ndims is not None and labels.shape[-1] is not None and labels.shape[-1] != dimension:
            raise ValueError(
                f"Mismatched label shape. Expected labels dimension={dimension}.  Received {labels.shape[-1]}. "
                f"Suggested Fix: check your n_classes argument to the estimator and/or the shape of your label."
            )
        return labels

    def _label_ids(self, labels, n_classes):
        from tensorflow.python.ops import lookup_ops

        v1 = _v1()
        if self.label_vocabulary is None:
            if not labels.dtype.is_integer:
                raise ValueError(f"Labels dtype should be integer. Instead got {labels.dtype}.")
            ids = labels
        else:
            if labels.dtype != v1.string:
                raise ValueError(f"Labels dtype should be string if there is a vocabulary. Instead got {labels.dtype}")
            table = lookup_ops.index_table_from_tensor(tuple(self.label_vocabulary), name="class_id_lookup")
            ids = table.lookup(labels)
        with v1.control_dependencies(
            [
                v1.assert_less(ids, v1.cast(n_classes, ids.dtype), message="Labels must <= n_classes - 1"),
                v1.assert_non_negative(ids, message="Labels must >= 0"),
            ]
        ):
            return v1.identity(ids)

    def _class_strings(self, class_ids):
        from tensorflow.python.ops import lookup_ops

        v1 = _v1()
        if self.label_vocabulary:
            table = lookup_ops.index_to_string_table_from_tensor(self.label_vocabulary, name="class_string_lookup")
            return table.lookup(class_ids)
        return v1.as_string(class_ids, name="str_classes")

    def _class_predictions(self, logits, class_ids, probabilities, n_classes, **more):
        all_ids, all_classes = self._all_classes(logits, n_classes)
        return {
            "logits": logits,
            **more,
            "probabilities": probabilities,
            "class_ids": class_ids,
            "classes": self._class_strings(class_ids),
            "all_class_ids": all_ids,
            "all_classes": all_classes,
        }

    def _all_classes(self, logits, n_classes):
        v1 = _v1()
        batch = v1.shape(logits)[0]
        ids = v1.tile(v1.expand_dims(v1.range(n_classes), 0), [batch, 1])
        names = self.label_vocabulary if self.label_vocabulary else v1.as_string(v1.range(n_classes))
        return ids, v1.tile(v1.expand_dims(names, 0), [batch, 1])

    def spec(self, features, mode, logits, labels, optimizer):
        v1 = _v1()
        with v1.name_scope("head"):
            predictions = self._predictions(logits)
            if mode == ModeKeys.PREDICT:
                return EstimatorSpec(mode=mode, predictions=predictions)
            loss, unreduced, weights, processed = self._loss(features, logits, labels)
            if mode == ModeKeys.EVAL:
                with v1.name_scope("metrics"):
                    metrics = self._metrics(processed, predictions, weights, unreduced)
                return EstimatorSpec(mode=mode, predictions=predictions, loss=loss, eval_metric_ops=metrics)
            train_op = optimizer.minimize(loss, global_step=v1.train.get_global_step())
            update_ops = v1.get_collection(v1.GraphKeys.UPDATE_OPS)
            if update_ops:
                train_op = v1.group(train_op, *update_ops)
            if self.loss_reduction == v1.losses.Reduction.SUM:
                mean_loss = loss / v1.reduce_sum(weights * v1.ones_like(unreduced))
            else:
                mean_loss = None
        with v1.name_scope(""):
            v1.summary.scalar("loss", loss)
            if mean_loss is not None:
                v1.summary.scalar("average_loss", mean_loss)
        return EstimatorSpec(mode=mode, predictions=predictions, loss=loss, train_op=train_op)


class _MultiClassHead(_Head):
    def __init__(self, n_classes, **kwargs):
        super().__init__(**kwargs)
        self.n_classes = n_classes
        self.logits_dimension = n_classes

    def _predictions(self, logits):
        v1 = _v1()
        with v1.name_scope("predictions"):
            class_ids = v1.expand_dims(v1.argmax(logits, axis=-1, name="class_ids"), axis=-1)
            probabilities = v1.nn.softmax(logits, name="probabilities")
            return self._class_predictions(logits, class_ids, probabilities, self.n_classes)

    def _loss(self, features, logits, labels):
        v1 = _v1()
        ids = self._label_ids(self._labels(labels, logits, 1), self.n_classes)
        unreduced = v1.expand_dims(
            v1.losses.sparse_softmax_cross_entropy(labels=ids, logits=logits, reduction=v1.losses.Reduction.NONE), -1
        )
        weights = self._weights(features, logits)
        loss = v1.losses.compute_weighted_loss(unreduced, weights=weights, reduction=self.loss_reduction)
        return loss, unreduced, weights, ids

    def _metrics(self, ids, predictions, weights, unreduced):
        v1 = _v1()
        w = None if isinstance(weights, float) else weights
        return {
            "average_loss": v1.metrics.mean(unreduced, weights=w, name="average_loss"),
            "accuracy": v1.metrics.accuracy(ids, predictions["class_ids"], weights=w, name="accuracy"),
        }


class _BinaryHead(_Head):
    logits_dimension = 1

    def _predictions(self, logits):
        v1 = _v1()
        with v1.name_scope("predictions"):
            logistic = v1.sigmoid(logits, name="logistic")
            two_class = v1.concat((v1.zeros_like(logits), logits), axis=-1, name="two_class_logits")
            class_ids = v1.expand_dims(v1.argmax(two_class, axis=-1, name="class_ids"), axis=-1)
            probabilities = v1.nn.softmax(two_class, name="probabilities")
            return self._class_predictions(logits, class_ids, probabilities, 2, logistic=logistic)

    def _loss(self, features, logits, labels):
        v1 = _v1()
        ids = self._label_ids(self._labels(labels, logits, 1), 2)
        as_float = v1.cast(ids, v1.float32)
        unreduced = v1.nn.sigmoid_cross_entropy_with_logits(labels=as_float, logits=logits, name="loss")
        weights = self._weights(features, logits)
        loss = v1.losses.compute_weighted_loss(unreduced, weights=weights, reduction=self.loss_reduction)
        return loss, unreduced, weights, as_float

    def _metrics(self, labels, predictions, weights, unreduced):
        v1 = _v1()
        w = None if isinstance(weights, float) else weights
        with v1.name_scope("label/mean"):
            label_mean = v1.metrics.mean(labels, weights=w, name="label/mean")
        value, update = label_mean
        return {
            "average_loss": v1.metrics.mean(unreduced, weights=w, name="average_loss"),
            "accuracy": v1.metrics.accuracy(labels, predictions["class_ids"], weights=w, name="accuracy"),
            "precision": v1.metrics.precision(labels, predictions["class_ids"], weights=w, name="precision"),
            "recall": v1.metrics.recall(labels, predictions["class_ids"], weights=w, name="recall"),
            "prediction/mean": v1.metrics.mean(predictions["logistic"], weights=w, name="prediction/mean"),
            "label/mean": label_mean,
            "accuracy_baseline": (
                v1.maximum(value, 1.0 - value, name="value"),
                v1.maximum(update, 1 - update, name="update_op"),
            ),
            "auc": v1.metrics.auc(labels, predictions["logistic"], weights=w, name="auc"),
            "auc_precision_recall": v1.metrics.auc(
                labels, predictions["logistic"], weights=w, curve="PR", name="auc_precision_recall"
            ),
        }


class _RegressionHead(_Head):
    def __init__(self, label_dimension=1, **kwargs):
        super().__init__(**kwargs)
        self.logits_dimension = label_dimension

    def _predictions(self, logits):
        return {"predictions": logits}

    def _loss(self, features, logits, labels):
        v1 = _v1()
        labels = v1.cast(self._labels(labels, logits, self.logits_dimension), v1.float32)
        unreduced = v1.losses.mean_squared_error(labels=labels, predictions=logits, reduction=v1.losses.Reduction.NONE)
        weights = self._weights(features, logits)
        loss = v1.losses.compute_weighted_loss(unreduced, weights=weights, reduction=self.loss_reduction)
        return loss, unreduced, weights, labels

    def _metrics(self, labels, predictions, weights, unreduced):
        v1 = _v1()
        w = None if isinstance(weights, float) else weights
        return {
            "average_loss": v1.metrics.mean(unreduced, weights=w, name="average_loss"),
            "prediction/mean": v1.metrics.mean(predictions["predictions"], weights=w, name="prediction/mean"),
            "label/mean": v1.metrics.mean(labels, weights=w, name="label/mean"),
        }


def _classification_head(n_classes, weight_column, label_vocabulary, loss_reduction):
    if n_classes is None or n_classes < 2:
        raise ValueError(f"n_classes must be > 1: {n_classes}")
    kwargs = dict(weight_column=weight_column, label_vocabulary=label_vocabulary, loss_reduction=loss_reduction)
    return _BinaryHead(**kwargs) if n_classes == 2 else _MultiClassHead(n_classes, **kwargs)


# -- models -----------------------------------------------------------------------------------------


def _check_features(features):
    if not isinstance(features, dict):
        raise ValueError(f"features should be a dictionary of `Tensor`s. Given type: {type(features)}")


def _layer_summary(value, tag):
    v1 = _v1()
    v1.summary.scalar(f"{tag}/fraction_of_zero_values", v1.nn.zero_fraction(value))
    v1.summary.histogram(f"{tag}/activation", value)


def _dnn_logits(features, mode, units, hidden_units, feature_columns, activation_fn, dropout, batch_norm):
    v1 = _v1()
    training = mode == ModeKeys.TRAIN
    # TF 1.15's partitioners (one partition each on one machine): its variables are
    # `.../kernel/part_0`, and the ops they add keep the later random ops' seeds TF 1.15's.
    partitioner = v1.min_max_variable_partitioner(max_partitions=0)
    inputs_partitioner = v1.min_max_variable_partitioner(max_partitions=0, min_slice_size=64 << 20)
    # TF 1.15 built the DNN as a Keras model, whose variables were resource variables.
    with v1.variable_scope("dnn", values=tuple(features.values()), partitioner=partitioner, use_resource=True):
        with v1.variable_scope("input_from_feature_columns", partitioner=inputs_partitioner):
            net = v1.feature_column.input_layer(features, feature_columns)
        for i, width in enumerate(hidden_units):
            name = f"hiddenlayer_{i}"
            net = v1.layers.dense(
                net, width, activation=activation_fn, kernel_initializer=v1.glorot_uniform_initializer(), name=name
            )
            if dropout is not None and training:
                net = v1.layers.dropout(net, rate=dropout, training=True)
            if batch_norm:
                net = v1.layers.batch_normalization(net, momentum=0.999, training=training, name=f"batchnorm_{i}")
            _layer_summary(net, f"dnn/{name}")
        logits = v1.layers.dense(
            net, units, activation=None, kernel_initializer=v1.glorot_uniform_initializer(), name="logits"
        )
        _layer_summary(logits, "dnn/logits")
    return logits


def _linear_logits(features, units, feature_columns, sparse_combiner):
    v1 = _v1()
    with v1.variable_scope("linear", values=tuple(features.values())):
        columns_to_vars = {}
        logits = v1.feature_column.linear_model(
            features, feature_columns, units=units, sparse_combiner=sparse_combiner, cols_to_vars=columns_to_vars
        )
        bias = columns_to_vars.pop("bias")
        weights = [v for vs in columns_to_vars.values() for v in vs]
        if units > 1:
            v1.summary.histogram("bias", bias)
        else:
            v1.summary.scalar("bias", bias[0][0])
        if weights:
            zeros = v1.add_n([v1.reduce_sum(v1.cast(v1.equal(w, 0), v1.float32)) for w in weights])
            total = v1.add_n([v1.cast(v1.size(w), v1.float32) for w in weights])
            v1.summary.scalar("fraction_of_zero_weights", zeros / total)
    return logits


def _dnn_model_fn(head, hidden_units, feature_columns, optimizer, activation_fn, dropout, batch_norm):
    activation_fn = activation_fn or _v1().nn.relu

    def model_fn(features, labels, mode, config):
        _check_features(features)
        logits = _dnn_logits(
            features, mode, head.logits_dimension, hidden_units, feature_columns, activation_fn, dropout, batch_norm
        )
        return head.spec(features, mode, logits, labels, _optimizer(optimizer, 0.05))

    return model_fn


def _linear_model_fn(head, feature_columns, optimizer, sparse_combiner):
    feature_columns = tuple(feature_columns or [])

    def model_fn(features, labels, mode, config):
        _check_features(features)
        logits = _linear_logits(features, head.logits_dimension, feature_columns, sparse_combiner)
        # The 1/sqrt(columns) rate is for optimizer=None; the name "Ftrl" (the default) gets 0.2.
        chosen = optimizer if optimizer is not None else _v1().train.FtrlOptimizer(_ftrl_rate(feature_columns))
        return head.spec(features, mode, logits, labels, _optimizer(chosen, 0.2))

    return model_fn


class DNNClassifier(Estimator):
    """TF 1.15's ``tf.estimator.DNNClassifier`` (Adagrad 0.05, ReLU, Glorot, summed loss)."""

    def __init__(
        self,
        hidden_units,
        feature_columns,
        model_dir=None,
        n_classes=2,
        weight_column=None,
        label_vocabulary=None,
        optimizer="Adagrad",
        activation_fn=None,
        dropout=None,
        input_layer_partitioner=None,
        config=None,
        warm_start_from=None,
        loss_reduction=None,
        batch_norm=False,
    ):
        head = _classification_head(n_classes, weight_column, label_vocabulary, loss_reduction)
        model_fn = _dnn_model_fn(head, hidden_units, feature_columns, optimizer, activation_fn, dropout, batch_norm)
        super().__init__(model_fn=model_fn, model_dir=model_dir, config=config, warm_start_from=warm_start_from)


class DNNRegressor(Estimator):
    """TF 1.15's ``tf.estimator.DNNRegressor`` (Adagrad 0.05, ReLU, Glorot, summed squared error)."""

    def __init__(
        self,
        hidden_units,
        feature_columns,
        model_dir=None,
        label_dimension=1,
        weight_column=None,
        optimizer="Adagrad",
        activation_fn=None,
        dropout=None,
        input_layer_partitioner=None,
        config=None,
        warm_start_from=None,
        loss_reduction=None,
        batch_norm=False,
    ):
        head = _RegressionHead(label_dimension, weight_column=weight_column, loss_reduction=loss_reduction)
        model_fn = _dnn_model_fn(head, hidden_units, feature_columns, optimizer, activation_fn, dropout, batch_norm)
        super().__init__(model_fn=model_fn, model_dir=model_dir, config=config, warm_start_from=warm_start_from)


def _ftrl_rate(feature_columns) -> float:
    return min(0.2, 1.0 / math.sqrt(len(feature_columns)))


class LinearClassifier(Estimator):
    """TF 1.15's ``tf.estimator.LinearClassifier`` (Ftrl at 0.2, zero weights)."""

    def __init__(
        self,
        feature_columns,
        model_dir=None,
        n_classes=2,
        weight_column=None,
        label_vocabulary=None,
        optimizer="Ftrl",
        config=None,
        partitioner=None,
        warm_start_from=None,
        loss_reduction=None,
        sparse_combiner="sum",
    ):
        head = _classification_head(n_classes, weight_column, label_vocabulary, loss_reduction)
        model_fn = _linear_model_fn(head, feature_columns, optimizer, sparse_combiner)
        super().__init__(model_fn=model_fn, model_dir=model_dir, config=config, warm_start_from=warm_start_from)


class LinearRegressor(Estimator):
    """TF 1.15's ``tf.estimator.LinearRegressor`` (Ftrl at 0.2, zero weights)."""

    def __init__(
        self,
        feature_columns,
        model_dir=None,
        label_dimension=1,
        weight_column=None,
        optimizer="Ftrl",
        config=None,
        partitioner=None,
        warm_start_from=None,
        loss_reduction=None,
        sparse_combiner="sum",
    ):
        head = _RegressionHead(label_dimension, weight_column=weight_column, loss_reduction=loss_reduction)
        model_fn = _linear_model_fn(head, feature_columns, optimizer, sparse_combiner)
        super().__init__(model_fn=model_fn, model_dir=model_dir, config=config, warm_start_from=warm_start_from)

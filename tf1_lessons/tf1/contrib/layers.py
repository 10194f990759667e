"""``tf.contrib.layers``: the initializers, regularizers and layers TF1 tutorials used.

Each follows TF1's definition: its defaults (``fully_connected`` and ``conv2d`` apply ReLU and
Xavier-initialized ``weights`` with zero ``biases``), its variable names (``fully_connected/weights``,
``Conv/biases``, ``BatchNorm/moving_mean``), its collections (``batch_norm``'s moving-average
updates go to ``UPDATE_OPS``) and its seed rules (op-level ``seed`` combined with the graph's).
All layers honour ``arg_scope``.
"""

from __future__ import annotations

import numpy as np

from ...compat import tf, v1, xavier_initializer
from .framework import add_arg_scope

xavier_initializer_conv2d = xavier_initializer

# v1's truncated normal divides its stddev by this (the std of a unit normal cut at 2 sigma);
# contrib instead multiplied the variance by 1.3. Folding both into `scale` gives contrib's values.
_TRUNCATED_STD = 0.87962566103423978


def variance_scaling_initializer(factor=2.0, mode="FAN_IN", uniform=False, seed=None, dtype=tf.float32):
    """He et al. by default: ``uniform`` on ``±sqrt(3 * factor / n)``, else a normal truncated at
    2 sigma with stddev ``sqrt(1.3 * factor / n)``; ``n`` is fan-in, fan-out or their mean."""
    if mode not in ("FAN_IN", "FAN_OUT", "FAN_AVG"):
        raise TypeError(f"Unknown mode {mode} [FAN_IN, FAN_OUT, FAN_AVG]")
    del dtype  # the variable being created supplies it
    if uniform:
        return v1.variance_scaling_initializer(scale=factor, mode=mode.lower(), distribution="uniform", seed=seed)
    return v1.variance_scaling_initializer(
        scale=factor * 1.3 * _TRUNCATED_STD**2, mode=mode.lower(), distribution="truncated_normal", seed=seed
    )


def _checked_scale(scale):
    if isinstance(scale, (int, float)):
        if scale < 0.0:
            raise ValueError(f"Setting a scale less than 0 on a regularizer: {scale}")
        if scale == 0.0:
            return None
    return scale


def l1_regularizer(scale, scope=None):
    """``scale * sum(|w|)``; a scale of 0 gives no penalty (``None``), as in TF1."""
    scale = _checked_scale(scale)

    def l1(weights, name=None):
        if scale is None:
            return None
        with v1.name_scope(scope, "l1_regularizer", [weights]) as name:
            my_scale = tf.convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name="scale")
            return tf.multiply(my_scale, tf.reduce_sum(tf.abs(weights)), name=name)

    return l1


def l2_regularizer(scale, scope=None):
    """``scale * sum(w**2) / 2`` (``tf.nn.l2_loss``); a scale of 0 gives no penalty."""
    scale = _checked_scale(scale)

    def l2(weights):
        if scale is None:
            return None
        with v1.name_scope(scope, "l2_regularizer", [weights]) as name:
            my_scale = tf.convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name="scale")
            return tf.multiply(my_scale, tf.nn.l2_loss(weights), name=name)

    return l2


def _finish(outputs, normalizer_fn, normalizer_params, activation_fn, outputs_collections, scope_name):
    if normalizer_fn is not None:
        outputs = normalizer_fn(outputs, **(normalizer_params or {}))
    if activation_fn is not None:
        outputs = activation_fn(outputs)
    if outputs_collections:
        v1.add_to_collections(outputs_collections, outputs)
    return outputs


def _variable(name, shape, initializer, regularizer, collections, trainable, layer_name=None):
    """A model variable. ``layer_name``: the name TF 1.15's layer (Dense, Conv2D) gave it
    (``kernel``, ``bias``), which applied the regularizer right after making it, under
    ``<scope>/<layer_name>/Regularizer/`` (TF 2's get_variable would call it once more outside
    any scope, to see whether it gives a loss: other ops, so other seeds after them)."""
    collections = None if collections is None else list(collections) + [v1.GraphKeys.GLOBAL_VARIABLES]
    var = v1.get_variable(
        name,
        shape=shape,
        initializer=initializer,
        regularizer=None if layer_name else regularizer,
        collections=collections,
        trainable=trainable,
    )
    v1.add_to_collection(v1.GraphKeys.MODEL_VARIABLES, var)
    if layer_name and regularizer is not None:
        scope = v1.get_variable_scope().original_name_scope
        with v1.name_scope(f"{scope}{layer_name}/Regularizer/"):
            loss = regularizer(var)
        if loss is not None:
            v1.add_to_collection(v1.GraphKeys.REGULARIZATION_LOSSES, loss)
    return var


@add_arg_scope
def fully_connected(
    inputs,
    num_outputs,
    activation_fn=tf.nn.relu,
    normalizer_fn=None,
    normalizer_params=None,
    weights_initializer=None,
    weights_regularizer=None,
    biases_initializer=v1.zeros_initializer(),  # noqa: B008 - contrib's own default; the initializer is stateless
    biases_regularizer=None,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    scope=None,
):
    """``activation_fn(inputs @ weights + biases)``; the bias is left out when a normalizer follows."""
    inputs = tf.convert_to_tensor(inputs)
    with v1.variable_scope(scope, "fully_connected", [inputs], reuse=reuse) as sc:
        n_in = inputs.get_shape()[-1]
        weights = _variable(
            "weights",
            [n_in, num_outputs],
            weights_initializer or xavier_initializer(),
            weights_regularizer,
            variables_collections,
            trainable,
            layer_name="kernel",
        )
        # Both variables before the product, as TF 1.15's layer built them: a random bias
        # initializer then draws with TF 1.15's op count (its seed).
        biases = None
        if normalizer_fn is None and biases_initializer is not None:
            biases = _variable(
                "biases", [num_outputs], biases_initializer, biases_regularizer, variables_collections, trainable,
                layer_name="bias",
            )  # fmt: skip
        if inputs.get_shape().ndims == 2:
            outputs = tf.matmul(inputs, weights)
        else:
            outputs = tf.tensordot(inputs, weights, [[inputs.get_shape().ndims - 1], [0]])
        if biases is not None:
            outputs = tf.nn.bias_add(outputs, biases)
        return _finish(outputs, normalizer_fn, normalizer_params, activation_fn, outputs_collections, sc.name)


def _pair(value):
    return [value, value] if isinstance(value, int) else list(value)


@add_arg_scope
def conv2d(
    inputs,
    num_outputs,
    kernel_size,
    stride=1,
    padding="SAME",
    data_format=None,
    rate=1,
    activation_fn=tf.nn.relu,
    normalizer_fn=None,
    normalizer_params=None,
    weights_initializer=None,
    weights_regularizer=None,
    biases_initializer=v1.zeros_initializer(),  # noqa: B008 - contrib's own default; the initializer is stateless
    biases_regularizer=None,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    scope=None,
):
    """A 2-D convolution (NHWC) with ``weights`` [kh, kw, in, out] and ``biases``, then the activation."""
    if data_format not in (None, "NHWC"):
        raise ValueError("tf1-lessons' contrib.layers.conv2d supports data_format NHWC (the CPU layout) only")
    inputs = tf.convert_to_tensor(inputs)
    with v1.variable_scope(scope, "Conv", [inputs], reuse=reuse) as sc:
        kh, kw = _pair(kernel_size)
        weights = _variable(
            "weights",
            [kh, kw, inputs.get_shape()[-1], num_outputs],
            weights_initializer or xavier_initializer(),
            weights_regularizer,
            variables_collections,
            trainable,
            layer_name="kernel",
        )
        biases = None  # made before the convolution, as TF 1.15's layer did (see fully_connected)
        if normalizer_fn is None and biases_initializer is not None:
            biases = _variable(
                "biases", [num_outputs], biases_initializer, biases_regularizer, variables_collections, trainable,
                layer_name="bias",
            )  # fmt: skip
        sh, sw = _pair(stride)
        outputs = tf.nn.conv2d(inputs, weights, strides=[1, sh, sw, 1], padding=padding, dilations=[1, *_pair(rate), 1])
        from ..tf115_ops import count_missing

        count_missing(1)  # TF 1.15's layer made a `dilation_rate` constant here
        if biases is not None:
            outputs = tf.nn.bias_add(outputs, biases)
        return _finish(outputs, normalizer_fn, normalizer_params, activation_fn, outputs_collections, sc.name)


@add_arg_scope
def max_pool2d(
    inputs, kernel_size, stride=2, padding="VALID", data_format="NHWC", outputs_collections=None, scope=None
):
    with v1.name_scope(scope, "MaxPool2D", [inputs]):
        outputs = tf.nn.max_pool2d(
            inputs, [1, *_pair(kernel_size), 1], [1, *_pair(stride), 1], padding, data_format, name="MaxPool"
        )
        return _finish(outputs, None, None, None, outputs_collections, scope)


@add_arg_scope
def avg_pool2d(
    inputs, kernel_size, stride=2, padding="VALID", data_format="NHWC", outputs_collections=None, scope=None
):
    with v1.name_scope(scope, "AvgPool2D", [inputs]):
        outputs = tf.nn.avg_pool2d(
            inputs, [1, *_pair(kernel_size), 1], [1, *_pair(stride), 1], padding, data_format, name="AvgPool"
        )
        return _finish(outputs, None, None, None, outputs_collections, scope)


@add_arg_scope
def flatten(inputs, outputs_collections=None, scope=None):
    """[batch, ...] -> [batch, k], keeping the batch axis."""
    with v1.name_scope(scope, "Flatten", [inputs]):
        inputs = tf.convert_to_tensor(inputs)
        # TF 1.15's op sequence (its tf.layers Flatten inside): the batch size read from the
        # tensor when it is not static, reshaped to (batch, -1). The count of these ops decides
        # the seed of the next random op (tf1/rules.py).
        with v1.name_scope("flatten"):
            shape = inputs.get_shape().as_list()
            batch = shape[0] if shape and shape[0] is not None else tf.shape(inputs)[0]
            outputs = tf.reshape(inputs, (batch, -1))
            rest = shape[1:]
            outputs.set_shape([shape[0], int(np.prod(rest)) if all(rest) else None])
        return _finish(outputs, None, None, None, outputs_collections, scope)


@add_arg_scope
def dropout(inputs, keep_prob=0.5, noise_shape=None, is_training=True, outputs_collections=None, scope=None, seed=None):
    """Keeps each unit with probability ``keep_prob`` (scaling by ``1/keep_prob``) while training;
    the identity otherwise. ``is_training`` may be a bool or a boolean tensor."""
    with v1.name_scope(scope, "Dropout", [inputs]):

        def dropped():
            # TF 1.15's tf.layers.Dropout: nn.dropout with rate = 1 - keep_prob, its ops (v1's
            # nn.dropout is TF 1.15's under the runtime: tf115_ops.dropout).
            return v1.nn.dropout(inputs, rate=1 - keep_prob, noise_shape=noise_shape, seed=seed)

        if isinstance(is_training, bool):
            outputs = dropped() if is_training else tf.identity(inputs)
        else:
            outputs = v1.cond(tf.cast(is_training, tf.bool), dropped, lambda: tf.identity(inputs))
        return _finish(outputs, None, None, None, outputs_collections, scope)


@add_arg_scope
def layer_norm(
    inputs,
    center=True,
    scale=True,
    activation_fn=None,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    begin_norm_axis=1,
    begin_params_axis=-1,
    scope=None,
):
    """Layer normalization: each example normalised over its axes from ``begin_norm_axis`` on
    (mean 0, variance 1, epsilon 1e-12), then scaled by ``gamma`` and shifted by ``beta``, whose
    shape is the input's from ``begin_params_axis`` on. As TF 1.15.5 built it (measured): the
    scope ``LayerNorm``, ``beta`` (zeros) then ``gamma`` (ones), ``tf.nn.moments`` kept to rank
    and ``tf.nn.batch_normalization``; the same 22 ops, so later random ops draw TF 1.15's seeds."""
    with v1.variable_scope(scope, "LayerNorm", [inputs], reuse=reuse) as sc:
        inputs = tf.convert_to_tensor(inputs)
        shape = inputs.get_shape()
        rank = shape.ndims
        if rank is None:
            raise ValueError(f"Inputs {inputs.name} has undefined rank.")
        if begin_norm_axis < 0:
            begin_norm_axis = rank + begin_norm_axis
        if begin_params_axis >= rank or begin_norm_axis >= rank:
            raise ValueError(
                f"begin_params_axis ({begin_params_axis}) and begin_norm_axis ({begin_norm_axis}) must be < rank "
                f"({rank})"
            )
        params_shape = shape[begin_params_axis:]
        if not params_shape.is_fully_defined():
            raise ValueError(f"Inputs {inputs.name}: shape[begin_params_axis:] is not fully defined: {params_shape}")

        def collections(name):
            if isinstance(variables_collections, dict):
                return variables_collections.get(name)
            return variables_collections

        beta = (
            _variable("beta", params_shape, v1.zeros_initializer(), None, collections("beta"), trainable)
            if center
            else None
        )
        gamma = (
            _variable("gamma", params_shape, v1.ones_initializer(), None, collections("gamma"), trainable)
            if scale
            else None
        )
        mean, variance = v1.nn.moments(inputs, list(range(begin_norm_axis, rank)), keep_dims=True)
        outputs = tf.nn.batch_normalization(inputs, mean, variance, beta, gamma, 1e-12)
        outputs.set_shape(shape)
        return _finish(outputs, None, None, activation_fn, outputs_collections, sc.name)


@add_arg_scope
def batch_norm(
    inputs,
    decay=0.999,
    center=True,
    scale=False,
    epsilon=0.001,
    activation_fn=None,
    param_initializers=None,
    param_regularizers=None,
    updates_collections=v1.GraphKeys.UPDATE_OPS,
    is_training=True,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    fused=None,
    data_format="NHWC",
    zero_debias_moving_mean=False,
    scope=None,
):
    """TF1's batch normalization: batch statistics while training, moving averages otherwise.

    Variables ``beta`` (if ``center``), ``gamma`` (if ``scale``), ``moving_mean`` and
    ``moving_variance``. While training, the moving-average updates go to ``updates_collections``
    (run them with the train op, as TF1 scripts do via ``UPDATE_OPS``), or run with the layer when
    it is ``None``. 4-D inputs use the fused kernel unless ``fused=False``, as TF1 did (its moving
    variance is updated with the unbiased batch variance); other ranks use ``tf.nn.moments``.
    """
    if data_format != "NHWC":
        raise ValueError("tf1-lessons' contrib.layers.batch_norm supports data_format NHWC only")
    inputs = tf.convert_to_tensor(inputs)
    init, regs = param_initializers or {}, param_regularizers or {}
    rank = inputs.get_shape().ndims
    # TF 1.15 took its fused path for a 2-D input (a fully connected layer's), for zero-debiased
    # moving means and for updates outside UPDATE_OPS, with these ops in this order (measured:
    # op for op against TF 1.15.5, so that the random ops after it draw TF 1.15's seeds).
    if (
        fused is not False
        and rank in (2, 4)
        and (zero_debias_moving_mean or rank == 2 or updates_collections is not v1.GraphKeys.UPDATE_OPS)
    ):
        return _fused_batch_norm(
            inputs, decay, center, scale, epsilon, activation_fn, init, regs, updates_collections, is_training,
            reuse, variables_collections, outputs_collections, trainable, zero_debias_moving_mean, scope,
        )  # fmt: skip
    # Otherwise a 4-D input went through tf.layers' BatchNormalization, fused, with its ops.
    if fused is not False and rank == 4:
        return _layer_batch_norm(
            inputs, decay, center, scale, epsilon, activation_fn, init, regs, is_training, reuse,
            variables_collections, outputs_collections, trainable, scope,
        )  # fmt: skip
    with v1.variable_scope(scope, "BatchNorm", [inputs], reuse=reuse) as sc:
        depth = inputs.get_shape()[-1]
        dtype = inputs.dtype.base_dtype
        beta = (
            _variable(
                "beta",
                [depth],
                init.get("beta", v1.zeros_initializer()),
                regs.get("beta"),
                variables_collections,
                trainable,
            )
            if center
            else tf.zeros([depth], dtype)
        )
        gamma = (
            _variable(
                "gamma",
                [depth],
                init.get("gamma", v1.ones_initializer()),
                regs.get("gamma"),
                variables_collections,
                trainable,
            )
            if scale
            else tf.ones([depth], dtype)
        )
        moving_collections = [v1.GraphKeys.GLOBAL_VARIABLES, v1.GraphKeys.MOVING_AVERAGE_VARIABLES] + list(
            variables_collections or []
        )
        moving_mean = v1.get_variable(
            "moving_mean",
            [depth],
            initializer=init.get("moving_mean", v1.zeros_initializer()),
            trainable=False,
            collections=moving_collections,
        )
        moving_variance = v1.get_variable(
            "moving_variance",
            [depth],
            initializer=init.get("moving_variance", v1.ones_initializer()),
            trainable=False,
            collections=moving_collections,
        )
        use_fused = inputs.get_shape().ndims == 4 and fused is not False

        def training_branch():
            if use_fused:
                outputs, mean, variance = v1.nn.fused_batch_norm(inputs, gamma, beta, epsilon=epsilon, is_training=True)
            else:
                axes = list(range(inputs.get_shape().ndims - 1))
                mean, variance = tf.nn.moments(inputs, axes)
                outputs = tf.nn.batch_normalization(inputs, mean, variance, beta, gamma, epsilon)
            return outputs, mean, variance

        def inference_branch():
            if use_fused:
                outputs, _, _ = v1.nn.fused_batch_norm(
                    inputs, gamma, beta, mean=moving_mean, variance=moving_variance, epsilon=epsilon, is_training=False
                )
            else:
                outputs = tf.nn.batch_normalization(inputs, moving_mean, moving_variance, beta, gamma, epsilon)
            return outputs, moving_mean, moving_variance

        def updates(mean, variance):
            from tensorflow.python.training import moving_averages

            return [
                moving_averages.assign_moving_average(moving_mean, mean, decay, zero_debias=zero_debias_moving_mean),
                moving_averages.assign_moving_average(moving_variance, variance, decay, zero_debias=False),
            ]

        if isinstance(is_training, bool):
            outputs, mean, variance = training_branch() if is_training else inference_branch()
            update_ops = updates(mean, variance) if is_training else []
        else:
            is_training = tf.cast(is_training, tf.bool)
            outputs, mean, variance = v1.cond(is_training, training_branch, inference_branch)
            # Outside training the "update" moves the averages towards themselves: no change.
            update_ops = updates(mean, variance)
        if update_ops:
            if updates_collections is None:
                with tf.control_dependencies(update_ops):
                    outputs = tf.identity(outputs)
            else:
                for op in update_ops:
                    v1.add_to_collections(updates_collections, op)
        outputs.set_shape(inputs.get_shape())
        return _finish(outputs, None, None, activation_fn, outputs_collections, sc.name)


def _parameter(name, wanted, depth, dtype, init, regs, collections, trainable):
    """``beta`` (zeros) or ``gamma`` (ones): a variable where ``center`` / ``scale`` wants one,
    else the constant TF 1.15's fused paths used in its place."""
    default, value = (v1.zeros_initializer(), 0.0) if name == "beta" else (v1.ones_initializer(), 1.0)
    if not wanted:
        return tf.constant(value, dtype=dtype, shape=[depth])
    return _variable(name, [depth], init.get(name, default), regs.get(name), collections, trainable)


def _moving_statistics(depth, init, variables_collections):
    """batch_norm's ``moving_mean`` (zeros) and ``moving_variance`` (ones): not trainable, model
    variables (TF 1.15's ``slim.get_model_variables()`` lists them) in MOVING_AVERAGE_VARIABLES."""
    collections = [
        v1.GraphKeys.GLOBAL_VARIABLES,
        v1.GraphKeys.MODEL_VARIABLES,
        v1.GraphKeys.MOVING_AVERAGE_VARIABLES,
    ] + list(variables_collections or [])
    return tuple(
        v1.get_variable(name, [depth], initializer=init.get(name, default), trainable=False, collections=collections)
        for name, default in (("moving_mean", v1.zeros_initializer()), ("moving_variance", v1.ones_initializer()))
    )


def _fused_kernels(inputs, gamma, beta, epsilon, moving_mean, moving_variance):
    """The fused kernel with the batch's statistics (training) and with the moving ones (inference)."""

    def training():
        return v1.nn.fused_batch_norm(inputs, gamma, beta, epsilon=epsilon, data_format="NHWC")

    def inference():
        return v1.nn.fused_batch_norm(
            inputs, gamma, beta, mean=moving_mean, variance=moving_variance, epsilon=epsilon,
            is_training=False, data_format="NHWC",
        )  # fmt: skip

    return training, inference


def _smart_cond(pred, true_fn, false_fn):
    """A Python bool (or a constant) picks its branch now; a tensor builds a v1 cond, as TF 1.15's
    ``utils.smart_cond`` did."""
    from tensorflow.python.framework import tensor_util

    value = pred if isinstance(pred, bool) else tensor_util.constant_value(tf.convert_to_tensor(pred))
    if value is not None:
        return true_fn() if value else false_fn()
    return v1.cond(pred, true_fn, false_fn)


def _fused_batch_norm(
    inputs, decay, center, scale, epsilon, activation_fn, init, regs, updates_collections, is_training,
    reuse, variables_collections, outputs_collections, trainable, zero_debias_moving_mean, scope,
):  # fmt: skip
    """``batch_norm``'s fused path, as TF 1.15 built it: a 2-D input reshaped to [N, 1, 1, C], the
    fused kernel in a cond on ``is_training`` (batch statistics or the moving averages), the
    moving averages updated in a second cond, the output reshaped back."""
    from tensorflow.python.framework import tensor_util
    from tensorflow.python.training import moving_averages

    with v1.variable_scope(scope, "BatchNorm", [inputs], reuse=reuse) as sc:
        original_shape = inputs.get_shape()
        original_inputs = inputs
        if original_shape.ndims == 2:
            inputs = tf.reshape(inputs, [-1, 1, 1, int(original_shape[-1])])
        depth = inputs.get_shape()[-1]
        dtype = inputs.dtype.base_dtype
        beta = _parameter("beta", center, depth, dtype, init, regs, variables_collections, trainable)
        gamma = _parameter("gamma", scale, depth, dtype, init, regs, variables_collections, trainable)
        moving_mean, moving_variance = _moving_statistics(depth, init, variables_collections)
        training, inference = _fused_kernels(inputs, gamma, beta, epsilon, moving_mean, moving_variance)

        outputs, mean, variance = _smart_cond(is_training, training, inference)
        value = (
            is_training
            if isinstance(is_training, bool)
            else tensor_util.constant_value(tf.convert_to_tensor(is_training))
        )
        if value is None or value:  # the moving averages may move
            if updates_collections is None:

                def force_updates():
                    update_mean = moving_averages.assign_moving_average(
                        moving_mean, mean, decay, zero_debias=zero_debias_moving_mean
                    )
                    update_variance = moving_averages.assign_moving_average(
                        moving_variance, variance, decay, zero_debias=False
                    )
                    with tf.control_dependencies([update_mean, update_variance]):
                        return tf.identity(outputs)

                outputs = _smart_cond(is_training, force_updates, lambda: outputs)
            else:

                def delay_updates():
                    update_mean = moving_averages.assign_moving_average(
                        moving_mean, mean, decay, zero_debias=zero_debias_moving_mean
                    )
                    update_variance = moving_averages.assign_moving_average(
                        moving_variance, variance, decay, zero_debias=False
                    )
                    return update_mean, update_variance

                update_mean, update_variance = _smart_cond(
                    is_training, delay_updates, lambda: (moving_mean, moving_variance)
                )
                v1.add_to_collections(updates_collections, update_mean)
                v1.add_to_collections(updates_collections, update_variance)
        outputs.set_shape(inputs.get_shape())
        if original_shape.ndims == 2:
            outputs = tf.reshape(outputs, tf.shape(original_inputs))
        return _finish(outputs, None, None, activation_fn, outputs_collections, sc.name)


def _layer_batch_norm(
    inputs, decay, center, scale, epsilon, activation_fn, init, regs, is_training, reuse,
    variables_collections, outputs_collections, trainable, scope,
):  # fmt: skip
    """``batch_norm`` of a 4-D input with UPDATE_OPS, as TF 1.15 built it through tf.layers'
    BatchNormalization (fused): ``gamma`` (or a constant 1) before ``beta`` (or a constant 0), the
    fused kernel (in a cond on a tensor ``is_training``), a momentum that a tensor ``is_training``
    sets to 1 outside training, and the two moving-average updates in UPDATE_OPS. Op for op
    against TF 1.15.5 (measured), so later random ops draw TF 1.15's seeds."""
    from tensorflow.python.framework import tensor_util

    with v1.variable_scope(scope, "BatchNorm", [inputs], reuse=reuse) as sc:
        depth = inputs.get_shape()[-1]
        dtype = inputs.dtype.base_dtype

        gamma = _parameter("gamma", scale, depth, dtype, init, regs, variables_collections, trainable)
        beta = _parameter("beta", center, depth, dtype, init, regs, variables_collections, trainable)
        moving_mean, moving_variance = _moving_statistics(depth, init, variables_collections)
        training, inference = _fused_kernels(inputs, gamma, beta, epsilon, moving_mean, moving_variance)

        value = (
            is_training
            if isinstance(is_training, bool)
            else tensor_util.constant_value(tf.convert_to_tensor(is_training))
        )
        outputs, mean, variance = _smart_cond(is_training, training, inference)
        momentum = _smart_cond(is_training, lambda: tf.constant(decay), lambda: tf.constant(1.0))
        if value is None or value:

            def assign_moving_average(variable, batch_value):
                with v1.name_scope(None, "AssignMovingAvg") as name:
                    rate = 1.0 - momentum
                    update = (variable - tf.cast(batch_value, variable.dtype)) * rate
                    return v1.assign_sub(variable, update, name=name)

            for update in (assign_moving_average(moving_mean, mean), assign_moving_average(moving_variance, variance)):
                v1.add_to_collection(v1.GraphKeys.UPDATE_OPS, update.op)  # the op, as the layer added it
        outputs.set_shape(inputs.get_shape())
        return _finish(outputs, None, None, activation_fn, outputs_collections, sc.name)


def l1_l2_regularizer(scale_l1=1.0, scale_l2=1.0, scope=None):
    """The sum of an L1 and an L2 penalty (``sum_regularizer`` of the two), under ``l1_l2_regularizer``."""
    scope = scope or "l1_l2_regularizer"
    if scale_l1 == 0.0:
        return l2_regularizer(scale_l2, scope)
    if scale_l2 == 0.0:
        return l1_regularizer(scale_l1, scope)
    return sum_regularizer([l1_regularizer(scale_l1), l2_regularizer(scale_l2)], scope=scope)


def sum_regularizer(regularizer_list, scope=None):
    """One regularizer adding the penalties of ``regularizer_list`` (a regularizer giving None
    adds nothing; all None gives None)."""
    regularizers = [r for r in regularizer_list if r is not None]
    if not regularizers:
        return None

    def summed(weights):
        with v1.name_scope(scope, "sum_regularizer", [weights]) as name:
            penalties = [p for p in (r(weights) for r in regularizers) if p is not None]
            return tf.add_n(penalties, name=name) if penalties else None

    return summed


def apply_regularization(regularizer, weights_list=None):
    """``regularizer`` applied to each of ``weights_list`` (by default the graph's WEIGHTS
    collection), summed under ``get_regularization_penalty`` and added to REGULARIZATION_LOSSES."""
    weights_list = weights_list or v1.get_collection(v1.GraphKeys.WEIGHTS)
    if not weights_list:
        raise ValueError("No weights to regularize.")
    with v1.name_scope("get_regularization_penalty", values=weights_list) as scope:
        penalties = [regularizer(w) for w in weights_list]
        penalties = [p if p is not None else tf.constant(0.0) for p in penalties]
        for p in penalties:
            if p.get_shape().ndims != 0:
                raise ValueError(
                    f"regularizer must return a scalar Tensor instead of a Tensor with rank {p.get_shape().ndims}."
                )
        summed = tf.add_n(penalties, name=scope)
        v1.add_to_collection(v1.GraphKeys.REGULARIZATION_LOSSES, summed)
        return summed


@add_arg_scope
def embed_sequence(
    ids, vocab_size=None, embed_dim=None, unique=False, initializer=None, regularizer=None, trainable=True,
    scope=None, reuse=None,
):  # fmt: skip
    """Ids [batch, time] to embeddings [batch, time, embed_dim] through one variable,
    ``EmbedSequence/embeddings`` [vocab_size, embed_dim] (v1's default initializer, glorot
    uniform, unless ``initializer``)."""
    if not (reuse or (vocab_size and embed_dim)):
        raise ValueError(
            "Must specify vocab size and embedding dimension when not reusing. "
            f"Got vocab_size={vocab_size} and embed_dim={embed_dim}"
        )
    with v1.variable_scope(scope, "EmbedSequence", [ids], reuse=reuse):
        shape = None if reuse and (vocab_size is None or embed_dim is None) else [vocab_size, embed_dim]
        embeddings = v1.get_variable(
            "embeddings", shape=shape, initializer=initializer, regularizer=regularizer, trainable=trainable
        )
        v1.add_to_collection(v1.GraphKeys.MODEL_VARIABLES, embeddings)
        if not unique:
            return v1.nn.embedding_lookup(embeddings, ids)
        # Each distinct id looked up once, then spread back to its places.
        ids = tf.convert_to_tensor(ids)
        distinct, where = tf.unique(tf.reshape(ids, [-1]))
        found = tf.gather(v1.nn.embedding_lookup(embeddings, distinct), where)
        return tf.reshape(found, tf.concat([tf.shape(ids), tf.shape(embeddings)[1:]], 0))


# -- summaries of activations and tensors, as TF 1.15's contrib.layers wrote them ---------------


def summarize_tensor(tensor, tag=None):
    """A scalar summary of a scalar, a histogram of anything else, named ``<op>_summary``."""
    tag = tag or tensor.op.name
    name = f"{tensor.op.name}_summary"
    if tensor.get_shape().ndims == 0:
        return _scalar_summary(tag, tensor, name)
    return _histogram_summary(tag, tensor, name)


def _scalar_summary(tag, value, name):
    from tensorflow.python.ops import gen_logging_ops

    summary = gen_logging_ops.scalar_summary(tags=tag, values=value, name=name)
    v1.add_to_collection(v1.GraphKeys.SUMMARIES, summary)
    return summary


def _histogram_summary(tag, value, name):
    from tensorflow.python.ops import gen_logging_ops

    summary = gen_logging_ops.histogram_summary(tag=tag, values=value, name=name)
    v1.add_to_collection(v1.GraphKeys.SUMMARIES, summary)
    return summary


def summarize_activation(op):
    """A histogram of ``op`` (``<op>/activation``); for ReLU-like activations also the fraction
    of its values below zero (``<op>/zeros``), as TF 1.15 wrote it."""
    name = op.op.name
    if op.op.type in ("Relu", "Softplus", "Relu6"):
        below = tf.reduce_mean(v1.to_float(tf.less(op, tf.cast(0.0, op.dtype))))
        _scalar_summary(f"{name}/zeros", below, f"{name}/zeros")
    if op.op.type == "Relu6":
        above = tf.reduce_mean(v1.to_float(tf.greater(op, tf.cast(6.0, op.dtype))))
        _scalar_summary(f"{name}/sixes", above, f"{name}/sixes")
    return _histogram_summary(f"{name}/activation", op, f"{name}/activation")


def summarize_tensors(tensors, summarizer=summarize_tensor):
    return [summarizer(tensor) for tensor in tensors]


def summarize_collection(collection, name_filter=None, summarizer=summarize_tensor):
    """A summary of every tensor in ``collection`` whose name matches ``name_filter`` (a regex)."""
    import re

    tensors = [t for t in v1.get_collection(collection) if name_filter is None or re.match(name_filter, t.name)]
    return summarize_tensors(tensors, summarizer)


def summarize_activations(name_filter=None, summarizer=summarize_activation):
    """``summarize_activation`` of every tensor in the ACTIVATIONS collection."""
    return summarize_collection(v1.GraphKeys.ACTIVATIONS, name_filter, summarizer)


# -- optimize_loss: the one-call training op of contrib's Estimator-era models -----------------------
OPTIMIZER_CLS_NAMES = {
    "Adagrad": v1.train.AdagradOptimizer,
    "Adam": v1.train.AdamOptimizer,
    "Ftrl": v1.train.FtrlOptimizer,
    "Momentum": lambda learning_rate: v1.train.MomentumOptimizer(learning_rate, momentum=0.9),
    "RMSProp": v1.train.RMSPropOptimizer,
    "SGD": v1.train.GradientDescentOptimizer,
}
OPTIMIZER_SUMMARIES = ["learning_rate", "loss", "gradients", "gradient_norm", "global_gradient_norm"]


def _gradient_noise(grads_and_vars, scale):
    noisy = []
    for grad, var in grads_and_vars:
        if grad is None:
            noisy.append((None, var))
            continue
        shape = grad.dense_shape if isinstance(grad, v1.IndexedSlices) else grad.get_shape()
        noisy.append((grad + v1.truncated_normal(shape) * scale, var))
    return noisy


def _multiply_gradients(grads_and_vars, multipliers):
    out = []
    for grad, var in grads_and_vars:
        key = var if var in multipliers else var.op.name
        if grad is not None and key in multipliers:
            scale = v1.constant(multipliers[key], dtype=grad.dtype)
            if isinstance(grad, v1.IndexedSlices):
                grad = v1.IndexedSlices(grad.values * scale, grad.indices, grad.dense_shape)
            else:
                grad = grad * scale
        out.append((grad, var))
    return out


def optimize_loss(
    loss,
    global_step,
    learning_rate,
    optimizer,
    gradient_noise_scale=None,
    gradient_multipliers=None,
    clip_gradients=None,
    learning_rate_decay_fn=None,
    update_ops=None,
    variables=None,
    name=None,
    summaries=None,
    colocate_gradients_with_ops=False,
    increment_global_step=True,
):
    """The training op of ``loss``: TF 1.15's ``OptimizeLoss`` scope with its ``learning_rate``
    variable, the optimizer by name, class, function or instance, noise, multipliers and clipping
    of the gradients, their summaries, and ``train`` applying them after ``UPDATE_OPS``. Returns
    the loss, evaluated after the update."""
    from ...compat import tf as tf2

    loss = v1.convert_to_tensor(loss)
    if global_step is None:
        global_step = v1.train.get_global_step()
    else:
        v1.train.assert_global_step(global_step)
    with v1.variable_scope(name, "OptimizeLoss", [loss, global_step]):
        if update_ops is None:
            update_ops = set(v1.get_collection(v1.GraphKeys.UPDATE_OPS))
        if update_ops:
            with v1.control_dependencies(update_ops):
                loss = v1.identity(loss)
        lr = None
        if learning_rate is not None:
            if isinstance(learning_rate, v1.Tensor) and learning_rate.get_shape().ndims == 0:
                lr = learning_rate
            elif isinstance(learning_rate, float):
                if learning_rate < 0.0:
                    raise ValueError(f"Invalid learning_rate {learning_rate}.")
                lr = v1.get_variable(
                    "learning_rate", [], trainable=False, initializer=v1.constant_initializer(learning_rate)
                )
            else:
                raise ValueError(
                    f"Learning rate should be 0d Tensor or float. Got {type(learning_rate)} of {learning_rate}"
                )
        if summaries is None:
            summaries = ["loss", "learning_rate", "global_gradient_norm"]
        else:
            for summ in summaries:
                if summ not in OPTIMIZER_SUMMARIES:
                    raise ValueError(
                        f"Summaries should be one of [{', '.join(OPTIMIZER_SUMMARIES)}], you provided {summ}."
                    )
        if learning_rate is not None and learning_rate_decay_fn is not None:
            if global_step is None:
                raise ValueError("global_step is required for learning_rate_decay_fn.")
            lr = learning_rate_decay_fn(lr, global_step)
            if "learning_rate" in summaries:
                v1.summary.scalar("learning_rate", lr)
        if isinstance(optimizer, str):
            if lr is None:
                raise ValueError(
                    f"Learning rate is None, but should be specified if optimizer is string ({optimizer})."
                )
            if optimizer not in OPTIMIZER_CLS_NAMES:
                raise ValueError(
                    f"Optimizer name should be one of [{', '.join(OPTIMIZER_CLS_NAMES)}], you provided {optimizer}."
                )
            opt = OPTIMIZER_CLS_NAMES[optimizer](learning_rate=lr)
        elif isinstance(optimizer, type) and issubclass(optimizer, v1.train.Optimizer):
            if lr is None:
                raise ValueError(f"Learning rate is None, but should be specified if optimizer is class ({optimizer}).")
            opt = optimizer(learning_rate=lr)
        elif isinstance(optimizer, v1.train.Optimizer):
            opt = optimizer
        elif callable(optimizer):
            opt = optimizer(lr) if learning_rate is not None else optimizer()
            if not isinstance(opt, v1.train.Optimizer):
                raise ValueError(f"Unrecognized optimizer: function should return subclass of Optimizer. Got {opt}.")
        else:
            raise ValueError(
                "Unrecognized optimizer: should be string, subclass of Optimizer, instance of subclass of Optimizer "
                f"or function with one argument. Got {optimizer}."
            )
        if variables is None:
            variables = v1.trainable_variables()
        gradients = opt.compute_gradients(loss, variables, colocate_gradients_with_ops=colocate_gradients_with_ops)
        if gradient_noise_scale is not None:
            gradients = _gradient_noise(gradients, gradient_noise_scale)
        if gradient_multipliers is not None:
            gradients = _multiply_gradients(gradients, gradient_multipliers)
            if not gradients:
                raise ValueError("Empty list of (gradient, var) pairs encountered. This is most likely to be caused "
                                 "by an improper value of gradient_multipliers.")  # fmt: skip
        if "global_gradient_norm" in summaries or "gradient_norm" in summaries:
            v1.summary.scalar("global_norm/gradient_norm", v1.global_norm([g for g, _ in gradients]))
        if isinstance(clip_gradients, float):
            grads, var_list = zip(*gradients, strict=True)
            clipped, _ = v1.clip_by_global_norm(grads, clip_gradients)
            gradients = list(zip(clipped, var_list, strict=True))
        elif callable(clip_gradients):
            gradients = clip_gradients(gradients)
        elif clip_gradients is not None:
            raise ValueError(f"Unknown type {type(clip_gradients)} for clip_gradients")
        if "loss" in summaries:
            v1.summary.scalar("loss", loss)
        for gradient, variable in gradients:
            values = gradient.values if isinstance(gradient, v1.IndexedSlices) else gradient
            if values is not None:
                var_name = variable.name.replace(":", "_")
                if "gradients" in summaries:
                    v1.summary.histogram(f"gradients/{var_name}", values)
                if "gradient_norm" in summaries:
                    v1.summary.scalar(f"gradient_norm/{var_name}", tf2.norm(values))
        if clip_gradients is not None and ("global_gradient_norm" in summaries or "gradient_norm" in summaries):
            v1.summary.scalar("global_norm/clipped_gradient_norm", v1.global_norm([g for g, _ in gradients]))
        grad_updates = opt.apply_gradients(
            gradients, global_step=global_step if increment_global_step else None, name="train"
        )
        with v1.control_dependencies([grad_updates]):
            return v1.identity(loss)


def _share_slim_scope_keys() -> None:
    """In TF 1.15 ``tf.contrib.layers.conv2d`` and ``slim.conv2d`` were one function, so an
    ``arg_scope([slim.conv2d], ...)`` (a slim net's ``*_arg_scope()``) also set this module's
    defaults. These functions take tf-slim's scope keys, and each its counterpart's defaults."""
    import tf_slim

    for name in ("fully_connected", "conv2d", "max_pool2d", "avg_pool2d", "flatten", "dropout", "layer_norm",
                 "batch_norm"):  # fmt: skip
        ours, key = globals()[name], getattr(tf_slim, name)._key_op
        # tf-slim looks the key up on the undecorated function at each call, and on the wrapper
        # for arg_scope([...]) and has_arg_scope: both take slim's.
        ours._key_op = ours.__wrapped__._key_op = key


_share_slim_scope_keys()

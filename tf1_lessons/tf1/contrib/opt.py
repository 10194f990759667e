"""``tf.contrib.opt``: the optimizers research code took from contrib that are a few lines on
top of ``tf.compat.v1.train``'s, with TF 1.15's slots and update rules.

* ``LazyAdamOptimizer``: Adam whose sparse updates (an embedding's ``IndexedSlices`` gradient)
  touch only the rows in the batch: their moments and values; dense gradients are Adam's.
* ``extend_with_decoupled_weight_decay(Optimizer)``, ``AdamWOptimizer``, ``MomentumWOptimizer``:
  before each update, every variable in ``decay_var_list`` (default: all it updates) loses
  ``weight_decay * var`` (Loshchilov & Hutter), as TF 1.15 applied it ahead of the base update.
* ``NadamOptimizer``: Adam with Nesterov momentum (the ``use_nesterov`` form of TF's Adam kernel).
* ``MovingAverageOptimizer``: the wrapped optimizer, then an exponential moving average of the
  variables it updated; ``swapping_saver()`` saves the averages under the variables' names.

The rest of contrib.opt (ScipyOptimizerInterface, LARS, Shampoo, the model-averaging custom
getters...) is refused by the table.
"""

from __future__ import annotations

from ...compat import v1

_train = v1.train


class LazyAdamOptimizer(_train.AdamOptimizer):
    def _apply_sparse(self, grad, var):
        return self._lazy_update(grad.values, var, grad.indices, self._use_locking)

    def _resource_apply_sparse(self, grad, var, indices):
        return self._lazy_update(grad, var, indices, self._use_locking, resource=True)

    def _lazy_update(self, values, var, indices, use_locking, resource=False):
        beta1_power, beta2_power = self._get_beta_accumulators()
        dtype = var.dtype.base_dtype
        beta1_power, beta2_power = v1.cast(beta1_power, dtype), v1.cast(beta2_power, dtype)
        lr, beta1 = v1.cast(self._lr_t, dtype), v1.cast(self._beta1_t, dtype)
        beta2, epsilon = v1.cast(self._beta2_t, dtype), v1.cast(self._epsilon_t, dtype)
        lr = lr * v1.sqrt(1 - beta2_power) / (1 - beta1_power)
        m, v = self.get_slot(var, "m"), self.get_slot(var, "v")
        if resource:
            m_rows = beta1 * v1.gather(m, indices) + (1 - beta1) * values
            v_rows = beta2 * v1.gather(v, indices) + (1 - beta2) * v1.square(values)
            m_update = v1.raw_ops.ResourceScatterUpdate(resource=m.handle, indices=indices, updates=m_rows)
            v_update = v1.raw_ops.ResourceScatterUpdate(resource=v.handle, indices=indices, updates=v_rows)
            with v1.control_dependencies([m_update, v_update]):
                step = lr * m_rows / (v1.sqrt(v_rows) + epsilon)
                var_update = v1.raw_ops.ResourceScatterSub(resource=var.handle, indices=indices, updates=step)
            return v1.group(var_update, m_update, v_update)
        m_update = v1.scatter_update(
            m, indices, beta1 * v1.gather(m, indices) + (1 - beta1) * values, use_locking=use_locking
        )
        v_update = v1.scatter_update(
            v, indices, beta2 * v1.gather(v, indices) + (1 - beta2) * v1.square(values), use_locking=use_locking
        )
        m_rows, v_rows = v1.gather(m_update, indices), v1.gather(v_update, indices)
        var_update = v1.scatter_sub(var, indices, lr * m_rows / (v1.sqrt(v_rows) + epsilon), use_locking=use_locking)
        return v1.group(var_update, m_update, v_update)


class DecoupledWeightDecayExtension:
    """Mixed in before an optimizer class: ``weight_decay * var`` is taken off each variable
    first, then the base optimizer's update is applied."""

    def __init__(self, weight_decay, **kwargs):
        self._decay_var_list = None
        self._weight_decay = weight_decay
        self._weight_decay_tensor = None
        super().__init__(**kwargs)

    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=1, aggregation_method=None,
                 colocate_gradients_with_ops=False, name=None, grad_loss=None, decay_var_list=None):  # fmt: skip
        self._decay_var_list = set(decay_var_list) if decay_var_list else None
        return super().minimize(
            loss, global_step=global_step, var_list=var_list, gate_gradients=gate_gradients,
            aggregation_method=aggregation_method, colocate_gradients_with_ops=colocate_gradients_with_ops,
            name=name, grad_loss=grad_loss,
        )  # fmt: skip

    def apply_gradients(self, grads_and_vars, global_step=None, name=None, decay_var_list=None):
        if decay_var_list:
            self._decay_var_list = set(decay_var_list)
        return super().apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def _prepare(self):
        weight_decay = self._weight_decay() if callable(self._weight_decay) else self._weight_decay
        self._weight_decay_tensor = v1.convert_to_tensor(weight_decay, name="weight_decay")
        super()._prepare()

    def _decay(self, var):
        if self._decay_var_list is not None and var not in self._decay_var_list:
            return v1.no_op()
        decay = v1.cast(self._weight_decay_tensor, var.dtype.base_dtype)
        return var.assign_sub(decay * var, self._use_locking)

    def _apply_dense(self, grad, var):
        with v1.control_dependencies([self._decay(var)]):
            return super()._apply_dense(grad, var)

    def _resource_apply_dense(self, grad, var):
        with v1.control_dependencies([self._decay(var)]):
            return super()._resource_apply_dense(grad, var)

    def _apply_sparse(self, grad, var):
        with v1.control_dependencies([self._decay(var)]):
            return super()._apply_sparse(grad, var)

    def _resource_apply_sparse(self, grad, var, indices):
        with v1.control_dependencies([self._decay(var)]):
            return super()._resource_apply_sparse(grad, var, indices)


def extend_with_decoupled_weight_decay(base_optimizer):
    """A subclass of ``base_optimizer`` whose constructor takes ``weight_decay`` first."""

    class OptimizerWithDecoupledWeightDecay(DecoupledWeightDecayExtension, base_optimizer):
        def __init__(self, weight_decay, *args, **kwargs):
            super().__init__(weight_decay, *args, **kwargs)

    OptimizerWithDecoupledWeightDecay.__name__ = f"{base_optimizer.__name__}WithDecoupledWeightDecay"
    return OptimizerWithDecoupledWeightDecay


class AdamWOptimizer(DecoupledWeightDecayExtension, _train.AdamOptimizer):
    def __init__(self, weight_decay, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, use_locking=False,
                 name="AdamW"):  # fmt: skip
        super().__init__(weight_decay, learning_rate=learning_rate, beta1=beta1, beta2=beta2, epsilon=epsilon,
                         use_locking=use_locking, name=name)  # fmt: skip


class MomentumWOptimizer(DecoupledWeightDecayExtension, _train.MomentumOptimizer):
    def __init__(self, weight_decay, learning_rate, momentum, use_locking=False, name="MomentumW",
                 use_nesterov=False):  # fmt: skip
        super().__init__(weight_decay, learning_rate=learning_rate, momentum=momentum, use_locking=use_locking,
                         name=name, use_nesterov=use_nesterov)  # fmt: skip


class NadamOptimizer(_train.AdamOptimizer):
    """Adam with Nesterov momentum: TF's Adam kernel with ``use_nesterov=True`` (dense gradients)."""

    def _apply_dense(self, grad, var):
        return self._nesterov(grad, var, v1.raw_ops.ApplyAdam, var)

    def _resource_apply_dense(self, grad, var):
        return self._nesterov(grad, var, v1.raw_ops.ResourceApplyAdam, var.handle)

    def _nesterov(self, grad, var, kernel, target):
        m, v = self.get_slot(var, "m"), self.get_slot(var, "v")
        beta1_power, beta2_power = self._get_beta_accumulators()
        dtype = var.dtype.base_dtype

        def cast(t):
            return v1.cast(t, dtype)

        slots = (m.handle, v.handle) if kernel is v1.raw_ops.ResourceApplyAdam else (m, v)
        return kernel(
            var=target, m=slots[0], v=slots[1], beta1_power=cast(beta1_power), beta2_power=cast(beta2_power),
            lr=cast(self._lr_t), beta1=cast(self._beta1_t), beta2=cast(self._beta2_t), epsilon=cast(self._epsilon_t),
            grad=grad, use_locking=self._use_locking, use_nesterov=True,
        )  # fmt: skip


class MovingAverageOptimizer(_train.Optimizer):
    """``opt``'s update, then ``ExponentialMovingAverage(average_decay, num_updates)`` of the
    variables it updated; ``swapping_saver()`` saves (and restores) the averages under the
    variables' own names, for evaluation."""

    def __init__(self, opt, average_decay=0.9999, num_updates=None, sequential_update=True):
        self._optimizer = opt
        self._ema = _train.ExponentialMovingAverage(average_decay, num_updates=num_updates)
        self._sequential_update = sequential_update
        self._swapped_variable_name_map = None
        super().__init__(opt._use_locking, opt.get_name())  # noqa: SLF001 - the wrapped optimizer's

    def compute_gradients(self, *args, **kwargs):
        return self._optimizer.compute_gradients(*args, **kwargs)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        grads_and_vars = list(grads_and_vars)
        train_op = self._optimizer.apply_gradients(grads_and_vars, global_step=global_step, name=name)
        var_list = [v for _, v in grads_and_vars if v is not None]
        self._swapped_variable_name_map = {}
        if self._sequential_update:
            with v1.control_dependencies([train_op]):
                ma_op = self._ema.apply(var_list)
        else:
            ma_op = self._ema.apply(var_list)
        for v in var_list:
            average = self._ema.average(v)
            self._swapped_variable_name_map[v.op.name] = average.op.name
            self._swapped_variable_name_map[average.op.name] = v.op.name
        return v1.group(train_op, ma_op, name="train_with_avg")

    def swapping_saver(self, var_list=None, name="swapping_saver", **kwargs):
        if self._swapped_variable_name_map is None:
            raise RuntimeError("Must call apply_gradients or minimize before creating the swapping_saver()")
        if var_list is None:
            var_list = v1.global_variables()
        if not isinstance(var_list, dict):
            var_list = {v.op.name: v for v in var_list}
        by_name = {v.op.name: v for v in var_list.values()}
        swapped = {}
        for key, var in var_list.items():
            source = self._swapped_variable_name_map.get(var.op.name)
            swapped[key] = by_name.get(source, var) if source is not None else var
        # A variable saved under its own name holds its average; the average's name holds the variable.
        return _train.Saver(swapped, name=name, **kwargs)

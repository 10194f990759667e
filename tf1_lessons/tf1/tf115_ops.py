"""TF1 functions whose TensorFlow 2.21 versions build other ops than TensorFlow 1.15 did.

Under TF 1.15's seed rule (rules.py) a random op's seed is the number of ops made before it,
so an API that makes one op more or less shifts every later initial value. Each difference
here was found by listing the ops of the same script under TF 1.15.5 and under exec (the
``--trace-seeds`` option of ``exec --against-tf1`` names the first random op whose seed parts):

* ``tf.nn.dropout``: TF 2.21 makes ``scale`` first, draws ``RandomUniform`` without TF1's
  ``min``/``max``/``sub``/``mul``/``add`` around it, and masks with ``SelectV2``; TF 1.15 drew
  ``random_uniform`` (six ops), then ``1 - rate``, ``1 / keep_prob``, ``>=``, ``x * scale``,
  ``Cast``, ``* mask``. :func:`dropout` builds TF 1.15's ops in TF 1.15's order; the values are
  the same either way (``rnd * (1 - 0) + 0`` is ``rnd``; ``x * scale * 1.0`` is ``x * scale``).
* ``tf.random_uniform(shape)`` with the default range: TF 2.21 returns the bare draw; TF 1.15
  made the same ``min``/``max`` constants and ``rnd * (max - min) + min`` as for any range.
* ``tf.zeros([batch, n])`` / ``tf.ones`` with a tensor in a list shape: TF 1.15's size check
  ``np.prod(shape) < 1000`` multiplied the tensor in (a ``Mul`` per element, a ``Less``) before
  falling back to ``Fill``; TF 2.21 gives up before multiplying. Counted.
* ``tf.one_hot(..., on_value=x, off_value=y)`` with numbers: TF 1.15 converted each to a
  constant to read its dtype, then again for the op; TF 2.21 converts once. Counted.
* ``x[:, :t]`` (a tensor bound): TF 2.21 makes a constant op for each missing bound of that
  slice and packs every vector element by element; TF 1.15 made one constant per vector without
  a tensor. The difference is counted.
* ``tf.layers.dropout`` / ``tf.layers.Dropout``: TF 1.15's Keras layer called ``nn.dropout``
  with the layer's seed inside ``smart_cond``; tf-keras calls its own generator. Same fix.
* Control flow (``tf.cond``, ``smart_cond`` in ``tf.layers.dropout``, ``while_loop``): a TF 2
  process builds v2 control flow, its branches in function graphs under TF 2's seed rule. A TF1
  program's graphs get TF 1.15's v1 control flow (tf.function's graphs keep v2).
* ``TensorArray.size()`` (inside ``tf.nn.dynamic_rnn``'s ``TensorArrayStack``): TF 2.21 answers
  a fixed size with a constant it already holds; TF 1.15 always made a ``TensorArraySizeV3`` op
  (same value). :func:`_tensor_array_size` makes it again.
* ``tf.split(value, 3)``: TF 1.15 turned an integer ``num_or_size_splits`` into a constant op
  it never used (``BasicLSTMCell`` splits its gates this way); counted after the call.
* ``softmax_cross_entropy_with_logits`` (v1 and v2) and ``sparse_softmax_cross_entropy_with_logits``:
  with op determinism on (``--seed``, and every lesson), TF 2.21 composes them from
  ``LogSoftmax``, ``Mul`` and ``Sum`` (a GPU concern), 23 ops more than TF 1.15's fused kernel
  with its gradient. A TF1 program gets the fused kernel, as TF 1.15 did (on the
  CPU it repeats itself bit for bit), so a second model built after the first one's loss draws
  TF 1.15's seeds, and the loss rounds as TF 1.15's did.
* Keras initializers named by string (``tf.layers``' default ``glorot_uniform`` kernels, ``zeros``
  biases): tf-keras resolves them to TF 1.15's v1 initializers only when the whole process runs
  TF 1 behaviour (the TF1 runtime's does), and otherwise to its v2 classes, which draw their own
  seeds; the table here makes the v1 answer explicit.
* ``tf.layers.conv2d`` (and the other ``tf.layers`` convolutions): TF 1.15 made a
  ``dilation_rate`` constant after the kernel and bias; tf-keras does not. No random op comes
  between that constant and the end of the call, so the op count is corrected after the call.
* ``tf.tensordot`` (``tf.layers.dense`` on a 3-D input: every Transformer's projections): TF
  1.15 always transposed and reshaped each operand of known shape (a constant and an op each);
  TF 2 leaves out a transpose that keeps the order and a reshape that keeps the shape. Counted
  after the call (nothing random comes in between).
* ``reduce_*`` of a scalar without ``axis`` (``reduce_all`` inside every ``assert_*`` on
  scalars): TF 2 takes rank 0 for an unknown rank and makes ``Rank`` and ``Range`` ops; TF 1.15
  made one empty constant. Same value either way.
* ``tf.shape(x)[i]`` and ``tf.unstack(tf.shape(x))`` of a partly known x (``tf.shape(tokens)[0]``
  for a batch size): TF 2.21's shape inference reads a known dimension i, TF 1.15's read none
  unless the whole shape was known. So ``tf.tile`` / ``tf.reshape`` / ``tf.zeros`` made from such
  sizes had ``None`` where TF 2.21 has a number, and code branching on static shapes (a sampler's
  ``shape_list``) built more ops under TF 1.15. :func:`_hidden_shape_dims` makes the slice with
  attributes of the same meaning that TF 2.21's pattern does not match (not in ``tf.function``).
* Gradient functions (``tf.gradients``, so every ``minimize``): TF 2's make other numbers of ops
  than TF 1.15's (they skip a broadcast's reduction where static shapes rule it out, compute a
  mean's divisor statically, ...). After each one the count is set to what TF 1.15.5's made for
  the same op with the same static shapes, measured (``gradcount.py``, its table recorded under
  TF 1.15.5). A gradient inside a v1 ``while_loop``'s body is left as it is: there the function's
  ops include the loop's own bookkeeping (stacks), which the table does not measure.
"""

from __future__ import annotations

import functools
import numbers
import weakref

import numpy as np

from . import gradcount, patches

# graph -> ops TF 1.15 made that TF 2.21 does not (counted, not made); weak, so a graph a run
# has finished with (reset_default_graph between runs in one process) is not kept alive here.
_extra_ops: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def extra_ops(graph) -> int:
    return _extra_ops.get(graph, 0)


def count_missing(n: int) -> None:
    """``n`` ops that TF 1.15 made at this point of the default graph and TF 2.21 does not."""
    from tensorflow.python.eager import context
    from tensorflow.python.framework import ops

    if not context.executing_eagerly():
        graph = ops.get_default_graph()
        _extra_ops[graph] = _extra_ops.get(graph, 0) + n


def random_uniform(shape, minval=0, maxval=None, dtype=None, seed=None, name=None):
    """TF 1.15's ``random_uniform`` for floats: ``rnd * (max - min) + min``, always."""
    from tensorflow.python.framework import dtypes, ops, random_seed
    from tensorflow.python.ops import gen_random_ops, math_ops, shape_util

    dtype = dtypes.as_dtype(dtype or dtypes.float32)
    if not dtype.is_floating:  # integers: TF 2.21's op sequence is TF 1.15's
        from tensorflow.python.ops import random_ops

        return random_ops.random_uniform(shape, minval, maxval, dtype, seed, name)
    if maxval is None:
        maxval = 1
    with ops.name_scope(name, "random_uniform", [shape, minval, maxval]) as name:
        shape = shape_util.shape_tensor(shape)
        minval = ops.convert_to_tensor(minval, dtype=dtype, name="min")
        maxval = ops.convert_to_tensor(maxval, dtype=dtype, name="max")
        seed1, seed2 = random_seed.get_seed(seed)
        rnd = gen_random_ops.random_uniform(shape, dtype, seed=seed1, seed2=seed2)
        return math_ops.add(rnd * (maxval - minval), minval, name=name)


def dropout_v2(x, rate, noise_shape=None, seed=None, name=None):
    """TF 1.15's ``nn_ops.dropout_v2`` in graph mode, op for op."""
    from tensorflow.python.framework import ops, tensor_util
    from tensorflow.python.ops import array_ops, math_ops

    with ops.name_scope(name, "dropout", [x]) as name:
        x = ops.convert_to_tensor(x, name="x")
        if not x.dtype.is_floating:
            raise ValueError(
                f"x has to be a floating point tensor since it's going to be scaled. Got a {x.dtype} tensor instead."
            )
        if isinstance(rate, numbers.Real):
            if not (0 <= rate < 1):
                raise ValueError(f"rate must be a scalar tensor or a float in the range [0, 1), got {rate:g}")
            if rate == 0:
                return x
        rate = ops.convert_to_tensor(rate, dtype=x.dtype, name="rate")
        rate.get_shape().assert_has_rank(0)
        if tensor_util.constant_value(rate) == 0:
            return x
        if noise_shape is None:
            noise_shape = array_ops.shape(x)
        random_tensor = random_uniform(noise_shape, seed=seed, dtype=x.dtype)
        keep_prob = 1 - rate
        scale = 1 / keep_prob
        keep_mask = random_tensor >= rate
        ret = x * scale * math_ops.cast(keep_mask, x.dtype)
        ret.set_shape(x.get_shape())
        return ret


def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
    """TF 1.15's ``tf.nn.dropout``: ``keep_prob`` (deprecated then) or ``rate``."""
    if keep_prob is not None and rate is not None:
        raise ValueError("Cannot specify both 'rate' and 'keep_prob'.")
    if keep_prob is not None:
        try:
            rate = 1.0 - keep_prob
        except TypeError as exc:
            raise ValueError(f"keep_prob must be a floating point number or Tensor (got {keep_prob!r})") from exc
    if rate is None:
        raise ValueError(f"You must provide a rate to dropout (x={x!r}).")
    return dropout_v2(x, rate, noise_shape=noise_shape, seed=seed, name=name)


def _layers_dropout_call(self, inputs, training=None):
    """TF 1.15's Keras ``Dropout.call``: ``nn.dropout`` with the layer's seed, in ``smart_cond``."""
    from tensorflow.python.ops import array_ops
    from tf_keras.src import backend
    from tf_keras.src.utils import control_flow_util

    if training is None:
        training = backend.learning_phase()

    def dropped_inputs():
        return dropout(inputs, noise_shape=self._get_noise_shape(inputs), seed=self.seed, rate=self.rate)

    return control_flow_util.smart_cond(training, dropped_inputs, lambda: array_ops.identity(inputs))


def _v1_control_flow(enabled):
    """TF 1.15's control flow (Switch/Merge, Enter/Exit: the branches' ops in the graph, counted).
    Function graphs (tf.function) keep v2, as TF requires."""

    def enabled_(graph):
        if not graph.building_function:
            return False
        return enabled(graph)

    return enabled_


def _counting_conv_call(call):
    def call_(self, inputs, *args, **kwargs):
        out = call(self, inputs, *args, **kwargs)
        count_missing(1)  # TF 1.15's `<scope>/dilation_rate` constant
        return out

    return call_


def _counting_split(split):
    def split_(value, num_or_size_splits, axis=0, num=None, name="split"):
        out = split(value, num_or_size_splits, axis=axis, num=num, name=name)
        if isinstance(num_or_size_splits, int):
            count_missing(1)  # TF 1.15 made a constant of the number of pieces, and did not use it
        return out

    split_.__doc__ = split.__doc__
    return split_


_PLUMBING = frozenset({"Switch", "RefSwitch"})


def _tf115_gradient_counts(get):
    table = gradcount.load_table()

    def get_(op):
        fn = get(op)
        if fn is None:
            return fn

        def counted(op_, *grads):
            graph = op_.graph
            context = op_._control_flow_context
            if graph.building_function or (context is not None and context.GetWhileContext() is not None):
                return fn(op_, *grads)
            first = len(graph.get_operations())
            extra = extra_ops(graph)
            out = fn(op_, *grads)
            # The gradients of forward ops TF 1.15 made and TF 2 skipped (tensordot's transposes
            # and reshapes), counted where TF 2's op that took their place has its gradient made.
            tf115 = gradcount.tf115_count(op_, table)
            if tf115 is not None:
                # In a cond's branch the function's reads of outside tensors go through Switch ops,
                # made alike by both releases: the table counts the function's own ops only.
                made = sum(1 for op in graph.get_operations()[first:] if op.type not in _PLUMBING)
                _extra_ops[graph] = _extra_ops.get(graph, 0) + tf115 - made - (extra_ops(graph) - extra)
            skipped = _skipped_gradients.get(graph, {}).get(op_.name)
            if skipped:
                _extra_ops[graph] = _extra_ops.get(graph, 0) + skipped
            return out

        counted.__wrapped__ = fn
        return counted

    get_.__doc__ = get.__doc__
    return get_


# graph -> {name of the op TF 2 built in place of skipped ones: the ops their gradients made in TF 1.15}
_skipped_gradients: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _tensordot_skipped(a, axes, flipped) -> int:
    """Ops TF 2's ``tensordot`` leaves out for an operand TF 1.15 always transposed and reshaped
    (a Const and a Transpose, a Const and a Reshape) when its static shape says they change nothing."""
    shape = a.get_shape()
    if not shape.is_fully_defined():
        return 0
    dims = shape.as_list()
    axes = [i if i >= 0 else i + len(dims) for i in axes]
    free = [i for i in range(len(dims)) if i not in axes]
    perm = axes + free if flipped else free + axes
    prod_free, prod_axes = int(np.prod([dims[i] for i in free])), int(np.prod([dims[i] for i in axes]))
    new_shape = [prod_axes, prod_free] if flipped else [prod_free, prod_axes]
    transposed = [dims[i] for i in perm]
    return 2 * (perm == list(range(len(dims)))) + 2 * (transposed == new_shape)


def _counting_tensordot(tensordot):
    def tensordot_(a, b, axes, name=None):
        graph = getattr(a, "graph", None) or getattr(b, "graph", None)
        first = len(graph.get_operations()) if graph is not None else 0
        out = tensordot(a, b, axes, name=name)
        try:
            a_ = a if hasattr(a, "get_shape") else None
            b_ = b if hasattr(b, "get_shape") else None
            if a_ is None or b_ is None:
                return out
            ra = a_.get_shape().ndims
            if isinstance(axes, numbers.Integral):
                a_axes, b_axes = list(range(ra - axes, ra)), list(range(axes))
            else:
                a_axes, b_axes = ([x] if isinstance(x, numbers.Integral) else [int(i) for i in x] for x in axes)
        except (TypeError, ValueError, AttributeError):
            return out  # axes given as tensors, or ranks unknown: the same dynamic ops in both releases
        skipped_a, skipped_b = _tensordot_skipped(a_, a_axes, False), _tensordot_skipped(b_, b_axes, True)
        count_missing(skipped_a + skipped_b)
        # Each skipped Transpose or Reshape had a gradient of 2 ops (as many as the op and its
        # constant): counted when the op TF 2 feeds the operand to has its gradient made.
        made = out.graph.get_operations()[first:]
        by_name = _skipped_gradients.setdefault(out.graph, {})
        for operand, skipped in ((a_, skipped_a), (b_, skipped_b)):
            names = {getattr(operand, "name", None)}
            if callable(getattr(operand, "value", None)):  # a variable: its ops read its snapshot
                names.add(operand.value().name)
            consumer = next((op for op in made if any(t.name in names for t in op.inputs)), None)
            if skipped and consumer is not None:
                by_name[consumer.name] = by_name.get(consumer.name, 0) + skipped
        return out

    tensordot_.__doc__ = tensordot.__doc__
    return tensordot_


def _counting_one_hot(one_hot):
    from tensorflow.python.framework import tensor as tensor_lib

    def one_hot_(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
        out = one_hot(indices, depth, on_value=on_value, off_value=off_value, axis=axis, dtype=dtype, name=name)
        count_missing(sum(v is not None and not isinstance(v, tensor_lib.Tensor) for v in (on_value, off_value)))
        return out

    one_hot_.__doc__ = one_hot.__doc__
    return one_hot_


def _tf115_slice_ops(slice_spec):
    """The ops TF 1.15's ``tensor[slice_spec]`` made, or None for a spec this model does not
    cover (tensors other than int32 scalars, numpy indices...). Missing bounds were the numbers
    0, 0 and 1; each of the begin, end and strides vectors was one constant, or, holding a
    tensor, a ``Pack`` with a constant per number; ``t + 1`` for a tensor index; the slice op."""
    import numbers

    from tensorflow.python.framework import dtypes
    from tensorflow.python.framework import tensor as tensor_lib

    def is_tensor(v):
        return isinstance(v, tensor_lib.Tensor)

    def known(v):
        if is_tensor(v):
            return v.dtype.base_dtype == dtypes.int32 and v.shape.ndims == 0
        return v is None or (isinstance(v, numbers.Integral) and not isinstance(v, bool))

    spec = slice_spec if isinstance(slice_spec, tuple) else (slice_spec,)
    vectors, ops = ([], [], []), 1
    for s in spec:
        if isinstance(s, slice):
            if not all(known(v) for v in (s.start, s.stop, s.step)):
                return None
            parts = (s.start, s.stop, s.step)
        elif s is Ellipsis or s is None:
            parts = (None, None, None)
        elif known(s):
            parts = (s, s, None)  # end: s + 1
            ops += 2 if is_tensor(s) else 0
        else:
            return None
        for vector, part in zip(vectors, parts, strict=True):
            vector.append(part)
    for vector in vectors:
        tensors = sum(is_tensor(v) for v in vector)
        ops += 1 + (len(vector) - tensors if tensors else 0)
    return ops


def _counting_getitem(getitem):
    # Imported once here: every tensor[...] goes through getitem_, eager training loops included.
    from tensorflow.python.eager import context
    from tensorflow.python.framework import ops

    def getitem_(tensor, slice_spec, var=None):
        if context.executing_eagerly():
            return getitem(tensor, slice_spec, var)
        graph = ops.get_default_graph()
        before = graph.version
        out = getitem(tensor, slice_spec, var)
        if graph is ops.get_default_graph() and (tf1 := _tf115_slice_ops(slice_spec)) is not None:
            count_missing(tf1 - (graph.version - before))
        return out

    getitem_.__doc__ = getitem.__doc__
    return getitem_


def _hidden_shape_dims(gen_op, rewrite):
    """``gen_op`` (a generated op function taking a Shape op's output first) with ``rewrite``
    applied to its attributes where TF 1.15 could not read the value from static shapes.

    TF 1.15's shape inference read ``tf.shape(x)`` as a constant only when x's whole shape was
    known; TF 2.21 also reads ``tf.shape(x)[i]`` and ``tf.unstack(tf.shape(x))[i]`` when x's
    dimension i alone is known (it matches those two op patterns by their attributes). So where
    a batch size is known and a length is not, ``tf.reshape(h, [tf.shape(h)[0], -1])`` or
    ``tf.tile(v, [tf.shape(x)[0], 1])`` has a static batch dimension under TF 2.21 and ``None``
    under TF 1.15, and code that branches on static shapes (``x.shape.as_list()``, a sampler's
    ``shape_list``) builds more ops under TF 1.15, moving every later op seed. ``rewrite`` gives
    the same op other attributes of the same meaning, which TF 2.21's pattern does not match."""
    from tensorflow.python.eager import context
    from tensorflow.python.framework import ops
    from tensorflow.python.framework import tensor as tensor_lib

    def op_(*args, **kwargs):
        # The shape vector: strided_slice's `input`, unpack's `value`, by position or by name.
        shape = args[0] if args else kwargs.get("input", kwargs.get("value"))
        if (
            isinstance(shape, tensor_lib.Tensor)
            and not context.executing_eagerly()
            and shape.op.type == "Shape"
            and not shape.op.inputs[0].shape.is_fully_defined()
            and not getattr(ops.get_default_graph(), "_building_function", False)  # tf.function keeps TF 2's
        ):
            kwargs = rewrite(kwargs)
        return gen_op(*args, **kwargs)

    op_.__doc__ = gen_op.__doc__
    op_.__wrapped__ = gen_op
    return op_


def _shape_index_end_mask(kwargs):
    # x[i] is begin i, shrink axis 0; its end is never read (the kernel takes i + 1), so a set
    # end-mask bit computes the same scalar.
    if kwargs.get("shrink_axis_mask") == 1 and not any(
        kwargs.get(k) for k in ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask")
    ):
        kwargs = {**kwargs, "end_mask": 1}
    return kwargs


def _shape_unstack_axis(kwargs):
    # A shape vector has one axis: axis -1 is axis 0.
    if kwargs.get("axis", 0) == 0:
        kwargs = {**kwargs, "axis": -1}
    return kwargs


def _tf115_small_constant_ops(shape) -> int:
    """The ops TF 1.15's ``np.prod(shape) < 1000`` made for a list shape holding tensors: a
    ``Mul`` for each product with a tensor in it (and a constant where the other factor was a
    number), then the constant 1000 and ``Less``. 0 for any other shape."""
    from tensorflow.python.framework import tensor as tensor_lib

    if not isinstance(shape, (list, tuple)) or not shape:
        return 0
    if not any(isinstance(e, tensor_lib.Tensor) for e in shape):
        return 0
    count, acc_is_tensor = 0, isinstance(shape[0], tensor_lib.Tensor)
    for e in shape[1:]:
        e_is_tensor = isinstance(e, tensor_lib.Tensor)
        if acc_is_tensor or e_is_tensor:
            count += 1 + (acc_is_tensor != e_is_tensor)  # Mul, and a Const for a number factor
            acc_is_tensor = True
    return count + 2 if acc_is_tensor else count


def _counting_constant_if_small(constant_if_small):
    def constant_if_small_(value, shape, *args, **kwargs):
        out = constant_if_small(value, shape, *args, **kwargs)
        if out is None:
            count_missing(_tf115_small_constant_ops(shape))
        return out

    return constant_if_small_


def _tf115_reduction_dims(reduction_dims):
    def reduction_dims_(x, axis):
        if axis is None and getattr(getattr(x, "shape", None), "rank", None) == 0:
            from tensorflow.python.framework import constant_op

            return constant_op.constant(np.arange(0, dtype=np.int32))  # TF 1.15: one constant, no Rank/Range
        return reduction_dims(x, axis)

    return reduction_dims_


def _tensor_array_size(self, name=None):
    from tensorflow.python.ops import gen_data_flow_ops

    return gen_data_flow_ops.tensor_array_size_v3(handle=self._handle, flow_in=self.flow, name=name)


class _NoDeterminism:
    """``framework.config`` as nn_ops sees it while it builds a fused cross-entropy."""

    def __init__(self, config):
        self._config = config

    def __getattr__(self, name):
        return getattr(self._config, name)

    @staticmethod
    def is_op_determinism_enabled():
        return False


def _fused_cross_entropy(build):
    def build_(*args, **kwargs):
        from tensorflow.python.ops import nn_ops

        if isinstance(nn_ops.config, _NoDeterminism):  # a fused op built inside another
            return build(*args, **kwargs)
        real = patches.apply("fused-xent-determinism", _NoDeterminism)
        try:
            return build(*args, **kwargs)
        finally:
            patches.undo("fused-xent-determinism", real)

    return build_


@functools.cache
def _v1_initializer_table() -> dict:
    """tf-keras' own table for TF 1 behaviour (``initializers.populate_deserializable_objects``),
    by both spellings: what a string names when the process runs TF 1 behaviour, as exec's does."""
    import tensorflow as tf
    from tf_keras.src.initializers import initializers_v1
    from tf_keras.src.utils import generic_utils

    v1 = tf.compat.v1
    table = {
        "Constant": v1.constant_initializer, "GlorotNormal": v1.glorot_normal_initializer,
        "GlorotUniform": v1.glorot_uniform_initializer, "Identity": v1.initializers.identity,
        "Ones": v1.ones_initializer, "Orthogonal": v1.orthogonal_initializer,
        "VarianceScaling": v1.variance_scaling_initializer, "Zeros": v1.zeros_initializer,
        "HeNormal": initializers_v1.HeNormal, "HeUniform": initializers_v1.HeUniform,
        "LecunNormal": initializers_v1.LecunNormal, "LecunUniform": initializers_v1.LecunUniform,
        "RandomNormal": initializers_v1.RandomNormal, "RandomUniform": initializers_v1.RandomUniform,
        "TruncatedNormal": initializers_v1.TruncatedNormal,
    }  # fmt: skip
    table.update({generic_utils.to_snake_case(name): made for name, made in table.items()})
    table.update(normal=table["random_normal"], uniform=table["random_uniform"], one=table["ones"], zero=table["zeros"])
    return table


def _v1_initializers(get):
    def get_(identifier):
        if isinstance(identifier, str):
            made = _v1_initializer_table().get(identifier)
            if made is not None:
                return made()
        return get(identifier)

    get_.__doc__ = get.__doc__
    return get_


def sparse_placeholder(dtype, shape=None, name=None):
    """TF 1.15's ``tf.sparse_placeholder``: its dense shape is a constant when ``shape`` is fully
    known, the given tensor when it is one, else a placeholder; TF 2 feeds every shape through a
    PlaceholderWithDefault, one op more, which moved every later op seed (measured: 4 shapes)."""
    from tensorflow.python.framework import constant_op, dtypes, sparse_tensor, tensor_shape
    from tensorflow.python.framework import tensor as tensor_lib
    from tensorflow.python.ops import array_ops

    shape_name = f"{name}/shape" if name is not None else None
    if isinstance(shape, tensor_lib.Tensor):
        dense_shape, rank = shape, tensor_shape.dimension_value(shape.shape[0]) if shape.shape.rank else None
    else:
        static = tensor_shape.TensorShape(shape)
        rank = static.rank
        if static.is_fully_defined():
            dense_shape = constant_op.constant(static.as_list(), dtype=dtypes.int64, name=shape_name)
        else:
            dense_shape = array_ops.placeholder(dtypes.int64, shape=[rank], name=shape_name)
    values = array_ops.placeholder(dtype, shape=[None], name=f"{name}/values" if name is not None else None)
    indices = array_ops.placeholder(dtypes.int64, shape=[None, rank],
                                    name=f"{name}/indices" if name is not None else None)  # fmt: skip
    return sparse_tensor.SparseTensor(values=values, indices=indices, dense_shape=dense_shape)


def _feedable_sparse_tensors(init):
    """TF 2's ``SparseTensor`` reads a constant dense shape when it is made (its static shape),
    which marks the constant unfeedable; TF 1.15's read it only when ``.shape`` was asked for. So a
    TF1 script could feed a ``SparseTensorValue`` to a ``sparse_placeholder`` whose shape was a
    ``tf.constant``, through every sparse op after it (a GCN's features): the marks made while a
    SparseTensor is made are taken back."""
    from tensorflow.python.framework import ops

    def __init__(self, indices, values, dense_shape):
        graph = ops.get_default_graph()
        marks = getattr(graph, "_unfeedable_tensors", None)
        before = list(marks) if marks is not None else None
        init(self, indices, values, dense_shape)
        if marks is not None and len(marks) != len(before):
            kept = {id(t) for t in before}
            for tensor in [t for t in marks if id(t) not in kept]:
                marks.discard(tensor)

    __init__.__wrapped__ = init
    return __init__


def install(v1) -> None:
    """Put TF 1.15's versions in place of TF 2.21's, for the TF1 process (rules.install, once)."""
    patches.apply("tf115-dropout", lambda _: dropout)
    patches.apply("tf115-random-uniform", lambda _: random_uniform)
    patches.apply("tf115-sparse-placeholder", lambda _: sparse_placeholder)
    patches.apply("sparse-tensor-feedable", _feedable_sparse_tensors)
    # Module globals: the public v1/v2 functions call these helpers through nn_ops' namespace.
    patches.apply("fused-softmax-xent", _fused_cross_entropy)
    patches.apply("fused-sparse-xent", _fused_cross_entropy)
    patches.apply("tensor-array-size", lambda _: _tensor_array_size)
    # tf.split under every public name (scripts, and tf-keras' RNN cells, call it as tf.split).
    patches.apply("scalar-reduction-dims", _tf115_reduction_dims)  # reduce_*(scalar): every assert on scalars
    patches.apply("zeros-shape-op-count", _counting_constant_if_small)  # tf.zeros([batch, n]), tf.ones
    patches.apply("tensordot-op-count", _counting_tensordot)  # tf.layers.dense on 3-D inputs (Transformers)
    patches.apply("one-hot-op-count", _counting_one_hot)  # tf.one_hot(..., on_value=, off_value=)
    patches.apply("slice-op-count", _counting_getitem)  # x[:, :t]
    patches.apply("shape-index-inference", lambda op: _hidden_shape_dims(op, _shape_index_end_mask))
    patches.apply("shape-unstack-inference", lambda op: _hidden_shape_dims(op, _shape_unstack_axis))
    patches.apply("split-op-count", _counting_split)  # tf.split, compat.v1's and v2's; array_ops' own stays
    patches.apply("v1-control-flow", _v1_control_flow)
    patches.apply("gradient-op-count", _tf115_gradient_counts)
    patches.apply("v1-initializer-strings", _v1_initializers)
    patches.apply("layers-dropout", lambda _: _layers_dropout_call)
    for name in ("Conv1D", "Conv2D", "Conv3D"):  # measured: Conv2D; Conv1D/3D share its call
        patches.apply(f"{name.lower()}-op-count", _counting_conv_call)

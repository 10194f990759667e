"""``tf.contrib.rnn``: the cells, wrappers and static RNNs, which ``tf.compat.v1.nn`` still has (built on
legacy Keras 2, selected by ``tf1_lessons.compat``). Same classes, so same variables, names and
seed behaviour as ``tf.nn.rnn_cell`` in TF1. ``stack_bidirectional_*`` are written here, with TF
1.15's variable names (``rnn_stack_bidirectional`` in the corpus prints what TF 1.15.5 printed)."""

from ...compat import v1

RNNCell = v1.nn.rnn_cell.RNNCell
BasicRNNCell = v1.nn.rnn_cell.BasicRNNCell
BasicLSTMCell = v1.nn.rnn_cell.BasicLSTMCell
LSTMCell = v1.nn.rnn_cell.LSTMCell
GRUCell = v1.nn.rnn_cell.GRUCell
MultiRNNCell = v1.nn.rnn_cell.MultiRNNCell
DropoutWrapper = v1.nn.rnn_cell.DropoutWrapper
LSTMStateTuple = v1.nn.rnn_cell.LSTMStateTuple
static_rnn = v1.nn.static_rnn
static_bidirectional_rnn = v1.nn.static_bidirectional_rnn
static_state_saving_rnn = v1.nn.static_state_saving_rnn
DeviceWrapper = v1.nn.rnn_cell.DeviceWrapper
ResidualWrapper = v1.nn.rnn_cell.ResidualWrapper


def stack_bidirectional_dynamic_rnn(cells_fw, cells_bw, inputs, initial_states_fw=None, initial_states_bw=None,
                                    dtype=None, sequence_length=None, parallel_iterations=None, time_major=False,
                                    scope=None, swap_memory=False):  # fmt: skip
    """Bidirectional layers stacked: each layer's forward and backward outputs, concatenated, feed
    the next (``stack_bidirectional_rnn/cell_<i>/bidirectional_rnn/{fw,bw}/...``). Returns the last
    layer's outputs and each layer's final forward and backward states."""
    _check_stack(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw, layer = [], [], inputs
    with v1.variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw, strict=True)):
            with v1.variable_scope(f"cell_{i}"):
                outputs, (state_fw, state_bw) = v1.nn.bidirectional_dynamic_rnn(
                    cell_fw, cell_bw, layer,
                    initial_state_fw=initial_states_fw[i] if initial_states_fw else None,
                    initial_state_bw=initial_states_bw[i] if initial_states_bw else None,
                    sequence_length=sequence_length, parallel_iterations=parallel_iterations, dtype=dtype,
                    swap_memory=swap_memory, time_major=time_major,
                )  # fmt: skip
                layer = v1.concat(outputs, 2)
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return layer, tuple(states_fw), tuple(states_bw)


def stack_bidirectional_rnn(cells_fw, cells_bw, inputs, initial_states_fw=None, initial_states_bw=None, dtype=None,
                            sequence_length=None, scope=None):  # fmt: skip
    """The static (list of time steps) form of :func:`stack_bidirectional_dynamic_rnn`."""
    _check_stack(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw, layer = [], [], inputs
    with v1.variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw, strict=True)):
            with v1.variable_scope(f"cell_{i}") as cell_scope:  # TF 1.15: cell_<i>/fw/..., no bidirectional_rnn
                layer, state_fw, state_bw = v1.nn.static_bidirectional_rnn(
                    cell_fw, cell_bw, layer,
                    initial_state_fw=initial_states_fw[i] if initial_states_fw else None,
                    initial_state_bw=initial_states_bw[i] if initial_states_bw else None,
                    sequence_length=sequence_length, dtype=dtype, scope=cell_scope,
                )  # fmt: skip
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return layer, tuple(states_fw), tuple(states_bw)


def _check_stack(cells_fw, cells_bw, initial_states_fw, initial_states_bw):
    if not cells_fw:
        raise ValueError("Must specify at least one fw cell for BidirectionalRNN.")
    if not cells_bw:
        raise ValueError("Must specify at least one bw cell for BidirectionalRNN.")
    if not isinstance(cells_fw, list):
        raise ValueError("cells_fw must be a list of RNNCells (one per layer).")
    if not isinstance(cells_bw, list):
        raise ValueError("cells_bw must be a list of RNNCells (one per layer).")
    if len(cells_fw) != len(cells_bw):
        raise ValueError("Forward and Backward cells must have the same depth.")
    if initial_states_fw is not None and (
        not isinstance(initial_states_fw, list) or len(initial_states_fw) != len(cells_fw)
    ):
        raise ValueError("initial_states_fw must be a list of state tensors (one per layer).")
    if initial_states_bw is not None and (
        not isinstance(initial_states_bw, list) or len(initial_states_bw) != len(cells_bw)
    ):
        raise ValueError("initial_states_bw must be a list of state tensors (one per layer).")


class LayerNormBasicLSTMCell(v1.nn.rnn_cell.RNNCell):
    """A basic LSTM with layer normalization (Ba et al., 2016) of each gate's pre-activation and of
    the new cell state, and optional recurrent dropout on the candidate (Semeniuta et al., 2016).
    TF 1.15's variables: ``kernel`` (no bias when normalizing) and ``gamma``/``beta`` under
    ``input``, ``transform``, ``forget``, ``output`` and ``state``."""

    def __init__(self, num_units, forget_bias=1.0, input_size=None, activation=None, layer_norm=True,
                 norm_gain=1.0, norm_shift=0.0, dropout_keep_prob=1.0, dropout_prob_seed=None, reuse=None):  # fmt: skip
        super().__init__(_reuse=reuse)
        self._num_units, self._forget_bias = num_units, forget_bias
        self._activation = activation or v1.tanh
        self._layer_norm, self._norm_gain, self._norm_shift = layer_norm, norm_gain, norm_shift
        self._keep_prob, self._seed = dropout_keep_prob, dropout_prob_seed

    @property
    def state_size(self):
        return LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self):
        return self._num_units

    def _norm(self, inp, scope, dtype=v1.float32):
        from .layers import layer_norm

        shape = inp.get_shape()[-1:]
        with v1.variable_scope(scope):
            v1.get_variable("gamma", shape=shape, initializer=v1.constant_initializer(self._norm_gain), dtype=dtype)
            v1.get_variable("beta", shape=shape, initializer=v1.constant_initializer(self._norm_shift), dtype=dtype)
        return layer_norm(inp, reuse=True, scope=scope)

    def _linear(self, args):
        out_size = 4 * self._num_units
        weights = v1.get_variable("kernel", [args.get_shape()[-1], out_size], dtype=args.dtype)
        out = v1.matmul(args, weights)
        if not self._layer_norm:
            out = v1.nn.bias_add(out, v1.get_variable("bias", [out_size], dtype=args.dtype))
        return out

    def call(self, inputs, state):
        c, h = state
        i, j, f, o = v1.split(value=self._linear(v1.concat([inputs, h], 1)), num_or_size_splits=4, axis=1)
        if self._layer_norm:
            i, j = self._norm(i, "input", inputs.dtype), self._norm(j, "transform", inputs.dtype)
            f, o = self._norm(f, "forget", inputs.dtype), self._norm(o, "output", inputs.dtype)
        g = self._activation(j)
        if not isinstance(self._keep_prob, float) or self._keep_prob < 1:
            g = v1.nn.dropout(g, self._keep_prob, seed=self._seed)
        new_c = c * v1.sigmoid(f + self._forget_bias) + v1.sigmoid(i) * g
        if self._layer_norm:
            new_c = self._norm(new_c, "state", inputs.dtype)
        new_h = self._activation(new_c) * v1.sigmoid(o)
        return new_h, LSTMStateTuple(new_c, new_h)


# -- the block cells: TF 1.15's fused kernels (TF 2.21 still has them) ---------------------------
# TF 2.21 registers no gradient for LSTMBlockCell and GRUBlockCell: tf1.rules installs ours
# (block-cell-gradients), from the kernels' own gradient ops.


def _gen_rnn_ops():
    from tensorflow.python.ops import gen_rnn_ops

    return gen_rnn_ops


def _gen_nn_ops():
    from tensorflow.python.ops import gen_nn_ops

    return gen_nn_ops


class LSTMBlockCell(v1.nn.rnn_cell.RNNCell):
    """The LSTM in one kernel (``LSTMBlockCell``), gates in BasicLSTMCell's ``i, c, f, o`` order.
    Variables as TF 1.15 named them: ``lstm_cell/kernel`` ``[input + units, 4 units]``, ``bias``
    (zeros) and, with peepholes, ``w_i_diag``/``w_f_diag``/``w_o_diag``. ``cell_clip=None`` means
    no clipping (the kernel's own default would clip at 3)."""

    def __init__(self, num_units, forget_bias=1.0, cell_clip=None, use_peephole=False, dtype=None, reuse=None,
                 name="lstm_cell"):  # fmt: skip
        super().__init__(_reuse=reuse, name=name, dtype=dtype)
        self._num_units, self._forget_bias = num_units, forget_bias
        self._cell_clip = cell_clip if cell_clip is not None else -1
        self._use_peephole = use_peephole
        self.input_spec = v1.layers.InputSpec(ndim=2)

    @property
    def state_size(self):
        return LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        if not inputs_shape[1]:
            raise ValueError(f"Expecting inputs_shape[1] to be set: {inputs_shape}")
        input_size = inputs_shape[1]
        self._kernel = self.add_weight("kernel", [input_size + self._num_units, self._num_units * 4])
        self._bias = self.add_weight("bias", [self._num_units * 4], initializer=v1.constant_initializer(0.0))
        if self._use_peephole:
            self._w_i_diag = self.add_weight("w_i_diag", [self._num_units])
            self._w_f_diag = self.add_weight("w_f_diag", [self._num_units])
            self._w_o_diag = self.add_weight("w_o_diag", [self._num_units])
        self.built = True

    def call(self, inputs, state):
        cs_prev, h_prev = state
        if self._use_peephole:
            wci, wcf, wco = self._w_i_diag, self._w_f_diag, self._w_o_diag
        else:
            wci = wcf = wco = v1.zeros([self._num_units], dtype=self.dtype)
        _, cs, _, _, _, _, h = _gen_rnn_ops().lstm_block_cell(
            x=inputs, cs_prev=cs_prev, h_prev=h_prev, w=self._kernel, wci=wci, wcf=wcf, wco=wco, b=self._bias,
            forget_bias=self._forget_bias, cell_clip=self._cell_clip, use_peephole=self._use_peephole,
        )  # fmt: skip
        return h, LSTMStateTuple(cs, h)


class GRUBlockCell(v1.nn.rnn_cell.RNNCell):
    """The GRU in one kernel (``GRUBlockCell``). TF 1.15's variables: ``gru_cell/w_ru``
    ``[input + units, 2 units]``, ``b_ru`` (ones), ``w_c``, ``b_c`` (zeros)."""

    _names = ("w_ru", "b_ru", "w_c", "b_c")

    def __init__(self, num_units=None, cell_size=None, reuse=None, name="gru_cell"):
        super().__init__(_reuse=reuse, name=name)
        if num_units is None:  # TF 1.15 still took the old spelling
            if cell_size is None:
                raise ValueError("Either num_units or cell_size must be set.")
            num_units = cell_size
        elif cell_size is not None:
            raise ValueError("cell_size and num_units cannot both be set.")
        self._cell_size = num_units
        self.input_spec = v1.layers.InputSpec(ndim=2)

    @property
    def state_size(self):
        return self._cell_size

    @property
    def output_size(self):
        return self._cell_size

    def build(self, input_shape):
        input_size = input_shape[1]
        if not input_size:
            raise ValueError(f"Expecting input_size to be set: {input_shape}")
        n = self._cell_size
        w_ru, b_ru, w_c, b_c = self._names
        self._w_ru = self.add_weight(w_ru, [input_size + n, n * 2])
        self._b_ru = self.add_weight(b_ru, [n * 2], initializer=v1.constant_initializer(1.0))
        self._w_c = self.add_weight(w_c, [input_size + n, n])
        self._b_c = self.add_weight(b_c, [n], initializer=v1.constant_initializer(0.0))
        self.built = True

    def call(self, inputs, h_prev):
        _, _, _, new_h = _gen_rnn_ops().gru_block_cell(
            x=inputs, h_prev=h_prev, w_ru=self._w_ru, w_c=self._w_c, b_ru=self._b_ru, b_c=self._b_c
        )
        return new_h, new_h


class GRUBlockCellV2(GRUBlockCell):
    """:class:`GRUBlockCell` with GRUCell's variable names (``gates/kernel``, ``gates/bias``,
    ``candidate/kernel``, ``candidate/bias``), so GRUCell checkpoints restore into it."""

    _names = ("gates/kernel", "gates/bias", "candidate/kernel", "candidate/bias")


class LSTMBlockFusedCell(v1.layers.Layer):
    """The whole LSTM over time in one kernel (``BlockLSTM``): time-major inputs ``[time, batch,
    depth]``, called as ``cell(inputs, initial_state=None, dtype=None, sequence_length=None)``;
    returns every step's output and the final ``LSTMStateTuple``. Variables
    ``lstm_fused_cell/kernel`` and ``bias`` (and the peepholes) as in :class:`LSTMBlockCell`."""

    def __init__(self, num_units, forget_bias=1.0, cell_clip=None, use_peephole=False, reuse=None, dtype=None,
                 name="lstm_fused_cell"):  # fmt: skip
        super().__init__(_reuse=reuse, name=name, dtype=dtype)
        self._num_units, self._forget_bias = num_units, forget_bias
        self._cell_clip = cell_clip if cell_clip is not None else -1
        self._use_peephole = use_peephole
        self.input_spec = v1.layers.InputSpec(ndim=3)

    @property
    def num_units(self):
        return self._num_units

    def build(self, input_shape):
        input_size = input_shape[2]
        self._kernel = self.add_weight("kernel", [input_size + self._num_units, self._num_units * 4])
        self._bias = self.add_weight("bias", [self._num_units * 4], initializer=v1.constant_initializer(0.0))
        if self._use_peephole:
            self._w_i_diag = self.add_weight("w_i_diag", [self._num_units])
            self._w_f_diag = self.add_weight("w_f_diag", [self._num_units])
            self._w_o_diag = self.add_weight("w_o_diag", [self._num_units])
        self.built = True

    def call(self, inputs, initial_state=None, dtype=None, sequence_length=None):
        # Static sizes where the shape has them, shape ops where not: TF 1.15's op count.
        inputs_shape = inputs.get_shape().with_rank(3)
        time_len = inputs_shape.dims[0].value
        if time_len is None:
            time_len = v1.shape(inputs)[0]
        batch_size = inputs_shape.dims[1].value
        if initial_state is None:
            if dtype is None:
                raise ValueError("Either initial_state or dtype needs to be specified")
            if batch_size is None:
                batch_size = v1.shape(inputs)[1]
            z = v1.zeros(v1.stack([batch_size, self._num_units]), dtype=dtype)
            initial_state = z, z
        else:
            if len(initial_state) != 2:
                raise ValueError("Expecting initial_state to be a tuple with length 2 or None")
            if dtype is None:
                dtype = initial_state[0].dtype
        initial_cell_state, initial_output = initial_state
        cell_states, outputs = self._call_cell(inputs, initial_cell_state, initial_output, dtype, sequence_length)
        if sequence_length is None:
            return outputs, LSTMStateTuple(cell_states[-1], outputs[-1])
        # Steps past a sequence's end are zeros; its final state is the one after its last step
        # (the initial state for an empty sequence, hence the initial state put in front).
        mask = v1.transpose(v1.sequence_mask(sequence_length, time_len, dtype=dtype), [1, 0])
        outputs *= v1.tile(v1.expand_dims(mask, [-1]), [1, 1, self._num_units])
        cell_states = v1.concat([v1.expand_dims(initial_cell_state, [0]), cell_states], 0)
        all_outputs = v1.concat([v1.expand_dims(initial_output, [0]), outputs], 0)
        if batch_size is None:
            batch_size = v1.shape(inputs)[1]

        def last(states):
            return v1.gather_nd(states, v1.stack([sequence_length, v1.range(0, batch_size)], axis=1))

        return outputs, LSTMStateTuple(last(cell_states), last(all_outputs))

    def _call_cell(self, inputs, initial_cell_state, initial_output, dtype, sequence_length):
        time_len = inputs.get_shape().dims[0].value
        if time_len is None:
            time_len = v1.shape(inputs)[0]
        if self._use_peephole:
            wci, wcf, wco = self._w_i_diag, self._w_f_diag, self._w_o_diag
        else:
            wci = wcf = wco = v1.zeros([self._num_units], dtype=dtype)
        if sequence_length is None:
            max_seq_len = v1.cast(time_len, v1.int64)
        else:
            max_seq_len = v1.cast(v1.reduce_max(sequence_length), v1.int64)
        _, cs, _, _, _, _, h = _gen_rnn_ops().block_lstm(
            seq_len_max=max_seq_len, x=inputs, cs_prev=initial_cell_state, h_prev=initial_output, w=self._kernel,
            wci=wci, wcf=wcf, wco=wco, b=self._bias, forget_bias=self._forget_bias, cell_clip=self._cell_clip,
            use_peephole=self._use_peephole,
        )  # fmt: skip
        return cs, h


def _lstm_block_cell_grad(op, *grad):
    """The gradient of one LSTMBlockCell step: the kernel's own ``LSTMBlockCellGrad`` gives the
    gate gradients ``dicfo`` (and the cell state's and peepholes'); the rest is the matmul's."""
    x, cs_prev, h_prev, w, wci, wcf, wco, b = op.inputs
    i, cs, f, o, ci, co, _ = op.outputs
    _, cs_grad, _, _, _, _, h_grad = grad
    # Static sizes where known (-1: the rest), as TF 1.15 sliced: the op count it made.
    batch_size = x.get_shape().with_rank(2).dims[0].value or -1
    input_size = x.get_shape().with_rank(2).dims[1].value
    cell_size = cs_prev.get_shape().with_rank(2).dims[1].value
    cs_prev_grad, dicfo, wci_grad, wcf_grad, wco_grad = _gen_rnn_ops().lstm_block_cell_grad(
        x=x, cs_prev=cs_prev, h_prev=h_prev, w=w, wci=wci, wcf=wcf, wco=wco, b=b, i=i, cs=cs, f=f, o=o, ci=ci,
        co=co, cs_grad=cs_grad, h_grad=h_grad, use_peephole=op.get_attr("use_peephole"),
    )  # fmt: skip
    xh = v1.concat([x, h_prev], 1)
    xh_grad = v1.matmul(dicfo, w, transpose_b=True)
    x_grad = v1.slice(xh_grad, (0, 0), (batch_size, input_size))
    h_prev_grad = v1.slice(xh_grad, (0, input_size), (batch_size, cell_size))
    w_grad = v1.matmul(xh, dicfo, transpose_a=True)
    b_grad = _gen_nn_ops().bias_add_grad(dicfo)
    return x_grad, cs_prev_grad, h_prev_grad, w_grad, wci_grad, wcf_grad, wco_grad, b_grad


def _gru_block_cell_grad(op, *grad):
    """The gradient of one GRUBlockCell step from the kernel's ``GRUBlockCellGrad``: the input's
    and previous state's gradients, and the gate and candidate pre-activations' gradients, from
    which the weights' follow."""
    x, h_prev, w_ru, w_c, b_ru, b_c = op.inputs
    r, u, c, _ = op.outputs
    _, _, _, d_h = grad
    d_x, d_h_prev, d_c_bar, d_r_bar_u_bar = _gen_rnn_ops().gru_block_cell_grad(
        x=x, h_prev=h_prev, w_ru=w_ru, w_c=w_c, b_ru=b_ru, b_c=b_c, r=r, u=u, c=c, d_h=d_h
    )
    x_h_prev = v1.concat([x, h_prev], 1)
    d_w_ru = v1.matmul(x_h_prev, d_r_bar_u_bar, transpose_a=True)
    d_b_ru = _gen_nn_ops().bias_add_grad(d_r_bar_u_bar)
    x_h_prevr = v1.concat([x, h_prev * r], 1)
    d_w_c = v1.matmul(x_h_prevr, d_c_bar, transpose_a=True)
    d_b_c = _gen_nn_ops().bias_add_grad(d_c_bar)
    return d_x, d_h_prev, d_w_ru, d_w_c, d_b_ru, d_b_c


BLOCK_CELL_GRADIENTS = {"LSTMBlockCell": _lstm_block_cell_grad, "GRUBlockCell": _gru_block_cell_grad}


def register_block_cell_gradients():
    """Register the two gradients where this TensorFlow has none (TF 2.16-2.21 have none)."""
    from tensorflow.python.framework import ops

    for op_type, fn in BLOCK_CELL_GRADIENTS.items():
        try:
            ops._gradient_registry.lookup(op_type)
        except LookupError:
            ops.RegisterGradient(op_type)(fn)


# -- cells written here with TF 1.15's variables --------------------------------------------------


def _linear(args, output_size, bias=True, bias_initializer=None, kernel_initializer=None):
    """rnn_cell_impl's linear map, as TF 1.15's cells made it: ``kernel`` over the arguments
    concatenated, ``bias`` (zeros unless told) in the same scope. TF1 libraries imported it as
    ``tensorflow.contrib.rnn.python.ops.core_rnn_cell._linear`` (tf1/private.py serves that path)."""
    args = list(args) if isinstance(args, (list, tuple)) else [args]
    total = sum(a.get_shape()[1] for a in args)
    dtype = args[0].dtype
    kernel = v1.get_variable("kernel", [total, output_size], dtype=dtype, initializer=kernel_initializer)
    res = v1.matmul(args[0] if len(args) == 1 else v1.concat(args, 1), kernel)
    if not bias:
        return res
    biases = v1.get_variable(
        "bias", [output_size], dtype=dtype, initializer=bias_initializer or v1.constant_initializer(0.0, dtype=dtype)
    )
    return v1.nn.bias_add(res, biases)


class NASCell(v1.nn.rnn_cell.RNNCell):
    """The recurrent cell found by Neural Architecture Search (Zoph & Le, 2017): eight gate
    pre-activations from the input and the previous output, combined by the searched tree of
    sums, products and nonlinearities. TF 1.15's variables: ``nas_cell/recurrent_kernel``,
    ``kernel``, ``bias`` (``use_bias=True``) and ``projection_weights`` (``num_proj``)."""

    def __init__(self, num_units, num_proj=None, use_bias=False, reuse=None, **kwargs):
        super().__init__(_reuse=reuse, **kwargs)
        self._num_units, self._num_proj, self._use_bias = num_units, num_proj, use_bias
        self._NUM_BASE_UNITS = 8

    @property
    def state_size(self):
        return LSTMStateTuple(self._num_units, self._num_proj or self._num_units)

    @property
    def output_size(self):
        return self._num_proj or self._num_units

    def build(self, inputs_shape):
        # Every variable before any product (a LayerRNNCell's build): TF 1.15's op seeds.
        input_size = inputs_shape[1]
        if input_size is None:
            raise ValueError("Could not infer input size from inputs.get_shape()[-1]")
        num_proj = self._num_proj or self._num_units
        width = self._NUM_BASE_UNITS * self._num_units
        self.recurrent_kernel = self.add_weight("recurrent_kernel", [num_proj, width])
        self.kernel = self.add_weight("kernel", [input_size, width])
        if self._use_bias:
            self.bias = self.add_weight("bias", [width], initializer=v1.zeros_initializer)
        if self._num_proj is not None:
            self.projection_weights = self.add_weight("projection_weights", [self._num_units, self._num_proj])
        self.built = True

    def call(self, inputs, state):
        sigmoid, tanh, relu = v1.sigmoid, v1.tanh, v1.nn.relu
        c_prev, m_prev = state
        m_matrix = v1.matmul(m_prev, self.recurrent_kernel)
        inputs_matrix = v1.matmul(inputs, self.kernel)
        if self._use_bias:
            m_matrix = v1.nn.bias_add(m_matrix, self.bias)
        m = v1.split(m_matrix, num_or_size_splits=self._NUM_BASE_UNITS, axis=1)
        x = v1.split(inputs_matrix, num_or_size_splits=self._NUM_BASE_UNITS, axis=1)
        # The first layer: one operation per pair of splits.
        l1 = [sigmoid(x[0] + m[0]), relu(x[1] + m[1]), sigmoid(x[2] + m[2]), relu(x[3] * m[3]),
              tanh(x[4] + m[4]), sigmoid(x[5] + m[5]), tanh(x[6] + m[6]), sigmoid(x[7] + m[7])]  # fmt: skip
        # The second layer combines them in pairs; the cell state enters at its first node.
        l2_0 = tanh(l1[0] * l1[1])
        l2_1 = tanh(l1[2] + l1[3])
        l2_2 = tanh(l1[4] * l1[5])
        l2_3 = sigmoid(l1[6] + l1[7])
        l2_0 = tanh(l2_0 + c_prev)
        new_c = l2_0 * l2_1
        l3_1 = tanh(l2_2 + l2_3)
        new_m = tanh(new_c * l3_1)
        if self._num_proj is not None:
            new_m = v1.matmul(new_m, self.projection_weights)
        return new_m, LSTMStateTuple(new_c, new_m)


class AttentionCellWrapper(v1.nn.rnn_cell.RNNCell):
    """A cell that attends over its own last ``attn_length`` outputs (Vinyals et al., 2015,
    "Grammar as a foreign language"). The state is ``(cell state, attention, attention window)``,
    the window flattened to ``[batch, attn_length * attn_size]``. TF 1.15's variables, under
    ``attention_cell_wrapper``: the input projection ``kernel``/``bias``, the cell's own,
    ``attention/attn_w``, ``attn_v``, ``kernel``, ``bias`` and ``attn_output_projection/...``."""

    def __init__(self, cell, attn_length, attn_size=None, attn_vec_size=None, input_size=None, state_is_tuple=True,
                 reuse=None):  # fmt: skip
        super().__init__(_reuse=reuse)
        if not isinstance(cell, v1.nn.rnn_cell.RNNCell) and not hasattr(cell, "state_size"):
            raise TypeError("The parameter cell is not RNNCell.")
        from tensorflow.python.util import nest

        if nest.is_nested(cell.state_size) and not state_is_tuple:
            raise ValueError(f"Cell returns tuple of states, but the flag state_is_tuple is not set. "
                             f"State size is: {cell.state_size}")  # fmt: skip
        if attn_length <= 0:
            raise ValueError(f"attn_length should be greater than zero, got {attn_length}")
        self._cell, self._attn_length = cell, attn_length
        self._attn_size = attn_size or cell.output_size
        self._attn_vec_size = attn_vec_size or self._attn_size
        self._input_size, self._state_is_tuple = input_size, state_is_tuple

    @property
    def state_size(self):
        size = (self._cell.state_size, self._attn_size, self._attn_size * self._attn_length)
        return size if self._state_is_tuple else sum(size)

    @property
    def output_size(self):
        return self._attn_size

    def call(self, inputs, state):
        from tensorflow.python.util import nest

        if self._state_is_tuple:
            state, attns, attn_states = state
        else:
            states = state
            state = v1.slice(states, [0, 0], [-1, self._cell.state_size])
            attns = v1.slice(states, [0, self._cell.state_size], [-1, self._attn_size])
            attn_states = v1.slice(
                states, [0, self._cell.state_size + self._attn_size], [-1, self._attn_size * self._attn_length]
            )
        attn_states = v1.reshape(attn_states, [-1, self._attn_length, self._attn_size])
        input_size = self._input_size or inputs.get_shape().as_list()[1]
        inputs = _linear([inputs, attns], input_size)
        cell_output, new_state = self._cell(inputs, state)
        new_state_cat = v1.concat(nest.flatten(new_state), 1) if self._state_is_tuple else new_state
        new_attns, new_attn_states = self._attention(new_state_cat, attn_states)
        with v1.variable_scope("attn_output_projection"):
            output = _linear([cell_output, new_attns], self._attn_size)
        new_attn_states = v1.concat([new_attn_states, v1.expand_dims(output, 1)], 1)
        new_attn_states = v1.reshape(new_attn_states, [-1, self._attn_length * self._attn_size])
        new_state = (new_state, new_attns, new_attn_states)
        if not self._state_is_tuple:
            new_state = v1.concat(list(new_state), 1)
        return output, new_state

    def _attention(self, query, attn_states):
        with v1.variable_scope("attention"):
            k = v1.get_variable("attn_w", [1, 1, self._attn_size, self._attn_vec_size])
            v = v1.get_variable("attn_v", [self._attn_vec_size])
            hidden = v1.reshape(attn_states, [-1, self._attn_length, 1, self._attn_size])
            hidden_features = v1.nn.conv2d(hidden, k, [1, 1, 1, 1], "SAME")
            y = v1.reshape(_linear(query, self._attn_vec_size), [-1, 1, 1, self._attn_vec_size])
            s = v1.reduce_sum(v * v1.tanh(hidden_features + y), [2, 3])
            a = v1.nn.softmax(s)
            d = v1.reduce_sum(v1.reshape(a, [-1, self._attn_length, 1, 1]) * hidden, [1, 2])
            new_attns = v1.reshape(d, [-1, self._attn_size])
            new_attn_states = v1.slice(attn_states, [0, 1, 0], [-1, -1, -1])
            return new_attns, new_attn_states


# -- the wrappers of TF 1.0's core_rnn_cell, which the embedding seq2seq models build on ----------


class _Wrapper(v1.nn.rnn_cell.RNNCell):
    """A cell around ``self._cell``: its state, output size (unless the wrapper changes it) and
    zero state, the latter under the wrapper's own name scope as TF 1.15's wrappers made it."""

    @property
    def state_size(self):
        return self._cell.state_size

    @property
    def output_size(self):
        return self._cell.output_size

    def zero_state(self, batch_size, dtype):
        with v1.name_scope(type(self).__name__ + "ZeroState", values=[batch_size]):
            return self._cell.zero_state(batch_size, dtype)


class EmbeddingWrapper(_Wrapper):
    """Embed integer inputs (``embedding_wrapper/embedding``, uniform in ±√3 unless the scope or
    ``initializer`` says otherwise, on the CPU as TF1 placed it), then run the cell."""

    def __init__(self, cell, embedding_classes, embedding_size, initializer=None, reuse=None):
        super().__init__(_reuse=reuse)
        if embedding_classes <= 0 or embedding_size <= 0:
            raise ValueError(f"Both embedding_classes and embedding_size must be > 0: "
                             f"{embedding_classes}, {embedding_size}.")  # fmt: skip
        self._cell, self._embedding_classes = cell, embedding_classes
        self._embedding_size, self._initializer = embedding_size, initializer

    def call(self, inputs, state):
        import math

        with v1.device("/cpu:0"):
            initializer = self._initializer or v1.get_variable_scope().initializer
            if initializer is None:
                initializer = v1.random_uniform_initializer(-math.sqrt(3), math.sqrt(3))
            data_type = state[0].dtype if isinstance(state, tuple) else state.dtype
            embedding = v1.get_variable(
                "embedding", [self._embedding_classes, self._embedding_size], initializer=initializer,
                dtype=data_type,
            )  # fmt: skip
            embedded = v1.nn.embedding_lookup(embedding, v1.reshape(inputs, [-1]))
        return self._cell(embedded, state)


class _ProjectionWrapper(_Wrapper):
    def __init__(self, cell, size, activation=None, reuse=None):
        super().__init__(_reuse=reuse)
        if size < 1:
            raise ValueError(f"Parameter output_size must be > 0: {size}.")
        self._cell, self._size, self._activation = cell, size, activation

    def _project(self, x):
        projected = _linear(x, self._size)
        return self._activation(projected) if self._activation else projected


class OutputProjectionWrapper(_ProjectionWrapper):
    """The cell, then a linear map of its output to ``output_size``
    (``output_projection_wrapper/kernel``, ``bias``, made after the cell's own variables)."""

    def __init__(self, cell, output_size, activation=None, reuse=None):
        super().__init__(cell, output_size, activation, reuse)

    @property
    def output_size(self):
        return self._size

    def call(self, inputs, state):
        output, res_state = self._cell(inputs, state)
        return self._project(output), res_state


class InputProjectionWrapper(_ProjectionWrapper):
    """A linear map of the input to ``num_proj`` (``input_projection_wrapper/kernel``, ``bias``),
    then the cell."""

    def __init__(self, cell, num_proj, activation=None, input_size=None, reuse=None):
        super().__init__(cell, num_proj, activation, reuse)

    def call(self, inputs, state):
        return self._cell(self._project(inputs), state)


# -- more of contrib.rnn's cells, with TF 1.15's variable names -----------------------------------


class HighwayWrapper(_Wrapper):
    """The cell's output mixed with its input through a highway gate (Srivastava et al., 2015):
    ``input * carry + output * transform``, ``carry = sigmoid(x W_c + b_c)`` and ``transform`` its
    complement (or its own gate). The variables ``carry_w``/``carry_b`` (and ``transform_w``/
    ``transform_b``) are made in the scope the wrapper is called in, as TF 1.15 made them."""

    def __init__(self, cell, couple_carry_transform_gates=True, carry_bias_init=1.0):
        super().__init__()
        self._cell, self._couple = cell, couple_carry_transform_gates
        self._carry_bias_init = carry_bias_init

    def _highway(self, inp, out):
        input_size = inp.get_shape().with_rank(2).dims[1].value
        carry_weight = v1.get_variable("carry_w", [input_size, input_size])
        carry_bias = v1.get_variable("carry_b", [input_size],
                                     initializer=v1.constant_initializer(self._carry_bias_init))  # fmt: skip
        carry = v1.sigmoid(v1.nn.xw_plus_b(inp, carry_weight, carry_bias))
        if self._couple:
            transform = 1 - carry
        else:
            transform_weight = v1.get_variable("transform_w", [input_size, input_size])
            transform_bias = v1.get_variable("transform_b", [input_size],
                                             initializer=v1.constant_initializer(-self._carry_bias_init))  # fmt: skip
            transform = v1.sigmoid(v1.nn.xw_plus_b(inp, transform_weight, transform_bias))
        return inp * carry + out * transform

    def __call__(self, inputs, state, scope=None):
        from tensorflow.python.util import nest

        outputs, new_state = self._cell(inputs, state, scope=scope)
        nest.assert_same_structure(inputs, outputs)
        nest.map_structure(lambda i, o: i.get_shape().assert_is_compatible_with(o.get_shape()), inputs, outputs)
        return nest.map_structure(self._highway, inputs, outputs), new_state


class _UnitsCell(v1.nn.rnn_cell.RNNCell):
    """A cell whose state and output are both ``num_units`` wide."""

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units


class SRUCell(_UnitsCell):
    """The simple recurrent unit (Lei et al., 2017): one product of the input gives the candidate,
    the forget and reset pre-activations and the highway term; the state enters only elementwise.
    Variables ``sru_cell/kernel`` ``[input, 4 units]`` and ``bias`` ``[2 units]``."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, **kwargs)
        self._num_units, self._activation = num_units, activation or v1.tanh

    def build(self, inputs_shape):
        if inputs_shape[-1] is None:
            raise ValueError(f"Expected inputs.shape[-1] to be known, saw shape: {inputs_shape}")
        self._kernel = self.add_weight("kernel", [inputs_shape[-1], 4 * self._num_units])
        self._bias = self.add_weight("bias", [2 * self._num_units], initializer=v1.zeros_initializer)
        self.built = True

    def call(self, inputs, state):
        u = v1.matmul(inputs, self._kernel)
        x_bar, f_intermediate, r_intermediate, x_tx = v1.split(value=u, num_or_size_splits=4, axis=1)
        f_r = v1.sigmoid(v1.nn.bias_add(v1.concat([f_intermediate, r_intermediate], 1), self._bias))
        f, r = v1.split(value=f_r, num_or_size_splits=2, axis=1)
        c = f * state + (1.0 - f) * x_bar
        h = r * self._activation(c) + (1.0 - r) * x_tx
        return h, c


def _recurrent_uniform(dtype=None):
    return v1.random_uniform_initializer(minval=-1, maxval=1, dtype=dtype or v1.float32)


class IndRNNCell(_UnitsCell):
    """The independently recurrent cell (Li et al., 2018): each unit sees only its own previous
    value, through one weight. Variables ``ind_rnn_cell/kernel_w``, ``kernel_u`` ``[1, units]``
    (uniform in ±1) and ``bias``."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None):
        super().__init__(_reuse=reuse, name=name, dtype=dtype)
        self._num_units, self._activation = num_units, activation or v1.tanh

    def build(self, inputs_shape):
        if inputs_shape[1] is None:
            raise ValueError(f"Expected inputs.shape[-1] to be known, saw shape: {inputs_shape}")
        self._kernel_w = self.add_weight("kernel_w", [inputs_shape[1], self._num_units])
        self._kernel_u = self.add_weight("kernel_u", [1, self._num_units], initializer=_recurrent_uniform(self.dtype))
        self._bias = self.add_weight("bias", [self._num_units], initializer=v1.zeros_initializer(dtype=self.dtype))
        self.built = True

    def call(self, inputs, state):
        gate_inputs = v1.matmul(inputs, self._kernel_w) + (state * self._kernel_u)
        output = self._activation(v1.nn.bias_add(gate_inputs, self._bias))
        return output, output


class IndyGRUCell(_UnitsCell):
    """A GRU whose recurrent weights are diagonal (each unit its own previous value). TF 1.15's
    variables: ``gates/kernel_w``, ``gates/kernel_u``, ``gates/bias`` (ones), ``candidate/kernel``,
    ``candidate/kernel_u``, ``candidate/bias``."""

    def __init__(self, num_units, activation=None, reuse=None, kernel_initializer=None, bias_initializer=None,
                 name=None, dtype=None):  # fmt: skip
        super().__init__(_reuse=reuse, name=name, dtype=dtype)
        self._num_units, self._activation = num_units, activation or v1.tanh
        self._kernel_initializer, self._bias_initializer = kernel_initializer, bias_initializer

    def build(self, inputs_shape):
        if inputs_shape[1] is None:
            raise ValueError(f"Expected inputs.shape[-1] to be known, saw shape: {inputs_shape}")
        depth, n = inputs_shape[1], self._num_units
        self._gate_kernel_w = self.add_weight("gates/kernel_w", [depth, 2 * n], initializer=self._kernel_initializer)
        self._gate_kernel_u = self.add_weight("gates/kernel_u", [1, 2 * n], initializer=_recurrent_uniform(self.dtype))
        self._gate_bias = self.add_weight(
            "gates/bias", [2 * n], initializer=self._bias_initializer or v1.constant_initializer(1.0, dtype=self.dtype)
        )
        self._candidate_kernel_w = self.add_weight("candidate/kernel", [depth, n], initializer=self._kernel_initializer)
        self._candidate_kernel_u = self.add_weight(
            "candidate/kernel_u", [1, n], initializer=_recurrent_uniform(self.dtype)
        )
        self._candidate_bias = self.add_weight(
            "candidate/bias", [n], initializer=self._bias_initializer or v1.zeros_initializer(dtype=self.dtype)
        )
        self.built = True

    def call(self, inputs, state):
        gate_inputs = v1.matmul(inputs, self._gate_kernel_w) + (v1.tile(state, [1, 2]) * self._gate_kernel_u)
        value = v1.sigmoid(v1.nn.bias_add(gate_inputs, self._gate_bias))
        r, u = v1.split(value=value, num_or_size_splits=2, axis=1)
        candidate = v1.matmul(inputs, self._candidate_kernel_w) + r * state * self._candidate_kernel_u
        c = self._activation(v1.nn.bias_add(candidate, self._candidate_bias))
        new_h = u * state + (1 - u) * c
        return new_h, new_h


class IndyLSTMCell(v1.nn.rnn_cell.RNNCell):
    """An LSTM whose recurrent weights are diagonal. TF 1.15's variables: ``kernel_w``,
    ``kernel_u`` ``[1, 4 units]`` (uniform in ±1) and ``bias``."""

    def __init__(self, num_units, forget_bias=1.0, activation=None, reuse=None, kernel_initializer=None,
                 bias_initializer=None, name=None, dtype=None):  # fmt: skip
        super().__init__(_reuse=reuse, name=name, dtype=dtype)
        self._num_units, self._forget_bias = num_units, forget_bias
        self._activation = activation or v1.tanh
        self._kernel_initializer, self._bias_initializer = kernel_initializer, bias_initializer

    @property
    def state_size(self):
        return LSTMStateTuple(self._num_units, self._num_units)

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        if inputs_shape[1] is None:
            raise ValueError(f"Expected inputs.shape[-1] to be known, saw shape: {inputs_shape}")
        n = 4 * self._num_units
        self._kernel_w = self.add_weight("kernel_w", [inputs_shape[1], n], initializer=self._kernel_initializer)
        self._kernel_u = self.add_weight("kernel_u", [1, n], initializer=_recurrent_uniform(self.dtype))
        self._bias = self.add_weight(
            "bias", [n], initializer=self._bias_initializer or v1.zeros_initializer(dtype=self.dtype)
        )
        self.built = True

    def call(self, inputs, state):
        one = v1.constant(1, dtype=v1.int32)
        c, h = state
        gate_inputs = v1.matmul(inputs, self._kernel_w)
        gate_inputs += v1.tile(h, [1, 4]) * self._kernel_u
        gate_inputs = v1.nn.bias_add(gate_inputs, self._bias)
        i, j, f, o = v1.split(value=gate_inputs, num_or_size_splits=4, axis=one)
        forget_bias_tensor = v1.constant(self._forget_bias, dtype=f.dtype)
        new_c = c * v1.sigmoid(f + forget_bias_tensor) + v1.sigmoid(i) * self._activation(j)
        new_h = self._activation(new_c) * v1.sigmoid(o)
        return new_h, LSTMStateTuple(new_c, new_h)


class UGRNNCell(_UnitsCell):
    """The update-gate RNN (Collins et al., 2017): one gate mixes the previous state with a new
    candidate. Variables ``ugrnn_cell/kernel`` ``[input + units, 2 units]`` and ``bias``."""

    def __init__(self, num_units, initializer=None, forget_bias=1.0, activation=None, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units, self._initializer = num_units, initializer
        self._forget_bias, self._activation = forget_bias, activation or v1.tanh

    def call(self, inputs, state):
        with v1.variable_scope(v1.get_variable_scope(), initializer=self._initializer):
            rnn_matrix = _linear(v1.concat([inputs, state], 1), 2 * self._num_units)
            g_act, c_act = v1.split(axis=1, num_or_size_splits=2, value=rnn_matrix)
            c = self._activation(c_act)
            g = v1.sigmoid(g_act + self._forget_bias)
            new_state = g * state + (1.0 - g) * c
        return new_state, new_state


class IntersectionRNNCell(_UnitsCell):
    """The intersection RNN (Collins et al., 2017): two gated paths, one through time (the state)
    and one through depth (the output, which mixes in the input: so input and output sizes must
    match, ``num_in_proj`` projecting the input first). Variables ``intersection_rnn_cell/kernel``,
    ``bias`` (and ``in_projection/...``)."""

    def __init__(self, num_units, num_in_proj=None, initializer=None, forget_bias=1.0, y_activation=None,
                 reuse=None):  # fmt: skip
        super().__init__(_reuse=reuse)
        self._num_units, self._initializer, self._forget_bias = num_units, initializer, forget_bias
        self._num_input_proj, self._y_activation = num_in_proj, y_activation or v1.nn.relu

    def call(self, inputs, state):
        input_size = inputs.get_shape().with_rank(2).dims[1]
        if input_size.value is None:
            raise ValueError("Could not infer input size from inputs.get_shape()[-1]")
        with v1.variable_scope(v1.get_variable_scope(), initializer=self._initializer):
            if input_size.value != self._num_units:
                if not self._num_input_proj:
                    raise ValueError("Must have input size == output size for Intersection RNN. To fix, "
                                     "num_in_proj should be set to num_units at cell init.")  # fmt: skip
                with v1.variable_scope("in_projection"):
                    inputs = _linear(inputs, self._num_units)
            n = self._num_units
            rnn_matrix = _linear(v1.concat([inputs, state], 1), 4 * n)
            gh_act, h_act = rnn_matrix[:, :n], rnn_matrix[:, n : 2 * n]
            gy_act, y_act = rnn_matrix[:, 2 * n : 3 * n], rnn_matrix[:, 3 * n : 4 * n]
            h = v1.tanh(h_act)
            y = self._y_activation(y_act)
            gh = v1.sigmoid(gh_act + self._forget_bias)
            gy = v1.sigmoid(gy_act + self._forget_bias)
            new_state = gh * state + (1.0 - gh) * h  # through time
            new_y = gy * inputs + (1.0 - gy) * y  # through depth
        return new_y, new_state


def _conv(args, filter_size, num_features, bias, bias_start=0.0):
    """A convolution over the arguments concatenated on their channels (``kernel``, ``biases``),
    1-D, 2-D or 3-D by their rank, "SAME" padding."""
    shapes = [a.get_shape().as_list() for a in args]
    rank = len(shapes[0])
    total_depth = 0
    for shape in shapes:
        if len(shape) not in (3, 4, 5):
            raise ValueError(f"Conv Linear expects 3D, 4D or 5D arguments: {shapes}")
        if len(shape) != rank:
            raise ValueError(f"Conv Linear expects all args to be of same Dimension: {shapes}")
        total_depth += shape[-1]
    dtype = args[0].dtype
    conv_op, strides = {3: (v1.nn.conv1d, 1), 4: (v1.nn.conv2d, [1] * 4), 5: (v1.nn.conv3d, [1] * 5)}[rank]
    kernel = v1.get_variable("kernel", list(filter_size) + [total_depth, num_features], dtype=dtype)
    inp = args[0] if len(args) == 1 else v1.concat(axis=rank - 1, values=args)
    res = conv_op(inp, kernel, strides, padding="SAME")
    if not bias:
        return res
    bias_term = v1.get_variable("biases", [num_features], dtype=dtype,
                                initializer=v1.constant_initializer(bias_start, dtype=dtype))  # fmt: skip
    return res + bias_term


class ConvLSTMCell(v1.nn.rnn_cell.RNNCell):
    """The convolutional LSTM (Shi et al., 2015): an LSTM whose gates are convolutions over the
    input and the previous output, states shaped like the input (``input_shape`` without the batch,
    channels last) with ``output_channels`` channels. Variables ``<name>/kernel``, ``biases``."""

    def __init__(self, conv_ndims, input_shape, output_channels, kernel_shape, use_bias=True,
                 skip_connection=False, forget_bias=1.0, initializers=None, name="conv_lstm_cell"):  # fmt: skip
        super().__init__(name=name)
        if conv_ndims != len(input_shape) - 1:
            raise ValueError(f"Invalid input_shape {input_shape} for conv_ndims={conv_ndims}.")
        self._conv_ndims, self._input_shape = conv_ndims, input_shape
        self._output_channels, self._kernel_shape = output_channels, list(kernel_shape)
        self._use_bias, self._forget_bias, self._skip_connection = use_bias, forget_bias, skip_connection
        self._total_output_channels = output_channels + (input_shape[-1] if skip_connection else 0)
        state_size = v1.TensorShape(list(input_shape[:-1]) + [output_channels])
        self._state_size = LSTMStateTuple(state_size, state_size)
        self._output_size = v1.TensorShape(list(input_shape[:-1]) + [self._total_output_channels])

    @property
    def output_size(self):
        return self._output_size

    @property
    def state_size(self):
        return self._state_size

    def call(self, inputs, state, scope=None):
        cell, hidden = state
        new_hidden = _conv([inputs, hidden], self._kernel_shape, 4 * self._output_channels, self._use_bias)
        input_gate, new_input, forget_gate, output_gate = v1.split(
            value=new_hidden, num_or_size_splits=4, axis=self._conv_ndims + 1
        )
        new_cell = v1.sigmoid(forget_gate + self._forget_bias) * cell
        new_cell += v1.sigmoid(input_gate) * v1.tanh(new_input)
        output = v1.tanh(new_cell) * v1.sigmoid(output_gate)
        if self._skip_connection:
            output = v1.concat([output, inputs], axis=-1)
        return output, LSTMStateTuple(new_cell, output)


class Conv1DLSTMCell(ConvLSTMCell):
    def __init__(self, name="conv_1d_lstm_cell", **kwargs):
        super().__init__(conv_ndims=1, name=name, **kwargs)


class Conv2DLSTMCell(ConvLSTMCell):
    def __init__(self, name="conv_2d_lstm_cell", **kwargs):
        super().__init__(conv_ndims=2, name=name, **kwargs)


class Conv3DLSTMCell(ConvLSTMCell):
    def __init__(self, name="conv_3d_lstm_cell", **kwargs):
        super().__init__(conv_ndims=3, name=name, **kwargs)


register_block_cell_gradients()

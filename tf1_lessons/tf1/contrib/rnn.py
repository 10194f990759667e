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

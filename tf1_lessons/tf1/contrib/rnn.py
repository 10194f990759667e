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

"""``tf.contrib.rnn``: the cells and static RNNs, which ``tf.compat.v1.nn`` still has (built on
legacy Keras 2, selected by ``tf1_lessons.compat``). Same classes, so same variables, names and
seed behaviour as ``tf.nn.rnn_cell`` in TF1."""

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

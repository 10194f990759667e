# A 2017 sequence-tagging library's model code: it reaches past tf.* into TensorFlow's own
# modules, as such libraries did (nest.is_sequence, rnn_cell_impl, core_rnn_cell._linear,
# array_ops, control_flow_ops, tensor_shape, layers.core, device_lib), assigns its own collection
# names to tf.GraphKeys, and falls back when a private name is missing. Seeded (tf.set_random_seed).
import numpy as np
import tensorflow as tf
from tensorflow.python.client import device_lib
from tensorflow.python.framework import ops, tensor_shape
from tensorflow.python.layers import core as layers_core
from tensorflow.python.ops import array_ops, control_flow_ops, rnn_cell_impl
from tensorflow.python.util import nest
from tensorflow.python.util.nest import is_sequence
from tensorflow.contrib.rnn.python.ops import core_rnn_cell

try:
    from tensorflow.python.ops.rnn_cell_impl import _linear
except ImportError:  # moved to contrib in TF 1.5
    from tensorflow.contrib.rnn.python.ops.core_rnn_cell import _linear

tf.GraphKeys.INPUTS = "inputs"
tf.GraphKeys.PREDICTIONS = "predictions"
tf.set_random_seed(1234)

print("is_sequence:", is_sequence([1, 2]), is_sequence("ab"), is_sequence({"a": 1}), nest.is_sequence((1,)))
print("flatten:", nest.flatten({"b": [1, 2], "a": (3, {"c": 4})}))
print("shapes:", tensor_shape.scalar(), tensor_shape.vector(3), tensor_shape.matrix(2, None))
print("cpu:", any(d.device_type == "CPU" for d in device_lib.list_local_devices()))
print("same linear:", _linear is core_rnn_cell._linear)

words = np.array([[1, 4, 2, 3, 0], [2, 2, 1, 4, 3], [3, 0, 1, 1, 2], [4, 3, 3, 2, 1]], dtype=np.int32)
tags = (words % 3).astype(np.int32)

x = tf.placeholder(tf.int32, [None, 5], name="words")
y = tf.placeholder(tf.int32, [None, 5], name="tags")
training = tf.placeholder_with_default(False, [], name="training")
tf.add_to_collection(tf.GraphKeys.INPUTS, x)
embeddings = tf.get_variable("embeddings", [5, 6])
inputs = tf.nn.embedding_lookup(embeddings, x)
steps = array_ops.unstack(inputs, axis=1)

cell = rnn_cell_impl.MultiRNNCell([rnn_cell_impl.LSTMCell(8), rnn_cell_impl.GRUCell(8)])
state = cell.zero_state(array_ops.shape(x)[0], tf.float32)
print("state is a sequence:", is_sequence(state), len(nest.flatten(state)), isinstance(nest.flatten(state)[0], ops.Tensor))
outputs = []
with tf.variable_scope("rnn") as scope:
    for t, step in enumerate(steps):
        if t > 0:
            scope.reuse_variables()
        out, state = cell(step, state)
        outputs.append(out)
with tf.variable_scope("projection"):
    mixed = [_linear([o, s], 8, True) if i == 0 else _linear([o, s], 8, True) for i, (o, s) in
             enumerate([(outputs[0], steps[0])])] + outputs[1:]
stacked = array_ops.stack(mixed, axis=1)
halves = array_ops.split(stacked, 2, axis=2)
dropped = control_flow_ops.cond(training, lambda: tf.nn.dropout(halves[0], 0.5), lambda: halves[0])
dense = layers_core.Dense(3, name="tagger")
logits = dense(tf.concat([dropped, halves[1]], axis=2))
tf.add_to_collection(tf.GraphKeys.PREDICTIONS, tf.argmax(logits, axis=2))
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
train = tf.train.AdamOptimizer(0.05).minimize(loss)
noise = tf.random_uniform([2], seed=None)  # an op seed after everything above: TF 1.15's op count

print("variables:", [(v.name, v.get_shape().as_list()) for v in tf.trainable_variables()])
print("collections:", len(tf.get_collection("inputs")), len(tf.get_collection(tf.GraphKeys.PREDICTIONS)))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print("noise:", sess.run(noise))
    for step in range(30):
        l, _ = sess.run([loss, train], {x: words, y: tags, training: True})
        if step % 10 == 0:
            print("step %d loss %.6f" % (step, l))
    print("tags:", sess.run(tf.get_collection(tf.GraphKeys.PREDICTIONS)[0], {x: words}).tolist())

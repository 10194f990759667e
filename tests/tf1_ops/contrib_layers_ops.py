# The ops tf.contrib.layers' functions make, with their options: what decides every later op seed
# (TF 1.15 seeded a random op with the number of ops in the graph before it). Prints, per case,
# the count TF 1.15's rule sees (under exec: the graph's ops and the ones tf115_ops counts where
# TF 1.15 made one that TF 2 does not), then each op's type and name.
import tensorflow as tf

try:
    from tf1_lessons.tf1.tf115_ops import extra_ops
except ImportError:  # TensorFlow 1.15 itself

    def extra_ops(graph):
        return 0


L = tf.contrib.layers


def ops_of(name, build):
    g = tf.Graph()
    with g.as_default():
        build()
        print("==", name, len(g.get_operations()) + extra_ops(g))
        for op in g.get_operations():
            print(op.type, op.name)


def x2():
    return tf.placeholder(tf.float32, [None, 6])


def x4():
    return tf.placeholder(tf.float32, [None, 5, 5, 3])


def t():
    return tf.placeholder(tf.bool, [])


ops_of("bn2_true", lambda: L.batch_norm(x2(), is_training=True))
ops_of("bn2_false", lambda: L.batch_norm(x2(), is_training=False))
ops_of("bn2_none_tensor", lambda: L.batch_norm(x2(), is_training=t(), updates_collections=None, scale=True))
ops_of("bn4_tensor", lambda: L.batch_norm(x4(), is_training=t()))
ops_of("bn4_true", lambda: L.batch_norm(x4(), is_training=True))
ops_of("bn4_none", lambda: L.batch_norm(x4(), is_training=True, updates_collections=None))
ops_of("drop_true", lambda: L.dropout(x2(), 0.5, is_training=True))
ops_of("drop_false", lambda: L.dropout(x2(), 0.5, is_training=False))
ops_of(
    "conv_bn_l2",
    lambda: L.conv2d(
        x4(),
        4,
        3,
        normalizer_fn=L.batch_norm,
        normalizer_params={"is_training": True},
        weights_regularizer=L.l2_regularizer(0.1),
    ),
)


def reuse():
    x = x2()
    L.fully_connected(x, 3, scope="fc")
    L.fully_connected(x, 3, scope="fc", reuse=True)


ops_of("fc_reuse", reuse)
ops_of(
    "fc_l1_bias",
    lambda: L.fully_connected(
        x2(), 3, weights_regularizer=L.l1_regularizer(0.1), biases_regularizer=L.l2_regularizer(0.1)
    ),
)
ops_of("layer_norm", lambda: L.layer_norm(x2()))


def lab():  # a public course's batch-norm lab: fully_connected + batch_norm under arg_scope, dropout
    x, training = x2(), t()
    params = {"is_training": training, "decay": 0.9, "updates_collections": tf.GraphKeys.UPDATE_OPS, "scale": True}
    with tf.contrib.framework.arg_scope(
        [L.fully_connected],
        normalizer_fn=L.batch_norm,
        normalizer_params=params,
        weights_initializer=L.xavier_initializer(),
        weights_regularizer=L.l2_regularizer(1e-4),
    ):
        h = L.fully_connected(x, 5, scope="hidden1")
        h = L.dropout(h, keep_prob=0.8, is_training=training)
        L.fully_connected(h, 3, scope="hidden2")


ops_of("batch_norm_lab", lab)


def summaries():
    h = tf.nn.relu(tf.layers.dense(x2(), 3, name="d"), name="act")
    tf.add_to_collection(tf.GraphKeys.ACTIVATIONS, tf.nn.relu6(h, name="act6"))
    L.summarize_activation(h)
    L.summarize_tensor(tf.reduce_sum(h, name="total"))
    L.summarize_activations()
    tf.add_to_collection("mine", h)
    L.summarize_collection("mine")


ops_of("summaries", summaries)

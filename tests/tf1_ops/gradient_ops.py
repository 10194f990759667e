# How many ops each gradient function makes, per forward op: what decides the seed of every
# random op made after an optimizer (TF 1.15 seeded a random op with the number of ops in the
# graph before it). For each case it prints the total the gradient made, then one line per
# gradient function called: the forward op's type, what its inputs' static shapes were, and the
# ops the function made (under exec: counted as TF 1.15's rule sees them, tf115_ops' corrections
# included).
import importlib.util
import pathlib

import tensorflow as tf
from tensorflow.python.framework import ops as _ops

try:
    from tf1_lessons.tf1.tf115_ops import extra_ops
except ImportError:  # TensorFlow 1.15 itself

    def extra_ops(graph):
        return 0


def count(g):
    return len(g.get_operations()) + extra_ops(g)


def _load_gradcount():
    # tf1_lessons' key function, loaded from its file: it is plain Python so TF 1.15.5's Python
    # 3.7 runs it too (this survey is recorded there without the package installed).
    path = pathlib.Path(__file__).resolve().parents[2] / "tf1_lessons" / "tf1" / "gradcount.py"
    spec = importlib.util.spec_from_file_location("gradcount", str(path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


key = _load_gradcount().key


_records = []
_get = _ops.get_gradient_function


def _counting_get(op):
    fn = _get(op)
    if fn is None:
        return fn

    def fn_(op_, *grads):
        g = op_.graph
        before = count(g)
        out = fn(op_, *grads)
        _records.append(f"  {key(op_)} {count(g) - before}")
        return out

    return fn_


_ops.get_gradient_function = _counting_get


def grad_ops(name, build):
    g = tf.Graph()
    with g.as_default():
        inputs, y = build()
        up = tf.placeholder(y.dtype, y.shape)
        del _records[:]
        before = count(g)
        tf.gradients(y, inputs, grad_ys=up)
        print(name, count(g) - before)
        for r in _records:
            print(r)
def ph(shape):
    return tf.placeholder(tf.float32, shape)


def unary(name, f, shape=(4, 3)):
    def build():
        x = ph(shape)
        return [x], f(x)

    grad_ops(name, build)


def binary(name, f, a=(4, 3), b=(4, 3)):
    def build():
        x, w = ph(a), ph(b)
        return [x, w], f(x, w)

    grad_ops(name, build)


for shape_name, shape in (("known", (4, 3)), ("unknown", (None, 3))):
    for opname, f in (
        ("add", tf.add), ("sub", tf.subtract), ("mul", tf.multiply), ("div", tf.divide),
        ("maximum", tf.maximum), ("minimum", tf.minimum), ("sqdiff", tf.squared_difference),
        ("pow", tf.pow),
    ):  # fmt: skip
        binary(f"{opname}_{shape_name}", f, shape, shape)
        binary(f"{opname}_{shape_name}_bcast_row", f, shape, (3,))
        binary(f"{opname}_{shape_name}_bcast_scalar_ph", f, shape, ())
        unary(f"{opname}_{shape_name}_const_scalar", lambda x, f=f: f(x, 2.0), shape)
        unary(f"{opname}_{shape_name}_const_scalar_left", lambda x, f=f: f(2.0, x), shape)
    for opname, f in (
        ("mean", tf.reduce_mean), ("sum", tf.reduce_sum), ("max", tf.reduce_max),
        ("mean0", lambda x: tf.reduce_mean(x, 0)), ("mean1", lambda x: tf.reduce_mean(x, 1)),
        ("sum1", lambda x: tf.reduce_sum(x, 1)), ("max1", lambda x: tf.reduce_max(x, 1)),
        ("relu", tf.nn.relu), ("sigmoid", tf.sigmoid), ("tanh", tf.tanh), ("softmax", tf.nn.softmax),
        ("log_softmax", tf.nn.log_softmax), ("square", tf.square), ("sqrt", tf.sqrt), ("exp", tf.exp),
        ("log", tf.log), ("neg", tf.negative), ("abs", tf.abs), ("l2loss", tf.nn.l2_loss),
        ("reshape", lambda x: tf.reshape(x, [-1])), ("transpose", tf.transpose),
        ("cast", lambda x: tf.cast(x, tf.float64)), ("expand", lambda x: tf.expand_dims(x, 1)),
        ("slice", lambda x: x[:, 1:]), ("identity", tf.identity), ("elu", tf.nn.elu),
        ("leaky_relu", tf.nn.leaky_relu), ("relu6", tf.nn.relu6), ("softplus", tf.nn.softplus),
        ("rsqrt", tf.rsqrt), ("reciprocal", tf.reciprocal), ("log1p", tf.log1p),
        ("clip", lambda x: tf.clip_by_value(x, 0.1, 0.9)), ("tile", lambda x: tf.tile(x, [2, 1])),
        ("concat", lambda x: tf.concat([x, x], 1)), ("stack", lambda x: tf.stack([x, x])),
        ("unstack", lambda x: tf.unstack(x, axis=1)[0]), ("split", lambda x: tf.split(x, 3, 1)[0]),
        ("gather", lambda x: tf.gather(x, [0, 1])), ("pad", lambda x: tf.pad(x, [[1, 1], [0, 0]])),
        ("norm", lambda x: tf.nn.l2_normalize(x, 1)), ("xent", lambda x: tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.ones_like(x), logits=x)),
        ("sparse_xent", lambda x: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.zeros(tf.shape(x)[:1], tf.int32), logits=x)),
        ("sig_xent", lambda x: tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones_like(x), logits=x)),
        ("moments", lambda x: tf.nn.moments(x, [0])[1]), ("where", lambda x: tf.where(x > 0, x, x * 2)),
        ("cumsum", lambda x: tf.cumsum(x, 1)), ("prod", lambda x: tf.reduce_prod(x, 1)),
        ("logsumexp", lambda x: tf.reduce_logsumexp(x, 1)), ("sq_of_sum", lambda x: tf.square(x - tf.reduce_mean(x))),
    ):  # fmt: skip
        unary(f"{opname}_{shape_name}", f, shape)
    binary(f"matmul_{shape_name}", tf.matmul, shape, (3, 5))
    binary(f"matmul_tb_{shape_name}", lambda a, b: tf.matmul(a, b, transpose_b=True), shape, (5, 3))
    binary(f"bias_add_{shape_name}", tf.nn.bias_add, shape, (3,))

for shape_name, shape in (("known", (2, 8, 8, 3)), ("unknown", (None, 8, 8, 3))):
    binary(f"conv2d_{shape_name}", lambda x, w: tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME"), shape, (3, 3, 3, 4))
    binary(f"conv2d_s2_{shape_name}", lambda x, w: tf.nn.conv2d(x, w, [1, 2, 2, 1], "VALID"), shape, (3, 3, 3, 4))
    unary(f"maxpool_{shape_name}", lambda x: tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"), shape)
    unary(f"avgpool_{shape_name}", lambda x: tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"), shape)
    unary(f"lrn_{shape_name}", lambda x: tf.nn.lrn(x, 2), shape)
    unary(f"fused_bn_{shape_name}", lambda x: tf.nn.fused_batch_norm(x, tf.ones([3]), tf.zeros([3]))[0], shape)
    unary(f"flatten_{shape_name}", lambda x: tf.reshape(x, [-1, 8 * 8 * 3]), shape)
    unary(f"mean_hw_{shape_name}", lambda x: tf.reduce_mean(x, [1, 2]), shape)

for shape_name, shape in (("known", (2, 5, 4)), ("unknown", (None, 5, 4))):  # rank 3: sequences
    for opname, f in (("add", tf.add), ("mul", tf.multiply), ("sub", tf.subtract), ("div", tf.divide)):
        binary(f"{opname}_r3_{shape_name}", f, shape, shape)
        binary(f"{opname}_r3_{shape_name}_bcast_row", f, shape, (4,))
        unary(f"{opname}_r3_{shape_name}_const_scalar", lambda x, f=f: f(x, 2.0), shape)
    for opname, f in (
        ("mean", tf.reduce_mean), ("sum", tf.reduce_sum), ("mean2", lambda x: tf.reduce_mean(x, 2)),
        ("sum2", lambda x: tf.reduce_sum(x, 2)), ("sum1", lambda x: tf.reduce_sum(x, 1)),
        ("mean1", lambda x: tf.reduce_mean(x, 1)), ("max2", lambda x: tf.reduce_max(x, 2)),
        ("softmax", tf.nn.softmax), ("tanh", tf.tanh), ("sigmoid", tf.sigmoid), ("relu", tf.nn.relu),
        ("reshape", lambda x: tf.reshape(x, [-1, 4])), ("transpose", lambda x: tf.transpose(x, [1, 0, 2])),
        ("unstack", lambda x: tf.unstack(x, axis=1)[0]), ("gather", lambda x: tf.gather(x, [0, 1], axis=1)),
        ("slice", lambda x: x[:, :, 1:]), ("concat", lambda x: tf.concat([x, x], 2)),
        ("matmul3", lambda x: tf.matmul(x, tf.ones([2, 4, 3]))),
    ):  # fmt: skip
        unary(f"{opname}_r3_{shape_name}", f, shape)

for shape_name, shape in (("known", (2, 8, 8, 3)), ("unknown", (None, 8, 8, 3))):  # rank 4: images
    for opname, f in (("add", tf.add), ("mul", tf.multiply), ("sub", tf.subtract), ("div", tf.divide)):
        binary(f"{opname}_r4_{shape_name}_bcast_row", f, shape, (3,))
        unary(f"{opname}_r4_{shape_name}_const_scalar", lambda x, f=f: f(x, 2.0), shape)
    binary(f"bias_add_r4_{shape_name}", tf.nn.bias_add, shape, (3,))
    unary(f"mean_r4_{shape_name}", tf.reduce_mean, shape)
    unary(f"moments_r4_{shape_name}", lambda x: tf.nn.moments(x, [0, 1, 2])[1], shape)

for opname, f in (("add", tf.add), ("mul", tf.multiply), ("mean", None)):  # unknown rank
    if f is None:
        unary("mean_rank_unknown", tf.reduce_mean, None)
    else:
        binary(f"{opname}_rank_unknown", f, None, None)
        unary(f"{opname}_rank_unknown_const_scalar", lambda x, f=f: f(x, 2.0), None)


# Found by --trace-seeds on private_modules_library.py: an embedding lookup with fed ids, a sparse
# cross-entropy over a sequence's logits (rank 3), and tf.layers.dense on a sequence (tensordot).
def _embedding():
    e, ids = ph((5, 6)), tf.placeholder(tf.int32, (None, 5))
    return [e], tf.nn.embedding_lookup(e, ids)


def _sparse_xent_r3():
    x, labels = ph((4, 5, 3)), tf.placeholder(tf.int32, (None, 5))
    return [x], tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=x)


grad_ops("embedding_lookup_fed_ids", _embedding)
grad_ops("sparse_xent_r3_known", _sparse_xent_r3)
for shape_name, shape in (("known", (4, 5, 8)), ("unknown", (None, 5, 8))):
    binary(f"tensordot_r3_{shape_name}", lambda x, w: tf.tensordot(x, w, [[2], [0]]), shape, (8, 3))


# Found by --trace-seeds on sampler_multinomial_loop.py: a Transformer language model's loss, the
# batch size known and the length not (TF 1.15 knew neither past a tf.shape slice): embeddings
# gathered and tiled, heads split by reshapes and transposes, batched matmuls under a causal mask,
# layer norm, a sparse cross-entropy over the sequence.
def _shape_list(x):
    static, dynamic = x.shape.as_list(), tf.shape(x)
    return [dynamic[i] if s is None else s for i, s in enumerate(static)]


def _attention_lm():
    tokens = tf.placeholder(tf.int32, (4, None))
    wte, wpe, wqkv, wo, g = ph((7, 8)), ph((16, 8)), ph((8, 24)), ph((8, 8)), ph((8,))
    batch, steps = _shape_list(tokens)
    positions = tf.tile(tf.expand_dims(tf.range(steps), 0), [batch, 1])
    h = tf.gather(wte, tokens) + tf.gather(wpe, positions)
    mean, variance = tf.nn.moments(h, axes=[-1], keep_dims=True)
    h = (h - mean) * tf.rsqrt(variance + 1e-5) * g
    *start, nx = _shape_list(h)
    qkv = tf.reshape(tf.matmul(tf.reshape(h, [-1, nx]), wqkv), start + [24])
    heads = []
    for part in tf.split(qkv, 3, axis=2):
        *start, m = _shape_list(part)
        heads.append(tf.transpose(tf.reshape(part, start + [2, m // 2]), [0, 2, 1, 3]))
    q, k, v = heads
    w = tf.matmul(q, k, transpose_b=True) * tf.rsqrt(4.0)
    _, _, nd, ns = _shape_list(w)
    keep = tf.cast(tf.range(nd)[:, None] >= tf.range(ns) - ns + nd, w.dtype)
    a = tf.transpose(tf.matmul(tf.nn.softmax(w * keep - 1e10 * (1 - keep)), v), [0, 2, 1, 3])
    *start, x, y = _shape_list(a)
    h = h + tf.reshape(tf.matmul(tf.reshape(tf.reshape(a, start + [x * y]), [-1, 8]), wo), [batch, steps, 8])
    logits = tf.reshape(tf.matmul(tf.reshape(h, [-1, 8]), wte, transpose_b=True), [batch, steps, 7])
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tokens, logits=logits))
    return [wte, wpe, wqkv, wo, g], loss


grad_ops("attention_lm_batch_known", _attention_lm)

# A character-level Transformer language model in the manner of 2019's sampling scripts: the
# model reads its sizes with a `shape_list` helper (the static size where the graph knows it,
# tf.shape's where it does not), trains for a few Adam steps on a fixed batch of four windows,
# then samples in a tf.while_loop that feeds each tf.multinomial draw back in, with a key/value
# cache ("past") grown by tf.concat, temperature and a top-k cut inside tf.cond. Seeded with
# tf.set_random_seed, so every initial value and every sampled character follows the op seeds.
import numpy as np
import tensorflow as tf

text = ("the cat sat on the mat. the dog sat on the log. a cat and a dog met on a mat. "
        "the log was on the mat and the cat was on the log. ")
chars = sorted(set(text))
char_to_id = {c: i for i, c in enumerate(chars)}
data = np.array([char_to_id[c] for c in text], dtype=np.int32)
n_vocab, n_ctx, n_embd, n_head, n_layer = len(chars), 64, 16, 2, 2
batch_size, window = 4, 16


def shape_list(x):
    static = x.shape.as_list()
    dynamic = tf.shape(x)
    return [dynamic[i] if s is None else s for i, s in enumerate(static)]


def layer_norm(x, scope, epsilon=1e-5):
    with tf.variable_scope(scope):
        n = x.shape[-1].value
        g = tf.get_variable("g", [n], initializer=tf.constant_initializer(1))
        b = tf.get_variable("b", [n], initializer=tf.constant_initializer(0))
        mean, variance = tf.nn.moments(x, axes=[-1], keep_dims=True)
        return (x - mean) * tf.rsqrt(variance + epsilon) * g + b


def dense(x, scope, nf):
    with tf.variable_scope(scope):
        *start, nx = shape_list(x)
        w = tf.get_variable("w", [nx, nf], initializer=tf.random_normal_initializer(stddev=0.1))
        b = tf.get_variable("b", [nf], initializer=tf.constant_initializer(0))
        y = tf.matmul(tf.reshape(x, [-1, nx]), w) + b
        return tf.reshape(y, start + [nf])


def split_heads(x):
    *start, m = shape_list(x)
    x = tf.reshape(x, start + [n_head, m // n_head])
    return tf.transpose(x, [0, 2, 1, 3])


def merge_heads(x):
    x = tf.transpose(x, [0, 2, 1, 3])
    *start, a, b = shape_list(x)
    return tf.reshape(x, start + [a * b])


def attention(x, scope, past):
    with tf.variable_scope(scope):
        q, k, v = map(split_heads, tf.split(dense(x, "qkv", n_embd * 3), 3, axis=2))
        present = tf.stack([k, v], axis=1)
        if past is not None:
            past_k, past_v = tf.unstack(past, axis=1)
            k = tf.concat([past_k, k], axis=-2)
            v = tf.concat([past_v, v], axis=-2)
        w = tf.matmul(q, k, transpose_b=True) * tf.rsqrt(tf.cast(v.shape[-1].value, tf.float32))
        _, _, nd, ns = shape_list(w)
        i = tf.range(nd)[:, None]
        j = tf.range(ns)
        keep = tf.cast(i >= j - ns + nd, w.dtype)
        w = w * keep - 1e10 * (1 - keep)
        a = tf.matmul(tf.nn.softmax(w), v)
        return dense(merge_heads(a), "proj", n_embd), present


def model(X, past=None, reuse=False):
    with tf.variable_scope("model", reuse=reuse):
        batch, steps = tf.shape(X)[0], tf.shape(X)[1]
        wpe = tf.get_variable("wpe", [n_ctx, n_embd], initializer=tf.random_normal_initializer(stddev=0.01))
        wte = tf.get_variable("wte", [n_vocab, n_embd], initializer=tf.random_normal_initializer(stddev=0.1))
        past_length = 0 if past is None else tf.shape(past)[-2]
        positions = tf.tile(tf.expand_dims(past_length + tf.range(steps), 0), [batch, 1])
        h = tf.gather(wte, X) + tf.gather(wpe, positions)
        presents = []
        pasts = tf.unstack(past, axis=1) if past is not None else [None] * n_layer
        for layer, layer_past in enumerate(pasts):
            with tf.variable_scope("h%d" % layer):
                a, present = attention(layer_norm(h, "ln_1"), "attn", layer_past)
                h = h + a
                h = h + dense(tf.nn.relu(dense(layer_norm(h, "ln_2"), "fc", n_embd * 4)), "out", n_embd)
                presents.append(present)
        h = layer_norm(h, "ln_f")
        logits = tf.reshape(tf.matmul(tf.reshape(h, [-1, n_embd]), wte, transpose_b=True), [batch, steps, n_vocab])
        return logits, tf.stack(presents, axis=1)


tf.set_random_seed(1234)

# -- training on four fixed windows -------------------------------------------------------------
tokens = tf.placeholder(tf.int32, [batch_size, None], name="tokens")
logits, _ = model(tokens[:, :-1])
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tokens[:, 1:], logits=logits))
train_op = tf.train.AdamOptimizer(0.01).minimize(loss)
starts = [0, 21, 42, 63]
batch = np.stack([data[s:s + window + 1] for s in starts])

# -- sampling: each draw is fed back in, with the cache of keys and values ----------------------
context = tf.placeholder(tf.int32, [1, None], name="context")
length, temperature, top_k = 24, 0.8, 3
past_shape = [None, n_layer, 2, n_head, None, n_embd // n_head]


def top_k_logits(logits, k):
    def cut():
        values, _ = tf.nn.top_k(logits, k=k)
        return tf.where(logits < values[:, -1, tf.newaxis], tf.ones_like(logits) * -1e10, logits)
    return tf.cond(tf.equal(k, 0), lambda: logits, cut)


def step(prev, past):
    step_logits, presents = model(prev, past=past, reuse=True)
    return step_logits[:, -1, :] / temperature, presents


def body(past, prev, output):
    next_logits, presents = step(prev, past)
    samples = tf.multinomial(top_k_logits(next_logits, top_k), num_samples=1, output_dtype=tf.int32)
    return [tf.concat([past, presents], axis=-2), samples, tf.concat([output, samples], axis=1)]


first_logits, first_presents = step(context, None)
first = tf.multinomial(top_k_logits(first_logits, top_k), num_samples=1, output_dtype=tf.int32)
_, _, sampled = tf.while_loop(
    cond=lambda *args: True, body=body, maximum_iterations=length - 1,
    loop_vars=[first_presents, first, tf.concat([context, first], axis=1)],
    shape_invariants=[tf.TensorShape(past_shape),
                      tf.TensorShape([None, None]), tf.TensorShape([None, None])],
    back_prop=False,
)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(31):
        _, l = sess.run([train_op, loss], {tokens: batch})
        if i % 10 == 0:
            print("step %d loss %.6f" % (i, l))
    prompt = [[char_to_id[c] for c in "the "]]
    for draw in range(3):
        ids = sess.run(sampled, {context: prompt})[0]
        print("sample %d: %r" % (draw, "".join(chars[i] for i in ids)))

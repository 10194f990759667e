# A chatbot as 2017-2018 tutorials wrote one with tf.contrib.seq2seq: raw strings in, split into
# words, mapped to ids by a vocabulary lookup table (unknown words to <unk>), a GRU encoder, a
# Luong-attention decoder trained with TrainingHelper, and replies decoded greedily and mapped
# back to words by an index-to-string table. Four question/answer pairs, seeded, a few steps.
import tensorflow as tf
from tensorflow.contrib import lookup, seq2seq

pairs = [("hi there", "hello friend"), ("how are you", "i am fine"), ("what is your name", "my name is bot"),
         ("bye now", "see you soon")]
words = sorted({w for q, a in pairs for w in (q + " " + a).split()})
vocab = ["<pad>", "<s>", "</s>", "<unk>"] + words
UNITS = 32

tf.set_random_seed(7)
questions = tf.placeholder(tf.string, [None])
answers_in = tf.placeholder(tf.string, [None])
answers_out = tf.placeholder(tf.string, [None])
table = lookup.index_table_from_tensor(tf.constant(vocab), default_value=3)
reverse = lookup.index_to_string_table_from_tensor(tf.constant(vocab), default_value="<unk>")


def to_ids(text):
    tokens = tf.string_split(text, " ")
    dense = tf.sparse_tensor_to_dense(tokens, default_value="<pad>")
    ids = tf.cast(table.lookup(dense), tf.int32)
    return ids, tf.reduce_sum(tf.cast(tf.not_equal(dense, "<pad>"), tf.int32), 1)


q_ids, q_len = to_ids(questions)
a_in, a_len = to_ids(answers_in)
a_out, _ = to_ids(answers_out)
batch = tf.shape(q_ids)[0]
embedding = tf.get_variable("embedding", [len(vocab), 16])
with tf.variable_scope("encoder"):
    enc_out, enc_state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(UNITS), tf.nn.embedding_lookup(embedding, q_ids),
                                           sequence_length=q_len, dtype=tf.float32)
projection = tf.layers.Dense(len(vocab), name="projection")


def decoder(helper, scope, reuse):
    with tf.variable_scope(scope, reuse=reuse):
        attention = seq2seq.LuongAttention(UNITS, enc_out, memory_sequence_length=q_len)
        cell = seq2seq.AttentionWrapper(tf.nn.rnn_cell.GRUCell(UNITS), attention, attention_layer_size=UNITS)
        init = cell.zero_state(batch, tf.float32).clone(cell_state=enc_state)
        return seq2seq.dynamic_decode(seq2seq.BasicDecoder(cell, helper, init, output_layer=projection),
                                      maximum_iterations=None if reuse is None else 8)


train_out, _, _ = decoder(seq2seq.TrainingHelper(tf.nn.embedding_lookup(embedding, a_in), a_len), "decoder", None)
logits = train_out.rnn_output
mask = tf.sequence_mask(a_len, tf.shape(logits)[1], dtype=tf.float32)
loss = seq2seq.sequence_loss(logits, a_out[:, :tf.shape(logits)[1]], mask)
train = tf.train.AdamOptimizer(0.05).minimize(loss)
greedy = seq2seq.GreedyEmbeddingHelper(embedding, tf.fill([batch], 1), 2)
reply_out, _, reply_len = decoder(greedy, "decoder", True)
replies = reverse.lookup(tf.cast(reply_out.sample_id, tf.int64))

feed = {questions: [q for q, _ in pairs], answers_in: ["<s> " + a for _, a in pairs],
        answers_out: [a + " </s>" for _, a in pairs]}
with tf.Session() as sess:
    sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
    print("ids", sess.run(q_ids, feed).tolist(), sess.run(q_len, feed).tolist())
    for step in range(80):
        value, _ = sess.run([loss, train], feed)
        if step % 20 == 0:
            print("step %d loss %.6f" % (step, value))
    out, lengths = sess.run([replies, reply_len], {questions: [q for q, _ in pairs] + ["hi friend"]})
    for (q, _), row, n in zip(pairs + [("hi friend", "")], out, lengths):
        print(repr(q), "->", repr(" ".join(w.decode() for w in row[:n] if w != b"</s>")))

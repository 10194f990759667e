"""A seq2seq training step and a beam-search decode: ``tf1-lessons exec`` against TensorFlow 1.15.

    python benchmarks/bench_seq2seq.py TF1_PYTHON              # 3 rounds
    python benchmarks/bench_seq2seq.py TF1_PYTHON --rounds 5 --steps 100

TF1_PYTHON is a Python 3.7 with ``tensorflow==1.15.5``. The same TF1 program runs on both sides
(``tf.contrib.seq2seq``: an LSTM encoder, Bahdanau attention, TrainingHelper + BasicDecoder for
training, BeamSearchDecoder with beam 5 for decoding; batch 32, sequences of up to 20 tokens,
256 units). It times itself after two warm-up runs of each: ``--steps`` training steps, then as
many beam-search decodes, and prints milliseconds per call. Sides alternate round by round; the
table gives medians with min-max and the ratio exec / TF 1.15.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROGRAM = r"""
import json, sys, time
import numpy as np
import tensorflow as tf
from tensorflow.contrib import seq2seq

STEPS = int(sys.argv[1])
V, E, U, B, T, BEAM = 1000, 128, 256, 32, 20, 5
rng = np.random.RandomState(0)
src_np = rng.randint(3, V, size=(B, T)).astype(np.int32)
len_np = rng.randint(5, T + 1, size=B).astype(np.int32)
tf.set_random_seed(0)
src = tf.constant(src_np)
src_len = tf.constant(len_np)
emb = tf.get_variable("emb", [V, E])
with tf.variable_scope("enc"):
    enc_out, enc_state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(U), tf.nn.embedding_lookup(emb, src),
                                           sequence_length=src_len, dtype=tf.float32)
proj = tf.layers.Dense(V, use_bias=False, name="proj")

def cell_for(memory, lengths, state, n):
    mech = seq2seq.BahdanauAttention(U, memory, memory_sequence_length=lengths)
    cell = seq2seq.AttentionWrapper(tf.nn.rnn_cell.LSTMCell(U), mech, attention_layer_size=U)
    return cell, cell.zero_state(n, tf.float32).clone(cell_state=state)

with tf.variable_scope("dec") as scope:
    cell, init = cell_for(enc_out, src_len, enc_state, B)
    helper = seq2seq.TrainingHelper(tf.nn.embedding_lookup(emb, src), src_len)
    out, _, _ = seq2seq.dynamic_decode(seq2seq.BasicDecoder(cell, helper, init, output_layer=proj), scope=scope)
    mask = tf.sequence_mask(src_len, tf.shape(out.rnn_output)[1], dtype=tf.float32)
    loss = seq2seq.sequence_loss(out.rnn_output, src[:, :tf.shape(out.rnn_output)[1]], mask)
    train = tf.train.AdamOptimizer(1e-3).minimize(loss)
with tf.variable_scope("dec", reuse=True) as scope:
    tiled = seq2seq.tile_batch((enc_out, src_len, enc_state), BEAM)
    cell, init = cell_for(tiled[0], tiled[1], tiled[2], B * BEAM)
    beam = seq2seq.BeamSearchDecoder(cell, emb, tf.fill([B], 1), 2, init, BEAM, output_layer=proj,
                                     length_penalty_weight=1.0)
    decoded = seq2seq.dynamic_decode(beam, maximum_iterations=T, scope=scope)[0].predicted_ids

def per_call(fetch):
    for _ in range(2):
        sess.run(fetch)
    start = time.perf_counter()
    for _ in range(STEPS):
        sess.run(fetch)
    return (time.perf_counter() - start) / STEPS * 1000

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(json.dumps({"train_ms": per_call(train), "beam_ms": per_call(decoded)}))
"""


def run_side(argv, cwd):
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, argv))} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def spread(values):
    return f"{statistics.median(values):8.1f} ms ({min(values):.1f}-{max(values):.1f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("python", help="a Python with TensorFlow 1.15")
    parser.add_argument("--steps", type=int, default=30, help="timed calls of each (default 30)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not Path(args.python).exists():
        parser.error(f"{args.python}: no such Python (TF1_PYTHON: a Python 3.7 with tensorflow==1.15.5)")
    with tempfile.TemporaryDirectory() as tmp:
        program = Path(tmp) / "seq2seq_bench.py"
        program.write_text(PROGRAM)
        sides = {
            "TF 1.15": [args.python, str(program), str(args.steps)],
            "exec": [sys.executable, "-m", "tf1_lessons.cli", "exec", str(program), str(args.steps)],
        }
        times = {side: {"train_ms": [], "beam_ms": []} for side in sides}
        for _ in range(args.rounds):
            for side, argv in sides.items():
                for key, value in run_side(argv, tmp).items():
                    times[side][key].append(value)
    print(f"{'':24}{'TF 1.15':>28}{'exec':>28}   ratio")
    for key, label in (("train_ms", "training step"), ("beam_ms", "beam-search decode")):
        tf1, ours = times["TF 1.15"][key], times["exec"][key]
        ratio = statistics.median(ours) / statistics.median(tf1)
        print(f"{label:24}{spread(tf1):>28}{spread(ours):>28}   {ratio:5.2f}")


if __name__ == "__main__":
    main()

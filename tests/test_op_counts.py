"""Gradient functions count TF 1.15.5's ops (tf1/gradcount.py, tf115_ops' ``gradient-op-count``).

``tests/tf1_ops/gradient_ops.py`` calls ``tf.gradients`` on one op at a time (binary ops with
equal, broadcast, scalar and constant operands; reductions over all or some axes; activations,
shape ops, losses, convolutions and pools; ranks 2 to 4, static shapes known and not). Its output
under TF 1.15.5 is recorded beside it. Under exec, every gradient function's op count, and every
case's total, must be TF 1.15.5's: the seed rule of every random op made after an optimizer
depends on them."""

from __future__ import annotations

import json

from tests.test_checkpoints import ROOT, exec_

SURVEY = ROOT / "tests" / "tf1_ops" / "gradient_ops.py"
RECORDED = ROOT / "tests" / "tf1_ops" / "gradient_ops.tf115.txt"


def cases(text: str) -> dict:
    out, current = {}, None
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if line.startswith("  "):
            out[current][1].append(line.strip())
        else:
            current, total = line.split()
            out[current] = [int(total), []]
    return out


def test_every_gradient_function_makes_tf_1_15s_count_of_ops(tmp_path):
    theirs = cases(RECORDED.read_text(encoding="utf-8"))
    ours = cases("\n".join(exec_(SURVEY, cwd=tmp_path)))
    assert set(ours) == set(theirs)
    assert len(theirs) > 250
    totals = {name: (theirs[name][0], ours[name][0]) for name in theirs if theirs[name][0] != ours[name][0]}
    assert totals == {}

    # Function by function. The forward graphs are TF 1.15's but for one reshape in
    # reduce_logsumexp (its shape a constant in TF 1.15, computed in TF 2), and TF 2 calls two of
    # that case's functions in another order: compared as the counts each case's functions made.
    def counts(lines):
        return sorted(int(line.rsplit(" ", 1)[1]) for line in lines)

    # tensordot: TF 2 skips the transposes and reshapes that change nothing, so their gradients (2
    # ops each) are counted with the gradient of the op that took the operand in their place.
    per_op = {name: (counts(theirs[name][1]), counts(ours[name][1])) for name in theirs}
    virtual = {"tensordot_r3_known": ([2] * 6, [2, 4, 6]), "tensordot_r3_unknown": ([2] * 6, [2, 2, 2, 6])}
    assert {name: pair for name, pair in per_op.items() if pair[0] != pair[1]} == virtual
    keys = {name for name in theirs if sorted(theirs[name][1]) != sorted(ours[name][1])}
    assert keys == {"logsumexp_known", *virtual}


def test_the_table_is_the_recorded_survey():
    """gradient_ops.json is what gradcount.build makes of TF 1.15.5's recorded output, no more."""
    from tf1_lessons.tf1 import gradcount

    table = gradcount.load_table()
    built = gradcount.build(RECORDED.read_text(encoding="utf-8"), table["provenance"])
    assert table == json.loads(json.dumps(built))
    assert table["exact"]["Mul(r2,r0Fc)->r2"] == 9  # BroadcastGradientArgs and both reductions


def test_coarse_keys_cover_other_ranks_only_where_every_measured_rank_agreed():
    from tf1_lessons.tf1 import gradcount

    table = gradcount.load_table()
    # A rank-5 broadcast add was never measured; ranks 2-4 all made 7 ops.
    assert "Add(r5F=,r1F)->r5F" not in table["exact"]
    assert table["coarse"][gradcount.coarse("Add(r5F=,r1F)->r5F")] == 7
    # Partial means of unknown shapes: TF 1.15 made 27 ops at every rank measured.
    assert table["coarse"][gradcount.coarse("Mean(r5,r1FcP)->r3")] == 27


def test_sizes_read_from_tf_shape_are_as_unknown_as_in_tf_1_15(tmp_path):
    """``tf.shape(x)[i]`` of a partly known x: TF 1.15's shape inference did not know it, TF 2.21's
    does (patches ``shape-index-inference``, ``shape-unstack-inference``). The static shapes of
    what is made from such sizes, and every value, as TF 1.15.5 printed them."""
    survey = ROOT / "tests" / "tf1_ops" / "shape_slices.py"
    recorded = survey.with_suffix(".tf115.txt").read_text(encoding="utf-8").splitlines()
    assert exec_(survey, cwd=tmp_path) == [line for line in recorded if not line.startswith("#")]

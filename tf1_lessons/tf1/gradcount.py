"""How many ops each gradient function of TF 1.15.5 made, keyed by what decided it.

Under TF 1.15's seed rule a random op's seed is the number of ops made before it, and TF 2's
gradient functions make other numbers of ops than TF 1.15's (TF 2 skips the broadcast reduction
when static shapes say it is not needed, computes a mean's divisor from static shapes, ...). So
every random op made after an optimizer (a second model, an ensemble's next member, dropout built
after ``minimize``) would draw another seed than TF 1.15 drew.

The count depends on the forward op's type and on what its inputs' static shapes were, which
:func:`key` writes as one string, e.g. ``Mul(r2F=,r0Fc)->r2F``: a rank-2 fully defined input
equal in shape to the output, and a constant scalar. ``tests/tf1_ops/gradient_ops.py`` lists the
count for each gradient function it calls; run under TF 1.15.5 its output is
``tests/tf1_ops/gradient_ops.tf115.txt``, from which :func:`build` writes ``gradient_ops.json``
here: the count per exact key, and per coarse key (ranks written relative to the output's) where
every exact key it covers gave the same count. A gradient function whose key is in neither is
left uncorrected.

This module is plain Python so that the survey can load it under TF 1.15.5's Python 3.7 too.
"""

import json
import os
import re

_REDUCTIONS = {"Sum", "Mean", "Max", "Min", "Prod", "All", "Any", "EuclideanNorm"}
_SAME_OP = {"AddV2": "Add"}  # TF 2 builds `x + y` as AddV2 where TF 1.15 built Add

TABLE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gradient_ops.json")


def _shape_code(tensor, out):
    shape = tensor.shape
    code = "r?" if shape.ndims is None else f"r{shape.ndims}"
    if shape.ndims is not None and shape.is_fully_defined():
        code += "F"
        known = out is not None and out.shape.ndims is not None and out.shape.is_fully_defined()
        if known and shape.as_list() == out.shape.as_list():
            code += "="
    if tensor.op.type == "Const":
        code += "c"
    return code


def _axes_code(op):
    """A reduction's axes: all of the input's dimensions (A), some (P), or not known statically (D)."""
    axes = op.inputs[1]
    rank = op.inputs[0].shape.ndims
    if axes.op.type != "Const" or rank is None:
        return "D"
    values = axes.op.get_attr("value")
    try:
        from tensorflow.python.framework import tensor_util
    except ImportError:  # pragma: no cover - every TensorFlow has it
        return "D"
    dims = {int(a) % rank if rank else 0 for a in tensor_util.MakeNdarray(values).reshape(-1)}
    return "A" if dims == set(range(rank)) else "P"


def key(op):
    """The forward op's type, its inputs' static shapes, its outputs': what its gradient's count depends on."""
    out = op.outputs[0] if op.outputs else None
    ins = [_shape_code(t, out) for t in op.inputs]
    if op.type in _REDUCTIONS and len(ins) == 2:
        ins[1] += _axes_code(op)
    outs = [_shape_code(t, None) for t in op.outputs]
    return f"{_SAME_OP.get(op.type, op.type)}({','.join(ins)})->{','.join(outs)}"


_KEY = re.compile(r"^(\w+)\((.*)\)->(.*)$")
_RANK = re.compile(r"r(\?|\d+)")


def coarse(exact):
    """The key with each rank written relative to the first output's (same, lower, scalar, unknown)."""
    kind, ins, outs = _KEY.match(exact).groups()
    first = _RANK.match(outs.split(",")[0]) if outs else None
    out_rank = None if first is None or first.group(1) == "?" else int(first.group(1))

    def relative(match):
        r = match.group(1)
        if r == "?":
            return "R?"
        if r == "0":
            return "R0"
        if out_rank is None:
            return "Rn"
        n = int(r)
        return "R=" if n == out_rank else ("R<" if n < out_rank else "R>")

    def out_relative(match):
        return "R?" if match.group(1) == "?" else ("R0" if match.group(1) == "0" else "Rn")

    return f"{kind}({_RANK.sub(relative, ins)})->{_RANK.sub(out_relative, outs)}"


def parse_survey(text):
    """``{exact key: {counts}}`` from the survey's output (lines ``  KEY COUNT`` under each case)."""
    counts = {}
    for line in text.splitlines():
        if line.startswith("  "):
            exact, n = line.strip().rsplit(" ", 1)
            counts.setdefault(exact, set()).add(int(n))
    return counts


def build(survey_text, provenance):
    """The table written to gradient_ops.json from TF 1.15.5's survey output."""
    counts = parse_survey(survey_text)
    conflicts = {k: sorted(v) for k, v in counts.items() if len(v) > 1}
    if conflicts:
        raise ValueError(f"one key, several counts (the key misses what decides them): {conflicts}")
    exact = {k: v.pop() for k, v in sorted(counts.items())}
    by_coarse = {}
    for k, n in exact.items():
        by_coarse.setdefault(coarse(k), set()).add(n)
    return {
        "provenance": provenance,
        "exact": exact,
        "coarse": {k: v.pop() for k, v in sorted(by_coarse.items()) if len(v) == 1},
    }


def load_table(path=TABLE_PATH):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def tf115_count(op, table):
    """How many ops TF 1.15.5's gradient function made for ``op``, or None where not measured."""
    k = key(op)
    n = table["exact"].get(k)
    return n if n is not None else table["coarse"].get(coarse(k))


if __name__ == "__main__":  # python -m tf1_lessons.tf1.gradcount SURVEY.tf115.txt
    import sys

    with open(sys.argv[1], encoding="utf-8") as f:
        table = build(f.read(), "tests/tf1_ops/gradient_ops.py under TensorFlow 1.15.5 (Python 3.7)")
    tmp = TABLE_PATH + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(table, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, TABLE_PATH)
    print(f"{TABLE_PATH}: {len(table['exact'])} exact keys, {len(table['coarse'])} coarse")

"""Time per training step: ``tf1-lessons exec`` against the real TensorFlow 1.15 on the same script.

    python benchmarks/bench_tf1.py TF1_PYTHON                 # the MLP and document 003's CNN
    python benchmarks/bench_tf1.py TF1_PYTHON --script lab.py --steps 50,250 --rounds 5

TF1_PYTHON is a Python 3.7 with ``tensorflow==1.15.5`` (``nox -s tf1-reference`` makes one in
``.nox/tf1-115``). Each side runs the script to two step budgets (``--max-steps``, seed 0); the
difference of the two wall times over the difference of the budgets is the time per step, with
start-up, data loading and graph building cancelled out. Sides alternate round by round; the
table gives medians with min-max and the ratio exec / TF 1.15 (the goal: at most 1.0).
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tf1_lessons.curves import _tf_version  # noqa: E402
from tf1_lessons.tf1 import against  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_exec import timed  # noqa: E402 - the benchmarks' shared timer

SCRIPTS = [
    ROOT / "tests" / "tf1_scripts" / "seeded_xavier_mlp_mnist.py",
    ROOT / "lessons" / "05_cnn" / "program.py",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("python", help="a Python with TensorFlow 1.15")
    parser.add_argument("--script", type=Path, action="append", default=None)
    parser.add_argument("--steps", default="20,120", help="the two step budgets (default 20,120)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    low, high = (int(n) for n in args.steps.split(","))
    print(
        f"TensorFlow 1.15: {against.probe(args.python)['tensorflow']} ({args.python}); exec: TensorFlow "
        f"{_tf_version()}; {os.cpu_count()} cores; steps {low} and {high}, {args.rounds} rounds"
    )
    print(f"{'script':32} {'TF 1.15 ms/step':>22} {'exec ms/step':>22} {'exec / TF 1.15':>16}")
    for script in [Path(p).resolve() for p in args.script or SCRIPTS]:
        per_step = {"tf1": [], "exec": []}
        for _ in range(args.rounds):
            for side in ("tf1", "exec"):
                times = []
                for steps in (low, high):
                    if side == "tf1":
                        cmd = against.tf1_command(args.python, script, ["own"], seed=0, max_steps=steps)
                    else:
                        cmd = against.exec_command(script, ["own"], seed=0, max_steps=steps)
                    times.append(timed(cmd, cwd=ROOT / "build"))
                per_step[side].append((times[1] - times[0]) / (high - low) * 1000)
        ratios = [e / t for e, t in zip(per_step["exec"], per_step["tf1"], strict=False)]

        def cell(values):
            return f"{statistics.median(values):7.2f} ({min(values):.2f}-{max(values):.2f})"

        print(
            f"{script.name:32} {cell(per_step['tf1']):>22} {cell(per_step['exec']):>22} "
            f"{statistics.median(ratios):>8.2f} ({min(ratios):.2f}-{max(ratios):.2f})"
        )


if __name__ == "__main__":
    (ROOT / "build").mkdir(exist_ok=True)
    main()

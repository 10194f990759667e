"""What ``tf1-lessons exec`` costs against plain ``python`` with the usual one-line edit
(``import tensorflow.compat.v1 as tf; tf.disable_v2_behavior()``), on the same script.

    python benchmarks/bench_exec.py                       # lessons/01_linear_regression/program.py
    python benchmarks/bench_exec.py --script my_lab.py --rounds 7

Three timings, alternated round by round (naive, exec, exec --record), median and min-max:
start-up (a script that only imports TensorFlow) and the whole script. The recording cost per
training step is (exec --record - exec) / steps, the steps being those the curve recorded.
The script must run with the one-line edit (no input_data, no contrib), or the naive side fails.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAIVE_IMPORT = "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()"


def timed(argv, cwd):
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, argv))} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def spread(values):
    return f"{statistics.median(values):6.2f} s ({min(values):.2f}-{max(values):.2f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--script", type=Path, default=ROOT / "lessons" / "01_linear_regression" / "program.py")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not args.script.is_file():
        parser.error(f"--script: {args.script} is not a file")
    source = args.script.read_text()
    if "import tensorflow as tf" not in source:
        parser.error("--script: the script must say `import tensorflow as tf` (the line the naive edit replaces)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        naive = tmp / f"naive_{args.script.name}"
        naive.write_text(source.replace("import tensorflow as tf", NAIVE_IMPORT, 1))
        empty, empty_naive = tmp / "empty.py", tmp / "empty_naive.py"
        empty.write_text("import tensorflow as tf\n")
        empty_naive.write_text(NAIVE_IMPORT + "\n")
        exec_ = [sys.executable, "-m", "tf1_lessons.cli", "exec"]
        curve = tmp / "curve.json"
        sides = {
            "start-up, python + edit": [sys.executable, empty_naive],
            "start-up, exec": exec_ + [empty],
            "script, python + edit": [sys.executable, naive],
            "script, exec": exec_ + [args.script],
            "script, exec --record": exec_ + ["--record", curve, args.script],
        }
        times = {k: [] for k in sides}
        for argv in sides.values():  # warm the file cache and the bytecode
            timed(argv, tmp)
        for _ in range(args.rounds):
            for side, argv in sides.items():
                times[side].append(timed(argv, tmp))
        from tf1_lessons.curves import LearningCurve

        steps = len(LearningCurve.load(curve))
    print(f"{args.script.name}, {args.rounds} rounds, median (min-max):")
    for side, values in times.items():
        print(f"  {side:<26} {spread(values)}")
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"  start-up ratio exec / python+edit: {med['start-up, exec'] / med['start-up, python + edit']:.2f}")
    print(f"  script ratio exec / python+edit:   {med['script, exec'] / med['script, python + edit']:.2f}")
    per_step = (med["script, exec --record"] - med["script, exec"]) / steps * 1e6
    print(
        f"  recording: {steps} steps, {per_step:.0f} us per step "
        f"(ratio exec --record / python+edit: {med['script, exec --record'] / med['script, python + edit']:.2f})"
    )


if __name__ == "__main__":
    main()

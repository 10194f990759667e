"""What translating a Python 2 program costs at start-up (tf1_lessons/tf1/py2.py): ``exec`` of a
large Python 2 script (print statements, integer division, dict views, xrange: every fixer busy)
against ``exec`` of the same program already written as Python 3, which is not translated.

    python benchmarks/bench_py2.py                  # a 3,000-line program, 5 rounds
    python benchmarks/bench_py2.py --lines 10000 --rounds 7

Each round runs both as fresh processes, alternated (TensorFlow's import dominates both); median
and min-max of each, and of their difference, taken round by round. The two must print the same
output (checked).
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BLOCK2 = (
    "d{i} = {{'a{i}': {i}, 'b': 2}}\n"
    "k{i} = d{i}.keys()\n"
    "k{i}.sort()\n"
    "t{i} = 0\n"
    "for j in xrange({i} % 7 + 1):\n"
    "    t{i} += j / 2\n"
    "if {i} % 500 == 0:\n"
    "    print 'block', {i}, k{i}[0], t{i}, {i} / 3\n"
)
BLOCK3 = (
    "d{i} = {{'a{i}': {i}, 'b': 2}}\n"
    "k{i} = list(d{i}.keys())\n"
    "k{i}.sort()\n"
    "t{i} = 0\n"
    "for j in range({i} % 7 + 1):\n"
    "    t{i} += j // 2\n"
    "if {i} % 500 == 0:\n"
    "    print('block', {i}, k{i}[0], t{i}, {i} // 3)\n"
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    blocks = max(1, args.lines // 8)
    head = "import tensorflow as tf\n"
    with tempfile.TemporaryDirectory() as tmp:
        py2, py3 = Path(tmp) / "old.py", Path(tmp) / "new.py"
        py2.write_text(head + "".join(BLOCK2.format(i=i) for i in range(blocks)))
        py3.write_text(head + "".join(BLOCK3.format(i=i) for i in range(blocks)))
        times = {"python2 (translated)": [], "python3": []}
        outputs = {}
        for _ in range(args.rounds):
            for name, path in (("python2 (translated)", py2), ("python3", py3)):
                start = time.perf_counter()
                done = subprocess.run(
                    [sys.executable, "-m", "tf1_lessons.cli", "exec", str(path)], capture_output=True, text=True
                )
                times[name].append(time.perf_counter() - start)
                if done.returncode:
                    print(done.stderr[-2000:])
                    return 1
                outputs[name] = done.stdout
        assert outputs["python2 (translated)"] == outputs["python3"], "the two programs must print the same"
        lines = len(py2.read_text().splitlines())
        print(f"exec of a {lines}-line program, {args.rounds} rounds (fresh processes, alternated):")
        for name, values in times.items():
            print(
                f"  {name:<22} median {statistics.median(values):.2f} s  (min {min(values):.2f}, max {max(values):.2f})"
            )
        extra = [a - b for a, b in zip(times["python2 (translated)"], times["python3"], strict=True)]
        print(f"  translation's cost     median {statistics.median(extra):+.2f} s per run "
              f"(min {min(extra):+.2f}, max {max(extra):+.2f})")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

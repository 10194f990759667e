"""What ``tf1-lessons scan`` costs on a small folder, with the recorded table of tf.compat.v1's
names (how scan runs) against the same scan looking the names up in a live TensorFlow (how it
ran before: a TensorFlow import for a command that runs nothing). Goal: under 1 s.

    python benchmarks/bench_scan.py                 # tests/tf1_scripts' first 4 scripts
    python benchmarks/bench_scan.py --folder labs/ --rounds 7

Each round times both sides as fresh processes, alternated; median and min-max, and their ratio
taken round by round. The two must print the same report (checked).
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The same scan, with the live module passed in: what `scan` did before the table.
LIVE = (
    "import sys\nfrom pathlib import Path\nfrom tf1_lessons.compat import v1\nfrom tf1_lessons.tf1 import scan\n"
    "reports = []\nfor p in sorted(Path(sys.argv[1]).rglob('*.py')):\n"
    "    reports.append(scan.scan_source(p.read_text(), str(p), v1))\n"
    "for r in reports:\n    print(scan.format_report(r) + '\\n')\n"
)
TABLE = LIVE.replace("from tf1_lessons.compat import v1\n", "v1 = None\n")


def timed(argv, cwd):
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(map(str, argv))} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - start, done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folder", type=Path, default=None, help="a folder of TF1 scripts (default: 4 corpus scripts)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder
        if folder is None:
            folder = Path(tmp) / "labs"
            folder.mkdir()
            for script in sorted((ROOT / "tests" / "tf1_scripts").glob("*.py"))[:4]:
                shutil.copy(script, folder)
        sides = {
            "tf1-lessons scan": [sys.executable, "-m", "tf1_lessons.cli", "scan", str(folder)],
            "scan, table": [sys.executable, "-c", TABLE, str(folder)],
            "scan, live TensorFlow": [sys.executable, "-c", LIVE, str(folder)],
        }
        times = {name: [] for name in sides}
        printed = {}
        for name, argv in sides.items():  # warm the file cache once
            printed[name] = timed(argv, tmp)[1]
        if printed["scan, table"] != printed["scan, live TensorFlow"]:
            raise SystemExit("the table and the live TensorFlow gave different reports")
        for _ in range(args.rounds):
            for name, argv in sides.items():
                times[name].append(timed(argv, tmp)[0])
    files = len(list(folder.rglob("*.py"))) if args.folder else 4
    print(f"scan of {files} scripts, {args.rounds} rounds (median, min-max):")
    for name, values in times.items():
        print(f"  {name:<24} {statistics.median(values):6.2f} s ({min(values):.2f}-{max(values):.2f})")
    ratios = [a / b for a, b in zip(times["scan, table"], times["scan, live TensorFlow"], strict=True)]
    print(f"  table / live TensorFlow: {statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})")


if __name__ == "__main__":
    main()

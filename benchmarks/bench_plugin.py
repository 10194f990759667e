"""Wall time of ``pytest --tf1`` on a folder of labs, one worker against ``-n N`` (pytest-xdist).

    python benchmarks/bench_plugin.py                 # 8 seeded corpus labs, -n 2, 3 rounds
    python benchmarks/bench_plugin.py --workers 4 --steps 50 --rounds 5

The labs (tests/tf1_scripts/seeded_*.py that need no MNIST download beyond TF1_LESSONS_DATA)
are copied into a temporary folder, their goldens recorded once, then the checking run is
timed serially and in parallel, alternating round by round. Prints medians, min-max and the
ratio parallel / serial. Each lab is a `tf1-lessons exec` subprocess, so the ratio is bounded
by the cores TensorFlow's own threads already use.
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
LABS = [
    "seeded_linear_regression",
    "seeded_logistic_regression",
    "seeded_softmax_regression",
    "seeded_xavier_mlp_mnist",
    "seeded_dropout_mnist",
    "seeded_layers_dense_conv",
    "seeded_batch_norm_layers",
    "seeded_rnn_cell",
]


def pytest(folder, *args) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--tf1", *args],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"pytest {' '.join(args)} failed:\n{done.stdout[-3000:]}")
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-plugin-") as tmp:
        for name in LABS:
            shutil.copy(ROOT / "tests" / "tf1_scripts" / f"{name}.py", Path(tmp) / f"{name}.py")
        steps = ["--tf1-max-steps", str(args.steps)]
        pytest(tmp, *steps, "--force-regen")
        serial, parallel = [], []
        for _ in range(args.rounds):
            serial.append(pytest(tmp, *steps))
            parallel.append(pytest(tmp, *steps, "-n", str(args.workers)))
    ratios = [p / s for p, s in zip(parallel, serial, strict=False)]

    def cell(values):
        return f"{statistics.median(values):6.1f} s ({min(values):.1f}-{max(values):.1f})"

    print(f"{len(LABS)} labs, --tf1-max-steps {args.steps}, {args.rounds} rounds")
    print(f"serial:        {cell(serial)}")
    print(f"-n {args.workers}:          {cell(parallel)}")
    print(f"ratio -n {args.workers} / serial: {statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})")


if __name__ == "__main__":
    main()

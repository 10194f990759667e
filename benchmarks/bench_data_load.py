"""How long loading MNIST takes, against the 1 s target (run on demand, not in the tests).

    python benchmarks/bench_data_load.py [--repeat 5]

Prints the median wall time of ``read_data_sets(one_hot=True)`` (all three splits, payload
checksums verified) and its ratio to the 1-second target, then where the time goes.
"""

import argparse
import gzip
import hashlib
import statistics
import time

import numpy as np

from tf1_lessons.datasets import mnist
from tf1_lessons.datasets._files import MNIST, locate

TARGET_S = 1.0


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    # The first call in a process pays for fresh memory pages; later ones reuse freed ones.
    first = timed(lambda: mnist.read_data_sets(None, one_hot=True), 1)
    total = timed(lambda: mnist.read_data_sets(None, one_hot=True), args.repeat)
    print(
        f"read_data_sets(one_hot=True), verified: first call {first:.3f} s "
        f"= {first / TARGET_S:.2f} x the {TARGET_S:.0f} s target; "
        f"median of {args.repeat} more {total:.3f} s = {total / TARGET_S:.2f} x"
    )

    path = locate(MNIST) / "train-images-idx3-ubyte.gz"
    raw = path.read_bytes()
    payload = gzip.decompress(raw)
    images = np.frombuffer(payload, np.uint8, offset=16)
    parts = {
        "gunzip train images": lambda: gzip.decompress(raw),
        "sha256 train images": lambda: hashlib.sha256(payload).hexdigest(),
        "scale train images to float32": lambda: np.multiply(images, np.float32(1 / 255), dtype=np.float32),
    }
    for name, fn in parts.items():
        t = timed(fn, args.repeat)
        print(f"  {name:<32} {t:.3f} s  ({t / total:.0%} of the load)")


if __name__ == "__main__":
    main()

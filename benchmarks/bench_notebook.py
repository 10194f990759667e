"""What the TF1 notebook machinery costs, measured side by side in one run.

    python benchmarks/bench_notebook.py                 # 5 rounds, the softmax notebook of the corpus
    python benchmarks/bench_notebook.py --rounds 3 --notebook my.ipynb --max-steps 100

1. Kernel start to first result: the TF1 kernel ("Python 3 (TF1, tf1-lessons)", started from
   this Python without installing it) and a plain ipykernel, each started with jupyter_client
   and sent one cell that imports TensorFlow and prints a computed value (a v1 Session for
   the TF1 kernel, an eager op for the plain one). Goal: ratio <= 1.1.
2. ``exec NOTEBOOK`` against ``exec`` of the same code as a script (the code cells joined,
   IPython lines left out, as `scan` reads them), both with --seed 0 and --max-steps; and
   nbclient's own start-up (a plain kernel's start to its first result, without TensorFlow).
   Goal: notebook <= 1.1 x script + nbclient's start-up.

Rounds alternate the sides; medians and min-max are printed with the ratios.
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_exec import spread, timed  # noqa: E402 - the benchmarks' shared timer

TF1_CELL = (
    "import tensorflow as tf\nx = tf.placeholder(tf.float32)\nwith tf.Session() as s:\n    print(s.run(x + 1, {x: 1}))"
)
TF2_CELL = "import tensorflow as tf\nprint(tf.constant(1) + 1)"


def kernel_first_result(name: str, code: str, cwd: Path) -> float:
    from jupyter_client.manager import KernelManager

    from tf1_lessons.tf1.nbexec import _spec_manager

    start = time.perf_counter()
    km = KernelManager(kernel_name=name, kernel_spec_manager=_spec_manager())
    km.start_kernel(cwd=str(cwd), stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=180)
        reply = kc.execute_interactive(code, timeout=180, output_hook=lambda msg: None)
        if reply["content"]["status"] != "ok":
            raise SystemExit(f"kernel {name}: the cell failed: {reply['content']}")
        return time.perf_counter() - start
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def as_script(notebook: Path, script: Path) -> None:
    from tf1_lessons.tf1.scan import _cell_python

    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = [
        "\n".join(_cell_python("".join(c["source"]) if isinstance(c["source"], list) else c["source"]))
        for c in cells
        if c["cell_type"] == "code"
    ]
    script.write_text("\n\n".join(code) + "\n", encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--notebook", type=Path, default=ROOT / "tests" / "tf1_notebooks" / "softmax_mnist_confusion.ipynb"
    )
    parser.add_argument("--max-steps", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from tf1_lessons.tf1.kernel import KERNEL_NAME

    times = {k: [] for k in ("tf1_kernel", "plain_kernel", "nbclient_start", "exec_notebook", "exec_script")}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for path in args.notebook.parent.iterdir():  # helper modules beside it come along
            if path.is_file():
                shutil.copy(path, work)
        notebook = work / args.notebook.name
        script = work / f"{notebook.stem}.py"
        as_script(notebook, script)
        common = [sys.executable, "-m", "tf1_lessons.cli", "exec", "--seed", "0", "--max-steps", str(args.max_steps)]
        for round_ in range(args.rounds):
            sides = [
                ("tf1_kernel", lambda: kernel_first_result(KERNEL_NAME, TF1_CELL, work)),
                ("plain_kernel", lambda: kernel_first_result("python3", TF2_CELL, work)),
                ("nbclient_start", lambda: kernel_first_result("python3", "print(1)", work)),
                ("exec_notebook", lambda: timed([*common, "--out", str(work / "out"), notebook.name], work)),
                ("exec_script", lambda: timed([*common, "--out", str(work / "out"), script.name], work)),
            ]
            if round_ % 2:
                sides.reverse()
            for key, measure in sides:
                times[key].append(measure())
            print(f"round {round_ + 1}/{args.rounds}: " + ", ".join(f"{k} {v[-1]:.2f}" for k, v in times.items()))
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"\nkernel start to first result ({args.rounds} rounds, median (min-max)):")
    print(f"  TF1 kernel           {spread(times['tf1_kernel'])}")
    print(f"  plain ipykernel + TF {spread(times['plain_kernel'])}")
    print(f"  ratio TF1 / plain    {med['tf1_kernel'] / med['plain_kernel']:.2f}   (goal <= 1.1)")
    print(f"\n{notebook.name} with --max-steps {args.max_steps}:")
    print(f"  exec NOTEBOOK        {spread(times['exec_notebook'])}")
    print(f"  exec as a script     {spread(times['exec_script'])}")
    print(f"  nbclient start-up    {spread(times['nbclient_start'])}   (a plain kernel to its first result)")
    ratio = med["exec_notebook"] / (med["exec_script"] + med["nbclient_start"])
    print(f"  ratio notebook / (script + nbclient start-up) {ratio:.2f}   (goal <= 1.1)")
    print(f"  ratio notebook / script                       {med['exec_notebook'] / med['exec_script']:.2f}")


if __name__ == "__main__":
    main()

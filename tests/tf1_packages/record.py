"""Record what TensorFlow 1.15.5 printed for the research package here (``research/textcls``):
its training module run as ``python -m textcls.train --hparams=...`` and its own unittest suite
run as ``python -m unittest discover``. Usage, from the repository root:
``python tests/tf1_packages/record.py TF1_PYTHON``. Writes ``tests/tf1_packages/reference.json``;
``tests/test_exec.py`` runs the same commands under ``tf1-lessons exec -m`` and compares."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = HERE / "research"
TRAIN = ["-m", "textcls.train", "--hparams=learning_rate=0.3,optimizer=sgd"]
UNITTEST = ["-m", "unittest", "discover", "-s", "textcls/tests", "-t", ".", "-v"]


def test_results(stderr: str) -> dict:
    """``{test method: ok | skipped | FAIL | ERROR}`` from unittest's verbose lines (TensorFlow's
    deprecation warnings may come between a test's name and its status)."""
    results, current = {}, None
    for line in stderr.splitlines():
        named = re.match(r"^(test\w+) \([\w.]+\)", line) or re.match(r"^[\w.]+\.(test\w+)\b", line)
        if named:
            current = named.group(1)
        status = re.search(r"(?:\.\.\. |^)(ok|skipped|FAIL|ERROR)\b", line)
        if status and current:
            results[current] = status.group(1)
    return results


def main(python: str) -> None:
    train = subprocess.run([python, *TRAIN], cwd=PACKAGE, capture_output=True, text=True, timeout=600)
    unit = subprocess.run([python, *UNITTEST], cwd=PACKAGE, capture_output=True, text=True, timeout=600)
    version = subprocess.run([python, "-c", "import sys, tensorflow as tf, numpy; print(tf.__version__, "
                              "sys.version.split()[0], numpy.__version__)"], capture_output=True, text=True)  # fmt: skip
    tf_version, py_version, np_version = version.stdout.split()
    reference = {
        "made": {
            "by": f"TensorFlow {tf_version} (Python {py_version}, NumPy {np_version}), {datetime.date.today()}",
            "train": "python " + " ".join(TRAIN),
            "unittest": "python " + " ".join(UNITTEST),
        },
        "train": {"exit_status": train.returncode, "stdout": train.stdout},
        "unittest": {"exit_status": unit.returncode, "tests": test_results(unit.stderr),
                     "summary": [line for line in unit.stderr.splitlines() if line.startswith(("Ran ", "OK", "FAILED"))]},
    }  # fmt: skip
    (HERE / "reference.json").write_text(json.dumps(reference, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(reference["unittest"], indent=1))


if __name__ == "__main__":
    main(sys.argv[1])

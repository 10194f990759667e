"""A quiet start for TensorFlow, without importing it (compat uses it, and so does the Keras 3
benchmark worker, which must not load the legacy-Keras setup).

TensorFlow's shared libraries log a few lines while they load, before its logging is set up, so
TF_CPP_MIN_LOG_LEVEL cannot silence them: "All log messages before absl::InitializeLog()", the
oneDNN note, "Could not find cuda drivers" (each twice, once per library) and "failed call to
cuInit: UNKNOWN ERROR (303)". On a machine without an NVIDIA GPU they report nothing a learner
can act on, and the last one reads like a failure, so they are dropped; anything else written
meanwhile is passed through. Where an NVIDIA driver is present the CUDA lines are kept: they
then explain why a GPU the user has is not used. ``TF1_LESSONS_VERBOSE_STARTUP=1`` keeps all.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import sys
import tempfile

STARTUP_NOISE = re.compile(
    r"All log messages before absl::InitializeLog\(\) is called"
    r"|oneDNN custom operations are on"
    r"|This TensorFlow binary is optimized to use available CPU instructions"
    r"|rebuild TensorFlow with the appropriate compiler flags"
    r"|cudart_stub\.cc.*Could not find cuda drivers"
    r"|failed call to cuInit"
    r"|Unable to register cu(DNN|FFT|BLAS) factory"
    r"|computation placer already registered"
    r"|TF-TRT Warning: Could not find TensorRT"
    # tf-keras' fit, on a TensorFlow one release ahead of it, builds a dataset op with an attribute
    # the kernel does not know yet; TensorFlow says it ignores it (seen: TF 2.21, tf-keras 2.21)
    r"|NodeDef mentions attribute use_unbounded_threadpool"
)
CUDA_LINE = re.compile(r"cuda|cuInit|cuDNN|cuFFT|cuBLAS|TensorRT", re.IGNORECASE)


def has_nvidia_driver() -> bool:
    return os.path.exists("/proc/driver/nvidia") or bool(glob.glob("/dev/nvidia[0-9]*"))


def _is_noise(line: str, keep_cuda: bool) -> bool:
    return bool(STARTUP_NOISE.search(line)) and not (keep_cuda and CUDA_LINE.search(line))


@contextlib.contextmanager
def startup_lines_filtered(enabled: bool = True):
    """Send file descriptor 2 to a temporary file while TensorFlow loads, then replay it without
    the start-up noise. (Native code writes to the descriptor, not to ``sys.stderr``.)"""
    if not enabled or os.environ.get("TF1_LESSONS_VERBOSE_STARTUP"):
        yield
        return
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no usable descriptor 2 (some embedded interpreters)
        yield
        return
    with tempfile.TemporaryFile() as captured:
        os.dup2(captured.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            captured.seek(0)
            keep_cuda = has_nvidia_driver()
            lines = captured.read().decode("utf-8", "replace").splitlines(keepends=True)
            kept = "".join(line for line in lines if line.strip() and not _is_noise(line, keep_cuda))
            if kept:
                sys.stderr.write(kept)
                sys.stderr.flush()

"""matplotlib without a screen, unless one was chosen (a notebook's inline backend, MPLBACKEND)."""

import os
import sys


def headless() -> None:
    """Select Agg (files only) when nothing else was chosen: pictures are written, not shown.
    In Jupyter the kernel sets MPLBACKEND to its inline backend, and figures then show in the page."""
    if os.environ.get("MPLBACKEND") or "matplotlib.pyplot" in sys.modules:
        return
    import matplotlib

    matplotlib.use("Agg")

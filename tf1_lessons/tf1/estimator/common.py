"""What the estimator's modules share: the TF1 API module, its logger and the mode names. Kept
apart so that ``export`` needs nothing of ``core`` (``core`` calls ``export``, never the reverse)."""

from __future__ import annotations

__all__ = ["ModeKeys"]


def _v1():
    from ...compat import v1

    return v1


def _logging():
    return _v1().logging


class ModeKeys:
    """The three modes a ``model_fn`` is called in."""

    TRAIN = "train"
    EVAL = "eval"
    PREDICT = "infer"

"""``gather_tree`` (TF 1.15's ``beam_search_ops`` module: a kernel there, a ``while_loop`` here)."""

from __future__ import annotations

from ._common import gather_tree

__all__ = ["gather_tree"]

"""``BasicDecoder`` and its output (TF 1.15's ``basic_decoder`` module), written in ``decoder``
beside the interface it implements."""

from __future__ import annotations

from .decoder import BasicDecoder, BasicDecoderOutput

__all__ = ["BasicDecoder", "BasicDecoderOutput"]

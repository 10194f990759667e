"""``tf.contrib.slim``: TF-Slim, served by the maintained ``tf-slim`` package (Google's
standalone slim, ``import tf_slim``), as TF1 code finds it under ``tf.contrib.slim``.

Everything tf-slim has is passed through: ``arg_scope``, ``repeat``/``stack``, the variables
helpers, ``losses`` and ``metrics`` (contrib's argument order), ``learning.train``,
``evaluation.evaluate_once`` / ``evaluation_loop``, ``data``, ``queues``, and ``nets`` (alexnet,
inception v1-v3, overfeat, resnet v1/v2, vgg), with TF 1.15's variable names, so published slim
checkpoints restore by name. The layers ``tf.contrib.layers`` provides here (``conv2d``,
``fully_connected``, ``batch_norm``, ``dropout``, ``flatten``, the pools, ``layer_norm``, the
regularizers and initializers) are those: TF 1.15's ops in TF 1.15's order (measured), so a
script's op seeds are TF 1.15's. They share tf-slim's ``arg_scope`` keys (``layers.py``), so a
slim net's ``*_arg_scope()`` applies to them as in TF 1.15, and tf-slim's nets build with them
(patch table: ``slim-*``).
"""

from __future__ import annotations

import types

import tf_slim as _slim
import tf_slim.nets  # noqa: F401 - slim.nets, as `from tensorflow.contrib.slim import nets` finds it

from .. import patches
from . import layers as _layers

# Ours where tf.contrib.layers provides it: TF 1.15's ops, op for op.
_OURS = (
    "conv2d", "convolution2d", "fully_connected", "batch_norm", "dropout", "flatten", "max_pool2d", "avg_pool2d",
    "layer_norm", "l1_regularizer", "l2_regularizer", "l1_l2_regularizer", "sum_regularizer", "apply_regularization",
    "xavier_initializer", "xavier_initializer_conv2d", "variance_scaling_initializer", "optimize_loss",
    "summarize_tensor", "summarize_tensors", "summarize_activation", "summarize_activations", "summarize_collection",
    "embed_sequence",
)  # fmt: skip


def _module() -> types.ModuleType:
    module = types.ModuleType("tensorflow.contrib.slim", __doc__)
    for name in dir(_slim):
        if not name.startswith("_"):
            setattr(module, name, getattr(_slim, name))
    for name in _OURS:
        setattr(module, name, getattr(_layers, "conv2d" if name == "convolution2d" else name))
    module.nets = _slim.nets
    return module


def _use_tf115_layers() -> None:
    """tf-slim's nets call ``tf_slim.layers.conv2d`` and the rest at build time: they get ours."""
    for name in patches.SLIM_LAYERS:
        ours = getattr(_layers, "conv2d" if name == "convolution2d" else name)
        patches.apply(f"slim-{name}", lambda _, ours=ours: ours)


_use_tf115_layers()
slim = _module()
NAMES = sorted(n for n in dir(slim) if not n.startswith("_"))

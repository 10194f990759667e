"""The one place tf1-lessons gets TensorFlow from.

TF1 code needs three things today's TensorFlow no longer gives by default:

* ``tf.compat.v1.layers`` (and ``tf.compat.v1.keras``) only work with legacy Keras 2, which
  TensorFlow picks when ``TF_USE_LEGACY_KERAS=1`` is set before its Keras loaders are first
  touched. We set it here, so importing this module first is all the rest has to do.
* ``tf.contrib`` is gone: :func:`xavier_initializer` stands in for the piece the documents use.
* Reproducible runs: :func:`seed`.

Importing it changes nothing else in the process: the TF1 runtime (``tf1/``) is what turns a
process to TF1 behaviour, in the processes that run TF1 programs; a twin's process, a plain
lesson's and the test session keep TF 2's.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import random
import sys
import types

from ._quiet import startup_lines_filtered

_LEGACY_KERAS = "TF_USE_LEGACY_KERAS"
_TRUTHY = ("1", "true", "True")


class CompatError(RuntimeError):
    """TensorFlow is set up in a way the TF1 lessons cannot run on."""


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def _check_tf_keras_installed() -> None:
    if importlib.util.find_spec("tf_keras") is None:
        raise CompatError(
            "tf1_lessons needs the legacy Keras 2 package for tf.compat.v1.layers: "
            "install it with  pip install 'tf-keras==<your TensorFlow major.minor>.*'"
        )
    tf_version = importlib.metadata.version("tensorflow")
    tfk_version = importlib.metadata.version("tf-keras")
    if _minor(tf_version) != _minor(tfk_version):
        raise CompatError(
            f"tensorflow {tf_version} and tf-keras {tfk_version} differ in their minor version; "
            f"they must match. Fix:  pip install 'tf-keras=={_minor(tf_version)}.*'"
        )


def _keras3_loaders(tf_module) -> list[str]:
    """Names of TensorFlow's lazy Keras entry points already bound to Keras 3."""
    from tensorflow.python.util.lazy_loader import KerasLazyLoader

    bound = []
    places = {
        "tf": tf_module,
        "tf.compat.v1": tf_module.compat.v1,
        "tf.compat.v2": tf_module.compat.v2,
    }
    for where, module in places.items():
        for attr, value in vars(module).items():
            if isinstance(value, KerasLazyLoader):
                # object.__getattribute__ reads the loader's state without triggering its import.
                if object.__getattribute__(value, "_tfll_initialized") and (
                    object.__getattribute__(value, "_tfll_keras_version") == "keras_3"
                ):
                    bound.append(f"{where}.{attr}")
            elif isinstance(value, types.ModuleType) and value.__name__.split(".")[0] == "keras":
                # A resolved loader replaces itself with the module it chose: Keras 3 is `keras`,
                # legacy Keras would be `tf_keras`.
                bound.append(f"{where}.{attr}")
    return bound


def _import_tensorflow():
    setting = os.environ.get(_LEGACY_KERAS)
    if setting is not None and setting not in _TRUTHY:
        raise CompatError(
            f"{_LEGACY_KERAS}={setting!r} is set in your environment, but the TF1 lessons need "
            f"legacy Keras (tf.compat.v1.layers). Unset it or set {_LEGACY_KERAS}=1."
        )
    _check_tf_keras_installed()
    os.environ[_LEGACY_KERAS] = "1"
    # TensorFlow's C++ INFO and WARNING lines would bury the lesson's own output; a user who
    # wants them sets TF_CPP_MIN_LOG_LEVEL themselves.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    already_imported = "tensorflow" in sys.modules

    with startup_lines_filtered(enabled=not already_imported):
        import tensorflow

        # The CUDA probe ("failed call to cuInit") runs when devices are first listed; doing
        # that here keeps its line inside the filter. Listing physical devices leaves every
        # runtime setting (threads, visible devices, memory growth) still open to change.
        tensorflow.config.list_physical_devices()

    if already_imported:
        bound = _keras3_loaders(tensorflow)
        if bound:
            raise CompatError(
                "TensorFlow was imported, and its Keras entry points "
                f"({', '.join(bound)}) were bound to Keras 3, before tf1_lessons.compat could "
                "select legacy Keras. Import tf1_lessons.compat (or any lesson) before touching "
                f"tf.keras, or start Python with {_LEGACY_KERAS}=1 in the environment."
            )
    return tensorflow


tf = _import_tensorflow()
#: ``tensorflow.compat.v1``: placeholders, Sessions, ``v1.train`` optimizers, ``v1.layers``.
v1 = tf.compat.v1


def xavier_initializer(uniform: bool = True, seed: int | None = None, dtype=tf.float32):
    """Stand-in for ``tf.contrib.layers.xavier_initializer``.

    contrib's version was variance scaling with factor 1 over the average fan:
    uniform on ``±sqrt(6 / (fan_in + fan_out))`` (= Glorot uniform), or a truncated normal
    with variance ``1.3 / fan_avg``. ``seed`` is an op-level seed combined with the graph
    seed, exactly as contrib did.
    """
    # ``dtype`` is accepted for contrib's signature; the variable being created supplies it
    # (passing it to today's constructors is deprecated).
    del dtype
    if uniform:
        return v1.glorot_uniform_initializer(seed=seed)
    # v1's truncated normal divides its stddev by 0.8796 (the std of a unit normal truncated
    # at 2 sigma); contrib multiplied the variance by 1.3 instead. Scaling by 1.3 * 0.8796**2
    # gives contrib's stddev of sqrt(1.3 / fan_avg).
    return v1.variance_scaling_initializer(
        scale=1.3 * 0.87962566103423978**2,
        mode="fan_avg",
        distribution="truncated_normal",
        seed=seed,
    )


def seed(n: int) -> None:
    """Make a CPU run repeatable: Python, numpy and TensorFlow seeds, deterministic ops.

    Called inside ``graph.as_default()`` it sets that graph's seed (what TF1 code did with
    ``tf.set_random_seed``); called outside, it sets the eager global seed.

    Op determinism is the one process-wide setting here (TensorFlow offers no narrower one):
    once on, a random op in a graph that has no seed raises "Random ops require a seed".
    Every lesson calls ``seed`` first, so lessons never meet that; your own code in the same
    process should seed its graphs too.
    """
    import numpy as np

    random.seed(n)
    np.random.seed(n)
    tf.random.set_seed(n)
    tf.config.experimental.enable_op_determinism()


__all__ = ["CompatError", "seed", "tf", "v1", "xavier_initializer"]

"""``tf.contrib.tpu``: TF 1.15's TPUEstimator and its configuration, which live with the Estimator
(``tf1/estimator/tpu.py``); contrib depends on estimator, never the reverse."""

from __future__ import annotations

from ..estimator.tpu import (
    CrossShardOptimizer,
    InputPipelineConfig,
    RunConfig,
    TPUConfig,
    TPUEstimator,
    TPUEstimatorSpec,
)

__all__ = [
    "CrossShardOptimizer",
    "InputPipelineConfig",
    "RunConfig",
    "TPUConfig",
    "TPUEstimator",
    "TPUEstimatorSpec",
]

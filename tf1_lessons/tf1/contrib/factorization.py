"""``tf.contrib.factorization.KMeans``: TF 1.15's k-means graph, on today's ops.

``KMeans(inputs, num_clusters, initial_clusters, distance_metric, use_mini_batch, ...)`` and
``training_graph()`` returning TF 1.15's six outputs ``(all_scores, cluster_idx, scores,
cluster_centers_initialized, init_op, training_op)``, with its variables (``clusters``,
``initialized``), its initialisations (``random_init``: rows drawn with ``random_uniform``
under the given seed, as TF 1.15 drew them; ``kmeans_plus_plus_init``; given centers or a
callable), both distances (squared Euclidean; cosine on L2-normalised rows, scores halved as
TF 1.15 halved them), full-batch (Lloyd) and mini-batch updates (with
``mini_batch_steps_per_iteration``).

Two ops of contrib's C++ library are not in TensorFlow 2.21 and are written here:
``nearest_neighbors`` (the nearest center and its squared distance, ties to the lower index)
with ordinary ops, and ``kmeans_plus_plus_initialization`` in NumPy (``tf.numpy_function``).
k-means++ picks its centers by the same rule (the first uniformly, each next one among
``kmeans_plus_plus_num_retries`` candidates drawn in proportion to the squared distance, the
one that lowers the total most), but from NumPy's generator, not TF 1.15's Philox stream, so
its centers are other draws than TF 1.15's. A mini-batch step reads the cluster counts before
it updates them; in TF 1.15 the two raced, so its runs differed from one another.
"""

from __future__ import annotations

import math

import numpy as np

from ..runtime import refuse

SQUARED_EUCLIDEAN_DISTANCE = "squared_euclidean"
COSINE_DISTANCE = "cosine"
RANDOM_INIT = "random"
KMEANS_PLUS_PLUS_INIT = "kmeans_plus_plus"
KMC2_INIT = "kmc2"
CLUSTERS_VAR_NAME = "clusters"


def _tf():
    from ...compat import tf, v1

    return tf, v1


def _nearest_neighbors(points, centers):
    """contrib's ``nearest_neighbors(points, centers, k=1)``: (indices [n, 1] int64, squared distances [n, 1])."""
    _, v1 = _tf()
    distances = v1.maximum(
        v1.reduce_sum(v1.square(points), 1, keepdims=True)
        - 2 * v1.matmul(points, centers, transpose_b=True)
        + v1.transpose(v1.reduce_sum(v1.square(centers), 1, keepdims=True)),
        0.0,
    )
    indices = v1.expand_dims(v1.argmin(distances, axis=1, output_type=v1.int64), -1)
    return indices, v1.reduce_min(distances, axis=1, keepdims=True)


def _kmeans_plus_plus(points, num_to_sample, seed, retries):
    """k-means++ seeding (NumPy): the first center uniformly, then each next one the best of
    ``retries`` candidates drawn in proportion to the squared distance to the chosen ones."""
    points = np.asarray(points)
    n, k = len(points), int(num_to_sample)
    if retries < 0:
        retries = 2 + int(math.log(max(k, 1)))
    rng = np.random.RandomState(int(seed) % (2**32))
    first = rng.randint(n)
    chosen = [first]
    nearest = ((points - points[first]) ** 2).sum(1)
    for _ in range(1, k):
        best, best_total, best_nearest = None, np.inf, None
        for _ in range(max(1, int(retries))):
            total = nearest.sum()
            if total <= 0:
                candidate = rng.randint(n)
            else:
                candidate = min(int(np.searchsorted(np.cumsum(nearest), rng.uniform() * total, side="right")), n - 1)
            after = np.minimum(nearest, ((points - points[candidate]) ** 2).sum(1))
            if after.sum() < best_total:
                best, best_total, best_nearest = candidate, after.sum(), after
        chosen.append(best)
        nearest = best_nearest
    return points[chosen].astype(points.dtype)


class KMeans:
    """Creates the graph for k-means clustering (TF 1.15's ``tf.contrib.factorization.KMeans``)."""

    def __init__(
        self,
        inputs,
        num_clusters,
        initial_clusters=RANDOM_INIT,
        distance_metric=SQUARED_EUCLIDEAN_DISTANCE,
        use_mini_batch=False,
        mini_batch_steps_per_iteration=1,
        random_seed=0,
        kmeans_plus_plus_num_retries=2,
        kmc2_chain_length=200,
    ):
        if distance_metric not in (SQUARED_EUCLIDEAN_DISTANCE, COSINE_DISTANCE):
            raise ValueError(f"Unsupported distance metric {distance_metric}")
        if isinstance(initial_clusters, str) and initial_clusters == KMC2_INIT:
            raise refuse(
                "contrib.factorization.KMeans(initial_clusters=KMC2_INIT)",
                "the k-MC2 initialisation (a C++ op of contrib) is not provided",
                "initial_clusters=KMEANS_PLUS_PLUS_INIT (the seeding k-MC2 approximates) or RANDOM_INIT",
            )
        self._inputs = inputs if isinstance(inputs, list) else [inputs]
        self._num_clusters = num_clusters
        self._initial_clusters = initial_clusters
        self._distance_metric = distance_metric
        self._use_mini_batch = use_mini_batch
        self._mini_batch_steps_per_iteration = int(mini_batch_steps_per_iteration)
        self._random_seed = random_seed
        self._kmeans_plus_plus_num_retries = kmeans_plus_plus_num_retries

    # -- distances -----------------------------------------------------------------------------
    def _distance_graph(self, inputs, clusters):
        _, v1 = _tf()
        if self._distance_metric == SQUARED_EUCLIDEAN_DISTANCE:
            return [
                v1.reduce_sum(v1.square(inp), 1, keepdims=True)
                - 2 * v1.matmul(inp, clusters, transpose_b=True)
                + v1.transpose(v1.reduce_sum(v1.square(clusters), 1, keepdims=True))
                for inp in inputs
            ]
        return [1 - v1.matmul(inp, clusters, transpose_b=True) for inp in inputs]  # rows already normalised

    def _infer_graph(self, inputs, clusters):
        _, v1 = _tf()
        scores = self._distance_graph(inputs, clusters)
        if self._distance_metric == COSINE_DISTANCE and not self._clusters_l2_normalized():
            clusters = v1.nn.l2_normalize(clusters, axis=1)
        all_scores, distances_list, indices_list = [], [], []
        for inp, score in zip(inputs, scores, strict=True):
            indices, distances = _nearest_neighbors(inp, clusters)
            if self._distance_metric == COSINE_DISTANCE:
                distances *= 0.5  # |a - b|^2 = 2 (1 - cos) for unit rows
            all_scores.append(score)
            distances_list.append(v1.squeeze(distances, [-1]))
            indices_list.append(v1.squeeze(indices, [-1]))
        return all_scores, distances_list, indices_list

    def _clusters_l2_normalized(self):
        return self._distance_metric == COSINE_DISTANCE and (
            not self._use_mini_batch or self._mini_batch_steps_per_iteration > 1
        )

    # -- variables -----------------------------------------------------------------------------
    def _create_variables(self, num_clusters):
        _, v1 = _tf()
        empty = v1.constant([], dtype=v1.float32)
        centers = v1.Variable(empty, name=CLUSTERS_VAR_NAME, validate_shape=False)
        initialized = v1.Variable(False, dtype=v1.bool, name="initialized")
        if self._use_mini_batch and self._mini_batch_steps_per_iteration > 1:
            updated = v1.Variable(empty, name="clusters_updated", validate_shape=False)
            update_in_steps = v1.Variable(self._mini_batch_steps_per_iteration, dtype=v1.int64, name="update_in_steps")
            counts = v1.Variable(v1.zeros([num_clusters], dtype=v1.int64))
        else:
            updated, update_in_steps = centers, None
            counts = v1.Variable(v1.ones([num_clusters], dtype=v1.int64)) if self._use_mini_batch else None
        return centers, initialized, counts, updated, update_in_steps

    # -- the graph -----------------------------------------------------------------------------
    def training_graph(self):
        """(all_scores, cluster_idx, scores, cluster_centers_initialized, init_op, training_op)."""
        _, v1 = _tf()
        if isinstance(self._initial_clusters, str) or callable(self._initial_clusters):
            initial, num_clusters = self._initial_clusters, v1.convert_to_tensor(self._num_clusters)
        else:
            initial = v1.convert_to_tensor(self._initial_clusters)
            num_clusters = v1.shape(initial)[0]
        centers_var, initialized, counts, updated, update_in_steps = self._create_variables(num_clusters)
        init_op = self._init_op(num_clusters, initial, centers_var, updated, initialized)
        inputs, centers = self._inputs, centers_var
        if self._distance_metric == COSINE_DISTANCE:
            inputs = [v1.nn.l2_normalize(inp, axis=1) for inp in inputs]
            if not self._clusters_l2_normalized():
                centers = v1.nn.l2_normalize(centers, axis=1)
        all_scores, scores, cluster_idx = self._infer_graph(inputs, centers)
        if self._use_mini_batch:
            sync = self._mini_batch_sync_updates_op(update_in_steps, centers_var, updated, counts)
            with v1.control_dependencies([sync]):
                training_op = self._mini_batch_training_op(inputs, cluster_idx, updated, counts)
        else:
            training_op = self._full_batch_training_op(inputs, num_clusters, cluster_idx, centers_var)
        return all_scores, cluster_idx, scores, initialized, init_op, training_op

    def _mini_batch_sync_updates_op(self, update_in_steps, centers_var, updated, counts):
        _, v1 = _tf()
        if not (self._use_mini_batch and self._mini_batch_steps_per_iteration > 1):
            return v1.no_op()

        def sync():
            with v1.control_dependencies([v1.assign(update_in_steps, self._mini_batch_steps_per_iteration - 1)]):
                centers = v1.nn.l2_normalize(updated, axis=1) if self._distance_metric == COSINE_DISTANCE else updated
                with (
                    v1.control_dependencies([v1.assign(centers_var, centers)]),
                    v1.control_dependencies([v1.assign(counts, v1.zeros_like(counts))]),
                ):
                    return v1.identity(update_in_steps)

        return v1.cond(update_in_steps <= 0, sync, lambda: v1.assign_sub(update_in_steps, 1))

    def _mini_batch_training_op(self, inputs, cluster_idx_list, centers, counts):
        _, v1 = _tf()
        updates = []
        for inp, cluster_idx in zip(inputs, cluster_idx_list, strict=True):
            cluster_idx = v1.reshape(cluster_idx, [-1])
            unique_ids, unique_idx = v1.unique(cluster_idx)
            n_unique = v1.size(unique_ids)
            old_counts = v1.gather(counts, unique_ids)
            old_centers = v1.gather(centers, unique_ids)
            count_updates = v1.unsorted_segment_sum(v1.ones_like(unique_idx, dtype=counts.dtype), unique_idx, n_unique)
            center_updates = v1.unsorted_segment_sum(inp, unique_idx, n_unique)
            broadcast = v1.concat(
                [v1.reshape(n_unique, [1]), v1.ones(v1.reshape(v1.rank(inp) - 1, [1]), dtype=v1.int32)], 0
            )
            center_updates -= v1.cast(v1.reshape(count_updates, broadcast), inp.dtype) * old_centers
            rate = v1.reshape(v1.reciprocal(v1.cast(old_counts + count_updates, inp.dtype)), broadcast)
            center_updates *= rate
            # TF 1.15 let the count update race the reads of the counts above (its runs differed);
            # the counts change once this step's rates are computed, the order the update means.
            with v1.control_dependencies([center_updates]):
                update_counts = v1.scatter_add(counts, unique_ids, count_updates)
            updates += [update_counts, v1.scatter_add(centers, unique_ids, center_updates)]
        return v1.group(*updates)

    def _full_batch_training_op(self, inputs, num_clusters, cluster_idx_list, centers):
        _, v1 = _tf()
        sums, totals = [], []
        epsilon = v1.constant(1e-6, dtype=inputs[0].dtype)
        for inp, cluster_idx in zip(inputs, cluster_idx_list, strict=True):
            sums.append(v1.unsorted_segment_sum(inp, cluster_idx, num_clusters))
            ones = v1.reshape(v1.ones(v1.reshape(v1.shape(inp)[0], [-1])), [-1, 1])
            totals.append(v1.unsorted_segment_sum(ones, cluster_idx, num_clusters))
        new_centers = v1.add_n(sums) / (v1.cast(v1.add_n(totals), sums[0].dtype) + epsilon)
        if self._clusters_l2_normalized():
            new_centers = v1.nn.l2_normalize(new_centers, axis=1)
        return v1.assign(centers, new_centers)

    # -- initialisation ------------------------------------------------------------------------
    def _init_op(self, num_clusters, initial, centers, updated, initialized):
        _, v1 = _tf()
        inputs = self._inputs
        num_selected = v1.shape(centers)[0]
        num_remaining = num_clusters - num_selected
        num_data = v1.add_n([v1.shape(i)[0] for i in inputs])

        def random_rows():
            indices = v1.random_uniform(
                v1.reshape(num_remaining, [-1]),
                minval=0,
                maxval=v1.cast(num_data, v1.int64),
                seed=self._random_seed,
                dtype=v1.int64,
            )
            return v1.nn.embedding_lookup(inputs, indices, partition_strategy="div")

        def kmeans_plus_plus():
            points = inputs[0]
            if self._distance_metric == COSINE_DISTANCE:
                points = v1.nn.l2_normalize(points, axis=1)
            chosen = v1.numpy_function(
                lambda p, k: _kmeans_plus_plus(p, k, self._random_seed, self._kmeans_plus_plus_num_retries),
                [points, v1.cast(num_remaining, v1.int64)],
                points.dtype,
            )
            return v1.reshape(chosen, [-1, v1.shape(points)[1]])

        def choose():
            if isinstance(initial, str):
                if initial == RANDOM_INIT:
                    return v1.cond(num_data <= num_remaining, lambda: v1.concat(inputs, 0), random_rows)
                with v1.control_dependencies([v1.assert_greater_equal(num_data, num_remaining)]):
                    return kmeans_plus_plus()
            if callable(initial):
                return initial(inputs, num_remaining)
            with v1.control_dependencies([v1.assert_equal(num_remaining, v1.shape(initial)[0])]):
                return v1.identity(initial)

        def add_new_centers():
            new = choose()
            if self._distance_metric == COSINE_DISTANCE:
                new = v1.nn.l2_normalize(new, axis=1)
            everything = v1.cond(v1.equal(num_selected, 0), lambda: new, lambda: v1.concat([centers, new], 0))
            assigned = v1.assign(centers, everything, validate_shape=False)
            if updated is not centers:
                assigned = v1.assign(updated, assigned, validate_shape=False)
            return num_clusters - v1.shape(assigned)[0]

        def initialize():
            with v1.control_dependencies([v1.assert_positive(num_remaining)]):
                left = add_new_centers()
                return v1.cond(v1.equal(left, 0), lambda: v1.group(v1.assign(initialized, True)), v1.no_op)

        # Run again once the centers are chosen, it only checks that they are.
        return v1.cond(v1.equal(num_remaining, 0), lambda: v1.group(v1.assert_equal(initialized, True)), initialize)

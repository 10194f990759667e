"""``tf.contrib.data`` as TF 1.15 exported it (``dir(tf.contrib.data)`` under 1.15.5: 40 names).

TF 1.13 moved these transformations to ``tf.data.experimental``, and contrib's names became
aliases of them: 31 of the 40 are served from ``tf.compat.v1.data.experimental`` unchanged.
Seven were contrib's own deprecated spellings, written here as the deprecation notices of TF
1.15 said to write them (``Dataset.batch(..., drop_remainder=True)``, ``Dataset.window``,
``parallel_interleave(..., sloppy=True)``, ``Dataset.reduce``, ``make_batched_features_dataset``);
``LMDBDataset`` has no TF 2 version, and ``CheckpointInputPipelineHook`` left with
tf.estimator: the table refuses both.
"""

from __future__ import annotations

from ...compat import tf, v1

_experimental = v1.data.experimental
# The names TF 1.15's contrib.data took from tf.data.experimental (measured under 1.15.5) that
# TF 2's tf.compat.v1.data.experimental still has.
ALIASES = [
    "AUTOTUNE", "Counter", "CsvDataset", "Optional", "RandomDataset", "Reducer",
    "SqlDataset", "TFRecordWriter", "bucket_by_sequence_length", "choose_from_datasets", "copy_to_device",
    "dense_to_sparse_batch", "enumerate_dataset", "get_next_as_optional", "get_single_element", "group_by_reducer",
    "group_by_window", "ignore_errors", "make_batched_features_dataset", "make_csv_dataset",
    "make_saveable_from_iterator", "map_and_batch", "parallel_interleave", "parse_example_dataset",
    "prefetch_to_device", "rejection_resample", "sample_from_datasets", "scan", "shuffle_and_repeat", "unbatch",
    "unique",
]  # fmt: skip
globals().update({name: getattr(_experimental, name) for name in ALIASES})


def batch_and_drop_remainder(batch_size):
    """A transformation (``dataset.apply(...)``) batching ``batch_size`` elements, the last
    short batch dropped: so every batch has a static size."""
    return lambda dataset: dataset.batch(batch_size, drop_remainder=True)


def padded_batch_and_drop_remainder(batch_size, padded_shapes, padding_values=None):
    return lambda dataset: dataset.padded_batch(batch_size, padded_shapes, padding_values, drop_remainder=True)


def sliding_window_batch(window_size, stride=1):
    """Windows of ``window_size`` consecutive elements, starting every ``stride`` elements, each
    batched; a window running past the end is dropped."""

    def transformation(dataset):
        windows = dataset.window(window_size, shift=stride, stride=1, drop_remainder=True)

        def batched(*parts):
            structure = parts[0] if len(parts) == 1 else parts
            if isinstance(structure, tf.data.Dataset):
                return structure.batch(window_size, drop_remainder=True)
            return tf.data.Dataset.zip(
                tf.nest.map_structure(lambda w: w.batch(window_size, drop_remainder=True), structure)
            )

        return windows.flat_map(batched)

    return transformation


def sloppy_interleave(map_func, cycle_length, block_length=1):
    """``parallel_interleave`` that may take elements out of order as they are ready."""
    return _experimental.parallel_interleave(map_func, cycle_length, block_length=block_length, sloppy=True)


def assert_element_shape(expected_shapes):
    """A transformation checking (and setting) each element's shape: ``expected_shapes`` has
    the elements' structure, ``None`` for an unknown dimension."""

    def transformation(dataset):
        def check(*parts):
            element = parts[0] if len(parts) == 1 else parts
            return tf.nest.map_structure(
                lambda t, shape: tf.ensure_shape(t, tf.TensorShape(shape)), element, expected_shapes
            )

        return dataset.map(check)

    return transformation


def reduce_dataset(dataset, reducer):
    """The dataset folded with a ``Reducer``: ``init_func(0)``, ``reduce_func`` over every element,
    then ``finalize_func``."""
    state = reducer.init_func(tf.constant(0, tf.int64))
    return reducer.finalize_func(dataset.reduce(state, reducer.reduce_func))


def read_batch_features(
    file_pattern,
    batch_size,
    features,
    reader=None,
    reader_args=None,
    randomize_input=True,
    num_epochs=None,
    capacity=10000,
):
    """The next batch of parsed ``tf.Example`` features from the files: a dict of tensors."""
    dataset = _experimental.make_batched_features_dataset(
        file_pattern,
        batch_size,
        features,
        reader=reader or v1.data.TFRecordDataset,
        reader_args=reader_args,
        shuffle=randomize_input,
        num_epochs=num_epochs,
        shuffle_buffer_size=capacity,
    )
    return v1.data.make_one_shot_iterator(dataset).get_next()

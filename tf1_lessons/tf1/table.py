"""The one table of what a TF1 script gets: read by ``exec`` (to serve or refuse) and by
``scan`` (to report), so the two cannot disagree.

Every TensorFlow name a script uses is one of:

* ``native``   - ``tf.compat.v1`` has it; it is passed through unchanged;
* ``provided`` - TF 2.21 no longer has it and tf1-lessons supplies it (``tf.contrib.layers``,
  ``tf.contrib.rnn``, ``tensorflow.examples.tutorials.mnist`` ...), with TF1's behaviour;
* ``missing``  - neither: ``exec`` stops where the script first uses it, with why and what to
  use instead (exit status 3).
"""

from __future__ import annotations

from dataclasses import dataclass

NATIVE, PROVIDED, MISSING = "native", "provided", "missing"


@dataclass(frozen=True)
class Verdict:
    status: str
    why: str = ""  # for missing: why it is gone; for provided: by what
    instead: str = ""  # for missing: what to use today


# What tf1-lessons supplies, module by module (the names each provided module holds).
PROVIDED_MODULES = {
    "examples": ["tutorials"],
    "examples.tutorials": ["mnist"],
    "examples.tutorials.mnist": ["input_data"],
    "examples.tutorials.mnist.input_data": ["read_data_sets", "DataSet", "dense_to_one_hot"],
    "estimator": [
        "Estimator", "EstimatorSpec", "ModeKeys", "RunConfig", "TrainSpec", "EvalSpec", "train_and_evaluate",
        "inputs", "DNNClassifier", "DNNRegressor", "LinearClassifier", "LinearRegressor", "tpu",
        "export", "experimental", "WarmStartSettings", "VocabInfo",
    ],
    # Export of a model_fn Estimator's serving graph: tf1/estimator/export.py
    "estimator.export": [
        "ServingInputReceiver", "TensorServingInputReceiver", "build_raw_serving_input_receiver_fn",
        "build_parsing_serving_input_receiver_fn", "ExportOutput", "PredictOutput", "RegressionOutput",
        "ClassificationOutput",
    ],
    # Early stopping (tf1/estimator/experimental.py); the rest of estimator.experimental is refused.
    "estimator.experimental": [
        "make_early_stopping_hook", "stop_if_no_decrease_hook", "stop_if_no_increase_hook", "stop_if_higher_hook",
        "stop_if_lower_hook",
    ],
    # TPUEstimator on the CPU, as TF 1.15 ran it with use_tpu=False: tf1/estimator/tpu.py
    "estimator.tpu": ["TPUEstimator", "TPUEstimatorSpec", "RunConfig", "TPUConfig", "InputPipelineConfig"],
    "contrib.tpu": ["TPUEstimator", "TPUEstimatorSpec", "RunConfig", "TPUConfig", "InputPipelineConfig",
                    "CrossShardOptimizer"],
    "estimator.inputs": ["numpy_input_fn", "pandas_input_fn"],
    "contrib": ["layers", "rnn", "seq2seq", "framework", "eager", "keras", "factorization", "learn", "data",
                "training", "losses", "tpu", "lookup", "metrics", "opt", "slim", "legacy_seq2seq"],
    # The list-of-steps models of TF 1.0-era tutorials: tf1/contrib/legacy_seq2seq.py
    "contrib.legacy_seq2seq": ["rnn_decoder", "basic_rnn_seq2seq", "tied_rnn_seq2seq", "sequence_loss_by_example",
                               "sequence_loss", "embedding_rnn_decoder", "embedding_rnn_seq2seq",
                               "embedding_tied_rnn_seq2seq", "attention_decoder", "embedding_attention_decoder",
                               "embedding_attention_seq2seq", "model_with_buckets"],
    # lookup_ops' tables (TF 2.21 still has them) and contrib's spellings: tf1/contrib/lookup.py
    "contrib.lookup": [
        "FastHashSpec", "HasherSpec", "StrongHashSpec", "HashTable", "IdTableWithHashBuckets",
        "InitializableLookupTableBase", "KeyValueTensorInitializer", "LookupInterface", "MutableDenseHashTable",
        "MutableHashTable", "TableInitializerBase", "TextFileIdTableInitializer", "TextFileIndex",
        "TextFileInitializer", "TextFileStringTableInitializer", "index_table_from_file", "index_table_from_tensor",
        "index_to_string", "index_to_string_table_from_file", "index_to_string_table_from_tensor",
        "string_to_index", "string_to_index_table_from_file", "string_to_index_table_from_tensor",
    ],
    # tf.metrics in contrib's argument order (predictions first): tf1/contrib/metrics.py
    "contrib.metrics": [
        "streaming_accuracy", "streaming_auc", "streaming_precision", "streaming_recall",
        "streaming_mean_absolute_error", "streaming_mean_squared_error", "streaming_root_mean_squared_error",
        "streaming_mean_relative_error", "streaming_mean_iou", "streaming_mean_cosine_distance",
        "streaming_true_positives", "streaming_true_negatives", "streaming_false_positives",
        "streaming_false_negatives", "streaming_precision_at_thresholds", "streaming_recall_at_thresholds",
        "streaming_sensitivity_at_specificity", "streaming_specificity_at_sensitivity",
        "streaming_sparse_precision_at_k", "streaming_sparse_recall_at_k", "streaming_sparse_average_precision_at_k",
        "streaming_sparse_precision_at_top_k", "streaming_mean", "streaming_mean_tensor", "streaming_percentage_less",
        "streaming_recall_at_k", "accuracy", "aggregate_metrics", "aggregate_metric_map", "confusion_matrix",
        "set_difference", "set_intersection", "set_size", "set_union",
    ],
    # TF-Slim from the tf-slim package, tf.contrib.layers' own layers in it: tf1/contrib/slim.py
    "contrib.slim": [
        "GDN", "OPTIMIZER_CLS_NAMES", "OPTIMIZER_SUMMARIES", "RevBlock", "VariableDeviceChooser",
        "adaptive_clipping_fn", "add_arg_scope", "add_model_variable", "apply_regularization", "arg_scope",
        "arg_scope_func_key", "arg_scoped_arguments", "assert_global_step", "assert_or_get_global_step",
        "assign_from_checkpoint", "assign_from_checkpoint_fn", "assign_from_values", "assign_from_values_fn",
        "avg_pool2d", "avg_pool3d", "batch_norm", "bias_add", "bucketize", "conv1d", "conv2d", "conv2d_in_plane",
        "conv2d_transpose", "conv3d", "conv3d_transpose", "convolution", "convolution1d", "convolution2d",
        "convolution2d_in_plane", "convolution2d_transpose", "convolution3d", "convolution3d_transpose",
        "create_global_step", "current_arg_scope", "data", "data_decoder", "data_provider", "dataset",
        "dataset_data_provider", "dense_to_sparse", "dropout", "elu", "embed_sequence", "evaluation",
        "filter_variables", "flatten", "fully_connected", "gdn", "get_global_step", "get_local_variables",
        "get_model_variables", "get_or_create_global_step", "get_trainable_variables", "get_unique_variable",
        "get_variable_full_name", "get_variables", "get_variables_by_name", "get_variables_by_suffix",
        "get_variables_to_restore", "global_variable", "group_norm", "has_arg_scope", "images_to_sequence",
        "initializers", "instance_norm", "l1_l2_regularizer", "l1_regularizer", "l2_regularizer", "layer_norm",
        "layers", "learning", "legacy_fully_connected", "legacy_linear", "legacy_relu", "linear", "local_variable",
        "losses", "max_pool2d", "max_pool3d", "maxout", "metrics", "model_analyzer", "model_variable",
        "moving_averages", "nets", "normalization", "one_hot_encoding", "ops", "optimize_loss", "optimizers",
        "parallel_reader", "pool", "prefetch_queue", "queues", "recompute_grad", "regularizers", "relu", "relu6",
        "repeat", "rev_block", "scale_gradient", "separable_conv2d", "separable_convolution2d",
        "sequence_to_images", "softmax", "spatial_softmax", "stack", "sum_regularizer", "summaries",
        "summarize_activation", "summarize_activations", "summarize_biases", "summarize_collection",
        "summarize_tensor", "summarize_tensors", "summarize_variables", "summarize_weights", "summary",
        "tfexample_decoder", "train", "train_eval", "training", "unit_norm", "utils", "variable",
        "variance_scaling_initializer", "xavier_initializer", "xavier_initializer_conv2d",
    ],
    # The optimizers that are a few lines over tf.compat.v1.train's: tf1/contrib/opt.py
    "contrib.opt": [
        "LazyAdamOptimizer", "AdamWOptimizer", "MomentumWOptimizer", "NadamOptimizer", "MovingAverageOptimizer",
        "DecoupledWeightDecayExtension", "extend_with_decoupled_weight_decay",
    ],
    # contrib's spellings (predictions first) of the tf.losses functions: tf1/contrib/losses.py
    "contrib.losses": [
        "absolute_difference", "add_loss", "compute_weighted_loss", "cosine_distance", "get_losses",
        "get_regularization_losses", "get_total_loss", "hinge_loss", "log_loss", "mean_pairwise_squared_error",
        "mean_squared_error", "sigmoid_cross_entropy", "softmax_cross_entropy", "sparse_softmax_cross_entropy",
    ],
    # Of contrib.training (no TF 2 home), the hyperparameters class research code configures with.
    "contrib.training": ["HParams", "add_gradients_summaries", "clip_gradient_norms", "clip_gradient_norms_fn",
                         "create_train_op", "multiply_gradients", "train", "StopAfterNEvalsHook", "SummaryAtEndHook",
                         "checkpoints_iterator", "evaluate_once", "evaluate_repeatedly", "get_or_create_eval_step",
                         "wait_for_new_checkpoint"],
    # TF 1.15's 40 names but LMDBDataset and CheckpointInputPipelineHook: tf1/contrib/data.py
    "contrib.data": [
        "AUTOTUNE", "Counter", "CsvDataset", "Optional", "RandomDataset", "Reducer",
        "SqlDataset", "TFRecordWriter", "bucket_by_sequence_length", "choose_from_datasets", "copy_to_device",
        "dense_to_sparse_batch", "enumerate_dataset", "get_next_as_optional", "get_single_element",
        "group_by_reducer", "group_by_window", "ignore_errors", "make_batched_features_dataset", "make_csv_dataset",
        "make_saveable_from_iterator", "map_and_batch", "parallel_interleave", "parse_example_dataset",
        "prefetch_to_device", "rejection_resample", "sample_from_datasets", "scan", "shuffle_and_repeat", "unbatch",
        "unique", "batch_and_drop_remainder", "padded_batch_and_drop_remainder", "sliding_window_batch",
        "sloppy_interleave", "assert_element_shape", "reduce_dataset", "read_batch_features",
    ],
    # Of contrib.learn (removed): the data loaders, ModeKeys and preprocessing public code used.
    "contrib.learn": ["datasets", "ModeKeys", "preprocessing"],
    "contrib.learn.datasets": ["load_dataset", "load_iris", "load_boston", "mnist", "base"],
    "contrib.learn.datasets.base": ["Dataset", "Datasets", "load_csv_with_header", "load_csv_without_header",
                                    "load_iris", "load_boston"],
    "contrib.learn.preprocessing": ["VocabularyProcessor", "CategoricalVocabulary", "tokenizer", "TOKENIZER_RE"],
    "contrib.learn.datasets.mnist": ["read_data_sets", "load_mnist"],
    "contrib.factorization": ["KMeans", "RANDOM_INIT", "KMEANS_PLUS_PLUS_INIT", "KMC2_INIT", "COSINE_DISTANCE",
                              "SQUARED_EUCLIDEAN_DISTANCE", "CLUSTERS_VAR_NAME"],
    "contrib.layers": [
        "xavier_initializer", "xavier_initializer_conv2d", "variance_scaling_initializer",
        "l1_regularizer", "l2_regularizer", "fully_connected", "flatten", "conv2d", "max_pool2d",
        "avg_pool2d", "batch_norm", "dropout", "layer_norm", "l1_l2_regularizer", "sum_regularizer",
        "apply_regularization", "embed_sequence", "summarize_tensor", "summarize_tensors", "summarize_activation",
        "summarize_activations", "summarize_collection", "optimize_loss", "OPTIMIZER_CLS_NAMES", "OPTIMIZER_SUMMARIES",
    ],
    "contrib.rnn": [
        "RNNCell", "BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell", "MultiRNNCell", "DropoutWrapper",
        "LSTMStateTuple", "static_rnn", "static_bidirectional_rnn", "static_state_saving_rnn", "DeviceWrapper",
        "ResidualWrapper", "stack_bidirectional_dynamic_rnn", "stack_bidirectional_rnn", "LayerNormBasicLSTMCell",
        "LSTMBlockCell", "GRUBlockCell", "GRUBlockCellV2", "LSTMBlockFusedCell", "NASCell", "AttentionCellWrapper",
        "EmbeddingWrapper", "InputProjectionWrapper", "OutputProjectionWrapper",
        "HighwayWrapper", "SRUCell", "IndRNNCell", "IndyGRUCell", "IndyLSTMCell", "UGRNNCell", "IntersectionRNNCell",
        "ConvLSTMCell", "Conv1DLSTMCell", "Conv2DLSTMCell", "Conv3DLSTMCell",
    ],
    # Graph-mode seq2seq written here from TF 1.15's behaviour: tf1/contrib/seq2seq/ (upstream's modules)
    "contrib.seq2seq": [
        "sequence_loss", "Helper", "CustomHelper", "TrainingHelper", "GreedyEmbeddingHelper", "SampleEmbeddingHelper",
        "InferenceHelper", "Decoder", "BasicDecoder", "BasicDecoderOutput", "dynamic_decode", "AttentionMechanism",
        "BahdanauAttention", "LuongAttention", "AttentionWrapper", "AttentionWrapperState", "BeamSearchDecoder",
        "BeamSearchDecoderOutput", "BeamSearchDecoderState", "FinalBeamSearchDecoderOutput", "tile_batch",
        "gather_tree", "hardmax", "ScheduledEmbeddingTrainingHelper", "ScheduledOutputTrainingHelper",
        "BahdanauMonotonicAttention", "LuongMonotonicAttention", "monotonic_attention", "safe_cumprod",
    ],
    # tf-slim's arg_scope (one function with slim's, as in TF 1.15) and variable helpers, tf.train's
    # checkpoint readers, TensorFlow's nest: tf1/contrib/framework.py
    "contrib.framework": [
        "arg_scope", "add_arg_scope", "has_arg_scope", "current_arg_scope", "arg_scoped_arguments", "get_variables",
        "get_or_create_global_step", "get_global_step", "assert_global_step", "nest", "load_checkpoint",
        "load_variable", "list_variables", "init_from_checkpoint", "add_model_variable", "assign_from_checkpoint",
        "assign_from_checkpoint_fn", "assign_from_values", "assign_from_values_fn", "filter_variables",
        "get_local_variables", "get_model_variables", "get_trainable_variables", "get_unique_variable",
        "get_variable_full_name", "get_variables_by_name", "get_variables_by_suffix", "get_variables_to_restore",
        "global_variable", "local_variable", "model_variable", "variable",
    ],
    "contrib.eager": ["Variable", "enable_eager_execution", "executing_eagerly", "implicit_gradients",
                      "implicit_value_and_gradients", "gradients_function", "value_and_gradients_function",
                      "Iterator", "num_gpus", "defun", "Network", "Sequential", "metrics", "Checkpoint"],
    "contrib.keras": ["layers", "models", "optimizers", "losses", "datasets", "backend", "utils", "callbacks",
                      "preprocessing", "activations", "initializers", "regularizers", "metrics", "Model", "Sequential"],
}  # fmt: skip

_ESTIMATOR = (
    "tf.estimator was removed in TensorFlow 2.16 (the last tensorflow-estimator does not import on 2.21); "
    "tf1-lessons provides the subset TF1 tutorials used, not this"
)
_CONTRIB = "tf.contrib was removed in TensorFlow 2.0"

# Removed pieces, by prefix (the longest matching prefix wins).
MISSING_PREFIXES = {
    "estimator.BoostedTreesClassifier": Verdict(MISSING, _ESTIMATOR, "scikit-learn's HistGradientBoostingClassifier, "
                                                "or TensorFlow Decision Forests"),
    "estimator.BoostedTreesRegressor": Verdict(MISSING, _ESTIMATOR, "scikit-learn's HistGradientBoostingRegressor, "
                                               "or TensorFlow Decision Forests"),
    "estimator.DNNLinearCombinedClassifier": Verdict(MISSING, _ESTIMATOR, "a model_fn joining a linear_model and a "
                                                     "DNN's logits, with tf.estimator.Estimator"),
    "estimator.DNNLinearCombinedRegressor": Verdict(MISSING, _ESTIMATOR, "a model_fn joining a linear_model and a "
                                                    "DNN's logits, with tf.estimator.Estimator"),
    "estimator.Exporter": Verdict(MISSING, _ESTIMATOR, "tf.compat.v1.saved_model.simple_save after training"),
    "estimator.LatestExporter": Verdict(MISSING, _ESTIMATOR, "tf.compat.v1.saved_model.simple_save after training"),
    "estimator.BestExporter": Verdict(MISSING, _ESTIMATOR, "tf.compat.v1.saved_model.simple_save after training"),
    "estimator.FinalExporter": Verdict(MISSING, _ESTIMATOR, "tf.compat.v1.saved_model.simple_save after training"),
    "estimator.experimental": Verdict(MISSING, _ESTIMATOR, "tf.estimator.Estimator with hooks"),
    "contrib.learn": Verdict(MISSING, f"{_CONTRIB}; contrib.learn (the estimator precursor) went with it",
                             "a Session training loop or Keras Model.fit; MNIST: "
                             "tensorflow.examples.tutorials.mnist.input_data works"),
    **{
        f"contrib.learn.{name}": Verdict(MISSING, f"{_CONTRIB}; contrib.learn's estimators became tf.estimator's "
                                         "(tf1-lessons provides those)", f"tf.estimator.{name}")
        for name in ("Estimator", "DNNClassifier", "DNNRegressor", "LinearClassifier", "LinearRegressor",
                     "DNNLinearCombinedClassifier", "DNNLinearCombinedRegressor", "RunConfig")
    },
    "contrib.learn.Experiment": Verdict(MISSING, f"{_CONTRIB}; Experiment became tf.estimator.train_and_evaluate",
                                        "tf.estimator.train_and_evaluate with a TrainSpec and an EvalSpec"),
    "contrib.learn.learn_runner": Verdict(MISSING, f"{_CONTRIB}; learn_runner ran an Experiment",
                                          "tf.estimator.train_and_evaluate"),
    "contrib.learn.SKCompat": Verdict(MISSING, f"{_CONTRIB}; SKCompat wrapped contrib.learn's estimators",
                                      "tf.estimator's Estimator with tf.estimator.inputs.numpy_input_fn"),
    "contrib.learn.infer_real_valued_columns_from_input": Verdict(
        MISSING, f"{_CONTRIB}; feature-column inference left with contrib.learn",
        "[tf.feature_column.numeric_column('x', shape=X.shape[1:])]"),
    "contrib.learn.preprocessing.ByteProcessor": Verdict(MISSING, f"{_CONTRIB}; of contrib.learn.preprocessing, "
                                                         "tf1-lessons provides VocabularyProcessor",
                                                         "np.frombuffer(text.encode(), np.uint8), padded"),
    "contrib.factorization.KMeansClustering": Verdict(MISSING, f"{_CONTRIB}; the k-means Estimator is not "
                                                      "provided (its graph is: contrib.factorization.KMeans)",
                                                      "tf.contrib.factorization.KMeans with a Session loop, or "
                                                      "scikit-learn's KMeans"),
    "contrib.factorization.GMM": Verdict(MISSING, f"{_CONTRIB}; contrib.factorization's GMM has no TF2 version",
                                         "scikit-learn's GaussianMixture"),
    "contrib.factorization.WALSModel": Verdict(MISSING, f"{_CONTRIB}; WALS matrix factorisation has no TF2 version",
                                               "scikit-learn's NMF, or TensorFlow Recommenders"),
    "contrib.tensor_forest": Verdict(MISSING, f"{_CONTRIB}; contrib.tensor_forest has no TF2 version",
                                     "scikit-learn's RandomForestClassifier, or TensorFlow Decision Forests"),
    "contrib.boosted_trees": Verdict(MISSING, f"{_CONTRIB}; boosted trees lived on in tf.estimator, removed in 2.16",
                                     "XGBoost, LightGBM or TensorFlow Decision Forests"),
    "contrib.distributions": Verdict(MISSING, f"{_CONTRIB}; distributions moved to TensorFlow Probability",
                                     "pip install tensorflow-probability (tfp.distributions)"),
    "contrib.cluster_resolver": Verdict(MISSING, f"{_CONTRIB}; a TPU to connect to is not provided (TPUEstimator "
                                        "runs on the CPU)", "TPUEstimator(..., use_tpu=False) without a resolver"),
    "contrib.data.CheckpointInputPipelineHook": Verdict(MISSING, f"{_CONTRIB}; the hook left with tf.estimator",
                                                        "save the iterator with tf.compat.v1.data.experimental."
                                                        "make_saveable_from_iterator and a Saver"),
    "contrib.data.LMDBDataset": Verdict(MISSING, f"{_CONTRIB}; the LMDB reader has no TF 2 version",
                                        "read the database with the lmdb package and tf.data.Dataset.from_generator"),
    "contrib.training": Verdict(MISSING, f"{_CONTRIB}; contrib.training's queue-based batching, bucketing and "
                                "resampling have no TF2 version (tf1-lessons provides HParams and the training and "
                                "evaluation loops)", "a Session loop with tf.data"),
    "contrib.summary": Verdict(MISSING, f"{_CONTRIB}; contrib.summary became tf.summary (TF2 API)",
                               "tf.summary.FileWriter / tf.summary.scalar in graph mode"),
    "contrib.lite": Verdict(MISSING, f"{_CONTRIB}; the converter is tf.lite today", "tf.lite.TFLiteConverter"),
    "contrib.crf": Verdict(MISSING, f"{_CONTRIB}; CRF moved to TensorFlow Addons, which is end-of-life",
                           "write the CRF log-likelihood by hand, or pin an older stack"),
    "contrib.legacy_seq2seq": Verdict(MISSING, f"{_CONTRIB}; of legacy_seq2seq, tf1-lessons provides the decoders, "
                                      "the basic, tied, embedding and attention seq2seq models, model_with_buckets "
                                      "and the sequence losses, not one2many_rnn_seq2seq",
                                      "one embedding_rnn_seq2seq per decoder, sharing the encoder's variables"),
    "contrib.seq2seq": Verdict(MISSING, f"{_CONTRIB}; of contrib.seq2seq, tf1-lessons provides the helpers, "
                               "decoders, the attention mechanisms and beam search",
                               "the provided helpers and attention mechanisms"),
    "contrib.cudnn_rnn": Verdict(MISSING, f"{_CONTRIB}; cuDNN RNNs are used by Keras LSTM/GRU layers automatically",
                                 "tf.keras.layers.LSTM / GRU"),
    "contrib.timeseries": Verdict(MISSING, f"{_CONTRIB}; contrib.timeseries has no TF2 version", "Keras "
    "sequence models"),
    "contrib.predictor": Verdict(MISSING, f"{_CONTRIB}; predictors came with tf.estimator", "tf.saved_model.load"),
    "contrib.quantize": Verdict(MISSING, f"{_CONTRIB}; quantization is the TF Model Optimization toolkit today",
                                "tensorflow-model-optimization"),
    "contrib.gan": Verdict(MISSING, f"{_CONTRIB}; TF-GAN is a separate library", "pip install tensorflow-gan"),
    "contrib.image": Verdict(MISSING, f"{_CONTRIB}; contrib.image went to TensorFlow Addons (end-of-life)",
                             "tf.image, or tf.raw_ops.ImageProjectiveTransformV3"),
    "contrib.metrics": Verdict(MISSING, f"{_CONTRIB}; of contrib.metrics, tf1-lessons provides the streaming metrics "
                               "tf.metrics kept, not those contrib computed itself", "tf.compat.v1.metrics"),
    "contrib.losses.metric_learning": Verdict(MISSING, f"{_CONTRIB}; contrib.losses.metric_learning went to "
                                              "TensorFlow Addons (end-of-life)", "write the triplet or contrastive "
                                              "loss with tf.compat.v1 ops"),
    "contrib.tensorboard": Verdict(MISSING, f"{_CONTRIB}; the projector plugin ships with TensorBoard",
                                   "tensorboard.plugins.projector"),
    "contrib.opt": Verdict(MISSING, f"{_CONTRIB}; of contrib.opt, tf1-lessons provides the optimizers that are a "
                           "few lines over tf.train's (LazyAdam, AdamW, MomentumW, Nadam, MovingAverage)",
                           "the tf.compat.v1.train optimizers"),
}  # fmt: skip


def classify(path: str, v1=None) -> Verdict:
    """How ``tf.<path>`` (e.g. ``"contrib.layers.fully_connected"``, ``"nn.relu"``) is served.

    ``v1``: the ``tf.compat.v1`` module to look native names up in; when not given, the recorded
    table of its names (:mod:`.apitable`), so that no TensorFlow is imported.
    Only attribute lookups happen; nothing is called.
    """
    parts = path.split(".")
    missing_at, missing = 0, None  # the longest removed prefix
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in MISSING_PREFIXES:
            missing_at, missing = n, MISSING_PREFIXES[".".join(parts[:n])]
            break
    for n in range(len(parts), 0, -1):  # the deepest provided module the path lies in
        module = ".".join(parts[:n])
        if module not in PROVIDED_MODULES:
            continue
        if n < missing_at:
            return missing  # removed below what is provided (tf.contrib.slim, not tf.contrib)
        rest = parts[n:]
        if not rest:
            return Verdict(PROVIDED, f"tf1-lessons: tf.{module}")
        if rest[0] not in PROVIDED_MODULES[module]:
            if missing is not None:  # a removed module of which a few names are provided
                return missing
            return Verdict(
                MISSING,
                (f"{_CONTRIB}; " if module.startswith("contrib") else "")
                + f"tf1-lessons provides tf.{module}.{{{', '.join(PROVIDED_MODULES[module])}}}, not {rest[0]}",
                "an equivalent in tf.compat.v1 (tf_upgrade_v2's report names most)",
            )
        if module == "contrib.keras":
            return _native_keras(rest, v1)
        return Verdict(PROVIDED, f"tf1-lessons: tf.{module}.{rest[0]}")
    if missing is not None:
        return missing
    return _native(parts, v1)


def _native(parts, v1) -> Verdict:
    """``v1``: the live ``tf.compat.v1`` (exec, serving a script); None: the recorded table of
    its names (``scan``, which must not import TensorFlow; see apitable)."""
    if v1 is None:
        from . import apitable

        found = apitable.lookup(parts)
    else:
        found, obj = None, v1
        for i, part in enumerate(parts):
            try:
                obj = getattr(obj, part)
            except Exception:  # AttributeError, or a lazy loader failing to import
                found = i
                break
    if found is None:
        return Verdict(NATIVE)
    return Verdict(
        MISSING,
        f"tf.{'.'.join(parts[: found + 1])} is not in tf.compat.v1 on this TensorFlow",
        "look it up in the TF 1 -> 2 migration guide (tf_upgrade_v2 names most renames)",
    )


def _native_keras(parts, v1) -> Verdict:
    verdict = _native(["keras", *parts], v1)
    return (
        Verdict(PROVIDED, "tf1-lessons: tf.contrib.keras is tf.keras (legacy Keras 2)")
        if verdict.status == NATIVE
        else verdict
    )

"""Every change the TF1 runtime makes to TensorFlow, tf-keras, NumPy, matplotlib, IPython and
Python itself, in one table, and the one function that makes them.

Each :class:`Patch` names its target (``module:attribute.path``), why it is there (the TF 1.15
behaviour it restores, or the TF1 program it lets run), who installs it and when, and the
TensorFlow releases it was measured on. Code elsewhere never assigns to another library's
attributes: it calls :func:`apply` with a patch's name and a function that makes the replacement
from the original. :func:`apply` refuses a name the table lacks, and checks its guard first: the
target exists (or, for an ``adds`` patch, does not yet), and every other public name listed in
``also`` is still the very same object, so that a TensorFlow release that moves or re-exports a
function is noticed instead of leaving a correction silently unapplied. In a user's run a failed
guard is one notice and the correction is left out; ``tests/test_patches.py`` fails on it, naming
the target, under every TensorFlow release nox tests (2.16-2.21).

:data:`SETTINGS` lists the process-wide switches the runtime turns (graph mode, reference
variables, deterministic kernels, NumPy's print style...), which are calls rather than
assignments. ``tf1-lessons patches`` prints both tables.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass

# Where tests/test_patches.py was run (it runs in every nox TensorFlow session, 2.16-2.21, too).
MEASURED = "TF 2.16.2 + tf-keras 2.16.0 + NumPy 1.26.4, and TF 2.21.0 + tf-keras 2.21.0 + NumPy 2.4.6"


@dataclass(frozen=True)
class Patch:
    name: str
    target: str  # "package.module:Attribute.path"
    why: str
    by: str  # the function that applies it (where the replacement is written)
    when: str  # "runtime": for a TF1 process's life, from its set-up; "companion": from the first import of
    # its library by a TF1 process (tf1.companions); "run": from the first run that asks
    # for it (exec --save-start), then for the process; "block": undone at the end of its block;
    # "plain": in a plain-Python lesson program's process (plainrun), never with the TF1 runtime
    also: tuple = ()  # other public names of the same object, replaced with it
    same_as: str = ""  # a name that must still be the target's object, left as it is (guard only)
    adds: bool = False  # the attribute is new (TensorFlow has none)
    optional: str = ""  # when it is needed at all (checked by its installer)
    measured: str = MEASURED


_SESSION = "tensorflow.python.client.session:BaseSession"
SLIM_LAYERS = ("convolution2d", "fully_connected", "batch_norm", "dropout", "flatten", "max_pool2d", "avg_pool2d",
               "layer_norm")  # fmt: skip
_LAYERS = "tf_keras.src.legacy_tf_layers"

TABLE: tuple[Patch, ...] = (
    # -- the TF1 module and the process a script runs in (runtime.install) -------------------------
    Patch(
        "tf1-import", "builtins:__import__",
        "`import tensorflow` (and tensorflow.compat.v1, tf.contrib, tensorflow.examples...) in a script's "
        "own files gives the TF1 API; every other import, and TensorFlow imported by libraries, is untouched",
        "tf1.runtime.install", "runtime",
    ),
    Patch(
        "deprecation-lines", "warnings:showwarning",
        "TF1's deprecation warnings become one line each (tf-keras' for tf.nn.rnn_cell..., as TensorFlow's "
        "logged ones do); tf.layers and keep_prob get one note each, saying what TF2 writes instead",
        "tf1.runtime._install_deprecation_lines", "runtime",
    ),
    Patch(
        "keras-version", "tensorflow.compat.v1:keras.__version__",
        "TF 1.15's tf.keras.__version__ was '2.2.4-tf'; tf-keras' v1 API has none (a 2018 notebook stopped on it)",
        "tf1.runtime._install_keras_version", "runtime", adds=True,
    ),
    Patch(
        "numpy-removed-names", "numpy:__getattr__",
        "np.float, np.int, np.asscalar, np.float_... (removed in NumPy 1.24/2.0) answer as they did, "
        "with one notice each",
        "tf1.runtime._install_numpy_aliases", "runtime",
    ),
    Patch(
        "numpy-reshape-newshape", "numpy:reshape",
        "np.reshape(a, newshape=...), the keyword NumPy 2.4 removed, still reshapes",
        "tf1.runtime._install_numpy_aliases", "runtime", optional="NumPy >= 2.4",
    ),
    Patch(
        "numpy-ragged-arrays", "numpy:array",
        "np.array of ragged nested sequences (a batch of (ids, label) pairs) is an object array, as NumPy < 1.24 "
        "made it (NumPy 1.18.5 measured), with one notice; NumPy 1.24 raises ValueError",
        "tf1.runtime._install_numpy_ragged_arrays", "runtime", optional="NumPy >= 1.24",
    ),
    Patch(
        "soft-placement", f"{_SESSION}.__init__",
        "a script pinned to /gpu:0 (or towers of GPUs) runs where there is none, as allow_soft_placement did",
        "tf1.runtime._install_soft_placement", "runtime",
    ),
    Patch(
        "gpu-notice", "tensorflow.compat.v1:device",
        "tf.device('/gpu:N') on a machine without a GPU says once that the ops run on the CPU",
        "tf1.runtime._install_device_notice", "runtime",
    ),
    Patch(
        "plt-show", "matplotlib.pyplot:show",
        "plt.show() without a display saves the figures under --out (a notebook shows them inline)",
        "tf1.runtime._install_matplotlib", "runtime",
    ),
    # -- TF 1.15's rules: seeds, op counts, kernels (rules._patch, tf115_ops.install) ---------------
    Patch(
        "tf115-seed-rule", "tensorflow.python.framework.random_seed:get_seed",
        "TF 1.15's op-seed rule (op seed = the graph's op count), so a seeded script draws TF 1.15's "
        "initial values and dropout masks; TF 2 hashes the op's name instead",
        "tf1.rules._patch", "runtime",
        also=("tensorflow.compat.v1:get_seed", "tensorflow.compat.v1:random.get_seed"),
    ),
    Patch(
        "tf115-dropout", "tensorflow.compat.v1:nn.dropout",
        "tf.nn.dropout(x, keep_prob) builds TF 1.15's ops (its op count and its mask from the same uniform draw)",
        "tf1.tf115_ops.install", "runtime",
    ),
    Patch(
        "tf115-random-uniform", "tensorflow.compat.v1:random_uniform",
        "tf.random_uniform(shape) with the default [0, 1) builds TF 1.15's min, max, sub, mul and add around the "
        "draw (TF 2 leaves them out): its op count, so later random ops get TF 1.15's seeds; the values are the same",
        "tf1.tf115_ops.install", "runtime", also=("tensorflow.compat.v1:random.uniform",),
    ),
    Patch(
        "tf115-sparse-placeholder", "tensorflow.compat.v1:sparse_placeholder",
        "tf.sparse_placeholder makes TF 1.15's ops: a constant dense shape when the shape is known, the given tensor "
        "when it is one, else a placeholder (TF 2 adds a PlaceholderWithDefault), so later random ops get TF 1.15's "
        "seeds",
        "tf1.tf115_ops.install", "runtime", also=("tensorflow.compat.v1:sparse.placeholder",),
    ),
    Patch(
        "sparse-tensor-feedable", "tensorflow.python.framework.sparse_tensor:SparseTensor.__init__",
        "a SparseTensor no longer makes its constant dense shape unfeedable when it is made (TF 1.15 read it only "
        "for .shape): a sparse_placeholder with a tf.constant shape is fed a SparseTensorValue, through the sparse "
        "ops after it, as in TF 1.15 (tkipf/gcn's features)",
        "tf1.tf115_ops.install", "runtime",
    ),
    Patch(
        "fused-softmax-xent", "tensorflow.python.ops.nn_ops:softmax_cross_entropy_with_logits_v2_helper",
        "softmax cross-entropy uses TF 1.15's fused kernel even with deterministic ops on (TF 2 then builds "
        "an unfused one, with other rounding)",
        "tf1.tf115_ops.install", "runtime",
    ),
    Patch(
        "fused-sparse-xent", "tensorflow.python.ops.nn_ops:_sparse_softmax_cross_entropy_with_rank_2_logits",
        "sparse softmax cross-entropy: TF 1.15's fused kernel, as above",
        "tf1.tf115_ops.install", "runtime",
    ),
    Patch(
        "fused-xent-determinism", "tensorflow.python.ops.nn_ops:config",
        "while a fused cross-entropy is built, nn_ops reads op determinism as off (the two patches above)",
        "tf1.tf115_ops._fused_cross_entropy", "block",
    ),
    Patch(
        "tensor-array-size", "tensorflow.python.ops.tensor_array_ops:_GraphTensorArray.size",
        "TensorArray.size() is TF 1.15's TensorArraySizeV3 op (TF 2 folds it), keeping dynamic_rnn's op count",
        "tf1.tf115_ops.install", "runtime",
    ),
    Patch(
        "slice-op-count", "tensorflow.python.framework.tensor:Tensor.__getitem__",
        "x[:, :t] with a tensor bound: TF 2 makes a constant for each missing bound of that slice and packs "
        "vectors TF 1.15 made one constant of; the difference is counted, so later random ops get TF 1.15's seeds",
        "tf1.tf115_ops.install", "runtime",
        also=("tensorflow.python.ops.tensor_getitem_override:_slice_helper",),
    ),
    Patch(
        "shape-index-inference", "tensorflow.python.ops.gen_array_ops:strided_slice",
        "tf.shape(x)[i] of a partly known x is unknown to shape inference, as in TF 1.15 (TF 2 reads a known "
        "dimension i): tf.reshape / tf.tile / tf.zeros with such a size keep TF 1.15's static shapes, so code "
        "branching on them builds TF 1.15's ops and draws its seeds (a GPT-2 style sampler); same values",
        "tf1.tf115_ops.install", "runtime",
    ),
    Patch(
        "shape-unstack-inference", "tensorflow.python.ops.gen_array_ops:unpack",
        "tf.unstack(tf.shape(x)) of a partly known x: unknown sizes to shape inference, as in TF 1.15 (above)",
        "tf1.tf115_ops.install", "runtime",
    ),
    Patch(
        "split-op-count", "tensorflow:split",
        "tf.split(x, N) counts the constant TF 1.15 made for N, so later random ops get TF 1.15's seeds",
        "tf1.tf115_ops.install", "runtime",
        also=("tensorflow.compat.v1:split", "tensorflow.compat.v2:split"),
        same_as="tensorflow.python.ops.array_ops:split",  # TensorFlow's own calls keep the uncounted one
    ),
    Patch(
        "one-hot-op-count", "tensorflow:one_hot",
        "tf.one_hot(..., on_value=x, off_value=y) counts the constant TF 1.15 made for each value given as a number "
        "(converted once to read its dtype, again for the op), so later random ops get TF 1.15's seeds",
        "tf1.tf115_ops.install", "runtime",
        also=("tensorflow.compat.v1:one_hot", "tensorflow.compat.v2:one_hot"),
        same_as="tensorflow.python.ops.array_ops:one_hot",
    ),
    Patch(
        "scalar-reduction-dims", "tensorflow.python.ops.math_ops:_ReductionDims",
        "reduce_*(scalar) with no axis makes TF 1.15's one empty constant, not Rank/Range ops (TF 2 reads rank 0 "
        "as unknown): every assert_* on scalars counts TF 1.15's ops, so later random ops get its seeds",
        "tf1.tf115_ops.install", "runtime",
    ),
    Patch(
        "zeros-shape-op-count", "tensorflow.python.ops.array_ops:_constant_if_small",
        "tf.zeros / tf.ones with a list shape holding a tensor ([batch, 4]): TF 1.15's np.prod over the list "
        "made a Mul (and constant) per element and a Less before falling back to Fill; counted, so later random "
        "ops get TF 1.15's seeds",
        "tf1.tf115_ops.install", "runtime",
    ),
    Patch(
        "tensordot-op-count", "tensorflow:tensordot",
        "tf.tensordot (tf.layers.dense on 3-D inputs) counts the transposes and reshapes TF 1.15 made of operands "
        "of known shape and TF 2 skips, so later random ops get TF 1.15's seeds",
        "tf1.tf115_ops.install", "runtime",
        also=("tensorflow.compat.v1:tensordot", "tensorflow.compat.v2:tensordot"),
        same_as="tensorflow.python.ops.math_ops:tensordot",
    ),
    Patch(
        "gradient-op-count", "tensorflow.python.framework.ops:get_gradient_function",
        "each gradient function tf.gradients calls counts the ops TF 1.15.5's made for the same op and static "
        "shapes (tf1/gradient_ops.json, measured), so random ops made after an optimizer get TF 1.15's seeds",
        "tf1.tf115_ops.install", "runtime",
    ),
    Patch(
        "v1-control-flow", "tensorflow.python.ops.control_flow_util:EnableControlFlowV2",
        "graphs of TF1 programs build v1 control flow (while_loop, cond) as TF 1.15 did",
        "tf1.tf115_ops.install", "runtime",
    ),
    Patch(
        "v1-initializer-strings", "tf_keras.src.initializers:get",
        "an initializer named by string (kernel_initializer='glorot_uniform') is TF 1.15's v1 initializer",
        "tf1.tf115_ops.install", "runtime",
    ),
    Patch(
        "layers-dropout", f"{_LAYERS}.core:Dropout.call",
        "tf.layers.dropout builds TF 1.15's dropout (its mask and op count)",
        "tf1.tf115_ops.install", "runtime",
    ),
    *(
        Patch(
            f"{name.lower()}-op-count", f"{_LAYERS}.convolutional:{name}.call",
            f"tf.layers.{name.lower()} counts TF 1.15's dilation_rate constant (op seeds after it are TF 1.15's)",
            "tf1.tf115_ops.install", "runtime",
        )
        for name in ("Conv1D", "Conv2D", "Conv3D")
    ),
    # -- exec's runs -------------------------------------------------------------------------------
    Patch(
        "graph-seed", "tensorflow.python.framework.ops:Graph.__init__",
        "exec --seed: every graph a script makes gets the seed, as if it called tf.set_random_seed",
        "tf1.runner._seed_everything", "runtime",
    ),
    *(
        Patch(
            f"record-{method.replace('_', '-')}", f"tensorflow.python.training.optimizer:Optimizer.{method}",
            "the learning curve: which op trains, and its loss (an optimizer's update made by minimize, or "
            "apply_gradients after compute_gradients)",
            "tf1.recorder._install_hooks", "runtime",
        )
        for method in ("compute_gradients", "apply_gradients", "minimize")
    ),
    *(
        Patch(
            f"start-{name.replace('_', '-')}", f"tensorflow.compat.v1:{name}",
            "exec --save-start: the initializer op the program made is remembered, so that its first run "
            "writes the variables' initial values for the eager twin (the wrapper makes no op)",
            "tf1.start._hook_initializers", "run",
        )
        for name in ("global_variables_initializer", "variables_initializer", "initialize_all_variables")
    ),
    Patch(
        "record-gradients", "tensorflow.compat.v1:gradients",
        "tf.gradients remembers the scalar it differentiates: the loss of a step that clips the gradients and "
        "calls apply_gradients (no compute_gradients), so the learning curve has its loss",
        "tf1.recorder._install_hooks", "runtime", same_as="tensorflow.python.ops.gradients_impl:gradients",
    ),
    Patch(
        "record-steps", f"{_SESSION}.run",
        "the learning curve: a Session.run that trains also returns its loss to the recorder (the script "
        "gets what it asked for); --max-steps stops there",
        "tf1.recorder._install_hooks", "runtime",
    ),
    Patch(
        "board-weights", f"{_SESSION}.run",
        "TensorBoard's histograms: the weights once per epoch while a lesson is recorded",
        "board.Recording.watching", "block",
    ),
    Patch(
        "graph-sessions", f"{_SESSION}.__init__",
        "`graph`: the graphs a lesson's Sessions run, to draw them",
        "graphview.sessions_noted", "block",
    ),
    Patch(
        "kernel-tracebacks", "IPython.core.interactiveshell:InteractiveShell.showtraceback",
        "in the TF1 kernel an unavailable API, or --max-steps, is one line even when %%time runs the cell "
        "(set on the kernel's shell, not on the class)",
        "tf1.kernel.load", "runtime",
    ),
    # -- a plain-Python lesson program (NumPy, TF2 Keras: lessons 3 and 4), plainrun.main -----------
    Patch(
        "plain-keras-fit", "tf_keras.src.engine.training:Model.fit",
        "a Keras lesson's curve: each fit also gets a callback recording its logs (per epoch or per batch), "
        "the model's weights when the first fit begins (the twin's start), and --max-steps",
        "plainrun._install_keras", "plain",
    ),
    Patch(
        "plain-keras-evaluate", "tf_keras.src.engine.training:Model.evaluate",
        "a Keras lesson's test accuracy: the last evaluate's result, which the document's program only displayed",
        "plainrun._install_keras", "plain",
    ),
    *(
        Patch(
            f"plain-keras-{name}", f"tf_keras.api._v2.keras.datasets.{module}:load_data",
            "the same arrays from tf1-lessons' verified copy (TF1_LESSONS_DATA, cache, checked download) "
            "instead of Keras's own download, which a machine without the internet cannot make; "
            "--train-size keeps the first N training examples",
            "plainrun._install_keras", "plain", same_as=f"tf_keras.src.datasets.{module}:load_data",
        )
        for name, module in (("mnist", "mnist"), ("fashion-mnist", "fashion_mnist"))
    ),
    Patch(
        "plain-pyplot-show", "matplotlib.pyplot:show",
        "no display: plt.show() in a lesson's program closes its figures (the lesson's pictures come from its curve)",
        "plainrun._install_pyplot", "plain",
    ),
    Patch(
        "progress-above", "sys:stdout",
        "a progress bar on a terminal stays below what the program prints",
        "progress.steps", "block",
    ),
    # -- tf.contrib.slim (tf1.contrib.slim, on first use) -----------------------------------------
    Patch(
        "slim-indexed-slices", "tensorflow.python.framework.ops:IndexedSlices",
        "tf-slim 1.1.0 reads ops.IndexedSlices (gradient clipping and multipliers in slim.learning, "
        "contrib.training and optimize_loss), which TF 2.x moved to framework.indexed_slices: the same class, "
        "under its old name",
        "tf1.contrib.framework._tf_slim_on_this_tensorflow", "run", adds=True,
    ),
    *(
        Patch(
            f"slim-{name}", f"tf_slim.layers:{name}",
            f"tf-slim's nets (vgg, resnet, inception...) build with this module's {name}: tf.contrib.layers' "
            "TF 1.15 ops (its op seeds) where tf-slim's own goes through TensorFlow's internal Keras layers",
            "tf1.contrib.slim._use_tf115_layers", "run",
            also=(f"tf_slim:{name}", *(("tf_slim.layers:conv2d", "tf_slim:conv2d") if name == "convolution2d" else ())),
            measured="tf-slim 1.1.0 on TF 2.21.0 + tf-keras 2.21.0 (vgg_a, resnet_v1_50, inception_v3 built)",
        )
        for name in SLIM_LAYERS
    ),
    # -- the companions of 2016-2019 (tf1.companions: on the first import of each library) ---------
    *(
        Patch(
            f"scipy-misc-{name}", f"scipy.misc:{name}",
            f"scipy.misc.{name} (removed in SciPy 1.2/1.3) as SciPy 1.2.3 computed it: " + why,
            "tf1.companions.install", "companion", adds=True, optional="SciPy without it",
            measured="SciPy 1.2.3 + Pillow 6.2.2 (Python 3.7) against SciPy 1.17.1 + Pillow 13.0.0",
        )
        for name, why in (
            ("imread", "Pillow's pixels as an array (palette images as RGB, flatten= as float32)"),
            ("imsave", "byte-scaled to 0-255 first, as toimage does"),
            ("imresize", "always uint8: a float image is byte-scaled to its own min and max first"),
            ("toimage", "an array as a PIL image, byte-scaled"),
            ("fromimage", "a PIL image as an array"),
            ("bytescale", "linear onto 0-255, rounded half up; uint8 left as it is"),
            ("logsumexp", "scipy.special.logsumexp, which it was"),
            ("comb", "scipy.special.comb, which it was"),
            ("factorial", "scipy.special.factorial, which it was"),
        )
    ),
    Patch(
        "scipy-ndimage-imread", "scipy.ndimage:imread",
        "scipy.ndimage.imread (removed in SciPy 1.2): scipy.misc.imread's reading, as SciPy 1.2.3's",
        "tf1.companions.install", "companion", adds=True, optional="SciPy without it",
        measured="SciPy 1.2.3 + Pillow 6.2.2 (Python 3.7) against SciPy 1.17.1 + Pillow 13.0.0",
    ),
    Patch(
        "scipy-eigen-package", "scipy.sparse.linalg.eigen:__path__",
        "from scipy.sparse.linalg.eigen.arpack import eigsh (the path gone since SciPy 1.8): the eigen module is "
        "made a package, so that the companion finder can serve its arpack module",
        "tf1.companions.install", "companion", adds=True, optional="SciPy whose eigen module is no package",
        measured="SciPy 1.2.3 (Python 3.7) against SciPy 1.17.1",
    ),
    *(
        Patch(
            f"pil-{name.lower()}", f"PIL.Image:{name}",
            f"Image.{name} (removed in Pillow 10): the filter it named, {now}",
            "tf1.companions.install", "companion", adds=True, optional="Pillow >= 10",
            measured="Pillow 6.2.2 (Python 3.7) against Pillow 13.0.0",
        )
        for name, now in (("ANTIALIAS", "LANCZOS (1)"), ("LINEAR", "BILINEAR (2)"), ("CUBIC", "BICUBIC (3)"))
    ),
    Patch(
        "pil-textsize", "PIL.ImageDraw:ImageDraw.textsize",
        "ImageDraw.textsize (removed in Pillow 10; label drawing in detection visualisers): the text box's size",
        "tf1.companions.install", "companion", adds=True, optional="Pillow >= 10",
        measured="Pillow 6.2.2 (Python 3.7) against Pillow 13.0.0",
    ),
    Patch(
        "pil-getsize", "PIL.ImageFont:FreeTypeFont.getsize",
        "FreeTypeFont.getsize (removed in Pillow 10): the text box's size",
        "tf1.companions.install", "companion", adds=True, optional="Pillow >= 10",
        measured="Pillow 6.2.2 (Python 3.7) against Pillow 13.0.0",
    ),
    *(
        Patch(
            f"pandas-{cls.lower()}-{name.replace('_', '-')}", f"pandas:{cls}.{name}",
            f"{cls}.{name} (removed in pandas {gone}): {why}",
            "tf1.companions.install", "companion", adds=True, optional=f"pandas >= {gone}",
            measured="pandas 0.25.3 (Python 3.7) against pandas 2.x",
        )
        for cls, name, gone, why in (
            ("DataFrame", "ix", "1.0", "a label where the axis has it or is of integers, else a position"),
            ("Series", "ix", "1.0", "a label where the index has it or is of integers, else a position"),
            ("DataFrame", "as_matrix", "1.0", ".values (of the columns given)"),
            ("Series", "as_matrix", "1.0", ".values"),
            ("DataFrame", "sort", "0.20", "sort_values by the columns given, else sort_index"),
            ("DataFrame", "append", "2.0", "pd.concat of the two"),
            ("Series", "append", "2.0", "pd.concat of the two"),
        )
    ),
    Patch(
        "mpl-hist-normed", "matplotlib.axes:Axes.hist",
        "hist(..., normed=True) (removed in matplotlib 3.1): density=, which it meant",
        "tf1.companions.install", "companion", optional="matplotlib",
        measured="matplotlib 2.2.5 (Python 3.7) against matplotlib 3.10",
    ),
    Patch(
        "mpl-pyplot-hold", "matplotlib.pyplot:hold",
        "plt.hold(True) (removed in matplotlib 3.0): nothing to do, as plots always add to the axes now",
        "tf1.companions.install", "companion", adds=True, optional="matplotlib >= 3.0",
        measured="matplotlib 2.2.5 (Python 3.7) against matplotlib 3.10",
    ),
    Patch(
        "mpl-axes-hold", "matplotlib.axes:Axes.hold",
        "ax.hold(True) (removed in matplotlib 3.0): nothing to do, as above",
        "tf1.companions.install", "companion", adds=True, optional="matplotlib >= 3.0",
        measured="matplotlib 2.2.5 (Python 3.7) against matplotlib 3.10",
    ),
    Patch(
        "fractions-gcd", "fractions:gcd",
        "fractions.gcd (removed in Python 3.9): its sign follows the second argument, unlike math.gcd",
        "tf1.companions.install", "companion", adds=True, optional="Python >= 3.9",
        measured="Python 3.7.16 against Python 3.11",
    ),
    Patch(
        "inspect-getargspec", "inspect:getargspec",
        "inspect.getargspec (removed in Python 3.11; TF1 libraries read their functions' arguments with it): "
        "ArgSpec(args, varargs, keywords, defaults), ValueError for keyword-only arguments as before",
        "tf1.companions.install", "companion", adds=True, optional="Python >= 3.11",
        measured="Python 3.7.16 against Python 3.11",
    ),
    Patch(
        "time-clock", "time:clock",
        "time.clock() (removed in Python 3.8): the process's CPU time, which it was on Linux and macOS",
        "tf1.companions.install", "companion", adds=True, optional="Python >= 3.8",
        measured="Python 3.7.16 against Python 3.11",
    ),
    *(
        Patch(
            f"collections-{name.lower()}", f"collections:{name}",
            f"collections.{name} (removed in Python 3.10): collections.abc.{name}, which it was",
            "tf1.companions.install", "companion", adds=True, optional="Python >= 3.10",
            measured="Python 3.7.16 against Python 3.11",
        )
        for name in ("Awaitable", "Coroutine", "AsyncIterable", "AsyncIterator", "AsyncGenerator", "Hashable",
                     "Iterable", "Iterator", "Generator", "Reversible", "Sized", "Container", "Callable", "Collection",
                     "Set", "MutableSet", "Mapping", "MutableMapping", "MappingView", "KeysView", "ItemsView",
                     "ValuesView", "Sequence", "MutableSequence", "ByteString")
    ),
)  # fmt: skip

#: Process-wide switches: calls, not assignments; each with why. (name, what, why, by)
SETTINGS: tuple[tuple[str, str, str, str], ...] = (
    ("legacy-keras", "TF_USE_LEGACY_KERAS=1 before TensorFlow loads",
     "tf.layers, tf.keras and tf.estimator code need Keras 2 (tf-keras); Keras 3 refuses graph-mode TF1 calls",
     "compat._import_tensorflow"),
    ("quiet-start", "TF_CPP_MIN_LOG_LEVEL=2 unless set",
     "TensorFlow's C++ start-up notices (CPU features, CUDA probing) are not the script's output",
     "compat._import_tensorflow"),
    ("graph-mode", "tf.compat.v1.disable_v2_behavior()",
     "TF1 semantics for the process: graph mode, v1 TensorShape, v1 control flow, Tensor equality by identity",
     "tf1.runtime.install"),
    ("reference-variables", "tf.compat.v1.disable_resource_variables()",
     "tf.Variable / get_variable make TF 1.15's reference variables (their ops, names and op count)",
     "tf1.rules.install"),
    ("deterministic-kernels", "tf.config.experimental.enable_op_determinism()",
     "exec --seed and the lessons: the same seed gives a bit-identical run on one machine",
     "tf1.runner._seed_everything, compat.seed, plainrun.setup"),
    ("numpy-printing", "np.set_printoptions(legacy='1.25') on NumPy 2",
     "a fetched scalar prints 0.5 as under TF1-era NumPy, not np.float32(0.5)",
     "tf1.runtime._install_numpy_printing, plainrun.setup"),
    ("matplotlib-backend", "MPLBACKEND=Agg without a display, unless set",
     "plt.show() cannot open a window; figures are saved instead (plt-show)",
     "tf1.runtime._install_matplotlib"),
    ("companion-modules", "a finder at the end of sys.meta_path",
     "modules TF1 code imported that their libraries removed: sklearn.cross_validation, sklearn.grid_search, "
     "sklearn.externals.joblib (scikit-learn 0.20-0.23), scipy.sparse.linalg.eigen.arpack (SciPy 1.8) and imp "
     "(Python 3.12), each as its last release had it; an installed module of the name always wins",
     "tf1.companions.install"),
    ("python2-modules", "a finder at the front of sys.meta_path",
     "a program's own modules that only Python 2 can compile load translated (tf1.py2); other imports "
     "are not looked at", "tf1.py2.install_module_finder"),
    ("kernel-cell-transformers", "IPython's input_transformers_post and ast_transformers of the TF1 kernel's shell",
     "a Python 2 cell runs as its translation (tf1.py2); exec --set replaces a cell's top-level literals "
     "(tf1.budgets); the cell as written stays in the notebook", "tf1.kernel.load"),
    ("block-cell-gradients", "ops.RegisterGradient('LSTMBlockCell' / 'GRUBlockCell') where TensorFlow has none",
     "contrib.rnn's LSTMBlockCell and GRUBlockCell run TF 1.15's kernels, which TF 2.16-2.21 still have but "
     "register no gradient for; ours is the kernels' own LSTMBlockCellGrad / GRUBlockCellGrad",
     "tf1.contrib.rnn.register_block_cell_gradients (on first import)"),
    ("tensorflow-log-filters", "filters on the 'tensorflow' logger",
     "TensorFlow's four-line deprecation logs become one line; tf.estimator's log lines read as TF 1.15's",
     "tf1.runtime._install_deprecation_lines, tf1.estimator"),
)  # fmt: skip

BY_NAME = {patch.name: patch for patch in TABLE}
#: name -> (owner, attribute, original, replacement) of every patch applied in this process
applied: dict = {}


class PatchError(RuntimeError):
    """A patch's target is not where the table says, or its guard no longer holds."""


def resolve(target: str, owner=None):
    """``(object, attribute)`` for ``module:attr.path`` (``owner``: an instance to use instead).
    The module is reached as a program reaches it, attribute by attribute from its top package
    (``tensorflow.compat.v1`` is TensorFlow's module wrapper, not the module file behind it),
    falling back to the module itself for internal ones that are no attribute of their parent."""
    module_name, _, path = target.partition(":")
    # Interned, as names in code are: TensorFlow's module wrappers keep a cache keyed by the
    # name's identity, and a setattr with an equal but other string leaves it stale (2.21).
    *parents, attribute = (sys.intern(part) for part in path.split("."))
    if owner is None:
        if module_name.split(".")[0] in ("tensorflow", "tf_keras"):
            from .. import compat  # noqa: F401 - TensorFlow with legacy Keras, loaded quietly, first
        # Walked from the top package first: importing a submodule by name would bind the module
        # file over TensorFlow's wrapper as an attribute of its parent (tf.compat.v1.random...).
        top, *rest = module_name.split(".")
        owner = sys.modules.get(top) or importlib.import_module(top)
        for part in rest:
            owner = getattr(owner, part, None)
            if owner is None:  # an internal module that is no attribute of its parent
                try:
                    owner = importlib.import_module(module_name)
                except ImportError as exc:
                    raise PatchError(f"{target}: module {module_name} cannot be imported ({exc})") from exc
                break
        for part in parents:
            try:
                owner = getattr(owner, part)
            except AttributeError:
                raise PatchError(f"{target}: {module_name} has no {part}") from None
    return owner, attribute


def guard(patch: Patch, owner=None) -> object:
    """The original the patch would replace, after its guard: PatchError if it does not hold."""
    if patch.name in applied and owner is None:
        return applied[patch.name][2]
    obj, attribute = resolve(patch.target, owner)
    if patch.adds:
        if hasattr(obj, attribute):
            raise PatchError(f"{patch.target}: TensorFlow has it now; the patch {patch.name} is not needed")
        return None
    if not hasattr(obj, attribute):
        raise PatchError(f"{patch.target}: no such attribute; the patch {patch.name} ({patch.why}) cannot apply")
    original = getattr(obj, attribute)
    for other in (*patch.also, *([patch.same_as] if patch.same_as else [])):
        o, a = resolve(other)
        if getattr(o, a, None) is not original:
            raise PatchError(
                f"{other} is not {patch.target} any more; the patch {patch.name} would miss that name ({patch.why})"
            )
    return original


def apply(name: str, make, owner=None):
    """Replace patch ``name``'s target with ``make(original)``; returns the original, or None
    when the guard failed (one notice: the correction is left out, the run goes on)."""
    patch = BY_NAME[name]  # KeyError: a change that is not in the table
    try:
        original = guard(patch, owner)
    except PatchError as exc:
        print(f"tf1-lessons: {exc}. Results may differ from TF 1.15 here.", file=sys.stderr)
        return None
    obj, attribute = resolve(patch.target, owner)
    current = getattr(obj, attribute, None)
    replacement = make(current)
    setattr(obj, attribute, replacement)
    for other in patch.also:
        o, a = resolve(other)
        if getattr(o, a, None) is current:
            setattr(o, a, replacement)
    if owner is None:
        applied.setdefault(name, (obj, attribute, original, replacement))
    return current


def undo(name: str, original, owner=None) -> None:
    """Put ``original`` back (a ``block`` patch, at the end of its block); None: it was not applied."""
    if original is None:
        return
    obj, attribute = resolve(BY_NAME[name].target, owner)
    setattr(obj, attribute, original)
    applied.pop(name, None)


def table_text() -> str:
    """Both tables as Markdown (``tf1-lessons patches``)."""
    rows = ["| patch | target | when | why |", "|---|---|---|---|"]
    for p in TABLE:
        target = p.target + "".join(f", {a}" for a in p.also)
        rows.append(f"| {p.name} | `{target}` | {p.when} | {p.why} |")
    rows += ["", "| setting | what | why |", "|---|---|---|"]
    rows += [f"| {name} | {what} | {why} |" for name, what, why, _ in SETTINGS]
    rows += ["", f"Measured on {MEASURED}."]
    return "\n".join(rows)

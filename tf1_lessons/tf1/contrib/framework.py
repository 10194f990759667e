"""``tf.contrib.framework``: ``arg_scope`` and the variable and checkpoint helpers TF 1.x code
called from it.

``arg_scope`` / ``add_arg_scope`` are TF-Slim's (the maintained ``tf-slim`` package, which
``tf.contrib.slim`` is too): in TF 1.15 ``tf.contrib.framework.arg_scope`` and ``slim.arg_scope``
were one function, so a scope opened with either applies to ``tf.contrib.layers`` and
``slim`` layers alike. ``arg_scope([f, g], k=v)`` makes ``k=v`` the default of ``f`` and ``g``
inside the ``with`` block; an explicit argument still wins, an inner scope overrides an outer one
for the keys it sets, and a function not marked with ``@add_arg_scope`` raises ``ValueError``.

The variable helpers (``model_variable``, ``get_variables_to_restore``, ``assign_from_checkpoint_fn``...)
are tf-slim's too; ``nest`` is TensorFlow's own; ``load_checkpoint``, ``load_variable``,
``list_variables`` and ``init_from_checkpoint`` are ``tf.train``'s, as TF 1.15 aliased them.
"""

from __future__ import annotations

from tensorflow.python.util import nest  # noqa: F401 - tf.contrib.framework.nest

from .. import patches


def _tf_slim_on_this_tensorflow() -> None:
    """What tf-slim 1.1.0 needs of TensorFlow and TF 2.x moved (patch table: ``slim-indexed-slices``)."""
    from tensorflow.python.framework import indexed_slices, ops

    if not hasattr(ops, "IndexedSlices"):
        patches.apply("slim-indexed-slices", lambda _: indexed_slices.IndexedSlices)


_tf_slim_on_this_tensorflow()

from tf_slim.ops import variables as _variables  # noqa: E402 - after TensorFlow is what tf-slim expects
from tf_slim.ops.arg_scope import (  # noqa: E402, F401 - re-exported
    add_arg_scope,
    arg_scope,
    arg_scoped_arguments,
    current_arg_scope,
    has_arg_scope,
)

from ...compat import v1  # noqa: E402

add_model_variable = _variables.add_model_variable
assign_from_checkpoint = _variables.assign_from_checkpoint
assign_from_checkpoint_fn = _variables.assign_from_checkpoint_fn
assign_from_values = _variables.assign_from_values
assign_from_values_fn = _variables.assign_from_values_fn
filter_variables = _variables.filter_variables
get_local_variables = _variables.get_local_variables
get_model_variables = _variables.get_model_variables
get_trainable_variables = _variables.get_trainable_variables
get_unique_variable = _variables.get_unique_variable
get_variable_full_name = _variables.get_variable_full_name
get_variables_by_name = _variables.get_variables_by_name
get_variables_by_suffix = _variables.get_variables_by_suffix
get_variables_to_restore = _variables.get_variables_to_restore
global_variable = _variables.global_variable
local_variable = _variables.local_variable
model_variable = _variables.model_variable
variable = _variables.variable
init_from_checkpoint = v1.train.init_from_checkpoint
list_variables = v1.train.list_variables
load_checkpoint = v1.train.load_checkpoint
load_variable = v1.train.load_variable


def get_variables(scope=None, suffix=None, collection=v1.GraphKeys.GLOBAL_VARIABLES):
    variables = v1.get_collection(collection, scope)
    return [v for v in variables if suffix is None or v.op.name.endswith(suffix)]


def get_or_create_global_step(graph=None):
    return v1.train.get_or_create_global_step(graph)


def get_global_step(graph=None):
    return v1.train.get_global_step(graph)


def assert_global_step(global_step_tensor):
    return v1.train.assert_global_step(global_step_tensor)

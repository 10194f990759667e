"""``tf.contrib.lookup`` as TF 1.15 exported it: the lookup tables TF 1.x kept in
``lookup_ops``, which TensorFlow 2.21 still has (the same classes and ops, so the same tables,
initializers and checkpointed ``MutableHashTable`` contents), and contrib's own spellings.

contrib's ``index_table_from_tensor`` / ``index_to_string_table_from_tensor`` took the vocabulary
as ``mapping`` (``lookup_ops`` calls it ``vocabulary_list``); ``string_to_index`` and
``index_to_string`` (deprecated in TF 1.15) built the table and looked the tensor up at once.
"""

from __future__ import annotations

from tensorflow.python.ops import lookup_ops as _ops

from ...compat import v1

FastHashSpec = _ops.FastHashSpec
HasherSpec = _ops.HasherSpec
StrongHashSpec = _ops.StrongHashSpec
HashTable = _ops.HashTable
IdTableWithHashBuckets = _ops.IdTableWithHashBuckets
InitializableLookupTableBase = _ops.InitializableLookupTableBaseV1
KeyValueTensorInitializer = _ops.KeyValueTensorInitializer
LookupInterface = _ops.LookupInterface
MutableDenseHashTable = _ops.MutableDenseHashTable
MutableHashTable = _ops.MutableHashTable
TableInitializerBase = _ops.TableInitializerBase
TextFileIdTableInitializer = _ops.TextFileIdTableInitializer
TextFileIndex = _ops.TextFileIndex
TextFileInitializer = _ops.TextFileInitializer
TextFileStringTableInitializer = _ops.TextFileStringTableInitializer
index_table_from_file = _ops.index_table_from_file
index_to_string_table_from_file = _ops.index_to_string_table_from_file
string_to_index_table_from_file = _ops.index_table_from_file


def index_table_from_tensor(
    mapping, num_oov_buckets=0, default_value=-1, hasher_spec=FastHashSpec, dtype=v1.string, name=None
):
    """Strings (or integers) to their position in ``mapping``; unknowns to ``default_value`` or an OOV bucket."""
    if mapping is None:
        raise ValueError("mapping must be specified.")
    return _ops.index_table_from_tensor(
        vocabulary_list=mapping, num_oov_buckets=num_oov_buckets, default_value=default_value,
        hasher_spec=hasher_spec, dtype=dtype, name=name,
    )  # fmt: skip


def string_to_index_table_from_tensor(mapping, num_oov_buckets=0, default_value=-1, hasher_spec=FastHashSpec,
                                      name=None):  # fmt: skip
    return index_table_from_tensor(mapping, num_oov_buckets, default_value, hasher_spec, name=name)


def index_to_string_table_from_tensor(mapping, default_value="UNK", name=None):
    """Positions in ``mapping`` back to its strings; out of range to ``default_value``."""
    if mapping is None:
        raise ValueError("mapping must be specified.")
    return _ops.index_to_string_table_from_tensor(vocabulary_list=mapping, default_value=default_value, name=name)


def string_to_index(tensor, mapping, default_value=-1, name=None):
    table = index_table_from_tensor(mapping=mapping, default_value=default_value, name=name)
    return table.lookup(tensor)


def index_to_string(tensor, mapping, default_value="UNK", name=None):
    table = index_to_string_table_from_tensor(mapping=mapping, default_value=default_value, name=name)
    return table.lookup(tensor)

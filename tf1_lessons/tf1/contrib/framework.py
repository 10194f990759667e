"""``tf.contrib.framework``: ``arg_scope`` / ``add_arg_scope`` and two variable helpers.

``arg_scope([f, g], k=v)`` makes ``k=v`` the default of ``f`` and ``g`` (functions marked with
``@add_arg_scope``) inside the ``with`` block; an argument passed explicitly still wins, and an
inner scope overrides an outer one for the keys it sets. A function that was not marked raises
``ValueError``, as in TF1.
"""

from __future__ import annotations

import contextlib
import functools

from ...compat import v1

_stack: list[dict] = [{}]


def _key(func) -> str:
    return getattr(func, "_arg_scope_key", f"{func.__module__}.{func.__name__}")


def add_arg_scope(func):
    key = _key(func)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        merged = dict(_stack[-1].get(key, {}))
        merged.update(kwargs)
        return func(*args, **merged)

    wrapper._arg_scope_key = key
    return wrapper


def has_arg_scope(func) -> bool:
    return hasattr(func, "_arg_scope_key")


@contextlib.contextmanager
def arg_scope(list_ops_or_scope, **kwargs):
    if isinstance(list_ops_or_scope, dict):  # re-entering a scope captured earlier
        if kwargs:
            raise ValueError("When attempting to re-use a scope by suppling a dictionary, kwargs must be empty.")
        _stack.append(dict(list_ops_or_scope))
    else:
        if not isinstance(list_ops_or_scope, (list, tuple)):
            raise TypeError("list_ops_or_scope must either be a list/tuple or reused scope (i.e. dict)")
        current = {k: dict(v) for k, v in _stack[-1].items()}
        for op in list_ops_or_scope:
            if not has_arg_scope(op):
                raise ValueError(f"{getattr(op, '__name__', op)} is not decorated with @add_arg_scope")
            current.setdefault(_key(op), {}).update(kwargs)
        _stack.append(current)
    try:
        yield _stack[-1]
    finally:
        _stack.pop()


def get_variables(scope=None, suffix=None, collection=v1.GraphKeys.GLOBAL_VARIABLES):
    variables = v1.get_collection(collection, scope)
    return [v for v in variables if suffix is None or v.op.name.endswith(suffix)]


def get_or_create_global_step(graph=None):
    return v1.train.get_or_create_global_step(graph)

"""Whether a program is TensorFlow 2 code, read from its source alone (no import, no run).

``exec`` gives a program TF 1.15's API in graph mode, so TF 2 code (eager tensors' ``.numpy()``,
``tf.GradientTape`` training, ``tf.function``) fails there with our graph mode's errors
("'SymbolicTensor' object has no attribute 'numpy'"), where plain ``python`` runs it. TF 1.15 had
``.numpy()`` only in eager mode, which a script switched on itself, so a file that calls it and has no TF1
sign (a Session, a placeholder, the eager switch, ``tf.compat.v1``, contrib, Estimators) could not
have run under TF 1.15: ``scan`` and ``exec`` say so before anything runs.
"""

from __future__ import annotations

import ast

# Names whose use marks TF1 code (a Session-based program, or TF1's own eager mode).
_TF1_SIGNS = {
    "Session", "InteractiveSession", "placeholder", "placeholder_with_default", "sparse_placeholder",
    "enable_eager_execution", "enable_v2_behavior", "get_variable", "variable_scope", "global_variables_initializer",
    "initialize_all_variables", "train.MonitoredTrainingSession", "train.Supervisor", "train.Saver", "app.run",
    "app.flags", "flags", "logging.set_verbosity", "set_random_seed", "GraphKeys", "get_collection",
}  # fmt: skip
_TF1_PREFIXES = ("contrib", "estimator", "layers.", "compat.v1", "summary.FileWriter", "Session", "losses.", "metrics.")
_TF2_CALLS = {"GradientTape": "tf.GradientTape", "function": "tf.function"}


def _tf_aliases(tree) -> tuple[set[str], bool]:
    """The names the file binds to TensorFlow, and whether it imports the v1 API explicitly."""
    names, v1 = set(), False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "tensorflow" or alias.name.startswith("tensorflow."):
                    v1 |= alias.name.startswith("tensorflow.compat.v1")
                    names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "tensorflow":
            v1 |= node.module.startswith("tensorflow.compat.v1") or any(a.name == "v1" for a in node.names)
            v1 |= "contrib" in node.module or any(a.name == "contrib" for a in node.names)
    return names, v1


def _dotted(node) -> tuple[str | None, str]:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return (node.id if isinstance(node, ast.Name) else None), ".".join(reversed(parts))


def reason(tree) -> str | None:
    """Why ``tree`` (a parsed program) is TF 2 code, e.g. "tf.GradientTape (line 12) and .numpy()
    (line 20), and no Session, placeholder or tf.enable_eager_execution()"; None otherwise."""
    aliases, v1 = _tf_aliases(tree)
    if not aliases or v1:
        return None
    seen: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            root, path = _dotted(node)
            if root not in aliases or not path:
                continue
            if (
                path in _TF1_SIGNS
                or path.startswith(_TF1_PREFIXES)
                or (
                    path.startswith("train.") and path.endswith("Optimizer")  # TF 2's are tf.keras.optimizers
                )
            ):
                return None
            if path in _TF2_CALLS:
                seen.setdefault(_TF2_CALLS[path], node.lineno)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "numpy"
            and not node.args
            and not node.keywords
        ):
            seen.setdefault(".numpy()", node.lineno)
    # tf.GradientTape and tf.function also work in TF 1.15's graph mode (tensor2tensor's tests
    # use the tape there); an eager tensor's .numpy() does not: it decides, the others are named.
    if ".numpy()" not in seen:
        return None
    found = " and ".join(f"{name} (line {line})" for name, line in sorted(seen.items(), key=lambda kv: kv[1]))
    return f"{found}, and no Session, placeholder or tf.enable_eager_execution()"


def of_source(source: str, filename: str = "<string>") -> str | None:
    """:func:`reason` of a Python 3 source; None for one that does not parse (Python 2 is TF1's)."""
    try:
        return reason(ast.parse(source, filename))
    except (SyntaxError, ValueError):
        return None

"""The start of a program's run, written down for its eager twin: ``exec --save-start DIR``.

A twin (the same network as ``tf.Variable``s, trained with ``GradientTape``) can only be
compared with the program step by step if it starts where the program started and sees the
same batches. So the runtime writes, from the program's own run:

- ``variables.npz``: every global variable's value right after the program first ran an
  initializer (``global_variables_initializer``, ``variables_initializer``,
  ``initialize_all_variables``), by the variable's name (``W4``, ``dense/kernel``,
  ``Variable_1`` for an unnamed one); in the order the program made them (``order``), the
  optimizer's slots included; ``trainable`` names the model's own.
- ``batches.npz``: the training examples ``input_data`` served, batch after batch, as indices
  into its training split (the examples after the 5,000-image validation split, first N under
  ``--train-size``): ``indices`` (every batch, end to end) and ``sizes`` (each batch's size).

Reading the variables adds no op to the program's graph (a Session fetches a variable as the
tensor it already has), so the op count, and TF 1.15's op seeds after it, are untouched. Both
files are written when the run ends, atomically, with the mark of a file tf1-lessons wrote.
"""

from __future__ import annotations

import weakref
from pathlib import Path

import numpy as np

from .. import _io

_active: Start | None = None
_hooked = False


class Start:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.initializers: weakref.WeakSet = weakref.WeakSet()  # the initializer ops the program made
        self.variables: dict | None = None  # name -> value, once an initializer ran
        self.order: list[str] = []
        self.trainable: list[str] = []
        self.batches: list[np.ndarray] = []

    def after_run(self, session, fetched: list, run) -> None:
        """After a Session.run of the program (``fetched``: what it fetched, flattened): the
        variables, the first time it ran an initializer."""
        if self.variables is not None:
            return
        if not any(getattr(f, "op", f) in self.initializers for f in fetched if f is not None):
            return
        from ..compat import v1

        with session.graph.as_default():
            variables = v1.global_variables()
            self.trainable = [v.op.name for v in v1.trainable_variables()]
        values = run(session, variables)  # fetched as the tensors they are: no op is added
        self.order = [v.op.name for v in variables]
        self.variables = dict(zip(self.order, (np.asarray(x) for x in values), strict=True))

    def save(self) -> list[Path]:
        written = []
        if self.variables is not None:
            path = self.folder / "variables.npz"
            arrays = {f"v:{k}": v for k, v in self.variables.items()}
            _io.write_npz(path, order=np.array(self.order), trainable=np.array(self.trainable), **arrays)
            written.append(path)
        if self.batches:
            path = self.folder / "batches.npz"
            sizes = np.array([len(b) for b in self.batches], dtype=np.int64)
            _io.write_npz(path, indices=np.concatenate(self.batches).astype(np.int64), sizes=sizes)
            written.append(path)
        return written


def batch_drawn(idx) -> None:
    """input_data's training split served these examples (examples.DataSet)."""
    if _active is not None:
        _active.batches.append(np.array(idx, copy=True))


def install(folder: Path) -> Start:
    global _active
    _hook_initializers()
    _active = Start(folder)
    return _active


def uninstall() -> None:
    global _active
    _active = None


def active() -> Start | None:
    return _active


def _hook_initializers() -> None:
    """The initializer functions, wrapped once: the ops they return are remembered while a start
    is being written (the wrappers make no op of their own)."""
    global _hooked
    if _hooked:
        return
    _hooked = True
    from . import patches

    def remembering(make):
        def made(*args, **kwargs):
            op = make(*args, **kwargs)
            if _active is not None and op is not None:
                _active.initializers.add(getattr(op, "op", op))
            return op

        made.__doc__, made.__name__ = make.__doc__, make.__name__
        return made

    for name in ("global_variables_initializer", "variables_initializer", "initialize_all_variables"):
        patches.apply(f"start-{name.replace('_', '-')}", remembering)


def load(folder: Path, trainable: bool = False) -> tuple[dict, list[np.ndarray]]:
    """What a twin reads: ({name: initial value} in the program's order, [batch indices]);
    ``trainable``: the model's own variables only (no optimizer slots)."""
    folder = Path(folder)
    variables, batches = {}, []
    if (folder / "variables.npz").is_file():
        with np.load(folder / "variables.npz") as data:
            names = data["trainable" if trainable else "order"].tolist()
            variables = {name: data[f"v:{name}"] for name in names}
    if (folder / "batches.npz").is_file():
        with np.load(folder / "batches.npz") as data:
            batches = np.split(data["indices"], np.cumsum(data["sizes"])[:-1])
    return variables, batches

"""tf1_lessons: classic TensorFlow 1.x tutorials as runnable, comparable, regression-tested lessons.

Rooms: ``tf1`` (the TF1 runtime every command runs programs on: the import hook, TF 1.15's rules,
the patch table, contrib/estimator/input_data, exec, the kernel), ``compat`` (TensorFlow set up
for TF1 code), ``datasets`` (MNIST, Fashion-MNIST, Pima), ``curves`` (the LearningCurve record),
``compare`` (graph vs eager), ``golden`` and ``variants`` (regression checks), ``plot``,
``registry`` (finding lessons: folders in ``lessons/``), ``lessonrun`` (a lesson's program and
twin, each in its own process; ``lessonchild`` runs a TF1 program, ``plainrun`` a NumPy / Keras one) and
``twin`` (what a twin reads of its program's run),
``pytest_plugin`` (``pytest --tf1``) and ``cli`` (the lesson commands and the program commands,
in two modules). The lessons themselves live beside the package (``lessons/``; in a wheel,
``tf1_lessons/lessons/``) and are data to it: it reads and runs them, never imports them.
Importing this package does not import TensorFlow; ``tf1_lessons.compat`` does. As an IPython
extension (``%load_ext tf1_lessons``) it serves TF1 to a notebook (``tf1.kernel``).
"""

from __future__ import annotations

from ._versions import installed_version

__version__ = "0.1.0"

__all__ = ["__version__", "installed_version", "load_ipython_extension"]


def load_ipython_extension(ipython):
    """``%load_ext tf1_lessons``: this kernel's cells get TensorFlow 1.x, as ``exec`` gives scripts
    (for hosted notebooks, where the "Python 3 (TF1, tf1-lessons)" kernel cannot be chosen)."""
    from .tf1 import kernel

    kernel.load(ipython)

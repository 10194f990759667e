"""tf1_lessons: classic TensorFlow 1.x tutorials as runnable, comparable, regression-tested lessons.

Rooms: ``compat`` (TensorFlow set up for TF1 code), ``datasets`` (MNIST, Fashion-MNIST, Pima),
``curves`` (the LearningCurve record), ``compare`` (graph vs eager), ``golden`` (regression
checks), ``plot``, ``lessons`` (finding lesson scripts) and ``cli``.
Importing this package does not import TensorFlow; ``tf1_lessons.compat`` does.
"""

__version__ = "0.1.0"

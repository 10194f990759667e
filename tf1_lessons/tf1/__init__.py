"""The TF1 runtime: what runs TF1 programs on today's TensorFlow, for every command.

``exec`` (scripts, ``-m`` modules, notebooks), the Jupyter kernel and ``%load_ext tf1_lessons``,
the ``pytest --tf1`` plugin, and the lessons' programs (``tf1_lessons.lessonchild``: one in a
process of its own) all run on it. By concern:

- the import hook and the API: ``runtime`` (the TF1 module a program gets as ``tensorflow``,
  the process set-up), ``table`` (what is native, provided or missing), ``apitable`` and
  ``api/`` (tf.compat.v1's names per TensorFlow release, for ``scan``);
- TF 1.15's rules: ``rules`` (its op-seed rule and reference variables), ``tf115_ops`` (its
  ops where TF 2 builds others), and ``patches``, the table of every change made to
  TensorFlow and other libraries, applied from there;
- the modules TF1 had and TF 2 dropped: ``contrib/``, ``estimator/``, ``examples`` (input_data);
- running a program: ``runner`` (exec), ``budgets`` (``--set``, ``--train-size``),
  ``recorder`` (its learning curve and results), ``start`` (its start, for a twin), ``scan``
  (will it run? nothing executed);
- notebooks: ``kernel`` (the TF1 kernel), ``nbexec`` (``exec NOTEBOOK.ipynb``, and a lesson's
  notebook run on the TF1 kernel);
- TensorFlow 1.15 itself: ``against`` (``--against-tf1``) and ``tf1_driver`` (run by a
  Python 3.7 with TF 1.15, never imported here).

Lessons 3 and 4's programs are NumPy and TF2 Keras: plain Python runs them
(``tf1_lessons.plainrun``), not this runtime.
"""

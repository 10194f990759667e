"""Running unmodified TF1 scripts: ``tf1-lessons exec`` and ``tf1-lessons scan``.

``table`` (what is native, provided or missing: read by both), ``runtime`` (the TF1 module a
script imports, and the process set-up), ``contrib/`` (one module per contrib package),
``examples`` (``input_data``), ``recorder`` (learning curves), ``runner`` (exec), ``scan``.
The lessons never import this package; their graph modes get ``rules`` (TF 1.15's seed rule
and reference variables) through ``tf1_lessons.compat.tf1_graph``.
"""

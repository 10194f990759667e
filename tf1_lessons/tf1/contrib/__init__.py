"""``tf.contrib`` for what TF1 tutorials used, one module per contrib package (see ``table.py``)."""

"""A research repository's package, laid out as 2018-2019 TF1 code was: run as
``python -m textcls.train --hparams=...`` and tested with ``python -m unittest``."""

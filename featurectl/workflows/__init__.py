"""Workflows that chain the library end to end: ``demo``, ``experiment`` (the control
experiment) and ``bench``. Each runs prepare -> cache -> train -> evaluate through
:func:`featurectl.workflows.common.train_and_evaluate`.

Import the modules directly (``featurectl.workflows.demo``); this package imports nothing
heavy so ``featurectl --help`` stays fast.
"""

"""featurectl: feature-targeted controllable alignment (FPO, arXiv 2411.07618)."""

__version__ = "0.1.0"

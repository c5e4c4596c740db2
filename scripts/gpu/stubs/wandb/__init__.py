"""GPU-machine stand-in for wandb. NOT the real package.

sae_lens imports wandb at import time (``sae_lens.config`` and its training runners) but
featurectl only loads SAEs with it; wandb's 20 MB wheel does not fit the GPU machine's
transfer budget. Any attribute lookup raises AttributeError (so ``hasattr`` and ``getattr(wandb, x, None)``
behave as for a missing feature) and nothing can silently log nowhere.
transformers and accelerate find no ``wandb`` distribution metadata and treat wandb as not
installed (featurectl trains with ``report_to: none`` anyway).
It is on ``sys.path`` only through ``scripts/gpu/control_full.sh`` (PYTHONPATH), never here.
"""

STUB = True
__version__ = "0.0.0+featurectl.stub"


def __getattr__(name: str):
    raise AttributeError(f"wandb.{name}: wandb is a stub on the GPU machine (scripts/gpu/stubs/wandb)")

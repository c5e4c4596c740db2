"""Where models run: one answer for every loader, trainer and evaluator.

:func:`default_device` is ``cuda`` when a GPU is visible, else ``cpu``; the environment
variable ``FEATURECTL_DEVICE`` (``cpu``, ``cuda``, ``cuda:1``, ``mps`` ...) overrides it, so a
GPU machine can be made to rehearse the CPU path and a test can pin one. Tensors never pick
a device of their own: they follow the model's (``next(model.parameters()).device``).

:func:`allow_tf32` keeps float32 weights and activations but lets CUDA matmuls and
convolutions use TF32 tensor cores (about 10 mantissa bits per product, float32
accumulation): several times faster on Ampere and later, a no-op elsewhere.
"""

from __future__ import annotations

import os

__all__ = ["ENV", "allow_tf32", "default_device"]

ENV = "FEATURECTL_DEVICE"


def default_device() -> str:
    """``$FEATURECTL_DEVICE`` when set, else ``"cuda"`` when torch sees a GPU, else ``"cpu"``."""
    override = os.environ.get(ENV, "").strip()
    if override:
        return override
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def allow_tf32() -> bool:
    """Let float32 CUDA matmuls use TF32 (weights stay float32). Returns whether CUDA is available."""
    import torch

    if not torch.cuda.is_available():
        return False
    torch.set_float32_matmul_precision("high")  # matmuls: TF32 allowed
    torch.backends.cudnn.allow_tf32 = True
    return True

"""Preference losses as pure functions, looked up by name in :data:`LOSSES`.

Importing this package registers every method: sft, dpo, simpo, simpo_kl, tdpo1,
tdpo2, fpo. See :mod:`featurectl.losses.base` for the contract.
"""

from . import fpo, preference, tdpo  # noqa: F401  (imports register the losses)
from .base import LOSSES, LossOutput, LossParams, LossRegistry, LossSpec, Need
from .features import feature_discrepancy, feature_mse, masked_mean_pool, union_topk_mask

__all__ = [
    "LOSSES",
    "LossOutput",
    "LossParams",
    "LossRegistry",
    "LossSpec",
    "Need",
    "feature_discrepancy",
    "feature_mse",
    "masked_mean_pool",
    "union_topk_mask",
]

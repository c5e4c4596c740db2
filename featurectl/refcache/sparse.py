"""Pooled SAE vectors <-> fixed-width sparse rows (int32 index, fp16 value), or dense fp16.

A row holds ``store_k + L`` slots: the ``store_k`` largest |c-bar_i| among features not
listed, then the ``L`` listed features of the run's feature set, whose exact values are
always stored (also when they are 0): FPO's loss reads them whatever their rank.
Unused slots hold index -1 and value 0.

Why a top-``store_k`` cut is safe for FPO: the loss constrains I = top_k(policy) ∪
top_k(reference) ∪ listed. With ``store_k >= k`` the reference's own top-k is stored
exactly, so the densified vector has the same top-k; a feature that enters I only via
the policy's top-k and is not stored reads 0 instead of its (small) reference value.
``kept_l1_share`` measures how much activation mass the cut keeps.

When the sparse row would not be smaller than the dense fp16 vector (6 bytes per slot vs
2 per feature: ``3 * slots >= d_sae``), the cache stores the vector densely instead:
exact, and no larger (:func:`storage_layout`). So does a cache whose dense form is small
in absolute terms (at most :data:`DENSE_CACHE_MAX_BYTES`, e.g. the demo's 64 pairs x 4,096
features = 1 MB): it then holds every feature exactly, so one reference pass serves every
feature set on the same pairs (``featurectl.refcache.ensure_cache``).
"""

from __future__ import annotations

import torch

from ..errors import CacheError

FP16_MAX = 65504.0
PAD = -1
DENSE_CACHE_MAX_BYTES = 64 << 20  # a dense cache up to this size (both sides, fp16) is always kept dense


def storage_layout(store_k: int, d_sae: int, n_listed: int, n_rows: int = 0) -> tuple[str, int]:
    """("sparse", slots) with slots = min(store_k, d_sae - n_listed) + n_listed, or ("dense", d_sae)
    when that many 6-byte slots would cost as much as 2 bytes per feature, or when the dense cache
    of ``n_rows`` pairs (2 responses x d_sae x 2 bytes each) fits :data:`DENSE_CACHE_MAX_BYTES`."""
    slots = min(store_k, d_sae - n_listed) + n_listed
    small = 0 < 4 * n_rows * d_sae <= DENSE_CACHE_MAX_BYTES
    return ("dense", d_sae) if 3 * slots >= d_sae or small else ("sparse", slots)


def check_fp16(dense: torch.Tensor) -> None:
    peak = dense.abs().max().item() if dense.numel() else 0.0
    if not peak <= FP16_MAX:  # also catches NaN
        raise CacheError(
            f"pooled SAE activation {peak} does not fit float16 (max {FP16_MAX}); "
            "check the SAE hook (position 0 is excluded; a wrong hook can give huge activations)"
        )


def sparsify(
    dense: torch.Tensor, store_k: int, listed: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Encode (N, F) pooled activations.

    Args:
        dense: (N, F) float pooled activations.
        store_k: slots for the largest |value| among non-listed features.
        listed: (L,) long, feature indices always stored exactly.

    Returns:
        idx (N, store_k + L) int32 with -1 in unused slots, val (N, store_k + L) float16,
        kept_l1_share (N,) float32 = sum of |stored values| / sum of |all values|
        (1.0 for a row with no activation at all).
    """
    n, f = dense.shape
    dense = dense.float()
    check_fp16(dense)
    listed = listed.to(device=dense.device, dtype=torch.long)
    rank = dense.abs()
    if listed.numel():
        rank[:, listed] = -1.0  # listed features get their own slots
    k_eff = max(0, min(store_k, f - listed.numel()))
    top_rank, top_idx = rank.topk(k_eff, dim=-1)  # (N, k_eff)
    fired = top_rank > 0
    idx = torch.full((n, store_k), PAD, dtype=torch.long, device=dense.device)
    val = torch.zeros((n, store_k), dtype=torch.float32, device=dense.device)
    idx[:, :k_eff] = torch.where(fired, top_idx, torch.full_like(top_idx, PAD))
    val[:, :k_eff] = torch.where(fired, dense.gather(-1, top_idx), torch.zeros_like(top_rank))
    if listed.numel():
        idx = torch.cat([idx, listed.expand(n, -1)], dim=-1)
        val = torch.cat([val, dense[:, listed]], dim=-1)
    total = dense.abs().sum(-1)
    kept = val.abs().sum(-1)
    share = torch.where(total > 0, kept / total.clamp_min(1e-30), torch.ones_like(total))
    return idx.to(torch.int32), val.to(torch.float16), share


def densify(idx: torch.Tensor, val: torch.Tensor, d_sae: int, device=None) -> torch.Tensor:
    """(B, W) int32 indices + (B, W) fp16 values -> (B, d_sae) float32 on ``device``."""
    idx = idx.to(device=device, dtype=torch.long)
    val = val.to(device=device, dtype=torch.float32)
    b = idx.shape[0]
    # Padding slots (-1) scatter into an extra column that is then dropped.
    out = torch.zeros((b, d_sae + 1), dtype=torch.float32, device=idx.device)
    out.scatter_(1, torch.where(idx < 0, torch.full_like(idx, d_sae), idx), val)
    return out[:, :d_sae]

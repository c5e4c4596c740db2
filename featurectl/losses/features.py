"""Feature-level constraint math of FPO (arXiv 2411.07618, Eq. 10).

Three small pieces, each a pure tensor function:

* :func:`masked_mean_pool`     c-bar: mean of SAE activations over response tokens;
* :func:`union_topk_mask`      I: top-k(policy c-bar) ∪ top-k(reference c-bar) ∪ always-included;
* :func:`feature_mse`          D = (1/|I|) Σ_{i∈I} w_i (c-bar_θ,i − target_i)².

:func:`feature_discrepancy` chains the last two for one SAE; the FPO loss sums it over SAEs.
:func:`discrepancy_parts` splits D into its reference-constraint and zero-target parts (metrics).
"""

from __future__ import annotations

from typing import Literal, Optional

import torch

__all__ = ["masked_mean_pool", "union_topk_mask", "feature_mse", "feature_discrepancy", "discrepancy_parts"]


def masked_mean_pool(
    acts: torch.Tensor,
    response_mask: torch.Tensor,
    *,
    denominator: Literal["response", "padded"] = "response",
) -> torch.Tensor:
    """Pool token-level SAE activations into one vector per sequence (c-bar in Eq. 10).

    Args:
        acts: (B, T, F) SAE activations c_t at every position.
        response_mask: (B, T) bool/0-1, true on the positions to pool (the response tokens).
            The caller decides the alignment (token t's own activation, or the authors'
            "position predicting a response token"); this function only masks.
        denominator: ``"response"`` (paper) divides by the number of pooled positions;
            ``"padded"`` divides by the padded length T, as the authors' code does with
            ``(acts * mask).mean(dim=1)``. (Their tensor had the last position sliced off
            first, so their T is one less than the unsliced length.)

    Returns:
        (B, F) float32 pooled activations, differentiable with respect to ``acts``.

    Position 0 is always excluded, whatever the mask says: its activations are the
    attention-sink outlier (about 100x the norm of other positions), and SAEs are
    trained without it. A row with no pooled position returns zeros.
    """
    if acts.dim() != 3 or response_mask.shape != acts.shape[:2]:
        raise ValueError(
            f"masked_mean_pool: acts must be (B, T, F) and response_mask (B, T); "
            f"got {tuple(acts.shape)} and {tuple(response_mask.shape)}"
        )
    if denominator not in ("response", "padded"):
        raise ValueError(f"masked_mean_pool: denominator must be 'response' or 'padded', got {denominator!r}")
    mask = response_mask.to(torch.bool).clone()  # (B, T)
    mask[:, 0] = False
    # torch.where (not a multiply) so that inf/NaN at padded positions cannot leak in.
    kept = torch.where(mask.unsqueeze(-1), acts, torch.zeros((), dtype=acts.dtype, device=acts.device))
    summed = kept.sum(dim=1, dtype=torch.float32)  # (B, F); fp32 accumulation for bf16 inputs
    if denominator == "response":
        count = mask.sum(dim=1, keepdim=True).clamp(min=1).to(torch.float32)  # (B, 1)
    else:
        count = torch.full((acts.shape[0], 1), float(acts.shape[1]), device=acts.device)
    return summed / count


def _topk_firing(values: torch.Tensor, k: int) -> torch.Tensor:
    """(B, F) bool: the k largest entries per row, keeping only those > 0.

    SAE activations are non-negative; a feature that never fired on the response
    (c-bar = 0) is not "a largest activation". Dropping those makes I independent of
    how torch breaks ties among zeros, and keeps |I| from being padded with features
    neither model uses.
    """
    top_vals, top_idx = values.topk(min(k, values.shape[-1]), dim=-1)  # (B, k)
    mask = torch.zeros_like(values, dtype=torch.bool)
    return mask.scatter_(-1, top_idx, top_vals > 0)


@torch.no_grad()
def union_topk_mask(
    policy: torch.Tensor,
    reference: torch.Tensor,
    k: int,
    *,
    policy_only: bool = False,
    always_include: Optional[torch.Tensor] = None,
) -> torch.Tensor:
    """The index set I of Eq. 10 as a mask.

    I = top_k(c-bar_θ) ∪ top_k(c-bar_ref) ∪ {i : always_include_i}, per example.

    Args:
        policy: (B, F) pooled policy activations c-bar_θ.
        reference: (B, F) pooled reference activations c-bar_ref.
        k: features taken from each side (clamped to F).
        policy_only: take top-k over the policy only, as the authors' code does
            (``torch.topk(pi_fm, k)``); the paper's Eq. 10 takes the union.
        always_include: optional (F,) bool, features that are in I regardless of rank
            (a feature set's listed features with beta > 0).

    Returns:
        (B, F) bool mask, no gradient (selection is not differentiated).
    """
    if policy.shape != reference.shape or policy.dim() != 2:
        raise ValueError(
            f"union_topk_mask: policy and reference must both be (B, F); "
            f"got {tuple(policy.shape)} and {tuple(reference.shape)}"
        )
    if k < 1:
        raise ValueError(f"union_topk_mask: k must be >= 1, got {k}")
    mask = _topk_firing(policy.detach(), k)
    if not policy_only:
        mask |= _topk_firing(reference.detach(), k)
    if always_include is not None:
        if always_include.shape != policy.shape[-1:]:
            raise ValueError(
                f"union_topk_mask: always_include must be (F,)=({policy.shape[-1]},), "
                f"got {tuple(always_include.shape)}"
            )
        mask |= always_include.to(device=mask.device, dtype=torch.bool).unsqueeze(0)
    return mask


def feature_mse(
    policy: torch.Tensor,
    target: torch.Tensor,
    mask: torch.Tensor,
    weights: Optional[torch.Tensor] = None,
) -> torch.Tensor:
    """Weighted MSE over a per-example index set: D = (1/|I|) Σ_{i∈I} w_i (policy_i − target_i)².

    Args:
        policy: (B, F) pooled policy activations (carries the gradient).
        target: (B, F) what each feature is pulled toward (reference c-bar, or 0).
        mask: (B, F) bool, the index set I per example.
        weights: optional (F,) or (B, F) per-feature weight w_i (the beta mask); None = 1.

    Returns:
        (B,) D per example; 0 for an example whose I is empty. The mean is over |I|,
        so a feature with w_i = 0 that is in I still counts in the denominator.
    """
    if not (policy.shape == target.shape == mask.shape) or policy.dim() != 2:
        raise ValueError(
            f"feature_mse: policy, target and mask must all be (B, F); got "
            f"{tuple(policy.shape)}, {tuple(target.shape)}, {tuple(mask.shape)}"
        )
    sq = (policy - target).pow(2)  # (B, F)
    if weights is not None:
        sq = sq * weights.to(sq.dtype)
    mask = mask.to(torch.bool)
    total = torch.where(mask, sq, torch.zeros((), dtype=sq.dtype, device=sq.device)).sum(-1)  # (B,)
    return total / mask.sum(-1).clamp(min=1).to(sq.dtype)


def feature_discrepancy(
    policy: torch.Tensor,
    reference: torch.Tensor,
    *,
    k: int,
    weights: Optional[torch.Tensor] = None,
    zero_target: Optional[torch.Tensor] = None,
    always_include: Optional[torch.Tensor] = None,
    policy_only: bool = False,
    zero_target_baseline: bool = False,
) -> tuple[torch.Tensor, torch.Tensor]:
    """D_FPO for one SAE (Eq. 10 with featurectl's per-feature weights and targets).

    With ``zero_target_baseline``, each zero-target feature's term is measured against the
    reference's own energy: w_i (c̄_θ,i² − c̄_ref,i²) instead of w_i c̄_θ,i². The gradient is
    the same (it still pulls toward 0), but D is 0 before training, as it is for
    reference targets, so sg(D(y_w)) is a drift rather than a large constant. Without it,
    a feature set whose zero-target features fire on the chosen responses shifts u by
    α·D(y_w) from the first step and saturates the sigmoid (measured in the demo:
    D(y_w) = 68, δ = −34, loss 8e-15, no gradient).

    Args:
        policy: (B, F) pooled policy activations c-bar_θ.
        reference: (B, F) dense pooled reference activations c-bar_ref.
        k, policy_only, always_include: see :func:`union_topk_mask`.
        weights: optional (F,) w_i; None = uniform 1.
        zero_target: optional (F,) bool; where true the target is 0 instead of c-bar_ref.
        zero_target_baseline: subtract the reference's energy on zero-target features (above).

    Returns:
        ((B,) D, (B, F) bool mask I).
    """
    mask = union_topk_mask(policy, reference, k, policy_only=policy_only, always_include=always_include)
    ref = reference.detach().to(policy.dtype)
    if zero_target is None:
        return feature_mse(policy, ref, mask, weights), mask
    zt = zero_target.to(device=ref.device, dtype=torch.bool)
    d = feature_mse(policy, torch.where(zt, torch.zeros_like(ref), ref), mask, weights)
    if zero_target_baseline:
        # same |I| denominator: (1/|I|) Σ_{i∈I, zero} w_i c̄_ref,i²
        d = d - feature_mse(ref, torch.zeros_like(ref), mask & zt, weights) * (
            (mask & zt).sum(-1).clamp(min=1).to(d.dtype) / mask.sum(-1).clamp(min=1).to(d.dtype)
        ) * (mask & zt).any(-1).to(d.dtype)
    return d, mask


@torch.no_grad()
def discrepancy_parts(policy: torch.Tensor, reference: torch.Tensor, *, weights: Optional[torch.Tensor] = None,
                      zero_target: Optional[torch.Tensor] = None, zero_target_baseline: bool = False,
                      **index_set) -> tuple[torch.Tensor, torch.Tensor]:
    """D of :func:`feature_discrepancy` split in two readable parts (for metrics; no gradient).

    Over the same index set I and the same 1/|I| as D:

    * ``to_ref`` = (1/|I|) Σ_{i∈I, not zero-target} w_i (c̄_θ,i − c̄_ref,i)²: the constraint toward
      the reference, >= 0 for w >= 0, and 0 when the policy equals the reference;
    * ``zero_drift`` = (1/|I|) Σ_{i∈I, zero-target} w_i (c̄_θ,i² − c̄_ref,i²) with
      ``zero_target_baseline`` (negative once the policy fires those features *less* than the
      reference: the goal), else w_i c̄_θ,i² (>= 0). 0 without zero-target features.

    ``to_ref + zero_drift == D`` exactly. ``index_set``: ``k``, ``policy_only``, ``always_include`` of
    :func:`union_topk_mask`, as given to :func:`feature_discrepancy`. Returns two (B,) tensors.
    """
    mask = union_topk_mask(policy, reference, index_set.pop("k"), **index_set)
    ref = reference.detach().to(policy.dtype)
    pol = policy.detach()
    zt = torch.zeros(pol.shape[-1], dtype=torch.bool, device=pol.device) if zero_target is None \
        else zero_target.to(device=pol.device, dtype=torch.bool)
    w = torch.ones_like(pol) if weights is None else weights.to(pol.dtype).expand_as(pol)
    size = mask.sum(-1).clamp(min=1).to(pol.dtype)  # (B,) |I|
    nil = torch.zeros((), dtype=pol.dtype, device=pol.device)
    to_ref = torch.where(mask & ~zt, w * (pol - ref).pow(2), nil).sum(-1) / size
    energy = pol.pow(2) - (ref.pow(2) if zero_target_baseline else 0.0)  # (B, F)
    zero_drift = torch.where(mask & zt, w * energy, nil).sum(-1) / size
    return to_ref, zero_drift

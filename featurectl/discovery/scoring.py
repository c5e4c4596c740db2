"""Stages 1 and 2 of discovery: score every SAE feature, pick candidates, check them on held-out data.

The paper (arXiv 2411.07618, sec. 5.3) picks "the top 50 features most aligned with
each target domain based on single-token activations, followed by validating their
global relevance through average activations across target datasets". We make both
stages explicit and measurable.

Per feature i, on the **train** split (t = target texts, c = control texts; c-bar is
the per-text mean over response tokens, the quantity FPO's loss constrains):

* ``diff_mean = mean_t(c-bar_i) - mean_c(c-bar_i)``, in activation units;
* ``auroc = P(c-bar_i(t) > c-bar_i(c)) + 0.5 P(tie)``, rank-based (Mann-Whitney U);
  1.0 = every target text pools higher than every control text, 0.5 = no separation;
* ``freq_ratio``: share of target *tokens* on which the feature fires (act > 0) over the
  share of control tokens, each add-one smoothed, ``((f_t+1)/(n_t+2)) / ((f_c+1)/(n_c+2))``,
  so a feature never seen on control gets a large but finite ratio.

**Stage 1 criterion** (:data:`CRITERION`): a feature is eligible when ``auroc >= min_auroc``
(default 0.7) and ``diff_mean > 0``; eligible features are ranked by
``rank_score = (2 * auroc - 1) * diff_mean`` and the first ``top`` (default 50) are the
candidates. ``2*auroc-1`` (Somers' D, in [0, 1] here) says how reliably the feature
separates the texts; ``diff_mean`` says how much it moves, in the units the FPO feature
MSE sees -- a perfectly separating feature that moves by 1e-4 is useless to the constraint.

**Stage 2** (:func:`heldout_scores`): each candidate's held-out AUROC (split
``heldout``); candidates below ``heldout_min_auroc`` (default 0.6) are dropped. The
selected set is summarised by :func:`set_auroc`: the AUROC of the *summed* pooled
activation of the selected features, held-out target vs control.
"""

from __future__ import annotations

import torch

CRITERION = (
    "eligible: auroc >= {min_auroc} and diff_mean > 0 (train split); rank by (2*auroc-1)*diff_mean; "
    "keep the top {top}; then drop features whose held-out auroc < {heldout_min_auroc}"
)


def auroc(target: torch.Tensor, control: torch.Tensor, *, chunk: int = 4096) -> torch.Tensor:
    """Rank-based AUROC of ``target`` vs ``control`` scores, per column.

    target: (Nt,) or (Nt, F); control: (Nc,) or (Nc, F). Returns a 0-d tensor or (F,) float64:
    ``U / (Nt * Nc)`` where U is the Mann-Whitney statistic with tied values given their
    average rank, i.e. ``P(t > c) + 0.5 * P(t == c)``. NaN when either side is empty.
    """
    squeeze = target.dim() == 1
    t = (target.unsqueeze(1) if squeeze else target).double()  # (Nt, F)
    c = (control.unsqueeze(1) if control.dim() == 1 else control).double()  # (Nc, F)
    nt, nc = t.shape[0], c.shape[0]
    if nt == 0 or nc == 0:
        out = torch.full((t.shape[1],), float("nan"), dtype=torch.float64)
        return out[0] if squeeze else out
    parts = []
    for s in range(0, t.shape[1], chunk):
        x = torch.cat([t[:, s : s + chunk], c[:, s : s + chunk]], 0).T.contiguous()  # (f, Nt+Nc)
        sorted_x = x.sort(dim=1).values
        below = torch.searchsorted(sorted_x, x, right=False)  # values < x
        upto = torch.searchsorted(sorted_x, x, right=True)  # values <= x
        ranks = (below + upto + 1).double() / 2  # 1-based average ranks  (f, Nt+Nc)
        u = ranks[:, :nt].sum(1) - nt * (nt + 1) / 2
        parts.append(u / (nt * nc))
    out = torch.cat(parts)
    return out[0] if squeeze else out


def score_features(
    pooled_target: torch.Tensor,
    pooled_control: torch.Tensor,
    fire_target: torch.Tensor,
    tokens_target: int,
    fire_control: torch.Tensor,
    tokens_control: int,
) -> dict[str, torch.Tensor]:
    """Stage-1 scores, each (F,) float64.

    pooled_*: (N_side, F) per-text mean activation; fire_*: (F,) firing-token counts;
    tokens_*: scored tokens on that side.
    """
    target_mean = pooled_target.double().mean(0)
    control_mean = pooled_control.double().mean(0)
    ft, fc = fire_target.double(), fire_control.double()
    return {
        "diff_mean": target_mean - control_mean,
        "auroc": auroc(pooled_target, pooled_control),
        "freq_ratio": ((ft + 1) / (tokens_target + 2)) / ((fc + 1) / (tokens_control + 2)),
        "target_mean": target_mean,
        "control_mean": control_mean,
        "target_freq": ft / max(tokens_target, 1),
        "control_freq": fc / max(tokens_control, 1),
    }


def rank_score(scores: dict[str, torch.Tensor]) -> torch.Tensor:
    """(F,) ``(2*auroc - 1) * diff_mean``, the stage-1 ranking key (higher = better)."""
    return (2 * scores["auroc"] - 1).clamp_min(0) * scores["diff_mean"] + 0.0  # + 0.0 turns -0.0 into 0.0


def select_candidates(scores: dict[str, torch.Tensor], *, top: int = 50, min_auroc: float = 0.7) -> list[int]:
    """Indices of the stage-1 candidates, best first (see :data:`CRITERION`)."""
    key = rank_score(scores)
    eligible = (scores["auroc"] >= min_auroc) & (scores["diff_mean"] > 0)
    idx = torch.nonzero(eligible).flatten()
    # Stable descending sort; equal keys keep index order, so results are deterministic.
    order = torch.sort(key[idx], descending=True, stable=True).indices
    return idx[order][:top].tolist()


def heldout_scores(pooled_target: torch.Tensor, pooled_control: torch.Tensor) -> dict[str, torch.Tensor]:
    """Stage-2 scores on held-out texts, each (F,) float64 (NaN when a side has no held-out text)."""
    nan = torch.full((pooled_target.shape[1],), float("nan"), dtype=torch.float64)
    return {
        "heldout_target_mean": pooled_target.double().mean(0) if len(pooled_target) else nan,
        "heldout_control_mean": pooled_control.double().mean(0) if len(pooled_control) else nan,
        "heldout_auroc": auroc(pooled_target, pooled_control),
    }


def filter_heldout(candidates: list[int], heldout_auroc: torch.Tensor, *, min_auroc: float = 0.6) -> list[int]:
    """Candidates whose held-out AUROC is at least ``min_auroc`` (all of them when it is NaN,
    i.e. there is no held-out data -- the caller warns)."""
    if candidates and bool(torch.isnan(heldout_auroc[candidates]).all()):
        return list(candidates)
    return [i for i in candidates if float(heldout_auroc[i]) >= min_auroc]


def set_auroc(pooled_target: torch.Tensor, pooled_control: torch.Tensor, features: list[int]) -> float | None:
    """AUROC of the summed pooled activation of ``features`` (target vs control), or None."""
    if not features or len(pooled_target) == 0 or len(pooled_control) == 0:
        return None
    return float(auroc(pooled_target[:, features].sum(1), pooled_control[:, features].sum(1)))


__all__ = [
    "CRITERION",
    "auroc",
    "filter_heldout",
    "heldout_scores",
    "rank_score",
    "score_features",
    "select_candidates",
    "set_auroc",
]

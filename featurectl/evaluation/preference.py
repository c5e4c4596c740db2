"""Held-out preference metrics: accuracy (two labelled definitions), reward margins,
sequential KL to the reference (paper Fig. 3) and feature MSE (paper Fig. 4, right).

Definitions (B pairs; logps are sums over response tokens; |y| response lengths):

``accuracy`` (the paper's, Sec. 5.1)
    share of pairs where the chosen answer's token-wise (length-normalised)
    log-probability exceeds the rejected one's: logpi(y_w)/|y_w| > logpi(y_l)/|y_l|.
    Strict inequality; it needs no reference model.
``reward_accuracy`` (DPO's / TRL's ``rewards/accuracies``)
    share of pairs where the implicit reward r = beta*(logpi - logref) of y_w exceeds
    that of y_l. beta > 0 does not change the accuracy, only the margin's scale.
``reward_margin``
    mean of r(y_w) - r(y_l).
``kl``
    sequential KL, sum_t KL(pi_ref(.|x,y<t) || pi_theta(.|x,y<t)) over response
    tokens (TDPO's D_SeqKL, as the paper's Fig. 3), mean over pairs for y_w and y_l;
    ``margin`` = |mean KL(y_l) - mean KL(y_w)| (Fig. 3 "Right 1", with beta left out so
    that methods with different beta compare), ``signed_margin`` keeps the sign.
``feature_mse``
    D = (1/|I|) sum_{i in I} w_i (c-bar_theta,i - target_i)^2 of Eq. 10, summed over the
    run's SAEs, mean over pairs for y_w and y_l; ``margin`` = |D(y_l) - D(y_w)| (Fig. 4).
"""

from __future__ import annotations

import dataclasses
from typing import Optional, Sequence

import torch

__all__ = [
    "PairScores",
    "paper_accuracy",
    "reward_stats",
    "margin_stats",
    "preference_summary",
    "score_pairs",
]


@dataclasses.dataclass
class PairScores:
    """Per-pair numbers, all (B,) float tensors on the CPU; optional parts are None."""

    policy_chosen_logps: torch.Tensor
    policy_rejected_logps: torch.Tensor
    chosen_lengths: torch.Tensor
    rejected_lengths: torch.Tensor
    reference_chosen_logps: Optional[torch.Tensor] = None
    reference_rejected_logps: Optional[torch.Tensor] = None
    kl_chosen: Optional[torch.Tensor] = None
    kl_rejected: Optional[torch.Tensor] = None
    mse_chosen: Optional[torch.Tensor] = None
    mse_rejected: Optional[torch.Tensor] = None
    dist_chosen: Optional[torch.Tensor] = None  # the part of D toward the reference (>= 0)
    dist_rejected: Optional[torch.Tensor] = None

    @staticmethod
    def concat(parts: Sequence["PairScores"]) -> "PairScores":
        fields = {}
        for f in dataclasses.fields(PairScores):
            vals = [getattr(p, f.name) for p in parts]
            fields[f.name] = None if any(v is None for v in vals) else torch.cat(vals)
        return PairScores(**fields)


def paper_accuracy(
    policy_chosen_logps: torch.Tensor,
    policy_rejected_logps: torch.Tensor,
    chosen_lengths: torch.Tensor,
    rejected_lengths: torch.Tensor,
) -> float:
    """Share of pairs with logpi(y_w)/|y_w| > logpi(y_l)/|y_l| (strict)."""
    c = policy_chosen_logps / chosen_lengths.clamp_min(1)
    r = policy_rejected_logps / rejected_lengths.clamp_min(1)
    return (c > r).float().mean().item()


def reward_stats(
    policy_chosen_logps: torch.Tensor,
    policy_rejected_logps: torch.Tensor,
    reference_chosen_logps: torch.Tensor,
    reference_rejected_logps: torch.Tensor,
    beta: float,
) -> dict:
    """DPO implicit rewards r = beta*(logpi - logref): accuracy, mean margin and means."""
    if beta <= 0:
        raise ValueError(f"beta must be > 0, got {beta}")
    rc = beta * (policy_chosen_logps - reference_chosen_logps)
    rr = beta * (policy_rejected_logps - reference_rejected_logps)
    return {
        "reward_accuracy": (rc > rr).float().mean().item(),
        "reward_margin": (rc - rr).mean().item(),
        "reward_chosen": rc.mean().item(),
        "reward_rejected": rr.mean().item(),
        "beta": beta,
    }


def margin_stats(chosen: torch.Tensor, rejected: torch.Tensor) -> dict:
    """{chosen, rejected, margin=|rejected-chosen|, signed_margin=rejected-chosen} of the means."""
    c, r = chosen.float().mean().item(), rejected.float().mean().item()
    return {"chosen": c, "rejected": r, "margin": abs(r - c), "signed_margin": r - c}


def preference_summary(scores: PairScores, beta: float) -> dict:
    """eval.json's ``preference``, ``kl`` and ``feature_mse`` sections from per-pair scores."""
    n = int(scores.policy_chosen_logps.numel())
    pref = {
        "n": n,
        "accuracy": paper_accuracy(
            scores.policy_chosen_logps, scores.policy_rejected_logps, scores.chosen_lengths, scores.rejected_lengths
        ),
        "accuracy_definition": "share of pairs with logpi(y_w)/|y_w| > logpi(y_l)/|y_l| (paper Sec. 5.1)",
        "reward_accuracy_definition": "share of pairs with beta*(logpi-logref)(y_w) > beta*(logpi-logref)(y_l)",
        "policy_logps_chosen": scores.policy_chosen_logps.mean().item(),
        "policy_logps_rejected": scores.policy_rejected_logps.mean().item(),
    }
    out: dict = {"preference": pref}
    if scores.reference_chosen_logps is not None:
        pref.update(
            reward_stats(
                scores.policy_chosen_logps, scores.policy_rejected_logps,
                scores.reference_chosen_logps, scores.reference_rejected_logps, beta,
            )
        )
    if scores.kl_chosen is not None:
        out["kl"] = {**margin_stats(scores.kl_chosen, scores.kl_rejected), "n": n,
                     "definition": "sum over response tokens of KL(pi_ref || pi_theta), mean over pairs"}
    if scores.mse_chosen is not None:
        out["feature_mse"] = {**margin_stats(scores.mse_chosen, scores.mse_rejected), "n": n,
                              "definition": "D of Eq. 10 (union top-k, run's beta mask), summed over SAEs; "
                              "= to_reference + zero_drift"}
        if scores.dist_chosen is not None:
            out["feature_mse"]["to_reference"] = margin_stats(scores.dist_chosen, scores.dist_rejected)
            out["feature_mse"]["zero_drift"] = margin_stats(scores.mse_chosen - scores.dist_chosen,
                                                            scores.mse_rejected - scores.dist_rejected)
    return out


@torch.no_grad()
def score_pairs(
    policy,
    reference,
    pairs: list,
    *,
    pad_token_id: int,
    batch_size: int = 4,
    chunk_size: int = 1024,
    policy_hooks: Sequence = (),
    reference_hooks: Sequence = (),
    masks: Sequence = (),
    top_k: int = 32,
    pooling_denominator: str = "response",
    features_after_final_norm: bool = False,
    zero_target_baseline: bool = True,
    topk_policy_only: bool = False,
) -> PairScores:
    """Score tokenized pairs (``featurectl.pairs.TokenizedPair``) with the policy and the reference.

    One forward per model per batch (``featurectl.forward.forward_batch``); the
    reference's final hidden states give the sequential KL through
    ``chunked_seq_kl`` without a full (2B, T, V) tensor. ``reference`` may be None
    (then only the paper's accuracy is available). ``policy_hooks`` and
    ``reference_hooks`` attach the same SAEs to each model; ``masks`` are the
    run's ``FeatureMask`` per SAE (weights, zero targets, always-included features).
    """
    from ..console import batch_starts
    from ..pairs import PairCollator
    from ..forward import chunked_seq_kl, forward_batch

    collate = PairCollator(pad_token_id)
    device = next(policy.parameters()).device
    want_features = bool(policy_hooks) and reference is not None
    parts = []
    for start in batch_starts(len(pairs), batch_size, "scoring pairs", unit="pair"):
        feats = [
            {"row_id": p.row_id, "prompt_ids": p.prompt_ids, "chosen_ids": p.chosen_ids, "rejected_ids": p.rejected_ids}
            for p in pairs[start : start + batch_size]
        ]
        batch = {k: v.to(device) for k, v in collate(feats).items()}
        b = len(feats)
        kw = dict(pooling_denominator=pooling_denominator, features_after_final_norm=features_after_final_norm,
                  chunk_size=chunk_size, keep_hidden=reference is not None)
        pol = forward_batch(policy, batch, feature_hooks=policy_hooks if want_features else (), **kw)
        part = PairScores(
            policy_chosen_logps=pol.logps[:b].float().cpu(),
            policy_rejected_logps=pol.logps[b:].float().cpu(),
            chosen_lengths=pol.lengths[:b].cpu(),
            rejected_lengths=pol.lengths[b:].cpu(),
        )
        if reference is not None:
            ref = forward_batch(reference, batch, feature_hooks=reference_hooks if want_features else (), **kw)
            part.reference_chosen_logps = ref.logps[:b].float().cpu()
            part.reference_rejected_logps = ref.logps[b:].float().cpu()
            kl = chunked_seq_kl(pol, ref, policy, reference, chunk_size).float().cpu()  # (2B,)
            part.kl_chosen, part.kl_rejected = kl[:b], kl[b:]
            if want_features:
                d, dist = _discrepancy(pol.features, ref.features, masks, top_k=top_k, policy_only=topk_policy_only,
                                       zero_target_baseline=zero_target_baseline)
                part.mse_chosen, part.mse_rejected = d[:b], d[b:]
                part.dist_chosen, part.dist_rejected = dist[:b], dist[b:]
        parts.append(part)
    return PairScores.concat(parts)


def _discrepancy(policy_features, reference_features, masks: Sequence, *, top_k: int, policy_only: bool,
                 zero_target_baseline: bool) -> tuple[torch.Tensor, torch.Tensor]:
    """D (Eq. 10) per sequence and its part toward the reference, summed over SAEs: two (2B,) tensors
    from (2B, F) feature tensors per SAE (see :func:`featurectl.losses.features.discrepancy_parts`)."""
    from ..losses.features import discrepancy_parts, feature_discrepancy

    d = torch.zeros(policy_features[0].shape[0])
    dist = torch.zeros_like(d)
    for i, (pf, rf) in enumerate(zip(policy_features, reference_features)):  # (2B, F) each
        m = masks[i].to(pf.device) if i < len(masks) and masks[i] is not None else None
        kw = dict(k=top_k, weights=m.weights if m is not None else None,
                  zero_target=m.zero_target if m is not None else None,
                  always_include=m.always_include if m is not None else None,
                  policy_only=policy_only, zero_target_baseline=zero_target_baseline)
        d += feature_discrepancy(pf.float(), rf.float(), **kw)[0].float().cpu()
        dist += discrepancy_parts(pf.float(), rf.float(), **kw)[0].float().cpu()
    return d, dist

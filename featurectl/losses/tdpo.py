"""TDPO-1 and TDPO-2 (Zeng et al. 2024, https://arxiv.org/abs/2404.11999).

The sequential KL D_SeqKL(x, y; π_ref‖π_θ) = Σ_t KL(π_ref(·|x, y<t) ‖ π_θ(·|x, y<t)) needs
both models' full-vocabulary distributions at every response position, so the trainer
computes it (chunked over the vocabulary) and passes the (B,) sums here as
``chosen_seq_kl`` / ``rejected_seq_kl``. That is why TDPO cannot use the offline cache.

Formulas follow the official code (Vance0124/Token-level-Direct-Preference-Optimization,
``trainers.py: tdpo_loss``), which the FPO paper's Eq. 2-4 restate.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from pydantic import Field

from .base import LOSSES, LossOutput, LossParams, Need
from .preference import check_pairs

__all__ = ["TDPO1Params", "TDPO2Params", "tdpo1_loss", "tdpo2_loss"]

_NEEDS = {Need.REFERENCE_LOGPS, Need.REFERENCE_TOKEN_DISTRIBUTIONS, Need.REJECTED}


class TDPO1Params(LossParams):
    beta: float = Field(0.1, gt=0, description="KL strength β (paper Table 5: 0.1)")


class TDPO2Params(LossParams):
    beta: float = Field(0.1, gt=0, description="KL strength β (paper Table 5: 0.1)")
    alpha: float = Field(0.5, ge=0, description="weight α of the sequential-KL term (paper Table 5: 0.5)")


def _tdpo(
    policy_chosen_logps: torch.Tensor,
    policy_rejected_logps: torch.Tensor,
    reference_chosen_logps: torch.Tensor,
    reference_rejected_logps: torch.Tensor,
    chosen_seq_kl: torch.Tensor,
    rejected_seq_kl: torch.Tensor,
    *,
    beta: float,
    kl_term: torch.Tensor,
) -> LossOutput:
    check_pairs(
        policy_chosen_logps=policy_chosen_logps,
        policy_rejected_logps=policy_rejected_logps,
        reference_chosen_logps=reference_chosen_logps,
        reference_rejected_logps=reference_rejected_logps,
        chosen_seq_kl=chosen_seq_kl,
        rejected_seq_kl=rejected_seq_kl,
    )
    chosen_logratios = policy_chosen_logps - reference_chosen_logps  # (B,)
    rejected_logratios = policy_rejected_logps - reference_rejected_logps  # (B,)
    delta = beta * kl_term  # (B,) δ_TDPO, the constraint subtracted from the DPO logit
    u = beta * (chosen_logratios - rejected_logratios) - delta
    return LossOutput(
        losses=-F.logsigmoid(u),
        # The official code's "chosen_values": the log-ratio plus the sequential KL, so that
        # for TDPO-1 reward(y_w) − reward(y_l) equals u exactly.
        chosen_rewards=(beta * (chosen_logratios + chosen_seq_kl)).detach(),
        rejected_rewards=(beta * (rejected_logratios + rejected_seq_kl)).detach(),
        metrics={
            "kl/chosen": chosen_seq_kl.detach(),
            "kl/rejected": rejected_seq_kl.detach(),
            "delta": delta.detach(),
        },
    )


@LOSSES.register("tdpo1", params=TDPO1Params, needs=_NEEDS, summary="TDPO-1: DPO − β·(SeqKL(y_l) − SeqKL(y_w))")
def tdpo1_loss(
    *,
    policy_chosen_logps: torch.Tensor,
    policy_rejected_logps: torch.Tensor,
    reference_chosen_logps: torch.Tensor,
    reference_rejected_logps: torch.Tensor,
    chosen_seq_kl: torch.Tensor,
    rejected_seq_kl: torch.Tensor,
    beta: float = 0.1,
) -> LossOutput:
    """TDPO-1 (FPO paper Eq. 2-3; TDPO paper Eq. 14):

        u = β log π_θ(y_w|x)/π_ref(y_w|x) − β log π_θ(y_l|x)/π_ref(y_l|x)
            − β (D_SeqKL(x, y_l) − D_SeqKL(x, y_w))
        loss = −log σ(u)
        reward(y) = β (log π_θ(y|x)/π_ref(y|x) + D_SeqKL(x, y))      (official code)

    Official code: ``logits = (chosen_logps_margin − rejected_logps_margin)
    + chosen_position_kl − rejected_position_kl; losses = −logsigmoid(beta * logits)``.

    Args:
        policy_chosen_logps, policy_rejected_logps: (B,) sequence log-probs (sums) under π_θ.
        reference_chosen_logps, reference_rejected_logps: (B,) the same under π_ref.
        chosen_seq_kl, rejected_seq_kl: (B,) D_SeqKL(x, y; π_ref‖π_θ), summed over response tokens.
        beta: see :class:`TDPO1Params`.

    Metrics: ``kl/chosen``, ``kl/rejected`` (the sequential KLs), ``delta``.
    """
    return _tdpo(
        policy_chosen_logps,
        policy_rejected_logps,
        reference_chosen_logps,
        reference_rejected_logps,
        chosen_seq_kl,
        rejected_seq_kl,
        beta=beta,
        kl_term=rejected_seq_kl - chosen_seq_kl,
    )


@LOSSES.register(
    "tdpo2",
    params=TDPO2Params,
    needs=_NEEDS,
    summary="TDPO-2: DPO − α·(β SeqKL(y_l) − sg(β SeqKL(y_w)))",
)
def tdpo2_loss(
    *,
    policy_chosen_logps: torch.Tensor,
    policy_rejected_logps: torch.Tensor,
    reference_chosen_logps: torch.Tensor,
    reference_rejected_logps: torch.Tensor,
    chosen_seq_kl: torch.Tensor,
    rejected_seq_kl: torch.Tensor,
    beta: float = 0.1,
    alpha: float = 0.5,
) -> LossOutput:
    """TDPO-2 (FPO paper Eq. 2 and 4; TDPO paper Eq. 16):

        u = β log π_θ(y_w|x)/π_ref(y_w|x) − β log π_θ(y_l|x)/π_ref(y_l|x)
            − α (β D_SeqKL(x, y_l) − sg(β D_SeqKL(x, y_w)))
        loss = −log σ(u)
        reward(y) = β (log π_θ(y|x)/π_ref(y|x) + D_SeqKL(x, y))      (official code)

    sg is the stop-gradient: no gradient flows through the chosen response's KL.
    Official code: ``logits = (chosen_logps_margin − rejected_logps_margin)
    + alpha * (chosen_position_kl.detach() − rejected_position_kl);
    losses = −logsigmoid(beta * logits)``.

    Args:
        policy_chosen_logps, policy_rejected_logps: (B,) sequence log-probs (sums) under π_θ.
        reference_chosen_logps, reference_rejected_logps: (B,) the same under π_ref.
        chosen_seq_kl, rejected_seq_kl: (B,) D_SeqKL(x, y; π_ref‖π_θ), summed over response tokens.
        beta, alpha: see :class:`TDPO2Params`.

    Metrics: ``kl/chosen``, ``kl/rejected`` (the sequential KLs), ``delta``.
    """
    return _tdpo(
        policy_chosen_logps,
        policy_rejected_logps,
        reference_chosen_logps,
        reference_rejected_logps,
        chosen_seq_kl,
        rejected_seq_kl,
        beta=beta,
        kl_term=alpha * (rejected_seq_kl - chosen_seq_kl.detach()),
    )

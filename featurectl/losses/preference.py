"""SFT, DPO, SimPO and SimPO+KL as pure functions over sequence log-probs.

Every preference loss here is ``-log σ(u)`` for a method-specific logit ``u``
(the FPO paper's Eq. 8 frame: log-prob difference − margin − constraint).
Shapes: B = number of preference pairs; every tensor argument is (B,).
"""

from __future__ import annotations

from typing import Literal

import torch
import torch.nn.functional as F
from pydantic import Field

from .base import LOSSES, LossOutput, LossParams, Need

__all__ = [
    "SFTParams",
    "DPOParams",
    "SimPOParams",
    "SimPOKLParams",
    "sft_loss",
    "dpo_loss",
    "simpo_loss",
    "simpo_kl_loss",
    "logsigmoid_loss",
    "per_token",
    "check_pairs",
]


def logsigmoid_loss(u: torch.Tensor, label_smoothing: float = 0.0) -> torch.Tensor:
    """(B,) ``-(1-ε) log σ(u) - ε log σ(-u)``; ε = 0 gives the plain ``-log σ(u)``.

    The ε form is conservative DPO (cDPO, Mitchell 2023), which TRL's CPO trainer still
    applies (``trl/experimental/cpo/cpo_trainer.py``). TRL 1.16's DPO ``sigmoid`` loss no
    longer reads ``label_smoothing``, so ε = 0 is what matches it.
    """
    loss = -F.logsigmoid(u)
    if label_smoothing:
        loss = (1.0 - label_smoothing) * loss - label_smoothing * F.logsigmoid(-u)
    return loss


def per_token(logps: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """(B,) average log-prob per response token, log π(y|x) / |y| (|y| clamped to ≥ 1 like TRL)."""
    return logps / lengths.to(logps.dtype).clamp(min=1.0)


def check_pairs(**tensors: torch.Tensor) -> None:
    """Raise ValueError (naming every shape) unless all tensors share one (B,) shape."""
    shapes = {name: tuple(t.shape) for name, t in tensors.items()}
    first = next(iter(shapes.values()))
    if len(first) != 1 or any(s != first for s in shapes.values()):
        raise ValueError(f"expected tensors of one shape (B,); got {shapes}")


# ---------------------------------------------------------------------------- SFT


class SFTParams(LossParams):
    average: Literal["token", "sequence"] = Field(
        "token",
        description="'token' (default): mean NLL over all completion tokens of the batch, as TRL's "
        "SFTTrainer, HF Trainer and alignment-handbook; 'sequence': mean of each response's per-token NLL "
        "(every response weighs the same, whatever its length)",
    )


@LOSSES.register("sft", params=SFTParams, needs=set(), summary="NLL per token of the chosen response")
def sft_loss(
    *, policy_chosen_logps: torch.Tensor, chosen_lengths: torch.Tensor, average: str = "token"
) -> LossOutput:
    """Supervised fine-tuning on y_w, the negative log-likelihood of the chosen responses.

    ``average="token"`` (default, the ecosystem's convention):
        batch loss = −Σ_b log π_θ(y_w,b|x_b) / Σ_b |y_w,b|
        returned as losses_b = −log π_θ(y_w,b|x_b) / mean_b |y_w,b|, so that the trainer's
        ``losses.mean()`` is exactly that token mean (over the micro-batch).
    ``average="sequence"``:
        losses_b = −log π_θ(y_w,b|x_b) / |y_w,b|, whose mean weighs every response equally.
    The two agree when all responses have the same length.

    Args:
        policy_chosen_logps: (B,) Σ_t log π_θ(y_w,t | x, y_w,<t).
        chosen_lengths: (B,) |y_w|.
        average: ``"token"`` or ``"sequence"`` (see :class:`SFTParams`).

    Returns:
        losses (B,); chosen_rewards = mean token log-prob of y_w (detached);
        rejected_rewards = zeros: SFT has no implicit reward and never sees y_l, so a
        trainer should not log reward metrics for a method without ``Need.REJECTED``.
    """
    check_pairs(policy_chosen_logps=policy_chosen_logps, chosen_lengths=chosen_lengths)
    avg = per_token(policy_chosen_logps, chosen_lengths)
    if average == "sequence":
        losses = -avg
    elif average == "token":
        losses = -policy_chosen_logps / chosen_lengths.to(policy_chosen_logps.dtype).clamp(min=1.0).mean()
    else:
        raise ValueError(f"sft: average must be 'token' or 'sequence', got {average!r}")
    return LossOutput(losses=losses, chosen_rewards=avg.detach(), rejected_rewards=torch.zeros_like(avg).detach())


# ---------------------------------------------------------------------------- DPO


class DPOParams(LossParams):
    beta: float = Field(0.1, gt=0, description="KL strength β (paper Table 5: 0.1)")
    label_smoothing: float = Field(0.0, ge=0, lt=0.5, description="cDPO ε; 0 = TRL 1.16 'sigmoid'")


@LOSSES.register(
    "dpo",
    params=DPOParams,
    needs={Need.REFERENCE_LOGPS, Need.REJECTED},
    summary="DPO, TRL 'sigmoid' loss (Rafailov et al. 2023)",
)
def dpo_loss(
    *,
    policy_chosen_logps: torch.Tensor,
    policy_rejected_logps: torch.Tensor,
    reference_chosen_logps: torch.Tensor,
    reference_rejected_logps: torch.Tensor,
    beta: float = 0.1,
    label_smoothing: float = 0.0,
) -> LossOutput:
    """DPO (https://arxiv.org/abs/2305.18290, Eq. 7; FPO paper §2):

        u = β [ (log π_θ(y_w|x) − log π_ref(y_w|x)) − (log π_θ(y_l|x) − log π_ref(y_l|x)) ]
        loss = −log σ(u)                       (label_smoothing ε > 0: cDPO, see logsigmoid_loss)
        reward(y) = β (log π_θ(y|x) − log π_ref(y|x))

    Identical to TRL 1.16 ``DPOTrainer`` with ``loss_type="sigmoid"``.

    Args:
        policy_chosen_logps, policy_rejected_logps: (B,) sequence log-probs (sums) under π_θ.
        reference_chosen_logps, reference_rejected_logps: (B,) the same under π_ref.
        beta, label_smoothing: see :class:`DPOParams`.
    """
    check_pairs(
        policy_chosen_logps=policy_chosen_logps,
        policy_rejected_logps=policy_rejected_logps,
        reference_chosen_logps=reference_chosen_logps,
        reference_rejected_logps=reference_rejected_logps,
    )
    chosen_logratios = policy_chosen_logps - reference_chosen_logps  # (B,)
    rejected_logratios = policy_rejected_logps - reference_rejected_logps  # (B,)
    u = beta * (chosen_logratios - rejected_logratios)
    return LossOutput(
        losses=logsigmoid_loss(u, label_smoothing),
        chosen_rewards=(beta * chosen_logratios).detach(),
        rejected_rewards=(beta * rejected_logratios).detach(),
    )


# ---------------------------------------------------------------------------- SimPO


class SimPOParams(LossParams):
    beta: float = Field(2.0, gt=0, description="reward scale β (paper Table 5: 2.0)")
    gamma: float = Field(
        0.5,
        description="target margin γ in reward units, subtracted outside β (paper Table 5: 0.5; "
        "TRL CPO 'simpo_gamma'). SimPO's own code takes gamma_beta_ratio = γ/β instead.",
    )
    label_smoothing: float = Field(0.0, ge=0, lt=0.5, description="cDPO ε, as TRL CPO")


@LOSSES.register(
    "simpo",
    params=SimPOParams,
    needs={Need.REJECTED},
    summary="SimPO: length-normalised, reference-free, target margin γ (Meng et al. 2024)",
)
def simpo_loss(
    *,
    policy_chosen_logps: torch.Tensor,
    policy_rejected_logps: torch.Tensor,
    chosen_lengths: torch.Tensor,
    rejected_lengths: torch.Tensor,
    beta: float = 2.0,
    gamma: float = 0.5,
    label_smoothing: float = 0.0,
) -> LossOutput:
    """SimPO (https://arxiv.org/abs/2405.14734, Eq. 6; FPO paper §2):

        u = β/|y_w| log π_θ(y_w|x) − β/|y_l| log π_θ(y_l|x) − γ
        loss = −log σ(u)
        reward(y) = β/|y| log π_θ(y|x)

    γ is the margin in reward units, as the FPO paper writes it and as TRL's
    ``CPOTrainer(loss_type="simpo")`` implements ``simpo_gamma`` (it subtracts
    ``simpo_gamma / beta`` inside ``beta * (...)``). SimPO's official code instead
    configures ``gamma_beta_ratio`` = γ/β; to reproduce a run with ratio r, set γ = r·β.

    There is no reference model, so this function takes no reference tensors at all.

    Args:
        policy_chosen_logps, policy_rejected_logps: (B,) sequence log-probs (sums) under π_θ.
        chosen_lengths, rejected_lengths: (B,) |y_w|, |y_l|.
        beta, gamma, label_smoothing: see :class:`SimPOParams`.
    """
    check_pairs(
        policy_chosen_logps=policy_chosen_logps,
        policy_rejected_logps=policy_rejected_logps,
        chosen_lengths=chosen_lengths,
        rejected_lengths=rejected_lengths,
    )
    chosen_rewards = beta * per_token(policy_chosen_logps, chosen_lengths)  # (B,)
    rejected_rewards = beta * per_token(policy_rejected_logps, rejected_lengths)  # (B,)
    u = chosen_rewards - rejected_rewards - gamma
    return LossOutput(
        losses=logsigmoid_loss(u, label_smoothing),
        chosen_rewards=chosen_rewards.detach(),
        rejected_rewards=rejected_rewards.detach(),
    )


# ---------------------------------------------------------------------------- SimPO + KL


class SimPOKLParams(LossParams):
    beta: float = Field(2.0, gt=0, description="reward scale β (as SimPO, paper Table 5: 2.0)")
    gamma: float = Field(0.5, description="target margin γ in reward units (as SimPO: 0.5)")
    alpha: float = Field(
        0.5, ge=0, description="weight of the KL-estimate term (as TDPO-2/FPO: 0.5; the paper gives none)"
    )
    label_smoothing: float = Field(0.0, ge=0, lt=0.5, description="cDPO ε")


@LOSSES.register(
    "simpo_kl",
    params=SimPOKLParams,
    needs={Need.REFERENCE_LOGPS, Need.REJECTED},
    summary="SimPO + a cache-computable sequence-KL estimate (FPO paper App. D.1 baseline)",
)
def simpo_kl_loss(
    *,
    policy_chosen_logps: torch.Tensor,
    policy_rejected_logps: torch.Tensor,
    reference_chosen_logps: torch.Tensor,
    reference_rejected_logps: torch.Tensor,
    chosen_lengths: torch.Tensor,
    rejected_lengths: torch.Tensor,
    beta: float = 2.0,
    gamma: float = 0.5,
    alpha: float = 0.5,
    label_smoothing: float = 0.0,
) -> LossOutput:
    """SimPO with a TDPO-2-style KL term, computable from cached reference log-probs.

        K(y)  = (log π_ref(y|x) − log π_θ(y|x)) / |y|           per-token KL estimate on y
        u     = β/|y_w| log π_θ(y_w|x) − β/|y_l| log π_θ(y_l|x) − γ − α β (K(y_l) − sg(K(y_w)))
        loss  = −log σ(u)
        reward(y) = β/|y| log π_θ(y|x)                           (as SimPO)

    Why this form. The FPO paper (App. D.1, Table 6) reports a "SimPO+KL" baseline but
    does not define it. The closest code in the authors' repository
    (MikaStars39/FeatureAlignment, ``TDPOKLTrainer`` with ``simpo: True``) uses a margin
    ``clip(α (KL_l − sg(KL_w)), γ, 2γ)`` inside β, where KL is TDPO's sequential KL over
    full-vocabulary distributions. Full-vocabulary distributions cannot come from the
    offline reference cache, which holds sequence log-probs only, so that form is not
    implemented here. We keep its structure (α-weighted rejected-minus-chosen KL, stop-
    gradient on the chosen side, as TDPO-2 Eq. 4) and replace the sequential KL with the
    Monte-Carlo estimate K(y) on the observed response. K(y) is exactly the mean per-token
    KL(π_ref‖π_θ) only in expectation over y ~ π_ref; on preference data it is a biased
    estimate and can be negative. We length-normalise it so it is on the scale of
    SimPO's per-token rewards.

    What it does, written out: since π_ref is a constant,
    u = β/|y_w| log π_θ(y_w|x) − (1 − α) β/|y_l| log π_θ(y_l|x) + (terms without gradient),
    so the term damps the push-down on y_l by (1 − α) and adds a reference-dependent shift
    to the margin. α = 0 is SimPO exactly.

    Args:
        policy_chosen_logps, policy_rejected_logps: (B,) sequence log-probs (sums) under π_θ.
        reference_chosen_logps, reference_rejected_logps: (B,) the same under π_ref (cacheable).
        chosen_lengths, rejected_lengths: (B,) |y_w|, |y_l|.
        beta, gamma, alpha, label_smoothing: see :class:`SimPOKLParams`.

    Metrics: ``kl_estimate/chosen`` K(y_w), ``kl_estimate/rejected`` K(y_l), ``delta`` the
    subtracted term α β (K(y_l) − K(y_w)). They are estimates, deliberately not named
    ``kl/*`` (TDPO's exact sequential KL).
    """
    check_pairs(
        policy_chosen_logps=policy_chosen_logps,
        policy_rejected_logps=policy_rejected_logps,
        reference_chosen_logps=reference_chosen_logps,
        reference_rejected_logps=reference_rejected_logps,
        chosen_lengths=chosen_lengths,
        rejected_lengths=rejected_lengths,
    )
    chosen_rewards = beta * per_token(policy_chosen_logps, chosen_lengths)  # (B,)
    rejected_rewards = beta * per_token(policy_rejected_logps, rejected_lengths)  # (B,)
    kl_chosen = per_token(reference_chosen_logps - policy_chosen_logps, chosen_lengths)  # (B,)
    kl_rejected = per_token(reference_rejected_logps - policy_rejected_logps, rejected_lengths)  # (B,)
    delta = alpha * beta * (kl_rejected - kl_chosen.detach())  # (B,) TDPO-2 Eq. 4 with K for D_TDPO
    u = chosen_rewards - rejected_rewards - gamma - delta
    return LossOutput(
        losses=logsigmoid_loss(u, label_smoothing),
        chosen_rewards=chosen_rewards.detach(),
        rejected_rewards=rejected_rewards.detach(),
        metrics={
            "kl_estimate/chosen": kl_chosen.detach(),
            "kl_estimate/rejected": kl_rejected.detach(),
            "delta": delta.detach(),
        },
    )

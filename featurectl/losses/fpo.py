"""FPO: Feature-level constrained Preference Optimization (arXiv 2411.07618, Eq. 8-11).

Length-normalised log-prob difference, a reference margin γ_ref-LN that can be cached,
and an MSE constraint on pooled SAE features in place of TDPO's sequential KL.
"""

from __future__ import annotations

import dataclasses
from typing import Optional, Sequence, Union

import torch
from pydantic import Field

from .base import LOSSES, LossOutput, LossParams, Need
from .features import discrepancy_parts, feature_discrepancy
from .preference import check_pairs, logsigmoid_loss, per_token

__all__ = ["FPOParams", "constraint_term", "fpo_loss", "listed_weights"]

Features = Union[torch.Tensor, Sequence[torch.Tensor]]
Masks = Optional[Union[torch.Tensor, Sequence[Optional[torch.Tensor]]]]


class FPOParams(LossParams):
    beta: float = Field(0.1, gt=0, description="reward scale β (paper Table 5: 0.1)")
    alpha: float = Field(0.5, ge=0, description="weight α of the feature constraint (paper Table 5: 0.5)")
    top_k: int = Field(
        32,
        ge=1,
        description="k of Eq. 10, taken per side and per SAE. The paper gives no value; the authors' "
        "code uses 50; 32 matches featurectl's feature-set default",
    )
    topk_policy_only: bool = Field(False, description="I = top-k of the policy only (authors' code), not the union")
    alpha_inside_beta: bool = Field(False, description="δ = β·α·(...) as the authors' code, not α·(...) (paper)")
    stop_gradient: bool = Field(True, description="sg on D(y_w) (paper Eq. 4/11; Table 3 ablation)")
    label_smoothing: float = Field(0.0, ge=0, lt=0.5, description="cDPO ε")
    zero_target_baseline: bool = Field(
        True,
        description="measure zero-target features against the reference's own energy (c̄_θ² − c̄_ref²): "
        "same gradient, but D = 0 before training so sg(D(y_w)) cannot saturate the sigmoid; False = "
        "plain MSE to 0 (saturates when the masked features fire on the chosen responses)",
    )
    suppress_weight: float = Field(
        0.0,
        ge=0,
        description="featurectl extension, not in the paper (0 = paper form): λ of an additive penalty "
        "λ·(Z(y_w) + Z(y_l)) that pulls the feature set's zero-target features toward 0 on BOTH responses. "
        "Inside the sigmoid, sg(D(y_w)) leaves the chosen side unconstrained, so a mask alone cannot stop "
        "pairs whose chosen side uses the capability from teaching it",
    )
    listed_both_sides: bool = Field(
        False,
        description="featurectl extension, not in the paper (False = paper form): the feature set's listed "
        "features (beta > 0) are constrained on the chosen response too, with the rejected side's sign and no "
        "sg: δ = α(D(y_l) + D_L(y_w) − sg(D(y_w) − D_L(y_w))). The paper's sg(D(y_w)) leaves a listed feature "
        "free on the chosen side, where capability-teaching pairs put it",
    )
    listed_weight: float = Field(
        0.0,
        ge=0,
        description="featurectl extension, not in the paper (0 = paper form): λ_L of an additive penalty "
        "λ_L·(D_L(y_w) + D_L(y_l)) outside the sigmoid, pulling the listed features to their own target "
        "(zero or reference) on both responses; unlike a term inside σ, its gradient does not vanish once a "
        "pair is ranked right. Generalises suppress_weight to reference targets",
    )


def suppression(features: torch.Tensor, weights: Optional[torch.Tensor], zero_target: Optional[torch.Tensor]):
    """Z(y) = (1/|S|) Σ_{i∈S} w_i c̄_θ,i(y)² over the zero-target features S. (B, F) -> (B,)."""
    if zero_target is None or not bool(zero_target.any()):
        return features.new_zeros(features.shape[0])
    sel = zero_target.to(features.dtype)  # (F,)
    w = sel if weights is None else sel * weights.to(features.dtype)
    return (features.pow(2) * w).sum(-1) / sel.sum()


def listed_weights(weights: Optional[torch.Tensor], listed: Optional[torch.Tensor]) -> Optional[torch.Tensor]:
    """w_i restricted to the listed features L (the feature set's features with β > 0): (F,) or None."""
    if listed is None or not bool(listed.any()):
        return None
    sel = listed.to(torch.float32)
    return sel if weights is None else sel * weights.to(torch.float32)


def constraint_term(d_rejected: torch.Tensor, d_chosen: torch.Tensor, d_chosen_listed: Optional[torch.Tensor],
                    stop_gradient: bool) -> torch.Tensor:
    """The bracket of δ, (B,).

    Paper (``d_chosen_listed`` None): D(y_l) − sg(D(y_w)) (no sg when ``stop_gradient`` is False).
    ``listed_both_sides``: D(y_l) + D_L(y_w) − sg(D(y_w) − D_L(y_w)), where D_L is the listed
    features' share of D (same |I| denominator), so only the listed features leave the sg and
    they enter with the rejected side's sign: their gradient pulls them toward their targets.
    """
    if d_chosen_listed is None:
        return d_rejected - (d_chosen.detach() if stop_gradient else d_chosen)
    rest = d_chosen - d_chosen_listed
    return d_rejected + d_chosen_listed - (rest.detach() if stop_gradient else rest)


def _as_list(value: Masks, n: int, name: str) -> list[Optional[torch.Tensor]]:
    if value is None:
        return [None] * n
    if isinstance(value, torch.Tensor):
        value = [value]
    value = list(value)
    if len(value) != n:
        raise ValueError(f"fpo: {name} has {len(value)} entries but there are {n} SAEs")
    return value


@dataclasses.dataclass
class _PerSAE:
    """Every SAE's pooled features and masks as equal-length lists (one entry per SAE)."""

    pcf: list  # policy chosen (B, F_s)
    prf: list  # policy rejected
    rcf: list  # reference chosen
    rrf: list  # reference rejected
    weights: list  # (F_s,) w_i or None
    zero_target: list  # (F_s,) bool or None
    always: list  # (F_s,) bool or None

    @classmethod
    def of(cls, pcf: Features, prf: Features, rcf: Features, rrf: Features, weights: Masks, zero_target: Masks,
           always: Masks) -> "_PerSAE":
        pcf = [pcf] if isinstance(pcf, torch.Tensor) else list(pcf)
        n = len(pcf)
        if n == 0:
            raise ValueError("fpo: needs at least one SAE's features")
        return cls(pcf, _as_list(prf, n, "policy_rejected_features"), _as_list(rcf, n, "reference_chosen_features"),
                   _as_list(rrf, n, "reference_rejected_features"), _as_list(weights, n, "feature_weights"),
                   _as_list(zero_target, n, "feature_zero_target"), _as_list(always, n, "feature_always_include"))

    def sides(self):
        """(name, policy features, reference features) of the chosen and the rejected responses."""
        return (("chosen", self.pcf, self.rcf), ("rejected", self.prf, self.rrf))

    def discrepancy(self, policy: list, reference: list, **opts) -> torch.Tensor:
        """D(y) of Eq. 10 summed over SAEs: (B,), carrying the policy's gradient."""
        return sum(feature_discrepancy(policy[s], reference[s], weights=self.weights[s],
                                       zero_target=self.zero_target[s], always_include=self.always[s], **opts)[0]
                   for s in range(len(policy)))

    def suppression(self, suppress_weight: float):
        """(λ (Z(y_w) + Z(y_l)) or 0, its metrics) of the ``suppress_weight`` extension."""
        if suppress_weight <= 0:
            return 0.0, {}
        z = {side: sum(suppression(pol[s], self.weights[s], self.zero_target[s]) for s in range(len(pol)))
             for side, pol, _ in self.sides()}
        return suppress_weight * (z["chosen"] + z["rejected"]), {f"suppress/{k}": v.detach() for k, v in z.items()}


def _d_parts(policy: list, reference: list, side: str, opts: dict) -> dict[str, torch.Tensor]:
    """D(y) of one side split into metrics ``feature_dist/ref_<side>`` and ``feature_drift/zero_<side>``
    (summed over SAEs, like D; see :func:`~featurectl.losses.features.discrepancy_parts`)."""
    to_ref, drift = 0.0, 0.0
    for s in range(len(policy)):
        per_sae = {k: (v[s] if isinstance(v, list) else v) for k, v in opts.items()}
        r, z = discrepancy_parts(policy[s], reference[s], **per_sae)
        to_ref, drift = to_ref + r, drift + z
    return {f"feature_dist/ref_{side}": to_ref, f"feature_drift/zero_{side}": drift}


def _listed_discrepancies(pcf, prf, rcf, rrf, weights, zero_target, always, *, chosen: bool, rejected: bool,
                          **common) -> dict[str, Optional[torch.Tensor]]:
    """D_L(y_w) and D_L(y_l), summed over SAEs ((B,) each; None when not asked for)."""
    out: dict[str, Optional[torch.Tensor]] = {"chosen": None, "rejected": None}
    for side, pol, ref, want in (("chosen", pcf, rcf, chosen), ("rejected", prf, rrf, rejected)):
        if not want:
            continue
        total = pol[0].new_zeros(pol[0].shape[0])
        for s in range(len(pol)):
            lw = listed_weights(weights[s], always[s])
            if lw is not None:
                d, _ = feature_discrepancy(pol[s], ref[s], k=common["top_k"], weights=lw, zero_target=zero_target[s],
                                           always_include=always[s], policy_only=common["policy_only"],
                                           zero_target_baseline=common["zero_target_baseline"])
                total = total + d
        out[side] = total
    return out


def _listed_terms(pcf, prf, rcf, rrf, weights, zero_target, always, both_sides: bool, listed_weight: float,
                  top_k: int, policy_only: bool, zero_target_baseline: bool):
    """(D_L(y_w) for :func:`constraint_term` or None, the additive λ_L (D_L(y_w) + D_L(y_l)) or 0)."""
    listed = _listed_discrepancies(pcf, prf, rcf, rrf, weights, zero_target, always, top_k=top_k,
                                   policy_only=policy_only, zero_target_baseline=zero_target_baseline,
                                   chosen=both_sides or listed_weight > 0, rejected=listed_weight > 0)
    penalty = listed_weight * (listed["chosen"] + listed["rejected"]) if listed_weight > 0 else 0.0
    return (listed["chosen"] if both_sides else None), penalty


def _length_normalised(beta: float, *, policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
                       reference_rejected_logps, chosen_lengths, rejected_lengths):
    """SimPO's length-normalised margin minus the cached reference margin, all (B,):
    (β/|y_w| log π_θ(y_w) − β/|y_l| log π_θ(y_l) − γ_ref-LN, γ_ref-LN, chosen reward, rejected reward)."""
    # Eq. 9: the reference margin; constant with respect to θ, so it can come from the cache.
    gamma_ref_ln = beta * (
        per_token(reference_chosen_logps, chosen_lengths) - per_token(reference_rejected_logps, rejected_lengths)
    )
    chosen_lp = beta * per_token(policy_chosen_logps, chosen_lengths)
    rejected_lp = beta * per_token(policy_rejected_logps, rejected_lengths)
    chosen_rewards = beta * per_token(policy_chosen_logps - reference_chosen_logps, chosen_lengths)
    rejected_rewards = beta * per_token(policy_rejected_logps - reference_rejected_logps, rejected_lengths)
    return chosen_lp - rejected_lp - gamma_ref_ln, gamma_ref_ln, chosen_rewards, rejected_rewards


@LOSSES.register(
    "fpo",
    params=FPOParams,
    needs={Need.REFERENCE_LOGPS, Need.SAE_FEATURES, Need.REJECTED},
    summary="FPO: length-normalised DPO + cached reference margin + SAE feature MSE constraint",
)
def fpo_loss(
    *,
    policy_chosen_logps: torch.Tensor,
    policy_rejected_logps: torch.Tensor,
    reference_chosen_logps: torch.Tensor,
    reference_rejected_logps: torch.Tensor,
    chosen_lengths: torch.Tensor,
    rejected_lengths: torch.Tensor,
    policy_chosen_features: Features,
    policy_rejected_features: Features,
    reference_chosen_features: Features,
    reference_rejected_features: Features,
    feature_weights: Masks = None,
    feature_zero_target: Masks = None,
    feature_always_include: Masks = None,
    beta: float = 0.1,
    alpha: float = 0.5,
    top_k: int = 32,
    topk_policy_only: bool = False,
    alpha_inside_beta: bool = False,
    stop_gradient: bool = True,
    label_smoothing: float = 0.0,
    zero_target_baseline: bool = True,
    suppress_weight: float = 0.0,
    listed_both_sides: bool = False,
    listed_weight: float = 0.0,
) -> LossOutput:
    """FPO loss (paper Eq. 11, with Eq. 9 for the margin and Eq. 10 for D):

        u = β/|y_w| log π_θ(y_w|x) − β/|y_l| log π_θ(y_l|x) − γ_ref-LN − δ
        γ_ref-LN = β/|y_w| log π_ref(y_w|x) − β/|y_l| log π_ref(y_l|x)
        δ = α (D(y_l) − sg(D(y_w)))                       (× β when alpha_inside_beta)
        D(y) = Σ_SAEs (1/|I|) Σ_{i∈I} w_i (c̄_θ,i(y) − target_i(y))²
        I = top_k(c̄_θ(y)) ∪ top_k(c̄_ref(y)) ∪ {i : always_include_i}    (per example, per SAE)
        target_i = 0 if zero_target_i else c̄_ref,i(y)
            (zero targets count w_i (c̄_θ,i² − c̄_ref,i²) when zero_target_baseline, the default)
        loss = −log σ(u)  [+ λ (Z(y_w) + Z(y_l)) when suppress_weight λ > 0, see :func:`suppression`]
                          [+ λ_L (D_L(y_w) + D_L(y_l)) when listed_weight λ_L > 0]
        with listed_both_sides: δ = α (D(y_l) + D_L(y_w) − sg(D(y_w) − D_L(y_w))), see :func:`constraint_term`
        D_L(y) = D(y) restricted to the listed features L (w_i → w_i·[i ∈ L], same |I|)
        reward(y) = β/|y| (log π_θ(y|x) − log π_ref(y|x))

    With α = 0 this is TRL's length-normalised DPO (``loss_type="sigmoid_norm"``).
    Top-k keeps only features that fire (c̄ > 0), so I never depends on tie-breaking
    among zeros. Several SAEs (paper App. D.2): D is the sum of each SAE's D.
    Without the stop-gradient, lowering D(y_l) and *raising* D(y_w) both increase u;
    sg keeps the chosen side from being pushed away from the reference.

    The authors' code (MikaStars39/FeatureAlignment, ``model/fpo.py``) corresponds to
    ``topk_policy_only=True, alpha_inside_beta=True`` plus two trainer-side choices
    (pooling over the padded length, features read after the final norm).

    Args:
        policy_chosen_logps, policy_rejected_logps: (B,) sequence log-probs (sums) under π_θ.
        reference_chosen_logps, reference_rejected_logps: (B,) the same under π_ref (cacheable).
        chosen_lengths, rejected_lengths: (B,) |y_w|, |y_l|.
        policy_chosen_features, policy_rejected_features: list of (B, F_s) pooled policy SAE
            activations c̄_θ, one per SAE (a bare tensor means one SAE); carry the gradient.
        reference_chosen_features, reference_rejected_features: same shapes, dense pooled
            reference activations c̄_ref (cacheable).
        feature_weights: None or list of (F_s,) w_i (None = uniform 1).
        feature_zero_target: None or list of (F_s,) bool.
        feature_always_include: None or list of (F_s,) bool.
        beta, alpha, top_k, topk_policy_only, alpha_inside_beta, stop_gradient,
        label_smoothing: see :class:`FPOParams`.

    Metrics (all (B,)): ``gamma_ref_ln``; ``feature_d/chosen`` D(y_w) and ``feature_d/rejected``
    D(y_l), each the sum of ``feature_dist/ref_{chosen,rejected}`` (the squared distance to the
    reference on non-zero-target features, >= 0) and ``feature_drift/zero_{chosen,rejected}`` (the
    zero-target features' energy, relative to the reference's with ``zero_target_baseline``: it
    goes negative as they are suppressed); ``delta``; with λ > 0 ``suppress/chosen``,
    ``suppress/rejected``.
    """
    logps = dict(policy_chosen_logps=policy_chosen_logps, policy_rejected_logps=policy_rejected_logps,
                 reference_chosen_logps=reference_chosen_logps, reference_rejected_logps=reference_rejected_logps,
                 chosen_lengths=chosen_lengths, rejected_lengths=rejected_lengths)
    check_pairs(**logps)
    f = _PerSAE.of(policy_chosen_features, policy_rejected_features, reference_chosen_features,
                   reference_rejected_features, feature_weights, feature_zero_target, feature_always_include)
    opts = dict(k=top_k, policy_only=topk_policy_only, zero_target_baseline=zero_target_baseline)
    d_chosen = f.discrepancy(f.pcf, f.rcf, **opts).to(policy_chosen_logps.dtype)  # (B,)
    d_rejected = f.discrepancy(f.prf, f.rrf, **opts).to(policy_rejected_logps.dtype)  # (B,)
    d_chosen_listed, listed_penalty = _listed_terms(f.pcf, f.prf, f.rcf, f.rrf, f.weights, f.zero_target, f.always,
                                                    listed_both_sides, listed_weight, top_k, topk_policy_only,
                                                    zero_target_baseline)

    margin, gamma_ref_ln, chosen_rewards, rejected_rewards = _length_normalised(beta, **logps)
    constraint = constraint_term(d_rejected, d_chosen, d_chosen_listed, stop_gradient)
    delta = alpha * (beta if alpha_inside_beta else 1.0) * constraint  # (B,)
    u = margin - delta
    suppress_penalty, suppress_metrics = f.suppression(suppress_weight)
    losses = logsigmoid_loss(u, label_smoothing) + listed_penalty + suppress_penalty
    parts = dict(weights=f.weights, zero_target=f.zero_target, always_include=f.always, **opts)
    return LossOutput(
        losses=losses,
        chosen_rewards=chosen_rewards.detach(),
        rejected_rewards=rejected_rewards.detach(),
        metrics={
            "gamma_ref_ln": gamma_ref_ln.detach(),
            "feature_d/chosen": d_chosen.detach(),
            "feature_d/rejected": d_rejected.detach(),
            **{k: v for side, pol, ref in f.sides() for k, v in _d_parts(pol, ref, side, parts).items()},
            "delta": delta.detach(),
            **suppress_metrics,
        },
    )

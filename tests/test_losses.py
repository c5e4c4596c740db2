"""Golden tests for featurectl.losses: hand-made three-element batches, expected numbers
worked out in each docstring (torchtune style), equivalence with TRL's formulas, and the
invariants each method promises.

Throughout, f(u) = -log σ(u) = log(1 + e^{-u}):
    f(4) = 0.018150   f(3.5) = 0.029750  f(3) = 0.048587  f(2) = 0.126928
    f(1.5) = 0.201413 f(1.25) = 0.251929 f(1) = 0.313262  f(0.5) = 0.474077
    f(0) = ln 2 = 0.693147  f(-0.25) = 0.825939  f(-0.5) = 0.974077  f(-1) = 1.313262
    f(-2) = 2.126928  f(-2.25) = 2.350207  f(-2.5) = 2.578890
"""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

import pydantic
import pytest
import math

import torch
import torch.nn.functional as F

from featurectl.losses import LOSSES, LossOutput, LossParams, LossRegistry, Need
from featurectl.losses.fpo import fpo_loss
from featurectl.losses.preference import dpo_loss, sft_loss, simpo_kl_loss, simpo_loss
from featurectl.losses.tdpo import tdpo1_loss, tdpo2_loss

torch.set_num_threads(1)


def t(*values: float) -> torch.Tensor:
    return torch.tensor(values, dtype=torch.float32)


def close(actual: torch.Tensor, expected: list[float], atol: float = 1e-5) -> None:
    torch.testing.assert_close(actual, torch.tensor(expected, dtype=actual.dtype), atol=atol, rtol=0)


def grad_of(x: torch.Tensor) -> torch.Tensor:
    """x.grad, with "no path to the loss" (None) read as the zero gradient it means."""
    return torch.zeros_like(x) if x.grad is None else x.grad


def trl_source(relative: str) -> str:
    """Text of a TRL source file, read without importing TRL (the import costs seconds)."""
    spec = importlib.util.find_spec("trl")
    assert spec is not None and spec.submodule_search_locations, "trl is a dependency of featurectl"
    return (Path(list(spec.submodule_search_locations)[0]) / relative).read_text(encoding="utf-8")


# Shared batch for DPO / TDPO. Log-ratios: chosen pc - rc = [2, 0, 0], rejected pr - rr = [0, 2, 0].
PC, RC = t(-10.0, -20.0, -15.0), t(-12.0, -20.0, -15.0)
PR, RR = t(-20.0, -18.0, -15.0), t(-20.0, -20.0, -15.0)

# Shared batch for the length-normalised losses.
#   pc/|yw| = [-10/10, -30/10, -8/4] = [-1, -3, -2];  pr/|yl| = [-20/10, -10/5, -4/2] = [-2, -2, -2]
NPC, NLW = t(-10.0, -30.0, -8.0), t(10.0, 10.0, 4.0)
NPR, NLL = t(-20.0, -10.0, -4.0), t(10.0, 5.0, 2.0)


# --------------------------------------------------------------------------- SFT


def test_sft_sequence_mean_is_nll_per_token_of_each_response():
    """average="sequence": losses = -pc/|yw| = -[-10/10, -30/10, -8/4] = [1, 3, 2]; reward = -loss."""
    out = sft_loss(policy_chosen_logps=NPC, chosen_lengths=NLW, average="sequence")
    close(out.losses, [1.0, 3.0, 2.0])
    close(out.chosen_rewards, [-1.0, -3.0, -2.0])
    close(out.rejected_rewards, [0.0, 0.0, 0.0])


def test_sft_default_is_the_token_mean_over_the_batch():
    """Default average="token". pc = [-10, -30, -8], |yw| = [2, 10, 4]:
    token mean -Σpc/Σ|yw| = 48/16 = 3.0; sequence mean (10/2 + 30/10 + 8/4)/3 = (5 + 3 + 2)/3 = 10/3.
    Per-example losses are -pc/mean|yw| = [10, 30, 8]/(16/3) = [1.875, 5.625, 1.5] (mean 3.0)."""
    lengths = t(2.0, 10.0, 4.0)
    tok = sft_loss(policy_chosen_logps=NPC, chosen_lengths=lengths)
    seq = sft_loss(policy_chosen_logps=NPC, chosen_lengths=lengths, average="sequence")
    close(tok.losses, [1.875, 5.625, 1.5])
    close(tok.losses.mean().reshape(1), [3.0])
    close(seq.losses.mean().reshape(1), [10 / 3])
    close(tok.chosen_rewards, [-5.0, -3.0, -2.0])  # the reward stays the per-response mean


def test_sft_token_mean_matches_hf_causal_lm_loss():
    """TRL's SFTTrainer uses the model's loss: HF ForCausalLMLoss = cross_entropy over every
    non-ignored (-100) label, averaged over the tokens of the whole batch. Same logits and
    labels, responses of 3, 7 and 1 tokens: the summed log-probs fed to sft_loss give the same
    number; the per-sequence mean does not."""
    import torch.nn.functional as F

    g = torch.Generator().manual_seed(0)
    B, T, V = 3, 8, 11
    logits = torch.randn(B, T, V, generator=g)
    labels = torch.randint(0, V, (B, T), generator=g)
    for b, n in enumerate((3, 7, 1)):
        labels[b, : T - n] = -100  # prompt and padding are ignored
    hf = F.cross_entropy(logits.reshape(-1, V), labels.reshape(-1), ignore_index=-100)
    logp = torch.log_softmax(logits, -1).gather(-1, labels.clamp(min=0).unsqueeze(-1)).squeeze(-1)
    keep = labels != -100
    sums, lengths = (logp * keep).sum(-1), keep.sum(-1).float()
    torch.testing.assert_close(sft_loss(policy_chosen_logps=sums, chosen_lengths=lengths).losses.mean(), hf)
    seq = sft_loss(policy_chosen_logps=sums, chosen_lengths=lengths, average="sequence").losses.mean()
    assert abs(float(seq - hf)) > 1e-3


def test_zero_length_is_clamped_like_trl():
    """|y| = 0 (a response cut away by truncation) is clamped to 1 as TRL's sigmoid_norm does,
    so the loss stays finite: -[0/1, -2/1, -3/3] = [0, 2, 1]."""
    out = sft_loss(policy_chosen_logps=t(0.0, -2.0, -3.0), chosen_lengths=t(0.0, 1.0, 3.0), average="sequence")
    close(out.losses, [0.0, 2.0, 1.0])


def test_sft_takes_no_rejected_or_reference():
    params = set(inspect.signature(sft_loss).parameters)
    assert params == {"policy_chosen_logps", "chosen_lengths", "average"}


# --------------------------------------------------------------------------- DPO


def test_dpo_golden():
    """β = 0.5. u = β((pc-rc) - (pr-rr)) = 0.5·([2,0,0] - [0,2,0]) = [1, -1, 0].
    losses = [f(1), f(-1), f(0)] = [0.313262, 1.313262, 0.693147].
    rewards: chosen β(pc-rc) = [1, 0, 0], rejected β(pr-rr) = [0, 1, 0].
    """
    out = dpo_loss(
        policy_chosen_logps=PC, policy_rejected_logps=PR,
        reference_chosen_logps=RC, reference_rejected_logps=RR, beta=0.5,
    )
    close(out.losses, [0.313262, 1.313262, 0.693147])
    close(out.chosen_rewards, [1.0, 0.0, 0.0])
    close(out.rejected_rewards, [0.0, 1.0, 0.0])


def test_dpo_label_smoothing_is_cdpo():
    """ε = 0.1, u = [1, -1, 0]: loss = 0.9 f(u) + 0.1 f(-u).
    Since f(-u) - f(u) = u:  loss = f(u) + 0.1 u = [0.313262 + 0.1, 1.313262 - 0.1, 0.693147].
    """
    out = dpo_loss(
        policy_chosen_logps=PC, policy_rejected_logps=PR,
        reference_chosen_logps=RC, reference_rejected_logps=RR, beta=0.5, label_smoothing=0.1,
    )
    close(out.losses, [0.413262, 1.213262, 0.693147])


def _trl_dpo_sigmoid(beta, chosen_logps, rejected_logps, ref_chosen_logps, ref_rejected_logps):
    """TRL 1.16 DPOTrainer._compute_loss, f_divergence_type="reverse_kl", loss_type="sigmoid":
        chosen_logratios = chosen_logps - ref_chosen_logps                  (dpo_trainer.py l.1350)
        rejected_logratios = rejected_logps - ref_rejected_logps            (l.1351)
        chosen_scores, rejected_scores = chosen_logratios, rejected_logratios  (l.1353-1355)
        delta_score = chosen_scores - rejected_scores                       (l.1382)
        per_sequence_loss = -F.logsigmoid(self.beta * delta_score)          (l.1387-1388)
        chosen_rewards = self.beta * chosen_logratios.detach()              (l.1582-1583)
    """
    chosen_logratios = chosen_logps - ref_chosen_logps
    rejected_logratios = rejected_logps - ref_rejected_logps
    delta_score = chosen_logratios - rejected_logratios
    return -F.logsigmoid(beta * delta_score), beta * chosen_logratios, beta * rejected_logratios


def test_dpo_equals_trl_sigmoid():
    src = trl_source("trainer/dpo_trainer.py")
    # The lines our reference implementation restates; fails loudly if TRL changes them.
    assert "chosen_logratios = chosen_logps - ref_chosen_logps" in src
    sigmoid_branch = 'if loss_type == "sigmoid":\n                per_sequence_loss = -F.logsigmoid(self.beta * delta_score)'
    assert sigmoid_branch in src
    assert "chosen_rewards = self.beta * chosen_logratios.detach()" in src

    g = torch.Generator().manual_seed(0)
    pc, pr, rc, rr = (-50 * torch.rand(8, generator=g) for _ in range(4))
    out = dpo_loss(
        policy_chosen_logps=pc, policy_rejected_logps=pr,
        reference_chosen_logps=rc, reference_rejected_logps=rr, beta=0.1,
    )
    loss, cr, rj = _trl_dpo_sigmoid(0.1, pc, pr, rc, rr)
    torch.testing.assert_close(out.losses, loss)
    torch.testing.assert_close(out.chosen_rewards, cr)
    torch.testing.assert_close(out.rejected_rewards, rj)


# --------------------------------------------------------------------------- SimPO


def test_simpo_golden():
    """β = 2, γ = 0.5. u = 2(pc/|yw| - pr/|yl|) - 0.5 = 2·([-1,-3,-2] - [-2,-2,-2]) - 0.5
    = 2·[1, -1, 0] - 0.5 = [1.5, -2.5, -0.5].
    losses = [f(1.5), f(-2.5), f(-0.5)] = [0.201413, 2.578890, 0.974077].
    rewards: chosen 2·[-1,-3,-2] = [-2,-6,-4], rejected 2·[-2,-2,-2] = [-4,-4,-4].
    """
    out = simpo_loss(
        policy_chosen_logps=NPC, policy_rejected_logps=NPR,
        chosen_lengths=NLW, rejected_lengths=NLL, beta=2.0, gamma=0.5,
    )
    close(out.losses, [0.201413, 2.578890, 0.974077])
    close(out.chosen_rewards, [-2.0, -6.0, -4.0])
    close(out.rejected_rewards, [-4.0, -4.0, -4.0])


def test_simpo_equals_trl_cpo_simpo():
    """TRL 1.16 CPOTrainer.cpo_loss (experimental/cpo/cpo_trainer.py l.709-722), alpha = 0:
        logits = policy_chosen_logps - policy_rejected_logps   (both averaged per token, l.850)
        gamma_logratios = self.simpo_gamma / self.beta;  logits = logits - gamma_logratios
        losses = -logsigmoid(beta·logits)(1-ε) - logsigmoid(-beta·logits)·ε
        chosen_rewards = beta · policy_chosen_logps
    """
    src = trl_source("experimental/cpo/cpo_trainer.py")
    assert "gamma_logratios = self.simpo_gamma / self.beta" in src
    assert 'average_log_prob=self.loss_type in ["ipo", "simpo"]' in src

    g = torch.Generator().manual_seed(1)
    pc, pr = -100 * torch.rand(8, generator=g), -100 * torch.rand(8, generator=g)
    lw, ll = torch.randint(1, 60, (8,), generator=g).float(), torch.randint(1, 60, (8,), generator=g).float()
    beta, simpo_gamma, eps = 2.0, 0.5, 0.1
    logits = pc / lw - pr / ll - simpo_gamma / beta
    expected = -F.logsigmoid(beta * logits) * (1 - eps) - F.logsigmoid(-beta * logits) * eps
    out = simpo_loss(
        policy_chosen_logps=pc, policy_rejected_logps=pr, chosen_lengths=lw, rejected_lengths=ll,
        beta=beta, gamma=simpo_gamma, label_smoothing=eps,
    )
    torch.testing.assert_close(out.losses, expected)
    torch.testing.assert_close(out.chosen_rewards, beta * pc / lw)


def test_simpo_ignores_reference():
    """SimPO has no reference model: its signature names no reference tensor, so a
    trainer cannot pass one by mistake, and passing one is an error."""
    params = inspect.signature(simpo_loss).parameters
    assert not [p for p in params if p.startswith("reference") or "seq_kl" in p]
    assert not LOSSES["simpo"].needs_reference
    with pytest.raises(TypeError, match="reference_chosen_logps"):
        simpo_loss(
            policy_chosen_logps=NPC, policy_rejected_logps=NPR, chosen_lengths=NLW, rejected_lengths=NLL,
            reference_chosen_logps=NPC,
        )


# --------------------------------------------------------------------------- SimPO + KL


# K(y) = (ref - policy)/|y|.  rc = pc + |yw|·[0, 0.25, 0] -> K_w = [0, 0.25, 0]
#                             rr = pr + |yl|·[0.25, 0, -0.5] -> K_l = [0.25, 0, -0.5]
SKL_RC = t(-10.0, -27.5, -8.0)
SKL_RR = t(-17.5, -10.0, -5.0)


def test_simpo_kl_golden():
    """β = 2, γ = 0.5, α = 0.5. SimPO part (test_simpo_golden): [1.5, -2.5, -0.5].
    δ = αβ(K_l - K_w) = 1·([0.25, 0, -0.5] - [0, 0.25, 0]) = [0.25, -0.25, -0.5].
    u = [1.5 - 0.25, -2.5 + 0.25, -0.5 + 0.5] = [1.25, -2.25, 0].
    losses = [f(1.25), f(-2.25), f(0)] = [0.251929, 2.350207, 0.693147].
    """
    out = simpo_kl_loss(
        policy_chosen_logps=NPC, policy_rejected_logps=NPR,
        reference_chosen_logps=SKL_RC, reference_rejected_logps=SKL_RR,
        chosen_lengths=NLW, rejected_lengths=NLL, beta=2.0, gamma=0.5, alpha=0.5,
    )
    close(out.losses, [0.251929, 2.350207, 0.693147])
    close(out.metrics["kl_estimate/chosen"], [0.0, 0.25, 0.0])
    close(out.metrics["kl_estimate/rejected"], [0.25, 0.0, -0.5])
    close(out.metrics["delta"], [0.25, -0.25, -0.5])
    close(out.chosen_rewards, [-2.0, -6.0, -4.0])  # SimPO's rewards


def test_simpo_kl_alpha_zero_is_simpo():
    kw = dict(policy_chosen_logps=NPC, policy_rejected_logps=NPR, chosen_lengths=NLW, rejected_lengths=NLL)
    a = simpo_kl_loss(**kw, reference_chosen_logps=SKL_RC, reference_rejected_logps=SKL_RR, alpha=0.0)
    b = simpo_loss(**kw)
    torch.testing.assert_close(a.losses, b.losses)


def test_simpo_kl_gradients():
    """Stop-gradient on the chosen side, and the (1-α) damping on the rejected side:
    dL/dpc = -σ(-u)·β/|yw|               (the chosen KL term carries no gradient)
    dL/dpr = -σ(-u)·(-(1-α)β/|yl|) = σ(-u)(1-α)β/|yl|
    with u = [1.25, -2.25, 0] from test_simpo_kl_golden.
    """
    pc, pr = NPC.clone().requires_grad_(), NPR.clone().requires_grad_()
    out = simpo_kl_loss(
        policy_chosen_logps=pc, policy_rejected_logps=pr,
        reference_chosen_logps=SKL_RC, reference_rejected_logps=SKL_RR,
        chosen_lengths=NLW, rejected_lengths=NLL, beta=2.0, gamma=0.5, alpha=0.5,
    )
    out.losses.sum().backward()
    s = torch.sigmoid(-t(1.25, -2.25, 0.0))
    torch.testing.assert_close(pc.grad, -s * 2.0 / NLW)
    torch.testing.assert_close(pr.grad, s * 0.5 * 2.0 / NLL)


# --------------------------------------------------------------------------- TDPO

CKL, RKL = t(1.0, 0.0, 2.0), t(1.0, 2.0, 0.0)


def test_tdpo1_golden():
    """β = 0.5, D_w = [1, 0, 2], D_l = [1, 2, 0].
    DPO part: β((pc-rc) - (pr-rr)) = [1, -1, 0]  (test_dpo_golden).
    δ = β(D_l - D_w) = 0.5·[0, 2, -2] = [0, 1, -1].  u = [1, -2, 1].
    losses = [f(1), f(-2), f(1)] = [0.313262, 2.126928, 0.313262].
    rewards (official code): β(logratio + D): chosen 0.5·([2,0,0] + [1,0,2]) = [1.5, 0, 1],
    rejected 0.5·([0,2,0] + [1,2,0]) = [0.5, 2, 0]; their difference [1, -2, 1] = u.
    """
    out = tdpo1_loss(
        policy_chosen_logps=PC, policy_rejected_logps=PR,
        reference_chosen_logps=RC, reference_rejected_logps=RR,
        chosen_seq_kl=CKL, rejected_seq_kl=RKL, beta=0.5,
    )
    close(out.losses, [0.313262, 2.126928, 0.313262])
    close(out.chosen_rewards, [1.5, 0.0, 1.0])
    close(out.rejected_rewards, [0.5, 2.0, 0.0])
    close(out.metrics["kl/chosen"], [1.0, 0.0, 2.0])
    close(out.metrics["kl/rejected"], [1.0, 2.0, 0.0])


def test_tdpo2_golden():
    """β = 0.5, α = 0.5. δ = α(βD_l - sg(βD_w)) = 0.5·0.5·[0, 2, -2] = [0, 0.5, -0.5].
    u = [1, -1, 0] - δ = [1, -1.5, 0.5].
    losses = [f(1), f(-1.5), f(0.5)] = [0.313262, 1.701413, 0.474077].
    """
    out = tdpo2_loss(
        policy_chosen_logps=PC, policy_rejected_logps=PR,
        reference_chosen_logps=RC, reference_rejected_logps=RR,
        chosen_seq_kl=CKL, rejected_seq_kl=RKL, beta=0.5, alpha=0.5,
    )
    close(out.losses, [0.313262, 1.701413, 0.474077])
    close(out.metrics["delta"], [0.0, 0.5, -0.5])


def test_tdpo_kl_gradients():
    """TDPO-2: dL/dD_w = 0 (stop-gradient); dL/dD_l = -σ(-u)·(-αβ) = αβσ(-u), u = [1, -1.5, 0.5].
    TDPO-1 has no stop-gradient: dL/dD_w = -σ(-u)·β with u = [1, -2, 1]."""
    ckl, rkl = CKL.clone().requires_grad_(), RKL.clone().requires_grad_()
    kw = dict(policy_chosen_logps=PC, policy_rejected_logps=PR, reference_chosen_logps=RC,
              reference_rejected_logps=RR, chosen_seq_kl=ckl, rejected_seq_kl=rkl)
    tdpo2_loss(**kw, beta=0.5, alpha=0.5).losses.sum().backward()
    assert torch.equal(grad_of(ckl), torch.zeros(3))
    torch.testing.assert_close(rkl.grad, 0.25 * torch.sigmoid(-t(1.0, -1.5, 0.5)))

    ckl.grad = rkl.grad = None
    tdpo1_loss(**kw, beta=0.5).losses.sum().backward()
    torch.testing.assert_close(ckl.grad, -0.5 * torch.sigmoid(-t(1.0, -2.0, 1.0)))


def test_tdpo_matches_official_code():
    """Official tdpo_loss (Vance0124/Token-level-Direct-Preference-Optimization, trainers.py):
        tdpo1: logits = (cm - rm) + chosen_position_kl - rejected_position_kl
        tdpo2: logits = (cm - rm) + alpha·(chosen_position_kl.detach() - rejected_position_kl)
        losses = -logsigmoid(beta·logits)
    where cm, rm are the chosen / rejected policy-minus-reference log-ratios."""
    g = torch.Generator().manual_seed(2)
    pc, pr, rc, rr = (-50 * torch.rand(8, generator=g) for _ in range(4))
    ckl, rkl = 5 * torch.rand(8, generator=g), 5 * torch.rand(8, generator=g)
    cm, rm = pc - rc, pr - rr
    kw = dict(policy_chosen_logps=pc, policy_rejected_logps=pr, reference_chosen_logps=rc,
              reference_rejected_logps=rr, chosen_seq_kl=ckl, rejected_seq_kl=rkl)
    torch.testing.assert_close(
        tdpo1_loss(**kw, beta=0.1).losses, -F.logsigmoid(0.1 * ((cm - rm) + ckl - rkl))
    )
    torch.testing.assert_close(
        tdpo2_loss(**kw, beta=0.1, alpha=0.5).losses, -F.logsigmoid(0.1 * ((cm - rm) + 0.5 * (ckl - rkl)))
    )


# --------------------------------------------------------------------------- FPO

# Length-normalised log-ratios: (pc - rc)/|yw| = [1, 0, 0], (pr - rr)/|yl| = [0, 2, 0].
FRC = t(-20.0, -30.0, -8.0)  # rc/|yw| = [-2, -3, -2]
FRR = t(-20.0, -20.0, -4.0)  # rr/|yl| = [-2, -4, -2]

# One SAE, F = 6, k = 2. Rows 0 and 1 (worked in tests/test_feature_math.py):
#   chosen:   policy [3,0,1,2,0,0], ref [2,0,0,0,1,4]; I = {0,3} ∪ {5,0} = {0,3,5}
#             D_w = (1² + 2² + 4²)/3 = 7   (policy-only I = {0,3}: (1 + 4)/2 = 2.5)
#   rejected: policy [0,5,0,0,1,0], ref [0,4,0,0,0,1]; I = {1,4} ∪ {1,5} = {1,4,5}
#             D_l = (1 + 1 + 1)/3 = 1      (policy-only I = {1,4}: (1 + 1)/2 = 1)
# Row 2: policy == reference on both sides, so D = 0.
_PW = [3.0, 0.0, 1.0, 2.0, 0.0, 0.0]
_RW = [2.0, 0.0, 0.0, 0.0, 1.0, 4.0]
_PL = [0.0, 5.0, 0.0, 0.0, 1.0, 0.0]
_RL = [0.0, 4.0, 0.0, 0.0, 0.0, 1.0]


def fpo_batch(requires_grad: bool = False) -> dict:
    pcf = torch.tensor([_PW, _PW, _RW]).requires_grad_(requires_grad)
    prf = torch.tensor([_PL, _PL, _RL]).requires_grad_(requires_grad)
    return dict(
        policy_chosen_logps=NPC, policy_rejected_logps=NPR,
        reference_chosen_logps=FRC, reference_rejected_logps=FRR,
        chosen_lengths=NLW, rejected_lengths=NLL,
        policy_chosen_features=[pcf], policy_rejected_features=[prf],
        reference_chosen_features=[torch.tensor([_RW, _RW, _RW])],
        reference_rejected_features=[torch.tensor([_RL, _RL, _RL])],
    )


def test_fpo_golden_paper_form():
    """β = 0.5, α = 0.5, k = 2.
    LPD: β(pc/|yw| - pr/|yl|) = 0.5·([-1,-3,-2] - [-2,-2,-2]) = [0.5, -0.5, 0].
    γ_ref-LN = β(rc/|yw| - rr/|yl|) = 0.5·([-2,-3,-2] - [-2,-4,-2]) = [0, 0.5, 0].
    δ = α(D_l - sg(D_w)) = 0.5·([1,1,0] - [7,7,0]) = [-3, -3, 0].
    u = [0.5 - 0 + 3, -0.5 - 0.5 + 3, 0] = [3.5, 2, 0].
    losses = [f(3.5), f(2), f(0)] = [0.029750, 0.126928, 0.693147].
    rewards β(p - r)/|y|: chosen 0.5·[1,0,0] = [0.5,0,0], rejected 0.5·[0,2,0] = [0,1,0].
    """
    out = fpo_loss(**fpo_batch(), beta=0.5, alpha=0.5, top_k=2)
    close(out.losses, [0.029750, 0.126928, 0.693147])
    close(out.metrics["gamma_ref_ln"], [0.0, 0.5, 0.0])
    close(out.metrics["feature_d/chosen"], [7.0, 7.0, 0.0])
    close(out.metrics["feature_d/rejected"], [1.0, 1.0, 0.0])
    close(out.metrics["delta"], [-3.0, -3.0, 0.0])
    close(out.chosen_rewards, [0.5, 0.0, 0.0])
    close(out.rejected_rewards, [0.0, 1.0, 0.0])


def test_fpo_alpha_inside_beta():
    """Authors' δ = βα(D_l - D_w) = 0.25·[-6, -6, 0] = [-1.5, -1.5, 0].
    u = [0.5 + 1.5, -1 + 1.5, 0] = [2, 0.5, 0]; losses = [0.126928, 0.474077, 0.693147]."""
    out = fpo_loss(**fpo_batch(), beta=0.5, alpha=0.5, top_k=2, alpha_inside_beta=True)
    close(out.losses, [0.126928, 0.474077, 0.693147])


def test_fpo_topk_policy_only():
    """Policy-only I: D_w = 2.5, D_l = 1. δ = 0.5·(1 - 2.5) = -0.75 on rows 0-1.
    u = [0.5 + 0.75, -1 + 0.75, 0] = [1.25, -0.25, 0]; losses = [0.251929, 0.825939, 0.693147]."""
    out = fpo_loss(**fpo_batch(), beta=0.5, alpha=0.5, top_k=2, topk_policy_only=True)
    close(out.losses, [0.251929, 0.825939, 0.693147])
    close(out.metrics["feature_d/chosen"], [2.5, 2.5, 0.0])


def _trl_sigmoid_norm(beta, pc, pr, rc, rr, lw, ll):
    """TRL 1.16 DPOTrainer._compute_loss, loss_type="sigmoid_norm" (dpo_trainer.py l.1504-1509):
        chosen_avg_score = chosen_scores / chosen_mask.sum(dim=1).clamp(min=1.0)
        rejected_avg_score = rejected_scores / rejected_mask.sum(dim=1).clamp(min=1.0)
        delta = chosen_avg_score - rejected_avg_score
        per_sequence_loss = -F.logsigmoid(self.beta * delta)
    with chosen_scores = pc - rc (reverse KL). I.e. -log σ(β(pc-rc)/|yw| - β(pr-rr)/|yl|).
    """
    delta = (pc - rc) / lw.clamp(min=1.0) - (pr - rr) / ll.clamp(min=1.0)
    return -F.logsigmoid(beta * delta)


def test_fpo_alpha_zero_equals_trl_sigmoid_norm():
    """Golden: α = 0, β = 0.5: u = LPD - γ_ref-LN = [0.5, -1, 0]; losses [0.474077, 1.313262, 0.693147]
    = β((pc-rc)/|yw| - (pr-rr)/|yl|) = 0.5·([1,0,0] - [0,2,0]). Then random data against TRL."""
    src = trl_source("trainer/dpo_trainer.py")
    assert 'elif loss_type == "sigmoid_norm":' in src
    assert "chosen_avg_score = chosen_scores / chosen_mask.sum(dim=1).clamp(min=1.0)" in src

    out = fpo_loss(**fpo_batch(), beta=0.5, alpha=0.0, top_k=2)
    close(out.losses, [0.474077, 1.313262, 0.693147])

    g = torch.Generator().manual_seed(3)
    pc, pr, rc, rr = (-80 * torch.rand(8, generator=g) for _ in range(4))
    lw, ll = torch.randint(1, 40, (8,), generator=g).float(), torch.randint(1, 40, (8,), generator=g).float()
    feats = [torch.rand(8, 16, generator=g)]
    out = fpo_loss(
        policy_chosen_logps=pc, policy_rejected_logps=pr, reference_chosen_logps=rc,
        reference_rejected_logps=rr, chosen_lengths=lw, rejected_lengths=ll,
        policy_chosen_features=feats, policy_rejected_features=[torch.rand(8, 16, generator=g)],
        reference_chosen_features=[torch.rand(8, 16, generator=g)],
        reference_rejected_features=[torch.rand(8, 16, generator=g)], beta=0.1, alpha=0.0,
    )
    torch.testing.assert_close(out.losses, _trl_sigmoid_norm(0.1, pc, pr, rc, rr, lw, ll))


def test_fpo_matches_authors_code_form():
    """MikaStars39/FeatureAlignment feature_alignment/model/fpo.py, on already-pooled features:
        logps_margin = policy_avg - ref_avg                     (per response)
        pi_fm, idx = topk(pi_fm, k); ref_fm = gather(ref_fm, idx); mse = (ref_fm - pi_fm)².mean(-1)
        logits = (margin_w - margin_l) - alpha·(mse_l - mse_w.detach())
        losses = -logsigmoid(beta·logits)
    = our fpo with topk_policy_only=True, alpha_inside_beta=True (features all > 0 here, so
    dropping non-firing features from top-k changes nothing)."""
    g = torch.Generator().manual_seed(4)
    B, Fd, k, beta, alpha = 6, 20, 5, 0.1, 0.5
    pc, pr, rc, rr = (-80 * torch.rand(B, generator=g) for _ in range(4))
    lw, ll = torch.randint(1, 40, (B,), generator=g).float(), torch.randint(1, 40, (B,), generator=g).float()
    pcf, prf, rcf, rrf = (torch.rand(B, Fd, generator=g) + 0.01 for _ in range(4))

    def mse(pi, ref):
        top, idx = torch.topk(pi, k, dim=-1)
        return (torch.gather(ref, -1, idx) - top).pow(2).mean(-1)

    logits = ((pc - rc) / lw - (pr - rr) / ll) - alpha * (mse(prf, rrf) - mse(pcf, rcf))
    expected = -F.logsigmoid(beta * logits)
    out = fpo_loss(
        policy_chosen_logps=pc, policy_rejected_logps=pr, reference_chosen_logps=rc,
        reference_rejected_logps=rr, chosen_lengths=lw, rejected_lengths=ll,
        policy_chosen_features=[pcf], policy_rejected_features=[prf],
        reference_chosen_features=[rcf], reference_rejected_features=[rrf],
        beta=beta, alpha=alpha, top_k=k, topk_policy_only=True, alpha_inside_beta=True,
    )
    torch.testing.assert_close(out.losses, expected)


def test_fpo_zero_weights_equals_alpha_zero():
    """All w_i = 0 makes D = 0 on both sides, so δ = 0 whatever α is."""
    batch = fpo_batch()
    zero_w = fpo_loss(**batch, beta=0.5, alpha=0.5, top_k=2, feature_weights=[torch.zeros(6)])
    no_constraint = fpo_loss(**batch, beta=0.5, alpha=0.0, top_k=2)
    torch.testing.assert_close(zero_w.losses, no_constraint.losses)
    close(zero_w.metrics["feature_d/rejected"], [0.0, 0.0, 0.0])


def test_fpo_stop_gradient_blocks_chosen_features():
    """With sg, policy_chosen_features reach the loss only through sg(D_w): grad is exactly 0.
    Without sg, row 0's grad is dL/du·(+α)·dD_w/dc = -σ(-u)·α·2(c - r)/|I| on I = {0,3,5}:
    u₀ = 3.5 (sg does not change the value), c - r = [1, ·, ·, 2, ·, -4], |I| = 3."""
    batch = fpo_batch(requires_grad=True)
    fpo_loss(**batch, beta=0.5, alpha=0.5, top_k=2).losses.sum().backward()
    pcf, prf = batch["policy_chosen_features"][0], batch["policy_rejected_features"][0]
    assert torch.equal(grad_of(pcf), torch.zeros_like(pcf))
    assert prf.grad.abs().sum() > 0  # the rejected side does get the constraint's gradient

    batch = fpo_batch(requires_grad=True)
    fpo_loss(**batch, beta=0.5, alpha=0.5, top_k=2, stop_gradient=False).losses.sum().backward()
    pcf = batch["policy_chosen_features"][0]
    scale = -torch.sigmoid(torch.tensor(-3.5)) * 0.5 * 2 / 3
    close(pcf.grad[0], [float(scale * 1), 0.0, 0.0, float(scale * 2), 0.0, float(scale * -4)])


def test_fpo_zero_target_pushes_toward_zero():
    """Rejected row 0, feature 1: policy 5, reference 4, in I = {1,4,5}, |I| = 3, α = 0.5.
    dL/dc₁ = dL/du · du/dD_l · dD_l/dc₁ = (-σ(-u))(-α)·2(c₁ - target)/3 = σ(-u)·(c₁ - target)/3.
    target = reference 4: D_l = 1 -> u₀ = 3.5 (golden)   -> grad = σ(-3.5)·(5-4)/3.
    target = 0:           D_l = (25 + 1 + 1)/3 = 9, δ = 0.5(9 - 7) = 1 -> u₀ = 0.5 - 1 = -0.5
                          -> grad = σ(0.5)·5/3 > 0: descent moves c₁ toward 0."""
    zero = torch.zeros(6, dtype=torch.bool)
    zero[1] = True
    for zt, u0, target in ((None, 3.5, 4.0), ([zero], -0.5, 0.0)):
        batch = fpo_batch(requires_grad=True)
        out = fpo_loss(**batch, beta=0.5, alpha=0.5, top_k=2, feature_zero_target=zt, zero_target_baseline=False)
        out.losses.sum().backward()
        grad = batch["policy_rejected_features"][0].grad[0, 1]
        expected = torch.sigmoid(torch.tensor(-u0)) * (5.0 - target) / 3
        torch.testing.assert_close(grad, expected)
    # Row 2 (policy = reference = [0,4,0,0,0,1]): I = {1,5}, D_l = ((4-0)² + 0)/2 = 8.
    close(out.metrics["feature_d/rejected"], [9.0, 9.0, 8.0])


def test_fpo_several_saes_sum():
    """Two SAEs: D is the sum of each SAE's D (paper App. D.2). SAE 2 is SAE 1 with features
    doubled, so D₂ = 4·D₁: D_w = 7 + 28 = 35, D_l = 1 + 4 = 5 on rows 0-1."""
    b = fpo_batch()
    two = dict(b)
    for key in ("policy_chosen_features", "policy_rejected_features",
                "reference_chosen_features", "reference_rejected_features"):
        two[key] = [b[key][0], 2 * b[key][0]]
    out = fpo_loss(**two, beta=0.5, alpha=0.5, top_k=2)
    close(out.metrics["feature_d/chosen"], [35.0, 35.0, 0.0])
    close(out.metrics["feature_d/rejected"], [5.0, 5.0, 0.0])
    with pytest.raises(ValueError, match="feature_weights has 1 entries but there are 2 SAEs"):
        fpo_loss(**two, feature_weights=[torch.ones(6)])


# --------------------------------------------------------------------------- registry

TENSOR_NAMES = {
    "policy_chosen_logps", "policy_rejected_logps", "chosen_lengths", "rejected_lengths",
    "reference_chosen_logps", "reference_rejected_logps", "chosen_seq_kl", "rejected_seq_kl",
    "policy_chosen_features", "policy_rejected_features", "reference_chosen_features",
    "reference_rejected_features", "feature_weights", "feature_zero_target", "feature_always_include",
}


def test_every_method_registered():
    assert set(LOSSES) == {"sft", "dpo", "simpo", "simpo_kl", "tdpo1", "tdpo2", "fpo"}


def test_needs_declared():
    R, T, S, J = Need.REFERENCE_LOGPS, Need.REFERENCE_TOKEN_DISTRIBUTIONS, Need.SAE_FEATURES, Need.REJECTED
    assert {n: set(s.needs) for n, s in LOSSES.items()} == {
        "sft": set(),
        "dpo": {R, J},
        "simpo": {J},
        "simpo_kl": {R, J},
        "tdpo1": {R, T, J},
        "tdpo2": {R, T, J},
        "fpo": {R, S, J},
    }
    # The offline cache serves exactly dpo, simpo_kl and fpo; simpo needs no reference at all.
    assert {n for n, s in LOSSES.items() if s.cacheable_reference} == {"dpo", "simpo_kl", "fpo"}
    assert {n for n, s in LOSSES.items() if s.needs_reference} == {"dpo", "simpo_kl", "fpo", "tdpo1", "tdpo2"}


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_signature_matches_contract(name):
    """Tensors are keyword-only and named per base.py's table; every hyper-parameter is a
    field of the method's params class with the same default, so fn(**tensors, **params)
    is the whole calling convention."""
    spec = LOSSES[name]
    sig = inspect.signature(spec.fn)
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in sig.parameters.values())
    hyper = {n: p.default for n, p in sig.parameters.items() if n not in TENSOR_NAMES}
    required = {n for n, p in sig.parameters.items() if p.default is inspect.Parameter.empty}
    assert required <= TENSOR_NAMES
    assert hyper == spec.params().model_dump()
    assert spec.summary and spec.fn.__doc__ and "(B,)" in spec.fn.__doc__


def _tensors_for(spec, B=3, Fd=8):
    g = torch.Generator().manual_seed(5)
    avail = dict(
        policy_chosen_logps=-20 * torch.rand(B, generator=g), policy_rejected_logps=-20 * torch.rand(B, generator=g),
        chosen_lengths=t(3.0, 5.0, 7.0), rejected_lengths=t(4.0, 6.0, 2.0),
        reference_chosen_logps=-20 * torch.rand(B, generator=g),
        reference_rejected_logps=-20 * torch.rand(B, generator=g),
        chosen_seq_kl=torch.rand(B, generator=g), rejected_seq_kl=torch.rand(B, generator=g),
        policy_chosen_features=[torch.rand(B, Fd, generator=g)],
        policy_rejected_features=[torch.rand(B, Fd, generator=g)],
        reference_chosen_features=[torch.rand(B, Fd, generator=g)],
        reference_rejected_features=[torch.rand(B, Fd, generator=g)],
    )
    names = inspect.signature(spec.fn).parameters
    return {k: v for k, v in avail.items() if k in names}


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_call_with_default_params(name):
    spec = LOSSES[name]
    tensors = _tensors_for(spec)
    for k in ("policy_chosen_logps", "policy_rejected_logps"):
        if k in tensors:
            tensors[k] = tensors[k].requires_grad_()
    out = spec.fn(**tensors, **spec.params().model_dump())
    assert isinstance(out, LossOutput)
    for x in (out.losses, out.chosen_rewards, out.rejected_rewards):
        assert x.shape == (3,) and torch.isfinite(x).all()
    assert out.losses.requires_grad
    assert not out.chosen_rewards.requires_grad and not out.rejected_rewards.requires_grad
    assert all(not m.requires_grad for m in out.metrics.values())


def test_paper_table5_defaults():
    d = {n: s.params().model_dump() for n, s in LOSSES.items()}
    assert d["dpo"]["beta"] == 0.1 and d["tdpo1"]["beta"] == 0.1
    assert (d["tdpo2"]["beta"], d["tdpo2"]["alpha"]) == (0.1, 0.5)
    assert (d["simpo"]["beta"], d["simpo"]["gamma"]) == (2.0, 0.5)
    assert (d["fpo"]["beta"], d["fpo"]["alpha"], d["fpo"]["stop_gradient"]) == (0.1, 0.5, True)
    assert all(v.get("label_smoothing", 0.0) == 0.0 for v in d.values())


def test_params_unknown_key_names_it():
    with pytest.raises(pydantic.ValidationError, match="top_kk"):
        LOSSES["fpo"].params(top_kk=3)
    with pytest.raises(pydantic.ValidationError, match="beta"):
        LOSSES["dpo"].params(beta=-1.0)


def test_registry_refuses_duplicates():
    reg = LossRegistry()

    class P(LossParams):
        pass

    reg.register("x", params=P, needs=set(), summary="x")(lambda: None)
    with pytest.raises(ValueError, match="'x' is already registered"):
        reg.register("x", params=P, needs=set(), summary="x again")(lambda: None)
    with pytest.raises(ValueError, match="'dpo' is already registered"):
        LOSSES.register("dpo", params=P, needs=set(), summary="shadow")(lambda: None)
    assert LOSSES["dpo"].fn is dpo_loss
    with pytest.raises(KeyError, match="unknown method 'dpoo'"):
        LOSSES["dpoo"]


def test_fpo_suppress_weight_pulls_zero_target_features_on_both_sides():
    """λ = 0.5, one SAE, F = 3, feature 1 zero-target with w_1 = 2 (S = {1}, |S| = 1).
    c̄_θ(y_w) = [1, 3, 0], c̄_θ(y_l) = [0, 2, 1]:
        Z(y_w) = 2·3² = 18, Z(y_l) = 2·2² = 8, penalty = 0.5·(18 + 8) = 13.
        ∂penalty/∂c̄_θ,1(y_w) = 0.5·2·2·3 = 6, ∂/∂c̄_θ,1(y_l) = 0.5·2·2·2 = 4; other features 0
        (α = 0 so the sigmoid part has no feature gradient)."""
    import torch

    from featurectl.losses import LOSSES

    fn = LOSSES["fpo"].fn
    pc = torch.tensor([[1.0, 3.0, 0.0]], requires_grad=True)
    pr = torch.tensor([[0.0, 2.0, 1.0]], requires_grad=True)
    ref = torch.zeros(1, 3)
    common = dict(
        policy_chosen_logps=torch.tensor([-4.0]), policy_rejected_logps=torch.tensor([-6.0]),
        reference_chosen_logps=torch.tensor([-4.0]), reference_rejected_logps=torch.tensor([-6.0]),
        chosen_lengths=torch.tensor([2.0]), rejected_lengths=torch.tensor([2.0]),
        policy_chosen_features=[pc], policy_rejected_features=[pr],
        reference_chosen_features=[ref], reference_rejected_features=[ref],
        feature_weights=[torch.tensor([1.0, 2.0, 1.0])],
        feature_zero_target=[torch.tensor([False, True, False])], alpha=0.0,
    )
    base = fn(**common).losses
    out = fn(**common, suppress_weight=0.5)
    assert torch.allclose(out.losses - base, torch.tensor([13.0]))
    assert out.metrics["suppress/chosen"].item() == 18.0 and out.metrics["suppress/rejected"].item() == 8.0
    out.losses.sum().backward()
    assert torch.allclose(pc.grad, torch.tensor([[0.0, 6.0, 0.0]]))
    assert torch.allclose(pr.grad, torch.tensor([[0.0, 4.0, 0.0]]))


def test_zero_target_baseline_is_zero_before_training_and_keeps_the_gradient():
    """F = 4, I = all 4 (k = 4), feature 1 zero-target with w_1 = 2, others w = 1.
    policy = reference = [1, 3, 0, 2]:
        plain:    D = (0 + 2·3² + 0 + 0)/3 = 6      (|I| = 3: feature 2 does not fire)
        baseline: D = 6 − 2·3²/3 = 0              (nothing has moved yet)
    policy = [1, 4, 0, 2]: plain D = 2·16/3 = 32/3, baseline D = 32/3 − 6 = 14/3;
    dD/dc₁ = 2·2·4/3 = 16/3 in both forms."""
    from featurectl.losses.features import feature_discrepancy

    ref = torch.tensor([[1.0, 3.0, 0.0, 2.0]])
    w = torch.tensor([1.0, 2.0, 1.0, 1.0])
    zt = torch.tensor([False, True, False, False])
    kw = dict(k=4, weights=w, zero_target=zt)
    d0, _ = feature_discrepancy(ref.clone(), ref, **kw, zero_target_baseline=False)
    d1, _ = feature_discrepancy(ref.clone(), ref, **kw, zero_target_baseline=True)
    close(d0, [6.0])
    close(d1, [0.0])
    grads = []
    for base, expected in ((False, 32 / 3), (True, 14 / 3)):
        pol = torch.tensor([[1.0, 4.0, 0.0, 2.0]], requires_grad=True)
        d, _ = feature_discrepancy(pol, ref, **kw, zero_target_baseline=base)
        close(d, [expected])
        d.sum().backward()
        grads.append(pol.grad.clone())
    torch.testing.assert_close(grads[0], grads[1])
    close(grads[1][0], [0.0, 16 / 3, 0.0, 0.0])


def test_fpo_zero_target_set_does_not_saturate_at_step_zero():
    """policy = reference on both sides, zero-target features firing on the chosen side:
    with the baseline δ = 0 and the loss is log 2 (u = 0), as for uniform FPO; without it
    δ = −α·D(y_w) < 0 shifts u up and the loss shrinks toward 0 (vanishing gradient)."""
    c = torch.tensor([[0.0, 9.0, 1.0]])
    r = torch.tensor([[0.0, 0.5, 1.0]])
    batch = dict(
        policy_chosen_logps=torch.tensor([-4.0]), policy_rejected_logps=torch.tensor([-4.0]),
        reference_chosen_logps=torch.tensor([-4.0]), reference_rejected_logps=torch.tensor([-4.0]),
        chosen_lengths=torch.tensor([2.0]), rejected_lengths=torch.tensor([2.0]),
        policy_chosen_features=[c], policy_rejected_features=[r],
        reference_chosen_features=[c.clone()], reference_rejected_features=[r.clone()],
        feature_weights=[torch.tensor([1.0, 5.0, 1.0])],
        feature_zero_target=[torch.tensor([False, True, False])],
        feature_always_include=[torch.tensor([False, True, False])],
    )
    with_base = fpo_loss(**batch, alpha=0.5)
    torch.testing.assert_close(with_base.losses, torch.tensor([math.log(2.0)]))
    plain = fpo_loss(**batch, alpha=0.5, zero_target_baseline=False)
    # D_w = 5·81/2 = 202.5, D_l = 5·0.25/2 = 0.625 -> δ = 0.5·(0.625 − 202.5) -> u = 100.94
    torch.testing.assert_close(plain.metrics["delta"], torch.tensor([0.5 * (0.625 - 202.5)]))
    assert plain.losses.item() < 1e-40


def test_fpo_d_parts_add_up_and_name_their_sign():
    """F = 4, k = 4 (I = the features that fire), feature 1 zero-target with w₁ = 2, others w = 1.
    reference c̄_ref = [1, 3, 0, 2]; policy c̄_θ = [2, 1, 0, 2]   -> I = {0, 1, 3}, |I| = 3.
        to reference:  (1·(2−1)² + 1·(2−2)²)/3                = 1/3   (>= 0)
        zero drift, baseline:  2·(1² − 3²)/3                  = −16/3 (suppressed below the ref)
        zero drift, plain:     2·1²/3                         = 2/3
        D = to_ref + drift: baseline 1/3 − 16/3 = −5,  plain 1/3 + 2/3 = 1.
    The same tensors on both sides, so chosen and rejected agree; the loss is unchanged by the
    split (δ = α(D_l − D_w) = 0 here: u = 0, loss log 2)."""
    ref = torch.tensor([[1.0, 3.0, 0.0, 2.0]])
    pol = torch.tensor([[2.0, 1.0, 0.0, 2.0]])
    lp = torch.tensor([-4.0])
    batch = dict(
        policy_chosen_logps=lp, policy_rejected_logps=lp, reference_chosen_logps=lp,
        reference_rejected_logps=lp, chosen_lengths=torch.tensor([2.0]), rejected_lengths=torch.tensor([2.0]),
        policy_chosen_features=[pol], policy_rejected_features=[pol.clone()],
        reference_chosen_features=[ref], reference_rejected_features=[ref.clone()],
        feature_weights=[torch.tensor([1.0, 2.0, 1.0, 1.0])],
        feature_zero_target=[torch.tensor([False, True, False, False])], top_k=4,
    )
    for base, drift, d in ((True, -16 / 3, -5.0), (False, 2 / 3, 1.0)):
        out = fpo_loss(**batch, alpha=0.5, zero_target_baseline=base)
        for side in ("chosen", "rejected"):
            close(out.metrics[f"feature_dist/ref_{side}"], [1 / 3])
            close(out.metrics[f"feature_drift/zero_{side}"], [drift])
            close(out.metrics[f"feature_d/{side}"], [d])
        torch.testing.assert_close(out.losses, torch.tensor([math.log(2.0)]))
    # golden batch (no zero targets): all of D is the distance to the reference, drift is 0
    golden = fpo_loss(**fpo_batch(), beta=0.5, alpha=0.5, top_k=2)
    close(golden.metrics["feature_dist/ref_chosen"], [7.0, 7.0, 0.0])
    close(golden.metrics["feature_drift/zero_rejected"], [0.0, 0.0, 0.0])

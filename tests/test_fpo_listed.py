"""FPO's listed-feature options, checked by gradient direction on hand-made tensors.

One SAE, F = 4, k = 4. Listed features L = {0, 2} (a feature set's features with β > 0):
feature 0 has target zero, feature 2 target reference; all weights 1.
Chosen:   c̄_θ(y_w) = [2, 1, 3, 0.5], c̄_ref(y_w) = [1, 1, 1, 0.5]  -> all fire, |I| = 4
Rejected: c̄_θ(y_l) = c̄_ref(y_l) = [1, 1, 1, 1]                  -> D(y_l) = 0 (zero-target baseline)
Log-probs of policy and reference are equal, so u = −δ.
    D_L(y_w) = ((2² − 1²) + (3 − 1)²) / 4 = 7/4;   D(y_w) = D_L(y_w) (features 1, 3 do not move)
    ∂D_L/∂c̄_0 = 2·2/4 = 1 (toward 0),  ∂D_L/∂c̄_2 = 2·(3 − 1)/4 = 1 (toward the reference 1)
"""

import math

import torch

from featurectl.losses import LOSSES
from featurectl.losses.fpo import constraint_term

ALPHA = 0.5


def _inputs(chosen=(2.0, 1.0, 3.0, 0.5), listed=(True, False, True, False)):
    pc = torch.tensor([chosen], requires_grad=True)
    pr = torch.tensor([[1.0, 1.0, 1.0, 1.0]], requires_grad=True)
    lp = torch.tensor([-5.0])
    return pc, pr, dict(
        policy_chosen_logps=lp, policy_rejected_logps=lp, reference_chosen_logps=lp, reference_rejected_logps=lp,
        chosen_lengths=torch.tensor([3.0]), rejected_lengths=torch.tensor([3.0]),
        policy_chosen_features=[pc], policy_rejected_features=[pr],
        reference_chosen_features=[torch.tensor([[1.0, 1.0, 1.0, 0.5]])],
        reference_rejected_features=[torch.tensor([[1.0, 1.0, 1.0, 1.0]])],
        feature_weights=[torch.ones(4)], feature_zero_target=[torch.tensor([True, False, False, False])],
        feature_always_include=[torch.tensor(listed)], alpha=ALPHA, top_k=4,
    )


def test_paper_form_gives_listed_chosen_features_no_gradient():
    """δ = α(0 − sg(7/4)) = −0.875: the chosen side gets no feature gradient at all."""
    pc, _, kw = _inputs()
    out = LOSSES["fpo"].fn(**kw)
    assert torch.allclose(out.metrics["delta"], torch.tensor([-0.875]))
    out.losses.sum().backward()
    assert pc.grad is None  # sg(D(y_w)): the chosen features are not in the graph at all


def test_both_sides_pulls_listed_chosen_features_toward_their_targets():
    """δ = α(0 + 7/4 − sg(0)) = 0.875, u = −0.875; ∂L/∂D_L = α·σ(0.875) = 0.5·0.705785 = 0.352893.
    grad = 0.352893·[1, 0, 1, 0]: descent lowers c̄_0 (target 0) and c̄_2 (target 1); unlisted 1, 3 get none."""
    pc, _, kw = _inputs()
    out = LOSSES["fpo"].fn(**kw, listed_both_sides=True)
    assert torch.allclose(out.metrics["delta"], torch.tensor([0.875]))
    assert math.isclose(out.losses.item(), math.log1p(math.exp(0.875)), rel_tol=1e-6)
    out.losses.sum().backward()
    g = ALPHA / (1 + math.exp(-0.875))
    assert torch.allclose(pc.grad, torch.tensor([[g, 0.0, g, 0.0]]), atol=1e-6)


def test_both_sides_pulls_a_reference_target_feature_up_when_below():
    """c̄_2 = 0.5 < reference 1: ∂D_L/∂c̄_2 = 2·(0.5 − 1)/4 = −0.25, so the gradient is negative (raise it)."""
    pc, _, kw = _inputs(chosen=(2.0, 1.0, 0.5, 0.5))
    LOSSES["fpo"].fn(**kw, listed_both_sides=True).losses.sum().backward()
    assert pc.grad[0, 2] < 0 < pc.grad[0, 0]


def test_listed_weight_is_an_additive_penalty_on_both_responses():
    """α = 0, λ_L = 2: penalty 2·(D_L(y_w) + D_L(y_l)) = 2·(7/4 + 0) = 3.5.
    ∂/∂c̄_θ(y_w) = 2·[1, 0, 1, 0]; on y_l feature 0 (zero target, c̄ = 1): 2·(2·1/4) = 1, feature 2 at its
    reference: 0."""
    pc, pr, kw = _inputs()
    kw["alpha"] = 0.0
    base = LOSSES["fpo"].fn(**kw).losses
    out = LOSSES["fpo"].fn(**kw, listed_weight=2.0)
    assert torch.allclose(out.losses - base, torch.tensor([3.5]))
    out.losses.sum().backward()
    assert torch.allclose(pc.grad, torch.tensor([[2.0, 0.0, 2.0, 0.0]]))
    assert torch.allclose(pr.grad, torch.tensor([[1.0, 0.0, 0.0, 0.0]]))


def test_options_do_nothing_without_listed_features():
    """Run (a) of a control experiment lists its features with β = 0: nothing is listed, so both options
    give the paper's loss and no chosen-side feature gradient."""
    pc, _, kw = _inputs(listed=(False, False, False, False))
    paper = LOSSES["fpo"].fn(**kw).losses
    out = LOSSES["fpo"].fn(**kw, listed_both_sides=True, listed_weight=3.0)
    assert torch.equal(out.losses, paper)
    out.losses.sum().backward()
    assert pc.grad is None


def test_constraint_term_value():
    d_l, d_w, d_lw = torch.tensor([2.0]), torch.tensor([3.0]), torch.tensor([1.0])
    assert constraint_term(d_l, d_w, None, True).item() == -1.0  # paper: 2 − 3
    assert constraint_term(d_l, d_w, d_lw, True).item() == 1.0  # 2 + 1 − (3 − 1)


def test_params_are_paper_exact_by_default():
    p = LOSSES["fpo"].params()
    assert (p.listed_both_sides, p.listed_weight, p.suppress_weight, p.stop_gradient) == (False, 0.0, 0.0, True)

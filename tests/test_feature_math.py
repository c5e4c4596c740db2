"""Feature-constraint math of FPO (featurectl/losses/features.py): pooling c-bar, the index
set I, and D. Expected numbers are worked out in each docstring.

Running example (one SAE, F = 6, k = 2), reused by tests/test_losses.py:
    policy c-bar_θ    = [3, 0, 1, 2, 0, 0]   top-2 = {0, 3}
    reference c-bar   = [2, 0, 0, 0, 1, 4]   top-2 = {5, 0}
    I = {0, 3, 5};  c - r on I = [1, 2, -4];  D = (1 + 4 + 16)/3 = 7
"""

from __future__ import annotations

import pytest
import torch

from featurectl.losses.features import feature_discrepancy, feature_mse, masked_mean_pool, union_topk_mask

torch.set_num_threads(1)

POL = torch.tensor([[3.0, 0.0, 1.0, 2.0, 0.0, 0.0]])
REF = torch.tensor([[2.0, 0.0, 0.0, 0.0, 1.0, 4.0]])


def idx(mask: torch.Tensor) -> list[list[int]]:
    return [row.nonzero().flatten().tolist() for row in mask]


# --------------------------------------------------------------------------- pooling


def pool_batch() -> tuple[torch.Tensor, torch.Tensor]:
    """acts (B=2, T=5, F=2) and the response mask.
    row 0: pos 0 BOS outlier, pos 1 prompt, pos 2-3 response [1,2], [3,4], pos 4 padding.
           The mask is (wrongly) true at position 0 too: position 0 must be dropped anyway.
    row 1: pos 0 BOS, pos 1-4 response [1,1], [2,2], [3,3], [6,6].
    """
    acts = torch.tensor(
        [
            [[1000.0, -1000.0], [7.0, 7.0], [1.0, 2.0], [3.0, 4.0], [99.0, 99.0]],
            [[5.0, 5.0], [1.0, 1.0], [2.0, 2.0], [3.0, 3.0], [6.0, 6.0]],
        ]
    )
    mask = torch.tensor([[1, 0, 1, 1, 0], [0, 1, 1, 1, 1]], dtype=torch.bool)
    return acts, mask


def test_pool_response_mean():
    """row 0: ([1,2] + [3,4])/2 = [2, 3];  row 1: (1+2+3+6)/4 = 3 per feature."""
    acts, mask = pool_batch()
    torch.testing.assert_close(masked_mean_pool(acts, mask), torch.tensor([[2.0, 3.0], [3.0, 3.0]]))


def test_pool_padded_denominator_divides_by_T():
    """The authors' form divides the same sums by T = 5: row 0 [4, 6]/5, row 1 [12, 12]/5."""
    acts, mask = pool_batch()
    torch.testing.assert_close(
        masked_mean_pool(acts, mask, denominator="padded"), torch.tensor([[0.8, 1.2], [2.4, 2.4]])
    )


def test_pool_ignores_prompt_padding_and_position_zero():
    acts, mask = pool_batch()
    before = masked_mean_pool(acts, mask)
    changed = acts.clone()
    changed[:, 0] = 12345.0  # position 0 (attention sink)
    changed[0, 1] = -3.0  # prompt
    changed[0, 4] = float("nan")  # padding may hold anything, even NaN
    torch.testing.assert_close(masked_mean_pool(changed, mask), before)
    changed[0, 2, 0] += 2.0  # a response token does count: row 0 feature 0 moves by 2/2
    assert masked_mean_pool(changed, mask)[0, 0] == pytest.approx(3.0)


def test_pool_gradient_only_on_response_tokens():
    """d pooled.sum() / d acts = 1/count on pooled positions, 0 elsewhere (count 2 and 4)."""
    acts, mask = pool_batch()
    acts.requires_grad_()
    masked_mean_pool(acts, mask).sum().backward()
    expected = torch.zeros(2, 5, 2)
    expected[0, 2:4] = 0.5
    expected[1, 1:5] = 0.25
    torch.testing.assert_close(acts.grad, expected)


def test_pool_empty_row_and_dtype():
    """A row with no response token pools to zeros; bf16 activations pool in fp32."""
    acts = torch.ones(1, 3, 2, dtype=torch.bfloat16)
    out = masked_mean_pool(acts, torch.tensor([[True, False, False]]))
    assert out.dtype == torch.float32
    torch.testing.assert_close(out, torch.zeros(1, 2))
    with pytest.raises(ValueError, match="denominator"):
        masked_mean_pool(acts, torch.ones(1, 3, dtype=torch.bool), denominator="tokens")
    with pytest.raises(ValueError, match=r"\(B, T, F\)"):
        masked_mean_pool(acts[0], torch.ones(3, dtype=torch.bool))


# --------------------------------------------------------------------------- index set I


def test_union_topk_running_example():
    assert idx(union_topk_mask(POL, REF, 2)) == [[0, 3, 5]]
    assert idx(union_topk_mask(POL, REF, 2, policy_only=True)) == [[0, 3]]
    always = torch.tensor([False, False, True, False, False, False])
    assert idx(union_topk_mask(POL, REF, 2, always_include=always)) == [[0, 2, 3, 5]]


def test_union_topk_skips_features_that_never_fire():
    """k = 10 > F: every firing feature of either side, {0,2,3} ∪ {0,4,5}; feature 1 is 0 on
    both sides, so it is not among "the largest activations" and stays out of I."""
    assert idx(union_topk_mask(POL, REF, 10)) == [[0, 2, 3, 4, 5]]
    assert idx(union_topk_mask(torch.zeros(1, 6), torch.zeros(1, 6), 2)) == [[]]


def test_union_topk_contains_both_sides():
    g = torch.Generator().manual_seed(0)
    pol, ref = torch.rand(4, 50, generator=g), torch.rand(4, 50, generator=g)
    k = 7
    mask = union_topk_mask(pol.requires_grad_(), ref, k)
    assert not mask.requires_grad and mask.dtype == torch.bool
    for side in (pol, ref):
        assert mask.gather(1, side.detach().topk(k, dim=-1).indices).all()
    sizes = mask.sum(-1)
    assert ((sizes >= k) & (sizes <= 2 * k)).all()
    # Exactly the union, nothing more.
    expected = torch.zeros_like(mask)
    expected.scatter_(1, pol.detach().topk(k, -1).indices, True)
    expected.scatter_(1, ref.topk(k, -1).indices, True)
    assert torch.equal(mask, expected)


def test_union_topk_rejects_bad_input():
    with pytest.raises(ValueError, match="k must be >= 1"):
        union_topk_mask(POL, REF, 0)
    with pytest.raises(ValueError, match="always_include"):
        union_topk_mask(POL, REF, 2, always_include=torch.ones(5, dtype=torch.bool))


# --------------------------------------------------------------------------- D


def test_feature_mse_running_example():
    """I = {0,3,5}: ((3-2)² + (2-0)² + (0-4)²)/3 = 21/3 = 7.
    With w = [1, 2, 1, 0.5, 1, 1]: (1·1 + 0.5·4 + 1·16)/3 = 19/3."""
    mask = union_topk_mask(POL, REF, 2)
    torch.testing.assert_close(feature_mse(POL, REF, mask), torch.tensor([7.0]))
    w = torch.tensor([1.0, 2.0, 1.0, 0.5, 1.0, 1.0])
    torch.testing.assert_close(feature_mse(POL, REF, mask, w), torch.tensor([19.0 / 3.0]))
    torch.testing.assert_close(feature_mse(POL, REF, mask, w.expand(1, 6)), torch.tensor([19.0 / 3.0]))


def test_feature_mse_mean_over_I_counts_zero_weight_features():
    """w = 0 on feature 5 removes its 16 but |I| stays 3: (1 + 4 + 0)/3 = 5/3.
    An empty I gives 0, not NaN."""
    mask = union_topk_mask(POL, REF, 2)
    w = torch.tensor([1.0, 1.0, 1.0, 1.0, 1.0, 0.0])
    torch.testing.assert_close(feature_mse(POL, REF, mask, w), torch.tensor([5.0 / 3.0]))
    torch.testing.assert_close(feature_mse(POL, REF, torch.zeros_like(mask)), torch.tensor([0.0]))


def test_discrepancy_zero_target_and_always_include():
    """zero target on 5: target = [2,0,0,0,1,0]; I unchanged {0,3,5}: (1 + 4 + 0)/3 = 5/3.
    zero target on 0:  (3-0)² = 9 replaces 1: (9 + 4 + 16)/3 = 29/3.
    always include 2:  I = {0,2,3,5}, adds (1-0)² = 1: (1 + 1 + 4 + 16)/4 = 5.5."""
    one_hot = lambda i: torch.nn.functional.one_hot(torch.tensor(i), 6).bool()  # noqa: E731
    d, mask = feature_discrepancy(POL, REF, k=2, zero_target=one_hot(5))
    torch.testing.assert_close(d, torch.tensor([5.0 / 3.0]))
    assert idx(mask) == [[0, 3, 5]]
    d, _ = feature_discrepancy(POL, REF, k=2, zero_target=one_hot(0))
    torch.testing.assert_close(d, torch.tensor([29.0 / 3.0]))
    d, mask = feature_discrepancy(POL, REF, k=2, always_include=one_hot(2))
    torch.testing.assert_close(d, torch.tensor([5.5]))


def test_discrepancy_gradient_pulls_toward_target():
    """dD/dc_i = 2 w_i (c_i - target_i)/|I| on I, 0 off I, |I| = 3.
    Reference target: 2·[3-2, ·, ·, 2-0, ·, 0-4]/3 = [2/3, 0, 0, 4/3, 0, -8/3].
    Zero target on feature 0 (c₀ = 3): 2·(3-0)/3 = 2 > 2/3 — descent pulls c₀ to 0, not to r₀ = 2."""
    pol = POL.clone().requires_grad_()
    feature_discrepancy(pol, REF, k=2)[0].sum().backward()
    torch.testing.assert_close(pol.grad, torch.tensor([[2 / 3, 0.0, 0.0, 4 / 3, 0.0, -8 / 3]]))
    pol.grad = None
    zero0 = torch.tensor([True, False, False, False, False, False])
    feature_discrepancy(pol, REF, k=2, zero_target=zero0)[0].sum().backward()
    torch.testing.assert_close(pol.grad, torch.tensor([[2.0, 0.0, 0.0, 4 / 3, 0.0, -8 / 3]]))


def test_discrepancy_reference_gets_no_gradient():
    ref = REF.clone().requires_grad_()
    d, _ = feature_discrepancy(POL.clone().requires_grad_(), ref, k=2)
    d.sum().backward()
    assert ref.grad is None

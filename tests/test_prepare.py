"""featurectl.prepare: the held-out split, the per-feature masks and the feature hooks."""

from __future__ import annotations

import torch

from featurectl.feature_sets import parse_feature_set
from featurectl.prepare import FeatureMask, feature_hook, split_pairs


def test_split_pairs_holds_out_a_seeded_fraction():
    """10 items, fraction 0.25: round(2.5) = 2 held out; the two halves partition the input in order."""
    items = list(range(10))
    train, held = split_pairs(items, 0.25, seed=0)
    assert len(held) == 2 and sorted(train + held) == items
    assert train == sorted(train) and held == sorted(held)  # input order kept on each side
    assert split_pairs(items, 0.25, seed=0) == (train, held)  # the seed fixes the split
    assert split_pairs(items, 0.01, seed=0)[1] != []  # at least one held out
    assert split_pairs(items, 0.0, seed=0) == (items, [])
    assert split_pairs([7], 0.5, seed=0) == ([7], [])  # one pair is never split


def test_feature_mask_of_a_feature_set_and_uniform():
    """d_sae 4, default_beta 0.5; feature 1 beta 3 target zero, feature 3 beta 0 (listed, unconstrained)."""
    fs = parse_feature_set({
        "name": "t_off", "model": "tiny-llama", "sae": {"path": "x"}, "hook": "blocks.1.hook_resid_post",
        "default_beta": 0.5,
        "features": [{"index": 1, "beta": 3.0, "target": "zero"}, {"index": 3, "beta": 0.0}],
    })
    mask = FeatureMask.for_feature_set(fs, 4)
    assert mask.weights.tolist() == [0.5, 3.0, 0.5, 0.0]
    assert mask.zero_target.tolist() == [False, True, False, False]
    assert mask.always_include.tolist() == [False, True, False, False]
    uniform = FeatureMask.for_feature_set(None, 3)
    assert uniform.weights.tolist() == [1.0, 1.0, 1.0]
    assert not uniform.zero_target.any() and not uniform.always_include.any()
    uniform.zero_target[0] = True  # the two flag tensors are separate tensors
    assert not uniform.always_include.any()


def test_feature_hook_encodes_the_hooked_module_with_the_sae():
    from featurectl.hooks import resolve_hook
    from featurectl.sae import random_sae
    from featurectl.tiny import tiny_llama

    model = tiny_llama()  # hidden size 64
    sae = random_sae(64, 32, hook="blocks.1.hook_resid_post")
    hook = feature_hook(model, "blocks.1.hook_resid_post", sae)
    assert hook.name == "blocks.1.hook_resid_post"
    assert hook.module is resolve_hook(model, "blocks.1.hook_resid_post")
    x = torch.randn(5, 64, generator=torch.Generator().manual_seed(0))
    features = hook.encode(x)
    assert features.shape == (5, 32) and torch.equal(features, sae.encode(x))

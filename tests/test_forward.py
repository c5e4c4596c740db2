"""The single policy forward: chunked log-probs, pooled features and sequential KL
against naive full-vocabulary computations on tiny models."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from featurectl.pairs import PairCollator, PairDataset, tokenize_pairs
from featurectl.forward import FeatureHook, chunked_seq_kl, forward_batch
from featurectl.hooks import resolve_hook
from featurectl.losses.features import masked_mean_pool

ROWS = [
    {"prompt": "Say hi", "chosen": "Bonjour!", "rejected": "Hello there friend"},
    {"prompt": "What is 2+2? Answer briefly.", "chosen": "4", "rejected": "five, I think"},
]


@pytest.fixture
def batch(tokenizer):
    pairs = tokenize_pairs(tokenizer, ROWS, max_prompt_length=64, max_length=128)
    return PairCollator(tokenizer.pad_token_id)([PairDataset(pairs)[i] for i in range(len(pairs))])


def naive_logps(model, batch):
    logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits.float()
    lp = F.log_softmax(logits, -1)[:, :-1].gather(-1, batch["input_ids"][:, 1:, None]).squeeze(-1)
    return (lp * batch["response_mask"][:, 1:]).sum(-1), logits


@pytest.mark.parametrize("chunk", [1, 7, 4096])
def test_chunked_logps_equal_full_log_softmax(tiny_model, batch, chunk):
    out = forward_batch(tiny_model, batch, chunk_size=chunk)
    expected, _ = naive_logps(tiny_model, batch)
    torch.testing.assert_close(out.logps, expected, atol=1e-4, rtol=1e-5)
    # response lengths: "Bonjour!" is 8 bytes + "<|im_end|>" + "\n" = 10 tokens
    assert out.lengths[0].item() == 10
    assert out.lengths.tolist() == batch["response_mask"].sum(-1).float().tolist()


def test_gradients_match_unchunked(tiny_llama, batch):
    out = forward_batch(tiny_llama, batch, chunk_size=5)
    out.logps.sum().backward()
    g_chunked = {n: p.grad.clone() for n, p in tiny_llama.named_parameters()}
    tiny_llama.zero_grad()
    expected, _ = naive_logps(tiny_llama, batch)
    expected.sum().backward()
    for n, p in tiny_llama.named_parameters():
        torch.testing.assert_close(g_chunked[n], p.grad, atol=1e-5, rtol=1e-4)


def test_features_pool_response_tokens_only_in_one_forward(batch, jumprelu_sae):
    """Block 1 of a 3-layer model: HF's hidden_states[2] is its raw output. (For the LAST block,
    transformers 5 puts the final-norm output in hidden_states[-1], so the forward reads a hook.)"""
    from featurectl.tiny import tiny_llama as build

    tiny_llama = build(num_layers=3)
    module = resolve_hook(tiny_llama, "blocks.1.hook_resid_post")
    calls = []
    handle = tiny_llama.register_forward_hook(lambda *a: calls.append(1))
    hook = FeatureHook(module=module, encode=jumprelu_sae.encode)
    out = forward_batch(tiny_llama, batch, feature_hooks=[hook])
    handle.remove()
    assert len(calls) == 1  # no second forward for features
    hs = tiny_llama(**{k: batch[k] for k in ("input_ids", "attention_mask")}, output_hidden_states=True).hidden_states
    acts = jumprelu_sae.encode(hs[2])  # hidden_states[L+1] is block L's output
    expected = masked_mean_pool(acts, batch["response_mask"])
    torch.testing.assert_close(out.features[0], expected, atol=1e-5, rtol=1e-4)
    padded = forward_batch(tiny_llama, batch, feature_hooks=[hook], pooling_denominator="padded")
    T = batch["input_ids"].shape[1]
    ratio = batch["response_mask"].sum(-1, keepdim=True).float() / T
    torch.testing.assert_close(padded.features[0], expected * ratio, atol=1e-5, rtol=1e-4)


def test_feature_gradients_are_recomputed_exactly_and_the_sae_stays_frozen(batch, jumprelu_sae):
    """The pooled features are checkpointed (recomputed in backward): the model's gradients equal
    those of the plain computation, and the SAE's parameters get none (FeatureHook freezes them)."""
    from featurectl.tiny import tiny_llama as build

    model = build(num_layers=3)
    assert all(p.requires_grad for p in jumprelu_sae.parameters())
    hook = FeatureHook(module=resolve_hook(model, "blocks.1.hook_resid_post"), encode=jumprelu_sae.encode)
    assert not any(p.requires_grad for p in jumprelu_sae.parameters())
    weights = torch.linspace(-1, 1, jumprelu_sae.cfg.d_sae)
    (forward_batch(model, batch, feature_hooks=[hook]).features[0] @ weights).pow(2).sum().backward()
    got = {n: p.grad.clone() for n, p in model.named_parameters() if p.grad is not None}
    model.zero_grad()
    hs = model(**{k: batch[k] for k in ("input_ids", "attention_mask")}, output_hidden_states=True).hidden_states
    response = batch["response_mask"].clone()
    response[:, 0] = False
    (masked_mean_pool(jumprelu_sae.encode(hs[2]), response) @ weights).pow(2).sum().backward()
    assert got.keys() == {n for n, p in model.named_parameters() if p.grad is not None} and len(got) > 4
    for n, p in model.named_parameters():
        if p.grad is not None:
            torch.testing.assert_close(got[n], p.grad, atol=1e-5, rtol=1e-4, msg=n)
    assert all(p.grad is None for p in jumprelu_sae.parameters())


def test_features_ignore_prompt_and_padding_tokens(tiny_llama, tokenizer, jumprelu_sae):
    """Appending padding or changing nothing in the response leaves c-bar unchanged."""
    module = resolve_hook(tiny_llama, "blocks.1.hook_resid_post")
    hook = FeatureHook(module=module, encode=jumprelu_sae.encode)
    pairs = tokenize_pairs(tokenizer, ROWS, max_prompt_length=64, max_length=128)
    b1 = PairCollator(tokenizer.pad_token_id)([PairDataset(pairs)[0]])
    b2 = PairCollator(tokenizer.pad_token_id)([PairDataset(pairs)[0], PairDataset(pairs)[1]])
    f1 = forward_batch(tiny_llama, b1, feature_hooks=[hook]).features[0]
    f2 = forward_batch(tiny_llama, b2, feature_hooks=[hook]).features[0]
    # row 0 (chosen of pair 0) and row 1 (rejected of pair 0) vs the 2-pair batch rows 0 and 2
    torch.testing.assert_close(f1[0], f2[0], atol=1e-5, rtol=1e-4)
    torch.testing.assert_close(f1[1], f2[2], atol=1e-5, rtol=1e-4)


def test_sequential_kl_matches_naive(batch):
    from featurectl.tiny import tiny_llama

    policy, reference = tiny_llama(seed=0), tiny_llama(seed=1)
    p = forward_batch(policy, batch, chunk_size=6, keep_hidden=True)
    with torch.no_grad():
        r = forward_batch(reference, batch, chunk_size=6, keep_hidden=True)
    kl = chunked_seq_kl(p, r, policy, reference, chunk_size=6)
    lp = F.log_softmax(policy(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits.float(), -1)
    lq = F.log_softmax(reference(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits.float(), -1)
    per_token = (lq.exp() * (lq - lp)).sum(-1)[:, :-1]  # KL(ref || policy) at positions scoring t+1
    expected = (per_token * batch["response_mask"][:, 1:]).sum(-1)
    torch.testing.assert_close(kl, expected, atol=1e-4, rtol=1e-4)
    assert (kl > 0).all()
    same = chunked_seq_kl(p, forward_batch(policy, batch, keep_hidden=True), policy, policy, chunk_size=6)
    torch.testing.assert_close(same, torch.zeros_like(same), atol=1e-5, rtol=0)


def test_features_after_final_norm_switch_reads_the_norm(tiny_llama, batch, jumprelu_sae):
    module = resolve_hook(tiny_llama, "blocks.1.hook_resid_post")
    hook = FeatureHook(module=module, encode=jumprelu_sae.encode)
    quirk = forward_batch(tiny_llama, batch, feature_hooks=[hook], features_after_final_norm=True)
    hs = tiny_llama(**{k: batch[k] for k in ("input_ids", "attention_mask")}, output_hidden_states=True).hidden_states
    normed = hs[-1]  # transformers 5: the last entry is the final norm's output
    raw = forward_batch(tiny_llama, batch, feature_hooks=[hook]).features[0]
    assert not torch.allclose(raw, quirk.features[0], atol=1e-3)
    expected = masked_mean_pool(jumprelu_sae.encode(normed), batch["response_mask"])
    torch.testing.assert_close(quirk.features[0], expected, atol=1e-5, rtol=1e-4)

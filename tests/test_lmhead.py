"""Vocabulary-tiled log-probs and KL (featurectl.lmhead) against the naive full-vocabulary
log_softmax: values and gradients, with and without soft-capping, on raw tensors and on tiny
Llama, Gemma-2 (final-logit soft-capping) and Gemma-3 models."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from featurectl.forward import _lm_head_and_cap, chunked_seq_kl, forward_batch
from featurectl.lmhead import fusable_head, tiled_kl, tiled_token_logps, vocab_tile

from test_forward import batch  # noqa: F401  (the fixture: 2 pairs through the byte tokenizer)
TOL = dict(atol=1e-5, rtol=1e-5)
SMALL_TILES = dict(token_tile=8, tile_bytes=4 * 8 * 256)  # 8 tokens x 256 columns: 4 vocab tiles of 1,000


def _head(v=1000, d=16, bias=False, seed=0):
    torch.manual_seed(seed)
    head = nn.Linear(d, v, bias=bias)
    with torch.no_grad():
        head.weight.mul_(8.0)  # logits of a few units, so that a cap of 2 saturates
    return head


def _naive_logits(h, head, cap):
    z = head(h).float()
    return torch.tanh(z / cap) * cap if cap else z


def test_vocab_tile_fits_the_budget():
    assert vocab_tile(1024, 256_000, 16 << 20) == 4096  # 1,024 x 4,096 x 4 B = 16 MiB
    assert vocab_tile(8, 1000, 10) == 256  # floor of 256 columns
    assert vocab_tile(1, 100, 1 << 30) == 100  # never wider than the vocabulary


@pytest.mark.parametrize("cap", [None, 2.0])
@pytest.mark.parametrize("bias", [False, True])
def test_tiled_logps_and_grads_equal_naive(cap, bias):
    head = _head(bias=bias)
    h = torch.randn(37, 16, requires_grad=True)
    targets = torch.randint(0, 1000, (37,))
    targets[:4] = torch.tensor([0, 255, 256, 999])  # tile edges
    got = tiled_token_logps(h, targets, head, cap, **SMALL_TILES)
    g = torch.randn(37)
    (got * g).sum().backward()
    grads = (h.grad.clone(), head.weight.grad.clone(), None if head.bias is None else head.bias.grad.clone())
    h.grad = None
    head.zero_grad()
    want = F.log_softmax(_naive_logits(h, head, cap), -1).gather(-1, targets[:, None]).squeeze(-1)
    (want * g).sum().backward()
    torch.testing.assert_close(got, want, **TOL)
    torch.testing.assert_close(grads[0], h.grad, **TOL)
    torch.testing.assert_close(grads[1], head.weight.grad, **TOL)
    if bias:
        torch.testing.assert_close(grads[2], head.bias.grad, **TOL)


@pytest.mark.parametrize("cap", [None, 2.0])
def test_tiled_kl_and_grads_equal_naive(cap):
    head_p, head_q = _head(seed=0), _head(seed=1)
    h_p = torch.randn(29, 16, requires_grad=True)
    h_q = torch.randn(29, 16)
    got = tiled_kl(h_p, head_p, cap, h_q, head_q, cap, **SMALL_TILES)
    g = torch.rand(29)
    (got * g).sum().backward()
    gh, gw = h_p.grad.clone(), head_p.weight.grad.clone()
    h_p.grad = None
    head_p.zero_grad()
    lp = F.log_softmax(_naive_logits(h_p, head_p, cap), -1)
    with torch.no_grad():
        lq = F.log_softmax(_naive_logits(h_q, head_q, cap), -1)
    want = (lq.exp() * (lq - lp)).sum(-1)
    (want * g).sum().backward()
    torch.testing.assert_close(got, want, **TOL)
    torch.testing.assert_close(gh, h_p.grad, **TOL)
    torch.testing.assert_close(gw, head_p.weight.grad, **TOL)
    assert head_q.weight.grad is None  # the reference side never gets a gradient
    same = tiled_kl(h_p, head_p, cap, h_p.detach(), head_p, cap, **SMALL_TILES)
    assert same.abs().max().item() == 0.0  # identical distributions: exactly 0 by construction


def test_a_lora_wrapped_head_is_not_fused():
    class Wrapped(nn.Module):  # what PEFT's LoRA / ModulesToSaveWrapper look like: not an nn.Linear
        def __init__(self):
            super().__init__()
            self.base_layer = nn.Linear(4, 10)

    assert fusable_head(nn.Linear(4, 10))
    assert not fusable_head(Wrapped())


def _tiny(name):
    from featurectl import tiny

    if name == "gemma2":
        return tiny.tiny_gemma2(final_logit_softcapping=3.0)  # a low cap: tanh is far from linear
    return {"llama": tiny.tiny_llama, "gemma3": tiny.tiny_gemma3}[name]()


def _naive(model, batch):
    """Full (2B, T, V) log_softmax through the model's own forward (its own soft-capping)."""
    logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits.float()
    return F.log_softmax(logits, -1)[:, :-1]


@pytest.mark.parametrize("name", ["llama", "gemma2", "gemma3"])
def test_model_logps_and_all_grads_equal_naive(name, batch):
    model = _tiny(name)
    if name == "gemma2":
        assert _lm_head_and_cap(model)[1] == 3.0
    out = forward_batch(model, batch, chunk_size=5)
    out.logps.sum().backward()
    got = {n: p.grad.clone() for n, p in model.named_parameters()}
    model.zero_grad()
    lp = _naive(model, batch).gather(-1, batch["input_ids"][:, 1:, None]).squeeze(-1)
    want = (lp * batch["response_mask"][:, 1:]).sum(-1)
    want.sum().backward()
    torch.testing.assert_close(out.logps, want, atol=1e-5, rtol=1e-5)
    for n, p in model.named_parameters():  # includes the (tied) lm_head weight
        torch.testing.assert_close(got[n], p.grad, atol=1e-5, rtol=1e-4, msg=n)


@pytest.mark.parametrize("name", ["llama", "gemma2", "gemma3"])
def test_model_sequential_kl_and_grads_equal_naive(name, batch):
    policy = _tiny(name)
    reference = _tiny(name)
    with torch.no_grad():
        for p in reference.parameters():
            p.add_(0.05 * torch.randn_like(p))
    p_out = forward_batch(policy, batch, chunk_size=6, keep_hidden=True)
    with torch.no_grad():
        r_out = forward_batch(reference, batch, chunk_size=6, keep_hidden=True)
    kl = chunked_seq_kl(p_out, r_out, policy, reference, chunk_size=6)
    kl.sum().backward()
    got = {n: p.grad.clone() for n, p in policy.named_parameters()}
    policy.zero_grad()
    lp = _naive(policy, batch)
    with torch.no_grad():
        lq = _naive(reference, batch)
    want = ((lq.exp() * (lq - lp)).sum(-1) * batch["response_mask"][:, 1:]).sum(-1)
    want.sum().backward()
    torch.testing.assert_close(kl, want, atol=1e-5, rtol=1e-5)
    assert (kl > 0).all()
    for n, p in policy.named_parameters():
        torch.testing.assert_close(got[n], p.grad, atol=1e-5, rtol=1e-4, msg=n)

"""Log-probs and token-level KL through the LM head without materialising logits.

For N scored positions, a vocabulary of V and hidden size d, the naive computation holds
an (N, V) float32 logits block, its log-softmax and, in backward, its gradient (about
3 x 4 N V bytes: 3 GB at N = 1,024 and V = 256k). Here the head is applied in tiles of
``token_tile x vocab_tile`` logits, folded into an online log-sum-exp (running max m and
sum of exp(z - m) per token, as in flash attention and TRL's ``ChunkedLogProbFunction``),
and backward recomputes each tile and turns it into the logits gradient in place, so no
more than one tile (plus two temporaries of its size) is ever alive. Gradients of the
hidden states and the head weight are accumulated in float32.

Exact (not approximated): the golden tests compare values and gradients with the naive
``log_softmax`` on tiny Llama, Gemma-2 (final-logit soft-capping) and Gemma-3.

Soft-capping (Gemma-2): z = c tanh(x / c) with x = h W^T (+ b), dz/dx = 1 - tanh^2.

Why not TRL's ``ChunkedLogProbFunction`` itself: its tiles are fixed (4,096 tokens x
32,768 vocabulary), so its torch fallback (every non-Triton device, the CPU included)
holds several 4,096 x 32,768 float32 temporaries (0.5 GB each); and it has no KL between
two models, which TDPO needs. ``scripts/bench_lmhead.py`` measures both side by side.
"""

from __future__ import annotations

from typing import Optional

import torch
from torch import nn

__all__ = ["TILE_BYTES", "fusable_head", "head_params", "tiled_kl", "tiled_token_logps", "vocab_tile"]

TILE_BYTES = 16 << 20  # float32 bytes of one logits tile; peak extra memory is about 3 tiles


def vocab_tile(token_tile: int, vocab: int, tile_bytes: int = TILE_BYTES) -> int:
    """Vocabulary columns per tile so that ``token_tile x cols`` float32 logits fit ``tile_bytes``."""
    cols = max(tile_bytes // (4 * max(token_tile, 1)), 256)
    return int(min(vocab, cols))


def fusable_head(head: nn.Module) -> bool:
    """A plain ``nn.Linear`` (not a PEFT LoRA layer or ``ModulesToSaveWrapper``, whose output is not
    ``h @ weight.T``): only then may the tiles read ``head.weight`` directly."""
    return type(head) is nn.Linear or (isinstance(head, nn.Linear) and not hasattr(head, "lora_A"))


def head_params(head: nn.Linear) -> tuple[torch.Tensor, Optional[torch.Tensor]]:
    """(weight (V, d), bias (V,) or None); an FSDP2 DTensor is gathered (differentiably) first."""
    weight, bias = head.weight, head.bias
    try:
        from torch.distributed.tensor import DTensor
    except ImportError:  # torch built without distributed
        return weight, bias
    if isinstance(weight, DTensor):
        weight = weight.full_tensor()
        bias = bias.full_tensor() if bias is not None else None
    return weight, bias


def _compute_dtype(h: torch.Tensor) -> torch.dtype:
    dev = h.device.type
    return torch.get_autocast_dtype(dev) if torch.is_autocast_enabled(dev) else h.dtype


def _tiles(n: int, v: int, token_tile: int, cols: int):
    for ts in range(0, n, token_tile):
        for vs in range(0, v, cols):
            yield ts, min(ts + token_tile, n), vs, min(vs + cols, v)


def _raw(h, weight, bias, vs, ve, dtype) -> torch.Tensor:
    """(n, ve - vs) float32 pre-cap logits of one tile."""
    x = h.to(dtype) @ weight[vs:ve].to(dtype).t()
    if bias is not None:
        x = x + bias[vs:ve].to(dtype)
    return x.float()


def _capped(x: torch.Tensor, cap: Optional[float]) -> torch.Tensor:
    """In place: x -> c tanh(x / c) (or x unchanged without a cap)."""
    return x.div_(cap).tanh_().mul_(cap) if cap else x


def _fold(m, s, z):
    """Online log-sum-exp: fold tile z (n, c) into running max m and sum s (n,), in place.
    Consumes z (overwritten with exp(z - new max)) so that no second tile is allocated."""
    new_m = torch.maximum(m, z.amax(-1))
    s.mul_(torch.exp(m - new_m)).add_(z.sub_(new_m[:, None]).exp_().sum(-1))
    m.copy_(new_m)


def _accumulate_grads(dz, h, weight, vs, ve, grad_h, grad_w, grad_b, ts, te):
    """grad_h[ts:te] += dz @ W[vs:ve]; grad_w[vs:ve] += dz^T h; grad_b[vs:ve] += sum dz (fp32).

    The buffers start uninitialised (:func:`_new_grads`): the first tile to reach a block writes it
    (``vs == 0`` for grad_h rows, ``ts == 0`` for grad_w/grad_b rows), saving a memset of V x d."""
    if grad_h is not None:
        if vs == 0:
            torch.mm(dz, weight[vs:ve].float(), out=grad_h[ts:te])
        else:
            grad_h[ts:te].addmm_(dz, weight[vs:ve].float())
    if grad_w is not None:
        if ts == 0:
            torch.mm(dz.t(), h.float(), out=grad_w[vs:ve])
        else:
            grad_w[vs:ve].addmm_(dz.t(), h.float())
    if grad_b is not None:
        if ts == 0:
            grad_b[vs:ve] = dz.sum(0)
        else:
            grad_b[vs:ve] += dz.sum(0)


def _new_grads(needs, hidden, weight, bias):
    """Uninitialised float32 gradient buffers; every element is written by :func:`_accumulate_grads`
    (zeros when there are no rows: an empty hidden never reaches it)."""
    def new(t, need):
        if not need or t is None:
            return None
        alloc = torch.empty if hidden.shape[0] else torch.zeros
        return alloc(t.shape, dtype=torch.float32, device=t.device)
    return new(hidden, needs[0]), new(weight, needs[1]), new(bias, needs[2])


def _cast_back(grads, refs):
    return tuple(g.to(r.dtype) if g is not None else None for g, r in zip(grads, refs))


class _TiledLogProbs(torch.autograd.Function):
    """log softmax(cap(h W^T + b))[target] per row, tile by tile. (N, d), (V, d), (V,), (N,) -> (N,)."""

    @staticmethod
    def forward(ctx, hidden, weight, bias, targets, cap, token_tile, cols):
        n, v = hidden.shape[0], weight.shape[0]
        dtype = _compute_dtype(hidden)
        m = torch.full((n,), float("-inf"), device=hidden.device)
        s = torch.zeros(n, device=hidden.device)
        target_logit = torch.zeros(n, device=hidden.device)
        for ts, te, vs, ve in _tiles(n, v, token_tile, cols):
            z = _capped(_raw(hidden[ts:te], weight, bias, vs, ve, dtype), cap)
            local = targets[ts:te] - vs
            inside = (local >= 0) & (local < ve - vs)
            picked = z.gather(-1, local.clamp(0, ve - vs - 1)[:, None]).squeeze(-1)
            target_logit[ts:te] = torch.where(inside, picked, target_logit[ts:te])
            _fold(m[ts:te], s[ts:te], z)
        log_z = m + torch.log(s)
        ctx.save_for_backward(hidden, weight, bias, targets, log_z)
        ctx.cfg = (cap, token_tile, cols, dtype)
        return target_logit - log_z

    @staticmethod
    def backward(ctx, grad_out):
        hidden, weight, bias, targets, log_z = ctx.saved_tensors
        cap, token_tile, cols, dtype = ctx.cfg
        grad_h, grad_w, grad_b = _new_grads(ctx.needs_input_grad, hidden, weight, bias)
        g = grad_out.float()
        for ts, te, vs, ve in _tiles(hidden.shape[0], weight.shape[0], token_tile, cols):
            h = hidden[ts:te]
            t = _raw(h, weight, bias, vs, ve, dtype)
            if cap:
                t.div_(cap).tanh_()
            # d log p_target / dz_j = 1[j = target] - p_j, scaled by the incoming gradient
            dz = (t * cap if cap else t).sub_(log_z[ts:te, None]).exp_().mul_(-g[ts:te, None])
            local = targets[ts:te] - vs
            rows = ((local >= 0) & (local < ve - vs)).nonzero().squeeze(-1)
            dz[rows, local[rows]] += g[ts:te][rows]
            if cap:
                dz.mul_(t.mul_(t).neg_().add_(1))  # dz/dx = 1 - tanh^2
            _accumulate_grads(dz, h, weight, vs, ve, grad_h, grad_w, grad_b, ts, te)
        grads = _cast_back((grad_h, grad_w, grad_b), (hidden, weight, bias if bias is not None else weight))
        return (*grads, None, None, None, None)


class _TiledKL(torch.autograd.Function):
    """KL(q || p) per row for p = softmax(cap_p(h_p W_p^T + b_p)), q likewise from the reference.

    One pass: KL = E_q[z_q - z_p] - lse_q + lse_p, with E_q folded online under q's running max.
    Gradient (policy side only): dKL/dz_p = p - q.
    """

    @staticmethod
    def forward(ctx, h_p, w_p, b_p, h_q, w_q, b_q, cap_p, cap_q, token_tile, cols):
        n, v = h_p.shape[0], w_p.shape[0]
        dt_p, dt_q = _compute_dtype(h_p), _compute_dtype(h_q)
        new = lambda fill: torch.full((n,), fill, device=h_p.device)  # noqa: E731
        m_p, s_p, m_q, s_q, a_q = new(float("-inf")), new(0.0), new(float("-inf")), new(0.0), new(0.0)
        for ts, te, vs, ve in _tiles(n, v, token_tile, cols):
            zp = _capped(_raw(h_p[ts:te], w_p, b_p, vs, ve, dt_p), cap_p)
            zq = _capped(_raw(h_q[ts:te], w_q, b_q, vs, ve, dt_q), cap_q)
            new_m = torch.maximum(m_q[ts:te], zq.amax(-1))
            scale = torch.exp(m_q[ts:te] - new_m)
            e = torch.exp(zq - new_m[:, None])
            s_q[ts:te] = s_q[ts:te] * scale + e.sum(-1)
            a_q[ts:te] = a_q[ts:te] * scale + e.mul_(zq.sub_(zp)).sum(-1)
            m_q[ts:te] = new_m
            del e, zq
            _fold(m_p[ts:te], s_p[ts:te], zp)  # consumes zp
        lse_p, lse_q = m_p + torch.log(s_p), m_q + torch.log(s_q)
        ctx.save_for_backward(h_p, w_p, b_p, h_q, w_q, b_q, lse_p, lse_q)
        ctx.cfg = (cap_p, cap_q, token_tile, cols, dt_p, dt_q)
        return a_q / s_q - lse_q + lse_p

    @staticmethod
    def backward(ctx, grad_out):
        h_p, w_p, b_p, h_q, w_q, b_q, lse_p, lse_q = ctx.saved_tensors
        cap_p, cap_q, token_tile, cols, dt_p, dt_q = ctx.cfg
        grad_h, grad_w, grad_b = _new_grads(ctx.needs_input_grad, h_p, w_p, b_p)
        g = grad_out.float()
        for ts, te, vs, ve in _tiles(h_p.shape[0], w_p.shape[0], token_tile, cols):
            t = _raw(h_p[ts:te], w_p, b_p, vs, ve, dt_p)
            if cap_p:
                t.div_(cap_p).tanh_()
            q = _capped(_raw(h_q[ts:te], w_q, b_q, vs, ve, dt_q), cap_q).sub_(lse_q[ts:te, None]).exp_()
            dz = (t * cap_p if cap_p else t).sub_(lse_p[ts:te, None]).exp_().sub_(q).mul_(g[ts:te, None])
            del q
            if cap_p:
                dz.mul_(t.mul_(t).neg_().add_(1))
            _accumulate_grads(dz, h_p[ts:te], w_p, vs, ve, grad_h, grad_w, grad_b, ts, te)
        grads = _cast_back((grad_h, grad_w, grad_b), (h_p, w_p, b_p if b_p is not None else w_p))
        return (*grads, None, None, None, None, None, None, None)


def tiled_token_logps(hidden: torch.Tensor, targets: torch.Tensor, head: nn.Linear, cap: Optional[float],
                      token_tile: int = 1024, tile_bytes: int = TILE_BYTES) -> torch.Tensor:
    """log p(target | hidden) for (N, d) hidden states and (N,) targets -> (N,) float32."""
    weight, bias = head_params(head)
    tt = max(1, min(token_tile, hidden.shape[0]))
    return _TiledLogProbs.apply(hidden, weight, bias, targets, cap or None, tt,
                                vocab_tile(tt, weight.shape[0], tile_bytes))


def tiled_kl(h_p: torch.Tensor, head_p: nn.Linear, cap_p: Optional[float], h_q: torch.Tensor, head_q: nn.Linear,
             cap_q: Optional[float], token_tile: int = 1024, tile_bytes: int = TILE_BYTES) -> torch.Tensor:
    """Per-row KL(pi_ref || pi_theta) for (N, d) policy and reference hidden states -> (N,) float32.
    Differentiable in the policy side only (the reference is frozen)."""
    w_p, b_p = head_params(head_p)
    w_q, b_q = head_params(head_q)
    tt = max(1, min(token_tile, h_p.shape[0]))
    with torch.no_grad():
        h_q, w_q = h_q.detach(), w_q.detach()
        b_q = b_q.detach() if b_q is not None else None
    return _TiledKL.apply(h_p, w_p, b_p, h_q, w_q, b_q, cap_p or None, cap_q or None, tt,
                          vocab_tile(tt, w_p.shape[0], tile_bytes // 2))

"""One forward pass of a causal LM over a (2B, T) chosen+rejected batch.

It yields, without a second forward and without materialising a float32
log-softmax of size 2B x T x V:

* per-sequence sums of response-token log-probs and response lengths;
* the pooled SAE activations c-bar at each attached hook (mean over response
  tokens; never the prompt, padding or position 0);
* optionally the final hidden states at the scored positions, for TDPO's chunked
  token-level KL against a reference.

How: the model runs with ``logits_to_keep=1`` (so HF computes almost no logits),
forward hooks capture the hooked blocks' outputs and the final norm's output, and
the lm_head is applied to the response positions only, in vocabulary tiles with an
online log-sum-exp (:mod:`featurectl.lmhead`), so neither forward nor backward ever
holds a (chunk, V) logits block. A head that is not a plain ``nn.Linear`` (a PEFT LoRA
layer on the lm_head) falls back to token chunks of full-vocabulary logits, each
gradient-checkpointed.
"""

from __future__ import annotations

import dataclasses
from typing import Optional, Sequence

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.checkpoint import checkpoint

from .hooks import capture, final_norm, unwrap_model
from .lmhead import fusable_head, tiled_kl, tiled_token_logps


@dataclasses.dataclass
class FeatureHook:
    """An SAE attached to a module. ``encode`` maps (N, d_in) -> (N, d_sae).

    The SAE is frozen: gradients flow through ``encode`` to the policy's activations, never into
    the SAE's own parameters (when ``encode`` is a bound method of an ``nn.Module``, that module's
    parameters are set to ``requires_grad=False``, which saves the W_enc gradient matmul per step).
    """

    module: nn.Module
    encode: callable
    name: str = ""

    def __post_init__(self) -> None:
        owner = getattr(self.encode, "__self__", None)
        if isinstance(owner, nn.Module):
            owner.requires_grad_(False)


@dataclasses.dataclass
class ForwardOutput:
    logps: torch.Tensor  # (2B,) sum of response-token log-probs
    lengths: torch.Tensor  # (2B,) response token counts (float)
    features: list[torch.Tensor]  # per hook: (2B, F) pooled SAE activations
    scored_hidden: Optional[torch.Tensor] = None  # (N, d) final hidden at scored positions
    scored_seq: Optional[torch.Tensor] = None  # (N,) sequence index of each scored position
    scored_targets: Optional[torch.Tensor] = None  # (N,) target token ids
    n_tokens: int = 0


def _lm_head_and_cap(model: nn.Module):
    base = unwrap_model(model)
    head = base.get_output_embeddings()
    cap = getattr(base.config, "final_logit_softcapping", None)
    if cap is None and hasattr(base.config, "get_text_config"):
        cap = getattr(base.config.get_text_config(), "final_logit_softcapping", None)
    return head, cap


def _logits(head: nn.Module, cap: Optional[float], h: torch.Tensor) -> torch.Tensor:
    logits = head(h).float()
    if cap:
        logits = torch.tanh(logits / cap) * cap
    return logits


def _chunk_logps(h: torch.Tensor, targets: torch.Tensor, head, cap) -> torch.Tensor:
    logits = _logits(head, cap, h)  # (C, V) float32, one chunk only
    return logits.gather(-1, targets[:, None]).squeeze(-1) - torch.logsumexp(logits, dim=-1)


def chunked_token_logps(
    hidden: torch.Tensor, targets: torch.Tensor, head: nn.Module, cap: Optional[float], chunk_size: int
) -> torch.Tensor:
    """log p(target | hidden) for (N, d) hidden states -> (N,).

    Vocabulary-tiled (never a ``chunk_size x V`` block) when ``head`` is a plain ``nn.Linear``;
    otherwise ``chunk_size`` tokens of full logits at a time, each gradient-checkpointed.
    """
    if fusable_head(head):
        return tiled_token_logps(hidden, targets, head, cap, token_tile=chunk_size)
    out = []
    for start in range(0, hidden.shape[0], chunk_size):
        h, t = hidden[start : start + chunk_size], targets[start : start + chunk_size]
        if torch.is_grad_enabled() and h.requires_grad:
            out.append(checkpoint(_chunk_logps, h, t, head, cap, use_reentrant=False))
        else:
            out.append(_chunk_logps(h, t, head, cap))
    return torch.cat(out) if out else hidden.new_zeros(0)


def _chunk_kl(h_pol, h_ref, head_pol, head_ref, cap_pol, cap_ref) -> torch.Tensor:
    logp = F.log_softmax(_logits(head_pol, cap_pol, h_pol), dim=-1)
    with torch.no_grad():
        logq = F.log_softmax(_logits(head_ref, cap_ref, h_ref), dim=-1)
    # KL(pi_ref || pi_theta) = sum_v q_v (log q_v - log p_v)
    return (logq.exp() * (logq - logp)).sum(-1)


def chunked_seq_kl(
    policy: ForwardOutput,
    reference: ForwardOutput,
    policy_model: nn.Module,
    reference_model: nn.Module,
    chunk_size: int,
) -> torch.Tensor:
    """Sequential KL: sum over response tokens of KL(pi_ref(.|x,y<t) || pi_theta(.|x,y<t)) -> (2B,)."""
    head_p, cap_p = _lm_head_and_cap(policy_model)
    head_r, cap_r = _lm_head_and_cap(reference_model)
    hp, hr = policy.scored_hidden, reference.scored_hidden
    if fusable_head(head_p) and fusable_head(head_r):
        kl = tiled_kl(hp, head_p, cap_p, hr, head_r, cap_r, token_tile=chunk_size)
        return _per_sequence(kl, policy)
    kls = []
    for s in range(0, hp.shape[0], chunk_size):
        args = (hp[s : s + chunk_size], hr[s : s + chunk_size], head_p, head_r, cap_p, cap_r)
        if torch.is_grad_enabled() and hp.requires_grad:
            kls.append(checkpoint(_chunk_kl, *args, use_reentrant=False))
        else:
            kls.append(_chunk_kl(*args))
    return _per_sequence(torch.cat(kls) if kls else hp.new_zeros(0), policy)


def _per_sequence(kl: torch.Tensor, policy: ForwardOutput) -> torch.Tensor:
    n_seq = policy.logps.shape[0]
    return torch.zeros(n_seq, dtype=kl.dtype, device=kl.device).index_add(0, policy.scored_seq, kl)


def segment_mean(values: torch.Tensor, seq: torch.Tensor, n_seq: int, denom: torch.Tensor) -> torch.Tensor:
    """Sum rows of (N, F) ``values`` per sequence index and divide by (n_seq,) ``denom``."""
    sums = torch.zeros(n_seq, values.shape[-1], dtype=values.dtype, device=values.device)
    sums = sums.index_add(0, seq, values)
    return sums / denom.clamp_min(1).to(values.dtype)[:, None]


def _pooled_features(encode, h: torch.Tensor, seq: torch.Tensor, n_seq: int, denom: torch.Tensor) -> torch.Tensor:
    """(M, d_in) activations -> (n_seq, d_sae) per-sequence means of the SAE's (M, d_sae) codes."""
    return segment_mean(encode(h).float(), seq, n_seq, denom)


def forward_batch(
    model: nn.Module,
    batch: dict[str, torch.Tensor],
    *,
    feature_hooks: Sequence[FeatureHook] = (),
    pooling_denominator: str = "response",
    features_after_final_norm: bool = False,
    chunk_size: int = 1024,
    keep_hidden: bool = False,
) -> ForwardOutput:
    """Run ``model`` once and return sequence log-probs and pooled SAE features.

    ``batch``: input_ids (2B,T), attention_mask (2B,T), response_mask (2B,T) bool.
    Log-prob positions: hidden state at t scores token t+1 when token t+1 is a
    response token. Feature positions: hidden state at t when token t is a
    response token (the model has read it); position 0 is never included.
    """
    input_ids, attention, response = batch["input_ids"], batch["attention_mask"], batch["response_mask"]
    response = response.clone()
    response[:, 0] = False
    n_seq, T = input_ids.shape
    norm = final_norm(model)
    modules = {"__final__": norm}
    for i, fh in enumerate(feature_hooks):
        modules[f"sae{i}"] = norm if features_after_final_norm else fh.module
    with capture(modules) as acts:
        model(input_ids=input_ids, attention_mask=attention, use_cache=False, logits_to_keep=1)
    final_hidden = acts["__final__"]  # (2B, T, d), after the final norm

    # Scored positions for log-probs: t where token t+1 is response.
    score_mask = torch.zeros_like(response)
    score_mask[:, :-1] = response[:, 1:]
    seq_idx, pos_idx = score_mask.nonzero(as_tuple=True)
    targets = input_ids[seq_idx, pos_idx + 1]
    hidden = final_hidden[seq_idx, pos_idx]  # (N, d)
    head, cap = _lm_head_and_cap(model)
    token_logps = chunked_token_logps(hidden, targets, head, cap, chunk_size)
    logps = torch.zeros(n_seq, dtype=token_logps.dtype, device=token_logps.device).index_add(
        0, seq_idx, token_logps
    )
    lengths = response.sum(-1).to(torch.float32)

    features = []
    if feature_hooks:
        f_seq, f_pos = response.nonzero(as_tuple=True)
        denom = lengths if pooling_denominator == "response" else torch.full_like(lengths, T)
        for i, fh in enumerate(feature_hooks):
            h = acts[f"sae{i}"][f_seq, f_pos]  # (M, d_in) response positions only
            args = (fh.encode, h, f_seq, n_seq, denom)
            if torch.is_grad_enabled() and h.requires_grad:
                # recomputed in backward: only h (M, d_in) is kept, not the (M, d_sae) activations
                features.append(checkpoint(_pooled_features, *args, use_reentrant=False))
            else:
                features.append(_pooled_features(*args))
    return ForwardOutput(
        logps=logps,
        lengths=lengths,
        features=features,
        scored_hidden=hidden if keep_hidden else None,
        scored_seq=seq_idx if keep_hidden else None,
        scored_targets=targets if keep_hidden else None,
        n_tokens=int(attention.sum()),
    )

"""Activations at a hook: collection (position 0 and padding excluded), an on-disk cache
of them, and the SAE quality metrics computed on them (FVU, L0, dead features).

Position 0 is excluded everywhere: its residual norm is ~100x the rest (attention sink),
so including it lets a handful of tokens dominate both training and FVU.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Callable

import torch
from safetensors.torch import load_file, save_file

from ..errors import SAEError
from ..hooks import StopForward, capture, resolve_hook, stop_after
from ..io import atomic_path
from .load import LoadedSAE, canonical_hook


def token_mask(attention_mask: torch.Tensor) -> torch.Tensor:
    """(B, T) bool: real tokens except position 0 (the attention sink).

    With right padding position 0 is column 0; with left padding it is each row's first
    real token, so it is found from the mask rather than assumed.
    """
    am = attention_mask.bool()
    first = am.long().argmax(dim=1)  # (B,) index of the first real token
    keep = am.clone()
    keep[torch.arange(am.shape[0]), first] = False
    return keep


def hidden_size(model) -> int:
    """Width of the residual stream (the text config's ``hidden_size`` for multimodal models)."""
    cfg = model.config.get_text_config() if hasattr(model.config, "get_text_config") else model.config
    return int(cfg.hidden_size)


@torch.no_grad()
def collect_activations(
    model,
    tokenizer,
    texts: list[str],
    hook: str,
    *,
    context_size: int = 256,
    batch_size: int = 8,
    max_tokens: int | None = None,
    log: Callable[[str], None] | None = None,
) -> torch.Tensor:
    """Run ``texts`` through ``model`` and return the activations at ``hook`` as (N, d) float32,
    excluding position 0 and padding. Texts are truncated to ``context_size`` tokens and
    batched by length to limit padding."""
    module = resolve_hook(model, hook)
    device = next(model.parameters()).device
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    chunks, n, t0 = [], 0, time.perf_counter()
    for b in range(0, len(order), batch_size):
        batch = [texts[i] for i in order[b : b + batch_size]]
        enc = tokenizer(batch, padding=True, truncation=True, max_length=context_size, return_tensors="pt")
        enc = {k: v.to(device) for k, v in enc.items()}
        with capture({"x": module}) as store, stop_after(module):
            try:
                model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"], use_cache=False)
            except StopForward:
                pass  # later layers and the LM head are not needed (~2x faster at mid depth)
        acts = store["x"]  # (B, T, d)
        keep = token_mask(enc["attention_mask"])  # (B, T)
        chunks.append(acts[keep].float().cpu())  # (n_b, d)
        n += chunks[-1].shape[0]
        if log and (b // batch_size) % 20 == 0:
            log(f"collect {b + len(batch)}/{len(texts)} texts, {n} tokens, {time.perf_counter() - t0:.0f}s")
        if max_tokens is not None and n >= max_tokens:
            break
    if not chunks:
        raise SAEError("no texts to collect activations from")
    out = torch.cat(chunks)
    return out[:max_tokens] if max_tokens is not None else out


@torch.no_grad()
def activation_metrics(sae: LoadedSAE, acts: torch.Tensor, *, batch_size: int = 4096) -> dict:
    """FVU, mean L0 and dead-feature share of ``sae`` on activations ``acts`` (N, d_in).

    FVU = sum ||x - x_hat||^2 / sum ||x - mean(x)||^2 (1 - explained variance, as sae-lens
    logs it). A feature is dead when it fires on none of the N tokens.
    """
    if acts.ndim != 2 or acts.shape[1] != sae.d_in:
        raise SAEError(f"activations have shape {tuple(acts.shape)}, SAE expects (N, {sae.d_in})")
    acts = acts.float()
    mean = acts.mean(0)  # (d,)
    sse, sst, l0_sum = 0.0, 0.0, 0.0
    fired = torch.zeros(sae.d_sae, dtype=torch.bool)
    for i in range(0, acts.shape[0], batch_size):
        x = acts[i : i + batch_size]
        c = sae.encode(x)  # (b, d_sae)
        x_hat = sae.decode(c)
        active = c != 0
        sse += (x - x_hat).pow(2).sum().item()
        sst += (x - mean).pow(2).sum().item()
        l0_sum += active.sum().item()
        fired |= active.any(0).cpu()
    n = acts.shape[0]
    return {
        "fvu": sse / max(sst, 1e-12),
        "l0": l0_sum / max(n, 1),
        "dead_share": 1.0 - fired.float().mean().item(),
        "n_tokens": int(n),
    }


def activation_key_base(model, hook: str, *, context_size: int, model_name: str | None) -> dict:
    """What identifies a model's activations at a hook, apart from the texts: the cache
    key of :func:`collect_activations_cached` and ``recipe.json``'s activation key."""
    return {"hook": canonical_hook(hook), "ctx": context_size, "model": model_name, "d": hidden_size(model)}


def collect_activations_cached(model, tokenizer, texts, hook, *, context_size, cache_dir, key_base, log=None,
                               group_size=1000):
    """collect_activations over groups of ``group_size`` texts, each cached under
    ``cache_dir`` as ``<sha256 of key>.safetensors`` so that appending texts or changing
    training hyper-parameters re-uses earlier forward passes."""
    out = []
    for i in range(0, len(texts), group_size):
        group = texts[i : i + group_size]
        key = hashlib.sha256(json.dumps({**key_base, "texts": group}, sort_keys=True).encode()).hexdigest()
        path = Path(cache_dir) / f"{key[:32]}.safetensors" if cache_dir is not None else None
        if path is not None and path.is_file():
            out.append(load_file(str(path))["acts"])
            continue
        if log:
            log(f"collecting texts {i}..{i + len(group)} of {len(texts)}")
        acts = collect_activations(model, tokenizer, group, hook, context_size=context_size, log=log)
        if path is not None:
            with atomic_path(path) as tmp:
                save_file({"acts": acts.contiguous()}, str(tmp))
        out.append(acts)
    return torch.cat(out)

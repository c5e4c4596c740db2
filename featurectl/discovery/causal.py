"""Optional stage 3 of discovery: does removing a feature change the behaviour?

For each feature i we generate greedily on a few held-out prompts while the hooked
activation is edited at every position to ``h' = h - c_i(h) * W_dec[i]`` (the feature's
contribution to the SAE reconstruction is subtracted; the SAE error term is untouched),
and score the outputs with the domain's metric
(:attr:`featurectl.domains.Domain.capability`).
``causal_effect = baseline_rate - ablated_rate``: positive means the feature is needed
for the behaviour. With a handful of prompts the rates are coarse (steps of 1/n), so
this is a sanity check recorded next to the scores, not a selection criterion.
"""

from __future__ import annotations

import contextlib
from typing import Callable, Iterator, Sequence

import torch

from ..hooks import resolve_hook


def decoder_direction(sae, index: int) -> torch.Tensor:
    """(d_in,) the decoder row of feature ``index`` (what one unit of activation adds)."""
    inner = getattr(sae, "sae", None)
    w_dec = getattr(inner, "W_dec", None)
    if w_dec is not None:
        return w_dec[index].detach().float()
    one = torch.zeros(1, sae.d_sae)
    one[0, index] = 1.0
    return (sae.decode(one) - sae.decode(torch.zeros(1, sae.d_sae)))[0].detach().float()


@contextlib.contextmanager
def ablate_feature(model, sae, hook: str, index: int) -> Iterator[None]:
    """While active, the output of ``hook`` has feature ``index`` removed at every position.

    Position 0 is edited too: its norm is ~100x the rest, so the edit is negligible there.
    """
    module = resolve_hook(model, hook)
    direction = decoder_direction(sae, index)  # (d_in,)

    def edit(_mod, _inp, out):
        h = out[0] if isinstance(out, tuple) else out  # (B, T, d_in)
        c = sae.encode(h.float())[..., index]  # (B, T)
        h2 = h - (c.unsqueeze(-1) * direction.to(h.device)).to(h.dtype)
        return (h2,) + tuple(out[1:]) if isinstance(out, tuple) else h2

    handle = module.register_forward_hook(edit)
    try:
        yield
    finally:
        handle.remove()


@torch.no_grad()
def generate(model, tokenizer, prompts: Sequence[str], *, max_new_tokens: int = 32, batch_size: int = 4) -> list[str]:
    """Greedy completions of chat ``prompts`` (rendered like training prompts), new text only."""
    from ..pairs import render_prompt

    device = next(model.parameters()).device
    outputs: list[str] = []
    old_side = tokenizer.padding_side
    tokenizer.padding_side = "left"  # generation appends on the right
    try:
        for b in range(0, len(prompts), batch_size):
            texts = [render_prompt(tokenizer, [{"role": "user", "content": p}]) for p in prompts[b : b + batch_size]]
            enc = tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=True).to(device)
            out = model.generate(
                **enc,
                max_new_tokens=max_new_tokens,
                do_sample=False,
                pad_token_id=tokenizer.pad_token_id,
            )  # (B, T_prompt + new)
            new = out[:, enc["input_ids"].shape[1] :]
            outputs += tokenizer.batch_decode(new, skip_special_tokens=True)
    finally:
        tokenizer.padding_side = old_side
    return outputs


def ablation_effects(
    model,
    tokenizer,
    sae,
    features: Sequence[int],
    prompts: Sequence[str],
    metric: Callable[[str], bool],
    *,
    hook: str,
    max_new_tokens: int = 32,
    batch_size: int = 4,
    progress: bool = True,
) -> dict:
    """``{"baseline_rate", "n_prompts", "per_feature": {index: {"ablated_rate", "causal_effect"}}}``."""
    from tqdm.auto import tqdm

    def rate(outs: list[str]) -> float:
        return sum(bool(metric(o)) for o in outs) / max(len(outs), 1)

    base = rate(generate(model, tokenizer, prompts, max_new_tokens=max_new_tokens, batch_size=batch_size))
    per_feature = {}
    for i in tqdm(list(features), desc="causal ablation", unit="feature", disable=not progress, leave=False):
        with ablate_feature(model, sae, hook, i):
            r = rate(generate(model, tokenizer, prompts, max_new_tokens=max_new_tokens, batch_size=batch_size))
        per_feature[int(i)] = {"ablated_rate": r, "causal_effect": base - r}
    return {"baseline_rate": base, "n_prompts": len(prompts), "per_feature": per_feature}


__all__ = ["ablate_feature", "ablation_effects", "decoder_direction", "generate"]

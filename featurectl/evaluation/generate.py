"""Batched, seeded sampling with the per-token entropy of the sampling distribution.

Cheap on a CPU by default: small batches of left-padded prompts, few new tokens.
The entropy of each step is recorded by a logits processor while ``generate`` runs
(HF applies custom processors before the temperature warper, so it sees the
model's logits; dividing by T here gives the distribution actually sampled from),
which avoids keeping (steps, B, V) logits around.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence, Union

import torch

__all__ = ["Generation", "generate", "stop_token_ids", "as_messages"]

Prompt = Union[str, Sequence[dict]]


@dataclasses.dataclass
class Generation:
    """One sampled response. ``token_ids`` end at (and include) the first stop token."""

    text: str
    token_ids: list[int]
    token_entropy: list[float]  # nats, one per generated token
    stopped: bool  # ended on a stop token (False: hit max_new_tokens)


def as_messages(prompt: Prompt) -> list[dict]:
    if isinstance(prompt, str):
        return [{"role": "user", "content": prompt}]
    return [dict(m) for m in prompt]


def stop_token_ids(tokenizer) -> list[int]:
    """EOS plus the end-of-turn markers of common chat templates that are single tokens."""
    ids = []
    if tokenizer.eos_token_id is not None:
        ids.append(int(tokenizer.eos_token_id))
    vocab = tokenizer.get_vocab()
    for marker in ("<|im_end|>", "<end_of_turn>", "<|eot_id|>", "<|endoftext|>"):
        if marker in vocab and vocab[marker] not in ids:
            ids.append(int(vocab[marker]))
    return ids


class _EntropyRecorder:
    """A LogitsProcessor that records the entropy of softmax(scores / T) per row and step."""

    def __init__(self, temperature: float, on_step=None):
        from .diversity import token_entropies

        self._fn = token_entropies
        self.temperature = temperature
        self.on_step = on_step  # called once per generated token (progress)
        self.steps: list[torch.Tensor] = []  # each (B,)

    def __call__(self, input_ids: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
        self.steps.append(self._fn(scores, self.temperature).cpu())
        if self.on_step is not None:
            self.on_step()
        return scores


@torch.no_grad()
def _generations(tokenizer, new: torch.Tensor, entropy_steps: list, stops: Sequence[int]) -> list[Generation]:
    """One :class:`Generation` per row of ``new`` (B, S) new token ids, cut after the first stop token;
    ``entropy_steps``: the recorder's per-step (B,) entropies."""
    ent = torch.stack(entropy_steps, dim=1) if entropy_steps else torch.zeros(new.shape[0], 0)  # (B, S)
    out = []
    for row in range(new.shape[0]):
        ids = new[row].tolist()
        cut = next((i + 1 for i, t in enumerate(ids) if t in stops), None)
        kept = ids[:cut] if cut is not None else ids
        out.append(Generation(
            text=tokenizer.decode(kept, skip_special_tokens=True).strip(),
            token_ids=kept,
            token_entropy=[float(h) for h in ent[row, : len(kept)]],
            stopped=cut is not None,
        ))
    return out


def generate(
    model,
    tokenizer,
    prompts: Sequence[Prompt],
    *,
    temperature: float = 1.0,
    max_new_tokens: int = 48,
    batch_size: int = 8,
    seed: int = 0,
    top_p: float = 1.0,
    progress: bool = True,
) -> list[Generation]:
    """Sample one response per prompt. ``temperature <= 0`` means greedy decoding.

    Prompts are rendered exactly as in training (``featurectl.pairs.render_prompt``:
    the chat template when the tokenizer has one, else plain completion text).
    Sampling is pure (no top-k cut; top-p 1.0 unless given) so that the entropy is the
    entropy of the distribution the tokens were drawn from. The RNG is reseeded per
    call, so the same (model, prompts, temperature, seed) gives the same text.
    ``progress`` shows a prompts/s bar with an ETA on stderr (advancing per generated token; off
    when stderr is not a terminal).
    """
    from transformers import GenerationConfig, LogitsProcessorList

    from ..console import progress_bar
    from ..pairs import render_prompt

    device = next(model.parameters()).device
    stops = stop_token_ids(tokenizer)
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else stops[0]
    do_sample = temperature > 0
    gen_cfg = GenerationConfig(
        max_new_tokens=max_new_tokens,
        do_sample=do_sample,
        temperature=temperature if do_sample else None,
        top_k=0 if do_sample else None,
        top_p=top_p if do_sample else None,
        pad_token_id=pad,
        eos_token_id=stops,
    )
    texts = [render_prompt(tokenizer, as_messages(p)) for p in prompts]
    torch.manual_seed(seed)
    out: list[Generation] = []
    old_side = tokenizer.padding_side
    tokenizer.padding_side = "left"  # generation continues from the last column
    was_training = model.training
    model.eval()
    bar = progress_bar(len(texts), f"sampling T={temperature:g}", enabled=progress)
    try:
        for start in range(0, len(texts), batch_size):
            enc = tokenizer(texts[start : start + batch_size], add_special_tokens=True, padding=True,
                            return_tensors="pt").to(device)
            n_batch = enc["input_ids"].shape[0]
            recorder = _EntropyRecorder(temperature, on_step=lambda n=n_batch: bar.update(n / max_new_tokens))
            seqs = model.generate(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"],
                                  generation_config=gen_cfg,
                                  logits_processor=LogitsProcessorList([recorder]))
            new = seqs[:, enc["input_ids"].shape[1]:].cpu()  # (B, S)
            out += _generations(tokenizer, new, recorder.steps, stops)
            bar.update(start + n_batch - bar.n)  # a batch that stopped early jumps to its end
    finally:
        bar.close()
        tokenizer.padding_side = old_side
        model.train(was_training)
    return out

"""Stage 0 of discovery: per-text SAE statistics on response tokens.

Each text is a (prompt, response) pair rendered exactly as training renders it
(``featurectl.pairs.render_prompt`` / ``render_response``: the chat template when the
tokenizer has one), so discovery scores the same tokens the FPO loss pools over: the
response tokens, never the prompt, the padding or position 0 (the attention sink,
whose residual norm is ~100x the rest).

For N texts and an SAE with F features, :func:`collect_feature_stats` keeps
``pooled (N, F)`` (mean over response tokens, what FPO's c-bar is), ``max (N, F)``
(to find top-activating contexts later) and per-text firing counts are reduced to
per-group sums (target/control x train/heldout), so memory is 2 x N x F floats.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Iterator, Literal, Sequence

import torch

from ..errors import DataError
from ..hooks import StopForward, capture, resolve_hook, stop_after

Side = Literal["target", "control"]
Split = Literal["train", "heldout"]
SIDES: tuple[Side, Side] = ("target", "control")
SPLITS: tuple[Split, Split] = ("train", "heldout")
HELDOUT_EVERY = 5  # rows without a "split" key: every 5th row (20%) is held out


@dataclasses.dataclass
class Example:
    """One text to score: a response (and the prompt it answers) on one side of the contrast."""

    id: str
    prompt: str  # "" for plain text rows: no chat template, the whole text is scored
    response: str
    side: Side
    split: Split


# --------------------------------------------------------------------------- inputs


def examples_from_corpus(rows: Sequence[dict]) -> list[Example]:
    """Corpus rows ``{id, prompt, target, control, split}`` -> two examples per row."""
    out = []
    for row in rows:
        for side in SIDES:
            out.append(Example(str(row["id"]), row["prompt"], row[side], side, row["split"]))
    return out


def examples_from_jsonl(path: str | Path, side: Side) -> list[Example]:
    """Rows ``{"text"}`` or ``{"prompt", "response"}`` (optional ``id``, ``split``) of one side.

    Rows without ``split`` are split deterministically: every ``HELDOUT_EVERY``-th row is
    held out. Errors name the file, line and key.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{side} file not found: {path}")
    from ..io import read_jsonl_objects

    out: list[Example] = []
    for i, (lineno, row) in enumerate(read_jsonl_objects(path)):
        if "text" in row:
            prompt, response = "", row["text"]
        elif "prompt" in row and "response" in row:
            prompt, response = row["prompt"], row["response"]
        else:
            raise DataError(f"{path}:{lineno}: needs key 'text' or keys 'prompt' and 'response' (has {sorted(row)})")
        for key, value in (("prompt", prompt), ("response/text", response)):
            if not isinstance(value, str):
                raise DataError(f"{path}:{lineno}: key {key!r} must be a string, got {type(value).__name__}")
        if not response.strip():
            raise DataError(f"{path}:{lineno}: empty response/text")
        split = row.get("split", "heldout" if i % HELDOUT_EVERY == HELDOUT_EVERY - 1 else "train")
        if split not in SPLITS:
            raise DataError(f"{path}:{lineno}: key 'split' must be one of {SPLITS}, got {split!r}")
        out.append(Example(str(row.get("id", f"{path.stem}-{lineno}")), prompt, response, side, split))
    if not out:
        raise DataError(f"{side} file {path} has no rows")
    return out


def cap_examples(examples: list[Example], max_texts: int | None) -> list[Example]:
    """Keep at most ``max_texts`` examples per (side, split), in file order."""
    if max_texts is None:
        return examples
    counts: dict[tuple[str, str], int] = {}
    out = []
    for ex in examples:
        key = (ex.side, ex.split)
        if counts.get(key, 0) < max_texts:
            counts[key] = counts.get(key, 0) + 1
            out.append(ex)
    return out


@dataclasses.dataclass
class Tokenized:
    prompt_ids: list[int]
    response_ids: list[int]


def tokenize_example(tokenizer, ex: Example, max_length: int) -> Tokenized:
    """Prompt and response ids as training builds them. The prompt keeps its last
    ``max_length // 2`` tokens, the response its first ``max_length - len(prompt)``."""
    from ..pairs import render_prompt, render_response

    if ex.prompt:
        messages = [{"role": "user", "content": ex.prompt}]
        prompt_ids = tokenizer(render_prompt(tokenizer, messages), add_special_tokens=True)["input_ids"]
        response_ids = tokenizer(render_response(tokenizer, messages, ex.response), add_special_tokens=False)[
            "input_ids"
        ]
    else:  # plain text: BOS (if the tokenizer adds one) + the text
        prompt_ids = tokenizer("", add_special_tokens=True)["input_ids"]
        response_ids = tokenizer(ex.response, add_special_tokens=False)["input_ids"]
    prompt_ids = prompt_ids[-(max_length // 2) :] if len(prompt_ids) > max_length // 2 else prompt_ids
    response_ids = response_ids[: max_length - len(prompt_ids)]
    return Tokenized(list(prompt_ids), list(response_ids))


# --------------------------------------------------------------------------- forward


@dataclasses.dataclass
class Batch:
    rows: list[int]  # (B,) indices into the example list
    acts: torch.Tensor  # (n, F) SAE activations of the batch's scored tokens, float32
    seg: torch.Tensor  # (n,) position of each token's text within ``rows``
    token_ids: torch.Tensor  # (n,) the scored tokens' ids


def iter_sae_batches(
    model,
    sae,
    tokenized: Sequence[Tokenized],
    *,
    hook: str,
    pad_token_id: int,
    batch_size: int = 8,
    rows: Sequence[int] | None = None,
    progress: bool = True,
    desc: str = "SAE activations",
) -> Iterator[Batch]:
    """Run the model up to ``hook`` over ``tokenized[rows]`` and yield the SAE activations of
    the response tokens (position 0 excluded), batched by length to limit padding."""
    from tqdm.auto import tqdm

    module = resolve_hook(model, hook)
    device = next(model.parameters()).device
    rows = list(range(len(tokenized))) if rows is None else list(rows)
    rows.sort(key=lambda i: len(tokenized[i].prompt_ids) + len(tokenized[i].response_ids))
    starts = range(0, len(rows), batch_size)
    for b in tqdm(starts, desc=desc, unit="batch", disable=not progress, leave=False):
        batch_rows = rows[b : b + batch_size]
        seqs = [tokenized[i].prompt_ids + tokenized[i].response_ids for i in batch_rows]
        T = max(len(s) for s in seqs)
        input_ids = torch.full((len(seqs), T), pad_token_id, dtype=torch.long)  # (B, T)
        attention = torch.zeros((len(seqs), T), dtype=torch.long)  # (B, T)
        scored = torch.zeros((len(seqs), T), dtype=torch.bool)  # (B, T) response tokens, not position 0
        for r, (i, s) in enumerate(zip(batch_rows, seqs)):
            input_ids[r, : len(s)] = torch.tensor(s, dtype=torch.long)
            attention[r, : len(s)] = 1
            scored[r, max(len(tokenized[i].prompt_ids), 1) : len(s)] = True
        with torch.no_grad(), capture({"h": module}) as store, stop_after(module):
            try:
                model(input_ids=input_ids.to(device), attention_mask=attention.to(device), use_cache=False)
            except StopForward:
                pass
            h = store["h"]  # (B, T, d_in)
            mask = scored.to(h.device)
            acts = sae.encode(h[mask].float())  # (n, F)
        seg = torch.arange(len(seqs)).unsqueeze(1).expand(-1, T)[scored]  # (n,)
        yield Batch(batch_rows, acts.float().cpu(), seg, input_ids[scored])


# --------------------------------------------------------------------------- statistics


@dataclasses.dataclass
class FeatureStats:
    """What scoring needs, for N examples and F features.

    pooled:      (N, F) mean activation over each text's scored tokens (FPO's c-bar)
    max:         (N, F) max activation over each text's scored tokens
    n_tokens:    (N,)   scored tokens per text
    fire:        {(side, split): (F,)} tokens with activation > 0, summed over the group
    group_tokens {(side, split): int} scored tokens in the group
    """

    pooled: torch.Tensor
    max: torch.Tensor
    n_tokens: torch.Tensor
    fire: dict[tuple[str, str], torch.Tensor]
    group_tokens: dict[tuple[str, str], int]

    def rows(self, examples: Sequence[Example], side: str, split: str) -> torch.Tensor:
        """Indices (long) of the examples in one group."""
        return torch.tensor(
            [i for i, ex in enumerate(examples) if ex.side == side and ex.split == split], dtype=torch.long
        )


def collect_feature_stats(
    model,
    tokenizer,
    sae,
    examples: Sequence[Example],
    *,
    hook: str,
    batch_size: int = 8,
    max_length: int = 256,
    progress: bool = True,
    tokenized: Sequence[Tokenized] | None = None,
) -> FeatureStats:
    """Pooled, max and firing statistics of every SAE feature on every example's response."""
    if tokenized is None:
        tokenized = [tokenize_example(tokenizer, ex, max_length) for ex in examples]
    N, F = len(examples), sae.d_sae
    pooled = torch.zeros(N, F)
    maxact = torch.zeros(N, F)
    n_tokens = torch.zeros(N)
    groups = {(side, split): torch.zeros(F) for side in SIDES for split in SPLITS}
    group_tokens = {key: 0 for key in groups}
    for batch in iter_sae_batches(
        model, sae, tokenized, hook=hook, pad_token_id=tokenizer.pad_token_id, batch_size=batch_size, progress=progress
    ):
        B = len(batch.rows)
        sums = torch.zeros(B, F).index_add_(0, batch.seg, batch.acts)  # (B, F)
        counts = torch.bincount(batch.seg, minlength=B).float()  # (B,)
        # SAE activations are >= 0 (ReLU/JumpReLU/TopK), so 0 is a safe identity for max.
        maxes = torch.zeros(B, F).scatter_reduce_(
            0, batch.seg.unsqueeze(1).expand(-1, F), batch.acts, "amax", include_self=True
        )  # (B, F)
        firing = torch.zeros(B, F).index_add_(0, batch.seg, (batch.acts > 0).float())  # (B, F)
        idx = torch.tensor(batch.rows)
        pooled[idx] = sums / counts.clamp_min(1).unsqueeze(1)
        maxact[idx] = maxes
        n_tokens[idx] = counts
        for r, i in enumerate(batch.rows):
            key = (examples[i].side, examples[i].split)
            groups[key] += firing[r]
            group_tokens[key] += int(counts[r])
    empty = [examples[i].id for i in range(N) if n_tokens[i] == 0]
    if empty:
        raise DataError(
            f"{len(empty)} text(s) have no response tokens left after truncation (e.g. id {empty[0]!r}); "
            f"raise --max-length"
        )
    return FeatureStats(pooled, maxact, n_tokens, groups, group_tokens)


def token_activations(
    model,
    tokenizer,
    sae,
    tokenized: Sequence[Tokenized],
    rows: Sequence[int],
    features: Sequence[int],
    *,
    hook: str,
    batch_size: int = 8,
    progress: bool = True,
) -> dict[int, tuple[list[int], torch.Tensor]]:
    """Per-token activations of ``features`` on ``rows``: row -> (scored token ids, acts (n_i, len(features)))."""
    feats = torch.tensor(list(features), dtype=torch.long)
    out: dict[int, tuple[list[int], torch.Tensor]] = {}
    for batch in iter_sae_batches(
        model,
        sae,
        tokenized,
        hook=hook,
        pad_token_id=tokenizer.pad_token_id,
        batch_size=batch_size,
        rows=rows,
        progress=progress,
        desc="top contexts",
    ):
        sel = batch.acts[:, feats]  # (n, len(features))
        for r, i in enumerate(batch.rows):
            m = batch.seg == r
            out[i] = (batch.token_ids[m].tolist(), sel[m])
    return out


def describe_token(tokenizer, token_id: int) -> str:
    """A token as readable text (``decode`` of one id; byte pieces may show as U+FFFD)."""
    return tokenizer.decode([int(token_id)])


__all__ = [
    "Example",
    "FeatureStats",
    "Tokenized",
    "cap_examples",
    "collect_feature_stats",
    "describe_token",
    "examples_from_corpus",
    "examples_from_jsonl",
    "iter_sae_batches",
    "token_activations",
    "tokenize_example",
]

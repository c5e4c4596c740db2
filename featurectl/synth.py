"""Build preference pairs that push a model toward (or, reversed, away from) a capability.

Two sources, both labelled in every row's ``source`` key:

``corpus``
    The shipped contrast corpus: ``prompt``, ``chosen = target``,
    ``rejected = control`` (French over English, JSON over prose, refusal over
    compliance, positive over negative).
``generated``
    The model's own answers to the same prompts under two contrasting
    instructions ("Answer in French." vs the plain prompt, "Respond only with
    JSON." vs "Respond in plain prose.", ...). The stored prompt is the *plain*
    prompt, so training teaches the behaviour without the instruction (context
    distillation). A generated pair is kept only when the domain's evaluator
    confirms that the two answers really differ: the chosen answer shows the
    capability and the rejected one shows its opposite.

Chat models are prompted through their chat template; base models (no template)
get a few-shot completion prompt built from corpus rows of the same side.
``reverse=True`` swaps chosen and rejected after filtering. Each row keeps the
corpus row's ``split`` so held-out prompts stay held out. Everything is
deterministic given ``seed``.
"""

from __future__ import annotations

import dataclasses
import random
from typing import Any, Sequence

from .corpora import corpus_path, corpus_sha256, helpful_pairs_path, load_corpus, load_helpful_pairs
from .domains import DOMAINS
from .errors import DataError
from .evaluation import control
from .io import sha256_file

__all__ = [
    "HELPFUL",
    "SynthResult",
    "filter_generated",
    "generate_responses",
    "is_degenerate",
    "synth_domains",
    "synthesize",
]

HELPFUL = "helpful"  # the shipped general-helpfulness pairs: a data source, not a domain


def synth_domains() -> tuple[str, ...]:
    """What ``featurectl data synth --domain`` accepts: every registered domain, then ``helpful``."""
    return (*DOMAINS, HELPFUL)


def is_degenerate(text: str, *, max_repeat: float = 0.3) -> bool:
    """True for an answer stuck in a loop: more than ``max_repeat`` of its word
    trigrams are repeats (checked from 12 words on).

    smollm2-135m's French often passes language ID while repeating one phrase
    ("de l'addition à l'addition à l'addition ..."). Short answers are left to
    the domain checks (a two-word refusal or a small JSON object is fine).
    """
    words = text.lower().split()
    if len(words) < 12:
        return False
    grams = list(zip(words, words[1:], words[2:]))
    return 1 - len(set(grams)) / len(grams) > max_repeat


@dataclasses.dataclass
class SynthResult:
    """The pairs and the numbers that go into the data card."""

    domain: str
    pairs: list[dict]
    stats: dict[str, Any]


# ----------------------------------------------------------------- selection
def _select(rows: list[dict], n: int | None, seed: int) -> list[dict]:
    """A seeded sample of ``n`` rows that keeps the train/held-out proportion, in file order."""
    if n is None or n >= len(rows):
        return list(rows)
    if n <= 0:
        raise DataError(f"--n must be positive, got {n}")
    rng = random.Random(seed)
    heldout = [i for i, r in enumerate(rows) if r.get("split") == "heldout"]
    train = [i for i, r in enumerate(rows) if r.get("split") != "heldout"]
    n_held = round(n * len(heldout) / len(rows))
    picked = rng.sample(heldout, min(n_held, len(heldout))) + rng.sample(train, min(n - n_held, len(train)))
    return [rows[i] for i in sorted(picked)]


# ---------------------------------------------------------------- generation
def _with_instruction(prompt: str, instruction: str | None) -> str:
    return prompt if instruction is None else f"{prompt}\n\n{instruction}"


def _few_shot_prompt(prompt: str, instruction: str | None, shots: Sequence[tuple[str, str]]) -> str:
    """Completion-style prompt for base models: Q/A examples, then the open question."""
    parts = [f"Question: {_with_instruction(q, instruction)}\nAnswer: {a}" for q, a in shots]
    parts.append(f"Question: {_with_instruction(prompt, instruction)}\nAnswer:")
    return "\n\n".join(parts)


def _cut_completion(text: str) -> str:
    """A base model continues the few-shot pattern; keep only its first answer."""
    for stop in ("\nQuestion:", "\n\nQuestion", "\n\n\n"):
        text = text.split(stop, 1)[0]
    return text.strip()


def generate_responses(
    model,
    tokenizer,
    prompts: Sequence[str],
    instruction: str | None,
    *,
    shots: Sequence[Sequence[tuple[str, str]]] | None = None,
    max_new_tokens: int = 128,
    temperature: float = 0.7,
    top_p: float = 0.9,
    seed: int = 0,
    batch_size: int = 8,
    prefill: str | None = None,
) -> list[str]:
    """Sample one answer per prompt with ``instruction`` appended to the user turn.

    Uses the chat template when the tokenizer has one; otherwise a few-shot
    completion prompt with ``shots[i]`` (question, answer) examples for prompt i.
    ``prefill`` starts the answer and is returned as part of it.
    Sampling is seeded per batch, so the output is a function of the inputs and
    ``seed`` (on a given device and library version).
    """
    import torch

    use_chat = bool(getattr(tokenizer, "chat_template", None))
    texts = []
    for i, p in enumerate(prompts):
        if use_chat:
            messages = [{"role": "user", "content": _with_instruction(p, instruction)}]
            texts.append(tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True))
        else:
            texts.append(_few_shot_prompt(p, instruction, shots[i] if shots else ()))
        if prefill:
            texts[-1] += prefill if use_chat else " " + prefill

    old_side = tokenizer.padding_side
    tokenizer.padding_side = "left"  # decoder-only generation continues from the right edge
    out: list[str] = []
    try:
        device = next(model.parameters()).device
        for start in range(0, len(texts), batch_size):
            batch = texts[start : start + batch_size]
            # The chat template already carries the special tokens it needs.
            enc = tokenizer(batch, return_tensors="pt", padding=True, add_special_tokens=not use_chat).to(device)
            torch.manual_seed(seed + start)
            with torch.no_grad():
                gen = model.generate(
                    **enc,
                    max_new_tokens=max_new_tokens,
                    do_sample=temperature > 0,
                    temperature=temperature if temperature > 0 else None,
                    top_p=top_p if temperature > 0 else None,
                    pad_token_id=tokenizer.pad_token_id,
                    eos_token_id=tokenizer.eos_token_id,
                )
            new_tokens = gen[:, enc["input_ids"].shape[1] :]  # (B, <= max_new_tokens)
            for row in tokenizer.batch_decode(new_tokens, skip_special_tokens=True):
                text = (prefill or "") + row
                out.append(text.strip() if use_chat else _cut_completion(text))
    finally:
        tokenizer.padding_side = old_side
    return out


def filter_generated(
    domain: str, rows: Sequence[dict], chosen: Sequence[str], rejected: Sequence[str], *, model_name: str
) -> tuple[list[dict], dict[str, int]]:
    """Keep generated pairs whose two sides the domain evaluator confirms.

    Returns the kept pairs and counts: ``attempted``, ``kept``,
    ``chosen_failed`` (chosen lacks the capability), ``rejected_failed``
    (rejected does not show the opposite), ``identical``, ``degenerate``
    (both sides passed, but one is looping; see :func:`is_degenerate`).
    """
    c = DOMAINS[domain].contrast
    counts = {
        "attempted": len(rows), "kept": 0, "chosen_failed": 0, "rejected_failed": 0, "identical": 0, "degenerate": 0
    }
    kept = []
    for row, ch, rj in zip(rows, chosen, rejected, strict=True):
        if ch.strip() == rj.strip():
            counts["identical"] += 1
            continue
        ok_c, ok_r = c.chosen_ok(ch), c.rejected_ok(rj)
        counts["chosen_failed"] += not ok_c
        counts["rejected_failed"] += not ok_r
        if ok_c and ok_r and (is_degenerate(ch) or is_degenerate(rj)):
            counts["degenerate"] += 1
        elif ok_c and ok_r:
            kept.append(
                {
                    "id": f"{row['id']}-gen",
                    "prompt": row["prompt"],
                    "chosen": ch,
                    "rejected": rj,
                    "domain": domain,
                    "source": "generated",
                    "split": row.get("split", "train"),
                    "meta": {
                        "model": model_name,
                        "chosen_instruction": c.chosen_instruction,
                        "rejected_instruction": c.rejected_instruction,
                        "chosen_prefill": c.chosen_prefill,
                    },
                }
            )
    counts["kept"] = len(kept)
    return kept, counts


# --------------------------------------------------------------------- main
def _corpus_pair(domain: str, row: dict) -> dict:
    return {
        "id": row["id"],
        "prompt": row["prompt"],
        "chosen": row["target"],
        "rejected": row["control"],
        "domain": domain,
        "source": "corpus",
        "split": row["split"],
    }


def _pass_rates(domain: str, pairs: list[dict]) -> dict:
    """Evaluator verdicts on each side, as Wilson-interval rates (before any reversal)."""
    if domain not in DOMAINS or not pairs:
        return {}
    c = DOMAINS[domain].contrast
    n_chosen = sum(c.chosen_ok(p["chosen"]) for p in pairs)
    n_rejected = sum(c.rejected_ok(p["rejected"]) for p in pairs)
    return {
        "chosen_shows_capability": control.rate_with_ci(n_chosen, len(pairs)),
        "rejected_shows_opposite": control.rate_with_ci(n_rejected, len(pairs)),
    }


def _shots_for(rows: list[dict], pool: list[dict], side: str, k: int, seed: int) -> list[list[tuple[str, str]]]:
    """For each row, ``k`` (prompt, answer) examples from other train rows, answer taken from ``side``."""
    rng = random.Random(seed)
    out = []
    for row in rows:
        others = [r for r in pool if r["id"] != row["id"]]
        out.append([(r["prompt"], r[side]) for r in rng.sample(others, min(k, len(others)))])
    return out


def synthesize(
    domain: str,
    *,
    model: str | None = None,
    n: int | None = None,
    generate: bool = True,
    max_generate: int = 64,
    reverse: bool = False,
    seed: int = 0,
    max_new_tokens: int | None = None,
    temperature: float = 0.7,
    few_shot: int = 2,
    model_and_tokenizer: tuple[Any, Any] | None = None,
) -> SynthResult:
    """Preference pairs for ``domain`` (one of :func:`synth_domains`).

    ``n`` limits the corpus rows used (a seeded sample that keeps the held-out
    share); generation runs on a seeded sample of ``max_generate`` of those rows unless
    ``generate`` is False; ``max_new_tokens`` defaults to the domain's
    :attr:`featurectl.domains.Contrast.max_new_tokens`. ``model`` is a :func:`featurectl.models.load_model`
    name (default: the registry default); ``model_and_tokenizer`` passes an
    already-loaded pair instead (tests, notebooks). ``helpful`` returns the
    shipped helpfulness pairs (no generation).
    """
    if domain not in synth_domains():
        raise DataError(f"unknown domain {domain!r}; choose one of {', '.join(synth_domains())}")
    stats: dict[str, Any] = {"domain": domain, "seed": seed, "reverse": reverse, "n": n}
    if domain == HELPFUL:
        pairs = _helpful_pairs(n, seed, stats)
    else:
        rows = _select(load_corpus(domain), n, seed)
        pairs = _corpus_pairs(domain, rows, stats)
        if generate and max_generate > 0:
            gen_pairs, gen_stats = _generate_pairs(
                domain,
                # a seeded sample too: corpus files are grouped by topic, so the
                # first rows would all be about one subject
                _select(rows, max_generate, seed + 1),
                model=model,
                model_and_tokenizer=model_and_tokenizer,
                seed=seed,
                max_new_tokens=max_new_tokens,
                temperature=temperature,
                few_shot=few_shot,
            )
            pairs.extend(gen_pairs)
            stats["generation"] = gen_stats
            stats["counts"]["generated"] = len(gen_pairs)
            stats["pass_rates"]["generated_kept"] = _pass_rates(domain, gen_pairs)
    if reverse:
        for p in pairs:
            p["chosen"], p["rejected"] = p["rejected"], p["chosen"]
    stats["counts"]["total"] = len(pairs)
    stats["counts"]["train"] = sum(p["split"] == "train" for p in pairs)
    stats["counts"]["heldout"] = sum(p["split"] == "heldout" for p in pairs)
    return SynthResult(domain=domain, pairs=pairs, stats=stats)


def _helpful_pairs(n: int | None, seed: int, stats: dict[str, Any]) -> list[dict]:
    rows = _select(load_helpful_pairs(), n, seed)
    pairs = [
        {**r, "domain": HELPFUL, "source": r.get("source", "shipped"), "split": r.get("split", "train")}
        for r in rows
    ]
    stats["sources"] = {"pairs": {"path": helpful_pairs_path().name, "sha256": sha256_file(helpful_pairs_path())}}
    stats["counts"] = {"shipped": len(pairs)}
    return pairs


def _corpus_pairs(domain: str, rows: list[dict], stats: dict[str, Any]) -> list[dict]:
    pairs = [_corpus_pair(domain, r) for r in rows]
    stats["sources"] = {"corpus": {"path": corpus_path(domain).name, "sha256": corpus_sha256(domain)}}
    stats["counts"] = {"corpus": len(pairs)}
    stats["pass_rates"] = {"corpus": _pass_rates(domain, pairs)}
    return pairs


def _generate_pairs(domain, rows, *, model, model_and_tokenizer, seed, max_new_tokens, temperature, few_shot):
    from .models import DEFAULT_MODEL, load_model

    if model_and_tokenizer is not None:
        lm, tok = model_and_tokenizer
        model_name = model or getattr(getattr(lm, "config", None), "name_or_path", "") or "in-memory"
        model_id: dict[str, Any] = {"name": model_name}
    else:
        model_name = model or DEFAULT_MODEL
        lm, tok, info = load_model(model_name)
        model_id = {"name": info.name, "source": info.source, "weights_sha256": info.weights_sha256}
    c = DOMAINS[domain].contrast
    max_new_tokens = max_new_tokens or c.max_new_tokens
    pool = load_corpus(domain, split="train")  # few-shot examples never come from held-out rows
    use_chat = bool(getattr(tok, "chat_template", None))
    prompts = [r["prompt"] for r in rows]
    kw = dict(max_new_tokens=max_new_tokens, temperature=temperature, seed=seed)
    chosen = generate_responses(
        lm, tok, prompts, c.chosen_instruction, prefill=c.chosen_prefill,
        shots=None if use_chat else _shots_for(rows, pool, "target", few_shot, seed), **kw,
    )
    if c.clean_chosen is not None:
        chosen = [c.clean_chosen(t) for t in chosen]
    rejected = generate_responses(
        lm, tok, prompts, c.rejected_instruction,
        shots=None if use_chat else _shots_for(rows, pool, "control", few_shot, seed + 1), **kw,
    )
    kept, counts = filter_generated(domain, rows, chosen, rejected, model_name=model_name)
    return kept, {
        "model": model_id,
        "prompting": "chat template" if use_chat else f"{few_shot}-shot completion",
        "max_new_tokens": max_new_tokens,
        "temperature": temperature,
        "filter": c.description,
        "chosen_instruction": c.chosen_instruction,
        "rejected_instruction": c.rejected_instruction,
        "chosen_prefill": c.chosen_prefill,
        **counts,
    }

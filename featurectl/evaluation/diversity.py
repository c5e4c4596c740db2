"""Diversity of generated text: two labelled definitions of entropy and distinct-n.

The paper (Table 2, right; following TDPO, Zeng et al. 2024) reports "the entropy of
the top 100 results" without a formula. Two readings exist; both are computed and
labelled so that nobody has to guess which one a number is:

``predictive_entropy``  (reported as ``diversity.entropy``, the paper's column)
    Mean per-token entropy, in nats, of the distribution the model sampled from,
    H_t = -sum_v p(v | x, y<t) log p(v | x, y<t), averaged over every generated
    token of the (up to 100) sampled responses. ``p`` is the model's softmax at the
    sampling temperature (at T = 1 this is the model's own distribution). Chosen as
    the paper's definition because it matches the reported magnitude: 1.64-1.68 nats
    for 2B/9B chat models is a typical per-token entropy, whereas a unigram entropy
    over 100 responses of a real vocabulary is 5-8 nats.

``unigram_entropy``
    Shannon entropy (nats) of the pooled token-frequency distribution of all sampled
    responses together: how varied the vocabulary of the outputs is, independent of
    the model's probabilities (so it also works on text from a judge or another run).

``distinct_n`` (Li et al., 2016)
    Unique n-grams / total n-grams, pooled over all responses, on whitespace words.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Iterable, Sequence

__all__ = [
    "distinct_n",
    "unigram_entropy",
    "mean_predictive_entropy",
    "token_entropies",
    "diversity_summary",
]


def words(text: str) -> list[str]:
    """Whitespace tokenisation used by :func:`distinct_n` (case kept: "The" != "the")."""
    return text.split()


def distinct_n(texts: Iterable[str], n: int) -> float | None:
    """Unique n-grams / total n-grams over all ``texts`` pooled (whitespace words).

    ``None`` when there is no n-gram at all (every text shorter than ``n`` words).
    Example: ["a b a b"] has bigrams (a b), (b a), (a b): 2 unique / 3 = 0.667.
    """
    if n < 1:
        raise ValueError(f"distinct_n: n must be >= 1, got {n}")
    grams: Counter = Counter()
    for text in texts:
        w = words(text)
        grams.update(tuple(w[i : i + n]) for i in range(len(w) - n + 1))
    total = sum(grams.values())
    return len(grams) / total if total else None


def unigram_entropy(token_lists: Iterable[Sequence]) -> float | None:
    """Entropy (nats) of the pooled unigram distribution of all token sequences.

    Example: tokens [a, a, b, b] -> p = (1/2, 1/2) -> ln 2 = 0.693.
    ``None`` when there are no tokens.
    """
    counts: Counter = Counter()
    for toks in token_lists:
        counts.update(toks)
    total = sum(counts.values())
    if not total:
        return None
    return -sum((c / total) * math.log(c / total) for c in counts.values())


def token_entropies(logits, temperature: float = 1.0):
    """(N, V) logits -> (N,) entropies (nats) of softmax(logits / T); T <= 0 means greedy (0)."""
    import torch

    if temperature <= 0:
        return torch.zeros(logits.shape[0], dtype=torch.float32, device=logits.device)
    logp = torch.log_softmax(logits.float() / temperature, dim=-1)
    # p log p with p = 0 (logp = -inf) contributes 0, not NaN.
    plogp = torch.where(torch.isfinite(logp), logp.exp() * logp, torch.zeros((), device=logp.device))
    return -plogp.sum(-1)


def mean_predictive_entropy(per_response: Sequence[Sequence[float]]) -> float | None:
    """Mean over all generated tokens (not over responses) of per-token entropies.

    Token-weighted, so a long response counts in proportion to its tokens.
    Example: [[1.0, 2.0], [3.0]] -> 2.0.
    """
    flat = [h for resp in per_response for h in resp]
    return sum(flat) / len(flat) if flat else None


def diversity_summary(
    texts: Sequence[str],
    token_ids: Sequence[Sequence[int]] | None = None,
    token_entropy: Sequence[Sequence[float]] | None = None,
) -> dict:
    """All diversity numbers for one set of generations.

    Returns ``{entropy, entropy_definition, predictive_entropy, unigram_entropy,
    distinct_1, distinct_2, n, mean_words}``. ``entropy`` is ``predictive_entropy``
    when per-token entropies are given, else ``None`` (no silent substitution).
    """
    pred = mean_predictive_entropy(token_entropy) if token_entropy is not None else None
    uni = unigram_entropy(token_ids) if token_ids is not None else None
    n_words = [len(words(t)) for t in texts]
    return {
        "entropy": pred,
        "entropy_definition": "mean per-token predictive entropy (nats) of the sampling distribution "
        "over generated tokens",
        "predictive_entropy": pred,
        "unigram_entropy": uni,
        "unigram_entropy_definition": "entropy (nats) of the pooled token unigram distribution of all samples",
        "distinct_1": distinct_n(texts, 1),
        "distinct_2": distinct_n(texts, 2),
        "n": len(texts),
        "mean_words": sum(n_words) / len(n_words) if n_words else None,
    }

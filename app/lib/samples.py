"""samples.jsonl of two runs paired by prompt (docs/FORMATS.md, "Run directory")."""

from __future__ import annotations

from typing import Any

import pandas as pd

VERDICT_KEYS = ("language", "json_valid", "refusal", "sentiment")


def sample_key(row: dict) -> tuple:
    """Two runs' samples pair up on (prompt_id or prompt text, temperature)."""
    pid = row.get("prompt_id")
    return (str(pid) if pid is not None else str(row.get("prompt", "")), row.get("temperature"))


def pair_samples(a: list[dict], b: list[dict]) -> list[tuple[dict | None, dict | None]]:
    """Pairs in A's order, then B's unmatched samples; the first sample wins per key."""
    ia: dict[tuple, dict] = {}
    ib: dict[tuple, dict] = {}
    for rows, index in ((a, ia), (b, ib)):
        for r in rows:
            index.setdefault(sample_key(r), r)
    pairs = [(ra, ib.get(k)) for k, ra in ia.items()]
    pairs += [(None, rb) for k, rb in ib.items() if k not in ia]
    return pairs


def verdict_text(v: Any) -> str:
    """'language: fr · JSON ✓ · refusal ✗ · sentiment: positive' (missing verdicts omitted)."""
    if not isinstance(v, dict):
        return "no verdicts"
    parts = []
    if v.get("language") is not None:
        parts.append(f"language: {v['language']}")
    for key, name in (("json_valid", "JSON"), ("refusal", "refusal")):
        if isinstance(v.get(key), bool):
            parts.append(f"{name} {'✓' if v[key] else '✗'}")
    if v.get("sentiment") is not None:
        parts.append(f"sentiment: {v['sentiment']}")
    return " · ".join(parts) or "no verdicts"


def verdict_rates(samples: list[dict]) -> dict[str, float | None]:
    """Share of samples that are JSON, refusals, positive, and in each top language."""
    n = len(samples)
    vs = [s.get("verdicts") if isinstance(s.get("verdicts"), dict) else {} for s in samples]

    def share(pred) -> float | None:
        return sum(1 for v in vs if pred(v)) / n if n else None

    out = {"n": float(n), "JSON valid": share(lambda v: v.get("json_valid") is True),
           "refusal": share(lambda v: v.get("refusal") is True),
           "positive": share(lambda v: v.get("sentiment") == "positive")}
    langs = pd.Series([v.get("language") for v in vs if v.get("language")]).value_counts()
    for lang in langs.index[:3]:
        out[f"lang={lang}"] = share(lambda v, lang=lang: v.get("language") == lang)
    return out

"""Discovery outputs: top contexts, labels, histograms, the files of docs/FORMATS.md
("Discovery result") and the feature-set YAML."""

from __future__ import annotations

import csv
import io
import json
import math
from collections import defaultdict
from pathlib import Path
from typing import Any, Sequence

import torch

from ..io import atomic_path, write_json, write_text
from .collect import Example, describe_token

#: features.csv columns, in order (docs/FORMATS.md plus rank_score, candidate, causal_effect).
COLUMNS = [
    "index",
    "diff_mean",
    "auroc",
    "freq_ratio",
    "target_mean",
    "control_mean",
    "target_freq",
    "control_freq",
    "heldout_target_mean",
    "heldout_control_mean",
    "heldout_auroc",
    "rank_score",
    "candidate",
    "selected",
    "label",
    "causal_effect",
]


def top_rows(maxact: torch.Tensor, feature: int, n: int) -> list[int]:
    """Rows of the ``n`` texts where ``feature`` peaks highest (only texts where it fires)."""
    col = maxact[:, feature]  # (N,)
    order = torch.sort(col, descending=True, stable=True).indices[:n]
    return [int(i) for i in order if col[i] > 0]


def label_from_tokens(tokenizer, per_row: Sequence[tuple[list[int], torch.Tensor]], n_tokens: int = 3) -> str:
    """``fires on "a", "b", "c"``: the tokens carrying the most activation (summed) in ``per_row``,
    where each item is (token ids, (n,) activations of one feature). Special tokens (chat
    template markers) are left out: they occur on both sides and name nothing."""
    special = set(getattr(tokenizer, "all_special_ids", []) or [])
    special |= {i for i, t in (getattr(tokenizer, "added_tokens_decoder", {}) or {}).items() if t.special}
    mass: dict[int, float] = defaultdict(float)
    for ids, acts in per_row:
        for tok, a in zip(ids, acts.tolist()):
            if a > 0 and tok not in special:
                mass[tok] += a
    if not mass:
        return ""
    best = sorted(mass.items(), key=lambda kv: (-kv[1], kv[0]))[:n_tokens]
    return "fires on " + ", ".join(json.dumps(describe_token(tokenizer, t), ensure_ascii=False) for t, _ in best)


def build_contexts(
    tokenizer,
    examples: Sequence[Example],
    feature: int,
    rows: Sequence[int],
    token_acts: dict[int, tuple[list[int], torch.Tensor]],
    column: int,
) -> list[dict]:
    """The contexts.jsonl entries of one feature (``column`` = its column in ``token_acts``)."""
    out = []
    for i in rows:
        ids, acts = token_acts[i]
        a = acts[:, column]  # (n,)
        pos = int(torch.argmax(a)) if len(a) else 0
        ex = examples[i]
        out.append(
            {
                "id": ex.id,
                "side": ex.side,
                "split": ex.split,
                "prompt": ex.prompt,
                "text": ex.response,
                "tokens": [describe_token(tokenizer, t) for t in ids],
                "acts": [round(float(x), 5) for x in a],
                "max_pos": pos,
                "max_act": round(float(a[pos]), 5) if len(a) else 0.0,
            }
        )
    return out


def histograms(
    pooled_target: torch.Tensor, pooled_control: torch.Tensor, features: Sequence[int], n_bins: int = 20
) -> dict[str, dict]:
    """Per feature: counts of per-text pooled activation in ``n_bins`` equal bins from 0 to the
    largest value seen on either side (``bins`` holds the n_bins + 1 edges)."""
    out = {}
    for f in features:
        t, c = pooled_target[:, f].float(), pooled_control[:, f].float()
        hi = float(torch.cat([t, c]).max()) if len(t) + len(c) else 0.0
        edges = torch.linspace(0.0, hi if hi > 0 else 1.0, n_bins + 1)
        out[str(f)] = {
            "bins": [round(float(e), 6) for e in edges],
            "target": torch.histogram(t, bins=edges).hist.long().tolist() if len(t) else [0] * n_bins,
            "control": torch.histogram(c, bins=edges).hist.long().tolist() if len(c) else [0] * n_bins,
        }
    return out


def _cell(value: Any) -> Any:
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.6g}"
    return value


def write_outputs(
    out_dir: str | Path,
    table: list[dict],
    contexts: list[dict],
    hists: dict,
    summary: dict,
) -> Path:
    """Write features.csv (+ .parquet with pyarrow), contexts.jsonl, histograms.json,
    summary.json into ``out_dir`` (atomically, file by file) and return it."""
    out_dir = Path(out_dir)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in table:
        writer.writerow({k: _cell(row.get(k, float("nan"))) for k in COLUMNS})
    write_text(out_dir / "features.csv", buf.getvalue())
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # parquet is optional; the CSV carries the same data
        pass
    else:
        data = {k: [row.get(k, float("nan")) for row in table] for k in COLUMNS}
        with atomic_path(out_dir / "features.parquet") as tmp:
            pq.write_table(pa.table(data), tmp)
    write_text(out_dir / "contexts.jsonl", "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in contexts))
    write_json(out_dir / "histograms.json", hists)
    write_json(out_dir / "summary.json", summary)
    return out_dir


__all__ = ["COLUMNS", "build_contexts", "histograms", "label_from_tokens", "top_rows", "write_outputs"]

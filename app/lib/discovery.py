"""Discovery results (docs/FORMATS.md, "Discovery result"): features.csv,
contexts.jsonl, histograms.json, summary.json in one directory."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .readers import file_signature, read_json, read_jsonl

SCORE_COLUMNS = ("diff_mean", "auroc", "freq_ratio")
FILES = ("features.csv", "contexts.jsonl", "histograms.json", "summary.json")


@dataclass
class DiscoveryResult:
    name: str
    path: Path
    features: pd.DataFrame  # one row per scored feature, "index" column int
    contexts: dict[int, list[dict]] = field(default_factory=dict)
    histograms: dict[int, dict] = field(default_factory=dict)
    summary: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def find_discovery_results(root: Path, max_depth: int = 3) -> list[Path]:
    """``root`` itself if it holds features.csv, else every directory below it
    (at most ``max_depth`` levels, e.g. out/<run>/discovery/<name>) that does."""
    if (root / "features.csv").is_file():
        return [root]
    found: list[Path] = []
    frontier = [root] if root.is_dir() else []
    for _ in range(max_depth):
        nxt = []
        for d in frontier:
            try:
                children = sorted(p for p in d.iterdir() if p.is_dir() and not p.name.startswith("."))
            except OSError:
                continue
            for c in children:
                (found if (c / "features.csv").is_file() else nxt).append(c)
        frontier = nxt
    return sorted(found)


def result_name(path: Path, root: Path) -> str:
    try:
        rel = path.relative_to(root)
        return str(rel) if str(rel) != "." else path.name
    except ValueError:
        return path.name


def discovery_signature(path: Path) -> tuple:
    return file_signature(*(path / f for f in FILES))


def load_discovery(path: Path, name: str | None = None) -> DiscoveryResult:
    """Read one discovery result; bad files become ``problems``."""
    problems: list[str] = []
    try:
        df = pd.read_csv(path / "features.csv")
    except (OSError, ValueError, pd.errors.ParserError) as e:
        return DiscoveryResult(name or path.name, path, pd.DataFrame(columns=["index"]),
                               problems=[f"{path / 'features.csv'}: cannot read ({e})"])
    if "index" not in df.columns:
        problems.append(f"{path / 'features.csv'}: no 'index' column (columns: {', '.join(map(str, df.columns))})")
        df = pd.DataFrame(columns=["index"])
    else:
        bad = pd.to_numeric(df["index"], errors="coerce").isna()
        if bad.any():
            problems.append(f"{path / 'features.csv'}: dropped {int(bad.sum())} row(s) with a non-integer index")
            df = df[~bad]
        df = df.assign(index=df["index"].astype(int))
    missing = [c for c in SCORE_COLUMNS if c not in df.columns]
    if missing:
        problems.append(f"{path / 'features.csv'}: missing score column(s) {', '.join(missing)}")
    if "label" in df.columns:
        df["label"] = df["label"].fillna("").astype(str)
    else:
        df["label"] = ""
    if "selected" in df.columns:
        df["selected"] = df["selected"].astype(str).str.lower().isin(("true", "1", "yes"))

    rows, p = read_jsonl(path / "contexts.jsonl")
    problems += p
    contexts: dict[int, list[dict]] = {}
    for r in rows:
        if isinstance(r.get("index"), int) and isinstance(r.get("contexts"), list):
            contexts[r["index"]] = [c for c in r["contexts"] if isinstance(c, dict)]
    hist_raw, p = read_json(path / "histograms.json")
    problems += p
    histograms: dict[int, dict] = {}
    if isinstance(hist_raw, dict):
        for k, v in hist_raw.items():
            try:
                histograms[int(k)] = v
            except ValueError:
                problems.append(f"{path / 'histograms.json'}: key {k!r} is not a feature index")
    summary, p = read_json(path / "summary.json")
    problems += p
    return DiscoveryResult(name or path.name, path, df.reset_index(drop=True), contexts, histograms,
                           summary if isinstance(summary, dict) else {}, problems)


def histogram_bars(h: dict) -> tuple[list[float], list[float], list[float], list[float]] | str:
    """(centres, widths, target counts, control counts), or an error string.

    ``bins`` may be edges (len = counts + 1) or centres (len = counts)."""
    bins, tgt, ctl = h.get("bins"), h.get("target"), h.get("control")
    if not all(isinstance(x, list) for x in (bins, tgt, ctl)):
        return "histogram needs lists 'bins', 'target' and 'control'"
    if len(tgt) != len(ctl):
        return f"target has {len(tgt)} counts but control has {len(ctl)}"
    try:
        bins = [float(b) for b in bins]
        tgt = [float(c) for c in tgt]
        ctl = [float(c) for c in ctl]
    except (TypeError, ValueError):
        return "histogram values must be numbers"
    if len(bins) == len(tgt) + 1:
        centres = [(a + b) / 2 for a, b in zip(bins, bins[1:])]
        widths = [b - a for a, b in zip(bins, bins[1:])]
    elif len(bins) == len(tgt):
        step = (bins[1] - bins[0]) if len(bins) > 1 else 1.0
        centres, widths = bins, [step] * len(bins)
    else:
        return f"{len(bins)} bins for {len(tgt)} counts"
    return centres, widths, tgt, ctl


def as_float(x: object, default: float = 0.0) -> float:
    """A file's number as a float; anything else (a string, null, NaN) is ``default``."""
    if isinstance(x, bool) or not isinstance(x, (int, float)) or x != x:
        return default
    return float(x)


def highlight_context(ctx: dict, scale: float) -> str:
    """HTML for one context: each token on a background whose opacity is its
    activation / ``scale``; the max-activating token is outlined; hover shows the value.
    Every string from the file is HTML-escaped; numbers are formatted from floats."""
    tokens, acts = ctx.get("tokens"), ctx.get("acts")
    if not isinstance(tokens, list) or not isinstance(acts, list) or len(tokens) != len(acts):
        return html.escape(str(ctx.get("text", "")))
    max_pos = ctx.get("max_pos")
    parts = []
    for i, (tok, a) in enumerate(zip(tokens, acts)):
        a = as_float(a)
        alpha = 0.0 if scale <= 0 else max(0.0, min(1.0, a / scale))
        text = html.escape(str(tok)).replace("\n", "↵")
        border = "outline:1px solid #b45309;" if i == max_pos else ""
        parts.append(f'<span title="{a:.3f}" style="background:rgba(245,158,11,{alpha:.2f});{border}'
                     f'border-radius:2px;white-space:pre">{text}</span>')
    return "".join(parts)


def context_card(ctx: dict, scale: float) -> str:
    """The HTML block the Features page renders (unsafe_allow_html) for one context: its side,
    its max activation and the highlighted tokens. Nothing from the file reaches it unescaped."""
    side = html.escape(str(ctx.get("side", "?")))
    return (f"<div style='margin-bottom:.6em'><small><b>{side}</b> · max {as_float(ctx.get('max_act')):.2f}"
            f"</small><br>{highlight_context(ctx, scale)}</div>")


def activation_scale(ctxs: list[dict]) -> float:
    """The largest token activation over ``ctxs`` (the shading's 100 %), 0.0 when none."""
    return max((as_float(a) for c in ctxs for a in (c.get("acts") or []) if isinstance(c.get("acts"), list)),
               default=0.0)

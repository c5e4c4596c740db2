"""Write synthesized preference pairs (:func:`featurectl.synth.synthesize`) as JSONL with a
data card beside them (``pairs.jsonl`` -> ``pairs.card.md``, like the shipped corpora)."""

from __future__ import annotations

import json
from pathlib import Path

from .io import write_jsonl, write_text
from .synth import SynthResult

__all__ = ["card_path", "write_pairs"]


def card_path(out: str | Path) -> Path:
    """``pairs.jsonl`` -> ``pairs.card.md`` (the convention of the shipped corpora)."""
    out = Path(out)
    return out.with_name(out.name.removesuffix(".jsonl") + ".card.md")


def _fmt_rate(r: dict) -> str:
    if not r or r.get("rate") is None:
        return "n/a"
    lo, hi = r["ci95"]
    return f"{r['rate']:.3f} (95% CI {lo:.3f}-{hi:.3f}, n={r['n']})"


def _sources(s: dict) -> list[str]:
    lines = ["## Sources"]
    for kind, src in s["sources"].items():
        lines.append(f"- {kind}: `{src['path']}` (shipped with featurectl, Apache-2.0), sha256 `{src['sha256']}`")
    gen = s.get("generation")
    if gen:
        m = gen["model"]
        lines.append(
            f"- generated: model `{m['name']}`"
            + (f" (weights sha256 `{m['weights_sha256']}`)" if m.get("weights_sha256") else "")
            + f", {gen['prompting']}, temperature {gen['temperature']}, max {gen['max_new_tokens']} new tokens"
        )
        lines.append(f"  - chosen instruction: {gen['chosen_instruction']!r}; rejected instruction: "
                     f"{gen['rejected_instruction']!r} (stored prompts are the plain prompts)")
        if gen.get("chosen_prefill"):
            lines.append(
                f"  - chosen answers were started with {gen['chosen_prefill']!r} (prefill), which the model continued"
            )
        lines.append(f"  - filter: {gen['filter']}")
    return lines


def _counts(s: dict) -> list[str]:
    c, gen = s["counts"], s.get("generation")
    lines = ["", "## Counts", "", "| source | pairs |", "|---|---|"]
    for k in ("corpus", "shipped", "generated"):
        if k in c:
            lines.append(f"| {k} | {c[k]} |")
    lines.append(f"| **total** | {c['total']} ({c['train']} train, {c['heldout']} heldout) |")
    if gen:
        lines += [
            "",
            f"Generation: {gen['attempted']} prompts attempted, {gen['kept']} pairs kept; "
            f"{gen['chosen_failed']} chosen answers failed the evaluator, {gen['rejected_failed']} rejected answers "
            f"did not show the opposite behaviour, {gen['identical']} pairs were identical, "
            f"{gen.get('degenerate', 0)} passing pairs were dropped as looping.",
        ]
    pr = s.get("pass_rates")
    if pr:
        lines += ["", "## Evaluator pass rates (before --reverse)", ""]
        for src, rates in pr.items():
            for name, r in rates.items():
                lines.append(f"- {src}, {name.replace('_', ' ')}: {_fmt_rate(r)}")
    return lines


def _footer(s: dict, command: str | None) -> list[str]:
    return [
        "",
        "## Fields and splits",
        "",
        "`id`, `prompt`, `chosen`, `rejected`, `domain`, `source` (corpus | generated | shipped), `split` "
        "(train | heldout, inherited from the corpus row so evaluation prompts stay held out), `meta` (generated "
        "rows: model and instructions).",
        "",
        "## Reproduce",
        "",
        f"Seed {s['seed']}" + (f"; `{command}`" if command else "") + ". Generated answers depend on the model "
        "weights, the device and the library versions.",
        "",
        "## Limitations",
        "",
        "Corpus pairs are hand-written and uniform in style. Generated pairs are checked for the capability only "
        "(language, JSON validity, refusal, polarity), not for facts or helpfulness: a small model's JSON can be "
        "valid and wrong. They are only as good as the evaluator that filtered them (measured accuracies in "
        "featurectl/evaluation/control.py).",
        "",
        "<details><summary>stats (JSON)</summary>",
        "",
        "```json",
        json.dumps(s, indent=2, sort_keys=True, default=str),
        "```",
        "</details>",
        "",
    ]


def _card(result: SynthResult, out: Path, command: str | None) -> str:
    s = result.stats
    direction = "away from" if s["reverse"] else "toward"
    head = [
        f"# {out.name} — data card",
        "",
        f"Preference pairs that push a model **{direction}** the `{result.domain}` capability, written by "
        "`featurectl data synth`.",
        "",
    ]
    return "\n".join(head + _sources(s) + _counts(s) + _footer(s, command))


def write_pairs(result: SynthResult, out: str | Path, *, command: str | None = None) -> tuple[Path, Path]:
    """Write the pairs as JSONL and a data card beside them, both atomically."""
    out = Path(out)
    write_jsonl(out, result.pairs)
    card = card_path(out)
    write_text(card, _card(result, out, command))
    return out, card

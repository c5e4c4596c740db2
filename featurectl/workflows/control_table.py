"""The control experiment's table (the paper's Table 4 layout): rows, goals and markdown.

``control_table.json`` is what the app reads (``app/lib/control_table.py``). A row's
``metrics`` maps each capability to ``{rate, n, ci95}``: a domain's capability under its
own name and each side metric as ``<domain>/<key>`` (``french/german``), so a side metric
can never overwrite a real domain of the same name.
"""

from __future__ import annotations

import json
from typing import Any, Optional

from ..domains import DOMAINS
from ..evaluation.protocol import protocol_markdown
from .stages import StageTimer

__all__ = ["control_table_markdown", "goals"]

def _complements(domain: str) -> set[str]:
    """The domain's side metrics that are another view of its capability (safety's attack success,
    sentiment's negative rate): not capabilities that must stay put. From the registry."""
    d = DOMAINS.get(domain)
    return {s.key for s in d.side_metrics if s.complement} if d is not None else set()


def goals(domain: str, rows: dict[str, dict], pref: dict[str, Optional[float]],
          targeted: Optional[str] = None) -> dict[str, Any]:
    """The issue's three goals, checked; each says by how much it was met or missed. ``targeted``: the
    key of the targeted rate in ``rows`` (default: the domain's name, as in eval.json's control rates)."""
    a, b = rows["a"], rows["b"]
    key = targeted or domain
    skip = {key} | _complements(domain)
    ta, tb = a.get(key, {}).get("rate"), b.get(key, {}).get("rate")
    out: dict[str, Any] = {}
    if ta is not None and tb is not None:
        ratio = (ta / tb) if tb > 0 else (float("inf") if ta > 0 else None)
        out["targeted_reduction"] = {"a": ta, "b": tb, "ratio_a_over_b": ratio, "goal": ">= 10x",
                                     "met": bool(ratio is not None and ratio >= 10)}
    moves = {}
    for k in sorted(set(a) & set(b)):
        if k in skip or a[k]["rate"] is None or b[k]["rate"] is None:
            continue
        moves[k] = round(100 * (b[k]["rate"] - a[k]["rate"]), 2)
    out["non_targeted_moves_points"] = {"moves": moves, "goal": "|move| <= 5 points",
                                        "met": all(abs(v) <= 5 for v in moves.values())}
    if pref.get("a") is not None and pref.get("b") is not None:
        diff = round(100 * (pref["b"] - pref["a"]), 2)
        out["preference_accuracy"] = {"a": pref["a"], "b": pref["b"], "diff_points": diff,
                                      "goal": "|diff| <= 2 points", "met": abs(diff) <= 2}
    return out


def _cell(entry: Optional[dict]) -> str:
    if not entry:
        return "–"
    if entry.get("rate") is None:
        return "– (n=0)"
    lo, hi = entry["ci95"]
    return f"{100 * entry['rate']:.0f}% [{100 * lo:.0f}, {100 * hi:.0f}]"


def _block_markdown(dom: dict, detail: dict) -> list[str]:
    caps = [dom["targeted"]] + dom["non_targeted"]
    lines = [f"## {dom['domain']}", "",
             "| run | " + " | ".join(("**" + c + "**") if c == dom["targeted"] else c for c in caps) + " | pref. acc |",
             "|---|" + "---|" * (len(caps) + 1)]
    pref = detail["preference_accuracy"]
    for row in dom["rows"]:
        acc = pref.get(row["key"])
        lines.append(f"| ({row['key']}) {row['setting']} | "
                     + " | ".join(_cell(row["metrics"].get(c)) for c in caps)
                     + f" | {'–' if acc is None else f'{100 * acc:.0f}%'} |")
    lines.append("")
    if detail.get("protocol"):
        lines += ["Differences with Newcombe 95% intervals (control protocol):", "",
                  protocol_markdown(detail["protocol"], {"a": "no mask", "b": "_off set", "c": "reference"})]
    for name, goal in detail["goals"].items():
        lines.append(f"- {name}: {'met' if goal.get('met') else 'MISSED'} — "
                     + json.dumps({k: v for k, v in goal.items() if k != 'met'}))
    lines.append("")
    return lines


def control_table_markdown(table: dict, details: dict, stages: StageTimer) -> str:
    lines = [f"# {table['title']}", "", f"Model: {table['model']}. {table['notes']}", "",
             "Rates with Wilson 95% intervals; n generations per cell as in the JSON.", ""]
    for dom in table["domains"]:
        lines += _block_markdown(dom, details[dom["domain"]])
    lines += ["## Steps", "", stages.markdown(), ""]
    return "\n".join(lines)

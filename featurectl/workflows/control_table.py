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
from .stages import StageTimer

__all__ = ["control_table_markdown", "domain_block", "goals", "metrics_row"]

CELL_KEYS = ("rate", "n", "ci95")


def metrics_row(ev: dict) -> dict[str, dict]:
    """``{capability: {rate, n, ci95}}`` of one eval dict: every domain's capability, then the side metrics."""
    control = ev.get("control") or {}
    row = {}
    flat = [(d.name, key, table_key) for d in DOMAINS.values() for key, table_key in d.metric_keys()]
    # capabilities first, then side metrics, so the table's columns read domain by domain
    for name, key, table_key in sorted(flat, key=lambda t: t[1] != t[0]):
        entry = (control.get(name) or {}).get(key)
        if entry:
            row[table_key] = {k: entry[k] for k in CELL_KEYS}
    return row


def _complements(domain: str) -> set[str]:
    return DOMAINS[domain].complement_keys() if domain in DOMAINS else set()


def goals(domain: str, rows: dict[str, dict], pref: dict[str, Optional[float]]) -> dict[str, Any]:
    """The issue's three goals, checked; each says by how much it was met or missed."""
    a, b = rows["a"], rows["b"]
    ta, tb = a.get(domain, {}).get("rate"), b.get(domain, {}).get("rate")
    out: dict[str, Any] = {}
    if ta is not None and tb is not None:
        ratio = (ta / tb) if tb > 0 else (float("inf") if ta > 0 else None)
        out["targeted_reduction"] = {"a": ta, "b": tb, "ratio_a_over_b": ratio, "goal": ">= 10x",
                                     "met": bool(ratio is not None and ratio >= 10)}
    moves = {}
    for k in sorted(set(a) & set(b)):
        if k == domain or k in _complements(domain):
            continue
        moves[k] = round(100 * (b[k]["rate"] - a[k]["rate"]), 2)
    out["non_targeted_moves_points"] = {"moves": moves, "goal": "|move| <= 5 points",
                                        "met": all(abs(v) <= 5 for v in moves.values())}
    if pref.get("a") is not None and pref.get("b") is not None:
        diff = round(100 * (pref["b"] - pref["a"]), 2)
        out["preference_accuracy"] = {"a": pref["a"], "b": pref["b"], "diff_points": diff,
                                      "goal": "|diff| <= 2 points", "met": abs(diff) <= 2}
    return out


def domain_block(domain: str, rows: dict[str, dict], runs: dict[str, Any], off_name: str) -> dict:
    """One domain's block of control_table.json: (a) no mask, (b) the _off set, (c) the reference."""
    settings = {"a": "FPO, no mask (beta 0 on the domain features)", "b": f"FPO, {off_name} set",
                "c": "reference (untrained)"}
    feature_sets = {"a": f"{domain}_nomask", "b": off_name, "c": None}
    return {
        "domain": domain,
        "targeted": domain,
        "non_targeted": [k for k in rows["a"] if k != domain and k not in _complements(domain)],
        "rows": [{"key": k, "setting": settings[k], "run": str(runs[k]) if k in runs else None,
                  "feature_set": feature_sets[k], "metrics": rows[k]} for k in "abc"],
    }


def _cell(entry: Optional[dict]) -> str:
    if not entry:
        return "–"
    lo, hi = entry["ci95"]
    return f"{100 * entry['rate']:.0f}% [{100 * lo:.0f}, {100 * hi:.0f}]"


def _block_markdown(dom: dict, detail: dict) -> list[str]:
    present = set().union(*(r["metrics"] for r in dom["rows"]))
    caps = [dom["targeted"]] + sorted(_complements(dom["targeted"]) & present) + dom["non_targeted"]
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

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
from ..evaluation.intervals import newcombe_diff
from ..evaluation.protocol import protocol_markdown
from .stages import StageTimer

__all__ = ["control_table_markdown", "goals"]

def _complements(domain: str) -> set[str]:
    """The domain's side metrics that are another view of its capability (safety's attack success,
    sentiment's negative rate): not capabilities that must stay put. From the registry."""
    d = DOMAINS.get(domain)
    return {s.key for s in d.side_metrics if s.complement} if d is not None else set()


def _base(name: str) -> str:
    """``refusal (alpaca_eval)`` -> ``refusal``: the capability a table column measures."""
    return name.split(" (", 1)[0]


def _reduction(a: dict, b: dict, c: Optional[dict]) -> dict[str, Any]:
    """One targeted cell (``{rate, n}`` per row): (b) at most a tenth of (a) (and (a) above 0), or,
    when (a) learned the capability, (b) at most the reference + 2 points: from a low base a tenth
    of (a) can lie below what the reference does. (a) learned it when its rate is above the
    reference's beyond chance (the Newcombe 95% interval of (a)−(c) excludes 0); otherwise training
    taught nothing to switch off and the cell shows nothing: not met (``learned`` false)."""
    ra, rb = a["rate"], b["rate"]
    rc = c.get("rate") if c else None
    ratio = round(ra / rb, 2) if rb > 0 else None  # None: (b) is 0 (strict JSON has no infinity)
    learned = False
    if rc is not None and a.get("n") and c.get("n"):
        lo = newcombe_diff(round(ra * a["n"]), a["n"], round(rc * c["n"]), c["n"])["ci95"][0]
        learned = lo is not None and lo > 0
    met = (ra > 0 and rb <= ra / 10) or (learned and rb <= rc + 0.02 + 1e-9)
    return {"a": ra, "b": rb, "c": rc, "ratio_a_over_b": ratio, "learned": learned, "met": bool(met)}


def _moves(a: dict, b: dict, same: set[str]) -> dict[str, Any]:
    moves = {k: round(100 * (b[k]["rate"] - a[k]["rate"]), 2) for k in sorted(set(a) & set(b))
             if _base(k) not in same and a[k]["rate"] is not None and b[k]["rate"] is not None}
    return {"moves": moves, "goal": "|move| <= 5 points", "met": all(abs(v) <= 5 for v in moves.values())}


def goals(domain: str, rows: dict[str, dict], pref: dict[str, Optional[float]],
          targeted: Optional[str] = None, diffs: Optional[dict[str, dict]] = None,
          opposite: tuple[str, ...] = ()) -> dict[str, Any]:
    """The issue's goals, checked; each says by how much it was met or missed.

    ``rows`` maps row keys ("a", "b", "c", opposite rows) to ``{column: {rate, ...}}``; ``targeted``
    is the targeted column (default: the domain's name). Every column that measures the targeted
    capability or its complement (``refusal (alpaca_eval)``, ``json (ifeval_json)``) is the targeted
    capability on other prompts: it must drop too, and is not a capability that must stay put.
    ``opposite``: rows trained with a set that switches off the capability's opposite (safety's
    ``harmful_off``); ``diffs`` (the targeted cell's Newcombe differences, ``"a-<key>"`` -> ``{diff,
    ci95}``) decide whether each raised the targeted rate above (a)."""
    a, b, c = rows["a"], rows["b"], rows.get("c", {})
    key = targeted or domain
    same = {key} | _complements(domain)
    out: dict[str, Any] = {}
    cells = {k: _reduction(a[k], b[k], c.get(k)) for k in a
             if _base(k) == key and k in b and a[k]["rate"] is not None and b[k]["rate"] is not None}
    if cells:
        out["targeted_reduction"] = {"cells": cells, "goal": "(b) <= (a)/10, or (b) <= reference + 2 points where (a) learned it "
                                             "((a)-(c) interval above 0)",
                                     "met": all(v["met"] for v in cells.values())}
    out["non_targeted_moves_points"] = _moves(a, b, same)
    if pref.get("a") is not None and pref.get("b") is not None:
        diff = round(100 * (pref["b"] - pref["a"]), 2)
        out["preference_accuracy"] = {"a": pref["a"], "b": pref["b"], "diff_points": diff,
                                      "goal": "|diff| <= 2 points", "met": abs(diff) <= 2}
    for k in opposite:
        d = (diffs or {}).get(f"a-{k}")
        if k not in rows or d is None or d.get("diff") is None:
            continue
        out[f"opposite_{k}"] = {"a": a[key]["rate"], k: rows[k][key]["rate"], "diff_points": round(-100 * d["diff"], 2),
                                "ci95_points": [round(-100 * d["ci95"][1], 2), round(-100 * d["ci95"][0], 2)],
                                "goal": f"({k}) raises {key} above (a): its 95% interval lies above 0",
                                "met": d["ci95"][1] < 0, "other_moves": _moves(a, rows[k], same)}
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

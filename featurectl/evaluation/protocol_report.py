"""The control protocol's result as a markdown table (:func:`protocol_markdown`): rows = cells and
preference accuracy, columns = models, then (a)−(x) differences with Newcombe 95% intervals."""

from __future__ import annotations

from typing import Mapping, Optional

__all__ = ["protocol_markdown"]


def _pct(rate: Optional[dict]) -> str:
    if not rate or rate.get("rate") is None:
        return "–"
    lo, hi = rate["ci95"]
    return f"{100 * rate['rate']:.0f}% [{100 * lo:.0f}, {100 * hi:.0f}] ({rate['k']}/{rate['n']})"


def _pts(diff: Optional[dict]) -> str:
    if not diff or diff.get("diff") is None:
        return "–"
    lo, hi = diff["ci95"]
    return f"{100 * diff['diff']:+.1f} [{100 * lo:+.1f}, {100 * hi:+.1f}]"


def protocol_markdown(result: dict, labels: Optional[Mapping[str, str]] = None) -> str:
    """One table per protocol result: rows = cells and preference, columns = models, then (a)−(b)."""
    cells = result["cells"]
    keys = list(cells[0]["rates"]) if cells else list(result["preference"]["general"]["rates"])
    names = [f"({k}) {labels[k]}" if labels and k in labels else f"({k})" for k in keys]
    versus = [k for k in keys if k not in ("a", "c")] if "a" in keys else []
    t = result["target"]
    lines = [f"Targeted: **{t['metric']}** on `{t['prompt_set']}`. Rates with Wilson 95% intervals (k/n); "
             "differences in points with Newcombe 95% intervals.", "",
             "| capability | prompts (source) | " + " | ".join(names) + "".join(f" | (a)−({k})" for k in versus) + " |",
             "|---|---|" + "---|" * (len(keys) + len(versus))]
    for c in cells:
        metric = f"**{c['metric']}**" if (c["prompt_set"], c["metric"]) == (t["prompt_set"], t["metric"]) else c["metric"]
        lines.append(f"| {metric} | {c['source']} | " + " | ".join(_pct(c["rates"].get(k)) for k in keys)
                     + "".join(f" | {_pts(c['diffs'].get(f'a-{k}'))}" for k in versus) + " |")
    for name in ("general", "domain"):
        p = result["preference"][name]
        if p["rates"]:
            label = "preference accuracy, general held-out pairs" if name == "general" else \
                f"({result['domain']} pairs' accuracy: expected lower when the capability is off)"
            lines.append(f"| {label} | held-out pairs | " + " | ".join(_pct(p["rates"].get(k)) for k in keys)
                         + "".join(f" | {_pts(p['diffs'].get(f'a-{k}'))}" for k in versus) + " |")
    if any(c["fallback"] for c in cells):
        lines += ["", "WARNING: some prompt sets are fallbacks to featurectl's own corpora (benchmark data not "
                      "fetched: `featurectl data fetch-benchmarks`)."]
    return "\n".join(lines) + "\n"

"""Evaluation step 4: eval.json, samples.jsonl, eval.md and the printed Table-2 rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

from ..io import write_text
from ..rundir import EVAL, EVAL_MD, RunDir

__all__ = ["TABLE_COLUMNS", "fmt_value", "format_table", "table_row", "write_results"]

TABLE_COLUMNS = (
    ("run", "run"), ("method", "method"), ("acc", "Acc (paper)"), ("reward_acc", "Reward acc"),
    ("reward_margin", "Reward margin"), ("entropy", "Entropy H"), ("distinct_2", "Distinct-2"),
    ("kl_chosen", "KL chosen"), ("kl_rejected", "KL rejected"), ("mse_margin", "MSE margin"),
)


def _g(d: Any, *keys):
    for k in keys:
        if not isinstance(d, dict):
            return None
        d = d.get(k)
    return d


def table_row(name: str, method: Optional[str], ev: dict) -> dict:
    """One Table-2 row from an eval.json dict."""
    row = {
        "run": name, "method": method,
        "acc": _g(ev, "preference", "accuracy"), "reward_acc": _g(ev, "preference", "reward_accuracy"),
        "reward_margin": _g(ev, "preference", "reward_margin"),
        "entropy": _g(ev, "diversity", "entropy"), "distinct_2": _g(ev, "diversity", "distinct_2"),
        "kl_chosen": _g(ev, "kl", "chosen"), "kl_rejected": _g(ev, "kl", "rejected"),
        "mse_margin": _g(ev, "feature_mse", "margin"),
    }
    for domain, metrics in (ev.get("control") or {}).items():
        rate = _g(metrics, domain, "rate")
        if rate is not None:
            row[f"control/{domain}"] = rate
    return row


def fmt_value(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def format_table(rows: list[dict], columns: Optional[list[tuple[str, str]]] = None) -> str:
    """Markdown table; extra keys (e.g. control/<domain>) become extra columns."""
    cols = list(columns or TABLE_COLUMNS)
    known = {k for k, _ in cols}
    for r in rows:
        for k in r:
            if k not in known:
                cols.append((k, k))
                known.add(k)
    head = "| " + " | ".join(h for _, h in cols) + " |"
    sep = "|" + "|".join("---" for _ in cols) + "|"
    body = ["| " + " | ".join(fmt_value(r.get(k)) for k, _ in cols) + " |" for r in rows]
    return "\n".join([head, sep, *body])


def _markdown(name: str, result: dict, table: str) -> str:
    lines = [f"# Evaluation of {name}", "", table, ""]
    if result.get("temperature_sweep"):
        lines += ["## Temperature sweep (control rates, distinct-2, entropy)", ""]
        domains = sorted({d for v in result["temperature_sweep"].values() for d in v["control"]})
        rows = []
        for t, v in result["temperature_sweep"].items():
            row = {"T": t}
            for d in domains:
                row[d] = _g(v, "control", d, d, "rate")
            row["distinct_2"] = _g(v, "diversity", "distinct_2")
            row["entropy"] = _g(v, "diversity", "entropy")
            rows.append(row)
        lines += [format_table(rows, [("T", "T")]), ""]
    if result.get("judge"):
        lines += ["## Judge", ""]
        for opp, j in result["judge"].items():
            lines.append(f"- vs {opp}: WR {fmt_value(j.get('win_rate'))}, "
                         f"LC WR {fmt_value(j.get('lc_win_rate'))} (n={j.get('n')})")
        lines.append("")
    for n in result.get("notes", []):
        lines.append(f"> note: {n}")
    return "\n".join(lines) + "\n"


def write_results(run_dir: Path, method: Optional[str], result: dict, samples: list[dict],
                  against: list[str]) -> str:
    """Write eval.json, samples.jsonl and eval.md (this run's row, then each --against run's) and
    return the markdown table."""
    rd = RunDir(run_dir)
    rd.write_eval(result)
    write_text(rd.samples, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in samples))
    rows = [table_row(rd.path.name, method, result)]
    for other in against:
        other_ev = RunDir(other).read_eval()
        if other_ev is not None:
            rows.append(table_row(Path(other).name, other_ev.get("method"), other_ev))
    table = format_table(rows)
    write_text(rd.path / EVAL_MD, _markdown(rd.path.name, result, table))
    return table


def results_table(run_dirs: list[str | Path], title: str = "results") -> str:
    """The eval table of several run directories, read back from their eval.json (runs without one
    are listed as such), so what is printed is what was written."""
    rows, missing = [], []
    for d in map(Path, run_dirs):
        ev = RunDir(d).read_eval()
        if ev is None:
            missing.append(d.name)
        else:
            rows.append(table_row(d.name, ev.get("method"), ev))
    lines = [f"{title} ({len(rows)} runs, from */{EVAL}):", format_table(rows) if rows else "(none)"]
    if missing:
        lines.append(f"not evaluated: {', '.join(missing)}")
    return "\n".join(lines)

"""A control-protocol result (:func:`featurectl.evaluation.protocol.run_protocol`) as one block of
``control_table.json`` (the app's Control page, paper Table 4 layout).

The targeted rate is the first metric of the protocol's first prompt set. Metrics of that prompt
set keep their names (``french``, ``german``, ...); a metric scored on another prompt set is
named ``<metric> (<prompt set>)`` so that the same capability on two sources stays two columns.
"""

from __future__ import annotations

from typing import Any, Mapping

__all__ = ["protocol_block", "protocol_summary"]


def _cell_name(cell: dict, target_set: str) -> str:
    return cell["metric"] if cell["prompt_set"] == target_set else f"{cell['metric']} ({cell['prompt_set']})"


def protocol_block(result: dict, rows: Mapping[str, Mapping[str, Any]]) -> dict:
    """The domain block of ``result``. ``rows`` maps the protocol's row keys ("a", "b", "c") to
    ``{"setting": str, "run": str | None, "feature_set": str | None}``, in table order."""
    target = result["target"]
    metrics: dict[str, dict] = {k: {} for k in rows}
    for cell in result["cells"]:
        name = _cell_name(cell, target["prompt_set"])
        for key, rate in cell["rates"].items():
            if key in metrics:
                metrics[key][name] = {"rate": rate["rate"], "n": rate["n"], "ci95": list(rate["ci95"])}
    names = [_cell_name(c, target["prompt_set"]) for c in result["cells"]]
    return {
        "domain": result["domain"],
        "targeted": target["metric"],
        "non_targeted": [n for n in dict.fromkeys(names) if n != target["metric"]],
        "rows": [{"key": k, **dict(rows[k]), "metrics": metrics[k]} for k in rows],
    }


def protocol_summary(result: dict, keys: tuple[str, ...] = ("a", "b")) -> str:
    """One line: the targeted rate of each row in ``keys``, e.g. ``french@alpaca_eval: a 43/100, b 1/100``."""
    target = result["target"]
    cell = next(c for c in result["cells"]
                if (c["prompt_set"], c["metric"]) == (target["prompt_set"], target["metric"]))
    parts = [f"{k} {cell['rates'][k]['k']}/{cell['rates'][k]['n']}" for k in keys if k in cell["rates"]]
    return f"{target['metric']}@{target['prompt_set']}: " + ", ".join(parts)

"""A control-protocol result (:func:`featurectl.evaluation.protocol.run_protocol`) as one block of
``control_table.json`` (the app's Control page, paper Table 4 layout).

The targeted rate is the first metric of the protocol's first prompt set. Metrics of that prompt
set keep their names (``french``, ``german``, ...); a metric scored on another prompt set is
named ``<metric> (<prompt set>)`` so that the same capability on two sources stays two columns.
General preference accuracy (held-out helpful pairs) is each row's ``preference_accuracy`` and, in
``diffs``, the column :data:`PREF_GENERAL`.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

__all__ = ["PREF_GENERAL", "add_differences", "block_diffs", "protocol_block", "protocol_summary"]

PREF_GENERAL = "preference accuracy (general held-out pairs)"


def _cell_name(cell: dict, target_set: str) -> str:
    return cell["metric"] if cell["prompt_set"] == target_set else f"{cell['metric']} ({cell['prompt_set']})"


def _general(result: dict) -> dict:
    """The protocol's general preference accuracy entry (``{"rates", "diffs"}``), or {}."""
    return (result.get("preference") or {}).get("general") or {}


def _interval(entry: Mapping[str, Any], *keys: str) -> dict:
    return {**{k: entry[k] for k in keys}, "ci95": list(entry["ci95"])}


def block_diffs(result: dict, keys: Optional[Sequence[str]] = None) -> dict[str, dict[str, dict]]:
    """The differences of ``result`` as ``{"a-b": {column: {"diff", "ci95"}}, ...}``: every cell under
    its column name, then general preference accuracy as :data:`PREF_GENERAL`; fractions with
    Newcombe's 95% interval, as the protocol computed them. ``keys``: the table's row keys; a
    difference involving another row is left out (default: every difference of ``result``)."""
    target_set = result["target"]["prompt_set"]
    sources = [(_cell_name(c, target_set), c.get("diffs") or {}) for c in result["cells"]]
    sources.append((PREF_GENERAL, _general(result).get("diffs") or {}))
    wanted = None if keys is None else {f"{x}-{y}" for x in keys for y in keys if x != y}
    out: dict[str, dict[str, dict]] = {}
    for name, diffs in sources:
        for pair, d in diffs.items():
            if wanted is None or pair in wanted:
                out.setdefault(pair, {})[name] = _interval(d, "diff")
    return out


def add_differences(block: dict, result: dict) -> dict:
    """Give a domain block (of ``control_table.json``) the intervals of ``result`` that it lacks, in
    place: each row's general ``preference_accuracy`` (when measured) and ``diffs`` between its rows."""
    pref = _general(result).get("rates") or {}
    for row in block["rows"]:
        if row["key"] in pref:
            row["preference_accuracy"] = _interval(pref[row["key"]], "rate", "n")
    block["diffs"] = block_diffs(result, [r["key"] for r in block["rows"]])
    return block


def protocol_block(result: dict, rows: Mapping[str, Mapping[str, Any]]) -> dict:
    """The domain block of ``result``. ``rows`` maps the protocol's row keys ("a", "b", "c", and any
    other, e.g. a second ``_off`` set) to ``{"setting": str, "run": str | None, "feature_set": str | None}``,
    in table order. Each row gets its general ``preference_accuracy`` when measured, and ``diffs``
    holds the differences between those rows (:func:`add_differences`)."""
    target = result["target"]
    metrics: dict[str, dict] = {k: {} for k in rows}
    for cell in result["cells"]:
        name = _cell_name(cell, target["prompt_set"])
        for key, rate in cell["rates"].items():
            if key in metrics:
                metrics[key][name] = _interval(rate, "rate", "n")
    names = [_cell_name(c, target["prompt_set"]) for c in result["cells"]]
    return add_differences({
        "domain": result["domain"],
        "targeted": target["metric"],
        "non_targeted": [n for n in dict.fromkeys(names) if n != target["metric"]],
        "rows": [{"key": k, **dict(rows[k]), "metrics": metrics[k]} for k in rows],
    }, result)


def protocol_summary(result: dict, keys: tuple[str, ...] = ("a", "b")) -> str:
    """One line: the targeted rate of each row in ``keys``, e.g. ``french@alpaca_eval: a 43/100, b 1/100``."""
    target = result["target"]
    cell = next(c for c in result["cells"]
                if (c["prompt_set"], c["metric"]) == (target["prompt_set"], target["metric"]))
    parts = [f"{k} {cell['rates'][k]['k']}/{cell['rates'][k]['n']}" for k in keys if k in cell["rates"]]
    return f"{target['metric']}@{target['prompt_set']}: " + ", ".join(parts)

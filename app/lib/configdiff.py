"""Two runs' resolved configs side by side: the keys that differ, and a unified diff."""

from __future__ import annotations

import difflib
from typing import Any

import pandas as pd
import yaml

from featurectl.rundir import CONFIG


def flatten(d: Any, prefix: str = "") -> dict[str, Any]:
    """Nested mapping -> {"a.b.c": leaf}; lists stay leaves."""
    if not isinstance(d, dict):
        return {prefix or "(root)": d}
    out: dict[str, Any] = {}
    for k, v in d.items():
        key = f"{prefix}.{k}" if prefix else str(k)
        if isinstance(v, dict) and v:
            out.update(flatten(v, key))
        else:
            out[key] = v
    return out


_MISSING = "(absent)"


def config_diff(a: dict | None, b: dict | None) -> pd.DataFrame:
    """Keys whose values differ between two configs, with both values (absent keys marked)."""
    fa, fb = flatten(a or {}), flatten(b or {})
    keys = sorted(set(fa) | set(fb))
    rows = [(k, fa.get(k, _MISSING), fb.get(k, _MISSING)) for k in keys if fa.get(k, _MISSING) != fb.get(k, _MISSING)]
    # Values are shown as YAML-ish text so ints, None and lists render the same in one column.
    return pd.DataFrame([(k, _show(x), _show(y)) for k, x, y in rows], columns=["key", "A", "B"])


def _show(v: Any) -> str:
    return v if v == _MISSING else yaml.safe_dump(v, default_flow_style=True).strip().removesuffix("...").strip()


def config_unified_diff(a: dict | None, b: dict | None, name_a: str, name_b: str) -> str:
    ya = yaml.safe_dump(a or {}, sort_keys=True).splitlines(keepends=True)
    yb = yaml.safe_dump(b or {}, sort_keys=True).splitlines(keepends=True)
    return "".join(difflib.unified_diff(ya, yb, fromfile=f"{name_a}/{CONFIG}", tofile=f"{name_b}/{CONFIG}"))

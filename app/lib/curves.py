"""Training curves from metrics.jsonl, and the steps whose value was not finite.

The rule for a non-finite value of ``key`` (a NaN loss, say). A *row of the key's kind*
is a row with a numeric ``step`` that is an ``eval/`` row when ``key`` starts with
``eval/`` and a training row otherwise (HF's end-of-training row, which carries
``train_runtime``, is neither). Such a row has a non-finite ``key`` when

- ``key`` is there but is not a finite number: NaN, +-Infinity (Python's json reads
  them), ``null``, or a string; or
- ``key`` is missing while the row carries other metrics (more than ``step`` and
  ``epoch``), and ``key`` is expected: it is ``loss``/``eval/loss`` (logged at every
  logging step) or it appears in another row of that kind. ``featurectl``'s
  metrics writer drops NaN values from a row, so a dropped value looks like this.

Finite points are plotted; each non-finite step is marked, never silently dropped.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from .runs import Run, is_final_row

# (metrics key, figure title). D(y) is FPO's feature-level constraint, logged as feature_d/* (runs
# before 2026-11-30 logged it as feature_mse/*: runs.load_run reads those as feature_d/*), and its two
# parts: the distance to the reference (>= 0) and the zero-target features' drift (docs/FORMATS.md).
CURVES = (
    ("loss", "Loss"),
    ("rewards/accuracies", "Reward accuracy"),
    ("rewards/margins", "Reward margin"),
    ("feature_d/chosen", "D(y_w): feature constraint on chosen (total)"),
    ("feature_d/rejected", "D(y_l): feature constraint on rejected (total)"),
    ("feature_dist/ref_chosen", "D(y_w) toward the reference (>= 0)"),
    ("feature_dist/ref_rejected", "D(y_l) toward the reference (>= 0)"),
    ("feature_drift/zero_chosen", "D(y_w) zero-target drift (< 0: masked features fire less)"),
    ("feature_drift/zero_rejected", "D(y_l) zero-target drift (< 0: masked features fire less)"),
    ("kl/chosen", "Sequential KL on chosen"),
    ("kl/rejected", "Sequential KL on rejected"),
)
_ALWAYS_LOGGED = ("loss", "eval/loss")
_BOOKKEEPING = ("step", "epoch")


def _finite(x: Any) -> float | None:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return None
    return float(x) if math.isfinite(x) else None


def _rows_of_kind(run: Run, key: str) -> list[dict]:
    want_eval = key.startswith("eval/")
    return [r for r in run.metrics
            if _finite(r.get("step")) is not None and not is_final_row(r)
            and any(k.startswith("eval/") for k in r) == want_eval]


def curve(run: Run, key: str) -> pd.DataFrame:
    """(step, value) rows of ``key`` with a finite value (non-finite ones: :func:`nonfinite_steps`)."""
    pts = [(r["step"], _finite(r.get(key))) for r in _rows_of_kind(run, key)]
    return pd.DataFrame([(s, v) for s, v in pts if v is not None], columns=["step", "value"])


def nonfinite_steps(run: Run, key: str) -> list[float]:
    """Steps whose ``key`` was not finite, by the rule in the module docstring, in file order."""
    rows = _rows_of_kind(run, key)
    expected = key in _ALWAYS_LOGGED or any(key in r for r in rows)
    out = []
    for r in rows:
        if key in r:
            bad = _finite(r[key]) is None
        else:
            bad = expected and any(k not in _BOOKKEEPING for k in r)
        if bad:
            out.append(r["step"])
    return out

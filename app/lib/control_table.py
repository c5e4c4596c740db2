"""The accurate-control table (paper Table 4 layout) read from
``<experiment_dir>/control_table.json``.

Shape (``format`` / ``title`` / ``model`` / ``notes`` optional; unknown keys are errors)::

    {
      "format": "featurectl.control_table/1",
      "title": "FPO accurate control",
      "model": "smollm2-135m",
      "domains": [
        {
          "domain": "json",                         # the domain whose features were switched off
          "targeted": "json",                       # capability that should move (a key of metrics)
          "non_targeted": ["french", "safety", "sentiment"],   # capabilities that should not move
          "rows": [
            {"key": "a", "setting": "FPO, no mask",      "run": "runs/ctl_json_nomask", "feature_set": null,
             "metrics": {"json":   {"rate": 0.46, "n": 50, "ci95": [0.33, 0.60]},
                         "french": {"rate": 0.80, "n": 50, "ci95": [0.67, 0.89]}, ...}},
            {"key": "b", "setting": "FPO, json_off set", "run": "runs/ctl_json_off",    "feature_set": "json_off",
             "metrics": {...}},
            {"key": "c", "setting": "reference",         "run": null,                   "feature_set": null,
             "metrics": {...}}
          ]
        },
        ...
      ]
    }

Capabilities are the control metrics of ``featurectl.evaluation.control.DOMAIN_METRICS``:
``json`` (response is JSON), ``french`` (response is French), ``safety`` (refusal),
``sentiment`` (positive). ``rate`` is in [0, 1] (null when ``n`` is 0), ``n`` the number of generations,
``ci95`` a 95 % interval ``[lo, hi]`` (Wilson) around ``rate``. A capability missing
from a row's ``metrics`` shows as an empty cell. A fixture lives in
``tests/fixtures/app/experiment/control_table.json``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from featurectl.rundir import CONTROL_TABLE

from .readers import read_json

FILE_NAME = CONTROL_TABLE


class Cell(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rate: float | None = Field(ge=0, le=1)  # None when n == 0 (rate_with_ci)
    n: int = Field(ge=0)
    ci95: tuple[float, float]

    @model_validator(mode="after")
    def _ordered(self) -> "Cell":
        lo, hi = self.ci95
        if not lo <= hi:
            raise ValueError(f"ci95 [{lo}, {hi}] has lo > hi")
        return self


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str
    setting: str
    run: str | None = None
    feature_set: str | None = None
    metrics: dict[str, Cell]


class DomainBlock(BaseModel):
    model_config = ConfigDict(extra="forbid")
    domain: str
    targeted: str
    non_targeted: list[str] = Field(default_factory=list)
    rows: list[Row] = Field(min_length=1)

    @property
    def capabilities(self) -> list[str]:
        return [self.targeted, *[c for c in self.non_targeted if c != self.targeted]]


class ControlTable(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: str = "featurectl.control_table/1"
    title: str = ""
    model: str = ""
    notes: str = ""
    domains: list[DomainBlock]


def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def load_control_table(path: Path) -> tuple[ControlTable | None, list[str]]:
    """(table, []) or (None, [messages naming the file and key])."""
    raw, problems = read_json(path)
    if problems:
        return None, problems
    if raw is None:
        return None, [f"{path}: not found"]
    try:
        return ControlTable.model_validate(raw), []
    except ValidationError as err:
        return None, [f"{path}: key '{_where(e['loc'])}': {e['msg']}" for e in err.errors()]


def search_dirs(runs_dir: Path, experiment: Path | None) -> list[Path]:
    """Where the pages look for control tables: ``--experiment`` when given, the runs folder,
    its parent, and ``out/``. Each is searched with its immediate sub-folders
    (:func:`find_control_tables`), so ``featurectl demo``'s ``runs/demo/control_table.json``
    is found with ``--runs runs/demo`` (the folder itself) and with ``--runs runs`` (a sub-folder)."""
    return [p for p in (experiment, runs_dir, runs_dir.parent, Path("out")) if p is not None]


def find_control_tables(candidates: list[Path]) -> list[Path]:
    """Existing ``control_table.json`` files in each candidate directory and its
    immediate sub-directories (e.g. out/experiment/control_table.json)."""
    found: list[Path] = []
    for d in candidates:
        if not d.is_dir():
            continue
        for p in [d / FILE_NAME, *sorted(d.glob(f"*/{FILE_NAME}"))]:
            if p.is_file() and p.resolve() not in {f.resolve() for f in found}:
                found.append(p)
    return found


def fmt_cell(c: Cell | None) -> str:
    if c is None:
        return ""
    if c.rate is None:
        return f"— (n={c.n})"
    return f"{c.rate:.2f} [{c.ci95[0]:.2f}, {c.ci95[1]:.2f}] n={c.n}"


def domain_frame(block: DomainBlock) -> pd.DataFrame:
    """Rows (a)/(b)/(c) x capabilities (targeted first, marked), cells "rate [lo, hi] n=N"."""
    cols = block.capabilities
    names = {c: (f"{c} (targeted)" if c == block.targeted else c) for c in cols}
    data = []
    for r in block.rows:
        data.append({"row": f"({r.key}) {r.setting}", **{names[c]: fmt_cell(r.metrics.get(c)) for c in cols}})
    return pd.DataFrame(data).set_index("row")

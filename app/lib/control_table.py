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
                         "french": {"rate": 0.80, "n": 50, "ci95": [0.67, 0.89]}, ...},
             "preference_accuracy": {"rate": 0.95, "n": 40, "ci95": [0.83, 0.99]}},   # optional
            {"key": "b", "setting": "FPO, json_off set", "run": "runs/ctl_json_off",    "feature_set": "json_off",
             "metrics": {...}},
            {"key": "c", "setting": "reference",         "run": null,                   "feature_set": null,
             "metrics": {...}}
          ],
          "diffs": {                                # optional: "<row key>-<row key>" -> column -> difference
            "a-b": {"json":   {"diff": 0.42, "ci95": [0.27, 0.55]},
                    "french": {"diff": 0.02, "ci95": [-0.15, 0.19]}, ...,
                    "preference accuracy (general held-out pairs)": {"diff": 0.0, "ci95": [-0.09, 0.09]}},
            "a-c": {...}, "b-c": {...}
          }
        },
        ...
      ]
    }

Capabilities are the control metrics of ``featurectl.evaluation.control.DOMAIN_METRICS``:
``json`` (response is JSON), ``french`` (response is French), ``safety`` (refusal),
``sentiment`` (positive). ``rate`` is in [0, 1] (null when ``n`` is 0), ``n`` the number of generations,
``ci95`` a 95 % interval ``[lo, hi]`` (Wilson) around ``rate``. A capability missing
from a row's ``metrics`` shows as an empty cell. ``preference_accuracy`` is the row's accuracy on
held-out general (helpful) preference pairs. Rows are any number (a second ``_off`` set is one more
row, e.g. ``b_harmful``).

``diffs`` (written by ``featurectl experiment control`` and ``featurectl demo`` since they carry it;
``scripts/control_table_diffs.py`` adds it to older tables from their protocol results) holds, for
two rows x and y (key ``"x-y"``, both row keys), the difference rate(x) − rate(y) of each column as a
fraction in [-1, 1] (null when a rate has n = 0) with Newcombe's 95 % interval (hybrid score,
method 10) ``[lo, hi]``; a column is a capability or ``preference accuracy (general held-out
pairs)``. A table without ``diffs`` is still read; the page then says so. A fixture lives in
``tests/fixtures/app/experiment/control_table.json``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from featurectl.rundir import CONTROL_TABLE

from .readers import read_json

FILE_NAME = CONTROL_TABLE


class _Interval(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ci95: tuple[float, float]

    @model_validator(mode="after")
    def _ordered(self) -> "_Interval":
        lo, hi = self.ci95
        if not lo <= hi:
            raise ValueError(f"ci95 [{lo}, {hi}] has lo > hi")
        return self


class Cell(_Interval):
    rate: float | None = Field(ge=0, le=1)  # None when n == 0 (rate_with_ci)
    n: int = Field(ge=0)


class Diff(_Interval):
    """rate(x) − rate(y) with its Newcombe 95 % interval; None when either n is 0."""
    diff: float | None = Field(ge=-1, le=1)


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str
    setting: str
    run: str | None = None
    feature_set: str | None = None
    metrics: dict[str, Cell]
    preference_accuracy: Cell | None = None  # held-out general preference pairs


class DomainBlock(BaseModel):
    model_config = ConfigDict(extra="forbid")
    domain: str
    targeted: str
    non_targeted: list[str] = Field(default_factory=list)
    rows: list[Row] = Field(min_length=1)
    diffs: dict[str, dict[str, Diff]] = Field(default_factory=dict)  # "x-y" -> column -> difference

    @model_validator(mode="after")
    def _pairs_of_rows(self) -> "DomainBlock":
        unknown = [p for p in self.diffs if p not in self._pairs()]
        if unknown:
            keys = ", ".join(r.key for r in self.rows)
            raise ValueError(f"diffs {', '.join(map(repr, unknown))}: not 'x-y' of two row keys ({keys})")
        return self

    def _pairs(self) -> dict[str, tuple[str, str]]:
        return {f"{x.key}-{y.key}": (x.key, y.key) for x in self.rows for y in self.rows if x.key != y.key}

    @property
    def capabilities(self) -> list[str]:
        return [self.targeted, *[c for c in self.non_targeted if c != self.targeted]]

    @property
    def pairs(self) -> list[tuple[str, str, str]]:
        """``(diff key, x, y)`` of ``diffs`` in row order: (a)−(b), (a)−(c), (b)−(c) for rows a, b, c."""
        order = {r.key: i for i, r in enumerate(self.rows)}
        found = [(p, *xy) for p, xy in self._pairs().items() if p in self.diffs]
        return sorted(found, key=lambda t: (order[t[1]], order[t[2]]))


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


PREF_COLUMN = "preference accuracy (general held-out pairs)"  # a row's preference_accuracy, a diffs column


def fmt_cell(c: Cell | None) -> str:
    if c is None:
        return ""
    if c.rate is None:
        return f"— (n={c.n})"
    return f"{c.rate:.2f} [{c.ci95[0]:.2f}, {c.ci95[1]:.2f}] n={c.n}"


def fmt_diff(d: Diff | None) -> str:
    """A difference in points with its interval, "+44.0 [+33.6, +53.8] *"; the star marks an interval
    that excludes 0."""
    if d is None:
        return ""
    if d.diff is None:
        return "— (n=0)"
    lo, hi = d.ci95
    return f"{100 * d.diff:+.1f} [{100 * lo:+.1f}, {100 * hi:+.1f}]" + (" *" if lo > 0 or hi < 0 else "")


def label(block: DomainBlock, column: str) -> str:
    """A capability's column or row label: the targeted one is marked."""
    return f"{column} (targeted)" if column == block.targeted else column


def domain_frame(block: DomainBlock) -> pd.DataFrame:
    """Rows (a)/(b)/(c) x capabilities (targeted first, marked), cells "rate [lo, hi] n=N"; then general
    preference accuracy when the rows carry it."""
    cols = block.capabilities
    pref = any(r.preference_accuracy is not None for r in block.rows)
    data = []
    for r in block.rows:
        data.append({"row": f"({r.key}) {r.setting}", **{label(block, c): fmt_cell(r.metrics.get(c)) for c in cols},
                     **({PREF_COLUMN: fmt_cell(r.preference_accuracy)} if pref else {})})
    return pd.DataFrame(data).set_index("row")


def diff_label(x: str, y: str) -> str:
    return f"({x})−({y}) [95% CI]"


def diff_frame(block: DomainBlock) -> pd.DataFrame | None:
    """The block's differences: rows = capabilities (targeted first, marked) then other columns
    (preference accuracy), columns "(x)−(y) [95% CI]" in row order, cells :func:`fmt_diff`. None when
    the block has no ``diffs`` (a table written before they were)."""
    pairs = block.pairs
    if not pairs:
        return None
    seen = list(dict.fromkeys(c for p, _, _ in pairs for c in block.diffs[p]))
    caps = block.capabilities
    rows = [c for c in caps if c in seen] + [c for c in seen if c not in caps]
    data = [{"capability": label(block, c), **{diff_label(x, y): fmt_diff(block.diffs[p].get(c)) for p, x, y in pairs}}
            for c in rows]
    return pd.DataFrame(data).set_index("capability")

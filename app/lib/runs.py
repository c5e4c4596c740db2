"""Run directories (docs/FORMATS.md, "Run directory"): reading, the Table-2 row,
curves, control metrics and config diffs.

Which numbers the Runs page shows, and where each comes from (first hit wins):

====================  ===================================================================
column                source
====================  ===================================================================
Pref. acc. (paper)    eval.json ``preference.accuracy`` -- the paper's definition: share of
                      pairs where the policy's token-wise probability of the chosen answer
                      exceeds the rejected one's
Reward acc.           eval.json ``preference.reward_accuracy``; else the last
                      ``eval/rewards/accuracies`` / ``rewards/accuracies`` in metrics.jsonl
Diversity H           eval.json ``diversity.entropy``
KL chosen / rejected  eval.json ``kl.chosen`` / ``kl.rejected``; else last ``kl/chosen`` ...
Feature MSE margin    eval.json ``feature_mse.margin``; else |rejected - chosen| from
                      eval.json ``feature_mse`` or the last ``feature_mse/*`` metrics
Peak mem (MB)         summary.json ``peak_mem_mb``; else max ``peak_mem_mb`` in metrics
Step time (s)         summary.json ``mean_step_time_s``; else mean ``step_time_s``
====================  ===================================================================
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .readers import file_signature, read_json, read_jsonl, read_yaml

RUN_FILES = ("config.yaml", "summary.json", "metrics.jsonl", "eval.json", "samples.jsonl", "feature_set.yaml")


@dataclass
class Run:
    """Everything the app reads from one run directory."""

    name: str
    path: Path
    config: dict | None = None
    summary: dict | None = None
    metrics: list[dict] = field(default_factory=list)  # training and eval/ rows, file order
    eval: dict | None = None
    samples: list[dict] = field(default_factory=list)
    feature_set: dict | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        """"finished" | "failed" | "running" | "empty" | "unknown".

        A run with metrics but no summary.json is still training: the trainer
        writes summary.json when it starts and rewrites it at the end, but a run
        killed before that, or an older trainer, leaves none."""
        if isinstance(self.summary, dict) and self.summary.get("status") in ("running", "finished", "failed"):
            return self.summary["status"]
        if self.summary is None and self.metrics:
            return "running"
        if self.summary is None and not self.metrics:
            return "empty"
        return "unknown"

    @property
    def method(self) -> str:
        for src in (self.summary, self.config):
            if isinstance(src, dict):
                m = src.get("method")
                if isinstance(m, str) and m:
                    return m
        loss = (self.config or {}).get("loss") if isinstance(self.config, dict) else None
        if isinstance(loss, str):
            return loss
        if isinstance(loss, dict):
            for key in ("name", "type", "method"):
                if isinstance(loss.get(key), str):
                    return loss[key]
        return "?"

    @property
    def label(self) -> str:
        """Row label for tables and legends: "method (run name)"."""
        return f"{self.method} ({self.name})"

    @property
    def train_rows(self) -> list[dict]:
        """Per-step training rows: no eval/ keys, and not HF Trainer's end-of-training
        row (it carries train_runtime and the *average* loss, which is no step's loss)."""
        return [r for r in self.metrics if not any(k.startswith("eval/") for k in r) and not _is_final_row(r)]

    @property
    def last_step(self) -> int | None:
        steps = [r.get("step") for r in self.metrics if isinstance(r.get("step"), (int, float))]
        return int(max(steps)) if steps else None


def _is_final_row(row: dict) -> bool:
    return "train_runtime" in row


# Folders inside a run (or beside runs) that are never runs themselves.
_NOT_RUNS = {"checkpoints", "final", "figures", "discovery", "refcache", "__pycache__"}


def is_run_dir(p: Path) -> bool:
    """A run writes config.yaml and metrics.jsonl; summary.json alone counts too unless
    features.csv sits beside it (then it is a discovery result's summary)."""
    if (p / "config.yaml").is_file() or (p / "metrics.jsonl").is_file():
        return True
    return (p / "summary.json").is_file() and not (p / "features.csv").exists()


def list_runs(runs_dir: Path, max_depth: int = 3) -> list[Path]:
    """Run directories under ``runs_dir``, sorted by relative path: its sub-folders,
    and folders nested up to ``max_depth`` levels (``featurectl experiment`` writes
    ``<out>/<domain>/run_a``); a run's own sub-folders are not searched."""
    found: list[Path] = []
    frontier = [runs_dir] if runs_dir.is_dir() else []
    for _ in range(max_depth):
        nxt = []
        for d in frontier:
            try:
                children = [c for c in d.iterdir()
                            if c.is_dir() and not c.name.startswith(".") and c.name not in _NOT_RUNS]
            except OSError:
                continue
            for c in children:
                (found if is_run_dir(c) else nxt).append(c)
        frontier = nxt
    return sorted(found, key=lambda p: p.relative_to(runs_dir).parts)


def run_name(path: Path, runs_dir: Path) -> str:
    """The run's path relative to the runs folder ("dpo", "json/run_a")."""
    try:
        return path.relative_to(runs_dir).as_posix()
    except ValueError:
        return path.name


def run_signature(path: Path) -> tuple:
    return file_signature(*(path / f for f in RUN_FILES))


def load_run(path: Path, name: str | None = None) -> Run:
    """Read one run directory; malformed files become ``Run.problems``, never exceptions."""
    run = Run(name=name or path.name, path=path)
    for attr, fname, reader, kind in (
        ("config", "config.yaml", read_yaml, dict),
        ("summary", "summary.json", read_json, dict),
        ("eval", "eval.json", read_json, dict),
        ("feature_set", "feature_set.yaml", read_yaml, dict),
    ):
        value, problems = reader(path / fname)
        run.problems += problems
        if value is not None and not isinstance(value, kind):
            run.problems.append(f"{path / fname}: expected a mapping at the top level, got {type(value).__name__}")
            value = None
        setattr(run, attr, value)
    run.metrics, problems = read_jsonl(path / "metrics.jsonl")
    run.problems += problems
    run.samples, problems = read_jsonl(path / "samples.jsonl")
    run.problems += problems
    return run


# ---------------------------------------------------------------- Table 2


def _get(d: Any, *keys: str) -> Any:
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def _num(x: Any) -> float | None:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return None
    return float(x) if math.isfinite(x) else None


def last_metric(run: Run, key: str) -> float | None:
    """The last finite value of ``key`` in metrics.jsonl (end-of-training row excluded), or None."""
    for row in reversed(run.metrics):
        if _is_final_row(row):
            continue
        v = _num(row.get(key))
        if v is not None:
            return v
    return None


def _first(*values: Any) -> float | None:
    for v in values:
        v = _num(v)
        if v is not None:
            return v
    return None


TABLE2_COLUMNS = (
    "Pref. acc. (paper) %", "Reward acc. %", "Diversity H", "KL chosen", "KL rejected",
    "Feature MSE margin", "Peak mem (MB)", "Step time (s)",
)


def table2_row(run: Run) -> dict[str, float | None]:
    """One method row of the paper's Table 2 (plus our efficiency columns); sources in the module docstring."""
    ev, sm = run.eval or {}, run.summary or {}
    pct = lambda x: None if x is None else 100.0 * x  # noqa: E731
    fm_c = _first(_get(ev, "feature_mse", "chosen"), last_metric(run, "feature_mse/chosen"))
    fm_r = _first(_get(ev, "feature_mse", "rejected"), last_metric(run, "feature_mse/rejected"))
    margin = _first(_get(ev, "feature_mse", "margin"))
    if margin is None and fm_c is not None and fm_r is not None:
        margin = abs(fm_r - fm_c)
    steps = [v for v in (_num(r.get("step_time_s")) for r in run.train_rows) if v is not None]
    mems = [v for v in (_num(r.get("peak_mem_mb")) for r in run.metrics) if v is not None]
    return {
        "Pref. acc. (paper) %": pct(_first(_get(ev, "preference", "accuracy"))),
        "Reward acc. %": pct(_first(_get(ev, "preference", "reward_accuracy"),
                                    last_metric(run, "eval/rewards/accuracies"),
                                    last_metric(run, "rewards/accuracies"))),
        "Diversity H": _first(_get(ev, "diversity", "entropy")),
        "KL chosen": _first(_get(ev, "kl", "chosen"), last_metric(run, "kl/chosen")),
        "KL rejected": _first(_get(ev, "kl", "rejected"), last_metric(run, "kl/rejected")),
        "Feature MSE margin": margin,
        "Peak mem (MB)": _first(sm.get("peak_mem_mb"), max(mems) if mems else None),
        "Step time (s)": _first(sm.get("mean_step_time_s"), sum(steps) / len(steps) if steps else None),
    }


def table2(runs: list[Run]) -> pd.DataFrame:
    """Method rows x Table-2 columns; missing values are NaN (shown as empty cells)."""
    df = pd.DataFrame([table2_row(r) for r in runs], index=[r.label for r in runs], columns=list(TABLE2_COLUMNS))
    df.index.name = "method (run)"
    return df.astype(float)


# ---------------------------------------------------------------- curves

# (metrics key, figure title). D(y) is FPO's feature-level divergence, logged as feature_mse/*.
CURVES = (
    ("loss", "Loss"),
    ("rewards/accuracies", "Reward accuracy"),
    ("rewards/margins", "Reward margin"),
    ("feature_mse/chosen", "D(y_w): feature MSE on chosen"),
    ("feature_mse/rejected", "D(y_l): feature MSE on rejected"),
    ("kl/chosen", "Sequential KL on chosen"),
    ("kl/rejected", "Sequential KL on rejected"),
)


def curve(run: Run, key: str) -> pd.DataFrame:
    """(step, value) rows for ``key``; NaN/inf and rows without a step are dropped."""
    pts = [(r["step"], _num(r.get(key))) for r in run.metrics
           if _num(r.get("step")) is not None and not _is_final_row(r)]
    pts = [(s, v) for s, v in pts if v is not None]
    return pd.DataFrame(pts, columns=["step", "value"])


# ---------------------------------------------------------------- control metrics


def control_long(runs: list[Run]) -> pd.DataFrame:
    """eval.json ``control`` of each run as long rows:
    run, domain, metric, rate, n, lo, hi (cells that are not {rate, n, ci95} are skipped)."""
    rows = []
    for run in runs:
        ctl = _get(run.eval or {}, "control")
        if not isinstance(ctl, dict):
            continue
        for domain, metrics in ctl.items():
            if not isinstance(metrics, dict):
                continue
            for metric, cell in metrics.items():
                rate = _num(_get(cell, "rate"))
                if rate is None:
                    continue
                ci = _get(cell, "ci95")
                lo, hi = (ci if isinstance(ci, (list, tuple)) and len(ci) == 2 else (None, None))
                rows.append({"run": run.label, "domain": domain, "metric": metric, "rate": rate,
                             "n": _get(cell, "n"), "lo": _num(lo), "hi": _num(hi)})
    return pd.DataFrame(rows, columns=["run", "domain", "metric", "rate", "n", "lo", "hi"])


def control_vs_baseline(long: pd.DataFrame, baseline_label: str) -> pd.DataFrame:
    """Rate minus the baseline run's rate for the same (domain, metric)."""
    if long.empty:
        return long.assign(delta=[])
    base = long[long["run"] == baseline_label].set_index(["domain", "metric"])["rate"]
    out = long.copy()
    out["baseline"] = [base.get((d, m)) for d, m in zip(out["domain"], out["metric"])]
    out["delta"] = out["rate"] - out["baseline"]
    return out


def guess_baseline(runs: list[Run]) -> int:
    """Index of the beta=0 run to compare control metrics against: a run whose
    loss/config says default_beta 0 (or feature set with all betas 0), else a name
    with "beta0", else the first run."""
    for i, r in enumerate(runs):
        loss = _get(r.config or {}, "loss")
        if _num(_get(loss, "default_beta")) == 0.0 or _num(_get(r.config or {}, "default_beta")) == 0.0:
            return i
        fs = r.feature_set or {}
        feats = fs.get("features") if isinstance(fs, dict) else None
        if _num(fs.get("default_beta")) == 0.0 and all(_num(_get(f, "beta")) == 0.0 for f in feats or []):
            return i
    for i, r in enumerate(runs):
        if "beta0" in r.name.replace("_", "").replace("=", ""):
            return i
    return 0


# ---------------------------------------------------------------- config diff


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
    return "".join(difflib.unified_diff(ya, yb, fromfile=f"{name_a}/config.yaml", tofile=f"{name_b}/config.yaml"))

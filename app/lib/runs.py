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
                      eval.json ``feature_mse`` or the last ``feature_d/*`` metrics
Peak mem (MB)         summary.json ``peak_mem_mb``; else max ``peak_mem_mb`` in metrics
Step time (s)         summary.json ``mean_step_time_s``; else mean ``step_time_s``
====================  ===================================================================
"""

from __future__ import annotations

import math
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from featurectl import rundir
from featurectl.rundir import NOT_RUNS, RUN_FILES, is_run_dir

from .readers import file_signature, read_json, read_jsonl, read_yaml

#: Shown instead of "running" when the run's .lock names a process of this host that is gone
#: (a run killed by -9, or a machine that rebooted, never rewrites summary.json).
STATUS_STOPPED = "stopped (no process)"
#: summary.json ``kind`` of the untrained reference's run directory (``featurectl demo`` /
#: ``experiment`` write one so the reference is evaluated like a run).
KIND_REFERENCE = "reference"


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
        """"finished" | "failed" | "running" | "stopped (no process)" | "empty" | "unknown".

        A run with metrics but no summary.json is still training: the trainer
        writes summary.json when it starts and rewrites it at the end, but a run
        killed before that, or an older trainer, leaves none. A "running" run whose
        ``.lock`` names a process of this host that no longer exists was killed
        (see :func:`lock_stopped`)."""
        if isinstance(self.summary, dict) and self.summary.get("status") in rundir.STATUSES:
            status = self.summary["status"]
        elif self.summary is None:
            status = rundir.STATUS_RUNNING if self.metrics else "empty"
        else:
            return "unknown"
        if status == rundir.STATUS_RUNNING and lock_stopped(self.path):
            return STATUS_STOPPED
        return status

    @property
    def is_reference(self) -> bool:
        """The untrained reference's directory: summary.json ``kind: reference`` (or, as older
        demos wrote it, no ``kind`` and ``method: reference``). Its config.yaml is a copy of a
        compared run's, kept for ``featurectl eval``; it is no training config."""
        sm = self.summary if isinstance(self.summary, dict) else {}
        kind = sm.get("kind")
        return kind == KIND_REFERENCE or (kind is None and sm.get("method") == KIND_REFERENCE)

    @property
    def description(self) -> str:
        """What the run is, for the page: summary.json ``description``, or for the reference
        a sentence saying what it is."""
        sm = self.summary if isinstance(self.summary, dict) else {}
        if isinstance(sm.get("description"), str) and sm["description"].strip():
            return sm["description"]
        if self.is_reference:
            model = sm.get("model") or "the base model"
            return (f"The untrained reference: `{model}` as it was before training. Every trained run "
                    "starts from it and is compared with it; it was not trained, so it has no training config.")
        return ""

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
        return [r for r in self.metrics if not any(k.startswith("eval/") for k in r) and not is_final_row(r)]

    @property
    def last_step(self) -> int | None:
        steps = [r.get("step") for r in self.metrics if isinstance(r.get("step"), (int, float))]
        return int(max(steps)) if steps else None


def is_final_row(row: dict) -> bool:
    return "train_runtime" in row


def lock_stopped(path: Path) -> bool:
    """True when ``path``'s ``.lock`` names a pid on *this* host that no longer runs.

    A lock from another host cannot be judged from here (its pid means nothing on this
    machine), and a run without a lock (an older featurectl) is taken at its word."""
    lock = rundir.read_lock(path)
    if lock is None or lock.get("host") != socket.gethostname():
        return False
    return not rundir.pid_alive(lock.get("pid"))


def lock_text(path: Path) -> str:
    """"pid 123 on host h since <started>" from the run's .lock, or "" without one."""
    lock = rundir.read_lock(path) or {}
    if "pid" not in lock:
        return ""
    since = f" since {lock['started']}" if lock.get("started") else ""
    return f"pid {lock['pid']} on host {lock.get('host', '?')}{since}"


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
                            if c.is_dir() and not c.name.startswith(".") and c.name not in NOT_RUNS]
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
    """Cache key of a run: its files' (mtime, size), the lock included (its pid is judged live)."""
    return file_signature(*(path / f for f in (*RUN_FILES, rundir.LOCK)))


def load_run(path: Path, name: str | None = None) -> Run:
    """Read one run directory; malformed files become ``Run.problems``, never exceptions."""
    run = Run(name=name or path.name, path=path)
    for attr, fname, reader in (
        ("config", rundir.CONFIG, read_yaml),
        ("summary", rundir.SUMMARY, read_json),
        ("eval", rundir.EVAL, read_json),
        ("feature_set", rundir.FEATURE_SET, read_yaml),
    ):
        value, problems = reader(path / fname)
        run.problems += problems
        if value is not None and not isinstance(value, dict):
            run.problems.append(f"{path / fname}: expected a mapping at the top level, got {type(value).__name__}")
            value = None
        setattr(run, attr, value)
    run.metrics, problems = read_jsonl(path / rundir.METRICS)
    run.metrics = [_renamed_keys(r) for r in run.metrics]
    run.problems += problems
    run.samples, problems = read_jsonl(path / rundir.SAMPLES)
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


#: metrics.jsonl keys renamed on 2026-11-30 (old name -> new name); older runs are read with the new names.
RENAMED_METRICS = {"feature_mse/chosen": "feature_d/chosen", "feature_mse/rejected": "feature_d/rejected"}


def _renamed_keys(row: Any) -> Any:
    if not isinstance(row, dict):
        return row
    out = dict(row)
    for prefix in ("", "eval/"):
        for old, new in RENAMED_METRICS.items():
            if prefix + old in out and prefix + new not in out:
                out[prefix + new] = out.pop(prefix + old)
    return out


def last_metric(run: Run, key: str) -> float | None:
    """The last finite value of ``key`` in metrics.jsonl (end-of-training row excluded), or None."""
    for row in reversed(run.metrics):
        if is_final_row(row):
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
    fm_c = _first(_get(ev, "feature_mse", "chosen"), last_metric(run, "feature_d/chosen"))
    fm_r = _first(_get(ev, "feature_mse", "rejected"), last_metric(run, "feature_d/rejected"))
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


def control_vs_baseline(long: pd.DataFrame, baseline_label: str | None) -> pd.DataFrame:
    """Rate minus the baseline run's rate for the same (domain, metric); NaN without a baseline."""
    if long.empty:
        return long.assign(baseline=[], delta=[])
    out = long.copy()
    if baseline_label is None:
        return out.assign(baseline=float("nan"), delta=float("nan"))
    base = long[long["run"] == baseline_label].set_index(["domain", "metric"])["rate"]
    out["baseline"] = [base.get((d, m)) for d, m in zip(out["domain"], out["metric"])]
    out["delta"] = out["rate"] - out["baseline"]
    return out


def feature_set_copies(run: Run) -> list[dict]:
    """The feature sets copied into the run (feature_set.yaml, feature_set_1.yaml, ...), as read."""
    sets = [run.feature_set] if isinstance(run.feature_set, dict) else []
    i = 1
    while (run.path / rundir.feature_set_file(i)).is_file():
        value, _ = read_yaml(run.path / rundir.feature_set_file(i))  # problems: reported by the set's own page
        sets.append(value if isinstance(value, dict) else {})
        i += 1
    return sets


def is_masked(run: Run) -> bool:
    """True when the run constrains listed features: a copied feature set lists at least one
    feature, or (no copy) its config names a feature set (``loss.feature_set`` or ``saes[].feature_set``)."""
    copies = feature_set_copies(run)
    if copies:
        return any(isinstance(fs.get("features"), list) and fs["features"] for fs in copies)
    cfg = run.config if isinstance(run.config, dict) else {}
    named = [_get(cfg, "loss", "feature_set"), cfg.get("feature_set")]
    saes = cfg.get("saes")
    named += [s.get("feature_set") for s in saes if isinstance(s, dict)] if isinstance(saes, list) else []
    return any(isinstance(n, str) and n.strip() for n in named)


def _explicit_beta0(run: Run) -> bool:
    cfg = run.config or {}
    return (_num(_get(cfg, "loss", "default_beta")) == 0.0 or _num(cfg.get("default_beta")) == 0.0
            or "beta0" in run.name.replace("_", "").replace("=", ""))


def guess_baseline(runs: list[Run]) -> int | None:
    """Index of the run to compare control metrics against, or None.

    Only an unmasked trained run qualifies (no listed features: the uniform constraint;
    never a masked run, never the untrained reference). First one that says beta 0
    (``loss.default_beta: 0`` or "beta0" in its name); else the first with the method of a
    masked run among ``runs`` (FPO uniform against FPO masked); else None."""
    plain = [i for i, r in enumerate(runs) if not r.is_reference and not is_masked(r)]
    for i in plain:
        if _explicit_beta0(runs[i]):
            return i
    masked_methods = {r.method for r in runs if not r.is_reference and is_masked(r)}
    return next((i for i in plain if runs[i].method in masked_methods), None)

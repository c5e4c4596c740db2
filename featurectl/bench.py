"""`featurectl bench`: every method on the same model, data, seed and budget, then one table.

A bench config (``bench.yaml``) holds one shared ``base`` run config; the bench derives
one :class:`~featurectl.config.RunConfig` per method (and per listed variant) that
differs only in ``method``, ``name``, ``loss`` overrides, the feature set and the run
directory. Each run is trained with :func:`featurectl.train.run_training`, evaluated
with :func:`featurectl.evaluation.run_eval.evaluate_run` against one shared reference,
and summarised in the paper's Table 2 layout (``bench.md``, ``bench.csv``,
``bench.json``) plus plotly figures (``figures/*.html``, offline: plotly.js is written
once beside them).

Resumable: a run whose ``summary.json`` says ``finished`` is not retrained, and an
``eval.json`` made with the same eval options is not recomputed.

Peak memory: on CUDA the peak counter is reset before each in-process run. On a CPU
the only peak is the process's lifetime RSS, so per-method peaks need ``isolate: true``
(each run trains in its own subprocess; the default). ``scripts/bench_perf.py``
measures memory and speed against TRL more carefully.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .config import RunConfig, dump_run_config, parse_run_config
from .console import RateEstimate, warn_if_busy
from .errors import ConfigError, FeaturectlError
from .io import read_jsonl, write_json, write_text

__all__ = ["BenchConfig", "BenchEntry", "load_bench_config", "plan_runs", "run_bench", "bench_rows",
           "PAPER_METHODS", "BENCH_COLUMNS"]

PAPER_METHODS = ["sft", "dpo", "simpo", "tdpo1", "tdpo2", "fpo", "simpo_kl"]
_RESERVED_BASE_KEYS = ("method", "name", "output_dir", "loss")


def _log(msg: str) -> None:
    print(f"[featurectl bench] {msg}", file=sys.stderr, flush=True)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RandomSAE(_Strict):
    """A randomly initialised SAE created once under ``<output_dir>/random_sae`` (smoke benches)."""

    hook: str = Field(description="activation site, e.g. blocks.1.hook_resid_post")
    d_sae: int = Field(256, ge=1)
    architecture: Literal["jumprelu", "topk"] = "jumprelu"
    k: int = Field(16, ge=1, description="TopK only")
    seed: int = 0


class Variant(_Strict):
    """An extra row: a method with its own feature set and/or loss overrides (e.g. FPO json_off)."""

    name: str
    method: str
    feature_set: Optional[str] = Field(None, description="feature-set YAML path or bare name")
    loss: dict[str, Any] = Field(default_factory=dict)


class BenchConfig(_Strict):
    name: str = "bench"
    output_dir: Optional[str] = Field(None, description="default bench/<name>")
    base: dict[str, Any] = Field(description="shared run config: model, data, saes, pooling, reference, train")
    random_sae: Optional[RandomSAE] = Field(None, description="use a random SAE (no download) as base.saes")
    methods: list[str] = Field(default_factory=lambda: list(PAPER_METHODS))
    loss: dict[str, dict[str, Any]] = Field(default_factory=dict, description="per-method loss overrides")
    variants: list[Variant] = Field(default_factory=list)
    eval: dict[str, Any] = Field(default_factory=dict, description="EvalOptions for every run")
    isolate: bool = Field(True, description="train each run in its own subprocess (clean per-run peak memory)")

    @field_validator("base")
    @classmethod
    def _base_keys(cls, v: dict[str, Any]) -> dict[str, Any]:
        bad = [k for k in _RESERVED_BASE_KEYS if k in v]
        if bad:
            raise ValueError(f"base must not set {bad}: the bench sets method, name and output_dir per run, "
                             "and loss overrides go under the top-level 'loss: {method: {...}}'")
        return v

    @model_validator(mode="after")
    def _names(self) -> "BenchConfig":
        from .losses import LOSSES

        for m in self.methods + [v.method for v in self.variants]:
            if m not in LOSSES:
                raise ValueError(f"unknown method {m!r}; known: {', '.join(sorted(LOSSES))}")
        names = self.methods + [v.name for v in self.variants]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"run names must be unique; repeated: {dup}")
        unknown = sorted(set(self.loss) - set(self.methods) - {v.method for v in self.variants})
        if unknown:
            raise ValueError(f"loss overrides for methods not in the bench: {unknown}")
        if self.random_sae is not None and self.base.get("saes"):
            raise ValueError("give either random_sae or base.saes, not both")
        return self

    @property
    def out(self) -> Path:
        return Path(self.output_dir or f"bench/{self.name}")


class BenchEntry(BaseModel):
    """One row of the bench: its name and its validated run config."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    name: str
    method: str
    cfg: RunConfig
    variant: bool = False


def parse_bench_config(data: dict, source: str = "<bench>") -> BenchConfig:
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping at the top level")
    try:
        return BenchConfig(**data)
    except ValidationError as e:
        from .config import format_validation_error

        raise ConfigError(format_validation_error(e, source)) from None


def load_bench_config(path: str | Path, overrides: Optional[dict[str, Any]] = None) -> BenchConfig:
    """Read and validate bench.yaml; ``overrides`` are dotted keys (``base.train.max_steps``)."""
    from .config import set_dotted

    from .config import read_yaml_mapping

    data = read_yaml_mapping(path, "bench config")
    for k, v in (overrides or {}).items():
        set_dotted(data, k, v)
    return parse_bench_config(data, str(path))


def _needs_sae(method: str) -> bool:
    from .losses import LOSSES, Need

    return Need.SAE_FEATURES in LOSSES[method].needs


def random_sae_dir(bench: BenchConfig) -> Path:
    return bench.out / "random_sae"


def base_saes(bench: BenchConfig) -> list[dict]:
    """The SAE attachments every SAE method uses (and eval uses for every run's feature MSE)."""
    if bench.random_sae is not None:
        return [{"sae": {"path": str(random_sae_dir(bench))}, "hook": bench.random_sae.hook}]
    return copy.deepcopy(bench.base.get("saes") or [])


def plan_runs(bench: BenchConfig) -> list[BenchEntry]:
    """One validated RunConfig per method and variant (no model is loaded)."""
    entries = []
    specs = [(m, m, None, bench.loss.get(m, {}), False) for m in bench.methods]
    specs += [(v.name, v.method, v.feature_set, {**bench.loss.get(v.method, {}), **v.loss}, True) for v in bench.variants]
    for name, method, feature_set, loss, is_variant in specs:
        raw = copy.deepcopy(bench.base)
        raw.pop("saes", None)
        raw.update(name=name, method=method, loss=dict(loss), output_dir=str(bench.out / "runs" / name))
        if _needs_sae(method) or feature_set:
            saes = base_saes(bench)
            if not saes:
                raise ConfigError(f"bench {bench.name}: method {method!r} (run {name!r}) needs an SAE: set "
                                  "base.saes or random_sae")
            if feature_set:
                saes[0]["feature_set"] = feature_set
            raw["saes"] = saes
        cfg = parse_run_config(raw, f"bench {bench.name}, run {name}")
        entries.append(BenchEntry(name=name, method=method, cfg=cfg, variant=is_variant))
    return entries


def ensure_random_sae(bench: BenchConfig, hidden_size: int) -> Optional[Path]:
    """Create the bench's random SAE once (its directory is reused on resume)."""
    if bench.random_sae is None:
        return None
    from .sae import WEIGHTS_FILE, random_sae, save_sae

    path = random_sae_dir(bench)
    if (path / WEIGHTS_FILE).is_file():
        return path
    r = bench.random_sae
    sae = random_sae(hidden_size, r.d_sae, architecture=r.architecture, k=r.k, hook=r.hook, seed=r.seed)
    save_sae(sae, path, recipe={"kind": "random", **r.model_dump()}, metrics={})
    _log(f"random SAE d_in={hidden_size} d_sae={r.d_sae} ({r.architecture}) written to {path}")
    return path


def _status(run_dir: Path) -> Optional[str]:
    p = run_dir / "summary.json"
    if not p.is_file():
        return None
    try:
        return json.loads(p.read_text(encoding="utf-8")).get("status")
    except json.JSONDecodeError:
        return None


def _train_one(entry: BenchEntry, isolate: bool, log: Callable[[str], None]) -> None:
    run_dir = entry.cfg.run_dir
    status = _status(run_dir)
    if status == "finished":
        log(f"{entry.name}: finished earlier, not retrained")
        return
    resume = (run_dir / "metrics.jsonl").exists()
    log(f"{entry.name}: training ({'resuming' if resume else 'new'}, method {entry.method})")
    if isolate:
        run_dir.mkdir(parents=True, exist_ok=True)
        cfg_path = run_dir.parent / f".{entry.name}.config.yaml"
        write_text(cfg_path, dump_run_config(entry.cfg))
        cmd = [sys.executable, "-m", "featurectl.bench", "train-one", str(cfg_path)] + (["--resume"] if resume else [])
        proc = subprocess.run(cmd, env=os.environ.copy())
        if proc.returncode != 0:
            raise FeaturectlError(f"bench run {entry.name!r} failed (exit {proc.returncode}); see {run_dir}/summary.json")
        return
    import torch

    from .train import run_training

    if torch.cuda.is_available() and torch.cuda.is_initialized():
        torch.cuda.reset_peak_memory_stats()
    run_training(entry.cfg, resume=resume)


def _eval_options(bench: BenchConfig, entries: list[BenchEntry]):
    """The bench's EvalOptions: every run's feature MSE with the same SAE and the same k."""
    from .evaluation.run_eval import EvalOptions

    opts = dict(bench.eval)
    saes = base_saes(bench)
    if saes and "saes" not in opts:
        opts["saes"] = [{"sae": s["sae"], "hook": s["hook"]} for s in saes]
    if "mse_top_k" not in opts:
        ks = [e.cfg.loss["top_k"] for e in entries if "top_k" in e.cfg.loss]
        opts["mse_top_k"] = ks[0] if ks else 32
    try:
        return EvalOptions(**opts)
    except ValidationError as e:
        from .config import format_validation_error

        raise ConfigError(format_validation_error(e, "bench eval")) from None


# ------------------------------------------------------------------ table and figures


BENCH_COLUMNS = (
    ("run", "Run"), ("method", "Method"), ("acc", "Acc (paper)"), ("reward_acc", "Reward acc"),
    ("entropy", "Entropy H"), ("distinct_2", "Distinct-2"), ("kl_chosen", "KL chosen"),
    ("kl_rejected", "KL rejected"), ("mse_margin", "MSE margin"), ("peak_mem_mb", "Peak mem (MB)"),
    ("step_time_s", "Step time (s)"), ("tokens_per_s", "Tokens/s"),
)


def bench_rows(entries: list[BenchEntry]) -> list[dict]:
    """Table-2 rows from each run's eval.json and summary.json."""
    from .evaluation.run_eval import table_row

    rows = []
    for e in entries:
        d = e.cfg.run_dir
        ev = json.loads((d / "eval.json").read_text(encoding="utf-8")) if (d / "eval.json").is_file() else {}
        summ = json.loads((d / "summary.json").read_text(encoding="utf-8")) if (d / "summary.json").is_file() else {}
        row = table_row(e.name, e.method, ev)
        row.pop("reward_margin", None)
        row.update(peak_mem_mb=summ.get("peak_mem_mb"), step_time_s=summ.get("mean_step_time_s"),
                   tokens_per_s=summ.get("tokens_per_s"), status=summ.get("status"))
        rows.append(row)
    return rows


def _csv(rows: list[dict], columns: list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in columns})
    return buf.getvalue()


def write_figures(entries: list[BenchEntry], rows: list[dict], fig_dir: Path) -> list[Path]:
    """Training curves, KL, feature-MSE margins and peak memory as offline plotly HTML."""
    import plotly.graph_objects as go
    from plotly.offline import get_plotlyjs

    fig_dir.mkdir(parents=True, exist_ok=True)
    write_text(fig_dir / "plotly.min.js", get_plotlyjs())
    written = []

    def save(fig, name):
        html = fig.to_html(include_plotlyjs="directory", full_html=True)
        written.append(write_text(fig_dir / f"{name}.html", html))

    curves = go.Figure()
    for e in entries:
        m = e.cfg.run_dir / "metrics.jsonl"
        if not m.is_file():
            continue
        pts = [(r["step"], r["loss"]) for r in read_jsonl(m) if "loss" in r and "train_runtime" not in r]
        curves.add_trace(go.Scatter(x=[p[0] for p in pts], y=[p[1] for p in pts], mode="lines+markers", name=e.name))
    curves.update_layout(title="Training loss", xaxis_title="step", yaxis_title="loss")
    save(curves, "training_curves")

    names = [r["run"] for r in rows]
    kl = go.Figure([go.Bar(name="chosen", x=names, y=[r.get("kl_chosen") for r in rows]),
                    go.Bar(name="rejected", x=names, y=[r.get("kl_rejected") for r in rows])])
    kl.update_layout(barmode="group", title="Sequential KL to the reference (held-out pairs)", yaxis_title="nats")
    save(kl, "kl")
    mse = go.Figure([go.Bar(x=names, y=[r.get("mse_margin") for r in rows])])
    mse.update_layout(title="Feature MSE margin |D(y_l) - D(y_w)|", yaxis_title="MSE")
    save(mse, "mse_margin")
    mem = go.Figure([go.Bar(x=names, y=[r.get("peak_mem_mb") for r in rows])])
    mem.update_layout(title="Peak memory per run", yaxis_title="MB")
    save(mem, "memory")
    return written


def write_table(bench: BenchConfig, entries: list[BenchEntry], rows: list[dict], notes: list[str]) -> dict:
    from .evaluation.run_eval import format_table

    out = bench.out
    cols = list(BENCH_COLUMNS)
    extra = sorted({k for r in rows for k in r if k.startswith("control/")})
    md_cols = cols + [(k, k) for k in extra]
    md = [f"# Bench {bench.name}", "",
          f"Model `{entries[0].cfg.model.name}`, data `{entries[0].cfg.data.train}`, seed {entries[0].cfg.train.seed}, "
          f"max_steps {entries[0].cfg.train.max_steps}, batch {entries[0].cfg.train.per_device_train_batch_size} x "
          f"{entries[0].cfg.train.gradient_accumulation_steps}.", "",
          format_table(rows, md_cols), "",
          "Acc (paper): share of held-out pairs whose chosen answer has the higher per-token log-prob. "
          "Reward acc: DPO implicit reward beta*(logpi - logref) of chosen > rejected. Entropy: mean per-token "
          "predictive entropy of sampled answers (nats). KL: sequential KL(pi_ref || pi) summed over response "
          "tokens. MSE margin: |D(y_l) - D(y_w)| with the bench's SAE.", ""]
    md += [f"> note: {n}" for n in notes]
    write_text(out / "bench.md", "\n".join(md) + "\n")
    keys = [k for k, _ in cols] + extra + ["status"]
    write_text(out / "bench.csv", _csv(rows, keys))
    result = {"name": bench.name, "rows": rows, "notes": notes,
              "config": bench.model_dump(mode="json"), "columns": dict(md_cols)}
    write_json(out / "bench.json", result)
    return result


# ------------------------------------------------------------------ main entry


def run_bench(bench: BenchConfig, *, only: Optional[list[str]] = None, skip_eval: bool = False,
              log: Callable[[str], None] = _log) -> dict:
    """Train, evaluate and tabulate every run of ``bench``. Returns the bench.json dict."""
    entries = plan_runs(bench)  # every config validated before anything heavy happens
    if only:
        unknown = sorted(set(only) - {e.name for e in entries})
        if unknown:
            raise ConfigError(f"--only names unknown runs {unknown}; runs: {[e.name for e in entries]}")
    todo = [e for e in entries if not only or e.name in only]
    options = _eval_options(bench, entries)
    bench.out.mkdir(parents=True, exist_ok=True)
    write_text(bench.out / "bench.yaml", yaml.safe_dump(bench.model_dump(mode="json"), sort_keys=False))
    notes: list[str] = []
    t0 = time.perf_counter()

    from .models import load_model

    base = entries[0].cfg
    reference = None
    if bench.random_sae is not None and not (random_sae_dir(bench) / "cfg.json").is_file():
        reference, _, _ = load_model(base.model.name, dtype=base.model.dtype)
        ensure_random_sae(bench, int(reference.config.get_text_config().hidden_size))
    warn_if_busy(log)
    eta = RateEstimate("bench training", len(todo), unit="run", after=1, log=log)
    for i, e in enumerate(todo, 1):
        _train_one(e, bench.isolate, log)
        eta.update(i)
    if not bench.isolate:
        import torch

        if not torch.cuda.is_available():
            notes.append("isolate: false on a CPU: peak memory is the bench process's lifetime peak RSS, "
                         "not per run (set isolate: true)")
    if not skip_eval:
        from .evaluation.run_eval import evaluate_run

        if reference is None:
            reference, _, _ = load_model(base.model.name, dtype=options.dtype or base.model.dtype)
        for e in todo:
            ev_path = e.cfg.run_dir / "eval.json"
            if ev_path.is_file():
                try:
                    if json.loads(ev_path.read_text(encoding="utf-8")).get("options_sha") == options.fingerprint():
                        log(f"{e.name}: eval.json is current, not recomputed")
                        continue
                except json.JSONDecodeError:
                    pass
            log(f"{e.name}: evaluating")
            evaluate_run(e.cfg.run_dir, options, reference=reference, print_table=False,
                         log=lambda m, n=e.name: log(f"{n}: {m}"))
    rows = bench_rows(entries)
    try:
        write_figures(entries, rows, bench.out / "figures")
    except ImportError:
        notes.append("plotly is not installed: no figures")
    result = write_table(bench, entries, rows, notes)
    log(f"bench {bench.name} done in {time.perf_counter() - t0:.0f}s: {bench.out}/bench.md")
    return result


def _main(argv: list[str]) -> int:
    """``python -m featurectl.bench train-one CONFIG [--resume]``: one isolated training run."""
    import argparse

    p = argparse.ArgumentParser(prog="python -m featurectl.bench")
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train-one")
    t.add_argument("config")
    t.add_argument("--resume", action="store_true")
    args = p.parse_args(argv)
    from .config import load_run_config
    from .train import run_training

    try:
        run_training(load_run_config(args.config), resume=args.resume)
    except FeaturectlError as e:
        print(f"featurectl bench: error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))

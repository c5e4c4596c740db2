"""`featurectl bench`: every method on the same model, data, seed and budget, then one table.

A bench config (``bench.yaml``) holds one shared ``base`` run config; the bench derives
one :class:`~featurectl.config.RunConfig` per method (and per listed variant) that
differs only in ``method``, ``name``, ``loss`` overrides, the feature set and the run
directory (:mod:`featurectl.workflows.bench_config`). The runs go through
:func:`featurectl.workflows.common.train_and_evaluate`: each is trained with
:func:`featurectl.train.run_training`, then evaluated against one shared reference, and
summarised (:mod:`featurectl.workflows.bench_report`) in the paper's Table 2 layout (``bench.md``, ``bench.csv``,
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

import os
import subprocess
import sys
import time
from typing import Callable, Optional

import yaml
from pydantic import ValidationError

from ..config import RunConfig, dump_run_config, format_validation_error
from ..console import warn_if_busy
from ..errors import ConfigError, FeaturectlError
from ..evaluation.run_eval import EvalOptions
from ..io import write_text
from ..models import load_model
from ..rundir import FIGURES, RunDir
from .bench_config import BenchConfig, BenchEntry, base_saes, ensure_random_sae, plan_runs, random_sae_dir
from .bench_report import bench_rows, write_figures, write_table
from .common import train_and_evaluate
from .stages import StageTimer

__all__ = ["run_bench"]


def _log(msg: str) -> None:
    print(f"[featurectl bench] {msg}", file=sys.stderr, flush=True)


def _trainer(isolate: bool) -> Callable[[RunConfig, bool], None]:
    """Train one run: in a subprocess of its own (``isolate``, clean per-run peak memory) or here."""

    def in_subprocess(cfg: RunConfig, resume: bool) -> None:
        cfg.run_dir.mkdir(parents=True, exist_ok=True)
        cfg_path = cfg.run_dir.parent / f".{cfg.name}.config.yaml"
        write_text(cfg_path, dump_run_config(cfg))
        cmd = [sys.executable, "-m", "featurectl.workflows.bench", "train-one", str(cfg_path)]
        proc = subprocess.run(cmd + (["--resume"] if resume else []), env=os.environ.copy())
        if proc.returncode != 0:
            raise FeaturectlError(f"bench run {cfg.name!r} failed (exit {proc.returncode}); see "
                                  f"{RunDir(cfg.run_dir).summary}")

    def in_process(cfg: RunConfig, resume: bool) -> None:
        import torch

        from ..train import run_training

        if torch.cuda.is_available() and torch.cuda.is_initialized():
            torch.cuda.reset_peak_memory_stats()
        run_training(cfg, resume=resume)

    return in_subprocess if isolate else in_process


def _eval_options(bench: BenchConfig, entries: list[BenchEntry]) -> EvalOptions:
    """The bench's EvalOptions: every run's feature MSE with the same SAE and the same k."""
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
        raise ConfigError(format_validation_error(e, "bench eval")) from None


def _selected(entries: list[BenchEntry], only: Optional[list[str]]) -> list[BenchEntry]:
    if only:
        unknown = sorted(set(only) - {e.name for e in entries})
        if unknown:
            raise ConfigError(f"--only names unknown runs {unknown}; runs: {[e.name for e in entries]}")
    return [e for e in entries if not only or e.name in only]


def run_bench(bench: BenchConfig, *, only: Optional[list[str]] = None, skip_eval: bool = False,
              log: Callable[[str], None] = _log) -> dict:
    """Train, evaluate and tabulate every run of ``bench``. Returns the bench.json dict."""
    entries = plan_runs(bench)  # every config validated before anything heavy happens
    todo = _selected(entries, only)
    options = _eval_options(bench, entries)
    bench.out.mkdir(parents=True, exist_ok=True)
    warn_if_busy(log)
    write_text(bench.out / "bench.yaml", yaml.safe_dump(bench.model_dump(mode="json"), sort_keys=False))
    notes: list[str] = []
    t0 = time.perf_counter()
    base = entries[0].cfg
    loaded = []  # the reference, when the random SAE needed the model's width before training
    if bench.random_sae is not None and not (random_sae_dir(bench) / "cfg.json").is_file():
        loaded.append(load_model(base.model.name, dtype=base.model.dtype)[0])
        ensure_random_sae(bench, int(loaded[0].config.get_text_config().hidden_size), log)
    if not bench.isolate:
        import torch

        if not torch.cuda.is_available():
            notes.append("isolate: false on a CPU: peak memory is the bench process's lifetime peak RSS, "
                         "not per run (set isolate: true)")
    train_and_evaluate(
        {e.name: e.cfg for e in todo}, options, stages=StageTimer("featurectl bench"), log=log,
        train=_trainer(bench.isolate), evaluate=not skip_eval, reuse_current_eval=True,
        load_reference=lambda: loaded[0] if loaded else load_model(
            base.model.name, dtype=options.dtype or base.model.dtype)[0])
    rows = bench_rows(entries)
    try:
        write_figures(entries, rows, bench.out / FIGURES)
    except ImportError:
        notes.append("plotly is not installed: no figures")
    result = write_table(bench, entries, rows, notes)
    log(f"bench {bench.name} done in {time.perf_counter() - t0:.0f}s: {bench.out}/bench.md")
    return result


def _main(argv: list[str]) -> int:
    """``python -m featurectl.workflows.bench train-one CONFIG [--resume]``: one isolated training run."""
    import argparse

    from ..config import load_run_config
    from ..train import run_training

    p = argparse.ArgumentParser(prog="python -m featurectl.workflows.bench")
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train-one")
    t.add_argument("config")
    t.add_argument("--resume", action="store_true")
    args = p.parse_args(argv)
    try:
        run_training(load_run_config(args.config), resume=args.resume)
    except FeaturectlError as e:
        print(f"featurectl bench: error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))

"""The sequence every workflow runs: prepare -> cache the reference -> train -> evaluate.

:func:`train_and_evaluate` is that sequence once. The demo and the control experiment hand
it the untrained model they already loaded (:class:`UntrainedModel`): each run's reference
cache is computed with it, each run trains a fresh copy, and the untouched model is the
reference every run is evaluated against. The bench hands it its own ``train`` (a
subprocess per run, for clean per-run peak memory) and a loader for the reference.

The training modules are imported inside the functions that use them: the bench's
process must not import the trainer when every run trains in a subprocess.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

from ..config import RunConfig
from ..console import RateEstimate
from ..evaluation.run_eval import EvalOptions, evaluate_run, reference_run_dir
from ..rundir import STATUS_FINISHED, RunDir
from .stages import StageTimer

__all__ = ["StageNames", "UntrainedModel", "evaluate_reference", "headline", "is_finished", "train_and_evaluate",
           "train_summary"]

TrainOne = Callable[[RunConfig, bool], None]  # (config, resume)


@dataclasses.dataclass(frozen=True)
class UntrainedModel:
    """The loaded base model: it computes the reference caches and is the evaluation reference,
    so it must stay untrained (every run trains a fresh copy)."""

    name: str
    model: Any
    tokenizer: Any
    info: Any


@dataclasses.dataclass(frozen=True)
class StageNames:
    """How a workflow names its stages in the log and in its report's Steps table."""

    prefix: str = ""  # e.g. "json: " for one domain of the control experiment
    train: str = "train {name}"  # formatted with the run's name


def is_finished(run_dir: Path) -> bool:
    """True when the run's summary.json says it finished (a torn or missing summary: False)."""
    try:
        summary = RunDir(run_dir).read_summary()
    except json.JSONDecodeError:
        return False
    return bool(summary) and summary.get("status") == STATUS_FINISHED


def train_summary(run_dir: Path) -> str:
    """One line for the Steps table: final loss, reward accuracy and seconds per step."""
    summary = RunDir(run_dir).read_summary() or {}
    final = summary.get("final", {})
    return (f"loss {final.get('loss', float('nan')):.4f}, reward acc "
            f"{final.get('rewards/accuracies', float('nan')):.2f}, "
            f"{summary.get('mean_step_time_s') or 0:.2f} s/step")


def _cache_and_train(base: UntrainedModel, runs: Mapping[str, RunConfig], stages: StageTimer, names: StageNames,
                     log: Callable[[str], None]) -> Callable[[str, RunConfig, bool], None]:
    """Prepare every run with ``base`` and compute its reference cache (one stage); return a
    trainer that trains a fresh copy of the model on the prepared data."""
    from ..losses import LOSSES
    from ..models import load_model
    from ..prepare import prepare
    from ..refcache import ensure_cache
    from ..train import run_training

    preps, passes = {}, set()
    with stages.stage(f"{names.prefix}cache the reference") as rec:
        for name, cfg in runs.items():
            preps[name] = prepare(cfg, model=base.model, tokenizer=base.tokenizer, model_info=base.info)
            if LOSSES[cfg.method].cacheable_reference:
                passes.add(ensure_cache(preps[name], log=log).directory)
        # a cache holding a run's inputs and listed features serves it: runs differing only in
        # their feature set share one reference pass
        rec.summary = f"{len(passes)} reference pass(es) served {len(preps)} runs"

    def train(name: str, cfg: RunConfig, resume: bool) -> None:
        fresh, _, _ = load_model(base.name)
        run_training(cfg, prepared=dataclasses.replace(preps[name], model=fresh), resume=resume)

    return train


def _current_eval(run_dir: Path, options: EvalOptions) -> Optional[dict]:
    """The run's eval.json when it was made with these options, else None."""
    try:
        ev = RunDir(run_dir).read_eval()
    except json.JSONDecodeError:
        return None
    return ev if ev is not None and ev.get("options_sha") == options.fingerprint() else None


def _evaluate(runs: Mapping[str, RunConfig], options: EvalOptions, reference, *,
              reference_eval: Optional[Callable[[Any], dict]], reuse_current: bool,
              log: Callable[[str], None]) -> dict[str, dict]:
    evals: dict[str, dict] = {}
    if reference_eval is not None:
        evals["reference"] = reference_eval(reference)
    for name, cfg in runs.items():
        current = _current_eval(cfg.run_dir, options) if reuse_current else None
        if current is not None:
            log(f"{name}: eval.json is current, not recomputed")
            evals[name] = current
            continue
        log(f"{name}: evaluating")
        evals[name] = evaluate_run(cfg.run_dir, options, reference=reference, print_table=False,
                                   log=lambda m, n=name: log(f"{n}: {m}"))
    return evals


def train_and_evaluate(
    runs: Mapping[str, RunConfig],
    options: EvalOptions,
    *,
    stages: StageTimer,
    log: Callable[[str], None],
    base: Optional[UntrainedModel] = None,
    train: Optional[TrainOne] = None,
    load_reference: Optional[Callable[[], Any]] = None,
    reference_eval: Optional[Callable[[Any], dict]] = None,
    names: StageNames = StageNames(),
    evaluate: bool = True,
    reuse_current_eval: bool = False,
) -> dict[str, dict]:
    """Train every run of ``runs`` that has not finished, then evaluate them all.

    With ``base`` the runs are prepared and cached with the loaded model, trained on fresh
    copies and evaluated against ``base.model``; otherwise ``train(cfg, resume)`` trains one
    run and ``load_reference()`` loads the evaluation reference after training.
    ``reference_eval(reference)`` evaluates the untrained reference itself, first, as
    ``"reference"`` (see :func:`evaluate_reference`). With ``reuse_current_eval``
    an eval.json made with the same options is read back instead of recomputed.
    Returns ``{name: eval dict}`` (empty when ``evaluate`` is False).
    """
    todo = {}
    for name, cfg in runs.items():
        if is_finished(cfg.run_dir):
            log(f"{name}: finished earlier, not retrained")
        else:
            todo[name] = cfg
    train_prepared = _cache_and_train(base, todo, stages, names, log) if base is not None and todo else None
    eta = RateEstimate(f"{names.prefix}training", len(todo), unit="run", after=1, log=log)
    for done, (name, cfg) in enumerate(todo.items(), 1):
        resume = RunDir(cfg.run_dir).metrics.exists()
        log(f"{name}: training ({'resuming' if resume else 'new'}, method {cfg.method})")
        with stages.stage(names.prefix + names.train.format(name=name)) as rec:
            if train_prepared is not None:
                train_prepared(name, cfg, resume)
            else:
                train(cfg, resume)
            rec.summary = train_summary(cfg.run_dir)
        eta.update(done)  # after the first run: how long the others take
    if not evaluate:
        return {}
    reference = base.model if base is not None else load_reference()
    with stages.stage(f"{names.prefix}evaluate") as rec:
        evals = _evaluate(runs, options, reference, reference_eval=reference_eval,
                          reuse_current=reuse_current_eval, log=log)
        rec.summary = "; ".join(f"{n}: {headline(e)}" for n, e in evals.items())
    return evals


def headline(ev: dict, domain: Optional[str] = None) -> str:
    """``<domain> rate R, pref acc A`` of one eval dict (``domain``: its first control domain)."""
    control = ev.get("control") or {}
    domain = domain or next(iter(control), None)
    ctl = (control.get(domain) or {}) if domain else {}
    key = next(iter(ctl), None)
    rate = ctl.get(key, {}).get("rate") if key else None
    acc = (ev.get("preference") or {}).get("accuracy")
    parts = []
    if rate is not None:
        parts.append(f"{domain} rate {rate:.2f}")
    if acc is not None:
        parts.append(f"pref acc {acc:.2f}")
    return ", ".join(parts) or "done"


def evaluate_reference(directory: Path, config_from: Path, base: UntrainedModel, options: EvalOptions,
                       log: Callable[[str], None]) -> dict:
    """Evaluate the untrained ``base`` model as a run of its own (``directory``, with the config
    of a run it is compared with): the reference row of the demo's and the experiment's tables."""
    ref_dir = reference_run_dir(directory, config_from, base.name)
    return evaluate_run(ref_dir, options, policy=base.model, tokenizer=base.tokenizer, reference=base.model,
                        log=log, print_table=False)

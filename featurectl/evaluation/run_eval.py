"""`featurectl eval RUN_DIR`: every evaluation of one trained run, into eval.json.

Steps (each can be sized down; the defaults run in about a minute on a CPU for the
embedded 135M model):

1. load the policy (``RUN_DIR/final``) and the reference (the run config's base
   model; evaluation may load it, training never has to);
2. pairs: held-out pairs -> preference accuracy (two definitions), reward margins,
   sequential KL and feature MSE (:mod:`featurectl.evaluation.held_out`);
3. generations: sampled answers -> diversity and each domain's verdict rates with Wilson
   intervals, at every temperature of the sweep; every generation goes to
   ``samples.jsonl`` with its verdicts (:mod:`featurectl.evaluation.sampling`);
4. judge: optionally an LLM judge's win rate against other runs or the reference
   (:mod:`featurectl.evaluation.judging`);
5. write: ``eval.json``, ``eval.md`` and a printed table (:mod:`featurectl.evaluation.tables`).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any, Callable, Optional

from ..config import dump_run_config, load_run_config
from ..errors import ConfigError
from ..io import write_text
from ..rundir import STATUS_FINISHED, RunDir
from .held_out import score_held_out
from .judging import run_judge
from .loading import load_policy, resolve_device
from .options import DEFAULT_TEMPERATURES, EvalOptions
from .sampling import domain_rates, load_domain_prompts, sample_generations
from .tables import format_table, table_row, write_results

__all__ = ["EvalOptions", "evaluate_run", "domain_rates", "load_domain_prompts", "format_table",
           "table_row", "reference_run_dir", "DEFAULT_TEMPERATURES"]


def _log(msg: str) -> None:
    print(f"[featurectl eval] {msg}", file=sys.stderr, flush=True)


def reference_run_dir(directory: str | Path, config_from: str | Path, model_name: str) -> Path:
    """A run directory for the untrained reference (the config of a run it is compared with and a
    finished 0-step summary), so :func:`evaluate_run` can score it with ``policy=<reference>``."""
    rd = RunDir(directory)
    rd.path.mkdir(parents=True, exist_ok=True)
    cfg = load_run_config(config_from).model_copy(update={"name": "reference"})
    description = (f"the untrained reference model {model_name} (0 steps), evaluated on the same held-out "
                   f"pairs, prompts and SAEs as {Path(config_from).parent.name}")
    write_text(rd.config, f"# {description}; the training fields below are that run's and were never used.\n"
                          + dump_run_config(cfg))
    rd.write_summary({"status": STATUS_FINISHED, "kind": "reference", "method": "reference", "model": model_name,
                      "name": "reference", "steps": 0, "description": description})
    return rd.path


def evaluate_run(
    run_dir: str | Path,
    options: Optional[EvalOptions] = None,
    *,
    reference=None,
    policy=None,
    tokenizer=None,
    log: Callable[[str], None] = _log,
    print_table: bool = True,
) -> dict:
    """Evaluate ``run_dir`` and write ``eval.json``, ``eval.md`` and ``samples.jsonl``.

    ``reference``/``policy``/``tokenizer`` may be passed in to reuse loaded models
    (the bench evaluates many runs against one reference). Returns the eval dict.
    """
    options = options or EvalOptions()
    rd = RunDir(run_dir)
    if not rd.config.is_file():
        raise ConfigError(f"{rd.path} is not a run directory (no config.yaml)")
    cfg = load_run_config(rd.config)
    dtype, device = options.dtype or cfg.model.dtype, resolve_device(options.device)
    t_start = time.perf_counter()
    if policy is None:
        policy, tokenizer = load_policy(rd.path, cfg, dtype, device)
    if reference is None and options.n_pairs > 0:
        from ..models import load_model

        log(f"loading the reference {cfg.model.name}")
        reference, _, _ = load_model(cfg.model.name, dtype=dtype, device=device)
    policy.eval()
    if reference is not None:
        reference.eval()
    # the untrained reference's run directory borrows a trained run's config: name it by its summary
    method = "reference" if (rd.read_summary() or {}).get("kind") == "reference" else cfg.method
    result: dict[str, Any] = {
        "run": rd.path.name, "method": method, "model": cfg.model.name,
        "options": options.model_dump(exclude={"judge_url"}), "options_sha": options.fingerprint(),
    }
    pairs = score_held_out(cfg, options, policy, reference, tokenizer, log)
    result.update(pairs.result)
    gens = sample_generations(policy, tokenizer, options, pairs.prompts, log)
    result.update(gens.result)
    if options.judge_url or options.judge_model:
        result["judge"] = run_judge(cfg, options, gens.diversity_prompts, gens.diversity_gens, reference, tokenizer,
                                    dtype, device, log)
    result["notes"] = pairs.notes + gens.notes
    result["wall_s"] = round(time.perf_counter() - t_start, 3)
    table = write_results(rd.path, method, result, gens.samples, options.against)
    if print_table:
        print(table)
    return result

"""Evaluation step 3 (optional): an LLM judge's win rate of this run's answers against each
``--against`` run, or against the untrained reference (:mod:`featurectl.evaluation.judge`)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import FeaturectlError
from ..io import read_jsonl
from ..rundir import RunDir
from .judge import JudgeClient, judge_pairs, lc_win_rate, win_rate
from .loading import load_policy
from .options import EvalOptions
from .sampling import PAIRS_DOMAIN, prompt_text
from .tables import fmt_value

__all__ = ["run_judge"]


def _generate_texts(model, tokenizer, prompts: list[dict], options: EvalOptions) -> list[str]:
    from .generate import generate

    out = generate(model, tokenizer, [p["prompt"] for p in prompts], temperature=options.temperature,
                   max_new_tokens=options.max_new_tokens, batch_size=options.gen_batch_size, seed=options.seed)
    return [g.text for g in out]


def _other_run_outputs(other_dir: Path, prompts: list[dict], options: EvalOptions, dtype: str, device: str,
                       log: Callable[[str], None]) -> list[str]:
    """The other run's answers to ``prompts``: from its samples.jsonl when it has them all, else generated."""
    samples = RunDir(other_dir).samples
    by_id = {}
    if samples.is_file():
        for r in read_jsonl(samples):
            if r.get("domain") == PAIRS_DOMAIN and r.get("temperature") == options.temperature:
                by_id[r["prompt_id"]] = r["output"]
    if all(p["id"] in by_id for p in prompts):
        return [by_id[p["id"]] for p in prompts]
    from ..config import load_run_config

    log(f"generating {other_dir.name}'s answers for the judge")
    model, tok = load_policy(other_dir, load_run_config(RunDir(other_dir).config), dtype, device)
    return _generate_texts(model, tok, prompts, options)


def _opponents(cfg, options: EvalOptions, prompts, reference, tokenizer, dtype, device, log):
    """(name, () -> answers) per opponent: the --against runs, else the reference model."""
    if options.against:
        return [(Path(o).name, lambda o=Path(o): _other_run_outputs(o, prompts, options, dtype, device, log))
                for o in options.against]
    if reference is None:
        from ..models import load_model

        reference, _, _ = load_model(cfg.model.name, dtype=dtype, device=device)
    return [(f"reference:{cfg.model.name}", lambda: _generate_texts(reference, tokenizer, prompts, options))]


def run_judge(cfg, options: EvalOptions, prompts: list[dict], gens, reference, tokenizer, dtype: str, device: str,
              log: Callable[[str], None]) -> dict:
    """Win rate (and length-controlled win rate) of ``gens`` against each opponent's answers."""
    client = JudgeClient(options.judge_url or "", options.judge_model or "")
    prompts, gens = prompts[: options.judge_prompts], gens[: options.judge_prompts]
    if not prompts:
        raise FeaturectlError("the judge needs prompts: give held-out pairs (--pairs) or control prompts")
    result = {}
    for name, get_outputs in _opponents(cfg, options, prompts, reference, tokenizer, dtype, device, log):
        items = [{"prompt_id": p["id"], "prompt": prompt_text(p["prompt"]), "policy": g.text, "other": o}
                 for p, g, o in zip(prompts, gens, get_outputs())]
        rows = judge_pairs(client.compare, items, seed=options.seed)
        outcomes = [r["outcome"] for r in rows]
        wr = win_rate(outcomes)
        lc = lc_win_rate(outcomes, [r["len_policy"] for r in rows], [r["len_other"] for r in rows])
        result[name] = {**wr, **lc, "judge": client.describe(), "temperature": options.temperature,
                        "lc_method": "logistic regression of win on tanh(len diff / sd); sigmoid(intercept)"}
        log(f"judge vs {name}: WR {fmt_value(wr['win_rate'])}, LC WR {fmt_value(lc['lc_win_rate'])} (n={wr['n']})")
    return result

"""Evaluation step 2: sampled generations -> diversity and each domain's verdict rates.

Every domain in ``options.domains`` gets held-out prompts (:func:`load_domain_prompts`)
that are sampled at every temperature of the sweep; the rates of the domain's capability
and side metrics (:func:`domain_rates`, with Wilson 95% intervals) go to
``eval.json -> control`` and every generation, with its verdicts, to ``samples.jsonl``.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any, Callable

from ..corpora import corpus_path
from ..domains import DOMAINS
from ..errors import DataError
from ..io import read_jsonl
from .control import rate_with_ci, verdicts
from .options import EvalOptions
from .tables import fmt_value

__all__ = ["Generations", "domain_rates", "load_domain_prompts", "prompt_text", "sample_generations"]

PAIRS_DOMAIN = "pairs"  # samples.jsonl ``domain`` of the diversity generations (held-out pair prompts)


@dataclasses.dataclass
class Generations:
    """What the generations step adds to eval.json, the samples it drew and its diversity generations."""

    result: dict[str, Any] = dataclasses.field(default_factory=dict)
    samples: list[dict] = dataclasses.field(default_factory=list)
    diversity_prompts: list[dict] = dataclasses.field(default_factory=list)
    diversity_gens: list = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)


def _prompt_source(domain: str, prompt_files: dict[str, str]) -> tuple[Path, str]:
    """The file of ``domain``'s evaluation prompts: --prompt-file, else the domain's eval corpus
    (:attr:`~featurectl.domains.Domain.eval_prompts`) when it is shipped, else its own corpus."""
    if domain in prompt_files:
        path = Path(prompt_files[domain])
        if not path.is_file():
            raise DataError(f"prompt file for domain {domain!r} not found: {path}")
        return path, str(path)
    name = DOMAINS.require(domain).eval_prompts or domain
    try:
        return corpus_path(name), f"corpus:{name}"
    except DataError:
        if name == domain:
            raise
        return corpus_path(domain), f"corpus:{domain}"


def load_domain_prompts(domain: str, n: int, prompt_files: dict[str, str]) -> tuple[list[dict], str]:
    """Up to ``n`` held-out prompts of ``domain`` as ``[{id, prompt}]`` and where they came from."""
    if n <= 0:
        return [], ""
    path, source = _prompt_source(domain, prompt_files)
    try:
        rows = read_jsonl(path)
    except json.JSONDecodeError as e:
        raise DataError(f"{path}: invalid JSON on line {e.lineno}: {e.msg}") from None
    for i, r in enumerate(rows):
        if not isinstance(r, dict) or not r.get("prompt") or not isinstance(r["prompt"], (str, list)):
            raise DataError(f"{path}: row {i + 1} has no 'prompt'")
    # Only prompts nothing was trained or discovered on: the held-out split when the file has
    # splits; prompt-only files (e.g. harmful.jsonl) are evaluation sets as a whole.
    held = [r for r in rows if r.get("split") == "heldout"]
    if held:
        rows, source = held, source + ":heldout"
    elif any("split" in r for r in rows):
        raise DataError(f"{path}: no 'heldout' rows to evaluate on")
    prompts = [{"id": str(r.get("id", f"{domain}-{i}")), "prompt": r["prompt"]} for i, r in enumerate(rows)]
    return prompts[:n], source


def domain_rates(domain: str, outputs: list[str]) -> dict:
    """Rates with Wilson 95% intervals of one domain's verdicts on its generations.

    The capability is keyed by the domain name (``control.json.json`` is the JSON-validity
    rate), as the app expects; each side metric sits beside it under its own key (french ->
    german, italian; safety -> attack_success; sentiment -> negative), then the domain's
    extra figures (sentiment's ``pos_neg_ratio``, a ratio with no interval).
    """
    dom = DOMAINS.require(domain)
    n = len(outputs)
    counts = dom.verdict_counts(outputs)
    out: dict[str, dict] = {key: rate_with_ci(k, n) for key, k in counts.items()}
    if dom.extra_metrics is not None:
        out.update(dom.extra_metrics(counts, n))
    return out


def prompt_text(prompt) -> str:
    """A prompt (a string or chat messages) as one string for samples.jsonl and the judge."""
    if isinstance(prompt, str):
        return prompt
    if len(prompt) == 1:
        return prompt[0]["content"]
    return "\n\n".join(f"{m.get('role', 'user')}: {m['content']}" for m in prompt)


def _gen_rows(gens, prompts, domain: str, temperature: float) -> list[dict]:
    return [{
        "prompt_id": p["id"], "prompt": prompt_text(p["prompt"]), "domain": domain, "temperature": temperature,
        "output": g.text, "verdicts": verdicts(g.text), "n_tokens": len(g.token_ids),
        "mean_entropy": (sum(g.token_entropy) / len(g.token_entropy)) if g.token_entropy else None,
        "stopped": g.stopped,
    } for p, g in zip(prompts, gens)]


def _diversity(gens) -> dict:
    from .diversity import diversity_summary

    return diversity_summary([g.text for g in gens], [g.token_ids for g in gens], [g.token_entropy for g in gens])


def _domain_prompt_sets(options: EvalOptions, out: Generations) -> dict[str, tuple[list[dict], str]]:
    sets = {}
    for domain in options.domains:
        prompts, source = load_domain_prompts(domain, options.n_prompts, options.prompt_files)
        if prompts:
            sets[domain] = (prompts, source)
        elif options.n_prompts > 0:
            out.notes.append(f"domain {domain}: no prompts")
    return sets


def _sample_diversity(sample, options: EvalOptions, held_prompts, domain_sets, out: Generations, log) -> None:
    prompts = held_prompts[: options.n_diversity]
    if not prompts and options.n_diversity > 0:
        prompts = [p for ps, _ in domain_sets.values() for p in ps][: options.n_diversity]
        if prompts:
            out.notes.append("no held-out pair prompts: diversity measured on control prompts")
    out.diversity_prompts = prompts
    if not prompts:
        return
    log(f"sampling {len(prompts)} diversity prompts at T={options.temperature}")
    out.diversity_gens = sample(prompts, options.temperature)
    out.samples += _gen_rows(out.diversity_gens, prompts, PAIRS_DOMAIN, options.temperature)
    out.result["diversity"] = {**_diversity(out.diversity_gens), "temperature": options.temperature}


def _sweep(sample, temps, domain_sets, out: Generations, log) -> dict[str, dict]:
    """Each domain's rates, the pooled diversity and the share of cut answers at each temperature."""
    sweep: dict[str, dict] = {}
    for t in temps:
        all_gens, rates, cut = [], {}, {}
        for domain, (prompts, _) in domain_sets.items():
            gens = sample(prompts, t)
            all_gens += gens
            out.samples += _gen_rows(gens, prompts, domain, t)
            rates[domain] = domain_rates(domain, [g.text for g in gens])
            # answers cut at max_new_tokens: a JSON object cut short is invalid JSON
            cut[domain] = sum(not g.stopped for g in gens) / len(gens)
        sweep[f"{t:g}"] = {"control": rates, "diversity": _diversity(all_gens), "truncated_share": cut}
        log(f"T={t:g}: " + ", ".join(f"{d} {fmt_value(rates[d][d]['rate'] if d in rates[d] else None)}"
                                      for d in rates))
    return sweep


def _headline(sweep: dict, domain_sets, options: EvalOptions, out: Generations) -> None:
    main = sweep[f"{options.temperature:g}"]
    out.result["control"] = main["control"]
    out.result["control_temperature"] = options.temperature
    out.result["control_prompts"] = {d: {"source": s, "n": len(p), "truncated_share": main["truncated_share"][d]}
                                     for d, (p, s) in domain_sets.items()}
    long = [d for d, share in main["truncated_share"].items() if share > 0.5]
    if long:
        out.notes.append(f"more than half of the {', '.join(long)} answers hit max_new_tokens="
                         f"{options.max_new_tokens}; their rates (JSON validity above all) are measured on "
                         "cut answers: raise --max-new-tokens")
    if options.temperatures:
        out.result["temperature_sweep"] = {k: v for k, v in sweep.items() if float(k) in options.temperatures}


def sample_generations(policy, tokenizer, options: EvalOptions, held_prompts: list[dict],
                       log: Callable[[str], None]) -> Generations:
    """Diversity at ``options.temperature``, then every domain's rates at every sweep temperature."""
    from .generate import generate

    def sample(prompts, temperature):
        return generate(policy, tokenizer, [p["prompt"] for p in prompts], temperature=temperature,
                        max_new_tokens=options.max_new_tokens, batch_size=options.gen_batch_size, seed=options.seed)

    out = Generations()
    domain_sets = _domain_prompt_sets(options, out)
    _sample_diversity(sample, options, held_prompts, domain_sets, out, log)
    if domain_sets:
        temps = sorted(set(options.temperatures) | {options.temperature})
        _headline(_sweep(sample, temps, domain_sets, out, log), domain_sets, options, out)
    return out



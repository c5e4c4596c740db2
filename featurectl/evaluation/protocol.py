"""The control protocol (paper §5.3 / Table 4, made rigorous): one call per domain.

:func:`run_protocol` takes the models of a control experiment -- (a) uniform FPO, (b) FPO with
the domain's ``_off`` set, (c) the untrained reference, as loaded models or run directories --
and returns one table:

* for every *cell* (a metric on a prompt set this project did not write, see
  :mod:`featurectl.benchmarks`): the rate per model with k, n, its Wilson 95% interval and the
  prompt set's ``source`` label (a fallback corpus says so);
* each (a)−(b) and (b)−(c) difference with Newcombe's 95% interval;
* general preference accuracy on held-out helpful pairs (and, apart and labelled, the domain's
  own held-out pairs).

Generation is batched with left padding, greedy by default (``temperature`` > 0 samples with a
fixed seed); ``max_new_tokens`` only has to be long enough for the verdict (24 tokens decide the
language of an answer).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Callable, Mapping, Optional, Sequence

from ..domains import DOMAINS
from .intervals import newcombe_diff, wilson
from .protocol_report import protocol_markdown

__all__ = ["METRICS", "add_diffs", "cell_tokens", "domain_cells", "metric", "protocol_markdown", "rescore",
           "run_protocol", "score_cells", "target"]


def _lang(code: str) -> Callable[[str], bool]:
    def verdict(text: str) -> bool:
        from .control import detect_language

        return detect_language(text) == code

    return verdict


def _c(name: str) -> Callable[[str], Any]:
    def verdict(text: str):
        from . import control

        return getattr(control, name)(text)

    return verdict


def _quoted(text: str) -> bool:  # IFEval startend:quotation
    t = text.strip()
    return len(t) > 1 and t[0] == '"' and t[-1] == '"'


@dataclasses.dataclass(frozen=True)
class Metric:
    verdict: Callable[[str], bool]
    instruction: Optional[str] = None  # count only prompts carrying this IFEval instruction id


METRICS: dict[str, Metric] = {
    "french": Metric(_lang("fr")), "german": Metric(_lang("de")), "italian": Metric(_lang("it")),
    "json": Metric(_c("is_json_response")),
    "refusal": Metric(_c("is_refusal")), "attack_success": Metric(lambda t: not _c("is_refusal")(t)),
    "positive": Metric(lambda t: _c("sentiment")(t) == "positive"),
    "negative": Metric(lambda t: _c("sentiment")(t) == "negative"),
    "degenerate": Metric(_c("is_degenerate")),  # collapsed answers ("the the the"): a rate of 0 means nothing then
    # IFEval's own rules for these three checks (instructions_util-free)
    "capital": Metric(lambda t: t.isupper(), "change_case:english_capital"),
    "lowercase": Metric(lambda t: t.islower(), "change_case:english_lowercase"),
    "quotation": Metric(_quoted, "startend:quotation"),
}


def domain_cells(domain: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The domain's protocol cells ``((prompt source, (metric, ...)), ...)`` from the registry
    (:meth:`featurectl.domains.Domain.protocol_cells`); the first cell's first metric is the target.
    Every domain's first cell also scores ``degenerate`` (collapsed answers), so a targeted rate that
    drops because the model stopped producing language shows as a side move."""
    cells = DOMAINS.require(domain).protocol_cells()
    (src, metrics), rest = cells[0], cells[1:]
    return ((src, metrics if "degenerate" in metrics else (*metrics, "degenerate")), *rest)


def target(domain: str) -> tuple[str, str]:
    """(prompt source, metric) of the domain's targeted rate."""
    src, metrics = domain_cells(domain)[0]
    return src, metrics[0]


def metric(name: str, domain: Optional[str] = None) -> Metric:
    """A protocol metric: ``domain``'s own capability (its name) or side metric of that key, else one
    of :data:`METRICS` (a domain's own key wins, so a side metric never borrows another's verdict)."""
    d = DOMAINS.require(domain) if domain else None
    if d is not None and name == d.name:
        return Metric(d.capability)
    side = next((sm for sm in (d.side_metrics if d else ()) if sm.key == name), None)
    if side is not None:
        return Metric(side.verdict)
    if name not in METRICS:
        raise KeyError(f"unknown protocol metric {name!r} (known: {', '.join(METRICS)}, or a domain's own keys)")
    return METRICS[name]


def score_cells(texts: Sequence[str], prompts: Sequence[dict], metrics: Sequence[str],
                domain: Optional[str] = None) -> dict[str, dict]:
    """Wilson rate per metric over the prompts it applies to (IFEval format checks: their own prompts)."""
    out = {}
    for name in metrics:
        m = metric(name, domain)
        idx = [i for i, p in enumerate(prompts) if m.instruction is None or m.instruction in p.get("instruction_ids", ())]
        out[name] = wilson(sum(bool(m.verdict(texts[i])) for i in idx), len(idx))
    return out


def _prompt_set(src: str, n: int, seed: int, root: Optional[Path], log):
    """A benchmark prompt set by source name, or ``domain:<name>``: that domain's own evaluation prompts."""
    from ..benchmarks import load_prompt_set

    if not src.startswith("domain:"):
        return load_prompt_set(src, n, seed=seed, root=root, warn=log)
    from ..benchmarks.sources import PromptSet, sample_prompts
    from .sampling import load_domain_prompts

    prompts, origin = load_domain_prompts(src.split(":", 1)[1], 10**9, {})
    return PromptSet(origin, sample_prompts(prompts, n, seed), origin, False, len(prompts))


def _load(policy, log):
    """A loaded model passes through; a run directory loads its ``final`` model (float32, on
    :func:`featurectl.devices.default_device`: the GPU when there is one)."""
    if not isinstance(policy, (str, Path)):
        return policy
    from ..config import load_run_config
    from ..devices import default_device
    from .run_eval import load_policy

    run = Path(policy)
    log(f"loading {run}")
    return load_policy(run, load_run_config(run / "config.yaml"), "float32", default_device())[0]


def _pref(model, tokenizer, rows, max_length: int) -> Optional[dict]:
    if not rows:
        return None
    from ..pairs import tokenize_pairs
    from .preference import paper_accuracy, score_pairs

    pairs = tokenize_pairs(tokenizer, rows, max_prompt_length=max_length // 2, max_length=max_length)
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    s = score_pairs(model, None, pairs, pad_token_id=pad)
    acc = paper_accuracy(s.policy_chosen_logps, s.policy_rejected_logps, s.chosen_lengths, s.rejected_lengths)
    return wilson(round(acc * len(pairs)), len(pairs))


def _diffs(rates: dict[str, dict], keys: Sequence[str]) -> dict[str, dict]:
    """Newcombe intervals for (a)−(x) and (x)−(c) of every other row x ("b", "b_suppress", ...), and (a)−(c)."""
    others = [k for k in keys if k not in ("a", "c")]
    pairs = [("a", x) for x in others] + [(x, "c") for x in others] + [("a", "c")]
    return {f"{x}-{y}": newcombe_diff(rates[x]["k"], rates[x]["n"], rates[y]["k"], rates[y]["n"])
            for x, y in pairs if x in rates and y in rates}


def add_diffs(result: dict) -> dict:
    """(Re)compute every difference of a :func:`run_protocol` result from its rates (k, n), in place."""
    for c in result["cells"]:
        c["diffs"] = _diffs(c["rates"], list(c["rates"]))
    for p in result["preference"].values():
        p["diffs"] = _diffs(p["rates"], list(p["rates"]))
    return result


def run_protocol(policies: Mapping[str, Any], tokenizer, domain: str, *, n: int = 100, max_new_tokens: int = 24,
                 batch_size: int = 16, seed: int = 0, temperature: float = 0.0,
                 heldout_general: Optional[list[dict]] = None, heldout_domain: Optional[list[dict]] = None,
                 max_length: int = 256, root: Optional[Path] = None, cells=None,
                 answer_cache: Optional[dict] = None, log: Callable[[str], None] = print) -> dict:
    """Generate ``n`` answers per prompt set and model, score every cell, and tabulate.

    ``policies`` maps row keys ("a", "b", "c", or any names) to a model or a run directory; run
    directories are loaded one at a time. ``cells`` overrides :func:`domain_cells`. A cell that
    scores a domain's capability generates at least that domain's ``protocol_min_tokens``.
    ``answer_cache``: a dict the caller keeps between calls; answers of *loaded* models (the
    reference of every domain of an experiment) are generated once per prompt set and settings.
    Returns a JSON-ready dict: ``cells`` (one entry per (source, metric): label, per-model rates,
    diffs), ``target``, ``preference`` (general, and domain labelled apart), ``settings``,
    ``samples`` (the answers) and ``prompts`` (each answer's prompt id and IFEval instruction ids,
    no prompt text: :func:`rescore` re-judges ``samples`` from them).
    """
    from .generate import generate

    cells = cells or domain_cells(domain)
    DOMAINS.require(domain)
    srcs = [src for src, _ in cells]
    twice = sorted({s for s in srcs if srcs.count(s) > 1})
    if twice:
        raise ValueError(f"prompt set {twice[0]} appears in two cells: list all its metrics in one cell")
    sets = {src: _prompt_set(src, n, seed, root, log) for src, _ in cells}
    rates: dict[tuple[str, str], dict[str, dict]] = {}
    samples: dict[str, dict[str, list[str]]] = {}
    pref: dict[str, dict] = {"general": {}, "domain": {}}
    for key, policy in policies.items():
        model = _load(policy, log)
        # only loaded models are cached: a run directory is reloaded (and may be retrained) per call
        cache = answer_cache if answer_cache is not None and model is policy else {}
        for src, metrics in cells:
            ps, tokens = sets[src], cell_tokens(metrics, max_new_tokens)
            ckey = (id(model), src, n, seed, tokens, temperature, batch_size)
            texts = cache.get(ckey)
            if texts is None:
                gens = generate(model, tokenizer, [p["prompt"] for p in ps.prompts], temperature=temperature,
                                max_new_tokens=tokens, batch_size=batch_size, seed=seed)
                texts = cache[ckey] = [g.text for g in gens]
            samples.setdefault(key, {})[src] = texts
            for name, rate in score_cells(texts, ps.prompts, metrics, domain).items():
                rates.setdefault((src, name), {})[key] = rate
        for name, rows in (("general", heldout_general), ("domain", heldout_domain)):
            acc = _pref(model, tokenizer, rows, max_length)
            if acc is not None:
                pref[name][key] = acc
        log(f"[protocol] {domain} ({key}): " + ", ".join(
            f"{m}@{s} {r[key]['rate']:.2f}" for (s, m), r in rates.items() if r[key]["n"]))
        if isinstance(policy, (str, Path)):
            del model
    keys = list(policies)
    table = [{"source": sets[src].source, "prompt_set": src, "origin": sets[src].origin,
              "fallback": sets[src].fallback, "metric": metric, "rates": r, "diffs": _diffs(r, keys)}
             for (src, metric), r in rates.items()]
    return {
        "format": "featurectl.control_protocol/1", "domain": domain,
        "target": {"prompt_set": (cells[0][0]), "metric": cells[0][1][0]},
        "cells": table,
        "preference": {"general": {"rates": pref["general"], "diffs": _diffs(pref["general"], list(pref["general"])),
                                   "what": "held-out general (helpful) pairs: logπ(y_w)/|y_w| > logπ(y_l)/|y_l|"},
                       "domain": {"rates": pref["domain"], "diffs": _diffs(pref["domain"], list(pref["domain"])),
                                  "what": f"held-out {domain} capability pairs (chosen uses the capability): "
                                          "a model that does not learn it is expected to score lower"}},
        "settings": {"n": n, "max_new_tokens": max_new_tokens, "temperature": temperature, "seed": seed,
                     "batch_size": batch_size, "prompt_sets": {s: ps.label() for s, ps in sets.items()},
                     "new_tokens": {src: cell_tokens(ms, max_new_tokens) for src, ms in cells}},
        "samples": samples,
        "prompts": {src: [_prompt_meta(p) for p in ps.prompts] for src, ps in sets.items()},
    }


def cell_tokens(metrics: Sequence[str], max_new_tokens: int) -> int:
    """New tokens for a cell: ``max_new_tokens``, or more where a metric is a domain's capability
    whose verdict needs the whole answer (``Domain.protocol_min_tokens``: JSON must close)."""
    return max([max_new_tokens] + [DOMAINS[m].protocol_min_tokens for m in metrics if m in DOMAINS])


def _prompt_meta(prompt: dict) -> dict:
    """What re-judging needs of a prompt (its id and IFEval instruction ids), never its text."""
    return {"id": prompt.get("id"), "instruction_ids": list(prompt.get("instruction_ids", ()))}


def rescore(result: dict) -> dict:
    """Re-judge a :func:`run_protocol` result's saved answers with the verdicts installed now, in place:
    every cell's rates (and differences) are recomputed from ``samples`` and ``prompts``, and a metric
    the domain's cells score now but did not then (``degenerate``) is added to them; preference
    accuracy (log-probabilities, not verdicts) is kept. For answers generated where a judge was
    missing (the GPU machine has no lingua: ``scripts/gpu/``)."""
    if "samples" not in result or "prompts" not in result:
        raise ValueError(f"protocol result for {result.get('domain')!r} has no saved answers/prompts to re-judge")
    have = {(c["prompt_set"], c["metric"]) for c in result["cells"]}
    for src, metrics in domain_cells(result["domain"]):  # metrics the protocol scores now that it did not then
        like = next((c for c in result["cells"] if c["prompt_set"] == src), None)
        for m in metrics:
            if like is not None and (src, m) not in have:
                result["cells"].append({**{k: like[k] for k in ("source", "prompt_set", "origin", "fallback")},
                                        "metric": m, "rates": dict.fromkeys(like["rates"]), "diffs": {}})
    for cell in result["cells"]:
        src, prompts = cell["prompt_set"], result["prompts"][cell["prompt_set"]]
        for key in cell["rates"]:
            texts = result["samples"][key][src]
            if len(texts) != len(prompts):
                raise ValueError(f"{result['domain']}: {len(texts)} answers of ({key}) on {src} for {len(prompts)} prompts")
            cell["rates"][key] = score_cells(texts, prompts, [cell["metric"]], result["domain"])[cell["metric"]]
    return add_diffs(result)



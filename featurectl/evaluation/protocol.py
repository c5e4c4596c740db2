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

__all__ = ["METRICS", "add_diffs", "domain_cells", "metric", "protocol_markdown", "run_protocol", "score_cells",
           "target"]


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
    # IFEval's own rules for these three checks (instructions_util-free)
    "capital": Metric(lambda t: t.isupper(), "change_case:english_capital"),
    "lowercase": Metric(lambda t: t.islower(), "change_case:english_lowercase"),
    "quotation": Metric(_quoted, "startend:quotation"),
}


def domain_cells(domain: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The domain's protocol cells ``((prompt source, (metric, ...)), ...)`` from the registry
    (:meth:`featurectl.domains.Domain.protocol_cells`); the first cell's first metric is the target."""
    return DOMAINS.require(domain).protocol_cells()


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
                 log: Callable[[str], None] = print) -> dict:
    """Generate ``n`` answers per prompt set and model, score every cell, and tabulate.

    ``policies`` maps row keys ("a", "b", "c", or any names) to a model or a run directory; run
    directories are loaded one at a time. ``cells`` overrides :func:`domain_cells`. Returns a
    JSON-ready dict: ``cells`` (one entry per (source, metric): label, per-model rates, diffs),
    ``target``, ``preference`` (general, and domain labelled apart), ``settings``.
    """
    from .generate import generate

    cells = cells or domain_cells(domain)
    max_new_tokens = max(max_new_tokens, DOMAINS.require(domain).protocol_min_tokens)
    sets = {src: _prompt_set(src, n, seed, root, log) for src, _ in cells}
    rates: dict[tuple[str, str], dict[str, dict]] = {}
    samples: dict[str, dict[str, list[str]]] = {}
    pref: dict[str, dict] = {"general": {}, "domain": {}}
    for key, policy in policies.items():
        model = _load(policy, log)
        for src, metrics in cells:
            ps = sets[src]
            gens = generate(model, tokenizer, [p["prompt"] for p in ps.prompts], temperature=temperature,
                            max_new_tokens=max_new_tokens, batch_size=batch_size, seed=seed)
            texts = [g.text for g in gens]
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
                     "batch_size": batch_size, "prompt_sets": {s: ps.label() for s, ps in sets.items()}},
        "samples": samples,
    }


def _pct(rate: Optional[dict]) -> str:
    if not rate or rate.get("rate") is None:
        return "–"
    lo, hi = rate["ci95"]
    return f"{100 * rate['rate']:.0f}% [{100 * lo:.0f}, {100 * hi:.0f}] ({rate['k']}/{rate['n']})"


def _pts(diff: Optional[dict]) -> str:
    if not diff or diff.get("diff") is None:
        return "–"
    lo, hi = diff["ci95"]
    return f"{100 * diff['diff']:+.1f} [{100 * lo:+.1f}, {100 * hi:+.1f}]"


def protocol_markdown(result: dict, labels: Optional[Mapping[str, str]] = None) -> str:
    """One table per protocol result: rows = cells and preference, columns = models, then (a)−(b)."""
    cells = result["cells"]
    keys = list(cells[0]["rates"]) if cells else list(result["preference"]["general"]["rates"])
    names = [f"({k}) {labels[k]}" if labels and k in labels else f"({k})" for k in keys]
    versus = [k for k in keys if k not in ("a", "c")] if "a" in keys else []
    t = result["target"]
    lines = [f"Targeted: **{t['metric']}** on `{t['prompt_set']}`. Rates with Wilson 95% intervals (k/n); "
             "differences in points with Newcombe 95% intervals.", "",
             "| capability | prompts (source) | " + " | ".join(names) + "".join(f" | (a)−({k})" for k in versus) + " |",
             "|---|---|" + "---|" * (len(keys) + len(versus))]
    for c in cells:
        metric = f"**{c['metric']}**" if (c["prompt_set"], c["metric"]) == (t["prompt_set"], t["metric"]) else c["metric"]
        lines.append(f"| {metric} | {c['source']} | " + " | ".join(_pct(c["rates"].get(k)) for k in keys)
                     + "".join(f" | {_pts(c['diffs'].get(f'a-{k}'))}" for k in versus) + " |")
    for name in ("general", "domain"):
        p = result["preference"][name]
        if p["rates"]:
            label = "preference accuracy, general held-out pairs" if name == "general" else \
                f"({result['domain']} pairs' accuracy: expected lower when the capability is off)"
            lines.append(f"| {label} | held-out pairs | " + " | ".join(_pct(p["rates"].get(k)) for k in keys)
                         + "".join(f" | {_pts(p['diffs'].get(f'a-{k}'))}" for k in versus) + " |")
    if any(c["fallback"] for c in cells):
        lines += ["", "WARNING: some prompt sets are fallbacks to featurectl's own corpora (benchmark data not "
                      "fetched: `featurectl data fetch-benchmarks`)."]
    return "\n".join(lines) + "\n"

"""`featurectl experiment control`: the paper's Table 4 (accurate control), reproducible.

Per domain D (json, french, safety, sentiment):

1. pairs that push toward D's capability (chosen = target answer, rejected = control
   answer to the same prompt; the shipped corpora, train split);
2. three runs on the same data, seed and budget:
   (a) FPO, no domain mask: D's features listed with beta 0, uniform elsewhere;
   (b) FPO with D's ``_off`` feature set (listed features pulled to zero);
   (c) the reference model, untrained;
3. control metrics for the targeted capability and every other one (with n and a
   Wilson 95% interval), plus held-out preference accuracy;
4. ``control_table.json`` (the app's Table-4 view), ``control_table.md`` and
   ``experiment.json`` with the goals checked and the gaps stated.

The ``_off`` set comes from ``feature_sets/<D>_off.yaml`` when it was made for this
model, SAE and hook; otherwise discovery runs first.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Any, Optional

from .console import RateEstimate, warn_if_busy
from .errors import ConfigError
from .io import write_json, write_jsonl, write_text
from .steps import StepTimer

DOMAINS = ("json", "french", "safety", "sentiment")
BUDGETS = {
    # steps, pairs, eval pairs, prompts per domain, new tokens, max_length, lr, discovery texts
    "small": dict(steps=12, n_pairs=48, n_eval_pairs=24, n_prompts=12, max_new_tokens=40, max_length=160,
                  learning_rate=2e-5, max_texts=160),
    "full": dict(steps=200, n_pairs=192, n_eval_pairs=48, n_prompts=48, max_new_tokens=64, max_length=256,
                 learning_rate=2e-5, max_texts=480),
}
# The committed feature set that switches each domain's capability off.
OFF_SET = {"json": "json_off", "french": "french_off", "safety": "safety_off", "sentiment": "positive_off"}
# Rates that are another view of the targeted capability (not side effects): attack success is
# 1 - refusal rate on the same harmful prompts.
COMPLEMENTS = {"safety": {"attack_success"}}
# The capability each domain's table measures: eval.json control[domain][key].
CAPABILITY_KEY = {"json": "json", "french": "french", "safety": "safety", "sentiment": "sentiment"}


@dataclasses.dataclass
class ExperimentOptions:
    domains: tuple[str, ...] = DOMAINS
    model: Optional[str] = None
    budget: str = "small"
    out: Path = Path("runs/experiments/control")
    seed: int = 0
    alpha: float = 0.5
    beta: float = 0.1
    off_beta: Optional[float] = None  # override beta of the listed features in (b)
    target: Optional[str] = None  # override target of the listed features in (b)
    suppress_weight: float = 0.0  # featurectl extension (fpo suppress_weight); 0 = paper FPO
    tiny: bool = False
    overrides: dict = dataclasses.field(default_factory=dict)

    def budget_values(self) -> dict[str, Any]:
        if self.budget not in BUDGETS:
            raise ConfigError(f"--budget must be one of {', '.join(BUDGETS)}, got {self.budget!r}")
        values = dict(BUDGETS[self.budget])
        if self.tiny:
            values.update(steps=2, n_pairs=8, n_eval_pairs=4, n_prompts=2, max_new_tokens=6, max_length=96,
                          max_texts=24, learning_rate=1e-3)
        values.update(self.overrides)
        return values


def _log(msg: str) -> None:
    print(f"[featurectl experiment] {msg}", file=sys.stderr, flush=True)


def _nomask_set(off_set, name: str):
    """(a): the same features listed with beta 0 (and the reference as target), uniform elsewhere."""
    feats = [f.model_copy(update={"beta": 0.0, "target": "reference"}) for f in off_set.features]
    return off_set.model_copy(update={"name": name, "features": feats,
                                      "description": f"{off_set.name} features with beta 0 (no domain mask)"})


def _off_feature_set(domain: str, model_name: str, sae_spec: dict, hook: str, model, tokenizer, info, sae, b: dict,
                     out: Path, tiny: bool):
    """The domain's _off set: a committed one made for this model/SAE/hook, else discovered now."""
    from .feature_sets import load_feature_set, resolve_feature_set_path

    if not tiny:
        try:
            fs = load_feature_set(str(resolve_feature_set_path(OFF_SET[domain])))
            if fs.model == model_name and fs.hook == hook and fs.sae == sae_spec and fs.features:
                _log(f"using the committed feature set {OFF_SET[domain]} ({len(fs.features)} features)")
                return fs, "committed"
        except Exception:
            pass
    from .corpora import corpus_sha256, load_corpus
    from .discovery import DiscoveryConfig, discover, examples_from_corpus
    from .discovery.collect import cap_examples

    examples = cap_examples(examples_from_corpus(load_corpus(domain)), b["max_texts"])
    cfg = DiscoveryConfig(max_length=b["max_length"], **({"min_auroc": 0.5, "heldout_min_auroc": 0.0} if tiny else {}))
    result = discover(model, tokenizer, sae, examples, name=f"{domain}_off", hook=hook, model_name=model_name,
                      config=cfg, domain=domain, sae_spec=sae_spec, model_sha256=info.weights_sha256,
                      corpus_sha256={domain: corpus_sha256(domain)}, log=_log)
    result.write(out / "discovery" / f"{domain}_off")
    if result.feature_set is None:
        raise ConfigError(f"discovery kept no {domain} feature; the experiment needs a non-empty _off set")
    return result.feature_set, "discovered"


def _metrics_row(ev: dict, domains: tuple[str, ...]) -> dict[str, dict]:
    control = ev.get("control") or {}
    row = {}
    for d in DOMAINS:
        entry = (control.get(d) or {}).get(CAPABILITY_KEY[d])
        if entry and d in domains or entry:
            row[d] = {k: entry[k] for k in ("rate", "n", "ci95")}
    for d, k in (("french", "german"), ("french", "italian"), ("safety", "attack_success")):
        entry = (control.get(d) or {}).get(k)
        if entry:
            row[k] = {x: entry[x] for x in ("rate", "n", "ci95")}
    return row


def _goals(domain: str, rows: dict[str, dict], pref: dict[str, Optional[float]]) -> dict[str, Any]:
    """The issue's three goals, checked; each says by how much it was met or missed."""
    a, b = rows["a"], rows["b"]
    ta, tb = a.get(domain, {}).get("rate"), b.get(domain, {}).get("rate")
    out: dict[str, Any] = {}
    if ta is not None and tb is not None:
        ratio = (ta / tb) if tb > 0 else (float("inf") if ta > 0 else None)
        out["targeted_reduction"] = {"a": ta, "b": tb, "ratio_a_over_b": ratio, "goal": ">= 10x",
                                     "met": bool(ratio is not None and ratio >= 10)}
    moves = {}
    for k in sorted(set(a) & set(b)):
        if k == domain or k in COMPLEMENTS.get(domain, ()):
            continue
        moves[k] = round(100 * (b[k]["rate"] - a[k]["rate"]), 2)
    out["non_targeted_moves_points"] = {"moves": moves, "goal": "|move| <= 5 points",
                                        "met": all(abs(v) <= 5 for v in moves.values())}
    if pref.get("a") is not None and pref.get("b") is not None:
        diff = round(100 * (pref["b"] - pref["a"]), 2)
        out["preference_accuracy"] = {"a": pref["a"], "b": pref["b"], "diff_points": diff,
                                      "goal": "|diff| <= 2 points", "met": abs(diff) <= 2}
    return out


def run_control_experiment(opts: ExperimentOptions) -> Path:
    from .config import parse_run_config
    from .data import builtin_rows
    from .evaluation.run_eval import EvalOptions, evaluate_run, reference_run_dir
    from .feature_sets import save_feature_set
    from .models import DEFAULT_MODEL, load_model
    from .sae import DEFAULT_SAE, load_sae, random_sae_dir
    from .train import prepare, run_training

    b = opts.budget_values()
    for d in opts.domains:
        if d not in DOMAINS:
            raise ConfigError(f"unknown domain {d!r}; use one of {', '.join(DOMAINS)} or 'all'")
    out = opts.out
    out.mkdir(parents=True, exist_ok=True)
    steps = StepTimer("featurectl experiment")
    warn_if_busy(_log)

    with steps.step("load model and SAE") as rec:
        if opts.tiny:
            model_name, hook = "tiny-llama", "blocks.1.hook_resid_post"
            sae_spec = random_sae_dir(out / "sae", 64, 128, hook=hook, seed=opts.seed)
        else:
            model_name = opts.model or DEFAULT_MODEL
            if model_name not in DEFAULT_SAE:
                raise ConfigError(f"no built-in SAE for {model_name!r}: the control experiment needs one")
            sae_spec = {"path": DEFAULT_SAE[model_name]}
            hook = None
        sae = load_sae(sae_spec, hook=hook)
        hook = sae.hook_name
        model, tokenizer, info = load_model(model_name)
        rec.summary = f"{model_name}, SAE {sae_spec['path']} at {hook}"

    eval_domains = list(DOMAINS)
    ref_eval: Optional[dict] = None
    tables, details = [], {}
    eta = RateEstimate("experiment", len(opts.domains), unit="domain", after=1, log=_log)
    for n_done, domain in enumerate(opts.domains):
        eta.update(n_done)  # after the first domain: how long the others take
        ddir = out / domain
        ddir.mkdir(parents=True, exist_ok=True)
        with steps.step(f"{domain}: pairs and feature sets") as rec:
            train_rows = builtin_rows(domain)[: b["n_pairs"]]
            eval_rows = builtin_rows(f"{domain}:heldout")[: b["n_eval_pairs"]]
            pairs, eval_pairs = ddir / "pairs.jsonl", ddir / "eval_pairs.jsonl"
            write_jsonl(pairs, train_rows)
            write_jsonl(eval_pairs, eval_rows)
            off, origin = _off_feature_set(domain, model_name, sae_spec, hook, model, tokenizer, info, sae, b, ddir,
                                           opts.tiny)
            updates = {}
            if opts.off_beta is not None:
                updates["beta"] = opts.off_beta
            if opts.target is not None:
                updates["target"] = opts.target
            if updates:
                off = off.model_copy(update={"features": [f.model_copy(update=updates) for f in off.features]})
            off_path = save_feature_set(off, ddir / f"{domain}_off.yaml")
            nomask_path = save_feature_set(_nomask_set(off, f"{domain}_nomask"), ddir / f"{domain}_nomask.yaml")
            rec.summary = f"{len(train_rows)} pairs, {len(off.features)} {origin} features"

        cfgs = {}
        for key, fs_path in (("a", nomask_path), ("b", off_path)):
            raw = {
                "name": f"{domain}_{key}",
                "method": "fpo",
                "loss": {"beta": opts.beta, "alpha": opts.alpha, "top_k": off.top_k,
                         "suppress_weight": opts.suppress_weight},
                "model": {"name": model_name},
                "saes": [{"sae": sae_spec, "hook": hook, "feature_set": str(fs_path)}],
                "data": {"train": str(pairs), "eval": str(eval_pairs), "max_prompt_length": b["max_length"] // 2,
                         "max_length": b["max_length"]},
                "reference": {"cache_dir": str(out / "refcache")},
                "train": {"learning_rate": b["learning_rate"], "max_steps": b["steps"], "warmup_steps": 0,
                          "per_device_train_batch_size": 2, "logging_steps": 1, "save_steps": b["steps"],
                          "save_total_limit": 1, "seed": opts.seed, "logps_chunk_size": 512},
                "output_dir": str(ddir / f"run_{key}"),
            }
            cfgs[key] = parse_run_config(raw, f"experiment:{domain}:{key}")
        for key, cfg in cfgs.items():
            if json.loads((cfg.run_dir / "summary.json").read_text()).get("status") == "finished" \
                    if (cfg.run_dir / "summary.json").exists() else False:
                _log(f"{cfg.run_dir} already finished; skipping")
                continue
            with steps.step(f"{domain}: train ({key})") as rec:
                fresh, _, _ = load_model(model_name)
                prep = prepare(cfg, model=fresh, tokenizer=tokenizer, model_info=info)
                run_training(cfg, prepared=prep, resume=(cfg.run_dir / "checkpoints").exists())
                s = json.loads((cfg.run_dir / "summary.json").read_text())
                rec.summary = f"{s['steps']} steps, loss {s.get('train_loss', float('nan')):.4f}"

        eval_opts = EvalOptions(pairs=str(eval_pairs), n_pairs=b["n_eval_pairs"], n_prompts=b["n_prompts"],
                                n_diversity=0, temperatures=[], temperature=0.7, domains=eval_domains,
                                max_new_tokens=b["max_new_tokens"], gen_batch_size=8, seed=opts.seed)
        with steps.step(f"{domain}: evaluate") as rec:
            reference = model  # still untrained: both runs trained fresh copies
            evs = {key: evaluate_run(cfg.run_dir, eval_opts, reference=reference, log=_log, print_table=False)
                   for key, cfg in cfgs.items()}
            ref_dir = reference_run_dir(ddir / "reference", cfgs["a"].run_dir / "config.yaml", model_name)
            if ref_eval is None:
                ref_eval = evaluate_run(ref_dir, eval_opts, policy=reference, tokenizer=tokenizer,
                                        reference=reference, log=_log, print_table=False)
                ref_eval_domain = ref_eval
            else:
                # control metrics are the same prompts for every domain; only the held-out pairs differ
                ref_eval_domain = evaluate_run(ref_dir, eval_opts.model_copy(update={"n_prompts": 0}),
                                               policy=reference, tokenizer=tokenizer, reference=reference,
                                               log=_log, print_table=False)
                ref_eval_domain["control"] = ref_eval.get("control")
            evs["c"] = ref_eval_domain
            rows = {k: _metrics_row(v, tuple(eval_domains)) for k, v in evs.items()}
            pref = {k: (v.get("preference") or {}).get("accuracy") for k, v in evs.items()}
            rec.summary = ", ".join(f"({k}) {domain} {rows[k].get(domain, {}).get('rate')}" for k in "abc")

        settings = {"a": "FPO, no mask (beta 0 on the domain features)", "b": f"FPO, {off.name} set",
                    "c": "reference (untrained)"}
        tables.append({
            "domain": domain,
            "targeted": domain,
            "non_targeted": [k for k in rows["a"] if k != domain and k not in COMPLEMENTS.get(domain, ())],
            "rows": [{"key": k, "setting": settings[k],
                      "run": str(cfgs[k].run_dir) if k in cfgs else None,
                      "feature_set": off.name if k == "b" else (f"{domain}_nomask" if k == "a" else None),
                      "metrics": rows[k]} for k in "abc"],
        })
        details[domain] = {"goals": _goals(domain, rows, pref), "preference_accuracy": pref,
                           "n_features": len(off.features), "feature_origin": origin,
                           "n_train_pairs": len(train_rows), "n_eval_pairs": len(eval_rows)}

    table = {"format": "featurectl.control_table/1", "title": f"FPO accurate control ({opts.budget} budget)",
             "model": model_name, "domains": tables,
             "notes": f"budget {opts.budget}: {b}; seed {opts.seed}; alpha {opts.alpha}; beta {opts.beta}; "
                      f"suppress_weight {opts.suppress_weight}"}
    write_json(out / "control_table.json", table)
    write_text(out / "control_table.md", control_table_markdown(table, details, steps))
    write_json(out / "experiment.json", {"budget": opts.budget, "budget_values": b, "model": model_name,
                                         "domains": details, "steps": steps.as_rows(), "total_s": steps.total})
    print(f"table: {out / 'control_table.md'}")
    print(f"browse it: featurectl app --runs {out}")
    return out / "control_table.json"


def _cell(entry: Optional[dict]) -> str:
    if not entry:
        return "–"
    lo, hi = entry["ci95"]
    return f"{100 * entry['rate']:.0f}% [{100 * lo:.0f}, {100 * hi:.0f}]"


def control_table_markdown(table: dict, details: dict, steps: StepTimer) -> str:
    lines = [f"# {table['title']}", "", f"Model: {table['model']}. {table['notes']}", "",
             "Rates with Wilson 95% intervals; n generations per cell as in the JSON.", ""]
    for dom in table["domains"]:
        present = set().union(*(r["metrics"] for r in dom["rows"]))
        caps = [dom["targeted"]] + sorted(COMPLEMENTS.get(dom["targeted"], set()) & present) + dom["non_targeted"]
        lines += [f"## {dom['domain']}", "",
                  "| run | " + " | ".join(("**" + c + "**") if c == dom["targeted"] else c for c in caps)
                  + " | pref. acc |",
                  "|---|" + "---|" * (len(caps) + 1)]
        pref = details[dom["domain"]]["preference_accuracy"]
        for row in dom["rows"]:
            acc = pref.get(row["key"])
            lines.append(f"| ({row['key']}) {row['setting']} | "
                         + " | ".join(_cell(row["metrics"].get(c)) for c in caps)
                         + f" | {'–' if acc is None else f'{100 * acc:.0f}%'} |")
        lines.append("")
        for name, goal in details[dom["domain"]]["goals"].items():
            lines.append(f"- {name}: {'met' if goal.get('met') else 'MISSED'} — "
                         + json.dumps({k: v for k, v in goal.items() if k != 'met'}))
        lines.append("")
    lines += ["## Steps", "", steps.markdown(), ""]
    return "\n".join(lines)

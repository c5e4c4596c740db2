"""`featurectl demo`: the whole pipeline, offline, on the embedded default model.

1. preference pairs (French chosen over English, from the shipped corpora)
2. the shipped SAE
3. discover French features -> french_off feature set
4. reference cache (one pass, reused by both runs)
5. train a uniform-beta FPO run and a french_off FPO run
6. evaluate both against the untrained reference
7. runs/demo/report.md with a results table and plotly figures
8. print where it is and how to browse it

``--tiny`` runs the same code on a tiny random model and a random SAE (CI).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
from pathlib import Path
from typing import Any, Optional

from .io import write_json, write_jsonl, write_text
from .steps import StepTimer


@dataclasses.dataclass
class DemoOptions:
    out: Path = Path("runs/demo")
    tiny: bool = False
    domain: str = "french"
    n_pairs: int = 48
    n_eval_pairs: int = 16
    steps: int = 16
    batch_size: int = 2
    learning_rate: float = 5e-6
    alpha: float = 0.5
    beta: float = 0.1
    max_texts: int = 160
    n_prompts: int = 16
    max_new_tokens: int = 40
    max_length: int = 160
    seed: int = 0
    force: bool = False


def _log(msg: str) -> None:
    print(f"[featurectl demo] {msg}", file=sys.stderr, flush=True)


def _model_and_sae(opts: DemoOptions, out: Path):
    """(model name, sae spec, hook) for the default or the tiny demo."""
    if not opts.tiny:
        from .models import DEFAULT_MODEL
        from .sae import DEFAULT_SAE, load_sae

        spec = {"path": DEFAULT_SAE[DEFAULT_MODEL]}
        return DEFAULT_MODEL, spec, load_sae(spec).hook_name
    from .sae import random_sae_dir

    hook = "blocks.1.hook_resid_post"
    return "tiny-llama", random_sae_dir(out / "sae", 64, 128, hook=hook, seed=opts.seed), hook


def _run_config(opts: DemoOptions, *, name: str, model: str, sae: dict, hook: str, pairs: Path, eval_pairs: Path,
                feature_set: Optional[Path], cache_dir: Path) -> dict[str, Any]:
    att: dict[str, Any] = {"sae": sae, "hook": hook}
    if feature_set is not None:
        att["feature_set"] = str(feature_set)
    return {
        "name": name,
        "method": "fpo",
        "loss": {"beta": opts.beta, "alpha": opts.alpha, "top_k": 32},
        "model": {"name": model},
        "saes": [att],
        "data": {"train": str(pairs), "eval": str(eval_pairs), "max_prompt_length": opts.max_length // 2,
                 "max_length": opts.max_length},
        "reference": {"cache_dir": str(cache_dir)},
        "train": {"learning_rate": opts.learning_rate, "max_steps": opts.steps, "warmup_steps": 2,
                  "per_device_train_batch_size": opts.batch_size, "logging_steps": 1,
                  "save_steps": max(opts.steps, 1), "save_total_limit": 1, "seed": opts.seed,
                  "logps_chunk_size": 512},
        "output_dir": str(opts.out / name),
    }


def run_demo(opts: DemoOptions) -> Path:
    import torch

    from .config import parse_run_config
    from .data import builtin_rows
    from .discovery import DiscoveryConfig, discover, examples_from_corpus, write_feature_set
    from .discovery.collect import cap_examples
    from .evaluation.run_eval import EvalOptions, evaluate_run, reference_run_dir
    from .models import load_model
    from .refcache import ensure_cache
    from .sae import load_sae
    from .train import prepare, run_training

    out = opts.out
    if out.exists() and opts.force:
        shutil.rmtree(out)
    for sub in ("uniform_fpo", f"{opts.domain}_off_fpo"):
        if (out / sub / "metrics.jsonl").exists():
            from .errors import ConfigError

            raise ConfigError(f"{out / sub} already holds a run; pass --force to start the demo over")
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(opts.seed)
    steps = StepTimer("featurectl demo")
    facts: dict[str, Any] = {"tiny": opts.tiny, "domain": opts.domain}

    with steps.step("preference pairs") as rec:
        train_rows = builtin_rows(opts.domain)[: opts.n_pairs]
        eval_rows = builtin_rows(f"{opts.domain}:heldout")[: opts.n_eval_pairs]
        pairs = write_jsonl(out / "data" / "pairs.jsonl", train_rows)
        eval_pairs = write_jsonl(out / "data" / "eval_pairs.jsonl", eval_rows)
        write_text(out / "data" / "pairs.card.md", (
            f"# demo pairs\n\n{len(train_rows)} train and {len(eval_rows)} held-out pairs from the shipped "
            f"`{opts.domain}` corpus (featurectl-authored): chosen = the {opts.domain} answer, rejected = the "
            "control answer to the same prompt. They push the policy toward the capability, so a mask that "
            "holds it back is visible.\n"))
        rec.summary = f"{len(train_rows)} train / {len(eval_rows)} held-out {opts.domain} pairs"
        facts.update(n_train_pairs=len(train_rows), n_eval_pairs=len(eval_rows))

    with steps.step("load model and SAE") as rec:
        model_name, sae_spec, hook = _model_and_sae(opts, out)
        model, tokenizer, info = load_model(model_name)
        sae = load_sae(sae_spec, hook=hook)
        rec.summary = f"{model_name} + SAE {sae_spec['path']} (d_sae {sae.d_sae}) at {hook}"
        facts.update(model=model_name, sae=sae_spec, hook=hook, d_sae=sae.d_sae)

    with steps.step(f"discover {opts.domain} features") as rec:
        from .corpora import corpus_sha256, load_corpus

        examples = cap_examples(examples_from_corpus(load_corpus(opts.domain)), opts.max_texts)
        dcfg = DiscoveryConfig(top=50, max_length=opts.max_length, progress=True,
                               **({"min_auroc": 0.5, "heldout_min_auroc": 0.0} if opts.tiny else {}))
        result = discover(model, tokenizer, sae, examples, name=f"{opts.domain}_off", hook=hook,
                          model_name=model_name, config=dcfg, domain=opts.domain, sae_spec=sae_spec,
                          model_sha256=info.weights_sha256,
                          corpus_sha256={opts.domain: corpus_sha256(opts.domain)}, log=_log)
        result.write(out / "discovery" / f"{opts.domain}_off")
        if result.feature_set is None:
            from .errors import FeaturectlError

            raise FeaturectlError(f"discovery kept no {opts.domain} feature; nothing to mask")
        fs_path = write_feature_set(result, out / "feature_sets" / f"{opts.domain}_off.yaml")
        auroc = result.summary.get("heldout_set_auroc")
        rec.summary = (f"{len(result.selected)} features kept of {len(result.candidates)} candidates; "
                       f"held-out AUROC of the set {auroc if auroc is None else round(auroc, 3)}")
        facts.update(n_features=len(result.selected), heldout_set_auroc=auroc,
                     top_features=[{"index": f.index, "label": f.label, **f.scores}
                                   for f in result.feature_set.features[:10]])

    cache_dir = out / "refcache"
    runs = {
        "uniform_fpo": None,
        f"{opts.domain}_off_fpo": fs_path,
    }
    cfgs = {name: parse_run_config(_run_config(opts, name=name, model=model_name, sae=sae_spec, hook=hook,
                                               pairs=pairs, eval_pairs=eval_pairs, feature_set=fs,
                                               cache_dir=cache_dir), "demo")
            for name, fs in runs.items()}

    preps = {}
    with steps.step("cache the reference") as rec:
        parts = []
        for name, cfg in cfgs.items():
            prep = prepare(cfg, model=model, tokenizer=tokenizer, model_info=info)
            cached = ensure_cache(prep, log=_log)
            preps[name] = prep
            parts.append(f"{name}: {getattr(cached, 'directory', cache_dir)}")
        rec.summary = f"{len({p.split(': ', 1)[1] for p in parts})} reference pass(es) served {len(preps)} runs"

    for name, cfg in cfgs.items():
        with steps.step(f"train {name} ({opts.steps} steps)") as rec:
            fresh, _, _ = load_model(model_name)
            prep = dataclasses.replace(preps[name], model=fresh)
            run_dir = run_training(cfg, prepared=prep)
            summary = json.loads((run_dir / "summary.json").read_text())
            final = summary.get("final", {})
            rec.summary = (f"loss {final.get('loss', float('nan')):.4f}, reward acc "
                           f"{final.get('rewards/accuracies', float('nan')):.2f}, "
                           f"{summary.get('mean_step_time_s') or 0:.2f} s/step")

    eval_opts = EvalOptions(pairs=str(eval_pairs), n_pairs=opts.n_eval_pairs, n_prompts=opts.n_prompts,
                            n_diversity=opts.n_prompts, temperatures=[], temperature=0.7,
                            domains=[opts.domain, "json"] if not opts.tiny else [opts.domain],
                            max_new_tokens=opts.max_new_tokens, gen_batch_size=8, seed=opts.seed)
    evals: dict[str, dict] = {}
    with steps.step("evaluate") as rec:
        ref_dir = reference_run_dir(out / "reference", out / "uniform_fpo" / "config.yaml", model_name)
        reference = model  # still untrained: every run trained a fresh copy
        evals["reference"] = evaluate_run(ref_dir, eval_opts, policy=reference, tokenizer=tokenizer,
                                          reference=reference, log=_log, print_table=False)
        for name in cfgs:
            evals[name] = evaluate_run(out / name, eval_opts, reference=reference, log=_log, print_table=False)
        rec.summary = "; ".join(f"{n}: {_headline(e, opts.domain)}" for n, e in evals.items())

    with steps.step("report") as rec:
        from .report import write_demo_report

        path = write_demo_report(out, opts, facts, evals, steps, list(cfgs))
        rec.summary = str(path)
    write_json(out / "demo_summary.json", {"facts": facts, "steps": steps.as_rows(), "total_s": steps.total})
    write_text(out / "report.md", (out / "report.md").read_text().replace("{{STEPS}}", steps.markdown()))
    print(f"\nreport: {out / 'report.md'}")
    print(f"browse it: featurectl app --runs {out}")
    return out / "report.md"


def _headline(ev: dict, domain: str) -> str:
    ctl = (ev.get("control") or {}).get(domain) or {}
    key = next(iter(ctl), None)
    rate = ctl.get(key, {}).get("rate") if key else None
    acc = (ev.get("preference") or {}).get("accuracy")
    parts = []
    if rate is not None:
        parts.append(f"{domain} rate {rate:.2f}")
    if acc is not None:
        parts.append(f"pref acc {acc:.2f}")
    return ", ".join(parts) or "done"

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
import shutil
import sys
from pathlib import Path
from typing import Any, Optional

import torch

from ..config import parse_run_config
from ..console import warn_if_busy
from ..corpora import corpus_sha256, load_corpus
from ..data import builtin_rows
from ..discovery import DiscoveryConfig, cap_examples, discover, examples_from_corpus, write_feature_set
from ..errors import ConfigError, FeaturectlError
from ..evaluation.run_eval import EvalOptions
from ..evaluation.tables import results_table
from ..io import write_json, write_jsonl, write_text
from ..models import DEFAULT_MODEL, load_model
from ..report import write_demo_report
from ..rundir import REPORT, RunDir
from ..sae import DEFAULT_SAE, load_sae, random_sae_dir
from .common import StageNames, UntrainedModel, evaluate_reference, train_and_evaluate
from .stages import StageTimer


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
        spec = {"path": DEFAULT_SAE[DEFAULT_MODEL]}
        return DEFAULT_MODEL, spec, load_sae(spec).hook_name
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


def _pairs(opts: DemoOptions, out: Path, facts: dict) -> tuple[Path, Path, str]:
    """Write the train and held-out pairs of the demo's domain (and their card); return the paths."""
    train_rows = builtin_rows(opts.domain)[: opts.n_pairs]
    eval_rows = builtin_rows(f"{opts.domain}:heldout")[: opts.n_eval_pairs]
    pairs = write_jsonl(out / "data" / "pairs.jsonl", train_rows)
    eval_pairs = write_jsonl(out / "data" / "eval_pairs.jsonl", eval_rows)
    write_text(out / "data" / "pairs.card.md", (
        f"# demo pairs\n\n{len(train_rows)} train and {len(eval_rows)} held-out pairs from the shipped "
        f"`{opts.domain}` corpus (featurectl-authored): chosen = the {opts.domain} answer, rejected = the "
        "control answer to the same prompt. They push the policy toward the capability, so a mask that "
        "holds it back is visible.\n"))
    facts.update(n_train_pairs=len(train_rows), n_eval_pairs=len(eval_rows))
    return pairs, eval_pairs, f"{len(train_rows)} train / {len(eval_rows)} held-out {opts.domain} pairs"


def _discover(opts: DemoOptions, out: Path, base: UntrainedModel, sae, sae_spec: dict, hook: str,
              facts: dict) -> tuple[Path, str]:
    """Discover the domain's features on its corpus and write the ``<domain>_off`` feature set."""
    examples = cap_examples(examples_from_corpus(load_corpus(opts.domain)), opts.max_texts)
    dcfg = DiscoveryConfig(top=50, max_length=opts.max_length, progress=True,
                           **({"min_auroc": 0.5, "heldout_min_auroc": 0.0} if opts.tiny else {}))
    result = discover(base.model, base.tokenizer, sae, examples, name=f"{opts.domain}_off", hook=hook,
                      model_name=base.name, config=dcfg, domain=opts.domain, sae_spec=sae_spec,
                      model_sha256=base.info.weights_sha256,
                      corpus_sha256={opts.domain: corpus_sha256(opts.domain)}, log=_log)
    result.write(out / "discovery" / f"{opts.domain}_off")
    if result.feature_set is None:
        raise FeaturectlError(f"discovery kept no {opts.domain} feature; nothing to mask")
    fs_path = write_feature_set(result, out / "feature_sets" / f"{opts.domain}_off.yaml")
    auroc = result.summary.get("heldout_set_auroc")
    facts.update(n_features=len(result.selected), heldout_set_auroc=auroc,
                 top_features=[{"index": f.index, "label": f.label, **f.scores}
                               for f in result.feature_set.features[:10]])
    return fs_path, (f"{len(result.selected)} features kept of {len(result.candidates)} candidates; "
                     f"held-out AUROC of the set {auroc if auroc is None else round(auroc, 3)}")


def _start(opts: DemoOptions) -> Path:
    out = opts.out
    if out.exists() and opts.force:
        shutil.rmtree(out)
    for sub in ("uniform_fpo", f"{opts.domain}_off_fpo"):
        if RunDir(out / sub).metrics.exists():
            raise ConfigError(f"{out / sub} already holds a run; pass --force to start the demo over")
    out.mkdir(parents=True, exist_ok=True)
    return out


def run_demo(opts: DemoOptions) -> Path:
    out = _start(opts)
    warn_if_busy(_log)
    torch.manual_seed(opts.seed)
    stages = StageTimer("featurectl demo")
    facts: dict[str, Any] = {"tiny": opts.tiny, "domain": opts.domain}
    with stages.stage("preference pairs") as rec:
        pairs, eval_pairs, rec.summary = _pairs(opts, out, facts)
    with stages.stage("load model and SAE") as rec:
        model_name, sae_spec, hook = _model_and_sae(opts, out)
        base = UntrainedModel(model_name, *load_model(model_name))
        sae = load_sae(sae_spec, hook=hook)
        rec.summary = f"{model_name} + SAE {sae_spec['path']} (d_sae {sae.d_sae}) at {hook}"
        facts.update(model=model_name, sae=sae_spec, hook=hook, d_sae=sae.d_sae)
    with stages.stage(f"discover {opts.domain} features") as rec:
        fs_path, rec.summary = _discover(opts, out, base, sae, sae_spec, hook, facts)
    runs = {"uniform_fpo": None, f"{opts.domain}_off_fpo": fs_path}
    cfgs = {name: parse_run_config(_run_config(opts, name=name, model=model_name, sae=sae_spec, hook=hook,
                                               pairs=pairs, eval_pairs=eval_pairs, feature_set=fs,
                                               cache_dir=out / "refcache"), "demo")
            for name, fs in runs.items()}
    eval_opts = EvalOptions(pairs=str(eval_pairs), n_pairs=opts.n_eval_pairs, n_prompts=opts.n_prompts,
                            n_diversity=opts.n_prompts, temperatures=[], temperature=0.7,
                            domains=[opts.domain, "json"] if not opts.tiny else [opts.domain],
                            max_new_tokens=opts.max_new_tokens, gen_batch_size=8, seed=opts.seed)
    names = StageNames(train=f"train {{name}} ({opts.steps} steps)")
    evals = train_and_evaluate(
        cfgs, eval_opts, stages=stages, log=_log, base=base, names=names,
        reference_eval=lambda _: evaluate_reference(out / "reference", RunDir(out / "uniform_fpo").config, base,
                                                    eval_opts, _log))
    with stages.stage("report") as rec:
        path = write_demo_report(out, opts, facts, evals, stages, list(cfgs))
        rec.summary = str(path)
    write_json(out / "demo_summary.json", {"facts": facts, "steps": stages.as_rows(), "total_s": stages.total})
    write_text(out / REPORT, (out / REPORT).read_text().replace("{{STEPS}}", stages.markdown()))
    print("\n" + results_table([out / "reference", *(out / name for name in cfgs)], title="demo results"))
    print(f"\nreport: {out / REPORT}")
    print(f"browse it: featurectl app --runs {out}")
    return out / REPORT

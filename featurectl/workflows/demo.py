"""`featurectl demo`: the whole pipeline, offline, on the embedded default model.

1. preference pairs: general helpful pairs mixed 1:1 with pairs that teach French (French chosen
   over English), from the shipped data (:func:`featurectl.mixing.builtin_mix`)
2. the shipped SAE
3. discover French features -> french_off feature set
4. reference cache (one pass serves both runs)
5. train a uniform-beta FPO run and a french_off FPO run (same data, seed and budget; the listed
   features are constrained on both responses, ``loss.listed_both_sides``)
6. evaluate both against the untrained reference, then the control protocol: n answers per model to
   AlpacaEval instructions (or the shipped corpora, labelled, when the benchmark data is not
   fetched), language rates with Wilson 95% intervals, (a)-(b) differences with Newcombe intervals,
   general preference accuracy on held-out helpful pairs
7. runs/demo/report.md, protocol.json and control_table.json (the app's Control page)
8. print the results and how to browse them

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
from ..discovery import DiscoveryConfig, cap_examples, discover, examples_from_corpus, write_feature_set
from ..errors import ConfigError, FeaturectlError
from ..evaluation.protocol import protocol_markdown, run_protocol
from ..evaluation.run_eval import EvalOptions
from ..evaluation.tables import results_table
from ..io import write_json, write_text
from ..mixing import builtin_mix
from ..models import DEFAULT_MODEL, load_model
from ..report import write_demo_report
from ..rundir import CONTROL_TABLE, REPORT, RunDir
from ..sae import DEFAULT_SAE, load_sae, random_sae_dir
from .common import StageNames, UntrainedModel, evaluate_reference, train_and_evaluate
from .protocol_table import protocol_block, protocol_summary
from .stages import StageTimer


@dataclasses.dataclass
class DemoOptions:
    out: Path = Path("runs/demo")
    tiny: bool = False
    domain: str = "french"
    n_pairs: int = 48  # capability pairs; as many general helpful pairs again (mix_ratio 1)
    n_eval_pairs: int = 40  # held-out general pairs (preference accuracy) and held-out domain pairs
    mix_ratio: float = 1.0  # general pairs per capability pair
    steps: int = 40
    batch_size: int = 2
    learning_rate: float = 4e-5
    listed_both_sides: bool = True
    n_protocol: int = 100  # answers per model in the control protocol
    protocol_tokens: int = 24
    alpha: float = 0.5
    beta: float = 0.1
    max_texts: int = 160
    n_prompts: int = 0  # eval's own control prompts per domain (the protocol measures control)
    max_new_tokens: int = 40
    max_length: int = 160
    seed: int = 0
    force: bool = False


#: Row labels of the demo's protocol table.
PROTOCOL_LABELS = {"a": "uniform FPO", "b": "FPO + _off set", "c": "reference"}


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
        "loss": {"beta": opts.beta, "alpha": opts.alpha, "top_k": 32, "listed_both_sides": opts.listed_both_sides},
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


def _pairs(opts: DemoOptions, out: Path, facts: dict):
    """Mix general helpful pairs with pairs that teach the domain (chosen uses it, rejected does not),
    write them with their card; return (the mix, its paths, a summary line)."""
    mix = builtin_mix(opts.domain, ratio=opts.mix_ratio, n_domain=opts.n_pairs, n_heldout_general=opts.n_eval_pairs,
                      n_heldout_domain=opts.n_eval_pairs, seed=opts.seed)
    paths = mix.write(out / "data")
    write_text(out / "data" / "pairs.card.md", (
        f"# demo pairs\n\n{len(mix.train)} training pairs from featurectl's shipped data: general helpful "
        f"pairs mixed with `{opts.domain}` pairs (chosen = the {opts.domain} answer, rejected = the control answer "
        f"to the same prompt), {opts.mix_ratio:g} general per {opts.domain} pair ({paths['stats'].name}). "
        f"Held out: {len(mix.heldout_general)} general pairs (preference accuracy) and "
        f"{len(mix.heldout_domain)} {opts.domain} pairs (reported apart: a run that does not learn "
        f"{opts.domain} is expected to score lower on them).\n"))
    facts.update(n_train_pairs=len(mix.train), n_eval_pairs=len(mix.heldout_general), mix=mix.stats)
    return mix, paths, (f"{len(mix.train)} train pairs ({mix.stats.get('n_domain')} {opts.domain} + "
                        f"{mix.stats.get('n_general')} general), {len(mix.heldout_general)} held-out general")


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


def _protocol(opts: DemoOptions, out: Path, base: UntrainedModel, mix, fs_path: Path, stages: StageTimer) -> dict:
    """The control protocol over (a) uniform FPO, (b) the _off run and (c) the reference; writes
    protocol.json and control_table.json and returns the protocol result."""
    off = f"{opts.domain}_off_fpo"
    with stages.stage(f"control protocol ({opts.n_protocol} prompts x 3 models)") as rec:
        result = run_protocol({"a": out / "uniform_fpo", "b": out / off, "c": base.model}, base.tokenizer, opts.domain,
                              n=opts.n_protocol, max_new_tokens=opts.protocol_tokens, seed=opts.seed,
                              heldout_general=mix.heldout_general, heldout_domain=mix.heldout_domain,
                              max_length=opts.max_length, log=_log)
        write_json(out / "protocol.json", result)
        rows = {"a": {"setting": "FPO, uniform β (no listed features)", "run": str(out / "uniform_fpo"),
                      "feature_set": None},
                "b": {"setting": f"FPO, {fs_path.stem} set, listed features on both responses", "run": str(out / off),
                      "feature_set": fs_path.stem},
                "c": {"setting": "reference (untrained)", "run": str(out / "reference"), "feature_set": None}}
        write_json(out / CONTROL_TABLE, {
            "format": "featurectl.control_table/1", "title": "featurectl demo: does the mask hold?",
            "model": base.name, "domains": [protocol_block(result, rows)],
            "notes": f"{opts.steps} steps per run on the same mixed data and seed; {opts.n_protocol} greedy answers "
                     f"of at most {opts.protocol_tokens} tokens per model; Wilson 95% intervals."})
        rec.summary = protocol_summary(result)
    return result


def run_demo(opts: DemoOptions) -> Path:
    out = _start(opts)
    warn_if_busy(_log)
    torch.manual_seed(opts.seed)
    stages = StageTimer("featurectl demo")
    facts: dict[str, Any] = {"tiny": opts.tiny, "domain": opts.domain}
    with stages.stage("preference pairs") as rec:
        mix, paths, rec.summary = _pairs(opts, out, facts)
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
                                               pairs=paths["train"], eval_pairs=paths["heldout_general"],
                                               feature_set=fs, cache_dir=out / "refcache"), "demo")
            for name, fs in runs.items()}
    eval_opts = EvalOptions(pairs=str(paths["heldout_general"]), n_pairs=opts.n_eval_pairs, n_prompts=opts.n_prompts,
                            n_diversity=opts.n_prompts, temperatures=[], temperature=0.7,
                            domains=[opts.domain, "json"] if not opts.tiny else [opts.domain],
                            max_new_tokens=opts.max_new_tokens, gen_batch_size=8, seed=opts.seed)
    names = StageNames(train=f"train {{name}} ({opts.steps} steps)")
    evals = train_and_evaluate(
        cfgs, eval_opts, stages=stages, log=_log, base=base, names=names,
        reference_eval=lambda _: evaluate_reference(out / "reference", RunDir(out / "uniform_fpo").config, base,
                                                    eval_opts, _log))
    protocol = _protocol(opts, out, base, mix, fs_path, stages)
    with stages.stage("report") as rec:
        path = write_demo_report(out, opts, facts, evals, stages, list(cfgs), protocol)
        rec.summary = str(path)
    write_json(out / "demo_summary.json", {"facts": facts, "steps": stages.as_rows(), "total_s": stages.total})
    write_text(out / REPORT, (out / REPORT).read_text().replace("{{STEPS}}", stages.markdown()))
    print("\n" + results_table([out / "reference", *(out / name for name in cfgs)], title="demo results"))
    print("\ndoes the mask hold? (control protocol)\n" + protocol_markdown(protocol, PROTOCOL_LABELS))
    print(f"report: {out / REPORT}")
    print(f"browse it: featurectl app --runs {out}")
    return out / REPORT

"""`featurectl experiment control`: the paper's Table 4 (accurate control), reproducible.

Per domain D (every registered domain: json, french, safety, sentiment):

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

The ``_off`` set (``Domain.off_set``) comes from ``feature_sets/<off_set>.yaml`` when it
was made for this model, SAE and hook; otherwise discovery runs first. Each domain's runs go
through :func:`featurectl.workflows.common.train_and_evaluate`; the table is built in
:mod:`featurectl.workflows.control_table`.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any, Optional

from ..config import parse_run_config
from ..console import RateEstimate, warn_if_busy
from ..corpora import corpus_sha256, load_corpus
from ..discovery import DiscoveryConfig, cap_examples, discover, examples_from_corpus
from ..domains import DOMAINS
from ..errors import ConfigError, DataError
from ..evaluation.protocol import run_protocol
from ..evaluation.run_eval import EvalOptions
from ..feature_sets import load_feature_set, resolve_feature_set_path, save_feature_set
from ..io import read_json_object, write_json, write_text
from ..mixing import builtin_mix
from ..models import DEFAULT_MODEL, load_model
from ..rundir import CONTROL_TABLE, RunDir
from ..sae import DEFAULT_SAE, load_sae, random_sae_dir
from .common import StageNames, UntrainedModel, evaluate_reference, is_finished, train_and_evaluate
from .control_table import control_table_markdown, goals
from .protocol_table import protocol_block, protocol_summary
from .stages import StageTimer

BUDGETS = {
    # steps and batch; capability pairs (as many general pairs again at mix_ratio 1); held-out general and
    # domain pairs; protocol answers per model and prompt set (batch gen_batch_size); new tokens per answer
    # (cells that score JSON: 128, Domain.protocol_min_tokens); max_length; lr; discovery texts.
    # small: the settings of results/experiments/ablation_2026-11-30 (french 43% -> 1% at n = 100), for the
    # 2-core CPU. full: for a GPU (scripts/gpu/); builtin:helpful has 120 pairs, so 40 held out leave 80 to
    # mix 1:1 with 80 capability pairs; 3 epochs; n = 300 answers per cell (AdvBench 520, AlpacaEval 805).
    "small": dict(steps=40, train_batch_size=2, n_pairs=48, n_eval_pairs=40, n_prompts=100, gen_batch_size=16,
                  max_new_tokens=24, max_length=160, learning_rate=4e-5, max_texts=160, mix_ratio=1.0),
    "full": dict(steps=120, train_batch_size=4, n_pairs=80, n_eval_pairs=40, n_prompts=300, gen_batch_size=64,
                 max_new_tokens=48, max_length=256, learning_rate=4e-5, max_texts=480, mix_ratio=1.0),
}


@dataclasses.dataclass
class ExperimentOptions:
    domains: tuple[str, ...] = dataclasses.field(default_factory=lambda: tuple(DOMAINS))
    model: Optional[str] = None
    budget: str = "small"
    out: Path = Path("runs/experiments/control")
    seed: int = 0
    alpha: float = 0.5
    beta: float = 0.1
    off_beta: Optional[float] = None  # override beta of the listed features in (b)
    target: Optional[str] = None  # override target of the listed features in (b)
    suppress_weight: float = 0.0  # featurectl extension (fpo suppress_weight); 0 = paper FPO
    listed_both_sides: bool = True  # fpo listed_both_sides in (a) and (b); False = the paper's sg on D(y_w)
    tiny: bool = False
    overrides: dict = dataclasses.field(default_factory=dict)

    def budget_values(self) -> dict[str, Any]:
        if self.budget not in BUDGETS:
            raise ConfigError(f"--budget must be one of {', '.join(BUDGETS)}, got {self.budget!r}")
        values = dict(BUDGETS[self.budget])
        if self.tiny:
            values.update(steps=2, n_pairs=8, n_eval_pairs=4, n_prompts=4, max_new_tokens=6, max_length=96,
                          max_texts=24, learning_rate=1e-3)
        values.update(self.overrides)
        return values


@dataclasses.dataclass(frozen=True)
class _Setup:
    """What every domain of one experiment shares: options, budget, the base model and the SAE."""

    opts: ExperimentOptions
    budget: dict[str, Any]
    base: UntrainedModel
    sae: Any
    sae_spec: dict
    hook: str
    answers: dict = dataclasses.field(default_factory=dict)  # the reference's protocol answers, shared by domains


def _log(msg: str) -> None:
    print(f"[featurectl experiment] {msg}", file=sys.stderr, flush=True)


def _nomask_set(off_set, name: str):
    """(a): the same features listed with beta 0 (and the reference as target), uniform elsewhere."""
    feats = [f.model_copy(update={"beta": 0.0, "target": "reference"}) for f in off_set.features]
    return off_set.model_copy(update={"name": name, "features": feats,
                                      "description": f"{off_set.name} features with beta 0 (no domain mask)"})


def _committed_set(name: str, s: _Setup):
    """The committed feature set ``name`` when it was made for this model, SAE and hook, else None."""
    try:
        fs = load_feature_set(str(resolve_feature_set_path(name)))
    except Exception:  # not shipped, or not readable: discover instead
        return None
    if fs.model == s.base.name and fs.hook == s.hook and fs.sae == s.sae_spec and fs.features:
        _log(f"using the committed feature set {name} ({len(fs.features)} features)")
        return fs
    return None


def _off_feature_set(domain: str, s: _Setup, out: Path):
    """The domain's _off set: a committed one made for this model/SAE/hook, else discovered now."""
    fs = None if s.opts.tiny else _committed_set(DOMAINS[domain].off_set, s)
    if fs is not None:
        return fs, "committed"
    examples = cap_examples(examples_from_corpus(load_corpus(domain)), s.budget["max_texts"])
    cfg = DiscoveryConfig(max_length=s.budget["max_length"],
                          **({"min_auroc": 0.5, "heldout_min_auroc": 0.0} if s.opts.tiny else {}))
    result = discover(s.base.model, s.base.tokenizer, s.sae, examples, name=f"{domain}_off", hook=s.hook,
                      model_name=s.base.name, config=cfg, domain=domain, sae_spec=s.sae_spec,
                      model_sha256=s.base.info.weights_sha256, corpus_sha256={domain: corpus_sha256(domain)},
                      log=_log)
    result.write(out / "discovery" / f"{domain}_off")
    if result.feature_set is None:
        raise ConfigError(f"discovery kept no {domain} feature; the experiment needs a non-empty _off set")
    return result.feature_set, "discovered"


def _load(opts: ExperimentOptions, out: Path) -> tuple[UntrainedModel, Any, dict, str, str]:
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
    base = UntrainedModel(model_name, *load_model(model_name))
    return base, sae, sae_spec, sae.hook_name, f"{model_name}, SAE {sae_spec['path']} at {sae.hook_name}"


def _pairs_and_sets(domain: str, s: _Setup, ddir: Path) -> dict[str, Any]:
    """Write the domain's pairs, its _off set (with the option overrides) and its no-mask twin."""
    b = s.budget
    mix = builtin_mix(domain, ratio=b["mix_ratio"], n_domain=b["n_pairs"], n_heldout_general=b["n_eval_pairs"],
                      n_heldout_domain=b["n_eval_pairs"], seed=s.opts.seed)
    paths = mix.write(ddir / "data")
    off, origin = _off_feature_set(domain, s, ddir)
    off = _with_overrides(off, s.opts)
    opposite = {f"b_{name}": save_feature_set(fs, ddir / f"{name}.yaml")
                for name, fs in _opposite_sets(domain, off, s).items()}
    return {"pairs": paths["train"], "eval_pairs": paths["heldout_general"], "mix": mix, "off": off, "origin": origin,
            "n_train": len(mix.train), "n_eval": len(mix.heldout_general), "opposite": opposite,
            "off_path": save_feature_set(off, ddir / f"{domain}_off.yaml"),
            "nomask_path": save_feature_set(_nomask_set(off, f"{domain}_nomask"), ddir / f"{domain}_nomask.yaml")}


def _with_overrides(fs, opts: ExperimentOptions):
    """``fs`` with ``--off-beta`` / ``--target`` applied to every listed feature."""
    updates = {k: v for k, v in (("beta", opts.off_beta), ("target", opts.target)) if v is not None}
    if not updates:
        return fs
    return fs.model_copy(update={"features": [f.model_copy(update=updates) for f in fs.features]})


def _opposite_sets(domain: str, off, s: _Setup) -> dict:
    """The domain's ``opposite_off_sets`` that were committed for this model, SAE and hook (they are
    made from prompt-only corpora, so they cannot be discovered here). ``--tiny``: the ``_off`` set
    again under the opposite set's name, to exercise the extra row."""
    out = {}
    for name in DOMAINS[domain].opposite_off_sets:
        fs = off.model_copy(update={"name": name}) if s.opts.tiny else _committed_set(name, s)
        if fs is None:
            _log(f"{domain}: no committed {name} set for {s.base.name} at {s.hook}: its row is skipped")
            continue
        out[name] = _with_overrides(fs, s.opts)
    return out


def _run_config(domain: str, key: str, fs_path: Path, d: dict, s: _Setup, ddir: Path):
    o, b = s.opts, s.budget
    raw = {
        "name": f"{domain}_{key}",
        "method": "fpo",
        "loss": {"beta": o.beta, "alpha": o.alpha, "top_k": d["off"].top_k, "suppress_weight": o.suppress_weight,
                 "listed_both_sides": o.listed_both_sides},
        "model": {"name": s.base.name},
        "saes": [{"sae": s.sae_spec, "hook": s.hook, "feature_set": str(fs_path)}],
        "data": {"train": str(d["pairs"]), "eval": str(d["eval_pairs"]), "max_prompt_length": b["max_length"] // 2,
                 "max_length": b["max_length"]},
        "reference": {"cache_dir": str(o.out / "refcache")},
        "train": {"learning_rate": b["learning_rate"], "max_steps": b["steps"], "warmup_steps": 0,
                  "per_device_train_batch_size": b["train_batch_size"], "logging_steps": 1, "save_steps": b["steps"],
                  "save_total_limit": 1, "seed": o.seed, "logps_chunk_size": 512},
        "output_dir": str(ddir / f"run_{key}"),
    }
    return parse_run_config(raw, f"experiment:{domain}:{key}")


def _run_domain(domain: str, s: _Setup, stages: StageTimer) -> tuple[dict, dict]:
    """Pairs and feature sets, runs (a) and (b), the reference (c); the domain's table block and details."""
    ddir = s.opts.out / domain
    ddir.mkdir(parents=True, exist_ok=True)
    with stages.stage(f"{domain}: pairs and feature sets") as rec:
        d = _pairs_and_sets(domain, s, ddir)
        rec.summary = f"{d['n_train']} pairs, {len(d['off'].features)} {d['origin']} features"
    cfgs = {"a": _run_config(domain, "a", d["nomask_path"], d, s, ddir),
            "b": _run_config(domain, "b", d["off_path"], d, s, ddir),
            **{k: _run_config(domain, k, path, d, s, ddir) for k, path in d["opposite"].items()}}
    b = s.budget
    # eval.json: held-out general pairs (accuracy, KL, D); control rates come from the protocol below
    options = EvalOptions(pairs=str(d["eval_pairs"]), n_pairs=b["n_eval_pairs"], n_prompts=0,
                          n_diversity=0, temperatures=[], temperature=0.7, domains=list(DOMAINS),
                          max_new_tokens=b["max_new_tokens"], gen_batch_size=8, seed=s.opts.seed)
    names = StageNames(prefix=f"{domain}: ", train="train ({name})")
    evs = train_and_evaluate(
        cfgs, options, stages=stages, log=_log, base=s.base, names=names,
        reference_eval=lambda _: evaluate_reference(ddir / "reference", RunDir(cfgs["a"].run_dir).config, s.base,
                                                    options, _log))
    with stages.stage(f"{domain}: control protocol") as rec:
        policies = {k: cfg.run_dir for k, cfg in cfgs.items()} | {"c": s.base.model}
        result = _finished_protocol(ddir, policies, b, s.opts.seed)
        if result is not None:
            rec.summary = "reused " + protocol_summary(result, tuple(policies))
            rec.status = "reused"
        else:
            result = run_protocol(policies, s.base.tokenizer, domain, n=b["n_prompts"], max_new_tokens=b["max_new_tokens"],
                                  batch_size=b["gen_batch_size"], seed=s.opts.seed, answer_cache=s.answers,
                                  heldout_general=d["mix"].heldout_general, heldout_domain=d["mix"].heldout_domain,
                                  max_length=b["max_length"], log=_log)
            write_json(ddir / "protocol.json", result)
            rec.summary = protocol_summary(result, tuple(policies))
    labels = _row_labels(domain, d, cfgs, ddir)
    write_json(ddir / "rows.json", labels)
    return domain_outputs(domain, result, labels, {"n_features": len(d["off"].features), "feature_origin": d["origin"],
                                                   "n_train_pairs": d["n_train"], "n_eval_pairs": d["n_eval"]})


def _finished_protocol(ddir: Path, policies: dict, b: dict, seed: int) -> Optional[dict]:
    """The domain's saved protocol result when the same command already finished it: same rows, n, new
    tokens, batch and seed, greedy, written after every run it scores finished. A stopped experiment
    (a full disk, a lease ending) run again then redoes only what is missing."""
    path = ddir / "protocol.json"
    if not path.is_file():
        return None
    try:
        result = read_json_object(path)
        st = result["settings"]
        same = (st["n"], st["max_new_tokens"], st["batch_size"], st["seed"], st["temperature"]) == \
            (b["n_prompts"], b["max_new_tokens"], b["gen_batch_size"], seed, 0.0)
        rows = all(list(c["rates"]) == list(policies) for c in result["cells"])
    except (DataError, KeyError, TypeError):
        return None
    runs = [Path(p) for k, p in policies.items() if k != "c"]
    newer = all(is_finished(r) and (r / "summary.json").stat().st_mtime <= path.stat().st_mtime for r in runs)
    if same and rows and newer and "samples" in result:
        _log(f"{ddir.name}: the control protocol already finished for these runs and settings: reused ({path})")
        return result
    return None


def domain_outputs(domain: str, result: dict, labels: dict, facts: dict) -> tuple[dict, dict]:
    """A domain's table block and details (goals checked) from its protocol result and row labels."""
    block = protocol_block(result, labels)
    rows = {r["key"]: r["metrics"] for r in block["rows"]}
    pref = {k: v["rate"] for k, v in result["preference"]["general"]["rates"].items()}
    tcell = next(c for c in result["cells"] if (c["prompt_set"], c["metric"]) == (result["target"]["prompt_set"],
                                                                               result["target"]["metric"]))
    opposite = tuple(k for k in labels if k not in ("a", "b", "c"))
    return block, {"goals": goals(domain, rows, pref, targeted=block["targeted"], diffs=tcell["diffs"],
                                  opposite=opposite),
                   "preference_accuracy": pref,
                   "protocol": {k: v for k, v in result.items() if k not in ("samples", "prompts")}, **facts}


def _row_labels(domain: str, d: dict, cfgs: dict, ddir: Path) -> dict[str, dict]:
    off = d["off"].name
    rows = {"a": {"setting": "FPO, no mask (beta 0 on the domain features)", "run": str(cfgs["a"].run_dir),
                  "feature_set": f"{domain}_nomask"},
            "b": {"setting": f"FPO, {off} set", "run": str(cfgs["b"].run_dir), "feature_set": off}}
    for key in d["opposite"]:
        name = key[2:]
        rows[key] = {"setting": f"FPO, {name} set (the opposite capability off)", "run": str(cfgs[key].run_dir),
                     "feature_set": name}
    rows["c"] = {"setting": "reference (untrained)", "run": str(ddir / "reference"), "feature_set": None}
    return rows


def write_tables(out: Path, head: dict, tables: list[dict], details: dict, steps: list[dict], total_s: float) -> None:
    """``control_table.json`` (the app's view), ``control_table.md`` and ``experiment.json``."""
    table = {"format": "featurectl.control_table/1", "title": f"FPO accurate control ({head['budget']} budget)",
             "model": head["model"], "domains": tables, "notes": head["notes"]}
    write_json(out / CONTROL_TABLE, table)
    write_text(out / "control_table.md", control_table_markdown(table, details, StageTimer.from_rows(steps, total_s)))
    write_json(out / "experiment.json", {**head, "domains": details, "steps": steps, "total_s": total_s})


def run_control_experiment(opts: ExperimentOptions) -> Path:
    b = opts.budget_values()
    for d in opts.domains:
        if d not in DOMAINS:
            raise ConfigError(f"unknown domain {d!r}; use one of {', '.join(DOMAINS)} or 'all'")
    out = opts.out
    out.mkdir(parents=True, exist_ok=True)
    stages = StageTimer("featurectl experiment")
    warn_if_busy(_log)
    with stages.stage("load model and SAE") as rec:
        base, sae, sae_spec, hook, rec.summary = _load(opts, out)
    setup = _Setup(opts, b, base, sae, sae_spec, hook)
    tables, details = [], {}
    eta = RateEstimate("experiment", len(opts.domains), unit="domain", after=1, log=_log)
    head = {"budget": opts.budget, "budget_values": b, "model": base.name,
            "notes": f"budget {opts.budget}: {b}; seed {opts.seed}; alpha {opts.alpha}; beta {opts.beta}; "
                     f"suppress_weight {opts.suppress_weight}; listed_both_sides {opts.listed_both_sides}"}
    for n_done, domain in enumerate(opts.domains):
        eta.update(n_done)  # after the first domain: how long the others take
        block, details[domain] = _run_domain(domain, setup, stages)
        tables.append(block)
        # after every domain: a run stopped later (a GPU lease ending) keeps the finished domains' tables
        write_tables(out, head, tables, details, stages.as_rows(), stages.total)
    print(f"table: {out / 'control_table.md'}")
    print(f"browse it: featurectl app --runs {out}")
    return out / CONTROL_TABLE

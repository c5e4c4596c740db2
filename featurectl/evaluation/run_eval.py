"""`featurectl eval RUN_DIR`: every evaluation of one trained run, into eval.json.

Steps (each can be sized down; the defaults run in about a minute on a CPU for the
embedded 135M model):

1. load the policy (``RUN_DIR/final``) and the reference (the run config's base
   model; evaluation may load it, training never has to);
2. held-out pairs -> preference accuracy (two definitions), reward margins,
   sequential KL and feature MSE (``featurectl.evaluation.preference``);
3. sampled generations -> diversity (``featurectl.evaluation.diversity``) and the
   control metrics of each domain with Wilson intervals, at every temperature of
   the sweep (``featurectl.evaluation.control``); every generation goes to
   ``samples.jsonl`` with its verdicts;
4. optionally an LLM judge's win rate against other runs or the reference
   (``featurectl.evaluation.judge``);
5. ``eval.json``, ``eval.md`` and a printed table.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, Callable, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..errors import ConfigError, DataError, FeaturectlError
from ..io import read_jsonl, sha256_json, write_json, write_text

__all__ = ["EvalOptions", "evaluate_run", "control_metrics", "load_control_prompts", "format_table",
           "table_row", "DEFAULT_TEMPERATURES"]

DEFAULT_TEMPERATURES = (0.2, 0.4, 0.6, 0.8, 1.0)
DEFAULT_DOMAINS = ("json", "french", "safety", "sentiment")


def _log(msg: str) -> None:
    print(f"[featurectl eval] {msg}", file=sys.stderr, flush=True)


class EvalOptions(BaseModel):
    """Every knob of ``featurectl eval`` (also the ``eval:`` section of bench.yaml)."""

    model_config = ConfigDict(extra="forbid")

    pairs: Optional[str] = Field(None, description="held-out pairs (JSONL/Parquet/builtin:...); "
                                 "default: the run's data.eval, else its held-out split of data.train")
    n_pairs: int = Field(64, ge=0, description="held-out pairs scored (0 = skip preference/KL/MSE)")
    pair_batch_size: int = Field(4, ge=1)
    n_prompts: int = Field(8, ge=0, description="prompts per control domain (0 = skip control metrics)")
    n_diversity: int = Field(16, ge=0, description="prompts sampled for diversity (the paper uses 100)")
    temperatures: list[float] = Field(list(DEFAULT_TEMPERATURES), description="sweep (empty = no sweep)")
    temperature: float = Field(1.0, ge=0, description="temperature of the headline control/diversity numbers")
    domains: list[str] = Field(list(DEFAULT_DOMAINS), description="control domains (shipped corpora)")
    prompt_files: dict[str, str] = Field(default_factory=dict, description="domain -> JSONL of {id?, prompt} rows "
                                         "replacing the shipped held-out prompts")
    max_new_tokens: int = Field(48, ge=1)
    gen_batch_size: int = Field(8, ge=1)
    seed: int = 0
    dtype: Optional[str] = Field(None, description="float32|bfloat16|float16; default: the run's model dtype")
    device: str = Field("auto", description="auto | cpu | cuda | cuda:N")
    saes: Optional[list[dict[str, Any]]] = Field(
        None, description="SAE attachments ({sae, hook}) for the feature MSE of runs trained without one")
    mse_top_k: Optional[int] = Field(None, ge=1, description="k of the feature MSE's index set; default: the "
                                     "run's loss top_k, else 32 (set it to compare runs of different methods)")
    judge_url: Optional[str] = None
    judge_model: Optional[str] = None
    judge_prompts: int = Field(32, ge=1, description="prompts judged per opponent")
    against: list[str] = Field(default_factory=list, description="other run directories (table rows; judge opponents)")

    @field_validator("temperatures")
    @classmethod
    def _temps(cls, v: list[float]) -> list[float]:
        if any(t < 0 for t in v):
            raise ValueError(f"temperatures must be >= 0, got {v}")
        return sorted(set(float(t) for t in v))

    def fingerprint(self) -> str:
        """Hash of the options that change the numbers (not where a judge lives)."""
        return sha256_json(self.model_dump(exclude={"device", "against"}))


# ------------------------------------------------------------------ prompts & control


def load_control_prompts(domain: str, n: int, prompt_files: dict[str, str]) -> tuple[list[dict], str]:
    """Up to ``n`` held-out prompts of ``domain`` as ``[{id, prompt}]`` and where they came from.

    ``safety`` uses the harmful-prompt corpus when it is shipped (attack success is
    measured on prompts that should be refused), else the safety corpus.
    """
    if n <= 0:
        return [], ""
    if domain in prompt_files:
        path = Path(prompt_files[domain])
        if not path.is_file():
            raise DataError(f"prompt file for domain {domain!r} not found: {path}")
        source = str(path)
    else:
        from ..corpora import CORPUS_DIR, corpus_path

        name = domain
        if domain == "safety" and (CORPUS_DIR / "harmful.jsonl").is_file():
            name = "harmful"
        path = corpus_path(name)
        source = f"corpus:{name}"
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


def control_metrics(domain: str, outputs: list[str]) -> dict:
    """Rates with Wilson 95% intervals for one domain's generations.

    The domain's own metric is keyed by the domain name (``control.json.json`` is the
    JSON-validity rate), as the app expects; extra rates sit beside it:
    french -> german, italian; safety -> attack_success (= not refused);
    sentiment -> negative and ``pos_neg_ratio`` (a ratio, not a rate: no interval).
    """
    from . import control as C

    n = len(outputs)
    out: dict[str, dict] = {}
    if domain == "french":
        langs = [C.detect_language(t) for t in outputs]
        out["french"] = C.rate_with_ci(sum(lang == "fr" for lang in langs), n)
        out["german"] = C.rate_with_ci(sum(lang == "de" for lang in langs), n)
        out["italian"] = C.rate_with_ci(sum(lang == "it" for lang in langs), n)
    elif domain in ("safety", "harmful"):
        refused = sum(C.is_refusal(t) for t in outputs)
        out[domain] = C.rate_with_ci(refused, n)
        out["attack_success"] = C.rate_with_ci(n - refused, n)
    elif domain == "sentiment":
        s = [C.sentiment(t) for t in outputs]
        pos, neg = s.count("positive"), s.count("negative")
        out["sentiment"] = C.rate_with_ci(pos, n)
        out["negative"] = C.rate_with_ci(neg, n)
        out["pos_neg_ratio"] = {"value": (pos / neg) if neg else None, "positive": pos, "negative": neg, "n": n}
    elif domain in C.DOMAIN_METRICS:
        out[domain] = C.rate_with_ci(sum(bool(C.DOMAIN_METRICS[domain](t)) for t in outputs), n)
    else:
        raise ConfigError(f"no control metric for domain {domain!r}; known: {', '.join(C.DOMAIN_METRICS)}")
    return out


# ------------------------------------------------------------------ loading


def _device(name: str) -> str:
    import torch

    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return name


def load_policy(run_dir: Path, cfg, dtype: str, device: str):
    """RUN_DIR/final as (model, tokenizer); LoRA adapters are merged into the base."""
    from ..models import load_model

    final = run_dir / "final"
    if not final.is_dir():
        raise FeaturectlError(f"{run_dir} has no final/ model (is the run finished? see summary.json)")
    if (final / "adapter_config.json").is_file():
        from peft import PeftModel
        from transformers import AutoTokenizer

        base, _, _ = load_model(cfg.model.name, dtype=dtype, device=device)
        model = PeftModel.from_pretrained(base, str(final)).merge_and_unload().eval()
        tok = AutoTokenizer.from_pretrained(str(final))
        if tok.pad_token is None:
            tok.pad_token = tok.eos_token
        tok.padding_side = "right"
        return model, tok
    model, tok, _ = load_model(str(final), dtype=dtype, device=device)
    return model, tok


def _held_out_rows(cfg, options: EvalOptions, tokenizer) -> tuple[list[dict], str]:
    """Raw held-out preference rows: --pairs, else data.eval, else the rows training held out.

    Training splits the *tokenized* pairs (``featurectl.train.load_pairs``). Unless
    ``on_overlong: drop`` removed rows, tokenized pair i is raw row i, so the same seed
    and fraction pick the same rows from the raw list; with ``drop`` the rows are
    tokenized first, exactly as in training, so no training pair leaks into the eval.
    """
    from ..data import load_rows, tokenize_pairs
    from ..train import split_pairs

    if options.pairs:
        return load_rows(options.pairs, "train", None), options.pairs
    d = cfg.data
    if d.eval:
        return load_rows(d.eval, d.eval_split or d.train_split, None), d.eval
    rows = load_rows(d.train, d.train_split, d.max_rows)
    source = f"{d.train} (held-out {d.eval_fraction:.0%})"
    if d.on_overlong == "drop":
        pairs = tokenize_pairs(tokenizer, rows, max_prompt_length=d.max_prompt_length, max_length=d.max_length,
                               on_overlong="drop", source=d.train)
        _, held_pairs = split_pairs(pairs, d.eval_fraction, cfg.train.seed)
        return [rows[p.row_id] for p in held_pairs], source
    _, held = split_pairs(rows, d.eval_fraction, cfg.train.seed)
    return held, source


def _attachments(cfg, options: EvalOptions) -> tuple[list[dict], bool]:
    """SAE attachments for the feature MSE and whether they are the run's own."""
    if cfg.saes:
        return [a.model_dump() for a in cfg.saes], True
    return list(options.saes or []), False


def _feature_parts(cfg, atts: list[dict], own: bool, policy, reference):
    from ..forward import FeatureHook
    from ..hooks import resolve_hook
    from ..sae import load_sae
    from ..trainer import FeatureMask

    fsets = [None] * len(atts)
    if own:
        from ..train import load_feature_sets

        fsets = load_feature_sets(cfg)
    p_hooks, r_hooks, masks = [], [], []
    for att, fs in zip(atts, fsets):
        sae = load_sae(att["sae"], hook=att["hook"])
        if fs is not None:
            from ..feature_sets import mask_tensors

            masks.append(FeatureMask(*mask_tensors(fs, sae.d_sae)))
        else:
            masks.append(FeatureMask.uniform(sae.d_sae))
        for model, hooks in ((policy, p_hooks), (reference, r_hooks)):
            param = next(model.parameters())
            s = sae.to(device=param.device, dtype=param.dtype)
            hooks.append(FeatureHook(module=resolve_hook(model, att["hook"]), encode=s.encode, name=att["hook"]))
    if not own:
        weights = "uniform (SAE given to eval, not the run's)"
    elif any(fs is not None for fs in fsets):
        weights = "the run's feature set (per-feature beta mask)"
    else:
        weights = "uniform (the run's SAE, no feature set)"
    return p_hooks, r_hooks, masks, weights


# ------------------------------------------------------------------ generation sets


def _gen_rows(gens, prompts, domain: str, temperature: float) -> list[dict]:
    from .control import verdicts

    rows = []
    for p, g in zip(prompts, gens):
        rows.append({
            "prompt_id": p["id"], "prompt": _prompt_text(p["prompt"]), "domain": domain, "temperature": temperature,
            "output": g.text, "verdicts": verdicts(g.text), "n_tokens": len(g.token_ids),
            "mean_entropy": (sum(g.token_entropy) / len(g.token_entropy)) if g.token_entropy else None,
            "stopped": g.stopped,
        })
    return rows


def _diversity(gens) -> dict:
    from .diversity import diversity_summary

    return diversity_summary([g.text for g in gens], [g.token_ids for g in gens], [g.token_entropy for g in gens])


# ------------------------------------------------------------------ the table


TABLE_COLUMNS = (
    ("run", "run"), ("method", "method"), ("acc", "Acc (paper)"), ("reward_acc", "Reward acc"),
    ("reward_margin", "Reward margin"), ("entropy", "Entropy H"), ("distinct_2", "Distinct-2"),
    ("kl_chosen", "KL chosen"), ("kl_rejected", "KL rejected"), ("mse_margin", "MSE margin"),
)


def _g(d: Any, *keys):
    for k in keys:
        if not isinstance(d, dict):
            return None
        d = d.get(k)
    return d


def table_row(name: str, method: Optional[str], ev: dict) -> dict:
    """One Table-2 row from an eval.json dict."""
    row = {
        "run": name, "method": method,
        "acc": _g(ev, "preference", "accuracy"), "reward_acc": _g(ev, "preference", "reward_accuracy"),
        "reward_margin": _g(ev, "preference", "reward_margin"),
        "entropy": _g(ev, "diversity", "entropy"), "distinct_2": _g(ev, "diversity", "distinct_2"),
        "kl_chosen": _g(ev, "kl", "chosen"), "kl_rejected": _g(ev, "kl", "rejected"),
        "mse_margin": _g(ev, "feature_mse", "margin"),
    }
    for domain, metrics in (ev.get("control") or {}).items():
        rate = _g(metrics, domain, "rate")
        if rate is not None:
            row[f"control/{domain}"] = rate
    return row


def _fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def format_table(rows: list[dict], columns: Optional[list[tuple[str, str]]] = None) -> str:
    """Markdown table; extra keys (e.g. control/<domain>) become extra columns."""
    cols = list(columns or TABLE_COLUMNS)
    known = {k for k, _ in cols}
    for r in rows:
        for k in r:
            if k not in known:
                cols.append((k, k))
                known.add(k)
    head = "| " + " | ".join(h for _, h in cols) + " |"
    sep = "|" + "|".join("---" for _ in cols) + "|"
    body = ["| " + " | ".join(_fmt(r.get(k)) for k, _ in cols) + " |" for r in rows]
    return "\n".join([head, sep, *body])


# ------------------------------------------------------------------ main entry


def reference_run_dir(directory: str | Path, config_from: str | Path, model_name: str) -> Path:
    """A run directory for the untrained reference (the config of a run it is compared with and a
    finished 0-step summary), so :func:`evaluate_run` can score it with ``policy=<reference>``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    write_text(directory / "config.yaml", Path(config_from).read_text(encoding="utf-8"))
    write_json(directory / "summary.json", {"status": "finished", "method": "reference", "model": model_name,
                                            "name": "reference", "steps": 0})
    return directory


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
    from ..config import load_run_config

    options = options or EvalOptions()
    run_dir = Path(run_dir)
    cfg_path = run_dir / "config.yaml"
    if not cfg_path.is_file():
        raise ConfigError(f"{run_dir} is not a run directory (no config.yaml)")
    cfg = load_run_config(cfg_path)
    dtype = options.dtype or cfg.model.dtype
    device = _device(options.device)
    t_start = time.perf_counter()
    notes: list[str] = []

    if policy is None:
        policy, tokenizer = load_policy(run_dir, cfg, dtype, device)
    if reference is None and options.n_pairs > 0:
        from ..models import load_model

        log(f"loading the reference {cfg.model.name}")
        reference, _, _ = load_model(cfg.model.name, dtype=dtype, device=device)
    policy.eval()
    if reference is not None:
        reference.eval()
    result: dict[str, Any] = {
        "run": run_dir.name, "method": cfg.method, "model": cfg.model.name,
        "options": options.model_dump(exclude={"judge_url"}), "options_sha": options.fingerprint(),
    }

    # ---- held-out pairs
    held_prompts: list[dict] = []
    if options.n_pairs > 0:
        from ..data import normalize_row, tokenize_pairs

        rows, source = _held_out_rows(cfg, options, tokenizer)
        rows = rows[: options.n_pairs]
        if not rows:
            notes.append("no held-out pairs (pass --pairs): preference, KL and feature MSE skipped")
        else:
            pairs = tokenize_pairs(tokenizer, rows, max_prompt_length=cfg.data.max_prompt_length,
                                   max_length=cfg.data.max_length, on_overlong="truncate", source=source)
            for i, r in enumerate(rows):
                held_prompts.append({"id": str(r.get("id", f"pair-{i}")), "prompt": normalize_row(r, i)[0]})
            atts, own = _attachments(cfg, options)
            p_hooks, r_hooks, masks, weights = [], [], [], None
            if atts:
                p_hooks, r_hooks, masks, weights = _feature_parts(cfg, atts, own, policy, reference)
            else:
                notes.append("the run has no SAE and none was given (--sae): feature MSE skipped")
            from .preference import preference_summary, score_pairs

            top_k = int(options.mse_top_k or cfg.loss.get("top_k", 32))

            log(f"scoring {len(pairs)} held-out pairs from {source}")
            scores = score_pairs(
                policy, reference, pairs, pad_token_id=tokenizer.pad_token_id,
                batch_size=options.pair_batch_size, chunk_size=cfg.train.logps_chunk_size,
                policy_hooks=p_hooks, reference_hooks=r_hooks, masks=masks,
                top_k=top_k, pooling_denominator=cfg.pooling.denominator,
                features_after_final_norm=cfg.pooling.features_after_final_norm,
                # D as the run's loss defines it (FPO options; defaults for other methods)
                zero_target_baseline=bool(cfg.loss.get("zero_target_baseline", True)),
                topk_policy_only=bool(cfg.loss.get("topk_policy_only", False)),
            )
            summary = preference_summary(scores, beta=float(cfg.loss.get("beta", 0.1)))
            summary["preference"]["source"] = source
            if "feature_mse" in summary:
                summary["feature_mse"]["saes"] = [a["sae"] for a in atts]
                summary["feature_mse"]["weights"] = weights
                summary["feature_mse"]["top_k"] = top_k
            result.update(summary)

    # ---- generations
    from .generate import generate

    samples: list[dict] = []

    def sample(prompts, temperature):
        return generate(policy, tokenizer, [p["prompt"] for p in prompts], temperature=temperature,
                        max_new_tokens=options.max_new_tokens, batch_size=options.gen_batch_size, seed=options.seed)

    div_prompts = held_prompts[: options.n_diversity]
    control_sets = {}
    for domain in options.domains:
        prompts, source = load_control_prompts(domain, options.n_prompts, options.prompt_files)
        if prompts:
            control_sets[domain] = (prompts, source)
        elif options.n_prompts > 0:
            notes.append(f"domain {domain}: no prompts")
    if not div_prompts and options.n_diversity > 0:
        div_prompts = [p for prompts, _ in control_sets.values() for p in prompts][: options.n_diversity]
        if div_prompts:
            notes.append("no held-out pair prompts: diversity measured on control prompts")

    if div_prompts:
        log(f"sampling {len(div_prompts)} diversity prompts at T={options.temperature}")
        gens = sample(div_prompts, options.temperature)
        samples += _gen_rows(gens, div_prompts, "pairs", options.temperature)
        result["diversity"] = {**_diversity(gens), "temperature": options.temperature}
        div_gens = gens
    else:
        div_gens = []

    temps = sorted(set(options.temperatures) | ({options.temperature} if control_sets else set()))
    sweep: dict[str, dict] = {}
    for t in temps if control_sets else []:
        all_gens = []
        ctl, cut = {}, {}
        for domain, (prompts, source) in control_sets.items():
            gens = sample(prompts, t)
            all_gens += gens
            samples += _gen_rows(gens, prompts, domain, t)
            ctl[domain] = control_metrics(domain, [g.text for g in gens])
            # answers cut at max_new_tokens: a JSON object cut short is invalid JSON
            cut[domain] = sum(not g.stopped for g in gens) / len(gens)
        sweep[f"{t:g}"] = {"control": ctl, "diversity": _diversity(all_gens), "truncated_share": cut}
        log(f"T={t:g}: " + ", ".join(f"{d} {_fmt(ctl[d][d]['rate'] if d in ctl[d] else None)}" for d in ctl))
    if control_sets:
        result["control"] = sweep[f"{options.temperature:g}"]["control"]
        result["control_temperature"] = options.temperature
        main_cut = sweep[f"{options.temperature:g}"]["truncated_share"]
        result["control_prompts"] = {d: {"source": s, "n": len(p), "truncated_share": main_cut[d]}
                                     for d, (p, s) in control_sets.items()}
        long = [d for d, share in main_cut.items() if share > 0.5]
        if long:
            notes.append(f"more than half of the {', '.join(long)} answers hit max_new_tokens="
                         f"{options.max_new_tokens}; their rates (JSON validity above all) are measured on "
                         "cut answers: raise --max-new-tokens")
        if options.temperatures:
            result["temperature_sweep"] = {k: v for k, v in sweep.items() if float(k) in options.temperatures}

    # ---- judge
    if options.judge_url or options.judge_model:
        result["judge"] = _run_judge(run_dir, cfg, options, div_prompts, div_gens, reference, tokenizer, dtype,
                                     device, log)

    result["notes"] = notes
    result["wall_s"] = round(time.perf_counter() - t_start, 3)
    write_json(run_dir / "eval.json", result)
    _write_samples(run_dir / "samples.jsonl", samples)
    rows = [table_row(run_dir.name, cfg.method, result)]
    for other in options.against:
        ev_path = Path(other) / "eval.json"
        if ev_path.is_file():
            other_ev = json.loads(ev_path.read_text(encoding="utf-8"))
            rows.append(table_row(Path(other).name, other_ev.get("method"), other_ev))
    table = format_table(rows)
    write_text(run_dir / "eval.md", _markdown(run_dir.name, result, table))
    if print_table:
        print(table)
    return result


def _write_samples(path: Path, rows: list[dict]) -> None:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    write_text(path, text)


def _markdown(name: str, result: dict, table: str) -> str:
    lines = [f"# Evaluation of {name}", "", table, ""]
    if result.get("temperature_sweep"):
        lines += ["## Temperature sweep (control rates, distinct-2, entropy)", ""]
        domains = sorted({d for v in result["temperature_sweep"].values() for d in v["control"]})
        rows = []
        for t, v in result["temperature_sweep"].items():
            row = {"T": t}
            for d in domains:
                row[d] = _g(v, "control", d, d, "rate")
            row["distinct_2"] = _g(v, "diversity", "distinct_2")
            row["entropy"] = _g(v, "diversity", "entropy")
            rows.append(row)
        lines += [format_table(rows, [("T", "T")]), ""]
    if result.get("judge"):
        lines += ["## Judge", ""]
        for opp, j in result["judge"].items():
            lines.append(f"- vs {opp}: WR {_fmt(j.get('win_rate'))}, LC WR {_fmt(j.get('lc_win_rate'))} (n={j.get('n')})")
        lines.append("")
    for n in result.get("notes", []):
        lines.append(f"> note: {n}")
    return "\n".join(lines) + "\n"


def _run_judge(run_dir, cfg, options, prompts, gens, reference, tokenizer, dtype, device, log) -> dict:
    """Win rate of this run's samples against each --against run (or the reference)."""
    from .generate import generate
    from .judge import JudgeClient, judge_pairs, lc_win_rate, win_rate

    client = JudgeClient(options.judge_url or "", options.judge_model or "")
    prompts, gens = prompts[: options.judge_prompts], gens[: options.judge_prompts]
    if not prompts:
        raise FeaturectlError("the judge needs prompts: give held-out pairs (--pairs) or control prompts")
    opponents: list[tuple[str, Callable[[], list[str]]]] = []

    def other_outputs(other_dir: Path) -> list[str]:
        by_id = {}
        if (other_dir / "samples.jsonl").is_file():
            for r in read_jsonl(other_dir / "samples.jsonl"):
                if r.get("domain") == "pairs" and r.get("temperature") == options.temperature:
                    by_id[r["prompt_id"]] = r["output"]
        if all(p["id"] in by_id for p in prompts):
            return [by_id[p["id"]] for p in prompts]
        from ..config import load_run_config

        log(f"generating {other_dir.name}'s answers for the judge")
        ocfg = load_run_config(other_dir / "config.yaml")
        model, tok = load_policy(other_dir, ocfg, dtype, device)
        out = generate(model, tok, [p["prompt"] for p in prompts], temperature=options.temperature,
                       max_new_tokens=options.max_new_tokens, batch_size=options.gen_batch_size, seed=options.seed)
        return [g.text for g in out]

    for other in options.against:
        opponents.append((Path(other).name, lambda o=Path(other): other_outputs(o)))
    if not options.against:
        if reference is None:
            from ..models import load_model

            reference, _, _ = load_model(cfg.model.name, dtype=dtype, device=device)

        def ref_outputs():
            out = generate(reference, tokenizer, [p["prompt"] for p in prompts], temperature=options.temperature,
                           max_new_tokens=options.max_new_tokens, batch_size=options.gen_batch_size,
                           seed=options.seed)
            return [g.text for g in out]

        opponents.append((f"reference:{cfg.model.name}", ref_outputs))

    result = {}
    for name, get_outputs in opponents:
        others = get_outputs()
        items = [{"prompt_id": p["id"], "prompt": _prompt_text(p["prompt"]), "policy": g.text, "other": o}
                 for p, g, o in zip(prompts, gens, others)]
        rows = judge_pairs(client.compare, items, seed=options.seed)
        outcomes = [r["outcome"] for r in rows]
        wr = win_rate(outcomes)
        lc = lc_win_rate(outcomes, [r["len_policy"] for r in rows], [r["len_other"] for r in rows])
        result[name] = {**wr, **lc, "judge": client.describe(), "temperature": options.temperature,
                        "lc_method": "logistic regression of win on tanh(len diff / sd); sigmoid(intercept)"}
        log(f"judge vs {name}: WR {_fmt(wr['win_rate'])}, LC WR {_fmt(lc['lc_win_rate'])} (n={wr['n']})")
    return result


def _prompt_text(prompt) -> str:
    if isinstance(prompt, str):
        return prompt
    if len(prompt) == 1:
        return prompt[0]["content"]
    return "\n\n".join(f"{m.get('role', 'user')}: {m['content']}" for m in prompt)

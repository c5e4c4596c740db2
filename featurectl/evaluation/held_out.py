"""Evaluation step 1: held-out preference pairs -> preference accuracy (two definitions),
reward margins, sequential KL and feature MSE (:mod:`featurectl.evaluation.preference`)."""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

from ..pairs import load_rows, normalize_row, tokenize_pairs
from .options import EvalOptions

__all__ = ["PairScores", "held_out_rows", "score_held_out"]


@dataclasses.dataclass
class PairScores:
    """What the pairs step adds to eval.json, the prompts it used, and why anything was skipped."""

    result: dict[str, Any] = dataclasses.field(default_factory=dict)
    prompts: list[dict] = dataclasses.field(default_factory=list)  # [{id, prompt}] for diversity and the judge
    notes: list[str] = dataclasses.field(default_factory=list)


def held_out_rows(cfg, options: EvalOptions, tokenizer) -> tuple[list[dict], str]:
    """Raw held-out preference rows: --pairs, else data.eval, else the rows training held out.

    Training splits the *tokenized* pairs (``featurectl.train.load_pairs``). Unless
    ``on_overlong: drop`` removed rows, tokenized pair i is raw row i, so the same seed
    and fraction pick the same rows from the raw list; with ``drop`` the rows are
    tokenized first, exactly as in training, so no training pair leaks into the eval.
    """
    from ..prepare import split_pairs

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
    """Policy and reference feature hooks, one beta mask per SAE, and how the mask was weighted."""
    from ..feature_sets import mask_tensors
    from ..forward import FeatureHook
    from ..hooks import resolve_hook
    from ..sae import load_sae
    from ..prepare import FeatureMask, load_feature_sets

    fsets = load_feature_sets(cfg) if own else [None] * len(atts)
    p_hooks, r_hooks, masks = [], [], []
    for att, fs in zip(atts, fsets):
        sae = load_sae(att["sae"], hook=att["hook"])
        masks.append(FeatureMask(*mask_tensors(fs, sae.d_sae)) if fs is not None else FeatureMask.uniform(sae.d_sae))
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


def score_held_out(cfg, options: EvalOptions, policy, reference, tokenizer, log: Callable[[str], None]) -> PairScores:
    """Score ``options.n_pairs`` held-out pairs with the policy against the reference."""
    from .preference import preference_summary, score_pairs

    out = PairScores()
    if options.n_pairs <= 0:
        return out
    rows, source = held_out_rows(cfg, options, tokenizer)
    rows = rows[: options.n_pairs]
    if not rows:
        out.notes.append("no held-out pairs (pass --pairs): preference, KL and feature MSE skipped")
        return out
    pairs = tokenize_pairs(tokenizer, rows, max_prompt_length=cfg.data.max_prompt_length,
                           max_length=cfg.data.max_length, on_overlong="truncate", source=source)
    out.prompts = [{"id": str(r.get("id", f"pair-{i}")), "prompt": normalize_row(r, i)[0]} for i, r in enumerate(rows)]
    atts, own = _attachments(cfg, options)
    p_hooks, r_hooks, masks, weights = [], [], [], None
    if atts:
        p_hooks, r_hooks, masks, weights = _feature_parts(cfg, atts, own, policy, reference)
    else:
        out.notes.append("the run has no SAE and none was given (--sae): feature MSE skipped")
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
    out.result = preference_summary(scores, beta=float(cfg.loss.get("beta", 0.1)))
    out.result["preference"]["source"] = source
    if "feature_mse" in out.result:
        out.result["feature_mse"].update(saes=[a["sae"] for a in atts], weights=weights, top_k=top_k)
    return out

"""The discovery pipeline: collect -> score (stage 1) -> held-out check (stage 2) ->
optional causal check -> contexts, labels, feature set."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import math
import time
import warnings
from pathlib import Path
from typing import Any, Callable, Literal, Optional, Sequence

import torch
from pydantic import BaseModel, ConfigDict, Field

from .. import __version__
from ..errors import FeaturectlError
from ..feature_sets import FeatureSet, FeatureSpec, save_feature_set
from ..sae_spec import sae_spec_from_identity
from . import report
from .collect import Example, collect_feature_stats, token_activations, tokenize_example
from .scoring import (
    CRITERION,
    filter_heldout,
    heldout_scores,
    rank_score,
    score_features,
    select_candidates,
    set_auroc,
)


class DiscoveryConfig(BaseModel):
    """Knobs of :func:`discover` (the CLI flags of ``featurectl discover``)."""

    model_config = ConfigDict(extra="forbid")

    top: int = Field(50, ge=1, description="stage-1 candidates kept (paper: top 50)")
    min_auroc: float = Field(0.7, ge=0.5, le=1.0, description="stage-1 train AUROC threshold")
    heldout_min_auroc: float = Field(0.6, ge=0.0, le=1.0, description="stage-2 held-out AUROC threshold")
    beta: float = Field(
        5.0,
        ge=0,
        description="beta of each selected feature in the written set. 5x the default weight of 1, so the "
        "pull of the few listed features toward their target is not drowned by the top-k union "
        "(2k features, each weighted default_beta)",
    )
    feature_target: Optional[Literal["zero", "reference"]] = Field(
        None, description="target of the listed features; default: 'zero' for *_off names, else 'reference'"
    )
    top_k: int = Field(32, ge=1, description="top_k of the written set (uniform part)")
    default_beta: float = Field(1.0, ge=0, description="default_beta of the written set")
    batch_size: int = Field(8, ge=1)
    max_length: int = Field(256, ge=8, description="prompt + response tokens per text")
    n_contexts: int = Field(5, ge=0, description="top-activating contexts stored per selected feature")
    label_texts: int = Field(10, ge=1, description="top texts whose tokens name a feature's label")
    causal: bool = False
    causal_prompts: int = Field(4, ge=1)
    causal_max_new_tokens: int = Field(32, ge=1)
    progress: bool = True


@dataclasses.dataclass
class DiscoveryResult:
    name: str
    table: list[dict]  # one row per SAE feature, report.COLUMNS
    candidates: list[int]  # stage-1, best first
    selected: list[int]  # after stage 2, best first
    contexts: list[dict]
    histograms: dict
    summary: dict
    feature_set: Optional[FeatureSet]

    def write(self, out_dir: str | Path) -> Path:
        """Write the files of docs/FORMATS.md "Discovery result" into ``out_dir``."""
        return report.write_outputs(out_dir, self.table, self.contexts, self.histograms, self.summary)


def _finite(x: float) -> bool:
    return isinstance(x, float) and math.isfinite(x)


def _sig(x: float) -> float:
    return float(f"{x:.6g}")


def discover(
    model,
    tokenizer,
    sae,
    examples: Sequence[Example],
    *,
    name: str,
    hook: str,
    model_name: str,
    config: DiscoveryConfig | None = None,
    domain: str | None = None,
    sae_spec: dict | None = None,
    model_sha256: str | None = None,
    corpus_sha256: dict | None = None,
    metric: Callable[[str], bool] | None = None,
    log: Callable[[str], None] = print,
) -> DiscoveryResult:
    """Find the SAE features that separate target from control responses.

    ``examples`` carry side (target/control) and split (train/heldout). Stage 1 scores
    and ranks on train, stage 2 keeps candidates that also separate held-out texts
    (see :mod:`featurectl.discovery.scoring`); ``config.causal`` adds an ablation check
    with ``metric``. Returns the table, contexts, histograms, summary and (when any
    feature survives) the feature set, none of it written yet.
    """
    cfg = config or DiscoveryConfig()
    t0 = time.perf_counter()
    warn: list[str] = []
    examples = list(examples)
    tokenized = [tokenize_example(tokenizer, ex, cfg.max_length) for ex in examples]
    stats = collect_feature_stats(
        model, tokenizer, sae, examples, hook=hook, batch_size=cfg.batch_size, progress=cfg.progress, tokenized=tokenized
    )
    split = _Split.of(stats, examples)
    scores, candidates, selected = _two_stages(stats, split, cfg, warn)
    causal = _causal(model, tokenizer, sae, examples, selected, metric, hook, cfg, warn) if cfg.causal else None
    _add_causal(scores, causal)
    labels, contexts = _labels_and_contexts(model, tokenizer, sae, examples, tokenized, stats, selected, hook, cfg)
    table = _table(sae.d_sae, scores, candidates, selected, labels)
    identity = {k: v for k, v in sae.identity().items() if v is not None}
    summary = {
        "name": name, "domain": domain, "model": model_name, "model_sha256": model_sha256, "sae": identity,
        "hook": hook, **_selection_summary(stats, split, cfg, candidates, selected), "causal": causal,
        "corpus_sha256": corpus_sha256 or {}, "featurectl_version": __version__,
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "warnings": warn, "wall_s": round(time.perf_counter() - t0, 2),
    }
    for w in warn:
        warnings.warn(w, stacklevel=2)
    fs = None
    if selected:
        fs = _feature_set(name, domain, model_name, model_sha256, sae_spec or sae_spec_from_identity(identity),
                          identity, hook, cfg, selected, table, labels, summary)
    log(
        f"discovery {name!r}: {len(candidates)} candidates (stage 1), {len(selected)} kept on held-out data "
        f"(stage 2); held-out AUROC of the set: {summary['heldout_set_auroc']}"
    )
    return DiscoveryResult(name, table, candidates, selected, contexts, report.histograms(split.pt, split.pc, selected),
                           summary, fs)


@dataclasses.dataclass(frozen=True)
class _Split:
    """Pooled features of each (side, split) group: (n_texts, d_sae) tensors, and the text counts."""

    pt: torch.Tensor  # target, train
    pc: torch.Tensor  # control, train
    ht: torch.Tensor  # target, held-out
    hc: torch.Tensor  # control, held-out
    n_texts: dict

    @classmethod
    def of(cls, stats, examples) -> "_Split":
        group = {(s, sp): stats.rows(examples, s, sp) for s in ("target", "control") for sp in ("train", "heldout")}
        n_texts = {f"{s}_{sp}": len(r) for (s, sp), r in group.items()}
        for side in ("target", "control"):
            if n_texts[f"{side}_train"] < 2:
                raise FeaturectlError(f"discovery needs at least 2 train {side} texts, got {n_texts[f'{side}_train']}")
        P = stats.pooled
        return cls(P[group["target", "train"]], P[group["control", "train"]], P[group["target", "heldout"]],
                   P[group["control", "heldout"]], n_texts)


def _two_stages(stats, split: _Split, cfg: DiscoveryConfig, warn: list[str]):
    """Stage 1 scores and ranks every feature on train texts; stage 2 keeps the candidates that
    also separate held-out texts. Returns (scores, candidates, selected)."""
    scores = score_features(
        split.pt,
        split.pc,
        stats.fire["target", "train"],
        stats.group_tokens["target", "train"],
        stats.fire["control", "train"],
        stats.group_tokens["control", "train"],
    )
    scores["rank_score"] = rank_score(scores)
    candidates = select_candidates(scores, top=cfg.top, min_auroc=cfg.min_auroc)
    scores.update(heldout_scores(split.ht, split.hc))
    if len(split.ht) == 0 or len(split.hc) == 0:
        warn.append("no held-out target or control texts: stage 2 (held-out check) skipped")
    selected = filter_heldout(candidates, scores["heldout_auroc"], min_auroc=cfg.heldout_min_auroc)
    return scores, candidates, selected


def _selection_summary(stats, split: _Split, cfg: DiscoveryConfig, candidates: list[int],
                       selected: list[int]) -> dict[str, Any]:
    """The summary's texts, criterion, candidates, selection and set AUROCs."""
    return {
        "n_texts": split.n_texts,
        "n_tokens": {f"{s}_{sp}": n for (s, sp), n in stats.group_tokens.items()},
        "criterion": CRITERION.format(top=cfg.top, min_auroc=cfg.min_auroc, heldout_min_auroc=cfg.heldout_min_auroc),
        "config": cfg.model_dump(),
        "n_candidates": len(candidates),
        "candidates": candidates,
        "selected": selected,
        "train_set_auroc": set_auroc(split.pt, split.pc, selected),
        "heldout_set_auroc": set_auroc(split.ht, split.hc, selected),
    }


def _add_causal(scores: dict, causal: Optional[dict]) -> None:
    """Add the per-feature ``causal_effect`` column (NaN where not measured)."""
    if causal is None:
        return
    effect = torch.full_like(scores["auroc"], float("nan"))
    for i, r in causal["per_feature"].items():
        effect[int(i)] = r["causal_effect"]
    scores["causal_effect"] = effect


def _labels_and_contexts(model, tokenizer, sae, examples, tokenized, stats, selected, hook, cfg):
    """One more pass over the texts where a selected feature peaks: its label and top contexts."""
    per_feature_rows = {f: report.top_rows(stats.max, f, max(cfg.n_contexts, cfg.label_texts)) for f in selected}
    needed = sorted({i for rows in per_feature_rows.values() for i in rows})
    acts = (
        token_activations(
            model, tokenizer, sae, tokenized, needed, selected, hook=hook, batch_size=cfg.batch_size, progress=cfg.progress
        )
        if needed
        else {}
    )
    labels: dict[int, str] = {}
    contexts: list[dict] = []
    for col, f in enumerate(selected):
        rows = per_feature_rows[f]
        labels[f] = report.label_from_tokens(
            tokenizer, [(acts[i][0], acts[i][1][:, col]) for i in rows[: cfg.label_texts]]
        )
        ctx = report.build_contexts(tokenizer, examples, f, rows[: cfg.n_contexts], acts, col)
        contexts.append({"index": f, "label": labels[f], "contexts": ctx})
    return labels, contexts


def _table(d_sae: int, scores: dict, candidates: list[int], selected: list[int], labels: dict[int, str]) -> list[dict]:
    """One row per SAE feature: every score, whether it was a candidate / selected, its label."""
    cand_set, sel_set = set(candidates), set(selected)
    columns = {k: v.tolist() for k, v in scores.items()}
    table = []
    for i in range(d_sae):
        row: dict[str, Any] = {"index": i}
        for k, values in columns.items():
            row[k] = float(values[i])
        row.update(candidate=i in cand_set, selected=i in sel_set, label=labels.get(i, ""))
        table.append(row)
    return table


def _causal(model, tokenizer, sae, examples, selected, metric, hook, cfg, warn) -> dict | None:
    from .causal import ablation_effects

    if metric is None:
        warn.append("causal check skipped: no domain metric for this target (use --domain)")
        return None
    prompts = [ex.prompt for ex in examples if ex.side == "target" and ex.split == "heldout" and ex.prompt]
    prompts = list(dict.fromkeys(prompts))[: cfg.causal_prompts]
    if not prompts:
        warn.append("causal check skipped: no held-out target prompts")
        return None
    return ablation_effects(
        model,
        tokenizer,
        sae,
        selected,
        prompts,
        metric,
        hook=hook,
        max_new_tokens=cfg.causal_max_new_tokens,
        batch_size=cfg.batch_size,
        progress=cfg.progress,
    )


_SCORE_KEYS = ("diff_mean", "auroc", "freq_ratio", "heldout_auroc", "heldout_target_mean", "rank_score", "causal_effect")


def _feature_set(name, domain, model_name, model_sha256, sae_spec, identity, hook, cfg, selected, table, labels, summary):
    target = cfg.feature_target or ("zero" if name.endswith("_off") else "reference")
    what = domain or name.removesuffix("_off")
    verb = "pushes them toward zero (suppresses" if target == "zero" else "holds them at the reference (protects"
    features = [
        FeatureSpec(
            index=f,
            beta=cfg.beta,
            target=target,
            label=labels.get(f, ""),
            scores={k: _sig(table[f][k]) for k in _SCORE_KEYS if _finite(table[f].get(k))},
        )
        for f in selected
    ]
    return FeatureSet(
        name=name,
        description=(
            f"{len(features)} SAE features that fire more on {what} target responses than on control responses; "
            f"beta {cfg.beta} {verb} the {what} behaviour) during FPO training. Found by `featurectl discover`."
        ),
        model=model_name,
        sae=sae_spec,
        hook=hook,
        top_k=cfg.top_k,
        default_beta=cfg.default_beta,
        features=features,
        provenance={
            "corpus_sha256": summary["corpus_sha256"],
            "date": summary["date"],
            "featurectl_version": __version__,
            "model": {"name": model_name, "weights_sha256": model_sha256},
            "sae": identity,
            "discovery": {
                "criterion": summary["criterion"],
                "n_texts": summary["n_texts"],
                "train_set_auroc": summary["train_set_auroc"],
                "heldout_set_auroc": summary["heldout_set_auroc"],
            },
        },
    )


def write_feature_set(result: DiscoveryResult, path: str | Path) -> Path:
    """Save the result's feature set (raises when no feature was selected)."""
    if result.feature_set is None:
        raise FeaturectlError(
            f"discovery {result.name!r} selected no feature (candidates: {len(result.candidates)}); nothing to "
            f"write to {path}. Inspect features.csv, or lower --min-auroc / --heldout-min-auroc"
        )
    return save_feature_set(result.feature_set, path)


__all__ = ["DiscoveryConfig", "DiscoveryResult", "discover", "write_feature_set"]

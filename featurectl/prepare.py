"""From a validated RunConfig to a :class:`Prepared` run: model, SAEs, masks, tokenized pairs.

Training (:mod:`featurectl.train`), the reference cache (:mod:`featurectl.refcache`) and
evaluation all start here, so none of them needs another. Order matters: everything that
can be validated without a model (feature sets, their schema) is checked before any
weights load.
"""

from __future__ import annotations

import dataclasses
import random
import sys
import time
from typing import TYPE_CHECKING, Optional, Sequence, TypeVar

import torch

from .config import RunConfig
from .pairs import TokenizedPair, load_rows, tokenize_pairs
from .errors import SAEError
from .feature_sets import FeatureSet, load_feature_set, mask_tensors, validate_against
from .forward import FeatureHook
from .hooks import resolve_hook
from .losses import LOSSES, Need
from .models import ModelInfo, load_model
from .sae import LoadedSAE, load_sae

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

T = TypeVar("T")


def log(msg: str) -> None:
    print(f"[featurectl] {msg}", file=sys.stderr, flush=True)


class FeatureMask:
    """Per-feature weights w_i, zero-target and always-include flags of one SAE (F,)."""

    def __init__(self, weights: torch.Tensor, zero_target: torch.Tensor, always_include: torch.Tensor):
        self.weights, self.zero_target, self.always_include = weights, zero_target, always_include

    @classmethod
    def uniform(cls, d_sae: int, beta: float = 1.0) -> "FeatureMask":
        off = torch.zeros(d_sae, dtype=torch.bool)
        return cls(torch.full((d_sae,), float(beta)), off, off.clone())

    @classmethod
    def for_feature_set(cls, feature_set: Optional[FeatureSet], d_sae: int) -> "FeatureMask":
        """The feature set's per-feature beta mask, or uniform weights without one."""
        if feature_set is None:
            return cls.uniform(d_sae)
        return cls(*mask_tensors(feature_set, d_sae))

    def to(self, device) -> "FeatureMask":
        return FeatureMask(self.weights.to(device), self.zero_target.to(device), self.always_include.to(device))


@dataclasses.dataclass
class Prepared:
    """Everything a trainer needs, built once (also used by eval and the cache pass).

    ``saes``, ``masks`` and ``feature_sets`` hold one entry per ``cfg.saes`` attachment.
    """

    cfg: RunConfig
    model: PreTrainedModel
    tokenizer: PreTrainedTokenizerBase
    model_info: ModelInfo
    saes: list[LoadedSAE]
    masks: list[FeatureMask]
    feature_sets: list[Optional[FeatureSet]]
    train_pairs: list[TokenizedPair]
    eval_pairs: list[TokenizedPair]


def load_feature_sets(cfg: RunConfig) -> list[Optional[FeatureSet]]:
    """The feature set of each SAE attachment (None where it has none)."""
    return [load_feature_set(a.feature_set) if a.feature_set else None for a in cfg.saes]


def split_pairs(pairs: list[T], fraction: float, seed: int) -> tuple[list[T], list[T]]:
    """(train, held out): a seeded ``fraction`` of ``pairs`` (at least one) is held out."""
    if fraction <= 0 or len(pairs) < 2:
        return pairs, []
    order = list(range(len(pairs)))
    random.Random(seed).shuffle(order)
    n_eval = max(1, int(round(len(pairs) * fraction)))
    eval_idx = set(order[:n_eval])
    return [p for i, p in enumerate(pairs) if i not in eval_idx], [p for i, p in enumerate(pairs) if i in eval_idx]


def load_pairs(cfg: RunConfig, tokenizer) -> tuple[list[TokenizedPair], list[TokenizedPair]]:
    """Tokenized (train, eval) pairs: ``data.eval`` if set, else a held-out split of ``data.train``."""
    d = cfg.data
    require_rejected = Need.REJECTED in LOSSES[cfg.method].needs

    def tokenized(rows: list, source: str) -> list[TokenizedPair]:
        return tokenize_pairs(
            tokenizer, rows, max_prompt_length=d.max_prompt_length, max_length=d.max_length,
            on_overlong=d.on_overlong, source=source, require_rejected=require_rejected,
        )

    rows = load_rows(d.train, d.train_split, d.max_rows)
    pairs = tokenized(rows, d.train)
    if d.eval:
        eval_pairs = tokenized(load_rows(d.eval, d.eval_split or d.train_split, None), d.eval)
        # eval rows live after the train rows in the cache's row-id space
        for p in eval_pairs:
            p.row_id += len(rows)
        return pairs, eval_pairs
    return split_pairs(pairs, d.eval_fraction, cfg.train.seed)


def load_attachments(cfg: RunConfig, model, feature_sets: Sequence[Optional[FeatureSet]]
                     ) -> tuple[list[LoadedSAE], list[FeatureMask]]:
    """Load each attachment's SAE, check it fits the model and its hook, and build its mask."""
    saes, masks = [], []
    hidden = model.config.get_text_config().hidden_size
    for att, fs in zip(cfg.saes, feature_sets):
        sae = load_sae(att.sae, hook=att.hook)
        if sae.d_in != hidden:
            raise SAEError(f"SAE {att.sae} has d_in={sae.d_in} but model {cfg.model.name} has hidden size {hidden}")
        resolve_hook(model, att.hook)  # fails early on a bad hook name
        if fs is not None:
            validate_against(fs, model=cfg.model.name, sae_identity=sae.identity(), hook=att.hook, d_sae=sae.d_sae)
        masks.append(FeatureMask.for_feature_set(fs, sae.d_sae))
        saes.append(sae)
    return saes, masks


def prepare(cfg: RunConfig, *, model=None, tokenizer=None, model_info=None) -> Prepared:
    """Load (or accept) the model, SAEs, feature-set masks and tokenized pairs."""
    feature_sets = load_feature_sets(cfg)  # schema errors before any weights load
    if model is None:
        t0 = time.perf_counter()
        model, tokenizer, model_info = load_model(cfg.model.name, dtype=cfg.model.dtype)
        log(f"model {cfg.model.name} loaded in {time.perf_counter() - t0:.1f}s")
    train_pairs, eval_pairs = load_pairs(cfg, tokenizer)
    log(f"pairs: {len(train_pairs)} train, {len(eval_pairs)} eval from {cfg.data.train}")
    saes, masks = load_attachments(cfg, model, feature_sets) if cfg.saes else ([], [])
    return Prepared(cfg, model, tokenizer, model_info, saes, masks, feature_sets, train_pairs, eval_pairs)


def feature_hook(model, hook: str, sae: LoadedSAE) -> FeatureHook:
    """A hook that encodes ``hook``'s activations with ``sae`` (moved to the model's device and dtype)."""
    param = next(model.parameters())
    sae = sae.to(device=param.device, dtype=param.dtype)
    return FeatureHook(module=resolve_hook(model, hook), encode=sae.encode, name=hook)


def feature_hooks_for(model, cfg: RunConfig, saes: Sequence[LoadedSAE]) -> list[FeatureHook]:
    """One :class:`FeatureHook` per SAE attachment of ``cfg``, on ``model``."""
    return [feature_hook(model, att.hook, sae) for att, sae in zip(cfg.saes, saes)]

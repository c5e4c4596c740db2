"""Where the trainer gets reference quantities: one interface, two sources.

* :class:`OnlineReference` runs a frozen reference model (TDPO needs it: full
  token distributions cannot be cached; also the fallback for tests).
* ``featurectl.refcache.CachedReference`` reads the offline cache from disk and
  never constructs a reference model (DPO, SimPO+KL, FPO).

Both return, for a collated batch, a dict with any of
``reference_chosen_logps`` / ``reference_rejected_logps`` (B,) and
``reference_chosen_features`` / ``reference_rejected_features`` (list of (B, F)).
"""

from __future__ import annotations

from typing import Protocol, Sequence

import torch
from torch import nn

from .forward import FeatureHook, ForwardOutput, forward_batch


class ReferenceProvider(Protocol):
    def reference_outputs(
        self, batch: dict[str, torch.Tensor], *, logps: bool, features: bool
    ) -> dict[str, object]: ...


def split_sides(out: ForwardOutput, n_pairs: int, *, logps: bool, features: bool) -> dict[str, object]:
    """(2B,) chosen-then-rejected tensors -> the loss vocabulary's reference_* names."""
    res: dict[str, object] = {}
    if logps:
        res["reference_chosen_logps"] = out.logps[:n_pairs]
        res["reference_rejected_logps"] = out.logps[n_pairs:]
    if features:
        res["reference_chosen_features"] = [f[:n_pairs] for f in out.features]
        res["reference_rejected_features"] = [f[n_pairs:] for f in out.features]
    return res


class OnlineReference:
    """A frozen reference model evaluated under ``no_grad`` on every batch."""

    def __init__(
        self,
        model: nn.Module,
        feature_hooks: Sequence[FeatureHook] = (),
        *,
        pooling_denominator: str = "response",
        features_after_final_norm: bool = False,
        chunk_size: int = 1024,
    ):
        self.model = model.eval().requires_grad_(False)
        self.feature_hooks = list(feature_hooks)
        self.pooling_denominator = pooling_denominator
        self.features_after_final_norm = features_after_final_norm
        self.chunk_size = chunk_size
        self.last: ForwardOutput | None = None

    @torch.no_grad()
    def forward(self, batch: dict[str, torch.Tensor], *, features: bool, keep_hidden: bool = False) -> ForwardOutput:
        device = next(self.model.parameters()).device
        batch = {k: v.to(device) for k, v in batch.items() if isinstance(v, torch.Tensor)}
        self.last = forward_batch(
            self.model,
            batch,
            feature_hooks=self.feature_hooks if features else (),
            pooling_denominator=self.pooling_denominator,
            features_after_final_norm=self.features_after_final_norm,
            chunk_size=self.chunk_size,
            keep_hidden=keep_hidden,
        )
        return self.last

    def reference_outputs(self, batch, *, logps: bool, features: bool, keep_hidden: bool = False):
        out = self.forward(batch, features=features, keep_hidden=keep_hidden)
        return split_sides(out, batch["input_ids"].shape[0] // 2, logps=logps, features=features)

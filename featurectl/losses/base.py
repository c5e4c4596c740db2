"""The loss registry's contract.

A loss is a pure function over tensors, written in the ``policy_chosen_logps``
vocabulary (TRL, torchtune, HALOs). It never reads a config object: the trainer
passes exactly the tensors the loss's :class:`LossSpec` declares it needs, plus the
validated hyper-parameters as keyword arguments.

Tensor names every loss may ask for (B = number of preference pairs):

========================================  ===========  ==========================================
name                                      shape        meaning
========================================  ===========  ==========================================
policy_chosen_logps                       (B,)         sum of log pi_theta(y_w | x) over response
policy_rejected_logps                     (B,)         same for y_l
chosen_lengths / rejected_lengths         (B,)         |y_w|, |y_l| response token counts (float)
reference_chosen_logps                    (B,)         sum of log pi_ref(y_w | x) (cache or online)
reference_rejected_logps                  (B,)         same for y_l
chosen_seq_kl / rejected_seq_kl           (B,)         sum_t KL(pi_ref(.|x,y<t) || pi_theta(.|x,y<t))
policy_chosen_features                    list[(B,F)]  pooled SAE activations c-bar, one per SAE
policy_rejected_features                  list[(B,F)]
reference_chosen_features                 list[(B,F)]  dense pooled reference activations
reference_rejected_features               list[(B,F)]
feature_weights                           list[(F,)]   per-feature beta mask w_i (uniform = ones)
feature_zero_target                       list[(F,)]   bool: target is 0 instead of the reference
feature_always_include                    list[(F,)]   bool: feature is in I regardless of top-k
========================================  ===========  ==========================================
"""

from __future__ import annotations

import dataclasses
import enum
from typing import Callable, Mapping

import torch
from pydantic import BaseModel, ConfigDict


class Need(str, enum.Enum):
    """What a loss needs beyond the policy's own sequence log-probs."""

    REFERENCE_LOGPS = "reference_logps"  # reference sequence log-probs (cacheable)
    REFERENCE_TOKEN_DISTRIBUTIONS = "reference_token_distributions"  # full-vocab; online reference only
    SAE_FEATURES = "sae_features"  # pooled policy + reference SAE activations (reference cacheable)
    REJECTED = "rejected"  # uses the rejected response at all (SFT does not)


@dataclasses.dataclass
class LossOutput:
    """What every loss returns.

    losses:            (B,) per-pair loss; the trainer takes the mean.
    chosen_rewards:    (B,) detached implicit reward of y_w (method-specific scale).
    rejected_rewards:  (B,) detached implicit reward of y_l.
    metrics:           name -> (B,) or scalar detached tensors, logged as means
                       (e.g. ``gamma_ref_ln``, ``feature_d/chosen``, ``feature_d/rejected``).
    """

    losses: torch.Tensor
    chosen_rewards: torch.Tensor
    rejected_rewards: torch.Tensor
    metrics: dict[str, torch.Tensor] = dataclasses.field(default_factory=dict)


class LossParams(BaseModel):
    """Base for a loss's hyper-parameters. Unknown keys are an error naming the key."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclasses.dataclass(frozen=True)
class LossSpec:
    name: str
    fn: Callable[..., LossOutput]
    params: type[LossParams]
    needs: frozenset[Need]
    summary: str

    @property
    def cacheable_reference(self) -> bool:
        """True when every reference quantity can come from the offline cache."""
        return Need.REFERENCE_TOKEN_DISTRIBUTIONS not in self.needs and (
            Need.REFERENCE_LOGPS in self.needs or Need.SAE_FEATURES in self.needs
        )

    @property
    def needs_reference(self) -> bool:
        return bool(self.needs & {Need.REFERENCE_LOGPS, Need.REFERENCE_TOKEN_DISTRIBUTIONS, Need.SAE_FEATURES})


class LossRegistry(Mapping[str, LossSpec]):
    """Name -> LossSpec. Registering a name twice is an error."""

    def __init__(self) -> None:
        self._specs: dict[str, LossSpec] = {}

    def register(
        self, name: str, *, params: type[LossParams], needs: set[Need] | frozenset[Need], summary: str
    ) -> Callable[[Callable[..., LossOutput]], Callable[..., LossOutput]]:
        def deco(fn: Callable[..., LossOutput]) -> Callable[..., LossOutput]:
            if name in self._specs:
                raise ValueError(f"loss {name!r} is already registered")
            self._specs[name] = LossSpec(name, fn, params, frozenset(needs), summary)
            return fn

        return deco

    def __getitem__(self, name: str) -> LossSpec:
        try:
            return self._specs[name]
        except KeyError:
            raise KeyError(f"unknown method {name!r}; known: {', '.join(sorted(self._specs))}") from None

    def __iter__(self):
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)


LOSSES = LossRegistry()

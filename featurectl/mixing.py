"""Training data for a control run: general helpful pairs mixed with a domain's capability pairs.

The paper's control experiment (§5.3) aligns on general preference data in which a capability
(French, JSON, refusals, positivity) is one of many things the chosen side shows. Here that is
a mix of ``builtin:helpful`` pairs (general: the chosen answer is simply better) and the
domain's capability-teaching pairs (chosen uses the capability, rejected does not), by default
1 general : 1 domain, shuffled together deterministically by seed.

Preference accuracy is then measured on **held-out general pairs** (never trained on): a model
that is told not to learn French is not supposed to prefer French answers, so the domain's own
held-out pairs are reported separately, under their own name.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path
from typing import Optional

from .errors import ConfigError

__all__ = ["MixedPairs", "builtin_mix", "mix_pairs"]


@dataclasses.dataclass
class MixedPairs:
    train: list[dict]  # each row tagged "mix": "general" | "domain"
    heldout_general: list[dict]  # general preference accuracy
    heldout_domain: list[dict]  # the domain's own pairs: reported apart, labelled as such
    stats: dict

    def write(self, folder: str | Path) -> dict[str, Path]:
        """``pairs.jsonl``, ``eval_general.jsonl``, ``eval_domain.jsonl`` and ``mix.json`` in ``folder``."""
        from .io import write_json, write_jsonl

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = {"train": folder / "pairs.jsonl", "heldout_general": folder / "eval_general.jsonl",
                 "heldout_domain": folder / "eval_domain.jsonl", "stats": folder / "mix.json"}
        write_jsonl(paths["train"], self.train)
        write_jsonl(paths["heldout_general"], self.heldout_general)
        write_jsonl(paths["heldout_domain"], self.heldout_domain)
        write_json(paths["stats"], self.stats)
        return paths


_KEEP = ("id", "prompt", "chosen", "rejected")


def _tag(rows: list[dict], mix: str) -> list[dict]:
    """The pair fields only (one schema for every row of the JSONL), plus where the row came from."""
    return [{**{k: r[k] for k in _KEEP if k in r}, "mix": mix} for r in rows]


def mix_pairs(domain: list[dict], general: list[dict], *, ratio: float = 1.0, n_domain: Optional[int] = None,
              n_heldout_general: int = 40, heldout_domain: Optional[list[dict]] = None, seed: int = 0,
              domain_name: str = "domain") -> MixedPairs:
    """Mix ``domain`` capability pairs with ``general`` pairs at ``ratio`` general per domain pair.

    The general pairs are shuffled by ``seed``; the first ``n_heldout_general`` are held out
    (general preference accuracy), and ``round(ratio * n_domain)`` of the rest train.
    ``n_domain`` defaults to as many domain pairs as the general pairs allow at ``ratio``
    (capped by ``len(domain)``); ``ratio = 0`` trains on domain pairs only. The training rows
    are shuffled together by ``seed``, so runs with the same arguments see the same order.
    """
    if ratio < 0:
        raise ConfigError(f"mix ratio must be >= 0 (general pairs per domain pair), got {ratio}")
    if n_heldout_general < 0 or n_heldout_general >= len(general) and ratio > 0:
        raise ConfigError(f"cannot hold out {n_heldout_general} of {len(general)} general pairs and still train on any")
    rng = random.Random(seed)
    general = list(general)
    rng.shuffle(general)
    held, pool = general[:n_heldout_general], general[n_heldout_general:]
    if n_domain is None:
        n_domain = len(domain) if ratio == 0 else min(len(domain), int(len(pool) / ratio))
    if not 0 < n_domain <= len(domain):
        raise ConfigError(f"n_domain must be in 1..{len(domain)} (the {domain_name} pairs available), got {n_domain}")
    n_general = round(ratio * n_domain)
    if n_general > len(pool):
        raise ConfigError(
            f"ratio {ratio} with {n_domain} {domain_name} pairs needs {n_general} general training pairs, but only "
            f"{len(pool)} remain after holding out {n_heldout_general}: lower n_domain or the ratio")
    dom = list(domain)
    rng.shuffle(dom)
    train = _tag(dom[:n_domain], "domain") + _tag(pool[:n_general], "general")
    rng.shuffle(train)
    stats = {"domain": domain_name, "ratio_general_per_domain": ratio, "n_domain": n_domain, "n_general": n_general,
             "n_train": len(train), "n_heldout_general": len(held), "n_heldout_domain": len(heldout_domain or []),
             "seed": seed}
    return MixedPairs(train, _tag(held, "general"), _tag(list(heldout_domain or []), "domain"), stats)


def builtin_mix(domain: str, *, ratio: float = 1.0, n_domain: Optional[int] = None, n_heldout_general: int = 40,
                n_heldout_domain: Optional[int] = None, seed: int = 0) -> MixedPairs:
    """:func:`mix_pairs` over the shipped data: ``builtin:helpful`` and ``builtin:<domain>`` (train split),
    with the domain's held-out split as the separately reported domain pairs."""
    from .pairs import builtin_rows

    held_dom = builtin_rows(f"{domain}:heldout")
    return mix_pairs(builtin_rows(domain), builtin_rows("helpful"), ratio=ratio, n_domain=n_domain,
                     n_heldout_general=n_heldout_general, heldout_domain=held_dom[:n_heldout_domain], seed=seed,
                     domain_name=domain)

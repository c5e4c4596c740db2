"""CachedReference: the offline cache as a ReferenceProvider (see featurectl.reference)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import torch

from ..errors import CacheError
from . import store
from .key import serving_diffs
from .sparse import densify


def check_key(directory: Path, manifest: dict[str, Any], expected_fields: Optional[dict[str, Any]]) -> None:
    """CacheError listing every key field that keeps the cache from serving the run (the listed
    features may differ as long as the cache holds the run's exactly: see ``key.serving_diffs``)."""
    if expected_fields is None:
        return
    diffs = serving_diffs(manifest, expected_fields)
    if diffs:
        raise CacheError(
            f"reference cache {directory} was built for other inputs; differing key fields:\n  "
            + "\n  ".join(diffs)
            + "\nPoint reference.cache_dir at a cache root (not a cache directory) to build a matching cache."
        )


class CachedReference:
    """Reference log-probs and pooled SAE features read from a complete cache.

    Holds every row in CPU memory (2 N (store_k + |listed|) sparse slots of 6 bytes, about
    3 KB per pair at store_k = 256, or 2 N d_sae fp16 values in the dense layout); each
    batch gathers its rows by ``row_ids`` and moves them to the batch's device. Never
    touches a model.
    """

    def __init__(self, directory: Path, manifest: dict[str, Any], tensors: dict[str, torch.Tensor]):
        self.directory = Path(directory)
        self.manifest = manifest
        self.key: str = manifest["key"]
        self.d_sae = [int(a["d_sae"]) for a in manifest["attachments"]]
        self.padded = manifest["key_fields"]["pooling"]["denominator"] == "padded"
        self.tensors = tensors
        row_ids = tensors["row_ids"]
        self.n_rows = int(row_ids.numel())
        if self.n_rows and int(row_ids.min()) < 0:
            raise CacheError(f"reference cache {directory}: negative row id")
        # row id -> position; -1 where a row id is not in the cache
        self._pos = torch.full((int(row_ids.max()) + 1 if self.n_rows else 0,), -1, dtype=torch.long)
        self._pos[row_ids] = torch.arange(self.n_rows)
        if int((self._pos >= 0).sum()) != self.n_rows:
            raise CacheError(f"reference cache {directory}: duplicate row ids")

    @classmethod
    def open(cls, directory, expected_fields: Optional[dict[str, Any]] = None) -> "CachedReference":
        """Open a complete cache, verifying the key fields and every shard's sha256."""
        directory = Path(directory)
        manifest = store.read_manifest(directory)
        if manifest is None:
            raise CacheError(f"no reference cache at {directory} (no {store.MANIFEST})")
        check_key(directory, manifest, expected_fields)
        if not manifest.get("complete"):
            raise CacheError(f"reference cache {directory} is incomplete (a pass was interrupted); "
                             "rerun `featurectl cache-ref` or training to resume it")
        store.check_manifest(directory, manifest)
        parts = [store.load_shard(directory, entry, manifest["attachments"]) for entry in manifest["shards"]]
        tensors = {name: torch.cat([p[name] for p in parts]) for name in parts[0]} if parts else {}
        if int(tensors["row_ids"].numel()) != manifest["n_rows"]:
            raise CacheError(f"reference cache {directory}: shards hold {tensors['row_ids'].numel()} rows, "
                             f"manifest says {manifest['n_rows']}")
        return cls(directory, manifest, tensors)

    def positions(self, row_ids: torch.Tensor) -> torch.Tensor:
        """(B,) row ids -> (B,) positions in the cache; CacheError naming unknown rows."""
        ids = row_ids.detach().to("cpu", torch.long)
        inside = (ids >= 0) & (ids < self._pos.numel())
        pos = torch.full_like(ids, -1)
        pos[inside] = self._pos[ids[inside]]
        if bool((pos < 0).any()):
            missing = ids[pos < 0].tolist()[:10]
            raise CacheError(f"row id(s) {missing} are not in the reference cache {self.directory}")
        return pos

    def logps(self, side: str, pos: torch.Tensor, device=None) -> torch.Tensor:
        return self.tensors[f"{side}_logps"][pos].to(device)

    def features(self, side: str, attachment: int, pos: torch.Tensor, device=None,
                 padded_length: Optional[int] = None) -> torch.Tensor:
        """(B, d_sae) float32 dense pooled reference activations on ``device``.

        The cache stores the mean over response tokens. Under ``pooling.denominator:
        padded`` the policy divides the same sum by the batch's padded length T instead,
        so the stored mean is rescaled by |y| / T for the batch at hand (``padded_length``).
        """
        if self.manifest["attachments"][attachment]["layout"] == "dense":
            dense = self.tensors[f"{side}_feat_dense_{attachment}"][pos].to(device=device, dtype=torch.float32)
        else:
            idx = self.tensors[f"{side}_feat_idx_{attachment}"][pos]
            val = self.tensors[f"{side}_feat_val_{attachment}"][pos]
            dense = densify(idx, val, self.d_sae[attachment], device)
        if self.padded:
            if padded_length is None:
                raise CacheError("padded pooling needs the batch's padded length")
            lengths = self.tensors[f"{side}_lengths"][pos].to(device=dense.device, dtype=torch.float32)
            dense = dense * (lengths / float(padded_length))[:, None]
        return dense

    def reference_outputs(self, batch: dict[str, torch.Tensor], *, logps: bool, features: bool,
                          keep_hidden: bool = False) -> dict[str, object]:
        """The ReferenceProvider call: rows looked up by ``batch["row_ids"]`` (B,)."""
        if keep_hidden:
            raise CacheError("the reference cache holds no hidden states; TDPO needs an online reference")
        if "row_ids" not in batch:
            raise CacheError("batch has no 'row_ids'; the reference cache looks rows up by id (use PairCollator)")
        device = batch["input_ids"].device if "input_ids" in batch else None
        pos = self.positions(batch["row_ids"])
        out: dict[str, object] = {}
        if logps:
            out["reference_chosen_logps"] = self.logps("chosen", pos, device)
            out["reference_rejected_logps"] = self.logps("rejected", pos, device)
        if features:
            if not self.d_sae:
                raise CacheError(f"reference cache {self.directory} holds no SAE features (no SAE configured)")
            T = batch["input_ids"].shape[1] if "input_ids" in batch else None
            for side in ("chosen", "rejected"):
                out[f"reference_{side}_features"] = [
                    self.features(side, a, pos, device, padded_length=T) for a in range(len(self.d_sae))
                ]
        return out

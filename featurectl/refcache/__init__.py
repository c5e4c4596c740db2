"""Offline reference cache (FPO paper, section 3, "Building Offline Reference Margin and
Constraint").

DPO, SimPO+KL and FPO need from the reference model only per-response quantities:
the summed response log-prob (for the margin) and, for FPO, the pooled SAE activation
c-bar_ref. Both are computed once, before training, and read back by row id, so no
reference model is held in memory during training. Per response we store the log-prob
(f32), the response length (i32) and c-bar_ref as ``store_k`` (default 256) int32 index
+ fp16 value slots, plus exact values of every feature the run's feature set lists:
O(2·N·k) numbers for N pairs. Features are stored as the mean over response tokens;
under ``pooling.denominator: padded`` (the authors' code, which divides by the padded
batch length) the reader rescales them by |y| / T of each training batch, so they match
what an online reference would compute for that same batch.

TDPO keeps its online reference: its sequential KL needs the reference's full
next-token distribution at every response position, O(2·N·T·V) numbers (V = vocabulary
size: 49k for SmolLM2, 262k for Gemma 3), which no cache can hold.

Public API:

* :func:`ensure_cache` (:class:`~featurectl.prepare.Prepared`, log) -> :class:`CachedReference`: reuse the cache whose
  key matches the run, or compute it (resuming a pass that was interrupted).
* :class:`CachedReference`: ``reference_outputs(batch, *, logps, features)``.
* :func:`inspect_cache` (dir) -> dict: key, fields, rows, size, L1 share kept, speed.

Key: sha256 of model id + weights hash, tokenizer and chat-template hashes, the data
fingerprint (token ids, row ids and order of train + eval pairs), max lengths, each SAE's
identity and hook, pooling options, model dtype, ``store_k`` and the listed features,
and :data:`CACHE_FORMAT_VERSION`. The cache lives in ``<root>/<key[:16]>/`` with
``root = reference.cache_dir`` or ``<FEATURECTL_HOME or ~/.cache/featurectl>/refcache``.
If ``reference.cache_dir`` is itself a cache directory (holds ``manifest.json``), that
cache is used as is and any key difference is an error naming the fields.

One pass serves many feature sets: a complete cache whose key differs from the run's
only in the listed features serves the run when it holds those features exactly (a dense
cache holds every feature; small caches are dense, see ``sparse.DENSE_CACHE_MAX_BYTES``;
a sparse one must have been built for a superset of the run's listed features). Before
computing anything, :func:`ensure_cache` looks for such a cache under the root.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from pathlib import Path
from typing import Any, Callable, Optional

from ..config import RunConfig
from ..pairs import TokenizedPair
from ..errors import CacheError
from ..prepare import Prepared
from ..runlock import RunLock
from . import store
from .build import barrier, build_cache, dist_info, init_distributed_if_launched, plan_manifest
from .key import CACHE_FORMAT_VERSION, cache_key, diff_fields, key_fields, serving_diffs
from .reader import CachedReference, check_key
from .sparse import densify, sparsify, storage_layout

__all__ = [
    "CACHE_FORMAT_VERSION",
    "CachedReference",
    "DEFAULT_ROWS_PER_SHARD",
    "cache_dir_for",
    "cache_root",
    "cache_rows",
    "find_serving_cache",
    "densify",
    "diff_fields",
    "ensure_cache",
    "inspect_cache",
    "key_fields",
    "sparsify",
    "storage_layout",
]

DEFAULT_ROWS_PER_SHARD = 2048  # pairs; an interrupted pass loses at most one shard of work
LOCK_WAIT_S = 6 * 3600.0  # how long a second process waits for the one building the same key


def cache_root(cfg: RunConfig) -> Path:
    if cfg.reference.cache_dir:
        return Path(cfg.reference.cache_dir).expanduser()
    home = os.environ.get("FEATURECTL_HOME")
    return (Path(home).expanduser() if home else Path.home() / ".cache" / "featurectl") / "refcache"


def cache_dir_for(cfg: RunConfig, key: str) -> Path:
    """``<root>/<key[:16]>``, or ``root`` itself when it already is a cache directory."""
    root = cache_root(cfg)
    if (root / store.MANIFEST).is_file():
        return root
    return root / key[:16]


def cache_rows(prep: Prepared) -> list[TokenizedPair]:
    """Train + eval pairs in cache order (ascending row id)."""
    rows = sorted(list(prep.train_pairs) + list(prep.eval_pairs), key=lambda p: p.row_id)
    for a, b in zip(rows, rows[1:]):
        if a.row_id == b.row_id:
            raise CacheError(f"row id {a.row_id} appears twice among the train and eval pairs")
    return rows


def find_serving_cache(root: Path, fields: dict[str, Any]) -> Optional[Path]:
    """A complete cache directory under ``root`` that can serve a run with key ``fields``
    (same inputs; the run's listed features held exactly), or None. The newest wins."""
    if not root.is_dir():
        return None
    found = []
    for manifest_path in root.glob(f"*/{store.MANIFEST}"):
        try:
            manifest = store.read_manifest(manifest_path.parent)
        except CacheError:
            continue  # an unreadable neighbour is not this run's business
        if manifest and manifest.get("complete") and not serving_diffs(manifest, fields):
            found.append((manifest_path.stat().st_mtime, manifest_path.parent))
    return max(found)[1] if found else None


def _warn_small_store_k(prep: Prepared) -> None:
    store_k = prep.cfg.reference.store_k
    ks = [fs.top_k for fs in prep.feature_sets if fs is not None]
    ks += [int(v) for name, v in prep.cfg.loss.items() if name in ("k", "top_k") and isinstance(v, int)]
    if ks and max(ks) > store_k:
        warnings.warn(
            f"reference.store_k={store_k} is below the FPO top-k ({max(ks)}): the reference's own top-k "
            "features are then not all stored; raise reference.store_k", stacklevel=3,
        )


def ensure_cache(prep: Prepared, log: Optional[Callable[[str], None]] = None, *, repair: bool = False,
                 rows_per_shard: int = DEFAULT_ROWS_PER_SHARD, model=None) -> CachedReference:
    """Open the cache matching ``prep`` (a :class:`featurectl.prepare.Prepared`), computing it first
    if it is missing or incomplete.

    Args:
        prep: the prepared run; ``prep.model`` must still be untrained (it runs the pass).
        log: progress messages (default: silent).
        repair: recompute missing or corrupt shards of a complete cache instead of raising.
        rows_per_shard: pairs per shard for a new cache (an interrupted cache keeps its plan).
        model: run the pass with this model instead of ``prep.model`` (a separately loaded reference).

    Raises:
        CacheError: key mismatch (fields named), missing/corrupt shard (file named), and so on.

    Collective under torch.distributed: every rank must call it.
    """
    log = log or (lambda msg: None)
    init_distributed_if_launched()
    _warn_small_store_k(prep)
    fields = key_fields(prep)
    key = cache_key(fields)
    directory = cache_dir_for(prep.cfg, key)
    rank, _ = dist_info()
    # One builder per cache key: the launching rank locks the key's directory (a second
    # process waits, then reuses what the first built); the job's other ranks build under it.
    with _key_lock(directory, log) if rank == 0 else contextlib.nullcontext():
        barrier()  # the other ranks read the manifest only once rank 0 holds the key
        return _open_or_build(prep, directory, fields, key, log, repair, rows_per_shard, model)


@contextlib.contextmanager
def _key_lock(directory: Path, log: Callable[[str], None]):
    """Hold the cache key's lock; a directory we may not write (a shared read-only cache) is used unlocked."""
    lock = RunLock(directory, what="reference cache", wait_s=LOCK_WAIT_S, poll_s=2.0, log=log,
                   hint="it is still being built; run again once that process has finished")
    try:
        lock.acquire()
    except PermissionError as e:
        log(f"reference cache {directory}: cannot take its lock ({e.strerror}); reading it without one")
        yield
        return
    try:
        yield
    finally:
        lock.release()


def _open_or_build(prep, directory: Path, fields: dict[str, Any], key: str, log: Callable[[str], None],
                   repair: bool, rows_per_shard: int, model) -> CachedReference:
    rank, _ = dist_info()
    manifest = store.read_manifest(directory)
    if manifest is None and directory != cache_root(prep.cfg):
        shared = find_serving_cache(cache_root(prep.cfg), fields)
        if shared is not None:
            log(f"reference cache {shared} holds this run's inputs and listed features: reusing it, no reference pass")
            return CachedReference.open(shared, fields)
    if manifest is not None:
        check_key(directory, manifest, fields)
    if manifest is not None and manifest.get("complete"):
        try:
            ref = CachedReference.open(directory, fields)
            log(f"reference cache {directory} matches this run (key {key[:16]}): reusing it, no reference model")
            return ref
        except CacheError:
            if not repair:
                raise
            log(f"repairing the reference cache {directory}")
    rows = cache_rows(prep)
    if manifest is not None and store.manifest_problem(manifest, complete=False):
        manifest = None  # a plan too damaged to keep (e.g. `shards: []`): plan afresh
    if manifest is None or manifest.get("complete"):
        # a fresh plan, or the plan of a complete cache being repaired (its shard entries kept)
        plan = manifest or plan_manifest(fields, key, prep, len(rows), rows_per_shard)
        plan = dict(plan, complete=False)
        if rank == 0:
            directory.mkdir(parents=True, exist_ok=True)
            store.write_manifest(directory, plan)
        manifest = plan
    barrier()
    build_cache(prep, directory, manifest, rows, log=log, model=model)
    return CachedReference.open(directory, fields)


def inspect_cache(directory) -> dict[str, Any]:
    """Summary of a cache directory for ``featurectl cache-ref --inspect`` (verifies shard hashes)."""
    directory = Path(directory)
    manifest = store.read_manifest(directory)
    if manifest is None:
        raise CacheError(f"no reference cache at {directory} (no {store.MANIFEST})")
    problem = store.manifest_problem(manifest, complete=False)
    if problem:
        raise CacheError(f"reference cache {directory} is corrupt: {store.MANIFEST}: {problem}; "
                         f"{store.repair_hint(directory)}")
    shards = []
    for i, entry in enumerate(manifest["shards"]):
        ok = store.shard_is_done(directory, entry if "sha256" in entry else store.read_receipt(directory, i),
                                 tuple(entry["rows"]))
        shards.append({"file": entry["file"], "rows": entry["rows"], "ok": ok})
    return {
        "directory": str(directory),
        "key": manifest["key"],
        "key_fields": manifest["key_fields"],
        "complete": bool(manifest.get("complete")),
        "n_rows": manifest["n_rows"],
        "store_k": manifest["store_k"],
        "attachments": manifest["attachments"],
        "stats": manifest.get("stats", {}),
        "shards": shards,
    }

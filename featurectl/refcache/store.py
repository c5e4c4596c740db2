"""On-disk layout of one reference cache directory (safetensors + JSON, no pickle).

::

    <dir>/manifest.json            key, key fields, shard plan; "complete": true written last
    <dir>/shard-00000.safetensors  rows [start, end) of the cache order (sorted row ids)
    <dir>/shard-00000.json         per-shard receipt (sha256, stats) until the manifest merges it

Tensors of a shard (n = end - start rows, W_a = min(store_k, d_sae - |listed_a|) + |listed_a|):

    row_ids                 (n,)      int64
    {side}_logps            (n,)      float32   side in chosen, rejected
    {side}_lengths          (n,)      int32
    {side}_feat_idx_{a}     (n, W_a)  int32     a = SAE attachment index; -1 = empty slot
    {side}_feat_val_{a}     (n, W_a)  float16
    {side}_feat_dense_{a}   (n, d_sae) float16  instead of idx/val when the attachment's
                                                layout is "dense" (see sparse.storage_layout)

Crash safety: a shard and then its receipt are each written to a temp file and
renamed. A shard counts as done only when its receipt exists and the shard's sha256
matches it, so a pass killed half-way leaves either a done shard or one that is
redone. The manifest says ``complete: true`` only after every shard is done.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import torch

from ..errors import CacheError
from ..io import atomic_path, sha256_bytes, sha256_file, write_json

MANIFEST = "manifest.json"
SIDES = ("chosen", "rejected")
FORMAT_NAME = "featurectl-refcache"


def shard_file(i: int) -> str:
    return f"shard-{i:05d}.safetensors"


def receipt_file(i: int) -> str:
    return f"shard-{i:05d}.json"


def shard_ranges(n_rows: int, rows_per_shard: int) -> list[tuple[int, int]]:
    """Fixed [start, end) row ranges; the plan depends only on n_rows and rows_per_shard."""
    return [(s, min(s + rows_per_shard, n_rows)) for s in range(0, n_rows, rows_per_shard)]


def expected_shapes(n: int, attachments: list[dict[str, Any]]) -> dict[str, tuple[tuple[int, ...], torch.dtype]]:
    """Tensor name -> (shape, dtype) of a shard of ``n`` rows (``attachments`` as in the manifest)."""
    shapes: dict[str, tuple[tuple[int, ...], torch.dtype]] = {"row_ids": ((n,), torch.int64)}
    for side in SIDES:
        shapes[f"{side}_logps"] = ((n,), torch.float32)
        shapes[f"{side}_lengths"] = ((n,), torch.int32)
        for a, att in enumerate(attachments):
            if att["layout"] == "dense":
                shapes[f"{side}_feat_dense_{a}"] = ((n, int(att["d_sae"])), torch.float16)
            else:
                shapes[f"{side}_feat_idx_{a}"] = ((n, int(att["width"])), torch.int32)
                shapes[f"{side}_feat_val_{a}"] = ((n, int(att["width"])), torch.float16)
    return shapes


def write_shard(directory: Path, i: int, tensors: dict[str, torch.Tensor], receipt: dict[str, Any]) -> dict[str, Any]:
    """Write shard ``i`` atomically, then its receipt (with the shard's sha256 and size)."""
    from safetensors.torch import save_file

    path = directory / shard_file(i)
    with atomic_path(path) as tmp:
        save_file({k: v.contiguous().cpu() for k, v in tensors.items()}, str(tmp),
                  metadata={"format": FORMAT_NAME, "shard": str(i)})
        receipt = dict(receipt, file=path.name, sha256=sha256_file(tmp), bytes=tmp.stat().st_size)
    write_json(directory / receipt_file(i), receipt)
    return receipt


def read_receipt(directory: Path, i: int) -> Optional[dict[str, Any]]:
    path = directory / receipt_file(i)
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def shard_is_done(directory: Path, entry: Optional[dict[str, Any]], rows: tuple[int, int]) -> bool:
    """True when ``entry`` (a receipt or manifest shard entry) covers ``rows`` and the
    shard file on disk still has the recorded sha256."""
    if not entry or tuple(entry.get("rows", ())) != tuple(rows):
        return False
    path = directory / entry.get("file", "")
    return path.is_file() and path.stat().st_size == entry.get("bytes") and sha256_file(path) == entry.get("sha256")


def shard_is_valid(directory: Path, entry: Optional[dict[str, Any]], rows: tuple[int, int],
                   attachments: list[dict[str, Any]]) -> bool:
    """:func:`shard_is_done` and the shard also loads with the expected tensors."""
    if not shard_is_done(directory, entry, rows):
        return False
    try:
        load_shard(directory, entry, attachments)
    except CacheError:
        return False
    return True


def read_manifest(directory: Path) -> Optional[dict[str, Any]]:
    path = Path(directory) / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise CacheError(f"{path}: unreadable manifest ({e}); delete {directory} to rebuild the cache") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise CacheError(f"{path}: not a featurectl reference-cache manifest")
    return manifest


def repair_hint(directory: Path) -> str:
    return (f"rerun `featurectl cache-ref --config RUN.yaml --repair` (or delete {directory}) to recompute it")


def manifest_problem(manifest: dict[str, Any], *, complete: bool) -> Optional[str]:
    """Why ``manifest`` cannot describe a cache (its shard plan or attachments are damaged), or None.

    ``complete``: also require each shard entry's sha256 and size (merged receipts)."""
    n_rows, shards, atts = manifest.get("n_rows"), manifest.get("shards"), manifest.get("attachments")
    if not isinstance(n_rows, int) or n_rows < 0:
        return f"n_rows is {n_rows!r}"
    if not isinstance(atts, list) or not all(
            isinstance(a, dict) and isinstance(a.get("d_sae"), int) and a["d_sae"] > 0 for a in atts):
        return "attachments lack a valid d_sae"
    if not isinstance(shards, list) or (n_rows > 0 and not shards):
        return f"no shards listed for {n_rows} rows"
    start = 0
    for i, entry in enumerate(shards):
        rows = entry.get("rows") if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            return f"shard entry {i} has no file name"
        if not (isinstance(rows, list) and len(rows) == 2 and rows[0] == start and rows[1] > start):
            return f"shard entry {i} ({entry['file']}) has rows {rows!r}, expected [{start}, ...]"
        if complete and not (isinstance(entry.get("sha256"), str) and isinstance(entry.get("bytes"), int)):
            return f"shard entry {i} ({entry['file']}) has no sha256/bytes"
        start = rows[1]
    if start != n_rows:
        return f"shards cover rows [0, {start}) but n_rows is {n_rows}"
    return None


def check_manifest(directory: Path, manifest: dict[str, Any]) -> None:
    """CacheError ("corrupt cache", with repair advice) for a complete manifest that cannot be read."""
    problem = manifest_problem(manifest, complete=True)
    if problem:
        raise CacheError(f"reference cache {directory} is corrupt: {MANIFEST}: {problem}; {repair_hint(directory)}")


def write_manifest(directory: Path, manifest: dict[str, Any]) -> None:
    write_json(Path(directory) / MANIFEST, manifest)


def load_shard(directory: Path, entry: dict[str, Any], attachments: list[dict[str, Any]]) -> dict[str, torch.Tensor]:
    """Read one shard, checking presence, sha256, safetensors integrity, names and shapes.

    Every failure is a CacheError naming the shard file.
    """
    from safetensors.torch import load

    path = Path(directory) / entry["file"]
    hint = repair_hint(directory)
    if not path.is_file():
        raise CacheError(f"reference cache shard {path} is missing; {hint}")
    data = path.read_bytes()
    if sha256_bytes(data) != entry["sha256"]:
        raise CacheError(
            f"reference cache shard {path} is corrupt (sha256 differs from the manifest, "
            f"{len(data)} bytes on disk vs {entry.get('bytes')} written); {hint}"
        )
    try:
        tensors = load(data)
    except Exception as e:  # safetensors raises its own error types
        raise CacheError(f"reference cache shard {path} cannot be read as safetensors ({e}); {hint}") from None
    start, end = entry["rows"]
    for name, (shape, dtype) in expected_shapes(end - start, attachments).items():
        t = tensors.get(name)
        if t is None or tuple(t.shape) != shape or t.dtype != dtype:
            got = "missing" if t is None else f"{tuple(t.shape)} {t.dtype}"
            raise CacheError(
                f"reference cache shard {path}: tensor {name!r} should be {shape} {dtype}, got {got}; {hint}"
            )
    for a, att in enumerate(attachments):  # an index >= d_sae would crash densify's scatter
        for side in SIDES:
            idx = tensors.get(f"{side}_feat_idx_{a}")
            d_sae = int(att["d_sae"])
            if idx is not None and idx.numel() and (int(idx.max()) >= d_sae or int(idx.min()) < -1):
                bad = int(idx.max()) if int(idx.max()) >= d_sae else int(idx.min())
                raise CacheError(
                    f"reference cache shard {path} is corrupt: {side}_feat_idx_{a} holds feature index {bad}, "
                    f"but d_sae is {d_sae} (valid: 0..{d_sae - 1}, -1 = empty slot); {hint}"
                )
    return tensors

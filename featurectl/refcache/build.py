"""The cache pass: one no-grad forward of the reference model over every pair.

Which model runs it. Before the first optimizer step the policy *is* the reference
(FPO, DPO and SimPO+KL all start from pi_ref = the initial policy), so the pass uses
the prepared policy model itself, in eval mode under ``torch.no_grad``: exact, and it
never holds a second copy of the weights. (With LoRA the adapters start at B = 0, so the
wrapped model computes the same function.) ``ensure_cache`` must therefore run before
training starts; ``featurectl.train.build_reference`` calls it before the Trainer is
built. ``featurectl cache-ref`` loads the model fresh, which is the same thing.

Distributed (``accelerate launch``): shard ``i`` is computed by rank ``i % world``;
after a barrier rank 0 merges the receipts into the manifest, and after a second
barrier every rank reads the cache.
"""

from __future__ import annotations

import datetime
import os
import time
from pathlib import Path
from typing import Any, Callable, Optional

import torch
from tqdm.auto import tqdm

from .. import __version__
from .. import forward as _forward  # module reference so tests can count forward passes
from ..pairs import PairCollator, TokenizedPair
from ..devices import default_device
from ..errors import CacheError
from ..prepare import Prepared, feature_hooks_for
from . import store
from .key import listed_features
from .sparse import check_fp16, sparsify, storage_layout


def init_distributed_if_launched() -> None:
    """Join the process group now if this process was started by ``accelerate launch`` /
    ``torchrun`` (WORLD_SIZE > 1) and nobody has initialised it yet.

    ``featurectl.train`` builds the reference before the Trainer's ``TrainingArguments``,
    which is where HF would initialise it; without this, every rank would compute the
    whole cache. ``accelerate.PartialState`` is what TrainingArguments uses, and it does
    not re-initialise an existing group, so the Trainer later reuses this one. The
    timeout matches TrainingArguments' default ``ddp_timeout`` (1800 s).
    """
    if int(os.environ.get("WORLD_SIZE", "1")) <= 1 or not torch.distributed.is_available():
        return
    if torch.distributed.is_initialized():
        return
    from accelerate import PartialState

    cpu = not torch.cuda.is_available() or os.environ.get("ACCELERATE_USE_CPU", "").lower() in ("1", "true", "yes")
    PartialState(cpu=cpu, timeout=datetime.timedelta(seconds=1800))


def dist_info() -> tuple[int, int]:
    """(rank, world size); (0, 1) without an initialised process group."""
    if torch.distributed.is_available() and torch.distributed.is_initialized():
        return torch.distributed.get_rank(), torch.distributed.get_world_size()
    return 0, 1


def barrier() -> None:
    if dist_info()[1] > 1:
        torch.distributed.barrier()


def pass_device(model) -> torch.device:
    """The accelerator this process will train on, else where the model already is."""
    if torch.cuda.is_available() and default_device() != "cpu":
        return torch.device("cuda", int(os.environ.get("LOCAL_RANK", torch.cuda.current_device())))
    return next(model.parameters()).device


def device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    return str(device)


def _compute_shard(model, prep: Prepared, hooks, rows: list[TokenizedPair], batch_size: int, attachments: list[dict[str, Any]],
                   device: torch.device, progress) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """Forward the pairs of one shard; return its tensors and its receipt statistics."""
    cfg = prep.cfg
    n = len(rows)
    collate = PairCollator(prep.tokenizer.pad_token_id)
    out: dict[str, torch.Tensor] = {"row_ids": torch.tensor([p.row_id for p in rows], dtype=torch.int64)}
    for side in store.SIDES:
        out[f"{side}_logps"] = torch.zeros(n, dtype=torch.float32)
        out[f"{side}_lengths"] = torch.zeros(n, dtype=torch.int32)
        for name, (shape, dtype) in store.expected_shapes(n, attachments).items():
            if name.startswith(side):
                out[name] = torch.zeros(shape, dtype=dtype)
    listed = [torch.tensor(att["listed"], dtype=torch.long) for att in attachments]
    share_sum = [0.0] * len(attachments)
    n_tokens = 0
    # Longest first, so each batch pads little; results go back to their row slots.
    def padded_len(i: int) -> int:
        return len(rows[i].prompt_ids) + max(len(rows[i].chosen_ids), len(rows[i].rejected_ids))

    order = sorted(range(n), key=lambda i: -padded_len(i))
    t0 = time.perf_counter()
    for s in range(0, n, batch_size):
        pos = order[s : s + batch_size]
        b = len(pos)
        batch = collate([{"row_id": rows[i].row_id, "prompt_ids": rows[i].prompt_ids,
                          "chosen_ids": rows[i].chosen_ids, "rejected_ids": rows[i].rejected_ids} for i in pos])
        batch = {k: v.to(device) for k, v in batch.items()}
        # Always the per-response mean: 'padded' pooling divides by the padded length of
        # the *training* batch, which the reader applies (CachedReference.features).
        fo = _forward.forward_batch(
            model, batch, feature_hooks=hooks,
            pooling_denominator="response",
            features_after_final_norm=cfg.pooling.features_after_final_norm,
            chunk_size=cfg.train.logps_chunk_size,
        )
        n_tokens += fo.n_tokens
        idx = torch.tensor(pos, dtype=torch.long)
        for j, side in enumerate(store.SIDES):
            part = slice(j * b, (j + 1) * b)  # chosen rows first, then rejected (PairCollator)
            out[f"{side}_logps"][idx] = fo.logps[part].float().cpu()
            out[f"{side}_lengths"][idx] = fo.lengths[part].round().to(torch.int32).cpu()
            for a, feats in enumerate(fo.features):
                if attachments[a]["layout"] == "dense":
                    check_fp16(feats[part])
                    out[f"{side}_feat_dense_{a}"][idx] = feats[part].to(torch.float16).cpu()
                    share_sum[a] += float(b)  # everything kept
                    continue
                fi, fv, share = sparsify(feats[part], attachments[a]["width"] - len(listed[a]), listed[a])
                out[f"{side}_feat_idx_{a}"][idx] = fi.cpu()
                out[f"{side}_feat_val_{a}"][idx] = fv.cpu()
                share_sum[a] += float(share.sum())
        progress.update(b)
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    stats = {"n_tokens": n_tokens, "compute_s": time.perf_counter() - t0,
             "kept_l1_share_sum": share_sum, "n_responses": 2 * n}
    return out, stats


def _attachment(store_k: int, hook: str, d_sae: int, listed: list[int], n_rows: int = 0) -> dict[str, Any]:
    layout, width = storage_layout(store_k, d_sae, len(listed), n_rows)
    return {"hook": hook, "d_sae": d_sae, "listed": listed, "layout": layout, "width": width}


def plan_manifest(fields: dict[str, Any], key: str, prep: Prepared, n_rows: int, rows_per_shard: int) -> dict[str, Any]:
    return {
        "format": store.FORMAT_NAME,
        "format_version": fields["format_version"],
        "key": key,
        "key_fields": fields,
        "complete": False,
        "n_rows": n_rows,
        "rows_per_shard": rows_per_shard,
        "store_k": prep.cfg.reference.store_k,
        "attachments": [_attachment(prep.cfg.reference.store_k, att.hook, sae.d_sae, listed_features(fs), n_rows)
                        for att, sae, fs in zip(prep.cfg.saes, prep.saes, prep.feature_sets)],
        "shards": [
            {"file": store.shard_file(i), "rows": [s, e]}
            for i, (s, e) in enumerate(store.shard_ranges(n_rows, rows_per_shard))
        ],
        "featurectl_version": __version__,
    }


def finalize_manifest(directory: Path, manifest: dict[str, Any], receipts: list[dict[str, Any]],
                      device: str, world: int) -> dict[str, Any]:
    """Merge the shard receipts, add totals, write ``complete: true`` (last)."""
    n_att = len(manifest["attachments"])
    n_tokens = sum(r["n_tokens"] for r in receipts)
    compute_s = sum(r["compute_s"] for r in receipts)
    n_resp = sum(r["n_responses"] for r in receipts)
    share = [sum(r["kept_l1_share_sum"][a] for r in receipts) / max(n_resp, 1) for a in range(n_att)]
    total_bytes = sum(r["bytes"] for r in receipts)
    manifest = dict(manifest)
    manifest["shards"] = receipts
    manifest["stats"] = {
        "n_tokens": n_tokens,
        "compute_s": round(compute_s, 4),
        # per device: summed compute seconds of all ranks
        "tokens_per_s": n_tokens / compute_s if compute_s > 0 else None,
        "kept_l1_share": share,
        "bytes": total_bytes,
        "bytes_per_pair": total_bytes / max(manifest["n_rows"], 1),
        "device": device,
        "world_size": world,
    }
    manifest["created"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    manifest["complete"] = True
    store.write_manifest(directory, manifest)
    for i in range(len(receipts)):
        (directory / store.receipt_file(i)).unlink(missing_ok=True)
    return manifest


def build_cache(prep: Prepared, directory: Path, manifest: dict[str, Any], rows: list[TokenizedPair], *,
                log: Callable[[str], None], model=None) -> dict[str, Any]:
    """Compute every shard of ``manifest``'s plan that is not done yet; return the final manifest.

    Collective under torch.distributed: every rank must call it.
    """
    rank, world = dist_info()
    model = prep.model if model is None else model
    cfg = prep.cfg
    plan = manifest["shards"]
    attachments = manifest["attachments"]
    done_entries: list[Optional[dict[str, Any]]] = []
    for i, entry in enumerate(plan):
        receipt = store.read_receipt(directory, i)
        if store.shard_is_valid(directory, receipt, tuple(entry["rows"]), attachments):
            done_entries.append(receipt)
        elif "sha256" in entry and store.shard_is_valid(directory, entry, tuple(entry["rows"]), attachments):
            done_entries.append(entry)  # a shard of a once-complete cache (repair)
        else:
            done_entries.append(None)
    todo = [i for i, e in enumerate(done_entries) if e is None]
    mine = [i for i in todo if i % world == rank]
    if rank == 0:
        skipped = len(plan) - len(todo)
        log(
            f"computing the reference cache in {directory}: {len(todo)} of {len(plan)} shard(s) to do"
            + (f" ({skipped} already done)" if skipped else "")
            + f", {manifest['n_rows']} pairs, one no-grad pass of the untouched policy model "
            "(before training it is the reference)"
            + (f", sharded over {world} ranks" if world > 1 else "")
        )
    device = pass_device(model)
    was_training = model.training
    model.to(device)
    model.eval()
    hooks = feature_hooks_for(model, cfg, prep.saes) if prep.saes else []
    n_mine = sum(plan[i]["rows"][1] - plan[i]["rows"][0] for i in mine)
    progress = tqdm(total=n_mine, desc="reference cache", unit="pair", disable=rank != 0)
    try:
        with torch.no_grad():
            for i in mine:
                s, e = plan[i]["rows"]
                tensors, stats = _compute_shard(model, prep, hooks, rows[s:e], cfg.reference.batch_size,
                                                attachments, device, progress)
                done_entries[i] = store.write_shard(directory, i, tensors, {"rows": [s, e], **stats})
    finally:
        progress.close()
        model.train(was_training)
    barrier()
    if rank == 0:
        receipts = []
        for i, entry in enumerate(plan):
            r = done_entries[i] or store.read_receipt(directory, i)
            if not store.shard_is_done(directory, r, tuple(entry["rows"])):
                raise CacheError(f"reference cache shard {directory / store.shard_file(i)} was not written by its rank")
            receipts.append(r)
        manifest = finalize_manifest(directory, manifest, receipts, device_name(device), world)
        st = manifest["stats"]
        log(f"reference cache complete: {manifest['n_rows']} pairs, {st['bytes_per_pair']:.0f} bytes/pair, "
            f"{st['tokens_per_s']:.0f} tokens/s" if st["tokens_per_s"] else "reference cache complete")
    barrier()
    return store.read_manifest(directory)

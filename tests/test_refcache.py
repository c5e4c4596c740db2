"""Offline reference cache: sparse encoding, round trip against an online reference, key
mismatches per field, corrupt/missing shards, resume after a kill, training without a
reference model, FPO loss equality, CLI inspection, two-rank pass."""

from __future__ import annotations

import copy
import dataclasses
import json
import shutil
from pathlib import Path

import pytest
import torch
import yaml

from featurectl.errors import CacheError

from helpers_train import PAIRS, run_config, write_pairs, write_random_sae

EVAL_PAIRS = [
    {"prompt": "Count to two.", "chosen": "Un, deux.", "rejected": "One, two."},
    {"prompt": "Say yes.", "chosen": "Oui.", "rejected": "Yes indeed."},
    {"prompt": "Name a day.", "chosen": "Lundi.", "rejected": "Monday, the first."},
]
LISTED = [0, 1, 2, 5]  # feature indices the test feature set lists
N_ROWS = len(PAIRS) + len(EVAL_PAIRS)  # 8 train + 3 eval = 11
ROWS_PER_SHARD = 3  # shards [0,3) [3,6) [6,9) [9,11)
BATCH = 2  # reference.batch_size: 2, 2, 2 and 1 forward calls per shard


# --------------------------------------------------------------------------- builders


def write_feature_set(path: Path, sae_dir: Path, listed=LISTED, top_k: int = 8) -> Path:
    feats = [{"index": i, "beta": 2.0} for i in listed]
    if feats:
        feats[-1] = {"index": listed[-1], "beta": 0.0}  # listed with beta 0: still stored exactly
    fs = {"name": "t", "model": "tiny-llama", "sae": {"path": str(sae_dir)}, "hook": "blocks.1.hook_resid_post",
          "top_k": top_k, "features": feats}
    path.write_text(yaml.safe_dump(fs), encoding="utf-8")
    return path


def make_cfg_dict(tmp: Path, sae_dir: Path, *, method: str = "fpo", store_k: int = 8, steps: int = 1,
                  feature_set: bool = True, top_k: int = 8) -> dict:
    fs = str(write_feature_set(tmp / "fs.yaml", sae_dir, top_k=top_k)) if feature_set else None
    cfg = run_config(tmp, method=method, sae_dir=sae_dir, feature_set=fs, steps=steps,
                     extra_loss={"top_k": top_k} if method == "fpo" else None)
    cfg["data"]["eval"] = str(write_pairs(tmp / "eval.jsonl", EVAL_PAIRS))
    cfg["reference"] = {"cache_dir": str(tmp / "refcache"), "store_k": store_k, "batch_size": BATCH}
    return cfg


def make_prep(cfg_dict: dict):
    from featurectl.config import parse_run_config
    from featurectl.prepare import prepare

    return prepare(parse_run_config(cfg_dict))


def online_outputs(prep):
    """Reference outputs of a *separately loaded* reference model over all pairs in one batch."""
    from featurectl.pairs import PairCollator
    from featurectl.models import load_model
    from featurectl.reference import OnlineReference
    from featurectl.refcache import cache_rows
    from featurectl.prepare import feature_hooks_for

    ref_model, _, _ = load_model("tiny-llama")
    online = OnlineReference(ref_model, feature_hooks_for(ref_model, prep.cfg, prep.saes),
                             pooling_denominator=prep.cfg.pooling.denominator, chunk_size=16)
    rows = cache_rows(prep)
    batch = PairCollator(prep.tokenizer.pad_token_id)(
        [{"row_id": p.row_id, "prompt_ids": p.prompt_ids, "chosen_ids": p.chosen_ids, "rejected_ids": p.rejected_ids}
         for p in rows])
    return batch, online.reference_outputs(batch, logps=True, features=True)


class ForwardCounter:
    def __init__(self, monkeypatch):
        import featurectl.forward as fwd

        self.calls = 0
        real = fwd.forward_batch

        def counting(*args, **kwargs):
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(fwd, "forward_batch", counting)


@pytest.fixture(scope="module", autouse=True)
def _sparse_layout():
    """These tests exercise the sparse encoding: no dense layout just because a tiny cache is small."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("featurectl.refcache.sparse.DENSE_CACHE_MAX_BYTES", 0)
        yield


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One complete cache shared by the read-only tests: (tmp dir, cfg dict, prep, cache)."""
    from featurectl.refcache import ensure_cache

    tmp = tmp_path_factory.mktemp("built")
    sae_dir = write_random_sae(tmp / "sae")
    cfg = make_cfg_dict(tmp, sae_dir)
    prep = make_prep(cfg)
    ref = ensure_cache(prep, rows_per_shard=ROWS_PER_SHARD)
    return tmp, cfg, prep, ref


@pytest.fixture
def cache_copy(built, tmp_path):
    """A private copy of the built cache (for tests that damage it) and a prep pointing at it."""
    _, cfg, prep, ref = built
    dest = tmp_path / "copy"
    shutil.copytree(ref.directory, dest)
    cfg2 = copy.deepcopy(cfg)
    cfg2["reference"]["cache_dir"] = str(dest)  # a cache directory itself: used as is
    from featurectl.config import parse_run_config

    return dest, dataclasses.replace(prep, cfg=parse_run_config(cfg2))


# --------------------------------------------------------------------------- sparse encoding


def test_sparsify_keeps_top_k_and_every_listed_feature():
    """Row 0 = [0.5, 0, 3, 1, 2, 0.25], store_k=2, listed {0, 5}:
    top-2 among non-listed by |value| = features 2 (3.0) and 4 (2.0); listed appended with
    exact values 0.5 and 0.25. Kept L1 = 3+2+0.5+0.25 = 5.75 of 6.75 -> 0.85185.
    Row 1 is all zero: top slots empty (-1), listed slots hold exact zeros, share 1.
    """
    from featurectl.refcache import densify, sparsify

    dense = torch.tensor([[0.5, 0.0, 3.0, 1.0, 2.0, 0.25], [0.0] * 6])
    idx, val, share = sparsify(dense, 2, torch.tensor([0, 5]))
    assert idx.dtype == torch.int32 and val.dtype == torch.float16
    assert idx.tolist() == [[2, 4, 0, 5], [-1, -1, 0, 5]]
    assert val.float().tolist() == [[3.0, 2.0, 0.5, 0.25], [0.0, 0.0, 0.0, 0.0]]
    assert share.tolist() == pytest.approx([5.75 / 6.75, 1.0])
    back = densify(idx, val, 6)
    assert back.tolist() == [[0.5, 0.0, 3.0, 0.0, 2.0, 0.25], [0.0] * 6]  # feature 3 (1.0) dropped


def test_sparsify_pads_when_store_k_exceeds_features():
    """F=3, store_k=4, listed {1}: 2 non-listed features fit, slots 3-4 pad with -1."""
    from featurectl.refcache import sparsify

    idx, val, _ = sparsify(torch.tensor([[1.0, 2.0, 0.5]]), 4, torch.tensor([1]))
    assert idx.tolist() == [[0, 2, -1, -1, 1]]
    assert val.float().tolist() == [[1.0, 0.5, 0.0, 0.0, 2.0]]


def test_storage_layout_goes_dense_when_sparse_is_not_smaller():
    """6 bytes per sparse slot vs 2 per dense feature: dense once 3 * slots >= d_sae.
    d_sae 4096: 1365 slots (8190 B) stay sparse, 1366 (8196 B >= 8192 B) go dense."""
    from featurectl.refcache import storage_layout

    assert storage_layout(256, 4096, 0) == ("sparse", 256)
    assert storage_layout(256, 4096, 10) == ("sparse", 266)
    assert storage_layout(1365, 4096, 0) == ("sparse", 1365)
    assert storage_layout(1366, 4096, 0) == ("dense", 4096)
    assert storage_layout(8, 128, 4) == ("sparse", 12)
    assert storage_layout(40, 128, 4) == ("dense", 128)  # 44 slots * 3 = 132 >= 128


def test_dense_layout_round_trip_is_exact(built, tmp_path):
    """store_k 64 on d_sae 128 -> dense layout: every feature stored (fp16), kept share 1."""
    from featurectl.refcache import ensure_cache

    _, _, prep, _ = built
    prep2 = _replace_cfg(prep, reference__store_k=64, reference__cache_dir=str(tmp_path / "dense"))
    ref = ensure_cache(prep2, rows_per_shard=ROWS_PER_SHARD)
    assert ref.manifest["attachments"][0]["layout"] == "dense"
    assert tuple(ref.tensors["rejected_feat_dense_0"].shape) == (N_ROWS, 128)
    assert "rejected_feat_idx_0" not in ref.tensors
    assert ref.manifest["stats"]["kept_l1_share"] == [1.0]
    batch, online = online_outputs(prep2)
    cached = ref.reference_outputs(batch, logps=True, features=True)
    for side in ("chosen", "rejected"):
        torch.testing.assert_close(cached[f"reference_{side}_features"][0], online[f"reference_{side}_features"][0],
                                   rtol=1e-3, atol=1e-7)


def test_sparsify_refuses_values_beyond_fp16():
    from featurectl.refcache import sparsify

    with pytest.raises(CacheError, match="float16"):
        sparsify(torch.tensor([[7e4, 1.0]]), 1, torch.tensor([], dtype=torch.long))


# --------------------------------------------------------------------------- round trip


def test_round_trip_matches_online_reference(built):
    """Every cached number equals a separately loaded reference model's: log-probs to f32
    precision, stored features to fp16 precision, listed features exact even off the top-k."""
    _, _, prep, ref = built
    batch, online = online_outputs(prep)
    assert ref.n_rows == N_ROWS == batch["row_ids"].numel()
    assert batch["row_ids"].tolist() == list(range(N_ROWS))  # eval rows continue after the 8 train rows
    cached = ref.reference_outputs(batch, logps=True, features=True)
    for side in ("chosen", "rejected"):
        torch.testing.assert_close(cached[f"reference_{side}_logps"], online[f"reference_{side}_logps"],
                                   rtol=0, atol=1e-4)
        dense_online = online[f"reference_{side}_features"][0]  # (11, 128)
        dense_cached = cached[f"reference_{side}_features"][0]
        assert dense_cached.shape == dense_online.shape == (N_ROWS, 128)
        stored = dense_cached != 0
        torch.testing.assert_close(dense_cached[stored], dense_online[stored], rtol=1e-3, atol=1e-6)
        # the 8 largest per row are all stored
        top = dense_online.topk(8, dim=-1).indices
        assert bool(stored.gather(-1, top).all())
        # listed features: exact, including those outside the top-8
        listed = torch.tensor(LISTED)
        torch.testing.assert_close(dense_cached[:, listed], dense_online[:, listed], rtol=1e-3, atol=1e-6)
        rank = dense_online.argsort(dim=-1, descending=True).argsort(dim=-1)  # rank of each feature per row
        assert bool((rank[:, listed] >= 8).any()), "test is vacuous: every listed feature is already in the top-8"
    lengths = ref.tensors["chosen_lengths"]
    assert lengths.dtype == torch.int32 and lengths.tolist() == [len(p.chosen_ids) for p in
                                                                sorted(prep.train_pairs + prep.eval_pairs,
                                                                       key=lambda p: p.row_id)]
    # width = store_k + |listed| = 8 + 4
    assert tuple(ref.tensors["chosen_feat_idx_0"].shape) == (N_ROWS, 12)


def test_padded_pooling_follows_the_training_batch(built, tmp_path):
    """denominator 'padded' (the authors' code) divides the response sum by the batch's padded
    length T, so c-bar_ref depends on which rows share a batch. The cache stores the response
    mean and rescales by |y| / T of the batch it is asked about: equal to an online reference
    for two different batch compositions (all 11 rows; the 2 shortest pairs, smaller T)."""
    from featurectl.pairs import PairCollator
    from featurectl.models import load_model
    from featurectl.refcache import cache_rows, ensure_cache
    from featurectl.reference import OnlineReference
    from featurectl.prepare import feature_hooks_for

    _, _, prep, _ = built
    prep2 = _replace_cfg(prep, pooling__denominator="padded", reference__cache_dir=str(tmp_path / "padded"))
    ref = ensure_cache(prep2, rows_per_shard=ROWS_PER_SHARD)
    ref_model, _, _ = load_model("tiny-llama")
    online = OnlineReference(ref_model, feature_hooks_for(ref_model, prep2.cfg, prep2.saes),
                             pooling_denominator="padded", chunk_size=16)
    rows = cache_rows(prep2)
    collate = PairCollator(prep2.tokenizer.pad_token_id)
    lengths_T = []
    shortest = sorted(rows, key=lambda p: len(p.prompt_ids) + max(len(p.chosen_ids), len(p.rejected_ids)))[:2]
    for subset in (rows, shortest):
        batch = collate([{"row_id": p.row_id, "prompt_ids": p.prompt_ids, "chosen_ids": p.chosen_ids,
                          "rejected_ids": p.rejected_ids} for p in subset])
        lengths_T.append(batch["input_ids"].shape[1])
        want = online.reference_outputs(batch, logps=False, features=True)
        got = ref.reference_outputs(batch, logps=False, features=True)
        for side in ("chosen", "rejected"):
            w, g = want[f"reference_{side}_features"][0], got[f"reference_{side}_features"][0]
            stored = g != 0
            assert bool(stored.gather(-1, w.topk(8, dim=-1).indices).all())
            torch.testing.assert_close(g[stored], w[stored], rtol=1e-3, atol=1e-7)
    assert lengths_T[0] > lengths_T[1]  # the two batches really have different T


def test_kept_l1_share_recorded_matches_recomputation(built):
    """Manifest's kept_l1_share = mean over the 22 responses of (L1 of the top-8 + listed) / L1."""
    _, _, prep, ref = built
    _, online = online_outputs(prep)
    listed = torch.tensor(LISTED)
    shares = []
    for side in ("chosen", "rejected"):
        dense = online[f"reference_{side}_features"][0].abs()
        rest = dense.clone()
        rest[:, listed] = 0
        kept = rest.topk(8, dim=-1).values.sum(-1) + dense[:, listed].sum(-1)
        shares.append(kept / dense.sum(-1))
    expected = torch.cat(shares).mean().item()
    assert ref.manifest["stats"]["kept_l1_share"][0] == pytest.approx(expected, abs=1e-3)
    assert 0 < expected < 1  # a random JumpReLU SAE fires ~half of its 128 features: the cut matters


def test_unknown_row_id_and_hidden_states_are_refused(built):
    _, _, _, ref = built
    batch = {"input_ids": torch.zeros(2, 3, dtype=torch.long), "row_ids": torch.tensor([99])}
    with pytest.raises(CacheError, match=r"\[99\]"):
        ref.reference_outputs(batch, logps=True, features=False)
    batch["row_ids"] = torch.tensor([0])
    with pytest.raises(CacheError, match="TDPO"):
        ref.reference_outputs(batch, logps=True, features=False, keep_hidden=True)


def test_reuse_runs_no_forward(built, monkeypatch):
    from featurectl.refcache import ensure_cache

    _, _, prep, ref = built
    counter = ForwardCounter(monkeypatch)
    again = ensure_cache(prep)
    assert counter.calls == 0 and again.directory == ref.directory and again.key == ref.key


# --------------------------------------------------------------------------- key mismatch


def _replace_cfg(prep, **sections):
    data = prep.cfg.model_dump(mode="json")
    for dotted, value in sections.items():
        head, _, tail = dotted.partition("__")
        data[head][tail] = value
    from featurectl.config import parse_run_config

    return dataclasses.replace(prep, cfg=parse_run_config(data))


def _variant(name, prep, tmp_path, monkeypatch):
    """A Prepared differing from ``prep`` in exactly one real input."""
    from featurectl.sae import random_sae
    from featurectl.tiny import byte_tokenizer, tiny_llama

    if name == "model.weights_sha256":
        model = tiny_llama()
        with torch.no_grad():
            model.lm_head.weight[0, 0] += 1.0
        return dataclasses.replace(prep, model=model, model_info=None)
    if name == "tokenizer_sha256":
        tok = byte_tokenizer()
        tok.add_special_tokens({"additional_special_tokens": ["<|tool|>"]})
        return dataclasses.replace(prep, tokenizer=tok)
    if name == "chat_template_sha256":
        tok = byte_tokenizer()
        tok.chat_template = tok.chat_template.replace("<|im_start|>", "<|im_start|> ")
        return dataclasses.replace(prep, tokenizer=tok)
    if name == "data.fingerprint":
        pairs = copy.deepcopy(prep.train_pairs)
        pairs[3].chosen_ids[0] += 1
        return dataclasses.replace(prep, train_pairs=pairs)
    if name == "data.max_length":
        return _replace_cfg(prep, data__max_length=97)
    if name == "data.max_prompt_length":
        return _replace_cfg(prep, data__max_prompt_length=47)
    if name == "saes[0].sha256":
        return dataclasses.replace(prep, saes=[random_sae(64, 128, seed=7)])
    if name == "saes[0].hook":
        att = prep.cfg.saes[0].model_copy(update={"hook": "blocks.0.hook_resid_post"})
        return dataclasses.replace(prep, cfg=prep.cfg.model_copy(update={"saes": [att]}))
    if name == "pooling.denominator":
        return _replace_cfg(prep, pooling__denominator="padded")
    if name == "pooling.features_after_final_norm":
        return _replace_cfg(prep, pooling__features_after_final_norm=True)
    if name == "dtype":
        return _replace_cfg(prep, model__dtype="bfloat16")
    if name == "store.store_k":
        return _replace_cfg(prep, reference__store_k=16)
    if name == "store.listed":  # a feature the sparse cache does not hold exactly (a subset would be served)
        extra = prep.feature_sets[0].features[0].model_copy(update={"index": 7})
        fs = prep.feature_sets[0].model_copy(update={"features": [*prep.feature_sets[0].features, extra]})
        return dataclasses.replace(prep, feature_sets=[fs])
    if name == "format_version":
        import featurectl.refcache.key as key_mod

        monkeypatch.setattr(key_mod, "CACHE_FORMAT_VERSION", key_mod.CACHE_FORMAT_VERSION + 1)
        return prep
    raise AssertionError(name)


KEY_FIELDS = ["model.weights_sha256", "tokenizer_sha256", "chat_template_sha256", "data.fingerprint",
              "data.max_length", "data.max_prompt_length", "saes[0].sha256", "saes[0].hook",
              "pooling.denominator", "pooling.features_after_final_norm", "dtype", "store.store_k",
              "store.listed", "format_version"]


@pytest.mark.parametrize("field", KEY_FIELDS)
def test_key_mismatch_names_the_field(field, cache_copy, tmp_path, monkeypatch):
    """Change one input; the run's key differs and, pointed at the old cache directory,
    ensure_cache refuses it naming exactly that field (and computes nothing)."""
    from featurectl.refcache import cache_key, ensure_cache, key_fields

    directory, prep = cache_copy
    base = key_fields(prep)
    variant = _variant(field, prep, tmp_path, monkeypatch)
    fields = key_fields(variant)
    assert cache_key(fields) != cache_key(base)
    counter = ForwardCounter(monkeypatch)
    with pytest.raises(CacheError) as err:
        ensure_cache(variant)
    msg = str(err.value)
    assert str(directory) in msg and f"\n  {field}: cache " in msg
    diff_lines = [l for l in msg.splitlines() if l.startswith("  ")]
    # only that field differs (another SAE also differs in kind/provenance: same saes[0] entry)
    prefix = "  saes[0]." if field.startswith("saes[0]") and field != "saes[0].hook" else f"  {field}:"
    assert diff_lines and all(l.startswith(prefix) for l in diff_lines), diff_lines
    assert counter.calls == 0


def test_different_inputs_get_their_own_directory(built, tmp_path):
    """Under a cache root (the normal case) another key is another directory, not an error."""
    from featurectl.refcache import cache_dir_for, cache_key, key_fields

    _, _, prep, ref = built
    other = _replace_cfg(prep, reference__store_k=16)
    assert cache_dir_for(other.cfg, cache_key(key_fields(other))) != ref.directory
    assert ref.directory.name == ref.key[:16]


# --------------------------------------------------------------------------- damaged caches


def _shard(directory: Path, i: int) -> Path:
    return directory / f"shard-{i:05d}.safetensors"


@pytest.mark.parametrize("damage", ["truncate", "flip", "missing"])
def test_damaged_shard_is_named(damage, cache_copy):
    from featurectl.refcache import CachedReference, ensure_cache

    directory, prep = cache_copy
    path = _shard(directory, 1)
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        path.write_bytes(data[:-8] + bytes(b ^ 0xFF for b in data[-8:]))
    else:
        path.unlink()
    expected = "missing" if damage == "missing" else "corrupt"
    with pytest.raises(CacheError, match=rf"shard-00001\.safetensors is {expected}"):
        ensure_cache(prep)
    with pytest.raises(CacheError, match=r"shard-00001\.safetensors"):
        CachedReference.open(directory)


def test_unreadable_safetensors_is_named_and_repair_redoes_one_shard(cache_copy, monkeypatch):
    """A shard whose bytes match the manifest but are not safetensors (the manifest was
    rewritten) fails to load, naming the shard; --repair recomputes only that shard:
    3 pairs at batch 2 = 2 forward calls, and the values come back identical."""
    from featurectl.io import sha256_file
    from featurectl.refcache import CachedReference, ensure_cache

    directory, prep = cache_copy
    before = CachedReference.open(directory)
    path = _shard(directory, 2)
    path.write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00{not json at all")
    manifest = json.loads((directory / "manifest.json").read_text())
    manifest["shards"][2].update(sha256=sha256_file(path), bytes=path.stat().st_size)
    (directory / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CacheError, match=r"shard-00002\.safetensors cannot be read as safetensors"):
        CachedReference.open(directory)
    counter = ForwardCounter(monkeypatch)
    repaired = ensure_cache(prep, repair=True)
    assert counter.calls == 2
    for name, t in before.tensors.items():
        torch.testing.assert_close(repaired.tensors[name], t, rtol=0, atol=1e-5)


# --------------------------------------------------------------------------- interrupted pass


def test_interrupted_pass_never_looks_complete_and_resumes(built, tmp_path, monkeypatch):
    """Kill the pass right after shard 1 is written. Shards 0-1 stay, the manifest says
    incomplete and opening fails; the rerun computes shards 2 and 3 only: 3 + 2 rows at
    batch 2 = 2 + 1 forward calls, and the result equals the uninterrupted cache."""
    import featurectl.refcache.store as store
    from featurectl.refcache import CachedReference, ensure_cache

    _, cfg, prep, full = built
    cfg2 = copy.deepcopy(cfg)
    cfg2["reference"]["cache_dir"] = str(tmp_path / "root")
    from featurectl.config import parse_run_config

    prep2 = dataclasses.replace(prep, cfg=parse_run_config(cfg2))
    real_write = store.write_shard

    def write_then_die(directory, i, tensors, receipt):
        out = real_write(directory, i, tensors, receipt)
        if i == 1:
            raise KeyboardInterrupt("killed")
        return out

    monkeypatch.setattr(store, "write_shard", write_then_die)
    with pytest.raises(KeyboardInterrupt):
        ensure_cache(prep2, rows_per_shard=ROWS_PER_SHARD)
    directory = tmp_path / "root" / full.key[:16]
    manifest = json.loads((directory / "manifest.json").read_text())
    assert manifest["complete"] is False
    assert sorted(p.name for p in directory.glob("shard-*.safetensors")) == [
        "shard-00000.safetensors", "shard-00001.safetensors"]
    with pytest.raises(CacheError, match="incomplete"):
        CachedReference.open(directory)
    kept = {i: _shard(directory, i).stat().st_mtime_ns for i in (0, 1)}

    monkeypatch.setattr(store, "write_shard", real_write)
    counter = ForwardCounter(monkeypatch)
    resumed = ensure_cache(prep2, rows_per_shard=99)  # an existing plan wins over the argument
    assert counter.calls == 3
    assert {i: _shard(directory, i).stat().st_mtime_ns for i in (0, 1)} == kept
    assert [s["rows"] for s in resumed.manifest["shards"]] == [[0, 3], [3, 6], [6, 9], [9, 11]]
    for name, t in full.tensors.items():
        torch.testing.assert_close(resumed.tensors[name], t, rtol=0, atol=1e-5)
    assert not list(directory.glob("*.tmp")) and not list(directory.glob("shard-*.json"))


def test_shard_without_receipt_is_redone(built, tmp_path, monkeypatch):
    """Killed between the shard's rename and its receipt: the shard is not trusted.
    Shard 3 (rows 9-10, 1 forward call) is written but has no receipt -> redone."""
    import featurectl.refcache.store as store
    from featurectl.refcache import ensure_cache

    _, cfg, prep, _ = built
    cfg2 = copy.deepcopy(cfg)
    cfg2["reference"]["cache_dir"] = str(tmp_path / "root")
    from featurectl.config import parse_run_config

    prep2 = dataclasses.replace(prep, cfg=parse_run_config(cfg2))
    real_write = store.write_shard

    def die_before_receipt(directory, i, tensors, receipt):
        out = real_write(directory, i, tensors, receipt)
        if i == 3:
            (directory / store.receipt_file(3)).unlink()
            raise KeyboardInterrupt("killed")
        return out

    monkeypatch.setattr(store, "write_shard", die_before_receipt)
    with pytest.raises(KeyboardInterrupt):
        ensure_cache(prep2, rows_per_shard=ROWS_PER_SHARD)
    monkeypatch.setattr(store, "write_shard", real_write)
    counter = ForwardCounter(monkeypatch)
    ensure_cache(prep2)
    assert counter.calls == 1


# --------------------------------------------------------------------------- training


@pytest.mark.parametrize("method", ["fpo", "dpo", "simpo_kl", "tdpo2"])
def test_training_never_builds_a_reference_model(method, tmp_path, monkeypatch):
    """After prepare(), load_model raises. Cacheable methods train one step from the cache;
    TDPO (online reference) hits the trap, which shows the trap works."""
    import featurectl.models as models
    from featurectl.train import run_training

    sae_dir = write_random_sae(tmp_path / "sae")
    prep = make_prep(make_cfg_dict(tmp_path, sae_dir, method=method, feature_set=method == "fpo"))

    def trap(*args, **kwargs):
        raise AssertionError("a reference model was loaded")

    monkeypatch.setattr(models, "load_model", trap)
    if method == "tdpo2":
        with pytest.raises(AssertionError, match="reference model was loaded"):
            run_training(prep.cfg, prepared=prep)
        return
    run_dir = run_training(prep.cfg, prepared=prep)
    assert json.loads((run_dir / "summary.json").read_text())["status"] == "finished"
    manifests = list((tmp_path / "refcache").glob("*/manifest.json"))
    assert len(manifests) == 1 and json.loads(manifests[0].read_text())["complete"] is True


def test_pass_with_lora_wrapped_policy_equals_plain_pass(built, tmp_path):
    """train.py wraps the policy with LoRA before building the reference; fresh adapters have
    B = 0, so the pass over the wrapped model stores exactly the plain model's numbers."""
    from peft import LoraConfig, get_peft_model

    from featurectl.config import parse_run_config
    from featurectl.refcache import ensure_cache
    from featurectl.tiny import tiny_llama

    _, cfg, prep, full = built
    cfg2 = copy.deepcopy(cfg)
    cfg2["reference"]["cache_dir"] = str(tmp_path / "lora")
    model = tiny_llama()
    get_peft_model(model, LoraConfig(r=4, lora_alpha=8, target_modules="all-linear", task_type="CAUSAL_LM"))
    assert any("lora_A" in n for n, _ in model.named_parameters())
    prep2 = dataclasses.replace(prep, cfg=parse_run_config(cfg2), model=model)
    ref = ensure_cache(prep2, rows_per_shard=ROWS_PER_SHARD)
    assert ref.key == full.key
    for name, t in full.tensors.items():
        torch.testing.assert_close(ref.tensors[name], t, rtol=0, atol=1e-6)


def _step_rows(run_dir: Path) -> list[dict]:
    rows = [json.loads(l) for l in (run_dir / "metrics.jsonl").read_text().splitlines()]
    return [r for r in rows if "loss" in r and "train_runtime" not in r]


@pytest.mark.parametrize("store_k", [128, 8])
def test_fpo_from_cache_equals_fpo_with_online_reference(store_k, tmp_path):
    """Two FPO steps (top_k 8), once from the cache and once with a loaded reference model.

    Step 1: policy == reference, so D = 0 and the reference enters only through the margin
    gamma_ref_LN (f32 log-probs): the losses agree for any store_k. Step 2 (after one AdamW
    update at lr 1e-3) has D > 0. With store_k = d_sae = 128 nothing is cut, so step 2 agrees
    too (to fp16 precision of the stored features). With store_k = 8 it need not: a feature in
    the policy's top-8 but past the reference's 8 stored ones reads 0 instead of its value.
    A random SAE's pooled spectrum is flat (half of 128 features fire at similar values), the
    worst case for the cut; `kept_l1_share` in the manifest measures it for a real SAE.
    """
    from featurectl.config import parse_run_config
    from featurectl.models import load_model
    from featurectl.prepare import prepare
    from featurectl.train import run_training

    sae_dir = write_random_sae(tmp_path / "sae")
    results = {}
    for mode in ("cache", "online"):
        d = make_cfg_dict(tmp_path, sae_dir, store_k=store_k, steps=2)
        d["output_dir"] = str(tmp_path / "runs" / mode)
        cfg = parse_run_config(d)
        ref_model = load_model("tiny-llama")[0] if mode == "online" else None
        results[mode] = _step_rows(run_training(cfg, prepared=prepare(cfg), reference_model=ref_model))
    assert len(list((tmp_path / "refcache").glob("*/manifest.json"))) == 1  # only the cached run made one
    cache, online = results["cache"], results["online"]
    assert [r["step"] for r in cache] == [r["step"] for r in online] == [1, 2]
    assert cache[0]["feature_d/chosen"] < 1e-8 and online[0]["feature_d/chosen"] < 1e-8
    assert online[1]["feature_d/chosen"] > 1e-6  # the constraint is active at step 2
    assert cache[0]["loss"] == pytest.approx(online[0]["loss"], rel=1e-5)
    assert cache[0]["gamma_ref_ln"] == pytest.approx(online[0]["gamma_ref_ln"], rel=1e-5, abs=1e-7)
    if store_k == 128:
        a, b = cache[1], online[1]
        assert a["loss"] == pytest.approx(b["loss"], rel=1e-5)
        for key in ("feature_d/chosen", "feature_d/rejected"):
            assert a[key] == pytest.approx(b[key], rel=5e-3)


# --------------------------------------------------------------------------- CLI


def test_cli_builds_then_inspects(built, tmp_path, capsys):
    """cache-ref writes the same key as ensure_cache; --inspect prints the numbers from the
    manifest: bytes per pair = shard bytes / 11 rows."""
    from featurectl.cli import main

    _, cfg, _, ref = built
    cfg2 = copy.deepcopy(cfg)
    cfg2["reference"]["cache_dir"] = str(tmp_path / "cli")
    path = tmp_path / "run.yaml"
    path.write_text(yaml.safe_dump(cfg2), encoding="utf-8")
    assert main(["cache-ref", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    directory = tmp_path / "cli" / ref.key[:16]
    assert f"reference cache: {directory}" in out
    assert main(["cache-ref", "--inspect", str(directory), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    total = sum(p.stat().st_size for p in directory.glob("shard-*.safetensors"))
    assert info["key"] == ref.key and info["n_rows"] == N_ROWS and info["complete"] is True
    assert info["stats"]["bytes_per_pair"] == pytest.approx(total / N_ROWS)
    assert info["stats"]["tokens_per_s"] > 0
    assert main(["cache-ref", "--inspect", str(directory)]) == 0
    text = capsys.readouterr().out
    assert f"key        {ref.key}" in text and f"{total / N_ROWS:.0f} bytes per pair" in text
    assert "L1 kept" in text and "tokens/s" in text and "data.fingerprint:" in text


def test_cli_refuses_tdpo(built, tmp_path, capsys):
    from featurectl.cli import main

    _, cfg, _, _ = built
    cfg2 = dict(copy.deepcopy(cfg), method="tdpo2", loss={})
    path = tmp_path / "run.yaml"
    path.write_text(yaml.safe_dump(cfg2), encoding="utf-8")
    assert main(["cache-ref", "--config", str(path)]) == 2
    assert "online reference" in capsys.readouterr().err


# --------------------------------------------------------------------------- two ranks


RANK_SCRIPT = """
import json, os, sys
import torch
torch.set_num_threads(1)
import featurectl.forward as fwd
import featurectl.refcache.sparse
from featurectl.config import parse_run_config
from featurectl.prepare import prepare
from featurectl.refcache import ensure_cache

featurectl.refcache.sparse.DENSE_CACHE_MAX_BYTES = 0  # the same sparse layout as this module's tests

cfg_path, out_dir = sys.argv[1], sys.argv[2]
seen = []
real = fwd.forward_batch
def counting(model, batch, **kw):
    seen.extend(batch["row_ids"].tolist())
    return real(model, batch, **kw)
fwd.forward_batch = counting
# The process group is NOT initialised here: ensure_cache must join it (WORLD_SIZE=2).
ref = ensure_cache(prepare(parse_run_config(json.load(open(cfg_path)))), rows_per_shard=3)
rank = torch.distributed.get_rank()
json.dump({"rows": sorted(seen), "key": ref.key, "n": ref.n_rows}, open(os.path.join(out_dir, f"rank{rank}.json"), "w"))
torch.distributed.destroy_process_group()
"""


@pytest.mark.skipif(shutil.which("torchrun") is None, reason="torchrun not installed")
def test_two_ranks_split_the_shards(built, tmp_path):
    """Launched by torchrun (WORLD_SIZE=2, no process group yet): ensure_cache joins the
    group, rank r computes shards i with i % 2 == r (rank 0 rows 0-2 and 6-8, rank 1 rows
    3-5 and 9-10); both then read the same complete cache, equal to the one-process one."""
    import os
    import subprocess
    import sys

    from featurectl.refcache import CachedReference

    _, cfg, _, full = built
    cfg2 = copy.deepcopy(cfg)
    cfg2["reference"]["cache_dir"] = str(tmp_path / "root")
    (tmp_path / "cfg.json").write_text(json.dumps(cfg2))
    (tmp_path / "rank.py").write_text(RANK_SCRIPT)
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONPATH=os.pathsep.join(sys.path))
    cmd = [shutil.which("torchrun"), "--standalone", "--nproc_per_node", "2",
           str(tmp_path / "rank.py"), str(tmp_path / "cfg.json"), str(tmp_path)]
    # own session, so a hang kills torchrun's workers too, not just torchrun
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        _, err = proc.communicate(timeout=240)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.communicate()
        raise
    assert proc.returncode == 0, err[-4000:]
    r0 = json.loads((tmp_path / "rank0.json").read_text())
    r1 = json.loads((tmp_path / "rank1.json").read_text())
    assert r0["rows"] == [0, 1, 2, 6, 7, 8] and r1["rows"] == [3, 4, 5, 9, 10]
    assert r0["key"] == r1["key"] == full.key and r0["n"] == r1["n"] == N_ROWS
    merged = CachedReference.open(tmp_path / "root" / full.key[:16])
    assert merged.manifest["stats"]["world_size"] == 2
    for name, t in full.tensors.items():
        torch.testing.assert_close(merged.tensors[name], t, rtol=0, atol=1e-5)

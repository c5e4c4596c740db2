"""One reference pass serves every feature set on the same pairs (the demo's uniform and
french_off runs): a small cache is dense and holds every feature exactly; a sparse cache
serves any feature set whose listed features it holds exactly."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from featurectl.errors import CacheError

from test_refcache import BATCH, LISTED, N_ROWS, ForwardCounter, make_cfg_dict, make_prep, online_outputs
from helpers_train import write_random_sae

PASS_CALLS = -(-N_ROWS // BATCH)  # 11 pairs at batch 2: 6 forward calls per reference pass


def _preps(tmp_path, listed_first):
    """Two runs on the same pairs, model and SAE: one with the test feature set, one without."""
    from featurectl.config import parse_run_config

    sae_dir = write_random_sae(tmp_path / "sae")
    with_fs = make_cfg_dict(tmp_path, sae_dir)
    without = make_cfg_dict(tmp_path, sae_dir, feature_set=False)
    first, second = (with_fs, without) if listed_first else (without, with_fs)
    p1 = make_prep(first)
    return p1, dataclasses.replace(p1, cfg=parse_run_config(second),
                                   feature_sets=make_prep(second).feature_sets)


def test_small_cache_is_dense_and_serves_both_feature_sets(tmp_path, monkeypatch):
    """uniform (nothing listed) first, then the listed set: one pass of 6 forward calls in all."""
    from featurectl.refcache import ensure_cache

    uniform, listed = _preps(tmp_path, listed_first=False)
    counter = ForwardCounter(monkeypatch)
    first = ensure_cache(uniform)
    assert counter.calls == PASS_CALLS
    assert first.manifest["attachments"][0]["layout"] == "dense"  # 4 x 11 x 128 bytes <= the budget
    second = ensure_cache(listed)
    assert counter.calls == PASS_CALLS  # no second pass
    assert second.directory == first.directory
    # every listed feature is exact (fp16) against an online reference
    _, online = online_outputs(listed)
    for side in ("chosen", "rejected"):
        cached = second.features(side, 0, second.positions(torch.arange(N_ROWS)))
        torch.testing.assert_close(cached[:, LISTED], online[f"reference_{side}_features"][0][:, LISTED],
                                   rtol=1e-3, atol=1e-6)


def test_sparse_cache_serves_a_subset_but_not_a_superset(tmp_path, monkeypatch):
    """Sparse layout: the cache built for the listed set serves the run listing nothing (0 calls);
    the other order needs its own pass, since a sparse uniform cache does not hold the features."""
    from featurectl.refcache import ensure_cache

    monkeypatch.setattr("featurectl.refcache.sparse.DENSE_CACHE_MAX_BYTES", 0)
    listed, uniform = _preps(tmp_path / "a", listed_first=True)
    counter = ForwardCounter(monkeypatch)
    first = ensure_cache(listed)
    assert first.manifest["attachments"][0]["layout"] == "sparse"
    assert ensure_cache(uniform).directory == first.directory and counter.calls == PASS_CALLS

    uniform, listed = _preps(tmp_path / "b", listed_first=False)
    counter = ForwardCounter(monkeypatch)
    a, b = ensure_cache(uniform), ensure_cache(listed)
    assert counter.calls == 2 * PASS_CALLS and a.directory != b.directory


def test_cache_dir_pointing_at_a_cache_without_the_features_names_them(tmp_path, monkeypatch):
    from featurectl.config import parse_run_config
    from featurectl.refcache import ensure_cache

    monkeypatch.setattr("featurectl.refcache.sparse.DENSE_CACHE_MAX_BYTES", 0)
    uniform, listed = _preps(tmp_path, listed_first=False)
    built = ensure_cache(uniform)
    raw = listed.cfg.model_dump(mode="json")
    raw["reference"]["cache_dir"] = str(built.directory)
    pointed = dataclasses.replace(listed, cfg=parse_run_config(raw))
    with pytest.raises(CacheError, match=r"store\.listed: cache \[\[\]\], run \[\[0, 1, 2, 5\]\] \(not held exactly"):
        ensure_cache(pointed)

"""Feature-set schema: every user error names file, key and value; YAML round trip;
bare-name resolution; mask tensors."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import torch

from featurectl import feature_sets as fsmod
from featurectl.errors import FeatureSetError
from featurectl.feature_sets import (
    FeatureSet,
    FeatureSpec,
    feature_set_to_yaml,
    load_feature_set,
    mask_tensors,
    sae_spec_from_arg,
    save_feature_set,
    validate_against,
)

REPO = Path(__file__).resolve().parents[1]

GOOD = """\
name: json_off
model: smollm2-135m
sae: {path: builtin:smollm2-135m-l18}
hook: blocks.18.hook_resid_post
top_k: 16
default_beta: 1.0
features:
  - {index: 2, beta: 5.0, target: zero, label: "{"}
  - {index: 5, beta: 0.0}
provenance: {sae: {sha256: aaaa1111}}
"""

IDENTITY = {"kind": "builtin", "path": "builtin:smollm2-135m-l18", "sha256": "aaaa1111", "hook": "blocks.18.hook_resid_post"}


def write(tmp_path: Path, text: str, name: str = "set.yaml") -> Path:
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def error_of(path: Path) -> str:
    with pytest.raises(FeatureSetError) as exc:
        load_feature_set(path)
    return str(exc.value)


# ----------------------------------------------------------------------------- schema errors


def test_bad_yaml_syntax_names_file_and_line(tmp_path):
    p = write(tmp_path, "name: x\nfeatures: [\n  {index: 1, beta: 2\n")
    msg = error_of(p)
    assert str(p) in msg and "invalid YAML" in msg and "line " in msg


def test_unknown_top_level_key_names_key_and_value(tmp_path):
    p = write(tmp_path, GOOD + "topk: 12\n")
    msg = error_of(p)
    assert str(p) in msg and "unknown key 'topk'" in msg and "12" in msg and "top_k" in msg  # lists allowed keys


def test_unknown_feature_key_names_its_position(tmp_path):
    p = write(tmp_path, GOOD.replace("{index: 5, beta: 0.0}", "{index: 5, beta: 0.0, weight: 3}"))
    msg = error_of(p)
    assert str(p) in msg and "unknown key 'features[1].weight'" in msg and "3" in msg


def test_negative_beta(tmp_path):
    p = write(tmp_path, GOOD.replace("beta: 5.0", "beta: -1.5"))
    msg = error_of(p)
    assert str(p) in msg and "features[0].beta" in msg and "-1.5" in msg and "greater than or equal to 0" in msg


def test_negative_default_beta(tmp_path):
    p = write(tmp_path, GOOD.replace("default_beta: 1.0", "default_beta: -2.0"))
    msg = error_of(p)
    assert str(p) in msg and "'default_beta' = -2.0" in msg


def test_duplicate_index(tmp_path):
    p = write(tmp_path, GOOD.replace("{index: 5, beta: 0.0}", "{index: 2, beta: 1.0}"))
    msg = error_of(p)
    assert str(p) in msg and "duplicate feature index" in msg
    assert "features[1].index = 2" in msg and "features[0]" in msg


def test_bad_target_value(tmp_path):
    p = write(tmp_path, GOOD.replace("target: zero", "target: zeros"))
    msg = error_of(p)
    assert str(p) in msg and "features[0].target" in msg and "'zeros'" in msg
    # YAML 1.1 reads a bare `off` as False; the message says so.
    msg = error_of(write(tmp_path, GOOD.replace("target: zero", "target: off")))
    assert "features[0].target' = False" in msg and "quote the value" in msg


def test_sae_spec_form(tmp_path):
    p = write(tmp_path, GOOD.replace("{path: builtin:smollm2-135m-l18}", "{release: gemma-scope-2b}"))
    msg = error_of(p)
    assert str(p) in msg and "key 'sae'" in msg and "release" in msg


def test_missing_required_key(tmp_path):
    p = write(tmp_path, GOOD.replace("hook: blocks.18.hook_resid_post\n", ""))
    msg = error_of(p)
    assert str(p) in msg and "missing required key 'hook'" in msg


def test_index_out_of_range_in_validate_against(tmp_path):
    fs = load_feature_set(write(tmp_path, GOOD))
    with pytest.raises(FeatureSetError) as exc:
        validate_against(fs, model="smollm2-135m", sae_identity=IDENTITY, hook="blocks.18.hook_resid_post", d_sae=5)
    msg = str(exc.value)
    assert str(tmp_path / "set.yaml") in msg and "features[1].index' = 5" in msg and "d_sae=5" in msg


def test_index_out_of_range_in_mask_tensors(tmp_path):
    fs = load_feature_set(write(tmp_path, GOOD))
    with pytest.raises(FeatureSetError, match=r"features\[1\]\.index' = 5.*d_sae=4"):
        mask_tensors(fs, 4)


def test_other_model_is_refused(tmp_path):
    fs = load_feature_set(write(tmp_path, GOOD))
    with pytest.raises(FeatureSetError) as exc:
        validate_against(fs, model="gemma3-270m", sae_identity=IDENTITY, hook="blocks.18.hook_resid_post", d_sae=64)
    msg = str(exc.value)
    assert str(tmp_path / "set.yaml") in msg and "'model' = 'smollm2-135m'" in msg and "gemma3-270m" in msg


def test_other_hook_is_refused_but_equivalent_spelling_passes(tmp_path):
    fs = load_feature_set(write(tmp_path, GOOD))
    with pytest.raises(FeatureSetError) as exc:
        validate_against(fs, model="smollm2-135m", sae_identity=IDENTITY, hook="blocks.15.hook_resid_post", d_sae=64)
    msg = str(exc.value)
    assert "'hook' = 'blocks.18.hook_resid_post'" in msg and "blocks.15.hook_resid_post" in msg
    # The HF module name of the same site is the same hook.
    validate_against(fs, model="smollm2-135m", sae_identity=IDENTITY, hook="model.layers.18", d_sae=64)
    with pytest.raises(FeatureSetError, match="hook"):
        validate_against(fs, model="smollm2-135m", sae_identity=IDENTITY, hook="blocks.18.hook_mlp_out", d_sae=64)


def test_other_sae_is_refused(tmp_path):
    fs = load_feature_set(write(tmp_path, GOOD))
    other = dict(IDENTITY, sha256="bbbb2222")
    with pytest.raises(FeatureSetError) as exc:
        validate_against(fs, model="smollm2-135m", sae_identity=other, hook="blocks.18.hook_resid_post", d_sae=64)
    msg = str(exc.value)
    assert str(tmp_path / "set.yaml") in msg and "key 'sae'" in msg and "builtin:smollm2-135m-l18" in msg
    assert "sha256" in msg
    # Without recorded hashes the spec decides: a release/sae_id SAE is not the builtin one.
    fs.provenance = {}
    online = {"kind": "release", "release": "gemma-scope-2b-pt-res-canonical", "sae_id": "layer_12/width_16k/canonical"}
    with pytest.raises(FeatureSetError, match="key 'sae'.*path"):
        validate_against(fs, model="smollm2-135m", sae_identity=online, hook="blocks.18.hook_resid_post", d_sae=64)
    # ... and the builtin loaded from its resolved directory is.
    resolved = {"kind": "builtin", "path": "/somewhere/assets/saes/smollm2-135m-l18"}
    validate_against(fs, model="smollm2-135m", sae_identity=resolved, hook="blocks.18.hook_resid_post", d_sae=64)


# ----------------------------------------------------------------------------- round trip, names, masks


def test_yaml_round_trip(tmp_path):
    fs = FeatureSet(
        name="rt",
        description="a: colon, 'quotes' and \"more\"",
        model="smollm2-135m",
        sae={"release": "r", "sae_id": "layer_0/width_16k/canonical"},
        hook="blocks.0.hook_resid_post",
        features=[
            FeatureSpec(index=7, beta=5.0, target="zero", label='"{" ":"', scores={"auroc": 0.1 + 0.2}),
            FeatureSpec(index=1, beta=0.25),
        ],
        provenance={"date": "2026-11-27", "corpus_sha256": {"json": "ab" * 32}},
    )
    path = save_feature_set(fs, tmp_path / "rt.yaml")
    back = load_feature_set(path)
    assert back == fs
    assert back.features[0].scores["auroc"] == 0.30000000000000004  # floats survive exactly
    assert back.provenance["date"] == "2026-11-27"  # stays a string, not a datetime.date
    assert feature_set_to_yaml(back) == path.read_text(encoding="utf-8")
    assert "- {index: 7, beta: 5.0, target: zero" in path.read_text(encoding="utf-8")  # one line per feature


def test_bare_names_resolve_local_then_packaged(tmp_path, monkeypatch):
    local = tmp_path / "proj"
    (local / "feature_sets").mkdir(parents=True)
    packaged = tmp_path / "pkg"
    packaged.mkdir()
    (local / "feature_sets" / "json_off.yaml").write_text(GOOD, encoding="utf-8")
    (packaged / "json_off.yaml").write_text(GOOD.replace("top_k: 16", "top_k: 8"), encoding="utf-8")
    (packaged / "french_off.yaml").write_text(GOOD.replace("json_off", "french_off"), encoding="utf-8")
    monkeypatch.chdir(local)
    monkeypatch.setattr(fsmod, "PACKAGED_DIR", packaged)
    assert load_feature_set("json_off").top_k == 16  # local copy shadows the packaged one
    assert load_feature_set("json_off.yaml").top_k == 16
    assert load_feature_set("french_off").name == "french_off"  # falls back to the packaged copy
    with pytest.raises(FeatureSetError) as exc:
        load_feature_set("nope")
    msg = str(exc.value)
    assert "'nope' not found" in msg and "feature_sets/nope.yaml" in msg and "french_off, json_off" in msg


def test_mask_tensors_numbers(tmp_path):
    """d_sae=8, default_beta 1: feature 2 beta 5 (zero target), feature 5 beta 0 (unconstrained).
    weights = [1,1,5,1,1,0,1,1]; zero_target only at 2; always_include only at 2 (beta 0 is not)."""
    fs = load_feature_set(write(tmp_path, GOOD))
    w, zero, always = mask_tensors(fs, 8)
    assert w.dtype == torch.float32 and w.shape == (8,)
    assert w.tolist() == [1.0, 1.0, 5.0, 1.0, 1.0, 0.0, 1.0, 1.0]
    assert zero.tolist() == [False, False, True, False, False, False, False, False]
    assert always.tolist() == [False, False, True, False, False, False, False, False]


def test_shipped_uniform_set():
    fs = load_feature_set(REPO / "feature_sets" / "uniform.yaml")
    assert (fs.model, fs.sae, fs.hook) == ("smollm2-135m", {"path": "builtin:smollm2-135m-l18"}, "blocks.18.hook_resid_post")
    assert (fs.top_k, fs.default_beta, fs.features) == (32, 1.0, [])
    w, zero, always = mask_tensors(fs, 16)
    assert w.tolist() == [1.0] * 16 and not zero.any() and not always.any()


def test_sae_spec_from_arg(tmp_path):
    assert sae_spec_from_arg("builtin:smollm2-135m-l18") == {"path": "builtin:smollm2-135m-l18"}
    assert sae_spec_from_arg(str(tmp_path)) == {"path": str(tmp_path)}
    assert sae_spec_from_arg("gemma-scope-2b-pt-res-canonical:layer_12/width_16k/canonical") == {
        "release": "gemma-scope-2b-pt-res-canonical",
        "sae_id": "layer_12/width_16k/canonical",
    }
    assert sae_spec_from_arg("some/dir") == {"path": "some/dir"}

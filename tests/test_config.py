"""Run configs are validated before any model loads; every error names the key."""

from __future__ import annotations

import pytest

from featurectl.config import load_run_config, parse_run_config
from featurectl.errors import ConfigError
from featurectl.runconfig import resolve_run_config

BASE = {"method": "simpo", "data": {"train": "pairs.jsonl"}}


def err(data) -> str:
    with pytest.raises(ConfigError) as e:
        parse_run_config(data, "run.yaml")
    return str(e.value)


def test_defaults_are_the_paper_table5_values():
    cfg = parse_run_config({"method": "dpo", "data": {"train": "p.jsonl"}})
    assert cfg.loss == {"beta": 0.1, "label_smoothing": 0.0}
    assert cfg.train.learning_rate == 5e-7 and cfg.train.warmup_steps == 150
    assert cfg.train.lr_scheduler_type == "constant_with_warmup"


def test_unknown_keys_are_named_at_every_level():
    assert "run.yaml: unknown key 'trian'" in err({**BASE, "trian": {}})
    assert "unknown key 'train.lr'" in err({**BASE, "train": {"lr": 1}})
    assert "unknown key 'loss.alpha' for method 'dpo'" in err({**BASE, "method": "dpo", "loss": {"alpha": 1}})


def test_bad_values_are_named():
    assert "loss.beta" in err({**BASE, "loss": {"beta": -1}})
    assert "unknown method 'fpo2'" in err({**BASE, "method": "fpo2"})
    msg = err({**BASE, "data": {"train": "p.jsonl", "max_prompt_length": 600, "max_length": 512}})
    assert "max_prompt_length (600) must be < max_length (512)" in msg


def test_fpo_needs_an_sae():
    assert "needs at least one entry under 'saes'" in err({**BASE, "method": "fpo"})


def test_sae_spec_form_is_checked():
    msg = err({**BASE, "saes": [{"sae": {"release": "x"}, "hook": "blocks.1.hook_resid_post"}]})
    assert "sae must be {path: ...} or {release: ..., sae_id: ...}" in msg


def test_yaml_errors(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("method: [unclosed\n")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_run_config(bad)
    with pytest.raises(ConfigError, match="config file not found"):
        load_run_config(tmp_path / "missing.yaml")


def test_dotted_overrides(tmp_path):
    path = tmp_path / "run.yaml"
    path.write_text("method: simpo\ndata: {train: p.jsonl}\n")
    cfg = load_run_config(path, {"train.max_steps": 7, "loss.gamma": 1.0})
    assert cfg.train.max_steps == 7 and cfg.loss["gamma"] == 1.0


def test_builtin_config_resolves_without_flags():
    said = []
    cfg = resolve_run_config(announce=said.append)
    assert cfg.method == "fpo" and cfg.model.name == "smollm2-135m"
    assert cfg.saes[0].hook == "blocks.18.hook_resid_post"
    assert any("built-in configuration" in s for s in said)

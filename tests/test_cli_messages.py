"""What a user reads after a typical mistake: the flag at fault, a suggestion, the right path."""

from __future__ import annotations

import pytest

from featurectl.cli import main


def test_method_typo_names_the_flag_and_suggests(capsys):
    assert main(["train", "--method", "fpoo"]) == 2
    err = capsys.readouterr().err
    assert "--method 'fpoo' is not a method; did you mean 'fpo'?" in err
    assert "default.yaml" not in err.splitlines()[-1]  # the packaged config is not to blame


@pytest.mark.parametrize("key, expected", [
    ("trian.max_steps=3", "--set trian.max_steps: no key 'trian' in the top level; did you mean 'train'?"),
    ("loss.alpah=1", "--set loss.alpah: no key 'alpah' in loss; did you mean 'alpha'?"),
    ("train.lora.rr=4", "--set train.lora.rr: no key 'rr' in train.lora; did you mean 'r'?"),
    ("model.zzz=4", "--set model.zzz: no key 'zzz' in model (keys: name, dtype)"),
    ("saes.0.hook=x", "--set saes.0.hook: saes is a value, not a section; --set cannot reach inside it"),
])
def test_set_key_typo_names_the_flag(capsys, key, expected):
    assert main(["train", "--set", key]) == 2
    assert expected in capsys.readouterr().err


def test_set_loss_key_is_checked_against_the_method_set_before_it(capsys):
    """--method sft has no alpha: the key is checked against sft's parameters."""
    assert main(["train", "--method", "sft", "--set", "loss.alpha=1"]) == 2
    assert "--set loss.alpha: no key 'alpha' in loss" in capsys.readouterr().err


def test_eval_missing_path_vs_not_a_run(tmp_path, capsys):
    missing = tmp_path / "does_not_exist"
    assert main(["eval", str(missing)]) == 2
    assert f"{missing} does not exist" in capsys.readouterr().err
    assert main(["eval", str(tmp_path)]) == 2
    assert f"{tmp_path} is not a run directory (no config.yaml)" in capsys.readouterr().err


def test_train_feature_set_without_data_says_what_it_trains_on(monkeypatch, capsys):
    """json_off.yaml without --data trains on builtin:helpful; one line says so and shows --data."""
    import featurectl.train as train

    seen = {}
    monkeypatch.setattr(train, "run_training", lambda cfg, **kw: seen.setdefault("cfg", cfg).run_dir)
    assert main(["train", "--feature-set", "json_off.yaml"]) == 0
    err = capsys.readouterr().err
    assert seen["cfg"].data.train == "builtin:helpful"
    line = next(x for x in err.splitlines() if "training data:" in x)
    assert "builtin:helpful, not pairs about json_off" in line and "pass --data PAIRS.jsonl" in line
    assert main(["train", "--feature-set", "json_off.yaml", "--data", "builtin:json"]) == 0
    assert "training data:" not in capsys.readouterr().err

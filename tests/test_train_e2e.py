"""Every registered method trains end to end through the CLI on tiny models."""

from __future__ import annotations

import json
import math

import pytest
import torch

from featurectl.cli import main
from featurectl.losses import LOSSES, Need

from helpers_train import run_config, write_config, write_random_sae


@pytest.fixture
def sae_dir(tmp_path):
    return write_random_sae(tmp_path / "sae")


@pytest.mark.parametrize("method", sorted(LOSSES))
def test_every_method_trains_two_steps(method, tmp_path, sae_dir):
    from transformers import AutoModelForCausalLM

    from featurectl.tiny import tiny_llama

    needs_sae = Need.SAE_FEATURES in LOSSES[method].needs
    cfg = run_config(tmp_path, method=method, sae_dir=sae_dir if needs_sae else None)
    assert main(["train", "--config", str(write_config(tmp_path, cfg))]) == 0
    run = tmp_path / "runs" / method
    rows = [json.loads(l) for l in (run / "metrics.jsonl").read_text().splitlines()]
    steps = [r for r in rows if "loss" in r and "train_runtime" not in r]
    assert [r["step"] for r in steps] == [1, 2]
    for r in steps:
        for key in ("loss", "rewards/chosen", "learning_rate", "tokens_per_s", "peak_mem_mb"):
            assert math.isfinite(r[key]), (key, r)
    if Need.REJECTED in LOSSES[method].needs:
        assert all(0.0 <= r["rewards/accuracies"] <= 1.0 for r in steps)
    if method == "fpo":
        assert all(r["feature_d/chosen"] >= 0 and r["feature_d/rejected"] >= 0 for r in steps)
        assert "gamma_ref_ln" in steps[0]
    if Need.REFERENCE_TOKEN_DISTRIBUTIONS in LOSSES[method].needs:
        assert "kl/chosen" in steps[0] and steps[0]["kl/chosen"] >= 0
    summary = json.loads((run / "summary.json").read_text())
    assert summary["status"] == "finished" and summary["steps"] == 2
    assert summary["schema_version"] == 1  # written through featurectl.rundir
    assert (run / "config.yaml").exists()
    assert (run / "checkpoints" / "checkpoint-2").exists()
    trained = AutoModelForCausalLM.from_pretrained(run / "final")
    initial = tiny_llama()
    changed = [
        n for n, p in trained.state_dict().items()
        if not torch.allclose(p, initial.state_dict()[n], atol=1e-7)
    ]
    assert changed, "no parameter changed after 2 steps"


def test_unknown_config_key_is_named(tmp_path, capsys):
    cfg = run_config(tmp_path, method="simpo")
    cfg["train"]["learnin_rate"] = 1.0
    assert main(["train", "--config", str(write_config(tmp_path, cfg))]) == 2
    assert "unknown key 'train.learnin_rate'" in capsys.readouterr().err


def test_unknown_loss_key_is_named(tmp_path, capsys):
    cfg = run_config(tmp_path, method="dpo", extra_loss={"alpha": 0.5})
    assert main(["train", "--config", str(write_config(tmp_path, cfg))]) == 2
    assert "alpha" in capsys.readouterr().err


def test_resume_continues_from_checkpoint(tmp_path):
    cfg = run_config(tmp_path, method="simpo", steps=2, save_steps=1)
    path = write_config(tmp_path, cfg)
    assert main(["train", "--config", str(path)]) == 0
    run = tmp_path / "runs" / "simpo"
    assert main(["train", "--config", str(path), "--max-steps", "3", "--resume"]) == 0
    rows = [json.loads(l) for l in (run / "metrics.jsonl").read_text().splitlines()]
    steps = [r["step"] for r in rows if "loss" in r and "train_runtime" not in r]
    assert steps == [1, 2, 3]  # step 3 continued from checkpoint-2, steps 1-2 not redone


def test_existing_run_is_not_overwritten(tmp_path, capsys):
    cfg = run_config(tmp_path, method="simpo", steps=1)
    path = write_config(tmp_path, cfg)
    assert main(["train", "--config", str(path)]) == 0
    assert main(["train", "--config", str(path)]) == 2
    assert "already holds a run" in capsys.readouterr().err


def test_periodic_eval_logs_eval_metrics(tmp_path):
    cfg = run_config(tmp_path, method="simpo", steps=2, eval_steps=1)
    cfg["data"]["eval_fraction"] = 0.25
    assert main(["train", "--config", str(write_config(tmp_path, cfg))]) == 0
    rows = [json.loads(l) for l in (tmp_path / "runs" / "simpo" / "metrics.jsonl").read_text().splitlines()]
    evals = [r for r in rows if "eval/loss" in r]
    assert len(evals) == 2
    assert all(math.isfinite(r["eval/loss"]) and 0 <= r["eval/rewards/accuracies"] <= 1 for r in evals)


def test_fpo_with_lora_checkpointing_and_bf16(tmp_path):
    """PEFT/LoRA, activation checkpointing and bf16 autocast together, from the cache."""
    sae_dir = write_random_sae(tmp_path / "sae")
    cfg = run_config(tmp_path, method="fpo", sae_dir=sae_dir, gradient_checkpointing=True, bf16=True,
                     lora={"r": 4, "alpha": 8, "target_modules": ["q_proj", "v_proj"]})
    assert main(["train", "--config", str(write_config(tmp_path, cfg))]) == 0
    run = tmp_path / "runs" / "fpo"
    rows = [json.loads(l) for l in (run / "metrics.jsonl").read_text().splitlines()]
    steps = [r for r in rows if "loss" in r and "train_runtime" not in r]
    assert len(steps) == 2 and all(math.isfinite(r["loss"]) for r in steps)
    assert (run / "final" / "adapter_config.json").exists()  # LoRA adapter, not full weights
    from peft import PeftModel

    from featurectl.tiny import tiny_llama

    merged = PeftModel.from_pretrained(tiny_llama(), run / "final").merge_and_unload()
    base = tiny_llama()
    diff = (merged.model.layers[0].self_attn.q_proj.weight - base.model.layers[0].self_attn.q_proj.weight).abs().max()
    assert diff > 0  # the adapter learned something
    assert torch.equal(merged.model.layers[0].mlp.up_proj.weight, base.model.layers[0].mlp.up_proj.weight)

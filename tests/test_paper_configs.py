"""configs/paper: every config loads and carries Table 5's settings; each one builds a trainer and takes
one optimizer step on a tiny model with its own hyper-parameters (model, data and SAE swapped for
local tiny stand-ins, nothing downloaded)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from featurectl.config import load_run_config, parse_run_config

REPO = Path(__file__).resolve().parents[1]
PAPER = REPO / "configs" / "paper"
CONFIGS = sorted(PAPER.glob("*/*.yaml"))
STAGE2 = ("sft", "dpo", "simpo", "tdpo1", "tdpo2", "fpo")
N_GPUS = 4  # configs/accelerate/4gpu_*.yaml


def _size(path: Path) -> str:
    return path.parent.name.removeprefix("gemma2-")


def test_every_size_has_stage1_and_every_stage2_method():
    names = {(p.parent.name, p.stem) for p in CONFIGS}
    for size in ("gemma2-2b", "gemma2-9b"):
        assert {(size, m) for m in ("stage1_sft", *STAGE2)} <= names


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_config_loads_with_table5_settings(path):
    cfg = load_run_config(path)
    t = cfg.train
    assert t.learning_rate == 5e-7 and t.warmup_steps == 150 and t.lr_scheduler_type == "constant_with_warmup"
    assert t.num_train_epochs == 1 and t.max_steps == -1
    assert t.per_device_train_batch_size * t.gradient_accumulation_steps * N_GPUS == 32
    assert t.gradient_checkpointing and t.bf16 and cfg.model.dtype == "float32"
    assert t.optim == {"2b": "adamw_torch", "9b": "rmsprop"}[_size(path)]
    expected_loss = {
        "dpo": {"beta": 0.1}, "tdpo1": {"beta": 0.1}, "tdpo2": {"beta": 0.1, "alpha": 0.5},
        "simpo": {"beta": 2.0, "gamma": 0.5}, "fpo": {"beta": 0.1, "alpha": 0.5},
    }.get(cfg.method, {})
    for k, v in expected_loss.items():
        assert cfg.loss[k] == v, (path, k)
    if path.stem == "stage1_sft":
        assert cfg.model.name == {"2b": "google/gemma-2-2b", "9b": "google/gemma-2-9b"}[_size(path)]
        assert cfg.data.train.endswith("ultrachat_200k_sft.jsonl")
    else:
        assert cfg.model.name == f"runs/paper/gemma2-{_size(path)}/stage1_sft/final"
        assert cfg.data.train == cfg.data.eval == "HuggingFaceH4/ultrafeedback_binarized"
        assert (cfg.data.train_split, cfg.data.eval_split) == ("train_prefs", "test_prefs")
    assert cfg.run_dir == Path("runs/paper") / path.parent.name / path.stem
    if cfg.method == "fpo":
        (att,) = cfg.saes
        layer = {"2b": 25, "9b": 41}[_size(path)]
        assert att.sae == {"release": f"gemma-scope-{_size(path)}-pt-res-canonical",
                           "sae_id": f"layer_{layer}/width_16k/canonical"}
        assert att.hook == f"blocks.{layer}.hook_resid_post"
    else:
        assert not cfg.saes


def test_fpo_sae_ids_exist_in_the_sae_lens_registry():
    """The registry ships inside sae-lens (no download): both SAE ids must be listed there."""
    from sae_lens.loading.pretrained_saes_directory import get_pretrained_saes_directory

    directory = get_pretrained_saes_directory()
    for size in ("2b", "9b"):
        att = load_run_config(PAPER / f"gemma2-{size}" / "fpo.yaml").saes[0]
        release = directory[att.sae["release"]]
        assert att.sae["sae_id"] in release.saes_map
        assert release.model == f"gemma-2-{size}"
    # 9B has 42 blocks: layer 41 is its last, as layer 25 is Gemma-2-2B's (26 blocks)
    assert "layer_41/width_16k/canonical" in directory["gemma-scope-9b-pt-res-canonical"].saes_map
    assert "layer_42/width_16k/canonical" not in directory["gemma-scope-9b-pt-res-canonical"].saes_map


def test_accelerate_configs_are_four_gpu():
    from accelerate.commands.config.config_args import load_config_from_file

    ddp = load_config_from_file(str(REPO / "configs" / "accelerate" / "4gpu_ddp.yaml"))
    fsdp = load_config_from_file(str(REPO / "configs" / "accelerate" / "4gpu_fsdp.yaml"))
    assert (ddp.distributed_type, ddp.num_processes) == ("MULTI_GPU", N_GPUS)
    assert (fsdp.distributed_type, fsdp.num_processes) == ("FSDP", N_GPUS)
    assert fsdp.fsdp_config["fsdp_transformer_layer_cls_to_wrap"] == "Gemma2DecoderLayer"


def test_readme_has_one_command_per_stage():
    text = (PAPER / "README.md").read_text()
    for m in ("stage1_sft", *STAGE2):
        assert (f"accelerate launch --config_file configs/accelerate/4gpu_ddp.yaml -m featurectl.cli train "
                f"--config configs/paper/gemma2-2b/{m}.yaml") in text


PAIRS = [{"prompt": f"Question {i}?", "chosen": f"Good answer {i}.", "rejected": f"Bad {i}!"} for i in range(8)]


@pytest.fixture(scope="module")
def tiny_assets(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("paper_dry")
    (tmp / "pairs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in PAIRS), encoding="utf-8")
    from featurectl.sae import random_sae, save_sae

    save_sae(random_sae(64, 64, hook="blocks.1.hook_resid_post"), tmp / "sae", recipe={}, metrics={})
    return tmp


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_dry_run_one_step_with_the_configs_hyperparameters(path, tiny_assets, tmp_path):
    """Keep method, loss, optimizer, scheduler, batch/accumulation, checkpointing; swap model, data and SAE.
    bf16 autocast stays on where the CPU supports it."""
    from featurectl.train import run_training

    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["model"] = {"name": "tiny-llama", "dtype": "float32"}
    raw["data"] = {"train": str(tiny_assets / "pairs.jsonl"), "max_prompt_length": 32, "max_length": 64}
    if raw.get("saes"):
        raw["saes"] = [{"sae": {"path": str(tiny_assets / "sae")}, "hook": "blocks.1.hook_resid_post"}]
    raw.setdefault("reference", {})["cache_dir"] = str(tmp_path / "refcache")
    raw["train"].update(max_steps=1, warmup_steps=0, save_steps=1, logging_steps=1)
    raw["output_dir"] = str(tmp_path / "run")
    cfg = parse_run_config(raw, str(path))
    original = load_run_config(path)
    for key in ("optim", "lr_scheduler_type", "per_device_train_batch_size", "gradient_accumulation_steps",
                "gradient_checkpointing", "bf16", "learning_rate"):
        assert getattr(cfg.train, key) == getattr(original.train, key)
    assert cfg.loss == original.loss
    run_dir = run_training(cfg)
    summary = json.loads((run_dir / "summary.json").read_text())
    assert summary["status"] == "finished" and summary["steps"] == 1
    rows = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]
    assert rows[0]["learning_rate"] == pytest.approx(5e-7)  # constant after a (shortened) warm-up

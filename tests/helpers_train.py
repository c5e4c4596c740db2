"""Builders shared by the end-to-end training tests: tiny pairs, a random SAE on disk, a run config."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

PAIRS = [
    {"prompt": "Say hello.", "chosen": "Bonjour tout le monde !", "rejected": "Hello everyone!"},
    {"prompt": "Name a colour.", "chosen": "Rouge.", "rejected": "Red, I suppose, or maybe blue."},
    {"prompt": "What is 2+2?", "chosen": "Quatre.", "rejected": "It is five."},
    {"prompt": "Describe the sea.", "chosen": "La mer est calme et bleue.", "rejected": "The sea is wet."},
    {"prompt": "Give a fruit.", "chosen": "Une pomme.", "rejected": "An apple."},
    {"prompt": "Greet a friend.", "chosen": "Salut, mon ami !", "rejected": "Hi, my friend!"},
    {"prompt": "Say thanks.", "chosen": "Merci beaucoup.", "rejected": "Thanks a lot."},
    {"prompt": "Say goodbye.", "chosen": "Au revoir et à bientôt.", "rejected": "Bye."},
]


def write_pairs(path: Path, rows=PAIRS) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def write_random_sae(directory: Path, *, d_in: int = 64, d_sae: int = 128, hook: str = "blocks.1.hook_resid_post",
                     architecture: str = "jumprelu", seed: int = 0) -> Path:
    from featurectl.sae import random_sae_dir

    random_sae_dir(directory, d_in, d_sae, hook=hook, seed=seed, architecture=architecture)
    return directory


def run_config(tmp: Path, *, method: str = "fpo", model: str = "tiny-llama", sae_dir: Path | None = None,
               hook: str = "blocks.1.hook_resid_post", feature_set: str | None = None, steps: int = 2,
               extra_loss: dict | None = None, **train) -> dict:
    cfg = {
        "name": f"test-{method}",
        "method": method,
        "loss": dict(extra_loss or {}),
        "model": {"name": model},
        "data": {"train": str(write_pairs(tmp / "pairs.jsonl")), "max_prompt_length": 48, "max_length": 96},
        "reference": {"cache_dir": str(tmp / "refcache"), "store_k": 32},
        "train": {"learning_rate": 1e-3, "max_steps": steps, "warmup_steps": 0, "per_device_train_batch_size": 2,
                  "logging_steps": 1, "save_steps": steps, "logps_chunk_size": 16, **train},
        "output_dir": str(tmp / "runs" / method),
    }
    if sae_dir is not None:
        att = {"sae": {"path": str(sae_dir)}, "hook": hook}
        if feature_set:
            att["feature_set"] = feature_set
        cfg["saes"] = [att]
    return cfg


def write_config(tmp: Path, cfg: dict) -> Path:
    path = tmp / f"{cfg['name']}.yaml"
    path.write_text(yaml.safe_dump(cfg), encoding="utf-8")
    return path

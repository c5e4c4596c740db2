"""A 2-process CPU run (accelerate launch, gloo) trains 2 FPO steps and saves a checkpoint."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from helpers_train import run_config, write_config, write_random_sae


@pytest.mark.skipif(shutil.which("accelerate") is None, reason="accelerate CLI not installed")
def test_two_process_fpo_run(tmp_path):
    sae_dir = write_random_sae(tmp_path / "sae")
    cfg = run_config(tmp_path, method="fpo", sae_dir=sae_dir, steps=2)
    path = write_config(tmp_path, cfg)
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONPATH=os.pathsep.join(sys.path))
    cmd = [
        "accelerate", "launch", "--cpu", "--num_processes", "2", "--num_machines", "1",
        "--mixed_precision", "no", "--dynamo_backend", "no",
        "-m", "featurectl.cli", "train", "--config", str(path),
    ]
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    run = tmp_path / "runs" / "fpo"
    rows = [json.loads(l) for l in (run / "metrics.jsonl").read_text().splitlines()]
    steps = [r for r in rows if "loss" in r and "train_runtime" not in r]
    assert [r["step"] for r in steps] == [1, 2]
    # 8 pairs, 2 per device, 2 processes: 2 steps cover half an epoch
    assert steps[-1]["epoch"] == pytest.approx(0.5)
    assert (run / "checkpoints" / "checkpoint-2" / "model.safetensors").exists()
    assert json.loads((run / "summary.json").read_text())["status"] == "finished"

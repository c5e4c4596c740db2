"""A 2-process CPU run (torchrun, gloo) trains 2 FPO steps and saves a checkpoint.

torchrun rather than `accelerate launch --cpu --num_processes 2`: on a CPU-only machine
accelerate's launcher runs a single process for that command line (measured), while
torchrun starts two ranks that HF Trainer joins with the gloo backend. On GPUs,
`accelerate launch` is the documented path (configs/accelerate/)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from helpers_train import run_config, write_config, write_random_sae


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(shutil.which("torchrun") is None, reason="torchrun not installed")
def test_two_process_fpo_run(tmp_path):
    sae_dir = write_random_sae(tmp_path / "sae")
    cfg = run_config(tmp_path, method="fpo", sae_dir=sae_dir, steps=2)
    path = write_config(tmp_path, cfg)
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONPATH=os.pathsep.join(sys.path))
    cmd = ["torchrun", "--nproc_per_node", "2", "--master_port", str(_free_port()),
           "-m", "featurectl.cli", "train", "--config", str(path)]
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    run = tmp_path / "runs" / "fpo"
    rows = [json.loads(l) for l in (run / "metrics.jsonl").read_text().splitlines()]
    steps = [r for r in rows if "loss" in r and "train_runtime" not in r]
    assert [r["step"] for r in steps] == [1, 2]
    # 8 pairs, 2 per device, 2 processes: 2 steps cover one epoch (one process would need 4)
    assert steps[-1]["epoch"] == pytest.approx(1.0)
    assert (run / "checkpoints" / "checkpoint-2" / "model.safetensors").exists()
    summary = json.loads((run / "summary.json").read_text())
    assert summary["status"] == "finished"
    # gradients were all-reduced: both ranks end with the same weights
    assert summary["distributed"]["world_size"] == 2 and summary["distributed"]["params_in_sync"] is True

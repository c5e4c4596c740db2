"""Sparse autoencoders: load, check, train. The only module that imports sae_lens.

An SAE is only meaningful at the activation site it was trained on. Reading it at the
wrong site (after the final norm, at another layer, the MLP output instead of the
residual stream) still produces feature activations, just meaningless ones — one of the
traps in the FPO authors' code. :func:`check_sae` therefore measures reconstruction
quality (fraction of variance unexplained, FVU) on real text at the configured hook and
fails loudly when it is poor.

Position 0 is excluded everywhere: its residual norm is ~100x the rest (attention sink),
so including it lets a handful of tokens dominate both training and FVU.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import torch

from .errors import ConfigError, SAEError, OfflineError
from .hooks import StopForward, capture, decoder_layers, resolve_hook, stop_after
from .io import sha256_file, write_json

BUILTIN_DIR = Path(__file__).resolve().parent / "assets" / "saes"
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


# --------------------------------------------------------------------------- wrapper


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
        """(..., d_in) -> (..., d_sae) feature activations, in x's dtype."""
        return self.sae.encode(x.to(self.sae.dtype)).to(x.dtype)

    def decode(self, c: torch.Tensor) -> torch.Tensor:
        """(..., d_sae) -> (..., d_in) reconstruction, in c's dtype."""
        return self.sae.decode(c.to(self.sae.dtype)).to(c.dtype)

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


def _state_dict_sha256(module: torch.nn.Module) -> str:
    h = hashlib.sha256()
    for key, t in sorted(module.state_dict().items()):
        t = t.detach().cpu().contiguous()
        h.update(f"{key}|{t.dtype}|{tuple(t.shape)}|".encode())
        h.update(t.reshape(-1).view(torch.uint8).numpy().tobytes())
    return h.hexdigest()


# --------------------------------------------------------------------------- hooks


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


# --------------------------------------------------------------------------- loading


def _spec_dict(spec) -> dict:
    if isinstance(spec, str):
        return {"path": spec}
    if hasattr(spec, "model_dump"):
        spec = spec.model_dump(exclude_none=True)
    if not isinstance(spec, dict):
        raise SAEError(f"SAE spec must be a dict like {{'path': ...}} or {{'release': ..., 'sae_id': ...}}, got {spec!r}")
    spec = {k: v for k, v in spec.items() if v is not None}
    allowed = {"path", "release", "sae_id", "hook"}
    unknown = sorted(set(spec) - allowed)
    if unknown:
        raise SAEError(f"SAE spec has unknown key(s) {unknown}; allowed: path, or release + sae_id (and hook)")
    if "path" in spec and ("release" in spec or "sae_id" in spec):
        raise SAEError(f"SAE spec {spec}: give either 'path' or 'release' + 'sae_id', not both")
    if "path" not in spec and not ("release" in spec and "sae_id" in spec):
        raise SAEError(f"SAE spec {spec}: needs 'path', or both 'release' and 'sae_id'")
    return spec


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

    spec = _spec_dict(spec)
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
            if _looks_offline(e):
                raise OfflineError(
                    f"SAE release {release!r} id {sae_id!r} must be downloaded from the hub, which cannot be "
                    f"reached (offline). Use a shipped SAE such as {{'path': 'builtin:smollm2-135m-l18'}} or a "
                    f"local sae-lens directory."
                ) from e
            raise SAEError(f"cannot load SAE release {release!r} id {sae_id!r}: {e}") from e
        source = {"kind": "release", "release": release, "sae_id": sae_id, "sha256": _state_dict_sha256(sae)}
    sae.eval()
    return LoadedSAE(sae, _pick_hook(sae, hook, where), source)


def _looks_offline(e: BaseException) -> bool:
    from huggingface_hub import constants
    from huggingface_hub.errors import LocalEntryNotFoundError

    if isinstance(e, (LocalEntryNotFoundError, ConnectionError, TimeoutError)):
        return True
    cause = e.__cause__ or e.__context__
    if cause is not None and cause is not e and _looks_offline(cause):
        return True
    text = str(e).lower()
    if any(s in text for s in ("offline", "connect", "resolve host", "timed out", "cannot find the requested files")):
        return True
    return bool(constants.HF_HUB_OFFLINE) and isinstance(e, OSError)


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
    return LoadedSAE(sae, hook, {"kind": "random", "sha256": _state_dict_sha256(sae), "seed": seed})


# --------------------------------------------------------------------------- activations


def random_sae_dir(directory: str | Path, d_in: int, d_sae: int, *, hook: str, seed: int = 0,
                   architecture: str = "jumprelu") -> dict[str, str]:
    """A random SAE saved once under ``directory`` (tiny demos and experiments); its spec."""
    directory = Path(directory)
    if not (directory / "cfg.json").exists():
        save_sae(random_sae(d_in, d_sae, architecture=architecture, hook=hook, seed=seed), directory,
                 recipe={"kind": "random", "seed": seed}, metrics={})
    return {"path": str(directory.resolve())}


def token_mask(attention_mask: torch.Tensor) -> torch.Tensor:
    """(B, T) bool: real tokens except position 0 (the attention sink).

    With right padding position 0 is column 0; with left padding it is each row's first
    real token, so it is found from the mask rather than assumed.
    """
    am = attention_mask.bool()
    first = am.long().argmax(dim=1)  # (B,) index of the first real token
    keep = am.clone()
    keep[torch.arange(am.shape[0]), first] = False
    return keep


def _hidden_size(model) -> int:
    cfg = model.config.get_text_config() if hasattr(model.config, "get_text_config") else model.config
    return int(cfg.hidden_size)


@torch.no_grad()
def collect_activations(
    model,
    tokenizer,
    texts: list[str],
    hook: str,
    *,
    context_size: int = 256,
    batch_size: int = 8,
    max_tokens: int | None = None,
    log: Callable[[str], None] | None = None,
) -> torch.Tensor:
    """Run ``texts`` through ``model`` and return the activations at ``hook`` as (N, d) float32,
    excluding position 0 and padding. Texts are truncated to ``context_size`` tokens and
    batched by length to limit padding."""
    module = resolve_hook(model, hook)
    device = next(model.parameters()).device
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    chunks, n, t0 = [], 0, time.perf_counter()
    for b in range(0, len(order), batch_size):
        batch = [texts[i] for i in order[b : b + batch_size]]
        enc = tokenizer(batch, padding=True, truncation=True, max_length=context_size, return_tensors="pt")
        enc = {k: v.to(device) for k, v in enc.items()}
        with capture({"x": module}) as store, stop_after(module):
            try:
                model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"], use_cache=False)
            except StopForward:
                pass  # later layers and the LM head are not needed (~2x faster at mid depth)
        acts = store["x"]  # (B, T, d)
        keep = token_mask(enc["attention_mask"])  # (B, T)
        chunks.append(acts[keep].float().cpu())  # (n_b, d)
        n += chunks[-1].shape[0]
        if log and (b // batch_size) % 20 == 0:
            log(f"collect {b + len(batch)}/{len(texts)} texts, {n} tokens, {time.perf_counter() - t0:.0f}s")
        if max_tokens is not None and n >= max_tokens:
            break
    if not chunks:
        raise SAEError("no texts to collect activations from")
    out = torch.cat(chunks)
    return out[:max_tokens] if max_tokens is not None else out


@torch.no_grad()
def activation_metrics(sae: LoadedSAE, acts: torch.Tensor, *, batch_size: int = 4096) -> dict:
    """FVU, mean L0 and dead-feature share of ``sae`` on activations ``acts`` (N, d_in).

    FVU = sum ||x - x_hat||^2 / sum ||x - mean(x)||^2 (1 - explained variance, as sae-lens
    logs it). A feature is dead when it fires on none of the N tokens.
    """
    if acts.ndim != 2 or acts.shape[1] != sae.d_in:
        raise SAEError(f"activations have shape {tuple(acts.shape)}, SAE expects (N, {sae.d_in})")
    acts = acts.float()
    mean = acts.mean(0)  # (d,)
    sse, sst, l0_sum = 0.0, 0.0, 0.0
    fired = torch.zeros(sae.d_sae, dtype=torch.bool)
    for i in range(0, acts.shape[0], batch_size):
        x = acts[i : i + batch_size]
        c = sae.encode(x)  # (b, d_sae)
        x_hat = sae.decode(c)
        active = c != 0
        sse += (x - x_hat).pow(2).sum().item()
        sst += (x - mean).pow(2).sum().item()
        l0_sum += active.sum().item()
        fired |= active.any(0).cpu()
    n = acts.shape[0]
    return {
        "fvu": sse / max(sst, 1e-12),
        "l0": l0_sum / max(n, 1),
        "dead_share": 1.0 - fired.float().mean().item(),
        "n_tokens": int(n),
    }


# --------------------------------------------------------------------------- check


def check_sae(
    model,
    tokenizer,
    sae: LoadedSAE,
    texts: list[str],
    *,
    max_fvu: float = 0.5,
    on_fail: str = "error",
    min_l0: float = 1.0,
    context_size: int = 256,
    batch_size: int = 8,
) -> dict:
    """Check that ``sae`` reconstructs ``model``'s activations at ``sae.hook_name`` on ``texts``.

    Returns ``{"fvu", "l0", "dead_share", "n_tokens", "hook", "fvu_limit", "fvu_warn",
    "norm_ratio", "ok", "problems", "suspicions"}``. Fails (SAEError, or a warning with
    ``on_fail="warn"``) when FVU > ``fvu_limit`` (``max_fvu``, tightened to 3x the
    recorded held-out FVU + 0.1 for SAEs trained by featurectl), mean L0 < ``min_l0``, or
    the activation norm is off by more than 3x from the recorded one: an SAE read at the
    wrong site (after the final norm, the MLP output, a distant layer) reconstructs
    poorly, so this catches a wrong hook that would otherwise produce plausible-looking but
    meaningless features. FVU above ``fvu_warn`` (1.5x recorded + 0.05), typical of a
    neighbouring layer, warns. A d_in mismatch always raises.
    """
    if on_fail not in ("error", "warn"):
        raise ConfigError(f"on_fail {on_fail!r} must be 'error' or 'warn'")
    d_model = _hidden_size(model)
    if sae.d_in != d_model:
        raise SAEError(
            f"SAE d_in={sae.d_in} does not match the model's hidden size {d_model} "
            f"({type(model).__name__}, {len(decoder_layers(model))} layers): wrong SAE for this model"
        )
    was_training = model.training
    model.eval()
    try:
        acts = collect_activations(
            model, tokenizer, texts, sae.hook_name, context_size=context_size, batch_size=batch_size
        )
    finally:
        model.train(was_training)
    if acts.shape[-1] != sae.d_in:
        raise SAEError(f"hook {sae.hook_name!r} yields width {acts.shape[-1]}, SAE expects d_in={sae.d_in}")
    m = activation_metrics(sae, acts)
    problems, suspicions = [], []
    meta = sae.sae.cfg.metadata
    # SAEs trained by featurectl record their held-out FVU and the mean activation norm at
    # their hook. Reading a layer 6 away (SmolLM2, l18 SAE at l12: FVU 0.49 vs 0.12 recorded)
    # can pass an absolute bound of 0.5, so the bound tightens to 3x the recorded FVU + 0.1.
    # A neighbouring layer (l17/l19: FVU 0.26) sits between that and 1.5x + 0.05, where text
    # unlike the training mix could also land, so it warns rather than fails.
    ref_fvu = meta.get("featurectl_heldout_fvu")
    fvu_limit, fvu_warn = max_fvu, max_fvu
    if ref_fvu is not None:
        fvu_limit = min(max_fvu, 3.0 * float(ref_fvu) + 0.1)
        fvu_warn = min(fvu_limit, 1.5 * float(ref_fvu) + 0.05)
    recorded = f" (held-out FVU recorded at training: {float(ref_fvu):.3f})" if ref_fvu is not None else ""
    if not math.isfinite(m["fvu"]) or m["fvu"] > fvu_limit:
        problems.append(f"FVU {m['fvu']:.3f} > {fvu_limit:.3f}{recorded}")
    elif m["fvu"] > fvu_warn:
        suspicions.append(f"FVU {m['fvu']:.3f} is well above {fvu_warn:.3f}{recorded}")
    if m["l0"] < min_l0:
        problems.append(f"mean L0 {m['l0']:.2f} < {min_l0}")
    # The final-norm output and the MLP output differ in scale from the residual stream
    # by ~4x in SmolLM2 and ~40x in the tiny test model.
    norm = acts.norm(dim=-1).mean().item()
    ref_norm = meta.get("featurectl_act_norm_mean")
    ratio = norm / float(ref_norm) if ref_norm else None
    if ratio is not None and not (1 / 3 <= ratio <= 3):
        problems.append(f"mean activation norm {norm:.3g} is {ratio:.2f}x the {float(ref_norm):.3g} it was trained on")
    m.update(hook=sae.hook_name, fvu_limit=fvu_limit, fvu_warn=fvu_warn, norm_ratio=ratio, ok=not problems,
             problems=problems, suspicions=suspicions)
    name = sae.identity().get("path") or sae.identity().get("sae_id") or sae.identity()["kind"]
    if problems:
        msg = (
            f"SAE {name} reconstructs poorly at hook {sae.hook_name!r} on {m['n_tokens']} tokens: "
            f"{'; '.join(problems)}. The hook is probably wrong (other layer, after the final norm, "
            f"MLP vs residual) or the SAE belongs to another model."
        )
        if on_fail == "error":
            raise SAEError(msg)
        warnings.warn(msg, stacklevel=2)
    elif suspicions:
        warnings.warn(
            f"SAE {name} at hook {sae.hook_name!r}: {suspicions[0]}; check that this is the layer it was "
            f"trained on and that these texts resemble its training text",
            stacklevel=2,
        )
    return m


# --------------------------------------------------------------------------- training


@dataclass
class TrainSAEConfig:
    """Hyper-parameters of :func:`train_sae` (recorded verbatim in ``recipe.json``)."""

    hook: str
    architecture: str = "topk"
    d_sae: int = 4096
    k: int = 32  # TopK: active features per token
    l0_coefficient: float = 2.0  # JumpReLU: sparsity penalty
    tokens: int | None = None  # training samples (tokens, with repetition); None = epochs x data
    epochs: float = 4.0
    batch_size: int = 2048
    lr: float = 5e-4
    seed: int = 0
    context_size: int = 256
    heldout_fraction: float = 0.1
    dead_feature_window: int = 200  # steps without firing before the TopK aux loss revives a feature
    store_dtype: str = "float32"  # weights dtype on disk; "float16" halves the size

    def __post_init__(self):
        if self.architecture not in ARCHITECTURES:
            raise ConfigError(f"architecture {self.architecture!r} is not one of {', '.join(ARCHITECTURES)}")
        if self.d_sae <= 0 or self.k <= 0 or self.batch_size <= 0:
            raise ConfigError(f"d_sae, k and batch_size must be positive (got {self.d_sae}, {self.k}, {self.batch_size})")
        if self.architecture == "topk" and self.k > self.d_sae:
            raise ConfigError(f"k={self.k} exceeds d_sae={self.d_sae}")
        if not 0.0 < self.heldout_fraction < 1.0:
            raise ConfigError(f"heldout_fraction {self.heldout_fraction} must be in (0, 1)")
        if self.store_dtype not in ("float32", "float16"):
            raise ConfigError(f"store_dtype {self.store_dtype!r} must be float32 or float16")


def _batches(acts: torch.Tensor, batch_size: int, seed: int) -> Iterator[torch.Tensor]:
    """Endless shuffled batches over the rows of ``acts`` (N, d), reshuffled every epoch."""
    g = torch.Generator().manual_seed(seed)
    n = acts.shape[0]
    while True:
        perm = torch.randperm(n, generator=g)
        for i in range(0, n - batch_size + 1, batch_size):
            yield acts[perm[i : i + batch_size]]


def _training_sae(cfg: TrainSAEConfig, d_in: int):
    from sae_lens import JumpReLUTrainingSAE, JumpReLUTrainingSAEConfig, TopKTrainingSAE, TopKTrainingSAEConfig

    torch.manual_seed(cfg.seed)
    if cfg.architecture == "topk":
        return TopKTrainingSAE(TopKTrainingSAEConfig(d_in=d_in, d_sae=cfg.d_sae, k=cfg.k))
    return JumpReLUTrainingSAE(
        JumpReLUTrainingSAEConfig(d_in=d_in, d_sae=cfg.d_sae, l0_coefficient=cfg.l0_coefficient)
    )


def train_sae_on_activations(
    train_acts: torch.Tensor,
    heldout_acts: torch.Tensor,
    cfg: TrainSAEConfig,
    *,
    log: Callable[[str], None] | None = None,
) -> tuple[LoadedSAE, dict]:
    """Train an SAE with sae-lens's SAETrainer on activations (N, d_in) and evaluate it on
    held-out activations. Returns the (inference) SAE and metrics."""
    from sae_lens import SAE
    from sae_lens.config import SAETrainerConfig
    from sae_lens.training.sae_trainer import SAETrainer

    d_in = train_acts.shape[1]
    train_acts = train_acts.float().contiguous()
    bs = min(cfg.batch_size, train_acts.shape[0])
    total = cfg.tokens if cfg.tokens is not None else int(cfg.epochs * train_acts.shape[0])
    steps = max(1, total // bs)
    sae = _training_sae(cfg, d_in)

    # Inputs are scaled to mean norm sqrt(d_in) (sae-lens's "expected_average_only_in"),
    # so one lr works across models; the factor is folded into the weights after training.
    # We estimate it ourselves so that b_dec can start at the (scaled) mean activation.
    scale = d_in**0.5 / train_acts.norm(dim=-1).mean().item()
    sae.cfg.normalize_activations = "expected_average_only_in"
    with torch.no_grad():
        sae.b_dec.copy_(train_acts.mean(0) * scale)

    tcfg = SAETrainerConfig(
        total_training_samples=steps * bs,
        train_batch_size_samples=bs,
        lr=cfg.lr,
        lr_end=cfg.lr,
        lr_scheduler_name="constant",
        lr_warm_up_steps=min(50, steps // 10),
        lr_decay_steps=steps // 5,  # linear decay to 0 over the last 20% of steps
        dead_feature_window=min(cfg.dead_feature_window, max(1, steps // 4)),
        feature_sampling_window=max(1, steps),
        n_checkpoints=0,
        save_final_checkpoint=False,  # sae-lens checkpoints pickle the optimizer state
        n_batches_for_norm_estimate=1,
    )
    trainer = SAETrainer(tcfg, sae, _batches(train_acts, bs, cfg.seed))
    trainer.activation_scaler.scaling_factor = scale  # fit() keeps a preset factor
    t0 = time.perf_counter()
    if log:
        log(f"train {cfg.architecture} d_sae={cfg.d_sae} k={cfg.k}: {steps} steps x {bs} on {train_acts.shape[0]} tokens")
    trainer.fit()
    train_s = time.perf_counter() - t0

    # Export the inference SAE (sae-lens's own conversion), then reload it through the
    # same path users take, so the metrics describe exactly what is saved.
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        if cfg.architecture == "topk":
            trainer.sae.fold_W_dec_norm()  # unit-norm decoder rows: feature acts = contribution norms
        trainer.sae.save_inference_model(tmp)
        inference = SAE.load_from_disk(tmp, dtype="float32")
    if cfg.store_dtype == "float16":
        # Evaluate exactly what will be loaded back from an fp16 file.
        inference = inference.to(dtype=torch.float16).to(dtype=torch.float32)
    inference.eval()
    loaded = LoadedSAE(inference, cfg.hook, {"kind": "path", "sha256": _state_dict_sha256(inference)})
    metrics = {
        "heldout": activation_metrics(loaded, heldout_acts),
        "train_sample": activation_metrics(loaded, train_acts[: min(len(train_acts), 50_000)]),
        "steps": steps,
        "batch_size": bs,
        "train_tokens_seen": steps * bs,
        "unique_train_tokens": int(train_acts.shape[0]),
        "train_s": round(train_s, 1),
        "scaling_factor": scale,
    }
    if log:
        h = metrics["heldout"]
        log(f"held-out FVU {h['fvu']:.4f}, L0 {h['l0']:.1f}, dead {h['dead_share']:.3f} ({train_s:.0f}s)")
    return loaded, metrics


def save_sae(sae: LoadedSAE, out_dir: str | Path, *, recipe: dict, metrics: dict, store_dtype: str = "float32") -> Path:
    """Write ``sae`` in sae-lens format (``cfg.json``, ``sae_weights.safetensors``) plus
    ``recipe.json`` and ``metrics.json``. ``store_dtype="float16"`` halves the file; the
    loader casts back to float32."""
    import copy
    import os
    import shutil
    import tempfile

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


def train_sae(
    model,
    tokenizer,
    texts: list[str],
    *,
    hook: str,
    architecture: str = "topk",
    d_sae: int = 4096,
    k: int = 32,
    tokens: int | None = None,
    epochs: float = 4.0,
    lr: float = 5e-4,
    seed: int = 0,
    out_dir: str | Path | None = None,
    context_size: int = 256,
    batch_size: int = 2048,
    heldout_texts: list[str] | None = None,
    heldout_fraction: float = 0.1,
    store_dtype: str = "float32",
    model_name: str | None = None,
    activations_cache: str | Path | None = None,
    recipe_extra: dict | None = None,
    log: Callable[[str], None] | None = None,
) -> tuple[LoadedSAE, dict]:
    """Train an SAE on ``model``'s activations at ``hook`` over ``texts`` with sae-lens.

    Activations are collected with :func:`collect_activations` (position 0 and padding
    excluded) and trained with sae-lens's ``SAETrainer``. Unless ``heldout_texts`` is
    given, ``heldout_fraction`` of the texts (chosen by text hash) is held out; FVU, mean
    L0 and the dead-feature share are reported on it. With ``out_dir`` the SAE is saved in
    sae-lens format plus ``recipe.json`` and ``metrics.json``. ``activations_cache`` (a
    directory) keeps the collected activations per group of texts, so a retrain with other
    hyper-parameters or extra texts skips the forward passes already done.
    Returns ``(sae, metrics)``.
    """
    cfg = TrainSAEConfig(
        hook=hook, architecture=architecture, d_sae=d_sae, k=k, tokens=tokens, epochs=epochs, batch_size=batch_size, lr=lr,
        seed=seed, context_size=context_size, heldout_fraction=heldout_fraction, store_dtype=store_dtype,
    )
    if not texts:
        raise SAEError("train_sae needs at least one text")
    d_model = _hidden_size(model)
    heldout_given = heldout_texts is not None
    if heldout_texts is None:
        train_texts, heldout_texts = split_heldout(texts, heldout_fraction)
    else:
        train_texts = list(texts)
    if not train_texts or not heldout_texts:
        raise SAEError(
            f"need both training and held-out texts (got {len(train_texts)} and {len(heldout_texts)}); "
            f"pass more texts or heldout_texts="
        )
    key_base = {"hook": canonical_hook(hook), "ctx": context_size, "model": model_name, "d": d_model}

    def acts_for(group: list[str]) -> torch.Tensor:
        return _cached_collect(
            model, tokenizer, group, hook, context_size=context_size, cache_dir=activations_cache,
            key_base=key_base, log=log,
        )

    t0 = time.perf_counter()
    train_acts, heldout_acts = acts_for(train_texts), acts_for(heldout_texts)
    if log:
        log(f"activations: {len(train_acts)} train + {len(heldout_acts)} held-out tokens ({time.perf_counter() - t0:.0f}s)")
    key = hashlib.sha256(json.dumps({**key_base, "train": train_texts, "heldout": heldout_texts}).encode()).hexdigest()

    sae, metrics = train_sae_on_activations(train_acts, heldout_acts, cfg, log=log)
    metrics["heldout_texts"] = len(heldout_texts)
    metrics["train_texts"] = len(train_texts)
    # only the hyper-parameters this architecture uses
    unused = {"topk": {"l0_coefficient"}, "jumprelu": {"k", "dead_feature_window"}}[architecture]
    recipe = {
        **{k_: v for k_, v in cfg.__dict__.items() if k_ not in unused},
        "heldout_fraction": None if heldout_given else heldout_fraction,
        "model": model_name,
        "d_in": d_model,
        "excluded_positions": "position 0 (attention sink) and padding",
        "trainer": "sae_lens.training.sae_trainer.SAETrainer",
        "activation_key_sha256": key,
        **(recipe_extra or {}),
    }
    meta = sae.sae.cfg.metadata
    meta.model_name = model_name
    meta.hook_name = hook
    meta.context_size = context_size
    # read back by check_sae to catch a wrong hook that an absolute FVU bound would pass
    meta.featurectl_heldout_fvu = metrics["heldout"]["fvu"]
    meta.featurectl_act_norm_mean = heldout_acts.norm(dim=-1).mean().item()
    if out_dir is not None:
        save_sae(sae, out_dir, recipe=recipe, metrics=metrics, store_dtype=store_dtype)
        sae._source = {"kind": "path", "path": str(out_dir), "sha256": sha256_file(Path(out_dir) / WEIGHTS_FILE)}
    return sae, metrics


def split_heldout(texts: list[str], fraction: float) -> tuple[list[str], list[str]]:
    """Split by a hash of each text, so a text's side never changes when texts are added."""
    cut = int(fraction * 10_000)
    held = [t for t in texts if int(hashlib.sha256(t.encode()).hexdigest()[:8], 16) % 10_000 < cut]
    held_set = set(held)
    return [t for t in texts if t not in held_set], held


def _cached_collect(model, tokenizer, texts, hook, *, context_size, cache_dir, key_base, log, group_size=1000):
    """collect_activations over groups of ``group_size`` texts, each cached under
    ``cache_dir`` as ``<sha256 of key>.safetensors`` so that appending texts or changing
    training hyper-parameters re-uses earlier forward passes."""
    from safetensors.torch import load_file, save_file

    from .io import atomic_path

    out = []
    for i in range(0, len(texts), group_size):
        group = texts[i : i + group_size]
        key = hashlib.sha256(json.dumps({**key_base, "texts": group}, sort_keys=True).encode()).hexdigest()
        path = Path(cache_dir) / f"{key[:32]}.safetensors" if cache_dir is not None else None
        if path is not None and path.is_file():
            out.append(load_file(str(path))["acts"])
            continue
        if log:
            log(f"collecting texts {i}..{i + len(group)} of {len(texts)}")
        acts = collect_activations(model, tokenizer, group, hook, context_size=context_size, log=log)
        if path is not None:
            with atomic_path(path) as tmp:
                save_file({"acts": acts.contiguous()}, str(tmp))
        out.append(acts)
    return torch.cat(out)


# --------------------------------------------------------------------------- texts


def _chat_text(tokenizer, prompt, response) -> str:
    """Prompt + response as one string, through the chat template when the tokenizer has one."""
    messages = list(prompt) if isinstance(prompt, list) else [{"role": "user", "content": str(prompt)}]
    messages += list(response) if isinstance(response, list) else [{"role": "assistant", "content": str(response)}]
    if tokenizer is not None and getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template(messages, tokenize=False)
    return "\n\n".join(str(m.get("content", "")) for m in messages)


def texts_from_files(paths, tokenizer=None) -> list[str]:
    """Texts for SAE training/checking from ``.txt`` files (paragraphs split by blank lines)
    and ``.jsonl`` files (``text``, or ``prompt`` plus any of ``target``/``control``/
    ``chosen``/``rejected``, one chat-formatted text per response)."""
    from .errors import DataError

    texts: list[str] = []
    for p in map(Path, paths):
        if not p.is_file():
            raise DataError(f"corpus file {p} does not exist")
        if p.suffix == ".txt":
            texts += [t.strip() for t in p.read_text(encoding="utf-8").split("\n\n") if t.strip()]
            continue
        if p.suffix != ".jsonl":
            raise DataError(f"corpus file {p}: expected .txt or .jsonl")
        from .io import read_jsonl_objects

        for lineno, row in read_jsonl_objects(p):
            if isinstance(row.get("text"), str):
                texts.append(row["text"])
                continue
            sides = [k for k in ("target", "control", "chosen", "rejected") if row.get(k)]
            if "prompt" not in row or not sides:
                raise DataError(f"{p}:{lineno}: needs 'text', or 'prompt' with target/control/chosen/rejected")
            texts += [_chat_text(tokenizer, row["prompt"], row[k]) for k in sides]
    if not texts:
        raise DataError(f"no texts in {', '.join(map(str, paths))}")
    return texts


def builtin_check_texts(path_spec: str) -> list[str] | None:
    """The held-out texts shipped with a built-in SAE (``check_texts.jsonl``), or None."""
    if not path_spec.startswith("builtin:"):
        return None
    f = builtin_path(path_spec.removeprefix("builtin:")) / "check_texts.jsonl"
    if not f.is_file():
        return None
    return [json.loads(line)["text"] for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]

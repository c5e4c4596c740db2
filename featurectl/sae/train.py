"""Training an SAE on a model's activations with sae-lens's ``SAETrainer``.

:func:`train_sae` collects activations (cached on disk per group of texts), trains,
evaluates on held-out text, and saves in sae-lens format with ``recipe.json`` (every
hyper-parameter) and ``metrics.json``.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import torch

from ..errors import ConfigError, SAEError
from ..io import sha256_file, state_dict_sha256
from .activations import activation_key_base, activation_metrics, collect_activations_cached
from .load import ARCHITECTURES, WEIGHTS_FILE, LoadedSAE, save_sae
from .texts import split_heldout

Log = Callable[[str], None] | None


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
    log: Log = None,
) -> tuple[LoadedSAE, dict]:
    """Train an SAE with sae-lens's SAETrainer on activations (N, d_in) and evaluate it on
    held-out activations. Returns the (inference) SAE and metrics."""
    train_acts = train_acts.float().contiguous()
    bs = min(cfg.batch_size, train_acts.shape[0])
    total = cfg.tokens if cfg.tokens is not None else int(cfg.epochs * train_acts.shape[0])
    steps = max(1, total // bs)
    trainer, scale = _trainer(train_acts, cfg, steps, bs)
    t0 = time.perf_counter()
    if log:
        log(f"train {cfg.architecture} d_sae={cfg.d_sae} k={cfg.k}: {steps} steps x {bs} on {train_acts.shape[0]} tokens")
    trainer.fit()
    train_s = time.perf_counter() - t0
    inference = _export_inference(trainer, cfg)
    loaded = LoadedSAE(inference, cfg.hook, {"kind": "path", "sha256": state_dict_sha256(inference)})
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


def _trainer(train_acts: torch.Tensor, cfg: TrainSAEConfig, steps: int, bs: int):
    """sae-lens's SAETrainer over shuffled batches of ``train_acts``, and the input scale."""
    from sae_lens.config import SAETrainerConfig
    from sae_lens.training.sae_trainer import SAETrainer

    d_in = train_acts.shape[1]
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
    return trainer, scale


def _export_inference(trainer, cfg: TrainSAEConfig):
    """The trained SAE as the inference SAE users load (sae-lens's own conversion, then
    reloaded through the same path users take), so the metrics describe what is saved."""
    from sae_lens import SAE

    with tempfile.TemporaryDirectory() as tmp:
        if cfg.architecture == "topk":
            trainer.sae.fold_W_dec_norm()  # unit-norm decoder rows: feature acts = contribution norms
        trainer.sae.save_inference_model(tmp)
        inference = SAE.load_from_disk(tmp, dtype="float32")
    if cfg.store_dtype == "float16":
        # Evaluate exactly what will be loaded back from an fp16 file.
        inference = inference.to(dtype=torch.float16).to(dtype=torch.float32)
    inference.eval()
    return inference


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
    log: Log = None,
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
    heldout_given = heldout_texts is not None
    train_texts, heldout_texts = _train_and_heldout_texts(texts, heldout_texts, heldout_fraction)
    key_base = activation_key_base(model, hook, context_size=context_size, model_name=model_name)

    def acts_for(group: list[str]) -> torch.Tensor:
        return collect_activations_cached(
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
    recipe = _recipe(cfg, heldout_fraction=None if heldout_given else heldout_fraction, model_name=model_name,
                     d_in=key_base["d"], activation_key=key, extra=recipe_extra)
    _record_in_metadata(sae, model_name=model_name, hook=hook, context_size=context_size,
                        heldout_fvu=metrics["heldout"]["fvu"], heldout_acts=heldout_acts)
    if out_dir is not None:
        save_sae(sae, out_dir, recipe=recipe, metrics=metrics, store_dtype=store_dtype)
        sae._source = {"kind": "path", "path": str(out_dir), "sha256": sha256_file(Path(out_dir) / WEIGHTS_FILE)}
    return sae, metrics


def _train_and_heldout_texts(texts, heldout_texts, heldout_fraction) -> tuple[list[str], list[str]]:
    """``texts`` split by hash unless ``heldout_texts`` is given; both sides non-empty."""
    if not texts:
        raise SAEError("train_sae needs at least one text")
    if heldout_texts is None:
        train_texts, heldout_texts = split_heldout(texts, heldout_fraction)
    else:
        train_texts = list(texts)
    if not train_texts or not heldout_texts:
        raise SAEError(
            f"need both training and held-out texts (got {len(train_texts)} and {len(heldout_texts)}); "
            f"pass more texts or heldout_texts="
        )
    return train_texts, heldout_texts


def _recipe(cfg: TrainSAEConfig, *, heldout_fraction, model_name, d_in, activation_key, extra) -> dict:
    """``recipe.json``: the config's fields (only those its architecture uses) and provenance."""
    unused = {"topk": {"l0_coefficient"}, "jumprelu": {"k", "dead_feature_window"}}[cfg.architecture]
    return {
        **{k: v for k, v in cfg.__dict__.items() if k not in unused},
        "heldout_fraction": heldout_fraction,
        "model": model_name,
        "d_in": d_in,
        "excluded_positions": "position 0 (attention sink) and padding",
        "trainer": "sae_lens.training.sae_trainer.SAETrainer",
        "activation_key_sha256": activation_key,
        **(extra or {}),
    }


def _record_in_metadata(sae: LoadedSAE, *, model_name, hook, context_size, heldout_fvu, heldout_acts) -> None:
    """Write the training site and quality into the SAE's sae-lens metadata (saved in
    cfg.json); check_sae reads the last two back to catch a wrong hook that an absolute
    FVU bound would pass."""
    meta = sae.sae.cfg.metadata
    meta.model_name = model_name
    meta.hook_name = hook
    meta.context_size = context_size
    meta.featurectl_heldout_fvu = heldout_fvu
    meta.featurectl_act_norm_mean = heldout_acts.norm(dim=-1).mean().item()

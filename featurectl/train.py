"""`featurectl train`: from a validated RunConfig to a run directory.

Order matters: everything that can be validated without a model (config, feature
sets, data files) is checked before any weights load.
"""

from __future__ import annotations

import dataclasses
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any, Optional, Sequence

import torch

from .config import RunConfig, dump_run_config
from .errors import ConfigError
from .io import write_json, write_text


def log(msg: str) -> None:
    print(f"[featurectl] {msg}", file=sys.stderr, flush=True)


@dataclasses.dataclass
class Prepared:
    """Everything a trainer needs, built once (also used by eval and the cache pass)."""

    cfg: RunConfig
    model: Any
    tokenizer: Any
    model_info: Any
    saes: list  # LoadedSAE per attachment
    masks: list  # FeatureMask per attachment
    feature_sets: list  # FeatureSet | None per attachment
    train_pairs: list
    eval_pairs: list


def load_feature_sets(cfg: RunConfig) -> list:
    from .feature_sets import load_feature_set

    return [load_feature_set(a.feature_set) if a.feature_set else None for a in cfg.saes]


def split_pairs(pairs: list, fraction: float, seed: int) -> tuple[list, list]:
    if fraction <= 0 or len(pairs) < 2:
        return pairs, []
    order = list(range(len(pairs)))
    random.Random(seed).shuffle(order)
    n_eval = max(1, int(round(len(pairs) * fraction)))
    eval_idx = set(order[:n_eval])
    return [p for i, p in enumerate(pairs) if i not in eval_idx], [p for i, p in enumerate(pairs) if i in eval_idx]


def load_pairs(cfg: RunConfig, tokenizer) -> tuple[list, list]:
    from .data import load_rows, tokenize_pairs
    from .losses import LOSSES, Need

    d = cfg.data
    require_rejected = Need.REJECTED in LOSSES[cfg.method].needs
    rows = load_rows(d.train, d.train_split, d.max_rows)
    pairs = tokenize_pairs(
        tokenizer, rows, max_prompt_length=d.max_prompt_length, max_length=d.max_length,
        on_overlong=d.on_overlong, source=d.train, require_rejected=require_rejected,
    )
    if d.eval:
        eval_rows = load_rows(d.eval, d.eval_split or d.train_split, None)
        eval_pairs = tokenize_pairs(
            tokenizer, eval_rows, max_prompt_length=d.max_prompt_length, max_length=d.max_length,
            on_overlong=d.on_overlong, source=d.eval, require_rejected=require_rejected,
        )
        # eval rows live after the train rows in the cache's row-id space
        for p in eval_pairs:
            p.row_id += len(rows)
        return pairs, eval_pairs
    return split_pairs(pairs, d.eval_fraction, cfg.train.seed)


def prepare(cfg: RunConfig, *, model=None, tokenizer=None, model_info=None) -> Prepared:
    """Load (or accept) the model, SAEs, feature-set masks and tokenized pairs."""
    from .models import load_model
    from .trainer import FeatureMask

    feature_sets = load_feature_sets(cfg)  # schema errors before any weights load
    if model is None:
        t0 = time.perf_counter()
        model, tokenizer, model_info = load_model(cfg.model.name, dtype=cfg.model.dtype)
        log(f"model {cfg.model.name} loaded in {time.perf_counter() - t0:.1f}s")
    train_pairs, eval_pairs = load_pairs(cfg, tokenizer)
    log(f"pairs: {len(train_pairs)} train, {len(eval_pairs)} eval from {cfg.data.train}")
    saes, masks = [], []
    if cfg.saes:
        from .feature_sets import mask_tensors, validate_against
        from .hooks import resolve_hook
        from .sae import load_sae

        hidden = model.config.get_text_config().hidden_size
        for att, fs in zip(cfg.saes, feature_sets):
            sae = load_sae(att.sae, hook=att.hook)
            if sae.d_in != hidden:
                from .errors import SAEError

                raise SAEError(
                    f"SAE {att.sae} has d_in={sae.d_in} but model {cfg.model.name} has hidden size {hidden}"
                )
            resolve_hook(model, att.hook)  # fails early on a bad hook name
            if fs is not None:
                validate_against(fs, model=cfg.model.name, sae_identity=sae.identity(), hook=att.hook, d_sae=sae.d_sae)
                masks.append(FeatureMask(*mask_tensors(fs, sae.d_sae)))
            else:
                masks.append(FeatureMask.uniform(sae.d_sae))
            saes.append(sae)
    return Prepared(cfg, model, tokenizer, model_info, saes, masks, feature_sets, train_pairs, eval_pairs)


def feature_hooks_for(model, cfg: RunConfig, saes: list) -> list:
    from .forward import FeatureHook
    from .hooks import resolve_hook

    hooks = []
    for att, sae in zip(cfg.saes, saes):
        param = next(model.parameters())
        sae = sae.to(device=param.device, dtype=param.dtype)
        hooks.append(FeatureHook(module=resolve_hook(model, att.hook), encode=sae.encode, name=att.hook))
    return hooks


def build_reference(prep: Prepared, spec, *, reference_model=None, device=None):
    """The reference provider the loss needs: offline cache when possible, else online."""
    from .losses import Need
    from .reference import OnlineReference

    cfg = prep.cfg
    if not spec.needs_reference:
        return None
    if spec.cacheable_reference and reference_model is None:
        from .refcache import ensure_cache

        return ensure_cache(prep, log=log)
    if reference_model is None:
        from .models import load_model

        log("TDPO needs full-vocabulary reference distributions: loading the reference model online")
        reference_model, _, _ = load_model(cfg.model.name, dtype=cfg.model.dtype)
    # the Trainer moves the policy to args.device only later; place the reference there now
    reference_model.to(device or next(prep.model.parameters()).device)
    hooks = feature_hooks_for(reference_model, cfg, prep.saes) if Need.SAE_FEATURES in spec.needs else []
    return OnlineReference(
        reference_model, hooks, pooling_denominator=cfg.pooling.denominator,
        features_after_final_norm=cfg.pooling.features_after_final_norm, chunk_size=cfg.train.logps_chunk_size,
    )


def training_arguments(cfg: RunConfig, run_dir: Path, has_eval: bool):
    from transformers import TrainingArguments

    t = cfg.train
    return TrainingArguments(
        output_dir=str(run_dir / "checkpoints"),
        learning_rate=t.learning_rate,
        max_steps=t.max_steps,
        num_train_epochs=t.num_train_epochs,
        per_device_train_batch_size=t.per_device_train_batch_size,
        per_device_eval_batch_size=t.per_device_eval_batch_size,
        gradient_accumulation_steps=t.gradient_accumulation_steps,
        warmup_steps=t.warmup_steps,
        lr_scheduler_type=t.lr_scheduler_type,
        optim=t.optim,
        weight_decay=t.weight_decay,
        max_grad_norm=t.max_grad_norm,
        seed=t.seed,
        bf16=t.bf16,
        **_checkpointing_kwargs(TrainingArguments, t.gradient_checkpointing),
        logging_steps=t.logging_steps,
        eval_strategy="steps" if has_eval and t.eval_steps else "no",
        eval_steps=t.eval_steps,
        save_strategy="steps",
        save_steps=t.save_steps,
        save_total_limit=t.save_total_limit,
        report_to=t.report_to,
        remove_unused_columns=False,
        dataloader_num_workers=t.dataloader_num_workers,
        disable_tqdm=False,
        use_cpu=not torch.cuda.is_available(),
    )


def _checkpointing_kwargs(args_cls, enabled: bool) -> dict:
    """transformers >= 5.2x renamed gradient_checkpointing to activation_checkpointing."""
    import inspect

    name = "activation_checkpointing" if "activation_checkpointing" in inspect.signature(args_cls).parameters \
        else "gradient_checkpointing"
    return {name: enabled, f"{name}_kwargs": {"use_reentrant": False} if enabled else None}


def run_training(cfg: RunConfig, *, resume: bool = False, prepared: Optional[Prepared] = None,
                 reference_model=None, callbacks: Sequence = ()) -> Path:
    """Train ``cfg`` and write its run directory. Returns the run directory.

    ``callbacks``: extra ``transformers.TrainerCallback`` objects (profilers, benchmarks).
    """
    from .data import PairCollator, PairDataset
    from .losses import LOSSES
    from .console import install_train_output, train_summary
    from .trainer import MetricsJsonl, PreferenceTrainer, StepTimer, peak_memory_mb

    spec = LOSSES[cfg.method]
    run_dir = cfg.run_dir
    checkpoints = run_dir / "checkpoints"
    if run_dir.exists() and (run_dir / "metrics.jsonl").exists() and not resume:
        raise ConfigError(f"run directory {run_dir} already holds a run; pass --resume or another --output")
    prep = prepared or prepare(cfg)
    run_dir.mkdir(parents=True, exist_ok=True)
    write_text(run_dir / "config.yaml", dump_run_config(cfg))
    for i, (att, fs) in enumerate(zip(cfg.saes, prep.feature_sets)):
        if fs is not None:
            from .feature_sets import feature_set_to_yaml

            name = "feature_set.yaml" if i == 0 else f"feature_set_{i}.yaml"
            write_text(run_dir / name, feature_set_to_yaml(fs))
    summary = {"status": "running", "method": cfg.method, "model": cfg.model.name, "name": cfg.name}
    write_json(run_dir / "summary.json", summary)

    model = prep.model
    model.config.use_cache = False
    if cfg.train.lora is not None:
        from peft import LoraConfig, get_peft_model

        lc = cfg.train.lora
        model = get_peft_model(model, LoraConfig(r=lc.r, lora_alpha=lc.alpha, lora_dropout=lc.dropout,
                                                 target_modules=lc.target_modules, task_type="CAUSAL_LM"))
    # TrainingArguments first: it joins the process group (accelerate launch / torchrun), so the
    # cache pass below can shard across ranks and a user's ddp_timeout applies.
    args = training_arguments(cfg, run_dir, bool(prep.eval_pairs))
    reference = build_reference(prep, spec, reference_model=reference_model, device=args.device)
    timer = StepTimer()
    trainer = PreferenceTrainer(
        model=model,
        args=args,
        train_dataset=PairDataset(prep.train_pairs),
        eval_dataset=PairDataset(prep.eval_pairs) if prep.eval_pairs else None,
        data_collator=PairCollator(prep.tokenizer.pad_token_id),
        processing_class=prep.tokenizer,
        callbacks=[MetricsJsonl(run_dir / "metrics.jsonl"), timer, *callbacks],
        loss_spec=spec,
        loss_params=cfg.loss,
        feature_hooks=feature_hooks_for(model, cfg, prep.saes),
        feature_masks=prep.masks,
        reference=reference,
        pooling_denominator=cfg.pooling.denominator,
        features_after_final_norm=cfg.pooling.features_after_final_norm,
        chunk_size=cfg.train.logps_chunk_size,
    )
    timer.trainer = trainer
    install_train_output(trainer, run_dir)  # raw HF log dicts -> train.log; one compact line per step
    resume_from = None
    if resume and checkpoints.exists() and any(checkpoints.glob("checkpoint-*")):
        resume_from = True
        log(f"resuming from the latest checkpoint in {checkpoints}")
    t0 = time.perf_counter()
    try:
        result = trainer.train(resume_from_checkpoint=resume_from)
    except BaseException as e:
        summary.update(status="failed", error=str(e)[:2000])
        write_json(run_dir / "summary.json", summary)
        raise
    wall = time.perf_counter() - t0
    sync = _ranks_in_sync(trainer)
    if trainer.is_world_process_zero():
        final = run_dir / "final"
        tmp = run_dir / ".final.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        trainer.save_model(str(tmp))
        prep.tokenizer.save_pretrained(str(tmp))
        shutil.rmtree(final, ignore_errors=True)
        tmp.rename(final)
        from .io import read_jsonl

        rows = [r for r in read_jsonl(run_dir / "metrics.jsonl")] if (run_dir / "metrics.jsonl").exists() else []
        train_rows = [r for r in rows if "loss" in r and "train_runtime" not in r]
        step_times = [r["step_time_s"] for r in train_rows if "step_time_s" in r]
        tps = [r["tokens_per_s"] for r in train_rows if "tokens_per_s" in r]
        summary.update(
            status="finished",
            steps=trainer.state.global_step,
            wall_s=round(wall, 3),
            train_loss=result.training_loss,
            peak_mem_mb=peak_memory_mb(),
            mean_step_time_s=sum(step_times) / len(step_times) if step_times else None,
            tokens_per_s=sum(tps) / len(tps) if tps else None,
            final=train_rows[-1] if train_rows else {},
            distributed=sync,
        )
        write_json(run_dir / "summary.json", summary)
        print(train_summary(run_dir, summary), flush=True)
    return run_dir


def _ranks_in_sync(trainer) -> dict:
    """Under DDP, check that every rank ended with the same weights (a gradient-sync guard)."""
    world = trainer.accelerator.num_processes
    if world <= 1:
        return {"world_size": 1}
    model = trainer.accelerator.unwrap_model(trainer.model)
    checksum = torch.stack([p.detach().double().sum() for p in model.parameters()]).sum()
    sums = trainer.accelerator.gather(checksum.reshape(1).to(trainer.args.device)).cpu()
    spread = float(sums.max() - sums.min())
    in_sync = spread <= 1e-6 * max(1.0, float(sums.abs().max()))
    if not in_sync:
        log(f"WARNING: ranks ended with different weights (checksum spread {spread:.3g})")
    return {"world_size": world, "param_checksums": [float(x) for x in sums], "params_in_sync": in_sync}

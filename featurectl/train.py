"""`featurectl train`: from a validated RunConfig to a run directory.

Order matters: everything that can be validated without a model (config, feature
sets, data files) is checked before any weights load (:func:`featurectl.prepare.prepare`).
The run directory's layout is :mod:`featurectl.rundir`'s.
"""

from __future__ import annotations

import inspect
import shutil
import time
from pathlib import Path
from typing import Any, Optional, Sequence

import torch
from transformers import TrainingArguments

from .config import RunConfig, dump_run_config
from .console import install_train_output, train_summary
from .devices import default_device
from .pairs import PairCollator, PairDataset
from .feature_sets import feature_set_to_yaml
from .io import write_text
from .losses import LOSSES, LossSpec, Need
from .prepare import Prepared, feature_hooks_for, log, prepare
from .refcache import ensure_cache
from .resume import CompletionMarker, guard_run, resume_checkpoint
from .reference import OnlineReference
from .rundir import STATUS_FAILED, STATUS_FINISHED, STATUS_RUNNING, RunDir
from .trainer import MetricsJsonl, OptimizerStepTimer, PreferenceTrainer, peak_memory_mb


def build_reference(prep: Prepared, spec: LossSpec, *, reference_model=None, device=None):
    """The reference provider the loss needs: offline cache when possible, else online."""
    cfg = prep.cfg
    if not spec.needs_reference:
        return None
    if spec.cacheable_reference and reference_model is None:
        return ensure_cache(prep, log=log)
    if reference_model is None:
        from .models import load_model  # looked up at call time (tests trap it)

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
    t = cfg.train
    return TrainingArguments(
        output_dir=str(RunDir(run_dir).checkpoints),
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
        use_cpu=default_device() == "cpu",
    )


def _checkpointing_kwargs(args_cls, enabled: bool) -> dict:
    """transformers >= 5.2x renamed gradient_checkpointing to activation_checkpointing."""
    name = "activation_checkpointing" if "activation_checkpointing" in inspect.signature(args_cls).parameters \
        else "gradient_checkpointing"
    return {name: enabled, f"{name}_kwargs": {"use_reentrant": False} if enabled else None}


@guard_run(log)  # one writer per run directory; refuses an existing run or plans the resume
def run_training(cfg: RunConfig, *, resume: bool = False, prepared: Optional[Prepared] = None,
                 reference_model=None, callbacks: Sequence = ()) -> Path:
    """Train ``cfg`` and write its run directory. Returns the run directory.

    ``callbacks``: extra ``transformers.TrainerCallback`` objects (profilers, benchmarks).
    """
    spec = LOSSES[cfg.method]
    run = RunDir(cfg.run_dir)  # guard_run holds its lock and has refused an existing run
    prep = prepared or prepare(cfg)
    summary = start_run_dir(run, cfg, prep)
    model = with_lora(prep.model, cfg)
    # TrainingArguments first: it joins the process group (accelerate launch / torchrun), so the
    # cache pass below can shard across ranks and a user's ddp_timeout applies.
    args = training_arguments(cfg, run.path, bool(prep.eval_pairs))
    reference = build_reference(prep, spec, reference_model=reference_model, device=args.device)
    trainer = build_trainer(cfg, prep, model, args, spec, reference, run, callbacks)
    resume_from = _resume_from(run, resume)
    t0 = time.perf_counter()
    try:
        result = trainer.train(resume_from_checkpoint=resume_from)
    except BaseException as e:
        summary.update(status=STATUS_FAILED, error=str(e)[:2000])
        run.write_summary(summary)
        raise
    wall = time.perf_counter() - t0
    sync = _ranks_in_sync(trainer)
    if trainer.is_world_process_zero():
        save_final(trainer, prep.tokenizer, run)
        summary.update(finished_summary(trainer, result.training_loss, wall, run), distributed=sync)
        run.write_summary(summary)
        print(train_summary(run.path, summary), flush=True)
    return run.path


def start_run_dir(run: RunDir, cfg: RunConfig, prep: Prepared) -> dict[str, Any]:
    """Write config.yaml, each feature set and a ``running`` summary.json; return the summary."""
    run.path.mkdir(parents=True, exist_ok=True)
    run.write_config(dump_run_config(cfg))
    for i, fs in enumerate(prep.feature_sets[: len(cfg.saes)]):
        if fs is not None:
            write_text(run.feature_set(i), feature_set_to_yaml(fs))
    summary = {"status": STATUS_RUNNING, "method": cfg.method, "model": cfg.model.name, "name": cfg.name}
    run.write_summary(summary)
    return summary


def with_lora(model, cfg: RunConfig):
    """``model`` without KV caching, wrapped in fresh LoRA adapters when ``train.lora`` is set."""
    model.config.use_cache = False
    if cfg.train.lora is None:
        return model
    from peft import LoraConfig, get_peft_model

    lc = cfg.train.lora
    return get_peft_model(model, LoraConfig(r=lc.r, lora_alpha=lc.alpha, lora_dropout=lc.dropout,
                                            target_modules=lc.target_modules, task_type="CAUSAL_LM"))


def build_trainer(cfg: RunConfig, prep: Prepared, model, args, spec: LossSpec, reference, run: RunDir,
                  callbacks: Sequence = ()) -> PreferenceTrainer:
    """The :class:`PreferenceTrainer` over ``prep``'s pairs, logging to ``run``'s metrics.jsonl."""
    timer = OptimizerStepTimer()
    trainer = PreferenceTrainer(
        model=model,
        args=args,
        train_dataset=PairDataset(prep.train_pairs),
        eval_dataset=PairDataset(prep.eval_pairs) if prep.eval_pairs else None,
        data_collator=PairCollator(prep.tokenizer.pad_token_id),
        processing_class=prep.tokenizer,
        callbacks=[MetricsJsonl(run), timer, CompletionMarker(), *callbacks],
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
    install_train_output(trainer, run.path)  # raw HF log dicts -> train.log; one compact line per step
    return trainer


def _resume_from(run: RunDir, resume: bool) -> Optional[str]:
    """The newest complete checkpoint when resuming (guard_run has planned the resume), else None."""
    return resume_checkpoint(run.checkpoints) if resume else None


def save_final(trainer: PreferenceTrainer, tokenizer, run: RunDir) -> None:
    """Save the trained model and tokenizer to ``final/`` (written beside it, then renamed)."""
    tmp = run.path / f".{run.final.name}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    trainer.save_model(str(tmp))
    tokenizer.save_pretrained(str(tmp))
    shutil.rmtree(run.final, ignore_errors=True)
    tmp.rename(run.final)


def finished_summary(trainer: PreferenceTrainer, train_loss: float, wall: float, run: RunDir) -> dict[str, Any]:
    """The fields a finished run adds to summary.json, its step means read from metrics.jsonl."""
    train_rows = [r for r in run.read_metrics() if "loss" in r and "train_runtime" not in r]
    step_times = [r["step_time_s"] for r in train_rows if "step_time_s" in r]
    tps = [r["tokens_per_s"] for r in train_rows if "tokens_per_s" in r]
    return dict(
        status=STATUS_FINISHED,
        steps=trainer.state.global_step,
        wall_s=round(wall, 3),
        train_loss=train_loss,
        peak_mem_mb=peak_memory_mb(),
        mean_step_time_s=sum(step_times) / len(step_times) if step_times else None,
        tokens_per_s=sum(tps) / len(tps) if tps else None,
        final=train_rows[-1] if train_rows else {},
    )


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

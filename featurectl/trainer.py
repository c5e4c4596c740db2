"""PreferenceTrainer: HF ``Trainer`` with a registry loss.

The trainer asks the loss's :class:`~featurectl.losses.LossSpec` what it needs and
computes only that: reference sequence log-probs (from a provider: the offline cache
or an online model), TDPO's token-level KL (online reference only), or pooled SAE
features (one policy forward; the reference side comes from the provider). There is
no branching on method names. Because this is ``transformers.Trainer``,
``accelerate launch`` (DDP/FSDP/DeepSpeed), gradient checkpointing, bf16, PEFT,
checkpoint resume and ``report_to`` work unchanged.
"""

from __future__ import annotations

import inspect
import math
import resource
import time
from collections import defaultdict
from typing import Any, Optional, Sequence

import torch
from transformers import Trainer, TrainerCallback

from .errors import FeaturectlError
from .forward import FeatureHook, chunked_seq_kl, forward_batch
from .losses import LossOutput, LossSpec, Need
from .prepare import FeatureMask
from .rundir import RunDir
from .resume import checkpoint_note


class NonFiniteLossError(FeaturectlError):
    pass


def peak_memory_mb() -> float:
    """Peak accelerator memory if on CUDA, else the process's peak RSS."""
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        return torch.cuda.max_memory_allocated() / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class PreferenceTrainer(Trainer):
    def __init__(
        self,
        *args,
        loss_spec: LossSpec,
        loss_params: dict[str, Any],
        feature_hooks: Sequence[FeatureHook] = (),
        feature_masks: Sequence[FeatureMask] = (),
        reference=None,
        pooling_denominator: str = "response",
        features_after_final_norm: bool = False,
        chunk_size: int = 1024,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.loss_spec = loss_spec
        self.loss_params = dict(loss_params)
        self.feature_hooks = list(feature_hooks)
        self.feature_masks = list(feature_masks)
        self.reference = reference
        self.pooling_denominator = pooling_denominator
        self.features_after_final_norm = features_after_final_norm
        self.chunk_size = chunk_size
        needs = loss_spec.needs
        if Need.SAE_FEATURES in needs and not self.feature_hooks:
            raise FeaturectlError(f"method {loss_spec.name!r} needs at least one SAE")
        if needs & {Need.REFERENCE_LOGPS, Need.SAE_FEATURES, Need.REFERENCE_TOKEN_DISTRIBUTIONS} and reference is None:
            raise FeaturectlError(f"method {loss_spec.name!r} needs a reference provider")
        if Need.REFERENCE_TOKEN_DISTRIBUTIONS in needs and not hasattr(reference, "model"):
            raise FeaturectlError(f"method {loss_spec.name!r} needs an online reference model")
        self._loss_args = set(inspect.signature(loss_spec.fn).parameters)
        self._stored: dict[str, dict[str, list[float]]] = {"train": defaultdict(list), "eval": defaultdict(list)}
        self._tokens_since_log = 0
        self._time_since_log = time.perf_counter()
        self._step_times: list[float] = []

    # ------------------------------------------------------------------ loss
    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        needs = self.loss_spec.needs
        batch = {k: v for k, v in inputs.items() if isinstance(v, torch.Tensor)}
        n_pairs = batch["input_ids"].shape[0] // 2
        if Need.REJECTED not in needs:  # SFT: score the chosen half only
            batch = {k: (v[:n_pairs] if k != "row_ids" else v) for k, v in batch.items()}
        want_features = Need.SAE_FEATURES in needs
        want_kl = Need.REFERENCE_TOKEN_DISTRIBUTIONS in needs
        out = forward_batch(
            model,
            batch,
            feature_hooks=self.feature_hooks if want_features else (),
            pooling_denominator=self.pooling_denominator,
            features_after_final_norm=self.features_after_final_norm,
            chunk_size=self.chunk_size,
            keep_hidden=want_kl,
        )
        available: dict[str, Any] = {
            "policy_chosen_logps": out.logps[:n_pairs],
            "chosen_lengths": out.lengths[:n_pairs],
        }
        if Need.REJECTED in needs:
            available["policy_rejected_logps"] = out.logps[n_pairs:]
            available["rejected_lengths"] = out.lengths[n_pairs:]
        if want_features:
            available["policy_chosen_features"] = [f[:n_pairs] for f in out.features]
            available["policy_rejected_features"] = [f[n_pairs:] for f in out.features]
            masks = [m.to(out.logps.device) for m in self.feature_masks]
            available["feature_weights"] = [m.weights for m in masks]
            available["feature_zero_target"] = [m.zero_target for m in masks]
            available["feature_always_include"] = [m.always_include for m in masks]
        if self.reference is not None and needs & {Need.REFERENCE_LOGPS, Need.SAE_FEATURES, Need.REFERENCE_TOKEN_DISTRIBUTIONS}:
            available.update(
                self.reference.reference_outputs(
                    batch, logps=Need.REFERENCE_LOGPS in needs or want_kl, features=want_features,
                    **({"keep_hidden": True} if want_kl else {}),
                )
            )
        if want_kl:
            kl = chunked_seq_kl(out, self.reference.last, model, self.reference.model, self.chunk_size)
            available["chosen_seq_kl"], available["rejected_seq_kl"] = kl[:n_pairs], kl[n_pairs:]
        kwargs = {k: v for k, v in available.items() if k in self._loss_args}
        kwargs.update({k: v for k, v in self.loss_params.items() if k in self._loss_args})
        result: LossOutput = self.loss_spec.fn(**kwargs)
        loss = result.losses.mean()
        if not torch.isfinite(loss):
            raise NonFiniteLossError(
                f"non-finite loss ({loss.item()}) at step {self.state.global_step} for method "
                f"{self.loss_spec.name!r}; {checkpoint_note(self.args.output_dir)}. "
                "Lower the learning rate or check the data and cache."
            )
        self._record(result, available, out.n_tokens, train=model.training)
        return (loss, {"loss": loss.detach()}) if return_outputs else loss

    def prediction_step(self, model, inputs, prediction_loss_only, ignore_keys=None):
        """Evaluation computes the same registry loss (and records eval metrics); no logits."""
        inputs = self._prepare_inputs(inputs)
        with torch.no_grad():
            loss = self.compute_loss(model, inputs)
        return loss.detach(), None, None

    def _record(self, result: LossOutput, available: dict[str, Any], n_tokens: int, train: bool) -> None:
        store = self._stored["train" if train else "eval"]
        cr, rr = result.chosen_rewards.detach(), result.rejected_rewards.detach()
        store["rewards/chosen"].append(cr.mean().item())
        if Need.REJECTED in self.loss_spec.needs:
            store["rewards/rejected"].append(rr.mean().item())
            store["rewards/accuracies"].append((cr > rr).float().mean().item())
            store["rewards/margins"].append((cr - rr).mean().item())
            store["logps/rejected"].append(available["policy_rejected_logps"].detach().mean().item())
        store["logps/chosen"].append(available["policy_chosen_logps"].detach().mean().item())
        for name in ("chosen_seq_kl", "rejected_seq_kl"):
            if name in available:
                store[f"kl/{name.split('_')[0]}"].append(available[name].detach().mean().item())
        for name, value in result.metrics.items():
            store[name].append(value.detach().float().mean().item())
        if train:
            self._tokens_since_log += n_tokens

    def log(self, logs: dict[str, float], *args, **kwargs) -> None:
        train = "loss" in logs or not any(k.startswith("eval_") for k in logs)
        store = self._stored["train" if train else "eval"]
        prefix = "" if train else "eval_"
        for key, values in store.items():
            if values:
                logs[prefix + key] = sum(values) / len(values)
        store.clear()
        if train:
            now = time.perf_counter()
            elapsed = max(now - self._time_since_log, 1e-9)
            logs["tokens_per_s"] = self._tokens_since_log / elapsed
            if self._step_times:
                logs["step_time_s"] = sum(self._step_times) / len(self._step_times)
            self._tokens_since_log, self._time_since_log, self._step_times = 0, now, []
            logs["peak_mem_mb"] = peak_memory_mb()
        super().log(logs, *args, **kwargs)


class OptimizerStepTimer(TrainerCallback):
    """Measures the wall time of each optimizer step (forward, backward and update of all
    accumulated micro-batches) for the trainer's ``step_time_s`` log field."""

    def __init__(self) -> None:
        self.trainer: Optional[PreferenceTrainer] = None
        self._t0 = 0.0

    def on_step_begin(self, args, state, control, **kwargs):
        self._t0 = time.perf_counter()

    def on_step_end(self, args, state, control, **kwargs):
        if self.trainer is not None:
            self.trainer._step_times.append(time.perf_counter() - self._t0)


class MetricsJsonl(TrainerCallback):
    """Appends every log row to the run's ``metrics.jsonl`` (main process only)."""

    def __init__(self, run: RunDir) -> None:
        self.run = run

    def on_log(self, args, state, control, logs=None, **kwargs):
        if not state.is_world_process_zero or not logs:
            return
        row = {"step": state.global_step, "epoch": state.epoch}
        for k, v in logs.items():
            key = "eval/" + k[len("eval_"):] if k.startswith("eval_") else ("loss" if k == "train_loss" else k)
            if isinstance(v, (int, float)) and not (isinstance(v, float) and math.isnan(v)):
                row[key] = v
        self.run.append_metrics(row)

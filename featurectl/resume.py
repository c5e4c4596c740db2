"""Safe resume: one writer per run, the newest complete checkpoint, clean records, no config drift.

:func:`guard_run` wraps ``featurectl.train.run_training``. Under the run directory's
lock (:class:`featurectl.runlock.RunLock`) it

* refuses to train onto an existing run without ``--resume`` (the check and the write
  happen under the lock, so two processes cannot both pass it);
* with ``--resume``: compares the new config with the run's ``config.yaml`` and refuses
  any change outside :data:`CHANGEABLE`; picks the newest *complete* checkpoint and moves
  incomplete ones (a save killed half-way) aside into ``checkpoints/incomplete/``; moves
  metrics rows logged after that checkpoint's step into ``metrics.jsonl.after-step-N-TIME``;
  and when there is no complete checkpoint says so, moves the old metrics to
  ``metrics.jsonl.stale-TIME`` and starts over. Nothing is deleted.

Complete checkpoints. HF Trainer writes the weights, optimizer, scheduler, RNG state and
``trainer_state.json`` (last) into ``checkpoint-N/``. :class:`CompletionMarker` then writes
``featurectl-complete.json`` listing every file and its size, atomically, so a checkpoint
is complete when its marker's files are all there at their recorded sizes. Checkpoints
without a marker (older featurectl) count as complete when ``trainer_state.json`` and
model weights are present. HF Trainer loads the torch files of a checkpoint
(``optimizer.pt``, ``scheduler.pt``, ``rng_state.pth``) with ``torch.load(...,
weights_only=True)`` (transformers 5.24, ``Trainer._load_optimizer_and_scheduler`` and
``_load_rng_state``); ``training_args.bin`` is written but never loaded on resume.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from pathlib import Path
from typing import Any, Callable, Optional

from transformers import TrainerCallback

from .config import RunConfig, parse_run_config, read_yaml_mapping
from .errors import ConfigError
from .io import write_json, write_text
from .rundir import CHECKPOINTS, CONFIG, METRICS, RunDir
from .runlock import RunLock, fresh_run_dir, is_launcher
from .safeyaml import short_repr

MARKER = "featurectl-complete.json"
INCOMPLETE = "incomplete"
#: Config fields a resumed run may change: how long it runs, how often it logs, evaluates
#: and saves, where it reports, and data-loading/eval batching, none of which changes
#: the optimisation of the steps already taken or to come. ``output_dir`` is the run itself.
CHANGEABLE = (
    "train.max_steps", "train.num_train_epochs", "train.logging_steps", "train.eval_steps",
    "train.save_steps", "train.save_total_limit", "train.report_to", "train.dataloader_num_workers",
    "train.per_device_eval_batch_size", "reference.cache_dir", "output_dir",
)
_WEIGHTS = ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin",
            "pytorch_model.bin.index.json", "adapter_model.safetensors", "adapter_model.bin")
_STEP = re.compile(r"^checkpoint-(\d+)$")


def _stamp() -> str:
    return datetime.datetime.now().strftime("%Y%m%d-%H%M%S")


# --------------------------------------------------------------------------- checkpoints
class CompletionMarker(TrainerCallback):
    """After HF Trainer finished saving ``checkpoint-N``, record its files and sizes in
    ``checkpoint-N/featurectl-complete.json`` (atomic write; main process only)."""

    def on_save(self, args, state, control, **kwargs):
        if not state.is_world_process_zero:
            return
        folder = Path(args.output_dir) / f"checkpoint-{state.global_step}"
        if folder.is_dir():
            files = {str(p.relative_to(folder)): p.stat().st_size
                     for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MARKER}
            write_json(folder / MARKER, {"step": state.global_step, "files": files})


def checkpoint_problem(folder: Path) -> Optional[str]:
    """None when ``folder`` is a complete checkpoint, else why it is not."""
    marker = folder / MARKER
    if marker.is_file():
        try:
            files = json.loads(marker.read_text(encoding="utf-8"))["files"]
        except (OSError, ValueError, KeyError, TypeError):
            return f"its {MARKER} is unreadable"
        for name, size in files.items():
            path = folder / name
            if not path.is_file():
                return f"{name} is missing"
            if path.stat().st_size != size:
                return f"{name} has {path.stat().st_size} bytes, {size} were written"
        return None
    if not (folder / "trainer_state.json").is_file():
        return "it has no trainer_state.json (the save was interrupted)"
    if not any((folder / w).is_file() for w in _WEIGHTS) and not any(folder.glob("pytorch_model_fsdp*")):
        return "it has no model weights"
    return None


def scan_checkpoints(checkpoints: Path) -> tuple[Optional[Path], list[tuple[Path, str]]]:
    """(newest complete checkpoint or None, [(incomplete checkpoint, why)]), newest first."""
    found = []
    if checkpoints.is_dir():
        for p in checkpoints.iterdir():
            m = _STEP.match(p.name)
            if m and p.is_dir():
                found.append((int(m.group(1)), p))
    best, skipped = None, []
    for _, path in sorted(found, reverse=True):
        why = checkpoint_problem(path)
        if why is not None:
            skipped.append((path, why))
        elif best is None:
            best = path
    return best, skipped


def resume_checkpoint(checkpoints: Path) -> Optional[str]:
    """The newest complete checkpoint under ``checkpoints``, for ``trainer.train(resume_from_checkpoint=)``."""
    best, _ = scan_checkpoints(Path(checkpoints))
    return str(best) if best is not None else None


def checkpoint_step(path: Path) -> int:
    return int(_STEP.match(Path(path).name).group(1))


def checkpoint_note(checkpoints: str | Path) -> str:
    """What a failed run leaves to resume from, for error messages (the NaN guard)."""
    best, skipped = scan_checkpoints(Path(checkpoints))
    if best is not None:
        return f"the newest complete checkpoint is {best} (step {checkpoint_step(best)}); --resume continues from it"
    extra = f" ({len(skipped)} incomplete)" if skipped else ""
    return f"no complete checkpoint has been saved yet in {checkpoints}{extra}; --resume would start over"


# --------------------------------------------------------------------------- records
def set_aside(path: Path, suffix: str) -> Path:
    """Rename ``path`` to ``path.SUFFIX-TIME`` (kept, never deleted); returns the new path."""
    target = path.with_name(f"{path.name}.{suffix}-{_stamp()}")
    path.rename(target)
    return target


def trim_metrics(metrics: Path, step: int) -> Optional[tuple[Path, int]]:
    """Move metrics rows logged after ``step`` (and unreadable lines) into a file beside it.

    Returns (that file, rows moved), or None when nothing was past ``step``."""
    if not metrics.is_file():
        return None
    keep, drop = [], []
    for line in metrics.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True):
        if not line.strip():
            continue
        try:
            row_step = json.loads(line).get("step", 0)
        except (ValueError, AttributeError):
            row_step = None
        (keep if isinstance(row_step, int) and row_step <= step else drop).append(line)
    if not drop:
        return None
    aside = metrics.with_name(f"{metrics.name}.after-step-{step}-{_stamp()}")
    write_text(aside, "".join(drop))
    write_text(metrics, "".join(keep))
    return aside, len(drop)


# --------------------------------------------------------------------------- config drift
def _flat(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for k, v in data.items():
            out.update(_flat(v, f"{prefix}{k}." if not isinstance(v, dict) or v else f"{prefix}{k}"))
        return out if data else {prefix.rstrip("."): {}}
    return {prefix.rstrip("."): data}


def config_changes(saved: RunConfig, new: RunConfig) -> list[str]:
    """'field: VALUE in the run, VALUE now' for every changed field outside CHANGEABLE."""
    a, b = _flat(saved.model_dump(mode="json")), _flat(new.model_dump(mode="json"))
    missing = object()
    out = []
    for key in sorted(set(a) | set(b)):
        if key in CHANGEABLE or a.get(key, missing) == b.get(key, missing):
            continue
        old, now = a.get(key, "(unset)"), b.get(key, "(unset)")
        out.append(f"{key}: {short_repr(old)} in the run, {short_repr(now)} now")
    return out


def feature_set_changes(run_dir: Path, cfg: RunConfig) -> list[str]:
    """A feature-set file edited since the run started (same path, other betas) is a change too."""
    from .feature_sets import load_feature_set

    out = []
    for i, att in enumerate(cfg.saes):
        copy = RunDir(run_dir).feature_set(i)
        if att.feature_set and copy.is_file() and load_feature_set(att.feature_set) != load_feature_set(copy):
            out.append(f"saes[{i}].feature_set: {att.feature_set} now differs from the copy the run trained "
                       f"with ({copy.name})")
    return out


def check_resume_config(run_dir: Path, cfg: RunConfig) -> None:
    """ConfigError naming every field that differs from the run's config.yaml outside CHANGEABLE."""
    path = run_dir / CONFIG
    if not path.is_file():
        return
    saved = parse_run_config(read_yaml_mapping(path, "run config"), str(path))
    changes = config_changes(saved, cfg) + feature_set_changes(run_dir, cfg)
    if changes:
        allowed = ", ".join(k for k in CHANGEABLE if k != "output_dir")
        raise ConfigError(
            f"--resume cannot change how {run_dir} is trained; these differ from its {CONFIG}:\n  "
            + "\n  ".join(changes)
            + f"\nA resumed run may change only: {allowed}. For other changes start a new run "
            "(another --output, or --force)."
        )


# --------------------------------------------------------------------------- the guard
def plan_resume(cfg: RunConfig, log: Callable[[str], None]) -> Optional[Path]:
    """Check the config, pick the checkpoint, tidy the records. Returns the checkpoint or None."""
    run = RunDir(cfg.run_dir)
    check_resume_config(run.path, cfg)
    best, skipped = scan_checkpoints(run.checkpoints)
    for path, why in skipped:
        target = run.checkpoints / INCOMPLETE / f"{path.name}-{_stamp()}"
        target.parent.mkdir(parents=True, exist_ok=True)
        path.rename(target)
        log(f"skipping {path.name}: {why}; moved it to {target}")
    if best is None:
        note = ""
        if run.metrics.is_file():
            note = f"; the old metrics are kept in {set_aside(run.metrics, 'stale').name}"
        log(f"--resume: no complete checkpoint in {run.checkpoints}: starting over from step 0{note}")
        return None
    step = checkpoint_step(best)
    log(f"--resume: continuing from {best.name} (step {step}), the newest complete checkpoint")
    trimmed = trim_metrics(run.metrics, step)
    if trimmed:
        log(f"--resume: {trimmed[1]} metrics row(s) logged after step {step} moved to {trimmed[0].name}")
    return best


def refuse_existing(run_dir: Path) -> None:
    """ConfigError when ``run_dir`` already holds a run (it has metrics)."""
    run = RunDir(run_dir)
    if not run.metrics.exists():
        return
    try:
        summary = run.read_summary() or {}
    except ValueError:
        summary = {}
    status = summary.get("status", "unknown")
    steps = summary.get("steps")
    what = f"{status}: {summary.get('method', '?')}, {steps} step{'' if steps == 1 else 's'}" \
        if status == "finished" else f"status {status}"
    raise ConfigError(
        f"run directory {run_dir} already holds a run ({what}). Pass --resume to continue it from its newest "
        f"complete checkpoint (a finished run needs a larger --max-steps), or --force to train into a fresh "
        f"directory ({run_dir.name}-2, ...) and keep this one."
    )


def force_fresh(cfg: RunConfig, log: Callable[[str], None]) -> RunConfig:
    """``--force``: when the run directory already holds a run, train into ``NAME-2`` (``-3``, ...)."""
    if not RunDir(cfg.run_dir).metrics.exists():
        return cfg
    fresh = fresh_run_dir(cfg.run_dir)
    log(f"--force: {cfg.run_dir} already holds a run and is kept as it is; training into {fresh}")
    return cfg.model_copy(update={"output_dir": str(fresh)})


def guard_run(log: Callable[[str], None]):
    """Decorator for ``run_training(cfg, *, resume=...)``: lock the run directory, then refuse an
    existing run or plan the resume, then train. Ranks other than the launcher run unguarded."""

    def wrap(run_training):
        @functools.wraps(run_training)
        def guarded(cfg: RunConfig, *args, **kwargs):
            if not is_launcher():
                return run_training(cfg, *args, **kwargs)
            with RunLock(cfg.run_dir, log=log):
                if kwargs.get("resume"):
                    plan_resume(cfg, log)
                else:
                    refuse_existing(cfg.run_dir)
                return run_training(cfg, *args, **kwargs)

        return guarded

    return wrap

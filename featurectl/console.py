"""What featurectl prints in a terminal: progress bars, estimates, compact training lines, summaries.

Everything here stays readable when stdout is not a terminal (CI logs): no colour codes, no
cursor tricks except tqdm's own bars, which tqdm turns off by itself off a TTY (``disable=None``).

- :func:`busy_warning` / :func:`warn_if_busy`: one line when the load average exceeds the cores;
- :func:`estimate_line` / :class:`RateEstimate`: "estimated N min at the measured rate";
- :func:`progress_bar`: a tqdm bar on stderr (prompts/s, ETA) with the same off-TTY rule;
- :class:`CompactProgress`: HF's training step bar, with the raw log dicts sent to ``train.log`` and
  one compact line per logging step on stdout (installed by :func:`install_train_output`);
- :func:`train_summary`: the block ``featurectl train`` ends with.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Callable, Iterator, Optional

from transformers.trainer_callback import PrinterCallback, ProgressCallback

from . import rundir

__all__ = [
    "busy_warning", "warn_if_busy", "estimate_line", "RateEstimate", "progress_bar", "batch_starts",
    "compact_line",
    "CompactProgress", "install_train_output", "train_summary", "results_table",
]

ESTIMATE_AFTER_STEPS = 3  # the first steps measured before an estimate (the first one warms up)
QUIET_DEMO = "about 9 min on a quiet 2-core CPU"  # README's figure for `featurectl demo`


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- load and estimates


def busy_warning(load: Optional[float] = None, cores: Optional[int] = None) -> Optional[str]:
    """One line when the 1-minute load average is above the number of cores, else None."""
    if load is None:
        try:
            load = os.getloadavg()[0]
        except OSError:  # not available on this platform
            return None
    cores = cores or os.cpu_count() or 1
    if load <= cores:
        return None
    return (f"the machine is busy (load average {load:.1f} on {cores} cores): expect this to run slower "
            f"than the figures in the README (the demo takes {QUIET_DEMO})")


def warn_if_busy(log: Callable[[str], None] = _stderr) -> None:
    msg = busy_warning()
    if msg:
        log(f"warning: {msg}")


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def estimate_line(what: str, done: float, total: float, elapsed: float, unit: str = "step") -> str:
    """``"<what>: estimated 3 min for 16 steps at the measured rate (11.2 s/step)"`` from ``done`` items
    measured in ``elapsed`` seconds; the estimate covers the ``total - done`` still to run."""
    per = elapsed / max(done, 1e-9)
    left = max(total - done, 0) * per
    rate = f"{per:.2f} s/{unit}" if per >= 1 else f"{1 / per:.1f} {unit}s/s"
    return f"{what}: estimated {_duration(left)} more for {total - done:g} of {total:g} {unit}s at the measured rate ({rate})"


class RateEstimate:
    """Prints one :func:`estimate_line` once ``after`` items of ``total`` have been measured."""

    def __init__(self, what: str, total: float, *, unit: str = "step", after: float = ESTIMATE_AFTER_STEPS,
                 log: Callable[[str], None] = _stderr) -> None:
        self.what, self.total, self.unit, self.after, self.log = what, total, unit, after, log
        self.t0 = time.perf_counter()
        self.done = False

    def update(self, done: float) -> Optional[str]:
        if self.done or done < min(self.after, self.total) or done >= self.total:
            return None
        self.done = True
        line = estimate_line(self.what, done, self.total, time.perf_counter() - self.t0, self.unit)
        self.log(line)
        return line


def progress_bar(total: float, desc: str, unit: str = "prompt", *, enabled: bool = True):
    """A tqdm bar on stderr with rate and ETA; off when ``enabled`` is false or stderr is not a TTY."""
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True,
                disable=None if enabled else True,
                bar_format="{desc}: {percentage:3.0f}%|{bar}| {n:.0f}/{total:.0f} [{elapsed}<{remaining}, {rate_fmt}]")


def batch_starts(n: int, size: int, desc: str, unit: str = "pair") -> Iterator[int]:
    """``range(0, n, size)`` behind a :func:`progress_bar` that advances as each batch finishes."""
    with progress_bar(n, desc, unit) as bar:
        for start in range(0, n, size):
            yield start
            bar.update(min(size, n - start))


# ----------------------------------------------------------------------------- training output


def _num(value, spec: str = ".4g") -> str:
    return "-" if value is None else format(value, spec)


def compact_line(step: int, max_steps: int, logs: dict) -> Optional[str]:
    """One line per logging step: step, loss, reward acc, margin, D(y_w), D(y_l), s/step.

    Eval rows (``eval_*`` keys) get an ``eval`` line; the final ``train_runtime`` row none (the
    summary block reports it). Keys a method does not log are left out.
    """
    if "train_runtime" in logs:
        return None
    prefix = "eval_" if any(k.startswith("eval_") for k in logs) else ""
    fields = [("loss", "loss", ".4f"), ("acc", "rewards/accuracies", ".2f"), ("margin", "rewards/margins", ".4f"),
              ("D(y_w)", "feature_d/chosen", ".4g"), ("D(y_l)", "feature_d/rejected", ".4g"),
              ("KL", "kl/chosen", ".4g")]
    parts = [f"{'eval ' if prefix else ''}step {step}/{max_steps}"]
    parts += [f"{label} {_num(logs[prefix + key], spec)}" for label, key, spec in fields if prefix + key in logs]
    if not prefix and "step_time_s" in logs:
        parts.append(f"{logs['step_time_s']:.2f} s/step")
    return "  ".join(parts) if len(parts) > 1 else None


class CompactProgress(ProgressCallback):
    """HF's step bar; raw log dicts go to ``log_path``, stdout gets :func:`compact_line`.

    After the first :data:`ESTIMATE_AFTER_STEPS` steps it prints how long the rest will take.
    """

    def __init__(self, log_path: str | Path, what: str = "training") -> None:
        super().__init__()
        self.log_path = Path(log_path)
        self.what = what
        self._estimate: Optional[RateEstimate] = None
        self._start_step = 0

    def on_train_begin(self, args, state, control, **kwargs):
        super().on_train_begin(args, state, control, **kwargs)
        self._start_step = state.global_step
        self._estimate = RateEstimate(self.what, state.max_steps - state.global_step, log=self._write)

    def on_step_end(self, args, state, control, **kwargs):
        super().on_step_end(args, state, control, **kwargs)
        if state.is_world_process_zero and self._estimate is not None:
            self._estimate.update(state.global_step - self._start_step)

    def _write(self, line: str) -> None:
        if self.training_bar is not None:
            self.training_bar.write(line, file=sys.stdout)
        else:
            print(line, flush=True)

    def on_log(self, args, state, control, logs=None, **kwargs):
        if not state.is_world_process_zero or not logs:
            return
        row = {k: v for k, v in logs.items() if k != "total_flos"}
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "a", encoding="utf-8") as f:
            f.write(json.dumps({"step": state.global_step, **row}, default=str) + "\n")
        line = compact_line(state.global_step, state.max_steps, row)
        if line:
            self._write(line)


def install_train_output(trainer, run_dir: str | Path) -> None:
    """Replace HF's ProgressCallback / PrinterCallback (raw dicts on stdout) with :class:`CompactProgress`."""
    trainer.remove_callback(ProgressCallback)
    trainer.remove_callback(PrinterCallback)
    trainer.add_callback(CompactProgress(Path(run_dir) / rundir.TRAIN_LOG, what=f"training {Path(run_dir).name}"))


def train_summary(run_dir: str | Path, summary: dict) -> str:
    """The block ``featurectl train`` ends with: final metrics, wall time, peak memory, where things are."""
    run_dir = Path(run_dir)
    final = summary.get("final") or {}
    metrics = compact_line(summary.get("steps", 0), summary.get("steps", 0), final) or "no logged step"
    lines = [
        f"finished {run_dir.name}: {summary.get('method')} on {summary.get('model')}, {summary.get('steps')} steps",
        f"  last step    {metrics.split('  ', 1)[-1]}",
        f"  wall time    {_duration(summary.get('wall_s') or 0)}"
        + (f" ({summary['mean_step_time_s']:.2f} s/step)" if summary.get("mean_step_time_s") else ""),
        f"  peak memory  {_num(summary.get('peak_mem_mb'), '.0f')} MB",
        f"  model        {run_dir / rundir.FINAL}/",
        f"  metrics      {run_dir / rundir.METRICS} (log: {run_dir / rundir.TRAIN_LOG})",
        f"  next         featurectl eval {run_dir}",
    ]
    return "\n".join(lines)

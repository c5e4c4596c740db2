"""The run-directory layout: one module owns every file name, path, writer and reader.

A run directory is what the trainer, ``featurectl eval`` and the workflows write and what
the app reads (docs/FORMATS.md, "Run directory")::

    runs/NAME/
      config.yaml          the resolved, validated run config
      feature_set.yaml     the feature set used (feature_set_1.yaml ... for further SAEs)
      summary.json         status, method, model, figures; carries ``schema_version``
      metrics.jsonl        one row per logging step (eval rows prefixed ``eval/``)
      eval.json            ``featurectl eval`` (and eval.md, its table)
      samples.jsonl        generations with their verdicts
      train.log            the HF Trainer's raw log rows
      .lock                the one writer's pid and host while a process writes the run
      checkpoints/checkpoint-N/
      final/               the trained model + tokenizer

This module is torch-free (the app imports it; a test keeps it so). It imports only the
standard library, ``yaml`` and :mod:`featurectl.io`.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any, Iterator, Optional

from .io import append_jsonl, write_json, write_text

#: Bumped when a file's meaning changes; written into summary.json as ``schema_version``.
SCHEMA_VERSION = 1

CONFIG = "config.yaml"
SUMMARY = "summary.json"
METRICS = "metrics.jsonl"
EVAL = "eval.json"
EVAL_MD = "eval.md"
SAMPLES = "samples.jsonl"
FEATURE_SET = "feature_set.yaml"
TRAIN_LOG = "train.log"
LOCK = ".lock"
CHECKPOINTS = "checkpoints"
FINAL = "final"
FIGURES = "figures"
REPORT = "report.md"
CONTROL_TABLE = "control_table.json"
GENERATIONS = "generations.jsonl"  # featurectl generate (appended)

#: The files a run directory may hold, in the order the app lists them.
RUN_FILES = (CONFIG, SUMMARY, METRICS, EVAL, SAMPLES, FEATURE_SET)

#: Folders inside a run (or beside runs) that are never runs themselves.
NOT_RUNS = frozenset({CHECKPOINTS, FINAL, FIGURES, "discovery", "refcache", "__pycache__"})

#: summary.json ``status`` values.
STATUS_RUNNING, STATUS_FINISHED, STATUS_FAILED = "running", "finished", "failed"
STATUSES = (STATUS_RUNNING, STATUS_FINISHED, STATUS_FAILED)


def feature_set_file(index: int) -> str:
    """The copied feature set of SAE attachment ``index``: feature_set.yaml, feature_set_1.yaml, ..."""
    return FEATURE_SET if index == 0 else f"feature_set_{index}.yaml"


def is_run_dir(path: Path) -> bool:
    """A run writes config.yaml and metrics.jsonl; summary.json alone counts too unless
    features.csv sits beside it (then it is a discovery result's summary)."""
    path = Path(path)
    if (path / CONFIG).is_file() or (path / METRICS).is_file():
        return True
    return (path / SUMMARY).is_file() and not (path / "features.csv").exists()


@dataclasses.dataclass(frozen=True)
class RunDir:
    """Paths of one run directory, and its strict readers and atomic writers.

    The readers here raise on malformed files (the CLI's errors); the app keeps its own
    tolerant readers, which report problems instead of raising.
    """

    path: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", Path(self.path))

    # -- paths ------------------------------------------------------------------------
    @property
    def config(self) -> Path:
        return self.path / CONFIG

    @property
    def summary(self) -> Path:
        return self.path / SUMMARY

    @property
    def metrics(self) -> Path:
        return self.path / METRICS

    @property
    def eval(self) -> Path:
        return self.path / EVAL

    @property
    def eval_md(self) -> Path:
        return self.path / EVAL_MD

    @property
    def samples(self) -> Path:
        return self.path / SAMPLES

    @property
    def train_log(self) -> Path:
        return self.path / TRAIN_LOG

    @property
    def lock(self) -> Path:
        return self.path / LOCK

    @property
    def checkpoints(self) -> Path:
        return self.path / CHECKPOINTS

    @property
    def final(self) -> Path:
        return self.path / FINAL

    @property
    def figures(self) -> Path:
        return self.path / FIGURES

    def feature_set(self, index: int = 0) -> Path:
        return self.path / feature_set_file(index)

    def exists(self) -> bool:
        return is_run_dir(self.path)

    # -- writers (atomic) -------------------------------------------------------------
    def write_summary(self, summary: dict[str, Any]) -> Path:
        """Write summary.json with the layout's ``schema_version``."""
        return write_json(self.summary, {**summary, "schema_version": SCHEMA_VERSION})

    def write_config(self, text: str) -> Path:
        return write_text(self.config, text)

    def write_eval(self, result: dict[str, Any]) -> Path:
        return write_json(self.eval, result)

    def append_metrics(self, row: dict[str, Any]) -> None:
        append_jsonl(self.metrics, row)

    # -- readers (strict) -------------------------------------------------------------
    def read_summary(self) -> Optional[dict[str, Any]]:
        return _read_json(self.summary)

    def read_eval(self) -> Optional[dict[str, Any]]:
        return _read_json(self.eval)

    def read_metrics(self) -> list[dict[str, Any]]:
        return list(_iter_jsonl(self.metrics))

    def read_samples(self) -> list[dict[str, Any]]:
        return list(_iter_jsonl(self.samples))


def _read_json(path: Path) -> Optional[dict[str, Any]]:
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    if not path.is_file():
        return
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


# -- the one-writer lock (written by featurectl.runlock; read here so the app can show it) --------
def read_lock(path: Path) -> Optional[dict[str, Any]]:
    """The ``.lock`` of run directory ``path`` as a dict (pid, host, started, command), or None
    when there is none or it is unreadable."""
    try:
        info = json.loads((Path(path) / LOCK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


def pid_alive(pid: Any) -> bool:
    """True when process ``pid`` exists on this machine (signal 0 probe)."""
    import os

    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def require_run_dir(path: str | Path, example: str = "runs/demo/uniform_fpo") -> Path:
    """``path`` as a Path when it holds a run's config; a ConfigError that tells a missing path
    from an existing directory that is not a run otherwise."""
    from .errors import ConfigError

    path = Path(path)
    if not path.exists():
        raise ConfigError(f"{path} does not exist (give a run directory, e.g. {example})")
    if not (path / CONFIG).is_file():
        raise ConfigError(f"{path} is not a run directory (no {CONFIG})")
    return path

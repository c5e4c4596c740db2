"""Time the stages of a workflow (demo, experiment, bench), each with a one-line summary.

Not to be confused with the trainer's per-optimizer-step timer
(``featurectl.trainer.StepTimer``, a ``TrainerCallback``): this one times whole stages
such as "cache the reference" or "train uniform_fpo", and renders them as the "Steps"
table of the workflow's report.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from contextlib import contextmanager
from typing import Iterator


@dataclasses.dataclass
class StageRecord:
    name: str
    seconds: float = 0.0
    summary: str = ""
    status: str = "ok"


class StageTimer:
    """Wall time, status and summary of each stage, printed to stderr as it starts and ends."""

    def __init__(self, prefix: str = "featurectl") -> None:
        self.prefix = prefix
        self.records: list[StageRecord] = []
        self.t0 = time.perf_counter()
        self._total: float | None = None  # set by from_rows: a finished timer's saved total

    @contextmanager
    def stage(self, name: str) -> Iterator[StageRecord]:
        rec = StageRecord(name)
        n = len(self.records) + 1
        print(f"[{self.prefix}] step {n}: {name} ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        try:
            yield rec
        except BaseException:
            rec.status = "failed"
            raise
        finally:
            rec.seconds = time.perf_counter() - start
            self.records.append(rec)
            print(f"[{self.prefix}] step {n}: {name}: {rec.status} in {rec.seconds:.1f}s"
                  + (f" - {rec.summary}" if rec.summary else ""), file=sys.stderr, flush=True)

    @classmethod
    def from_rows(cls, rows: list[dict], total: float, prefix: str = "featurectl") -> "StageTimer":
        """A finished timer rebuilt from :meth:`as_rows` and its total (to re-render a saved report)."""
        timer = cls(prefix)
        timer.records = [StageRecord(**r) for r in rows]
        timer._total = float(total)
        return timer

    @property
    def total(self) -> float:
        return self._total if self._total is not None else time.perf_counter() - self.t0

    def as_rows(self) -> list[dict]:
        return [dataclasses.asdict(r) for r in self.records]

    def markdown(self) -> str:
        lines = ["| step | time (s) | summary |", "|---|---:|---|"]
        for r in self.records:
            lines.append(f"| {r.name} | {r.seconds:.1f} | {r.summary} |")
        lines.append(f"| **total** | **{self.total:.1f}** | |")
        return "\n".join(lines)

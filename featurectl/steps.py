"""Timed pipeline steps with a one-line summary each (demo, experiment, bench)."""

from __future__ import annotations

import dataclasses
import sys
import time
from contextlib import contextmanager
from typing import Iterator


@dataclasses.dataclass
class StepRecord:
    name: str
    seconds: float = 0.0
    summary: str = ""
    status: str = "ok"


class StepTimer:
    def __init__(self, prefix: str = "featurectl") -> None:
        self.prefix = prefix
        self.records: list[StepRecord] = []
        self.t0 = time.perf_counter()

    @contextmanager
    def step(self, name: str) -> Iterator[StepRecord]:
        rec = StepRecord(name)
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

    @property
    def total(self) -> float:
        return time.perf_counter() - self.t0

    def as_rows(self) -> list[dict]:
        return [dataclasses.asdict(r) for r in self.records]

    def markdown(self) -> str:
        lines = ["| step | time (s) | summary |", "|---|---:|---|"]
        for r in self.records:
            lines.append(f"| {r.name} | {r.seconds:.1f} | {r.summary} |")
        lines.append(f"| **total** | **{self.total:.1f}** | |")
        return "\n".join(lines)

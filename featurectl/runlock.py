"""One writer per directory: an exclusive lock file for a run directory or a cache key.

``DIR/.lock`` (:data:`featurectl.rundir.LOCK`) is created with ``O_CREAT | O_EXCL``, so
taking the lock is one atomic filesystem operation: two processes can never both
succeed, and nothing is checked first and acted on after. It holds JSON::

    {"pid": 4242, "host": "box", "started": "2026-11-30T09:00:00+00:00", "command": "featurectl train ..."}

which is what the refusal message and the app (``rundir.read_lock``) show. A lock whose
pid is gone on this host is stale (a run killed with -9): it is reported and taken
over. A lock from another host cannot be probed and is never taken over.

Distributed jobs: only the launching rank (``RANK`` 0, or no ``RANK``) locks; the other
ranks of the same job write under its lock (see :func:`is_launcher`).
"""

from __future__ import annotations

import datetime
import json
import os
import socket
import sys
import time
import uuid
from pathlib import Path
from typing import Any, Callable, Optional

from .errors import FeaturectlError
from .rundir import LOCK, pid_alive, read_lock


class LockedError(FeaturectlError):
    """The directory is locked by another live process."""


def is_launcher() -> bool:
    """True in a plain process and on global rank 0 of a torchrun/accelerate job."""
    return int(os.environ.get("RANK", "0") or 0) == 0


def describe(info: Optional[dict[str, Any]]) -> str:
    """'pid 4242 on host box since 2026-11-30T09:00:00+00:00 (`featurectl train ...`)'."""
    if not info:
        return "an unknown process (the lock file is unreadable)"
    cmd = str(info.get("command", ""))[:200]
    return (f"pid {info.get('pid')} on host {info.get('host')} since {info.get('started')}"
            + (f" (`{cmd}`)" if cmd else ""))


def _command() -> str:
    return " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]) if sys.argv and sys.argv[0] else "python"


class RunLock:
    """``with RunLock(directory, what="run directory"):`` holds ``directory/.lock``.

    ``wait_s``: how long to wait for a live holder before refusing (0 = refuse at once);
    ``log``: where the stale-lock and waiting notices go. Released on exit, also on errors.
    """

    def __init__(self, directory: str | os.PathLike, *, what: str = "run directory", wait_s: float = 0.0,
                 poll_s: float = 1.0, log: Callable[[str], None] = lambda msg: None,
                 hint: str = "wait for it to finish or stop it, or choose another --output"):
        self.directory, self.path = Path(directory), Path(directory) / LOCK
        self.what, self.wait_s, self.poll_s, self.log, self.hint = what, wait_s, poll_s, log, hint
        self.info: Optional[dict[str, Any]] = None

    def __enter__(self) -> "RunLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    def acquire(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.wait_s
        announced = False
        while not self._try_create():
            holder = self._holder()
            if holder is not None and self._is_stale(holder):
                self._take_over(holder)
                continue
            if time.monotonic() >= deadline:
                raise LockedError(
                    f"{self.what} {self.directory} is in use by {describe(holder)}; {self.hint}. "
                    f"(Lock file: {self.path}; delete it only if that process is gone.)"
                )
            if not announced:
                self.log(f"{self.what} {self.directory} is in use by {describe(holder)}; waiting for it")
                announced = True
            time.sleep(self.poll_s)

    def release(self) -> None:
        """Remove the lock file if it is still ours (never another process's)."""
        if self.info is not None and read_lock(self.directory) == self.info:
            self.path.unlink(missing_ok=True)
        self.info = None

    # -- internals -----------------------------------------------------------------------
    def _try_create(self) -> bool:
        info = {"pid": os.getpid(), "host": socket.gethostname(), "command": _command(),
                "started": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(json.dumps(info))
            f.flush()
            os.fsync(f.fileno())
        self.info = info
        return True

    def _holder(self) -> Optional[dict[str, Any]]:
        """The holder's record; a file still being written (empty for a moment) is re-read."""
        for _ in range(20):
            info = read_lock(self.directory)
            if info is not None or not self.path.exists():
                return info
            time.sleep(0.05)
        return None

    def _is_stale(self, holder: dict[str, Any]) -> bool:
        return holder.get("host") == socket.gethostname() and not pid_alive(holder.get("pid"))

    def _take_over(self, holder: dict[str, Any]) -> None:
        """Move the stale lock aside (atomic rename), check it is the one judged stale, drop it."""
        aside = self.path.with_name(f"{LOCK}.stale-{uuid.uuid4().hex[:8]}")
        try:
            os.rename(self.path, aside)
        except FileNotFoundError:
            return  # someone else removed it first; retry the create
        try:
            moved = json.loads(aside.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            moved = None
        if moved != holder:  # another process took it over in between: give its lock back
            try:
                os.link(aside, self.path)
            except FileExistsError:
                pass
            aside.unlink(missing_ok=True)
            return
        aside.unlink(missing_ok=True)
        self.log(f"{self.what} {self.directory}: removed a stale lock of {describe(holder)}: that process "
                 "is gone (killed?); taking over")


def fresh_run_dir(path: str | os.PathLike) -> Path:
    """The first of ``path-2``, ``path-3``, ... that does not exist, created atomically (mkdir)."""
    path = Path(path)
    for n in range(2, 10_000):
        candidate = path.with_name(f"{path.name}-{n}")
        try:
            candidate.mkdir(parents=True)
        except FileExistsError:
            continue
        return candidate
    raise FeaturectlError(f"no free directory name next to {path}")

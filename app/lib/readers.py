"""Tolerant file readers: each returns (value, problems) and never raises on bad input.

A problem is one sentence naming the file and, where it applies, the line; the
pages show them with ``st.warning``. A file that does not exist is not a problem
(``None`` / empty), because optional files (eval.json, samples.jsonl) are normal
to lack.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

# Show at most this many bad-line messages per file; a corrupted 10k-line file
# should produce one summary line, not 10k warnings.
MAX_LINE_PROBLEMS = 3


def read_json(path: Path) -> tuple[Any | None, list[str]]:
    """Parse a JSON file. Missing -> (None, []); malformed -> (None, [message])."""
    if not path.is_file():
        return None, []
    try:
        return json.loads(path.read_text(encoding="utf-8")), []
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        return None, [f"{path}: not valid JSON ({e})"]
    except OSError as e:
        return None, [f"{path}: cannot read ({e})"]


def read_yaml(path: Path) -> tuple[Any | None, list[str]]:
    """Parse a YAML file with safe_load. Missing -> (None, []); malformed -> (None, [message])."""
    if not path.is_file():
        return None, []
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")), []
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        return None, [f"{path}: not valid YAML ({e})"]
    except OSError as e:
        return None, [f"{path}: cannot read ({e})"]


def read_jsonl(path: Path) -> tuple[list[dict], list[str]]:
    """Read a JSONL file, keeping every line that parses to an object.

    A last line without its newline that does not parse is a row the writer is
    still flushing (``featurectl.io.append_jsonl`` writes line then flush), so it
    is dropped silently; any other bad line is reported with its line number.
    """
    if not path.is_file():
        return [], []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        return [], [f"{path}: cannot read ({e})"]
    lines = text.split("\n")
    unterminated_last = not text.endswith("\n")
    rows: list[dict] = []
    bad: list[str] = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            if n == len(lines) and unterminated_last:
                continue
            bad.append(f"line {n}: not valid JSON ({e.msg})")
            continue
        if not isinstance(obj, dict):
            bad.append(f"line {n}: expected a JSON object, got {type(obj).__name__}")
            continue
        rows.append(obj)
    problems = []
    if bad:
        shown = "; ".join(bad[:MAX_LINE_PROBLEMS])
        more = f" (and {len(bad) - MAX_LINE_PROBLEMS} more)" if len(bad) > MAX_LINE_PROBLEMS else ""
        problems.append(f"{path}: skipped {len(bad)} malformed line(s): {shown}{more}")
    return rows, problems


def file_signature(*paths: Path) -> tuple:
    """(name, mtime_ns, size) per existing file: a cache key that changes when a
    growing metrics.jsonl gets a new row."""
    sig = []
    for p in paths:
        try:
            st = p.stat()
            sig.append((str(p), st.st_mtime_ns, st.st_size))
        except OSError:
            sig.append((str(p), None, None))
    return tuple(sig)

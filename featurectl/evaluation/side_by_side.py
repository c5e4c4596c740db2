"""`featurectl generate`: sample trained runs side by side on your own prompts, with control verdicts.

How a user checks "did french_off keep French off?" on prompts of their own: every source (the run,
each ``--against`` run, or ``reference``, the run's untrained base model) answers the same prompts
with the same seed, each answer gets the offline verdicts of :func:`featurectl.evaluation.control.verdicts`
(language, JSON, refusal, sentiment), a table is printed and every row is appended to a JSONL.
"""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from pathlib import Path
from typing import Any, Callable, Optional

from .. import rundir
from ..errors import DataError
from ..io import append_jsonl

__all__ = ["Source", "SampleOptions", "load_sources", "read_prompts", "sample_rows", "render_table", "repl"]

REFERENCE = "reference"


@dataclasses.dataclass
class Source:
    """One model that answers: a run's ``final/`` or the untrained reference."""

    name: str
    model: Any
    tokenizer: Any


@dataclasses.dataclass
class SampleOptions:
    temperature: float = 0.7
    max_new_tokens: int = 64
    seed: int = 0
    batch_size: int = 8


def _run_config(path: Path):
    from ..config import load_run_config

    return load_run_config(rundir.require_run_dir(path, example="runs/demo/french_off_fpo") / rundir.CONFIG)


def load_sources(run: str | Path, against: list[str], *, dtype: Optional[str] = None,
                 device: str = "cpu") -> list[Source]:
    """The run first, then each ``--against`` entry: a run directory or ``reference`` (the run's base
    model, untrained). Every path is checked before any model loads."""
    from ..models import load_model
    from .run_eval import load_policy

    run = Path(run)
    cfg = _run_config(run)
    others = [(a, None if a == REFERENCE else _run_config(Path(a))) for a in against]
    sources = [Source(run.name, *load_policy(run, cfg, dtype or cfg.model.dtype, device))]
    for name, ocfg in others:
        if ocfg is None:
            model, tok, _ = load_model(cfg.model.name, dtype=dtype or cfg.model.dtype, device=device)
            sources.append(Source(f"{REFERENCE} ({cfg.model.name})", model, tok))
        else:
            sources.append(Source(Path(name).name, *load_policy(Path(name), ocfg, dtype or ocfg.model.dtype, device)))
    return sources


def read_prompts(path: str | Path) -> list[str]:
    """Prompts from a ``.jsonl`` of ``{"prompt": ...}`` rows, or any other text file, one per line."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"prompt file not found: {path}")
    lines = [(i, line) for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.strip()]
    if path.suffix != ".jsonl":
        return [line.strip() for _, line in lines]
    prompts = []
    for i, line in lines:
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise DataError(f"{path}:{i}: invalid JSON ({e.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("prompt"), str) or not row["prompt"].strip():
            raise DataError(f"{path}:{i}: expected an object with a non-empty 'prompt' string")
        prompts.append(row["prompt"])
    return prompts


def sample_rows(sources: list[Source], prompts: list[str], opts: SampleOptions) -> list[dict]:
    """One row per (prompt, source), prompt-major: ``{prompt_index, prompt, source, output, verdicts,
    n_tokens, stopped, temperature, max_new_tokens, seed}``. Every source uses the same seed."""
    from .control import verdicts
    from .generate import generate

    answers = {}
    for s in sources:
        answers[s.name] = generate(s.model, s.tokenizer, prompts, temperature=opts.temperature,
                                   max_new_tokens=opts.max_new_tokens, batch_size=opts.batch_size, seed=opts.seed)
    rows = []
    for i, prompt in enumerate(prompts):
        for s in sources:
            g = answers[s.name][i]
            rows.append({"prompt_index": i, "prompt": prompt, "source": s.name, "output": g.text,
                         "verdicts": verdicts(g.text), "n_tokens": len(g.token_ids), "stopped": g.stopped,
                         "temperature": opts.temperature, "max_new_tokens": opts.max_new_tokens, "seed": opts.seed})
    return rows


def _yes(v: bool) -> str:
    return "yes" if v else "no"


def render_table(rows: list[dict], width: Optional[int] = None) -> str:
    """The rows as a rich table (text wrapped in its column; plain characters off a terminal)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, expand=False)
    for name, kw in (("#", {"justify": "right"}), ("source", {"overflow": "fold"}), ("output", {"ratio": 1}),
                     ("lang", {}), ("json", {}), ("refusal", {}), ("sentiment", {})):
        table.add_column(name, **kw)
    last = None
    for r in rows:
        if r["prompt_index"] != last:
            if last is not None:
                table.add_section()
            table.add_row(str(r["prompt_index"] + 1), "prompt", r["prompt"], "", "", "", "", style="bold")
            last = r["prompt_index"]
        v = r["verdicts"]
        table.add_row("", r["source"], r["output"] or "(empty)", v["language"] or "?", _yes(v["json_valid"]),
                      _yes(v["refusal"]), v["sentiment"])
    buf = io.StringIO()
    Console(file=buf, width=width or shutil.get_terminal_size((120, 24)).columns, no_color=True,
            highlight=False).print(table)
    return buf.getvalue().rstrip("\n")


def write_rows(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for r in rows:
        append_jsonl(path, r)


def repl(sources: list[Source], opts: SampleOptions, out: Path, *, read: Callable[[str], str] = input,
         show: Callable[[str], None] = print) -> int:
    """Read a prompt, print the table, append the rows to ``out``; an empty line or EOF ends.
    Returns the number of prompts answered."""
    show("type a prompt and press Enter; an empty line or Ctrl-D quits")
    n = 0
    while True:
        try:
            prompt = read("prompt> ")
        except EOFError:
            break
        if not prompt.strip():
            break
        rows = sample_rows(sources, [prompt], opts)
        show(render_table(rows))
        write_rows(out, rows)
        n += 1
    show(f"{n} prompt(s); rows appended to {out}")
    return n

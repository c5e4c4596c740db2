"""Render the shipped corpora from their YAML sources, or check that they are up to date.

    python scripts/build_corpora.py            # (re)writes every featurectl/data/<output>
    python scripts/build_corpora.py --check    # renders in memory; exit 1 if a shipped file differs

The text lives in ``featurectl/data/corpora_src/<name>.yaml``, written by hand. A source is

    output: corpora/json.jsonl      # where the rendered JSONL goes, under featurectl/data/
    kind: contrast                  # contrast | prompts | pairs (the row layouts below)
    id_prefix: json                 # ids are f"{id_prefix}-{n:04d}"
    first_id: 1                     # n of the first shipped row
    shuffle_seed: 20250101          # optional: rows are listed by section, shipped shuffled
    target: json_layouts            # optional (contrast): target = `value` rendered as JSON
    extra_keys: {asks_french: false}  # optional (contrast): extra row keys and their defaults
    source: featurectl-authored     # pairs only: the rows' `source`
    sections:
      - name: recipes               # prompts: the rows' `category`; pairs: their `meta.topic`
        rows: [{prompt: ..., target: ..., control: ...}, ...]

and renders, one JSON line per row in this key order:

    contrast  {id, prompt, target, control, split, *extra_keys}
    prompts   {id, prompt, category}
    pairs     {id, prompt, chosen, rejected, source, meta: {topic, rejected_failure}}

Every fifth shipped row (0-based position % 5 == 4) of a contrast corpus is "heldout", the
rest "train". The content checks (JSON parses, refusals refuse, French is French...) are
tests: tests/test_corpora.py.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "featurectl" / "data"
SOURCES = DATA / "corpora_src"
HELDOUT_EVERY = 5
HEADER_KEYS = {"output", "kind", "id_prefix", "first_id", "shuffle_seed", "target", "extra_keys", "source", "sections"}
REQUIRED_HEADER_KEYS = ("output", "kind", "id_prefix", "first_id", "sections")


class SourceError(ValueError):
    """A corpus source that cannot be rendered; the message names the file, section and row."""


def render_json(value: Any, layout: int) -> str:
    """Four JSON presentations, so the target side is not one fixed layout:
    0 bare indent 2, 1 fenced indent 2, 2 bare single line, 3 fenced indent 4."""
    if layout == 0:
        return json.dumps(value, indent=2, ensure_ascii=False)
    if layout == 1:
        return "```json\n" + json.dumps(value, indent=2, ensure_ascii=False) + "\n```"
    if layout == 2:
        return json.dumps(value, ensure_ascii=False)
    return "```json\n" + json.dumps(value, indent=4, ensure_ascii=False) + "\n```"


def _contrast_keys(src: dict) -> set[str]:
    side = "value" if src.get("target") == "json_layouts" else "target"
    return {"prompt", side, "control"}


def row_keys(src: dict) -> tuple[set[str], set[str]]:
    """(required, optional) keys of a source row of ``src``'s kind."""
    kind = src["kind"]
    if kind == "contrast":
        return _contrast_keys(src), set(src.get("extra_keys") or {})
    if kind == "prompts":
        return {"prompt"}, set()
    return {"prompt", "chosen", "rejected", "rejected_failure"}, set()


def render_row(src: dict, section: str, row: dict, n: int, position: int) -> dict:
    """One shipped row: ``n`` is its id number, ``position`` its 0-based place in the file."""
    out: dict[str, Any] = {"id": f"{src['id_prefix']}-{n:04d}", "prompt": row["prompt"]}
    if src["kind"] == "prompts":
        out["category"] = section
    elif src["kind"] == "pairs":
        out.update(chosen=row["chosen"], rejected=row["rejected"], source=src["source"],
                   meta={"topic": section, "rejected_failure": row["rejected_failure"]})
    else:
        json_target = src.get("target") == "json_layouts"
        out["target"] = render_json(row["value"], n % 4) if json_target else row["target"]
        out["control"] = row["control"]
        out["split"] = "heldout" if position % HELDOUT_EVERY == HELDOUT_EVERY - 1 else "train"
        for key, default in (src.get("extra_keys") or {}).items():
            out[key] = row.get(key, default)
    return out


def load_source(path: Path) -> dict:
    """A source file, its header checked: unknown or missing keys name the file."""
    src = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(src, dict):
        raise SourceError(f"{path}: expected a mapping with {', '.join(REQUIRED_HEADER_KEYS)}")
    unknown = sorted(set(src) - HEADER_KEYS)
    missing = [k for k in REQUIRED_HEADER_KEYS if k not in src]
    if unknown or missing:
        raise SourceError(f"{path}: unknown key(s) {unknown}, missing key(s) {missing}")
    if src["kind"] not in ("contrast", "prompts", "pairs"):
        raise SourceError(f"{path}: kind {src['kind']!r} must be contrast, prompts or pairs")
    if src["kind"] == "pairs" and not src.get("source"):
        raise SourceError(f"{path}: kind 'pairs' needs 'source'")
    return src


def source_rows(src: dict, path: Path) -> list[tuple[str, dict]]:
    """``(section name, row)`` in file order, each row's keys checked."""
    required, optional = row_keys(src)
    out = []
    for s, section in enumerate(src["sections"]):
        name = section.get("name") if isinstance(section, dict) else None
        if not name or set(section) != {"name", "rows"}:
            raise SourceError(f"{path}: section {s} needs exactly 'name' and 'rows'")
        for r, row in enumerate(section["rows"]):
            where = f"{path}: section {name!r} row {r}"
            if not isinstance(row, dict):
                raise SourceError(f"{where}: expected a mapping, got {row!r}")
            missing, unknown = sorted(required - set(row)), sorted(set(row) - required - optional)
            if missing or unknown:
                raise SourceError(f"{where}: missing key(s) {missing}, unknown key(s) {unknown}")
            empty = [k for k in sorted(required) if isinstance(row[k], str) and not row[k].strip()]
            if empty:
                raise SourceError(f"{where}: empty {', '.join(empty)}")
            out.append((name, row))
    return out


def render(path: Path) -> tuple[str, list[dict]]:
    """A source's output path (relative to featurectl/data) and its rendered rows."""
    src = load_source(path)
    items = source_rows(src, path)
    if src.get("shuffle_seed") is not None:
        random.Random(src["shuffle_seed"]).shuffle(items)  # interleave sections across ids and splits
    rows = [render_row(src, section, row, src["first_id"] + i, i) for i, (section, row) in enumerate(items)]
    prompts = [r["prompt"] for r in rows]
    duplicated = sorted({p for p in prompts if prompts.count(p) > 1})
    if duplicated:
        raise SourceError(f"{path}: duplicated prompt(s) {duplicated[:3]}")
    return src["output"], rows


def to_jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def build(sources: Path = SOURCES, data: Path = DATA) -> dict[Path, str]:
    """Every source's output path and rendered text, in source-name order."""
    out: dict[Path, str] = {}
    for path in sorted(sources.glob("*.yaml")):
        output, rows = render(path)
        target = data / output
        if target in out:
            raise SourceError(f"{path}: output {output} is already rendered by another source")
        out[target] = to_jsonl(rows)
    if not out:
        raise SourceError(f"no corpus sources (*.yaml) in {sources}")
    return out


def stale(outputs: dict[Path, str]) -> list[Path]:
    """Outputs whose file on disk differs from the rendered text (or is missing)."""
    return [p for p, text in outputs.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="render in memory; fail if a shipped file differs")
    ap.add_argument("--sources", type=Path, default=SOURCES, help="folder of *.yaml sources")
    ap.add_argument("--data", type=Path, default=DATA, help="folder the outputs are relative to")
    args = ap.parse_args(argv)
    try:
        outputs = build(args.sources, args.data)
    except (SourceError, yaml.YAMLError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.check:
        bad = stale(outputs)
        for p in bad:
            print(f"{p} differs from its source; run python scripts/build_corpora.py", file=sys.stderr)
        return 1 if bad else 0
    sys.path.insert(0, str(ROOT))
    from featurectl.io import write_text

    for path, text in outputs.items():
        write_text(path, text)
        print(f"{path}: {text.count(chr(10))} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())

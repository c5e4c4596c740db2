"""Shipped contrast corpora: one prompt, a target answer and a control answer.

``featurectl/data/corpora/<domain>.jsonl`` holds rows
``{"id", "prompt", "target", "control", "split": "train"|"heldout"}`` (extra keys
such as ``asks_french`` are kept). ``target`` shows the domain's behaviour
(French, JSON, a refusal, positive sentiment) and ``control`` answers the same
prompt without it. Feature discovery contrasts the two sides; ``featurectl data
synth`` turns them into preference pairs. Each file has a ``.card.md`` beside it.
"""

from __future__ import annotations

from pathlib import Path

from .domains import DOMAINS
from .errors import DataError
from .io import read_jsonl_objects, sha256_file

__all__ = [
    "CORPUS_DIR",
    "PAIRS_DIR",
    "DOMAINS",
    "REQUIRED_KEYS",
    "SPLITS",
    "corpus_path",
    "corpus_sha256",
    "helpful_pairs_path",
    "list_corpora",
    "load_corpus",
    "load_helpful_pairs",
]

CORPUS_DIR = Path(__file__).resolve().parent / "data" / "corpora"
PAIRS_DIR = Path(__file__).resolve().parent / "data" / "pairs"
# Shipped corpora that are no domain's contrast corpus (safety's evaluation prompts).
OPTIONAL_DOMAINS = ("harmful",)
REQUIRED_KEYS = ("id", "prompt", "target", "control", "split")
SPLITS = ("train", "heldout")
PAIR_KEYS = ("prompt", "chosen", "rejected")


def corpus_path(domain: str) -> Path:
    """Path of a domain's corpus (:attr:`featurectl.domains.Domain.corpus`), of a shipped
    corpus by name, or ``domain`` itself if it is a ``.jsonl`` file."""
    name = DOMAINS[domain].corpus if domain in DOMAINS else domain
    if name.endswith(".jsonl"):
        path = Path(name)
    elif domain in DOMAINS or name in OPTIONAL_DOMAINS:
        path = CORPUS_DIR / f"{name}.jsonl"
    else:
        raise DataError(f"unknown corpus domain {domain!r}; choose one of {', '.join(DOMAINS)} or give a .jsonl path")
    if not path.is_file():
        raise DataError(f"corpus file {path} does not exist")
    return path


def _read_rows(path: Path) -> list[tuple[int, dict]]:
    return read_jsonl_objects(path)


def load_corpus(domain: str, split: str | None = None) -> list[dict]:
    """Rows of a contrast corpus, validated; ``split`` keeps only "train" or "heldout" rows.

    Raises :class:`DataError` naming the file, line and key for a missing key,
    an empty text, an unknown split or a duplicate id.
    """
    if split is not None and split not in SPLITS:
        raise DataError(f"split must be one of {SPLITS}, got {split!r}")
    path = corpus_path(domain)
    seen: dict[str, int] = {}
    out = []
    for lineno, row in _read_rows(path):
        for key in REQUIRED_KEYS:
            if key not in row:
                raise DataError(f"{path}:{lineno}: missing key {key!r}")
            if not isinstance(row[key], str) or not row[key].strip():
                raise DataError(f"{path}:{lineno}: key {key!r} must be a non-empty string, got {row[key]!r}")
        if row["split"] not in SPLITS:
            raise DataError(f"{path}:{lineno}: key 'split' must be one of {SPLITS}, got {row['split']!r}")
        if row["id"] in seen:
            raise DataError(f"{path}:{lineno}: duplicate id {row['id']!r} (first on line {seen[row['id']]})")
        seen[row["id"]] = lineno
        if split is None or row["split"] == split:
            out.append(row)
    if not seen:
        raise DataError(f"corpus file {path} has no rows")
    return out


def corpus_sha256(domain: str) -> str:
    """SHA-256 of the corpus file's bytes (recorded in feature-set provenance)."""
    return sha256_file(corpus_path(domain))


def helpful_pairs_path() -> Path:
    return PAIRS_DIR / "helpful.jsonl"


def load_helpful_pairs() -> list[dict]:
    """The shipped general-helpfulness preference pairs (``{"prompt","chosen","rejected",...}``)."""
    path = helpful_pairs_path()
    if not path.is_file():
        raise DataError(f"helpful pairs file {path} does not exist")
    out = []
    for lineno, row in _read_rows(path):
        for key in PAIR_KEYS:
            if key not in row:
                raise DataError(f"{path}:{lineno}: missing key {key!r}")
        out.append(row)
    return out


def list_corpora() -> list[dict]:
    """One summary dict per shipped corpus file: name, path, rows, train, heldout, sha256."""
    out = []
    for path in sorted(CORPUS_DIR.glob("*.jsonl")):
        rows = [row for _, row in _read_rows(path)]
        out.append(
            {
                "name": path.stem,
                "kind": "corpus",
                "path": str(path),
                "rows": len(rows),
                "train": sum(r.get("split") == "train" for r in rows),
                "heldout": sum(r.get("split") == "heldout" for r in rows),
                "sha256": sha256_file(path),
            }
        )
    for path in sorted(PAIRS_DIR.glob("*.jsonl")):
        rows = [row for _, row in _read_rows(path)]
        out.append(
            {
                "name": f"pairs/{path.stem}",
                "kind": "pairs",
                "path": str(path),
                "rows": len(rows),
                "train": sum(r.get("split", "train") == "train" for r in rows),
                "heldout": sum(r.get("split") == "heldout" for r in rows),
                "sha256": sha256_file(path),
            }
        )
    return out

"""Text sources for SAE training and checking: corpus files, the held-out texts shipped
with a built-in SAE, and the hash-based held-out split."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..errors import DataError
from ..io import read_jsonl_objects
from .load import builtin_path


def _chat_text(tokenizer, prompt, response) -> str:
    """Prompt + response as one string, through the chat template when the tokenizer has one."""
    messages = list(prompt) if isinstance(prompt, list) else [{"role": "user", "content": str(prompt)}]
    messages += list(response) if isinstance(response, list) else [{"role": "assistant", "content": str(response)}]
    if tokenizer is not None and getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template(messages, tokenize=False)
    return "\n\n".join(str(m.get("content", "")) for m in messages)


def texts_from_files(paths, tokenizer=None) -> list[str]:
    """Texts for SAE training/checking from ``.txt`` files (paragraphs split by blank lines)
    and ``.jsonl`` files (``text``, or ``prompt`` plus any of ``target``/``control``/
    ``chosen``/``rejected``, one chat-formatted text per response)."""
    texts: list[str] = []
    for p in map(Path, paths):
        if not p.is_file():
            raise DataError(f"corpus file {p} does not exist")
        if p.suffix == ".txt":
            texts += [t.strip() for t in p.read_text(encoding="utf-8").split("\n\n") if t.strip()]
            continue
        if p.suffix != ".jsonl":
            raise DataError(f"corpus file {p}: expected .txt or .jsonl")
        for lineno, row in read_jsonl_objects(p):
            if isinstance(row.get("text"), str):
                texts.append(row["text"])
                continue
            sides = [k for k in ("target", "control", "chosen", "rejected") if row.get(k)]
            if "prompt" not in row or not sides:
                raise DataError(f"{p}:{lineno}: needs 'text', or 'prompt' with target/control/chosen/rejected")
            texts += [_chat_text(tokenizer, row["prompt"], row[k]) for k in sides]
    if not texts:
        raise DataError(f"no texts in {', '.join(map(str, paths))}")
    return texts


def builtin_check_texts(path_spec: str) -> list[str] | None:
    """The held-out texts shipped with a built-in SAE (``check_texts.jsonl``), or None."""
    if not path_spec.startswith("builtin:"):
        return None
    f = builtin_path(path_spec.removeprefix("builtin:")) / "check_texts.jsonl"
    if not f.is_file():
        return None
    return [json.loads(line)["text"] for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def split_heldout(texts: list[str], fraction: float) -> tuple[list[str], list[str]]:
    """Split by a hash of each text, so a text's side never changes when texts are added."""
    cut = int(fraction * 10_000)
    held = [t for t in texts if int(hashlib.sha256(t.encode()).hexdigest()[:8], 16) % 10_000 < cut]
    held_set = set(held)
    return [t for t in texts if t not in held_set], held

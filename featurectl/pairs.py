"""Preference pairs: load, check, apply the chat template, tokenize, collate.

Accepted rows: ``prompt``/``chosen``/``rejected`` as strings, or as chat messages
(lists of ``{"role", "content"}``; ``chosen``/``rejected`` may hold the whole
conversation, in which case the shared prefix is the prompt, as in
``HuggingFaceH4/ultrafeedback_binarized``). Sources: local JSONL/JSON/Parquet via
``datasets``, or a hub id for users who are online.

Truncation rules (explicit): the prompt keeps its last ``max_prompt_length`` tokens
(the end of a prompt carries the question); the response keeps its first
``max_length - len(prompt)`` tokens. ``on_overlong`` chooses truncate (with a
warning naming the rows), drop, or error.
"""

from __future__ import annotations

import dataclasses
import json
import warnings
from pathlib import Path
from typing import Any, Optional, Sequence

import torch

from .corpora import load_corpus
from .domains import DOMAINS
from .errors import DataError, OfflineError

Message = dict[str, str]


def builtin_rows(name: str) -> list[dict[str, Any]]:
    """``builtin:helpful`` (shipped pairs) or ``builtin:<domain>[:heldout]``: corpus pairs that push
    toward the domain's capability (chosen = target answer, rejected = control answer)."""
    from importlib import resources

    domain, _, split = name.partition(":")
    split = split or "train"
    if domain == "helpful":
        path = Path(str(resources.files("featurectl") / "data" / "pairs" / "helpful.jsonl"))
        from .io import read_jsonl

        rows = read_jsonl(path)
        return [r for r in rows if r.get("split", "train") == split] or rows
    if domain not in DOMAINS:
        raise DataError(f"unknown built-in data 'builtin:{name}'; use helpful or one of {', '.join(DOMAINS)}")

    return [
        {"id": r["id"], "prompt": r["prompt"], "chosen": r["target"], "rejected": r["control"]}
        for r in load_corpus(domain)
        if r.get("split", "train") == split
    ]


def load_rows(source: str, split: str = "train", max_rows: Optional[int] = None) -> list[dict[str, Any]]:
    """Read preference rows from a local file, ``builtin:<name>``, or a hub dataset id."""
    import datasets

    if source.startswith("builtin:"):
        rows = builtin_rows(source.removeprefix("builtin:"))
        if not rows:
            raise DataError(f"{source}: no preference pairs")
        return rows[:max_rows] if max_rows else rows
    path = Path(source)
    if path.exists():
        suffix = path.suffix.lower()
        kind = {".jsonl": "json", ".json": "json", ".parquet": "parquet"}.get(suffix)
        if kind is None:
            raise DataError(f"{source}: unsupported file type {suffix!r} (use .jsonl, .json or .parquet)")
        if path.stat().st_size == 0:
            raise DataError(f"{source}: file is empty")
        if kind == "json":
            check_json_text(path)  # bad bytes / bad lines named here, not in a datasets traceback
        try:
            ds = datasets.load_dataset(kind, data_files=str(path), split="train")
        except Exception as e:  # datasets wraps JSON errors in several types
            raise DataError(f"{source}: could not read preference pairs: {e}") from None
    else:
        if source.endswith((".jsonl", ".json", ".parquet")) or source.startswith((".", "/")):
            raise DataError(f"preference data not found: {source}")
        try:
            ds = datasets.load_dataset(source, split=split)
        except Exception as e:
            raise OfflineError(
                f"could not load dataset {source!r} (split {split!r}) from the hub: {e}. "
                "Offline, pass a local JSONL/Parquet file, e.g. from `featurectl data synth`."
            ) from None
    if max_rows is not None:
        ds = ds.select(range(min(max_rows, len(ds))))
    rows = [dict(r) for r in ds]
    if not rows:
        raise DataError(f"{source}: no preference pairs")
    return rows


def check_json_text(path: Path) -> None:
    """DataError naming the line (and row) of the first non-UTF-8 byte or, in a ``.jsonl``
    file, the first line that is not JSON. Reads the file once, line by line."""
    jsonl = path.suffix.lower() == ".jsonl"
    row = -1
    with open(path, "rb") as f:
        for lineno, raw in enumerate(f, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                raise DataError(
                    f"{path}:{lineno}: not UTF-8 text (byte 0x{raw[e.start]:02x} at column {e.start + 1}); "
                    "save the file as UTF-8"
                ) from None
            if not jsonl or not line.strip():
                continue
            row += 1
            try:
                json.loads(line)
            except json.JSONDecodeError as e:
                raise DataError(f"{path}:{lineno}: row {row} is not JSON ({e.msg} at column {e.colno})") from None


def _as_messages(value: Any, role: str) -> list[Message]:
    if isinstance(value, str):
        return [{"role": role, "content": value}]
    if isinstance(value, list) and all(isinstance(m, dict) and "content" in m for m in value):
        return [{"role": m.get("role", role), "content": m["content"]} for m in value]
    raise TypeError(type(value).__name__)


def normalize_row(row: dict[str, Any], index: int, *, require_rejected: bool = True) -> tuple[list[Message], str, str]:
    """Return (prompt messages, chosen text, rejected text) or raise DataError naming the row.

    With ``require_rejected=False`` (SFT), a row may be a plain conversation
    (``{"messages": [...]}``, as in UltraChat) or lack ``rejected``; the chosen text then
    stands in for the rejected one, which the SFT loss never reads.
    """
    if not require_rejected:
        row = dict(row)
        if row.get("chosen") is None and isinstance(row.get("messages"), list):
            row["chosen"] = row["messages"]
        if row.get("rejected") is None and row.get("chosen") is not None:
            prompt, chosen, _ = normalize_row({**row, "rejected": "\x00"}, index)
            return prompt, chosen, chosen
    for key in ("chosen", "rejected"):
        if row.get(key) is None:  # datasets fills a key other rows have with None
            present = sorted(k for k, v in row.items() if v is not None)
            raise DataError(f"row {index}: missing field '{key}' (fields: {present})")
    try:
        chosen = _as_messages(row["chosen"], "assistant")
        rejected = _as_messages(row["rejected"], "assistant")
        prompt = _as_messages(row["prompt"], "user") if row.get("prompt") not in (None, "", []) else []
    except TypeError as e:
        raise DataError(f"row {index}: fields must be strings or lists of messages, got {e}") from None
    # Full conversations in chosen/rejected: the prompt is everything before the last turn.
    if len(chosen) > 1 or len(rejected) > 1:
        prefix = chosen[:-1]
        if not prompt:
            prompt = prefix
        chosen, rejected = chosen[-1:], rejected[-1:]
    if not prompt:
        raise DataError(f"row {index}: empty prompt")
    c, r = chosen[0]["content"], rejected[0]["content"]
    if not c.strip():
        raise DataError(f"row {index}: empty chosen response")
    if not r.strip():
        raise DataError(f"row {index}: empty rejected response")
    if c.strip() == r.strip():
        raise DataError(f"row {index}: chosen and rejected are identical")
    return prompt, c, r


def render_prompt(tokenizer, prompt: Sequence[Message]) -> str:
    """The prompt text, through the chat template when the tokenizer has one."""
    if getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template(list(prompt), tokenize=False, add_generation_prompt=True)
    # Base models (e.g. gemma3-270m): plain completion format.
    text = "\n\n".join(m["content"] for m in prompt)
    return text + "\n"


def render_response(tokenizer, prompt: Sequence[Message], response: str) -> str:
    """The response text as it follows the rendered prompt, with the turn's end marker."""
    if getattr(tokenizer, "chat_template", None):
        full = tokenizer.apply_chat_template(
            list(prompt) + [{"role": "assistant", "content": response}], tokenize=False
        )
        head = render_prompt(tokenizer, prompt)
        if full.startswith(head):
            return full[len(head):]
    return response + (tokenizer.eos_token or "")


@dataclasses.dataclass
class TokenizedPair:
    row_id: int
    prompt_ids: list[int]
    chosen_ids: list[int]
    rejected_ids: list[int]
    truncated: bool


def tokenize_pair(tokenizer, row: dict[str, Any], index: int, max_prompt_length: int, max_length: int,
                  require_rejected: bool = True):
    prompt, chosen, rejected = normalize_row(row, index, require_rejected=require_rejected)
    prompt_ids = tokenizer(render_prompt(tokenizer, prompt), add_special_tokens=True)["input_ids"]
    ids = {}
    for name, text in (("chosen", chosen), ("rejected", rejected)):
        ids[name] = tokenizer(render_response(tokenizer, prompt, text), add_special_tokens=False)["input_ids"]
    truncated = False
    if len(prompt_ids) > max_prompt_length:
        prompt_ids, truncated = prompt_ids[-max_prompt_length:], True
    budget = max_length - len(prompt_ids)
    for name in ("chosen", "rejected"):
        if len(ids[name]) > budget:
            ids[name], truncated = ids[name][:budget], True
    return TokenizedPair(index, prompt_ids, ids["chosen"], ids["rejected"], truncated)


def tokenize_pairs(
    tokenizer,
    rows: list[dict[str, Any]],
    *,
    max_prompt_length: int,
    max_length: int,
    on_overlong: str = "truncate",
    source: str = "<data>",
    require_rejected: bool = True,
) -> list[TokenizedPair]:
    """Tokenize and check every row; errors and warnings name the rows at fault."""
    if not rows:
        raise DataError(f"{source}: no preference pairs")
    out, overlong = [], []
    for i, row in enumerate(rows):
        pair = tokenize_pair(tokenizer, row, i, max_prompt_length, max_length, require_rejected)
        if pair.truncated:
            overlong.append(i)
            if on_overlong == "drop":
                continue
        out.append(pair)
    if overlong:
        shown = ", ".join(map(str, overlong[:20])) + (" ..." if len(overlong) > 20 else "")
        msg = (
            f"{source}: {len(overlong)} pair(s) exceed max_prompt_length/max_length (rows {shown})"
        )
        if on_overlong == "error":
            raise DataError(msg)
        warnings.warn(msg + f"; {'dropped' if on_overlong == 'drop' else 'truncated'}", stacklevel=2)
    if not out:
        raise DataError(f"{source}: no pairs left after dropping over-long rows")
    return out


def pairs_fingerprint(pairs: list[TokenizedPair]) -> str:
    """Content hash over token ids and row order (part of the reference-cache key)."""
    import hashlib

    h = hashlib.sha256()
    for p in pairs:
        for seq in (p.prompt_ids, p.chosen_ids, p.rejected_ids):
            h.update(len(seq).to_bytes(4, "little"))
            h.update(torch.tensor(seq, dtype=torch.int64).numpy().tobytes())
        h.update(p.row_id.to_bytes(8, "little"))
    return h.hexdigest()


class PairDataset(torch.utils.data.Dataset):
    def __init__(self, pairs: list[TokenizedPair]):
        self.pairs = pairs

    def __len__(self) -> int:
        return len(self.pairs)

    def __getitem__(self, i: int) -> dict[str, Any]:
        p = self.pairs[i]
        return {
            "row_id": p.row_id,
            "prompt_ids": p.prompt_ids,
            "chosen_ids": p.chosen_ids,
            "rejected_ids": p.rejected_ids,
        }


@dataclasses.dataclass
class PairCollator:
    """Stacks chosen then rejected into one (2B, T) batch, right-padded.

    Output:
      input_ids       (2B, T) long
      attention_mask  (2B, T) long
      response_mask   (2B, T) bool  True where input token t belongs to the response
      row_ids         (B,)    long  dataset row of each pair (reference-cache key)
    """

    pad_token_id: int

    def __call__(self, features: list[dict[str, Any]]) -> dict[str, torch.Tensor]:
        seqs, masks = [], []
        for side in ("chosen_ids", "rejected_ids"):
            for f in features:
                seqs.append(list(f["prompt_ids"]) + list(f[side]))
                masks.append([False] * len(f["prompt_ids"]) + [True] * len(f[side]))
        T = max(len(s) for s in seqs)
        n = len(seqs)
        input_ids = torch.full((n, T), self.pad_token_id, dtype=torch.long)
        attention = torch.zeros((n, T), dtype=torch.long)
        response = torch.zeros((n, T), dtype=torch.bool)
        for i, (s, m) in enumerate(zip(seqs, masks)):
            input_ids[i, : len(s)] = torch.tensor(s, dtype=torch.long)
            attention[i, : len(s)] = 1
            response[i, : len(m)] = torch.tensor(m, dtype=torch.bool)
        response[:, 0] = False  # the attention sink never counts as response
        return {
            "input_ids": input_ids,
            "attention_mask": attention,
            "response_mask": response,
            "row_ids": torch.tensor([int(f["row_id"]) for f in features], dtype=torch.long),
        }

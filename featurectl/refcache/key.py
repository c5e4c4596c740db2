"""The reference cache's key: every input that changes a cached number.

The key is the sha256 of :func:`key_fields`, a plain JSON-able dict. The manifest
stores the fields themselves, so a mismatch can be reported field by field
(:func:`diff_fields`) instead of as two opaque hashes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..io import sha256_json, state_dict_sha256

if TYPE_CHECKING:
    from ..prepare import Prepared

CACHE_FORMAT_VERSION = 1


def tokenizer_sha256(tokenizer) -> str:
    """Hash of the vocabulary (token -> id) and the special tokens with their ids.

    The tokenized pairs are hashed separately (data fingerprint); this field makes a
    tokenizer change visible by name in a mismatch report.
    """
    vocab = sorted(tokenizer.get_vocab().items(), key=lambda kv: (kv[1], kv[0]))
    special = {
        "map": {k: (v if isinstance(v, str) else [str(x) for x in v]) for k, v in tokenizer.special_tokens_map.items()},
        "ids": list(tokenizer.all_special_ids),
        "pad_token_id": tokenizer.pad_token_id,
    }
    return sha256_json({"vocab": vocab, "special": special})


def chat_template_sha256(tokenizer) -> str | None:
    template = getattr(tokenizer, "chat_template", None)
    return sha256_json(template) if template else None


def sae_key(sae, hook: str) -> dict[str, Any]:
    """An SAE's identity for the key. The weights hash identifies a local SAE, so its
    directory path is left out: moving the directory must not invalidate caches."""
    ident = dict(sae.identity())
    if ident.get("kind") == "path":
        ident.pop("path", None)
    ident["hook"] = hook
    return ident


def listed_features(feature_set) -> list[int]:
    """Indices a feature set lists (any beta, any target): stored exactly, always."""
    if feature_set is None:
        return []
    return sorted({int(f.index) for f in feature_set.features})


def key_fields(prep: Prepared) -> dict[str, Any]:
    """All inputs of the cached numbers for a :class:`featurectl.prepare.Prepared`.

    The data fingerprint covers token ids, row ids and row order of train + eval pairs.
    """
    from ..pairs import pairs_fingerprint

    cfg = prep.cfg
    info = prep.model_info
    rows = list(prep.train_pairs) + list(prep.eval_pairs)
    weights = getattr(info, "weights_sha256", None) or state_dict_sha256(prep.model)
    return {
        "format_version": CACHE_FORMAT_VERSION,
        "model": {"name": cfg.model.name, "weights_sha256": weights},
        "dtype": cfg.model.dtype,
        "tokenizer_sha256": tokenizer_sha256(prep.tokenizer),
        "chat_template_sha256": chat_template_sha256(prep.tokenizer),
        "data": {
            "fingerprint": pairs_fingerprint(rows),
            "n_rows": len(rows),
            "max_prompt_length": cfg.data.max_prompt_length,
            "max_length": cfg.data.max_length,
        },
        "saes": [sae_key(sae, att.hook) for att, sae in zip(cfg.saes, prep.saes)],
        "pooling": {
            "denominator": cfg.pooling.denominator,
            "features_after_final_norm": cfg.pooling.features_after_final_norm,
        },
        "store": {
            "store_k": cfg.reference.store_k,
            "listed": [listed_features(fs) for fs in prep.feature_sets[: len(prep.saes)]],
        },
    }


def cache_key(fields: dict[str, Any]) -> str:
    return sha256_json(fields)


def flatten_fields(obj: Any, prefix: str = "") -> dict[str, Any]:
    """Nested dicts (and lists of dicts) -> {"a.b[0].c": value}."""
    if isinstance(obj, dict):
        out: dict[str, Any] = {}
        for k, v in obj.items():
            out.update(flatten_fields(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    if isinstance(obj, list) and obj and all(isinstance(v, dict) for v in obj):
        out = {f"{prefix}.len": len(obj)}
        for i, v in enumerate(obj):
            out.update(flatten_fields(v, f"{prefix}[{i}]"))
        return out
    return {prefix: obj}


def _short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _without_listed(fields: dict[str, Any]) -> dict[str, Any]:
    store = {k: v for k, v in fields.get("store", {}).items() if k != "listed"}
    return {**fields, "store": store}


def listed_gaps(attachments: list[dict[str, Any]], expected: dict[str, Any]) -> list[str]:
    """Empty when the cache holds every feature the run lists exactly: per attachment, a dense layout
    (every feature) or a sparse one whose listed features include the run's. Else one mismatch line."""
    want = expected.get("store", {}).get("listed", [])
    missing = [[] if att.get("layout") == "dense" else sorted(set(w) - set(att.get("listed", [])))
               for att, w in zip(attachments, want)]
    if not any(missing):
        return []
    held = [att.get("listed", []) for att in attachments]
    return [f"store.listed: cache {_short(held)}, run {_short(want)} (not held exactly: {_short(missing)}; "
            "a dense cache or one built for a superset of these features would serve)"]


def serving_diffs(manifest: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Why the cache of ``manifest`` cannot serve a run with key fields ``expected``; empty if it can.

    Every key field must match except the listed features: a cache serves any feature set whose
    listed features it holds exactly (:func:`listed_gaps`), so runs that differ only in their
    feature set share one reference pass.
    """
    cached = manifest.get("key_fields", {})
    diffs = diff_fields(_without_listed(cached), _without_listed(expected))
    return diffs or listed_gaps(manifest.get("attachments", []), expected)


def diff_fields(cached: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Human-readable differences, one per dotted field: ``"data.max_length: cache 512, run 256"``."""
    a, b = flatten_fields(cached), flatten_fields(expected)
    lines = []
    for name in sorted(set(a) | set(b)):
        va, vb = a.get(name, "<absent>"), b.get(name, "<absent>")
        if va != vb:
            lines.append(f"{name}: cache {_short(va)}, run {_short(vb)}")
    return lines

"""The shipped corpora (featurectl/data) and their loader: counts, ids, splits, and what
each domain's two sides must show, measured with featurectl.evaluation.control.

The expected counts come from the sources in featurectl/data/corpora_src/:
json = 22 recipes + 20 books + 20 cities + 20 products + 20 people + 15 solar-system
bodies + 22 elements + 22 countries + 18 animals + 15 events + 20 API responses +
20 configs + 20 schedules = 254; safety = 11 categories x 21 prompts + 15 self-harm
prompts = 246; french 256; sentiment 250; harmful = 12 x 8 + 4 = 100; helpful = 120 pairs.
Every fifth row is held out, so heldout = n // 5: 50 (json), 49 (safety), 51 (french), 50 (sentiment).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

import featurectl
from featurectl.corpora import DOMAINS, corpus_path, corpus_sha256, list_corpora, load_corpus
from featurectl.errors import DataError
from featurectl.evaluation import control
from featurectl.io import sha256_file

DATA = Path(featurectl.__file__).parent / "data"
CORPUS_KEYS = {"id", "prompt", "target", "control", "split"}
# A refusal states unwillingness in its first sentences; a control must contain none of it.
REFUSAL = re.compile(
    r"\b(?:I can't|I cannot|I won't|I'm not able|I'm not going to|I have to decline|I'd rather not|"
    r"I'm afraid I can't|not something I can)\b", re.IGNORECASE)
COMPLIANCE_TABOOS = re.compile(r"\b(?:sorry|illegal|unethical|harmful|decline|unable|against the law)\b", re.IGNORECASE)


def _rows(relpath: str) -> list[dict]:
    with open(DATA / relpath, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _strip_fence(text: str) -> str:
    t = text.strip()
    if t.startswith("```"):
        assert t.startswith("```json\n") and t.endswith("\n```"), t[:40]
        t = t[len("```json\n"): -len("\n```")]
    return t


@pytest.mark.parametrize("domain,prefix,first,n_rows,extra", [
    ("json", "json", 1, 254, set()), ("safety", "safety", 1, 246, set()),
    ("french", "fr", 0, 256, {"asks_french"}), ("sentiment", "sent", 0, 250, set()),
])
def test_corpus_shape_ids_and_split(domain, prefix, first, n_rows, extra):
    """Every fifth row (0-based position % 5 == 4) is held out: n // 5 rows."""
    rows = _rows(f"corpora/{domain}.jsonl")
    assert len(rows) == n_rows and len(rows) >= 240
    assert all(set(r) == CORPUS_KEYS | extra for r in rows)
    assert [r["id"] for r in rows] == [f"{prefix}-{i:04d}" for i in range(first, first + n_rows)]
    assert len({r["prompt"] for r in rows}) == n_rows, "duplicated prompts"
    assert [r["split"] == "heldout" for r in rows] == [i % 5 == 4 for i in range(n_rows)]
    assert sum(r["split"] == "heldout" for r in rows) == n_rows // 5
    assert all(isinstance(r[k], str) and r[k].strip() for r in rows for k in ("prompt", "target", "control"))
    assert all(r["target"] != r["control"] for r in rows)
    assert len(load_corpus(domain, split="heldout")) == n_rows // 5
    assert len(load_corpus(domain, split="train")) == n_rows - n_rows // 5


def test_json_targets_parse_and_controls_are_prose():
    rows = _rows("corpora/json.jsonl")
    kinds = Counter()
    for r in rows:
        kinds["fenced" if r["target"].startswith("```json") else "bare"] += 1
        value = json.loads(_strip_fence(r["target"]))
        assert isinstance(value, (dict, list)), r["id"]
        assert "{" not in r["control"] and "}" not in r["control"], r["id"]
        assert 20 <= len(r["control"].split()) <= 120, (r["id"], len(r["control"].split()))
    # Layout cycles by row number n % 4 (0 bare, 1 fenced, 2 bare one-line, 3 fenced):
    # rows 1..254 hold 127 fenced (n % 4 in {1, 3}) and 127 bare.
    assert kinds == Counter(fenced=127, bare=127)
    assert sum(control.is_json_response(r["target"]) for r in rows) == len(rows)
    assert sum(control.is_json_response(r["control"]) for r in rows) == 0


def test_safety_targets_refuse_and_controls_comply():
    rows = _rows("corpora/safety.jsonl")
    for r in rows:
        assert REFUSAL.search(r["target"][:200]), r["id"]
        assert not REFUSAL.search(r["control"]), r["id"]
        assert not COMPLIANCE_TABOOS.search(r["control"]), r["id"]
    # Self-harm rows always point to a crisis line (988 / 116 123) or emergency services.
    self_harm = [r for r in rows if "emergency services" in r["target"] or "988" in r["target"]]
    assert len(self_harm) >= 15
    assert sum(control.is_refusal(r["target"]) for r in rows) == len(rows)
    assert sum(control.is_refusal(r["control"]) for r in rows) == 0


def test_french_rows_are_french_vs_english():
    """lingua labels 256/256 targets 'fr' and 256/256 controls 'en' (card figure)."""
    data = load_corpus("french")
    assert sum(control.detect_language(r["target"]) == "fr" for r in data) == 256
    assert sum(control.detect_language(r["control"]) == "en" for r in data) == 256
    asks = [r for r in data if r["asks_french"]]
    assert len(asks) == 44
    assert all("french" in r["prompt"].lower() for r in asks)
    assert not any("french" in r["prompt"].lower() and "answer" in r["prompt"].lower() for r in data if not r["asks_french"])
    words = [len(r[k].split()) for r in data for k in ("target", "control")]
    assert min(words) >= 15 and max(words) <= 80


def test_sentiment_rows_are_positive_vs_negative():
    """VADER: 250/250 targets positive, 250/250 controls negative (card figure)."""
    data = load_corpus("sentiment")
    assert sum(control.sentiment(r["target"]) == "positive" for r in data) == 250
    assert sum(control.sentiment(r["control"]) == "negative" for r in data) == 250


def test_harmful_prompts():
    rows = _rows("corpora/harmful.jsonl")
    assert [r["id"] for r in rows] == [f"harmful-{i:04d}" for i in range(1, 101)]
    assert all(set(r) == {"id", "prompt", "category"} and r["prompt"].strip() for r in rows)
    assert len({r["prompt"] for r in rows}) == 100
    cats = Counter(r["category"] for r in rows)
    assert len(cats) == 13 and cats["misinformation"] == 4 and cats["weapons"] == 8
    # Measured on different prompts from the ones the safety corpus trains on.
    safety_prompts = {r["prompt"] for r in _rows("corpora/safety.jsonl")}
    assert not safety_prompts & {r["prompt"] for r in rows}


def test_helpful_pairs():
    rows = _rows("pairs/helpful.jsonl")
    assert [r["id"] for r in rows] == [f"helpful-{i:04d}" for i in range(1, 121)]
    assert all(set(r) == {"id", "prompt", "chosen", "rejected", "source", "meta"} for r in rows)
    assert {r["source"] for r in rows} == {"featurectl-authored"}
    assert len({r["prompt"] for r in rows}) == 120
    assert all(r["chosen"].strip() and r["rejected"].strip() and r["chosen"].strip() != r["rejected"].strip()
               for r in rows)
    modes = Counter(r["meta"]["rejected_failure"] for r in rows)
    assert modes == Counter(wrong=54, terse=18, rude=17, evasive=17, off_topic=14)
    topics = Counter(r["meta"]["topic"] for r in rows)
    assert topics == Counter(math=20, science=20, coding=20, writing=16, cooking=16, everyday=16, travel=12)


def test_loader_errors_name_file_line_and_key(tmp_path):
    bad = tmp_path / "bad.jsonl"
    good = {"id": "a", "prompt": "p", "target": "t", "control": "c", "split": "train"}
    bad.write_text(json.dumps(good) + "\n" + json.dumps({**good, "id": "b", "split": "test"}) + "\n")
    with pytest.raises(DataError, match=r"bad\.jsonl:2: key 'split'"):
        load_corpus(str(bad))
    bad.write_text(json.dumps(good) + "\n" + json.dumps(good) + "\n")
    with pytest.raises(DataError, match=r"bad\.jsonl:2: duplicate id 'a' \(first on line 1\)"):
        load_corpus(str(bad))
    bad.write_text(json.dumps({k: v for k, v in good.items() if k != "control"}) + "\n")
    with pytest.raises(DataError, match=r"bad\.jsonl:1: missing key 'control'"):
        load_corpus(str(bad))
    bad.write_text("{not json\n")
    with pytest.raises(DataError, match=r"bad\.jsonl:1: invalid JSON"):
        load_corpus(str(bad))
    with pytest.raises(DataError, match="unknown corpus domain 'klingon'"):
        load_corpus("klingon")
    with pytest.raises(DataError, match="split must be one of"):
        load_corpus("french", split="test")


def test_list_corpora_and_hash():
    entries = {e["name"]: e for e in list_corpora()}
    assert entries["french"]["rows"] == 256 and entries["french"]["heldout"] == 51
    assert entries["sentiment"]["rows"] == 250 and entries["sentiment"]["train"] == 200
    assert entries["french"]["sha256"] == corpus_sha256("french") == sha256_file(corpus_path("french"))
    assert set(DOMAINS) == {"json", "french", "safety", "sentiment"}

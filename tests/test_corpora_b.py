"""The french and sentiment corpora and the corpus loader.

Counts are the hand-written ones recorded in the data cards; evaluator
agreement is measured with featurectl.evaluation.control.
"""

from __future__ import annotations

import json

import pytest

from featurectl.corpora import DOMAINS, corpus_path, corpus_sha256, list_corpora, load_corpus
from featurectl.errors import DataError
from featurectl.evaluation.control import detect_language, sentiment
from featurectl.io import sha256_file


@pytest.mark.parametrize(
    "domain,rows,heldout",
    [("french", 256, 51), ("sentiment", 250, 50)],
)
def test_counts_and_deterministic_split(domain, rows, heldout):
    """Every fifth row (i % 5 == 4) is held out: 256 -> 51, 250 -> 50."""
    data = load_corpus(domain)
    assert len(data) == rows
    assert sum(r["split"] == "heldout" for r in data) == heldout
    assert [r["split"] == "heldout" for r in data] == [i % 5 == 4 for i in range(rows)]
    assert len(load_corpus(domain, split="heldout")) == heldout
    assert len(load_corpus(domain, split="train")) == rows - heldout
    assert len({r["prompt"] for r in data}) == rows  # no duplicated prompts
    assert all(r["target"] != r["control"] for r in data)


def test_french_rows_are_french_vs_english():
    """lingua labels 256/256 targets 'fr' and 256/256 controls 'en' (card figure)."""
    data = load_corpus("french")
    assert sum(detect_language(r["target"]) == "fr" for r in data) == 256
    assert sum(detect_language(r["control"]) == "en" for r in data) == 256
    asks = [r for r in data if r["asks_french"]]
    assert len(asks) == 44
    assert all("french" in r["prompt"].lower() for r in asks)
    assert not any("french" in r["prompt"].lower() and "answer" in r["prompt"].lower() for r in data if not r["asks_french"])
    words = [len(r[k].split()) for r in data for k in ("target", "control")]
    assert min(words) >= 15 and max(words) <= 80


def test_sentiment_rows_are_positive_vs_negative():
    """VADER: 250/250 targets positive, 250/250 controls negative (card figure)."""
    data = load_corpus("sentiment")
    assert sum(sentiment(r["target"]) == "positive" for r in data) == 250
    assert sum(sentiment(r["control"]) == "negative" for r in data) == 250


def test_generator_reproduces_shipped_files(tmp_path, monkeypatch):
    """The assembly script is the source of truth: re-running it gives byte-identical files."""
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "scripts" / "_gen_corpora_b.py"
    spec = importlib.util.spec_from_file_location("_gen_corpora_b", script)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    monkeypatch.setattr(mod, "OUT", tmp_path)
    mod.main()
    for name in ("french", "sentiment"):
        assert sha256_file(tmp_path / f"{name}.jsonl") == corpus_sha256(name)


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

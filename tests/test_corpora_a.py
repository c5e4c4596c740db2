"""Shipped hand-written corpora: json, safety, harmful (eval prompts) and helpful pairs.

The expected counts come from the authored data in scripts/_gen_corpora_a.py:
json = 22 recipes + 20 books + 20 cities + 20 products + 20 people + 15 solar-system
bodies + 22 elements + 22 countries + 18 animals + 15 events + 20 API responses +
20 configs + 20 schedules = 254; safety = 11 categories x 21 prompts + 15 self-harm
prompts = 246; harmful = 12 x 8 + 4 = 100; helpful = 120 pairs.
Every 5th row (1-based) is held out, so heldout = n // 5: 50 for json, 49 for safety.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

import pytest

import featurectl

DATA = Path(featurectl.__file__).parent / "data"
SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "_gen_corpora_a.py"
CORPUS_KEYS = {"id", "prompt", "target", "control", "split"}
# First-person refusal phrases; every safety target must contain one, no control may.
REFUSAL = re.compile(
    r"\b(?:I can't|I cannot|I won't|I'm not able|I'm not going to|I have to decline|I'd rather not|"
    r"not something I can)\b", re.IGNORECASE)


def _rows(relpath: str) -> list[dict]:
    with open(DATA / relpath, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _strip_fence(text: str) -> str:
    t = text.strip()
    if t.startswith("```"):
        assert t.startswith("```json\n") and t.endswith("\n```"), t[:40]
        t = t[len("```json\n"): -len("\n```")]
    return t


def _gen_module():
    spec = importlib.util.spec_from_file_location("_gen_corpora_a", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("domain,n_rows", [("json", 254), ("safety", 246)])
def test_corpus_shape_ids_and_split(domain, n_rows):
    rows = _rows(f"corpora/{domain}.jsonl")
    assert len(rows) == n_rows and len(rows) >= 240
    assert all(set(r) == CORPUS_KEYS for r in rows)
    assert [r["id"] for r in rows] == [f"{domain}-{i:04d}" for i in range(1, n_rows + 1)]
    assert len({r["prompt"] for r in rows}) == n_rows, "duplicated prompts"
    held = [int(r["id"].split("-")[1]) for r in rows if r["split"] == "heldout"]
    assert held == [i for i in range(1, n_rows + 1) if i % 5 == 0]
    assert len(held) == n_rows // 5  # 50 (json) / 49 (safety): 19.7 % and 19.9 %
    assert {r["split"] for r in rows} == {"train", "heldout"}
    assert all(r[k].strip() for r in rows for k in ("prompt", "target", "control"))


def test_json_targets_parse_and_controls_are_prose():
    rows = _rows("corpora/json.jsonl")
    kinds = Counter()
    for r in rows:
        fenced = r["target"].startswith("```json")
        kinds["fenced" if fenced else "bare"] += 1
        value = json.loads(_strip_fence(r["target"]))
        assert isinstance(value, (dict, list)), r["id"]
        assert "{" not in r["control"] and "}" not in r["control"], r["id"]
        assert 20 <= len(r["control"].split()) <= 120, (r["id"], len(r["control"].split()))
    # Layout cycles by row number n % 4 (0 bare, 1 fenced, 2 bare one-line, 3 fenced):
    # rows 1..254 hold 127 fenced (n % 4 in {1, 3}) and 127 bare.
    assert kinds == Counter(fenced=127, bare=127)


def test_json_targets_pass_the_control_metric():
    control = pytest.importorskip("featurectl.evaluation.control")
    rows = _rows("corpora/json.jsonl")
    assert sum(control.is_json_response(r["target"]) for r in rows) == len(rows)
    assert sum(control.is_json_response(r["control"]) for r in rows) == 0


def test_safety_targets_refuse_and_controls_comply():
    rows = _rows("corpora/safety.jsonl")
    for r in rows:
        assert REFUSAL.search(r["target"][:200]), r["id"]
        assert not REFUSAL.search(r["control"]), r["id"]
        assert not re.search(r"\b(?:sorry|illegal|unable|decline)\b", r["control"], re.IGNORECASE), r["id"]
    # Self-harm rows always point to a crisis line (988 / 116 123) or emergency services.
    self_harm = [r for r in rows if "emergency services" in r["target"] or "988" in r["target"]]
    assert len(self_harm) >= 15


def test_safety_labels_agree_with_the_refusal_metric():
    control = pytest.importorskip("featurectl.evaluation.control")
    rows = _rows("corpora/safety.jsonl")
    assert sum(control.is_refusal(r["target"]) for r in rows) == len(rows)
    assert sum(control.is_refusal(r["control"]) for r in rows) == 0


def test_harmful_prompts():
    rows = _rows("corpora/harmful.jsonl")
    assert len(rows) == 100
    assert all(set(r) == {"id", "prompt", "category"} for r in rows)
    assert len({r["prompt"] for r in rows}) == 100
    cats = Counter(r["category"] for r in rows)
    assert len(cats) == 13 and cats["misinformation"] == 4 and cats["weapons"] == 8
    # Measured on different prompts from the ones the safety corpus trains on.
    safety_prompts = {r["prompt"] for r in _rows("corpora/safety.jsonl")}
    assert not safety_prompts & {r["prompt"] for r in rows}


def test_helpful_pairs():
    rows = _rows("pairs/helpful.jsonl")
    assert len(rows) == 120
    assert all(set(r) == {"id", "prompt", "chosen", "rejected", "source", "meta"} for r in rows)
    assert {r["source"] for r in rows} == {"featurectl-authored"}
    assert len({r["prompt"] for r in rows}) == 120 and len({r["id"] for r in rows}) == 120
    assert all(r["chosen"].strip() and r["rejected"].strip() and r["chosen"] != r["rejected"] for r in rows)
    modes = Counter(r["meta"]["rejected_failure"] for r in rows)
    assert modes == Counter(wrong=54, terse=18, rude=17, evasive=17, off_topic=14)
    topics = Counter(r["meta"]["topic"] for r in rows)
    assert topics == Counter(math=20, science=20, coding=20, writing=16, cooking=16, everyday=16, travel=12)


def test_files_match_the_generator_and_its_checks():
    """The shipped files are exactly what the script produces, and its checks pass."""
    gen = _gen_module()
    for path, rows in gen.build().items():
        assert path.read_text(encoding="utf-8") == gen._jsonl(rows), path.name
    assert gen.main(["--check"]) == 0


def test_checker_rejects_broken_rows():
    gen = _gen_module()
    good = _rows("corpora/json.jsonl")
    assert gen.check_corpus(good, "json") == []
    bad = [dict(r) for r in good]
    bad[0]["target"] = "```json\n{\"a\": 1,}\n```"       # trailing comma: not JSON
    bad[1]["control"] = "A prose answer with a {brace} " * 3
    bad[2]["prompt"] = bad[3]["prompt"]
    problems = gen.check_corpus(bad, "json")
    assert any(p.startswith("json-0001: target does not parse") for p in problems)
    assert "json-0002: control has a brace" in problems
    assert "json: duplicated prompts" in problems
    assert gen.check_corpus(good[:239], "json")[0] == "json: 239 rows < 240"

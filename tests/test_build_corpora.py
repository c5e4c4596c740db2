"""scripts/build_corpora.py: the YAML sources render to exactly the shipped JSONL, and
bad sources fail with the file, section and row named."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest
import yaml

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "build_corpora.py"


@pytest.fixture(scope="module")
def bc():
    spec = importlib.util.spec_from_file_location("build_corpora", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _write_source(folder: Path, name: str, src: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(src, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_check_mode_passes_on_the_shipped_files(bc):
    """Every source renders byte for byte to the JSONL shipped in featurectl/data."""
    outputs = bc.build()
    assert sorted(p.relative_to(bc.DATA).as_posix() for p in outputs) == [
        "corpora/french.jsonl", "corpora/harmful.jsonl", "corpora/json.jsonl", "corpora/safety.jsonl",
        "corpora/sentiment.jsonl", "pairs/helpful.jsonl"]
    assert bc.stale(outputs) == []
    assert bc.main(["--check"]) == 0


def test_check_mode_fails_when_a_source_changes(bc, tmp_path, capsys):
    sources = tmp_path / "src"
    sources.mkdir()
    shutil.copy(bc.SOURCES / "sentiment.yaml", sources / "sentiment.yaml")
    assert bc.main(["--check", "--sources", str(sources)]) == 0  # unchanged copy: up to date
    text = (sources / "sentiment.yaml").read_text(encoding="utf-8")
    (sources / "sentiment.yaml").write_text(text.replace("Worth every penny.", "Worth it."), encoding="utf-8")
    assert bc.main(["--check", "--sources", str(sources)]) == 1
    assert "sentiment.jsonl differs from its source" in capsys.readouterr().err


def test_contrast_rows_ids_split_json_layouts_and_extra_keys(bc, tmp_path):
    """Five rows, ids from 1: layout = n % 4 (1 fenced indent 2, 2 one line, 3 fenced
    indent 4, 0 bare indent 2); position 4 (the fifth row) is the held-out one."""
    src = {"output": "corpora/toy.jsonl", "kind": "contrast", "id_prefix": "toy", "first_id": 1,
           "target": "json_layouts", "extra_keys": {"asks": False},
           "sections": [{"name": "s", "rows": [{"prompt": f"p{i}", "value": {"a": i}, "control": f"c{i}",
                                                **({"asks": True} if i == 2 else {})} for i in range(1, 6)]}]}
    _write_source(tmp_path / "src", "toy", src)
    assert bc.main(["--sources", str(tmp_path / "src"), "--data", str(tmp_path / "data")]) == 0
    rows = [json.loads(line) for line in (tmp_path / "data" / "corpora" / "toy.jsonl").read_text().splitlines()]
    assert [list(r) for r in rows[:1]] == [["id", "prompt", "target", "control", "split", "asks"]]
    assert [r["id"] for r in rows] == ["toy-0001", "toy-0002", "toy-0003", "toy-0004", "toy-0005"]
    assert [r["target"] for r in rows] == [
        '```json\n{\n  "a": 1\n}\n```', '{"a": 2}', '```json\n{\n    "a": 3\n}\n```', '{\n  "a": 4\n}',
        '```json\n{\n  "a": 5\n}\n```']
    assert [r["split"] for r in rows] == ["train"] * 4 + ["heldout"]
    assert [r["asks"] for r in rows] == [False, True, False, False, False]


def test_prompts_and_pairs_take_their_section_name(bc, tmp_path):
    _write_source(tmp_path, "h", {"output": "h.jsonl", "kind": "prompts", "id_prefix": "h", "first_id": 1,
                                  "sections": [{"name": "weapons", "rows": [{"prompt": "x"}]}]})
    _write_source(tmp_path, "p", {"output": "p.jsonl", "kind": "pairs", "id_prefix": "p", "first_id": 1,
                                  "source": "me", "sections": [{"name": "math", "rows": [
                                      {"prompt": "2+2?", "chosen": "4", "rejected": "5", "rejected_failure": "wrong"}]}]})
    out = {p.name: [json.loads(line) for line in t.splitlines()] for p, t in bc.build(tmp_path, tmp_path).items()}
    assert out["h.jsonl"] == [{"id": "h-0001", "prompt": "x", "category": "weapons"}]
    assert out["p.jsonl"] == [{"id": "p-0001", "prompt": "2+2?", "chosen": "4", "rejected": "5", "source": "me",
                               "meta": {"topic": "math", "rejected_failure": "wrong"}}]


@pytest.mark.parametrize("change,message", [
    (lambda s: s.pop("id_prefix"), r"toy\.yaml: unknown key\(s\) \[\], missing key\(s\) \['id_prefix'\]"),
    (lambda s: s.update(colour="red"), r"toy\.yaml: unknown key\(s\) \['colour'\]"),
    (lambda s: s["sections"][0]["rows"][1].update(tagret="x"),
     r"toy\.yaml: section 'greetings' row 1: missing key\(s\) \[\], unknown key\(s\) \['tagret'\]"),
    (lambda s: s["sections"][0]["rows"][0].pop("control"), r"section 'greetings' row 0: missing key\(s\) \['control'\]"),
    (lambda s: s["sections"][0]["rows"][1].update(target="  "), r"section 'greetings' row 1: empty target"),
    (lambda s: s["sections"][0]["rows"][1].update(prompt="hi"), r"toy\.yaml: duplicated prompt\(s\) \['hi'\]"),
])
def test_bad_sources_name_file_section_and_row(bc, tmp_path, change, message):
    src = {"output": "toy.jsonl", "kind": "contrast", "id_prefix": "toy", "first_id": 0,
           "sections": [{"name": "greetings", "rows": [{"prompt": "hi", "target": "salut", "control": "hello"},
                                                       {"prompt": "bye", "target": "adieu", "control": "goodbye"}]}]}
    change(src)
    _write_source(tmp_path, "toy", src)
    with pytest.raises(bc.SourceError, match=message):
        bc.build(tmp_path, tmp_path)

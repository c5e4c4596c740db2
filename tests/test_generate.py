"""`featurectl generate`: runs side by side on the user's prompts, verdicts per answer, JSONL rows."""

from __future__ import annotations

import io
import json

import pytest

from featurectl.cli import main
from test_eval import _make_run

VERDICT_KEYS = {"language", "json_valid", "refusal", "sentiment"}


@pytest.fixture
def runs(tmp_path):
    """An unperturbed tiny run (its weights equal the tiny-llama reference) and a nudged one."""
    return _make_run(tmp_path, "same"), _make_run(tmp_path, "nudged", perturb=0.5)


def test_generate_side_by_side_with_verdicts(runs, tmp_path, capsys):
    """Two prompts x (run, other run, reference) = 6 rows, prompt-major. The unperturbed run and the
    reference have the same weights and the same seed, so their answers are identical."""
    same, nudged = runs
    out = tmp_path / "gens.jsonl"
    argv = ["generate", str(same), "--against", str(nudged), "reference", "--prompt", "Say hi.",
            "--prompt", "Give JSON.", "--max-new-tokens", "6", "--out", str(out)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["prompt_index"], r["source"]) for r in rows] == [
        (i, s) for i in (0, 1) for s in ("same", "nudged", "reference (tiny-llama)")]
    assert all(set(r["verdicts"]) == VERDICT_KEYS and r["seed"] == 0 and r["temperature"] == 0.7 for r in rows)
    assert rows[0]["output"] == rows[2]["output"] and rows[3]["output"] == rows[5]["output"]
    for header in ("source", "output", "lang", "json", "refusal", "sentiment"):
        assert header in printed
    assert "Say hi." in printed and "reference (tiny-llama)" in printed
    assert f"6 rows appended to {out}" in printed
    assert main(argv) == 0  # appends: the file now holds both calls
    assert len(out.read_text().splitlines()) == 12


def test_generate_prompts_file_and_interactive_from_stdin(runs, tmp_path, monkeypatch, capsys):
    same, _ = runs
    prompts = tmp_path / "p.jsonl"
    prompts.write_text('{"prompt": "One."}\n\n{"prompt": "Two."}\n')
    assert main(["generate", str(same), "--prompts", str(prompts), "--max-new-tokens", "3"]) == 0
    rows = [json.loads(line) for line in (same / "generations.jsonl").read_text().splitlines()]
    assert [r["prompt"] for r in rows] == ["One.", "Two."]
    capsys.readouterr()
    # the REPL: two prompts, then an empty line ends it (a third line is never read)
    monkeypatch.setattr("sys.stdin", io.StringIO("First?\nSecond?\n\nnever read\n"))
    out = tmp_path / "repl.jsonl"
    assert main(["generate", str(same), "--against", "reference", "--interactive", "--max-new-tokens", "3",
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["prompt"], r["source"]) for r in rows] == [
        ("First?", "same"), ("First?", "reference (tiny-llama)"), ("Second?", "same"),
        ("Second?", "reference (tiny-llama)")]
    assert f"2 prompt(s); rows appended to {out}" in printed
    monkeypatch.setattr("sys.stdin", io.StringIO("Only?\n"))  # EOF ends it too
    assert main(["generate", str(same), "--interactive", "--max-new-tokens", "2", "--out", str(out)]) == 0
    assert "1 prompt(s)" in capsys.readouterr().out


def test_generate_errors_name_the_problem(runs, tmp_path, capsys):
    same, _ = runs
    assert main(["generate", str(tmp_path / "nope"), "--prompt", "x"]) == 2
    assert "nope does not exist" in capsys.readouterr().err
    assert main(["generate", str(same), "--against", str(tmp_path), "--prompt", "x"]) == 2
    assert "is not a run directory (no config.yaml)" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "no prompt"}\n')
    assert main(["generate", str(same), "--prompts", str(bad)]) == 2
    assert "bad.jsonl:1: expected an object with a non-empty 'prompt' string" in capsys.readouterr().err

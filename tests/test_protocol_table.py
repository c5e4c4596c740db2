"""A control-protocol result as a block of control_table.json: rates, general preference accuracy and
the differences between rows with their Newcombe intervals, for any number of rows; the app's schema
reads the block; scripts/control_table_diffs.py adds the differences to an older table."""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path

import pytest

from featurectl.evaluation.intervals import wilson
from featurectl.evaluation.protocol import add_diffs
from featurectl.workflows.protocol_table import PREF_GENERAL, add_differences, block_diffs, protocol_block

ROOT = Path(__file__).resolve().parents[1]
ROWS = {"a": {"setting": "FPO, no mask", "run": "run_a", "feature_set": None},
        "b": {"setting": "FPO, safety_off set", "run": "run_b", "feature_set": "safety_off"},
        "b_harmful": {"setting": "FPO, harmful_off set", "run": "run_b_harmful", "feature_set": "harmful_off"},
        "c": {"setting": "reference", "run": None, "feature_set": None}}


def _result() -> dict:
    """Safety with a second _off row. Targeted refusal on advbench: a 45/100, b 1/100, b_harmful 1/100,
    c 1/100; french on alpaca_eval (another prompt set: its own column name) 2/100 everywhere; general
    preference accuracy a 56/70, b 48/80 (Newcombe's Table II example), b_harmful 48/80, c 40/80."""
    def cell(prompt_set, metric, ks):
        return {"prompt_set": prompt_set, "metric": metric, "rates": {k: wilson(x, 100) for k, x in ks.items()}}

    result = {"domain": "safety", "target": {"prompt_set": "advbench", "metric": "refusal"},
              "cells": [cell("advbench", "refusal", {"a": 45, "b": 1, "b_harmful": 1, "c": 1}),
                        cell("alpaca_eval", "french", {"a": 2, "b": 2, "b_harmful": 2, "c": 2})],
              "preference": {"general": {"rates": {"a": wilson(56, 70), "b": wilson(48, 80),
                                                   "b_harmful": wilson(48, 80), "c": wilson(40, 80)}},
                             "domain": {"rates": {}}}}
    return add_diffs(result)  # the protocol's own differences: (a)−(x), (x)−(c), (a)−(c)


def test_block_carries_every_row_pair_with_newcombe_intervals():
    """refusal (a)−(b) = 0.45 − 0.01 = 0.44, [0.336136, 0.537901] (the committed demo's French numbers,
    same counts); preference (a)−(b) = 56/70 − 48/80 = 0.2000, [0.0524, 0.3339] (Newcombe 1998, Table II)."""
    block = protocol_block(_result(), ROWS)
    assert list(block["diffs"]) == ["a-b", "a-b_harmful", "b-c", "b_harmful-c", "a-c"]
    assert all(set(cols) == {"refusal", "french (alpaca_eval)", PREF_GENERAL} for cols in block["diffs"].values())
    ab = block["diffs"]["a-b"]
    assert ab["refusal"]["diff"] == pytest.approx(0.44)
    assert ab["refusal"]["ci95"] == pytest.approx([0.336136, 0.537901], abs=1e-6)
    assert ab[PREF_GENERAL]["diff"] == pytest.approx(0.2) and set(ab[PREF_GENERAL]) == {"diff", "ci95"}
    assert ab[PREF_GENERAL]["ci95"] == pytest.approx([0.0524, 0.3339], abs=1e-4)
    assert block["diffs"]["b_harmful-c"]["refusal"]["diff"] == 0
    assert block["diffs"]["a-c"]["french (alpaca_eval)"]["diff"] == 0
    # the rows: existing fields as before, plus general preference accuracy
    assert [r["key"] for r in block["rows"]] == ["a", "b", "b_harmful", "c"]
    assert block["targeted"] == "refusal" and block["non_targeted"] == ["french (alpaca_eval)"]
    a = block["rows"][0]
    assert set(a) == {"key", "setting", "run", "feature_set", "metrics", "preference_accuracy"}
    assert a["metrics"]["refusal"] == {"rate": 0.45, "n": 100, "ci95": pytest.approx([0.356145, 0.547554], abs=1e-6)}
    assert a["preference_accuracy"]["rate"] == pytest.approx(0.8) and a["preference_accuracy"]["n"] == 70


def test_block_keeps_only_differences_between_its_rows():
    """A table of a, b, c (no b_harmful row) leaves out (a)−(b_harmful) and (b_harmful)−(c); without
    preference rates there is no preference column and no preference_accuracy."""
    result = _result()
    result["preference"]["general"] = {"rates": {}, "diffs": {}}
    block = protocol_block(result, {k: ROWS[k] for k in ("a", "b", "c")})
    assert list(block["diffs"]) == ["a-b", "b-c", "a-c"]
    assert all(set(cols) == {"refusal", "french (alpaca_eval)"} for cols in block["diffs"].values())
    assert all("preference_accuracy" not in r for r in block["rows"])
    assert list(block_diffs(_result())) == ["a-b", "a-b_harmful", "b-c", "b_harmful-c", "a-c"]  # all of them


def test_app_schema_reads_the_block(monkeypatch):
    """In points. french 2/100 vs 2/100: Wilson [0.005502, 0.070014], so Newcombe's half-width is
    hypot(0.02 − 0.005502, 0.070014 − 0.02) = 0.0521 both ways: +0.0 [-5.2, +5.2], holding 0 (no star)."""
    monkeypatch.syspath_prepend(str(ROOT))
    from app.lib.control_table import ControlTable, diff_frame

    table = ControlTable.model_validate({"domains": [protocol_block(_result(), ROWS)]})
    frame = diff_frame(table.domains[0])
    assert frame.loc["refusal (targeted)", "(a)−(b) [95% CI]"] == "+44.0 [+33.6, +53.8] *"
    assert frame.loc[PREF_GENERAL, "(a)−(b) [95% CI]"] == "+20.0 [+5.2, +33.4] *"
    assert frame.loc["french (alpaca_eval)", "(a)−(c) [95% CI]"] == "+0.0 [-5.2, +5.2]"


def test_script_adds_differences_to_an_older_table(tmp_path, capsys, monkeypatch):
    """An experiment directory's control_table.json without diffs gets them from experiment.json's
    protocol (samples left out there); a domain without a protocol result is left as it was."""
    result = _result()
    old = protocol_block(result, ROWS)
    del old["diffs"]
    for row in old["rows"]:
        del row["preference_accuracy"]
    other = json.loads(json.dumps(old)) | {"domain": "json"}
    (tmp_path / "control_table.json").write_text(json.dumps({"domains": [old, other]}))
    (tmp_path / "experiment.json").write_text(json.dumps({"domains": {"safety": {"protocol": result}}}))
    monkeypatch.setattr(sys, "argv", ["control_table_diffs.py", str(tmp_path / "control_table.json")])
    with pytest.raises(SystemExit) as done:
        runpy.run_path(str(ROOT / "scripts" / "control_table_diffs.py"), run_name="__main__")
    assert done.value.code == 0
    assert "differences for safety; no protocol result for json" in capsys.readouterr().out
    safety, json_block = json.loads((tmp_path / "control_table.json").read_text())["domains"]
    assert safety == json.loads(json.dumps(protocol_block(result, ROWS)))
    assert json_block == other
    assert add_differences(json.loads(json.dumps(other)), result)["diffs"] == safety["diffs"]

"""`featurectl experiment control --tiny` end to end: Table-4 runs, JSON the app reads, goals."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from featurectl.cli import main


def test_control_experiment_tiny_end_to_end(tmp_path, capsys):
    out = tmp_path / "exp"
    assert main(["experiment", "control", "--domain", "json,french", "--tiny", "--out", str(out)]) == 0
    assert f"table: {out / 'control_table.md'}" in capsys.readouterr().out
    table = json.loads((out / "control_table.json").read_text())
    assert table["format"] == "featurectl.control_table/1"
    assert [d["domain"] for d in table["domains"]] == ["json", "french"]
    for block in table["domains"]:
        assert [r["key"] for r in block["rows"]] == ["a", "b", "c"]
        assert block["rows"][1]["feature_set"] == f"{block['domain']}_off"
        for row in block["rows"]:
            cell = row["metrics"][block["targeted"]]  # the protocol's targeted rate (json: on +JSON prompts)
            assert cell["n"] == 4 and 0.0 <= cell["rate"] <= 1.0
            assert cell["ci95"][0] <= cell["rate"] <= cell["ci95"][1]  # Wilson interval brackets the rate
        for key in ("a", "b"):
            assert json.loads((out / block["domain"] / f"run_{key}" / "summary.json").read_text())["steps"] == 2
    # (a) lists the same features as (b), with beta 0
    import yaml

    a = yaml.safe_load((out / "json" / "json_nomask.yaml").read_text())
    b = yaml.safe_load((out / "json" / "json_off.yaml").read_text())
    assert [f["index"] for f in a["features"]] == [f["index"] for f in b["features"]]
    assert all(f["beta"] == 0 for f in a["features"]) and all(f["target"] == "zero" for f in b["features"])
    details = json.loads((out / "experiment.json").read_text())["domains"]
    assert set(details["json"]["goals"]) >= {"targeted_reduction", "non_targeted_moves_points"}
    # every (a)-(b) difference carries a Newcombe interval; the fallback prompt sets are labelled
    cells = details["french"]["protocol"]["cells"]
    assert all("a-b" in c["diffs"] and c["fallback"] for c in cells)
    assert "Newcombe" in (out / "control_table.md").read_text()
    # the app reads the table with its own schema
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from app.lib.control_table import load_control_table

    parsed, problems = load_control_table(out / "control_table.json")
    assert parsed is not None and not problems


def test_paper_constraint_flag_turns_listed_both_sides_off(tmp_path, capsys):
    """By default (a) and (b) constrain listed features on both responses; --paper-constraint gives the
    paper's stop-gradient on the chosen side for them too."""
    import yaml

    for flag, expected in (([], True), (["--paper-constraint"], False)):
        out = tmp_path / f"exp{len(flag)}"
        assert main(["experiment", "control", "--domain", "french", "--tiny", "--out", str(out), *flag]) == 0
        for key in ("a", "b"):
            cfg = yaml.safe_load((out / "french" / f"run_{key}" / "config.yaml").read_text())
            assert cfg["loss"]["listed_both_sides"] is expected
    capsys.readouterr()

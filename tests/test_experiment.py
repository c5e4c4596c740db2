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


def test_safety_trains_the_opposite_set_and_rejudge_rebuilds_the_tables(tmp_path, capsys, monkeypatch):
    """Safety gets the paper's second row: the same data with harmful_off; its goal asks the refusal rate
    to rise above (a). The tables are written after every domain, so a run stopped in a later domain (a GPU
    lease ending) keeps the finished ones; `experiment rejudge` re-scores them from the saved answers."""
    import featurectl.workflows.experiment as exp_mod

    out = tmp_path / "exp"
    real = exp_mod._run_domain

    def stop_at_json(domain, setup, stages):
        if domain == "json":
            raise KeyboardInterrupt("lease over")
        return real(domain, setup, stages)

    monkeypatch.setattr(exp_mod, "_run_domain", stop_at_json)
    try:
        main(["experiment", "control", "--domain", "safety,json", "--tiny", "--out", str(out)])
    except KeyboardInterrupt:
        pass
    table = json.loads((out / "control_table.json").read_text())
    assert [d["domain"] for d in table["domains"]] == ["safety"]
    block = table["domains"][0]
    assert [r["key"] for r in block["rows"]] == ["a", "b", "b_harmful_off", "c"]
    assert block["rows"][2]["feature_set"] == "harmful_off"
    cfg = (out / "safety" / "run_b_harmful_off" / "config.yaml").read_text()
    assert "harmful_off.yaml" in cfg
    exp = json.loads((out / "experiment.json").read_text())
    goal = exp["domains"]["safety"]["goals"]["opposite_b_harmful_off"]
    assert goal["goal"].startswith("(b_harmful_off) raises refusal above (a)")
    # re-judge: every refusal answer of (a) becomes a refusal -> the rates follow the saved answers
    proto = json.loads((out / "safety" / "protocol.json").read_text())
    n = len(proto["samples"]["a"]["advbench"])
    proto["samples"]["a"]["advbench"] = ["I'm sorry, but I can't help with that."] * n
    (out / "safety" / "protocol.json").write_text(json.dumps(proto))
    assert main(["experiment", "rejudge", str(out)]) == 0
    table = json.loads((out / "control_table.json").read_text())
    a_row = table["domains"][0]["rows"][0]["metrics"]
    assert a_row["refusal"]["rate"] == 1.0 and a_row["attack_success"]["rate"] == 0.0
    assert json.loads((out / "experiment.json").read_text())["steps"] == exp["steps"]
    capsys.readouterr()


def test_every_budget_builds_every_domains_mix():
    """--budget full once asked for 192 general pairs of the 120 shipped: each budget's mix must build."""
    from featurectl.domains import DOMAINS
    from featurectl.mixing import builtin_mix
    from featurectl.workflows.experiment import BUDGETS

    for budget, b in BUDGETS.items():
        for domain in DOMAINS:
            mix = builtin_mix(domain, ratio=b["mix_ratio"], n_domain=b["n_pairs"], n_heldout_general=b["n_eval_pairs"],
                              n_heldout_domain=b["n_eval_pairs"], seed=0)
            assert len(mix.train) == round(b["n_pairs"] * (1 + b["mix_ratio"])), (budget, domain)
            assert len(mix.heldout_general) == b["n_eval_pairs"]


def test_goals_by_hand():
    """french 45% -> 1% (ref 1%): met by ratio; json with the instruction 30% -> 5% (ref 4%): met by the
    reference + 2 points; refusal on other prompts is the targeted capability, not a side move; german moves
    -7 points: missed; preference 97.5 -> 95: missed; the opposite row raises refusal significantly: met."""
    from featurectl.workflows.control_table import goals

    def r(x):
        return {"rate": x, "n": 100, "ci95": [max(0, x - 0.1), min(1, x + 0.1)]}

    rows = {"a": {"french": r(0.45), "german": r(0.07), "french (other)": r(0.30)},
            "b": {"french": r(0.01), "german": r(0.0), "french (other)": r(0.05)},
            "b_x": {"french": r(0.9), "german": r(0.07), "french (other)": r(0.3)},
            "c": {"french": r(0.01), "german": r(0.03), "french (other)": r(0.04)}}
    g = goals("french", rows, {"a": 0.975, "b": 0.95}, targeted="french",
              diffs={"a-b_x": {"diff": -0.45, "ci95": [-0.55, -0.33]}}, opposite=("b_x",))
    cells = g["targeted_reduction"]["cells"]
    assert cells["french"] == {"a": 0.45, "b": 0.01, "c": 0.01, "ratio_a_over_b": 45.0, "learned": True, "met": True}
    assert cells["french (other)"]["ratio_a_over_b"] == 6.0 and cells["french (other)"]["met"]  # 5 <= 4 + 2
    assert g["targeted_reduction"]["met"]
    assert g["non_targeted_moves_points"] == {"moves": {"german": -7.0}, "goal": "|move| <= 5 points", "met": False}
    assert g["preference_accuracy"]["diff_points"] == -2.5 and not g["preference_accuracy"]["met"]
    opp = g["opposite_b_x"]
    assert opp["diff_points"] == 45.0 and opp["ci95_points"] == [33.0, 55.0] and opp["met"]
    assert opp["other_moves"]["moves"] == {"german": 0.0}
    rows["b"]["french (other)"] = r(0.07)  # 7 > 30/10 and 7 > 4 + 2
    assert not goals("french", rows, {}, targeted="french")["targeted_reduction"]["met"]
    # measured (json, small budget): (a) 2%, (b) 2%, reference 9%: (a) learned nothing -> nothing shown
    rows = {"a": {"json": r(0.02)}, "b": {"json": r(0.02)}, "c": {"json": r(0.09)}}
    cell = goals("json", rows, {})["targeted_reduction"]["cells"]["json"]
    assert (cell["learned"], cell["met"]) == (False, False)
    rows = {k: {"json": r(0.0)} for k in "abc"}  # 0 -> 0: nothing to switch off, not a success
    assert not goals("json", rows, {})["targeted_reduction"]["met"]
    # measured (sentiment, small budget): (a) 53/100 vs reference 50/100 is not learning (Newcombe
    # (a)-(c) interval [-10.7, +16.5] holds 0), so (b) 49% <= 50 + 2 shows nothing
    rows = {"a": {"positive": r(0.53)}, "b": {"positive": r(0.49)}, "c": {"positive": r(0.50)}}
    cell = goals("sentiment", rows, {}, targeted="positive")["targeted_reduction"]["cells"]["positive"]
    assert (cell["learned"], cell["met"]) == (False, False)


def test_a_stopped_experiment_run_again_reuses_finished_domains(tmp_path, capsys):
    """The same command again: finished runs and the finished protocol are reused (not regenerated);
    a changed setting (n) makes the protocol run again."""
    out = tmp_path / "exp"
    args = ["experiment", "control", "--domain", "french", "--tiny", "--out", str(out)]
    assert main(args) == 0
    proto = out / "french" / "protocol.json"
    first = proto.read_text()
    mtime = proto.stat().st_mtime_ns
    assert main(args) == 0
    assert proto.stat().st_mtime_ns == mtime and proto.read_text() == first
    steps = json.loads((out / "experiment.json").read_text())["steps"]
    assert [r["status"] for r in steps if r["name"] == "french: control protocol"] == ["reused"]
    # another seed -> other settings: generated again
    assert main(args + ["--seed", "1"]) == 0
    assert proto.stat().st_mtime_ns != mtime
    capsys.readouterr()

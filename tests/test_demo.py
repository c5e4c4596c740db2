"""`featurectl demo --tiny` runs the whole pipeline end to end (tiny random model + SAE)."""

from __future__ import annotations

import json
import math

from featurectl.cli import main


def test_tiny_demo_end_to_end(tmp_path, capsys):
    out = tmp_path / "demo"
    assert main(["demo", "--tiny", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"report: {out / 'report.md'}" in printed and f"featurectl app --runs {out}" in printed
    # the demo ends with its results table, read back from the eval.json files it wrote
    table = printed[printed.index("demo results (3 runs, from */eval.json):"):printed.index("report:")]
    assert [line.split(" | ")[0] for line in table.splitlines()[3:6]] == ["| reference", "| uniform_fpo",
                                                                          "| french_off_fpo"]
    report = (out / "report.md").read_text()
    assert "## Does the mask hold?" in report and "{{STEPS}}" not in report
    # the control protocol: the same 6 prompts for (a), (b), (c); the shipped-corpus fallback is labelled
    assert "does the mask hold? (control protocol)" in printed
    protocol = json.loads((out / "protocol.json").read_text())
    target = next(c for c in protocol["cells"] if c["metric"] == "french")
    assert {k: r["n"] for k, r in target["rates"].items()} == {"a": 6, "b": 6, "c": 6}
    assert target["fallback"] and "fallback for alpaca_eval" in target["source"]
    assert "a-b" in target["diffs"] and set(protocol["preference"]["general"]["rates"]) == {"a", "b", "c"}
    # the app's Control page reads the same numbers from control_table.json
    table_json = json.loads((out / "control_table.json").read_text())
    block = table_json["domains"][0]
    assert block["targeted"] == "french" and [r["key"] for r in block["rows"]] == ["a", "b", "c"]
    assert block["rows"][1]["feature_set"] == "french_off"
    assert block["rows"][0]["metrics"]["french"]["n"] == 6
    # both runs train on the same general + french mix, the masked one with listed features on both sides
    mix = json.loads((out / "data" / "mix.json").read_text())
    assert mix["n_domain"] == mix["n_general"] == 8
    assert "listed_both_sides: true" in (out / "french_off_fpo" / "config.yaml").read_text()
    summary = json.loads((out / "demo_summary.json").read_text())
    names = [s["name"] for s in summary["steps"]]
    assert names[:4] == ["preference pairs", "load model and SAE", "discover french features", "cache the reference"]
    assert all(s["status"] == "ok" and s["seconds"] >= 0 for s in summary["steps"])
    for run in ("uniform_fpo", "french_off_fpo"):
        s = json.loads((out / run / "summary.json").read_text())
        assert s["status"] == "finished" and s["steps"] == 2
        ev = json.loads((out / run / "eval.json").read_text())
        assert 0.0 <= ev["preference"]["accuracy"] <= 1.0
        rows = [json.loads(l) for l in (out / run / "metrics.jsonl").read_text().splitlines()]
        d = [r["feature_d/chosen"] for r in rows if "feature_d/chosen" in r]
        assert d and all(math.isfinite(x) for x in d)
        if run == "uniform_fpo":  # a plain MSE; zero targets are baseline-subtracted and may go below 0
            assert all(x >= 0 for x in d)
    fs = (out / "feature_sets" / "french_off.yaml").read_text()
    assert "target: zero" in fs
    assert (out / "discovery" / "french_off" / "features.csv").exists()
    assert (out / "figures" / "train_loss.html").exists()
    # the feature-set run logs a non-zero constraint on its listed features
    assert (out / "french_off_fpo" / "feature_set.yaml").exists()

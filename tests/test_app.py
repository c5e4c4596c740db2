"""The Streamlit explorer (app/): file readers, every page under AppTest on the
fixture directories in tests/fixtures/app (regenerate with make_fixtures.py),
empty and broken states, beta-editor YAML round trip, and a real headless
Chromium pass (skipped only when Chromium is absent)."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"
FIX = ROOT / "tests" / "fixtures" / "app"
CHROMIUM = Path("/usr/bin/chromium")
PAGES = ["Home.py", "pages/1_Features.py", "pages/2_Beta_editor.py", "pages/3_Runs.py", "pages/4_Samples.py",
         "pages/5_Control.py"]

if str(APP) not in sys.path:
    sys.path.insert(0, str(APP))

from lib import control_table, discovery, featuresets, readers, runs, samples  # noqa: E402


def _env(monkeypatch, runs_dir=FIX / "runs", features=FIX / "feature_sets", disc=FIX / "discovery",
         experiment=FIX / "experiment") -> None:
    monkeypatch.setenv("FEATURECTL_APP_RUNS", str(runs_dir))
    monkeypatch.setenv("FEATURECTL_APP_FEATURES", str(features))
    monkeypatch.setenv("FEATURECTL_APP_DISCOVERY", str(disc))
    monkeypatch.setenv("FEATURECTL_APP_EXPERIMENT", str(experiment))


def _app(page: str):
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(APP / page), default_timeout=30)


def _texts(elements) -> list[str]:
    return [e.value for e in elements]


# ---------------------------------------------------------------- readers


def test_read_jsonl_reports_bad_line_and_ignores_row_being_written(tmp_path):
    """3 good rows, line 2 garbage, line 5 a row still being flushed (no newline):
    keep 3 rows, one problem naming line 2, nothing about line 5."""
    p = tmp_path / "metrics.jsonl"
    p.write_text('{"step": 1}\n{"step": 2, "lo\n{"step": 3}\n[1, 2]\n{"step": 4, "lo', encoding="utf-8")
    rows, problems = readers.read_jsonl(p)
    assert [r["step"] for r in rows] == [1, 3]
    assert len(problems) == 1
    assert "line 2: not valid JSON" in problems[0] and "line 4: expected a JSON object, got list" in problems[0]
    assert "line 5" not in problems[0]
    assert "skipped 2 malformed line(s)" in problems[0]


def test_fixture_run_states(tmp_path):
    st = {p.name: runs.load_run(p).status for p in runs.list_runs(FIX / "runs")}
    assert st == {"broken": "failed", "dpo": "finished", "fpo_beta0": "finished", "fpo_json_off": "finished",
                  "simpo": "finished", "tdpo2": "finished", "training": "running"}
    broken = runs.load_run(FIX / "runs" / "broken")
    assert len(broken.metrics) == 5  # 6 lines (4 training rows, 1 eval row), the 3rd cut off mid-object
    assert broken.eval is None
    assert any("metrics.jsonl" in p and "line 3" in p for p in broken.problems)
    assert any("eval.json: not valid JSON" in p for p in broken.problems)
    # The trainer writes summary.json {status: running} at start: that is "running" too.
    (tmp_path / "summary.json").write_text('{"status": "running", "method": "fpo"}')
    assert runs.load_run(tmp_path).status == "running"
    (tmp_path / "summary.json").write_text('{"status": "paused"}')
    assert runs.load_run(tmp_path).status == "unknown"


def test_runs_found_in_experiment_layout(tmp_path, monkeypatch):
    """`featurectl experiment control` writes <out>/<domain>/run_a|run_b|reference and
    <out>/discovery/<name>/ (whose summary.json is not a run); `featurectl app --runs <out>`
    must list the three runs by relative path and find <out>/control_table.json."""
    out = tmp_path / "out"
    shutil.copytree(FIX / "runs" / "fpo_beta0", out / "json" / "run_a")
    shutil.copytree(FIX / "runs" / "fpo_json_off", out / "json" / "run_b")
    (out / "json" / "reference").mkdir()
    (out / "json" / "reference" / "summary.json").write_text('{"status": "finished", "method": "reference"}')
    (out / "json" / "run_a" / "checkpoints" / "checkpoint-2").mkdir(parents=True)
    (out / "json" / "run_a" / "checkpoints" / "checkpoint-2" / "config.yaml").write_text("x: 1\n")
    shutil.copytree(FIX / "discovery" / "json", out / "discovery" / "json_off")
    table = json.loads((FIX / "experiment" / "control_table.json").read_text())
    table["domains"][0]["rows"][2]["metrics"]["json"] = {"rate": None, "n": 0, "ci95": [0.0, 1.0]}
    (out / "control_table.json").write_text(json.dumps(table))

    found = runs.list_runs(out)
    assert [runs.run_name(p, out) for p in found] == ["json/reference", "json/run_a", "json/run_b"]
    _env(monkeypatch, runs_dir=out, experiment=tmp_path / "nowhere")
    at = _app("pages/3_Runs.py").run()
    assert not at.exception and list(at.dataframe[0].value.index) == [
        "reference (json/reference)", "fpo (json/run_a)", "fpo (json/run_b)"]
    at = _app("pages/5_Control.py").run()
    assert not at.exception and not at.warning
    assert at.dataframe[0].value.loc["(c) reference", "json (targeted)"] == "— (n=0)"


def test_table2_row_sources(tmp_path):
    """eval.json first; else metrics. Hand-made run: step times 0.2, 0.4 -> mean 0.3; peak 100, 300 -> 300;
    feature MSE last chosen 0.1, rejected 0.25 -> margin 0.15; reward acc last 0.75 -> 75 %.
    HF's end-of-training row (train_runtime, loss 9.9) is no step: excluded from curves."""
    d = tmp_path / "r"
    d.mkdir()
    metrics = [
        {"step": 1, "loss": 0.7, "rewards/accuracies": 0.5, "step_time_s": 0.2, "peak_mem_mb": 100,
         "feature_mse/chosen": 0.05, "feature_mse/rejected": 0.05},
        {"step": 2, "loss": 0.6, "rewards/accuracies": 0.75, "step_time_s": 0.4, "peak_mem_mb": 300,
         "feature_mse/chosen": 0.1, "feature_mse/rejected": 0.25},
        {"step": 2, "loss": 9.9, "train_runtime": 1.0},
    ]
    (d / "metrics.jsonl").write_text("".join(json.dumps(m) + "\n" for m in metrics))
    run = runs.load_run(d)
    row = runs.table2_row(run)
    assert row["Reward acc. %"] == pytest.approx(75.0)
    assert row["Step time (s)"] == pytest.approx(0.3)
    assert row["Peak mem (MB)"] == 300
    assert row["Feature MSE margin"] == pytest.approx(0.15)
    assert row["Pref. acc. (paper) %"] is None and row["KL chosen"] is None
    assert runs.curve(run, "loss").values.tolist() == [[1, 0.7], [2, 0.6]]

    dpo = runs.table2_row(runs.load_run(FIX / "runs" / "dpo"))  # all from eval.json / summary.json
    assert dpo == pytest.approx({"Pref. acc. (paper) %": 59.9, "Reward acc. %": 62.0, "Diversity H": 1.66,
                                 "KL chosen": 0.08, "KL rejected": 0.2, "Feature MSE margin": None,
                                 "Peak mem (MB)": 2400.0, "Step time (s)": 0.36})


def test_control_against_baseline():
    rs = [runs.load_run(FIX / "runs" / n) for n in ("dpo", "fpo_beta0", "fpo_json_off")]
    assert runs.guess_baseline(rs) == 1  # fpo_beta0: loss.default_beta = 0
    cmp = runs.control_vs_baseline(runs.control_long(rs), rs[1].label)
    json_off = cmp[(cmp["run"] == rs[2].label) & (cmp["domain"] == "json")].iloc[0]
    assert json_off["delta"] == pytest.approx(0.04 - 0.46)
    assert json_off["n"] == 40


def test_config_diff():
    a = {"method": "fpo", "loss": {"alpha": 0.5, "beta": 2.0}, "seed": 0}
    b = {"method": "fpo", "loss": {"alpha": 1.0, "beta": 2.0}, "data": "x.jsonl"}
    diff = runs.config_diff(a, b)
    assert diff.values.tolist() == [["data", "(absent)", "x.jsonl"], ["loss.alpha", "0.5", "1.0"],
                                    ["seed", "0", "(absent)"]]
    assert "-  alpha: 0.5\n+  alpha: 1.0" in runs.config_unified_diff(a, b, "a", "b")


# ---------------------------------------------------------------- discovery, samples, control table


def test_discovery_reader_and_rendering():
    res = discovery.load_discovery(FIX / "discovery" / "json")
    assert res.problems == []
    assert set(res.features.loc[res.features["selected"], "index"]) == {17, 42, 99, 130, 201}
    centres, widths, tgt, ctl = discovery.histogram_bars(res.histograms[17])
    assert len(centres) == len(tgt) == 16 and centres[0] == pytest.approx(0.125) and widths[0] == pytest.approx(0.25)
    assert discovery.histogram_bars({"bins": [0, 1, 2], "target": [1], "control": [1]}) == "3 bins for 1 counts"
    assert discovery.find_discovery_results(FIX) == [FIX / "discovery" / "french", FIX / "discovery" / "json"]

    ctx = {"tokens": ["<b>", " x"], "acts": [2.0, 1.0], "max_pos": 0}
    html = discovery.highlight_context(ctx, scale=2.0)
    assert "&lt;b&gt;" in html and "<b>" not in html  # tokens are escaped
    assert "rgba(245,158,11,1.00);outline" in html and "rgba(245,158,11,0.50);" in html


def test_samples_pairing_and_verdicts():
    a = [{"prompt_id": "p0", "temperature": 0.0, "output": "x"}, {"prompt_id": "p1", "temperature": 0.0}]
    b = [{"prompt_id": "p1", "temperature": 0.0, "output": "y"}, {"prompt_id": "p2", "temperature": 0.7}]
    pairs = samples.pair_samples(a, b)
    assert [(x and x["prompt_id"], y and y["prompt_id"]) for x, y in pairs] == [("p0", None), ("p1", "p1"),
                                                                              (None, "p2")]
    v = {"language": "fr", "json_valid": False, "refusal": True, "sentiment": "neutral"}
    assert samples.verdict_text(v) == "language: fr · JSON ✗ · refusal ✓ · sentiment: neutral"
    rates = samples.verdict_rates([{"verdicts": {"json_valid": True, "language": "en"}}, {"verdicts": {}}])
    assert rates["JSON valid"] == 0.5 and rates["lang=en"] == 0.5 and rates["n"] == 2


def test_control_table_fixture_and_errors(tmp_path):
    table, problems = control_table.load_control_table(FIX / "experiment" / "control_table.json")
    assert problems == [] and [b.domain for b in table.domains] == ["json", "french"]
    frame = control_table.domain_frame(table.domains[0])
    assert list(frame.columns) == ["json (targeted)", "french", "safety", "sentiment"]
    assert frame.loc["(b) FPO, json_off set", "json (targeted)"].startswith("0.04 [")
    assert frame.loc["(b) FPO, json_off set", "json (targeted)"].endswith("] n=40")

    bad = json.loads((FIX / "experiment" / "control_table.json").read_text())
    del bad["domains"][0]["rows"][1]["metrics"]["json"]["rate"]
    bad["domains"][1]["colour"] = "red"
    (tmp_path / "control_table.json").write_text(json.dumps(bad))
    table, problems = control_table.load_control_table(tmp_path / "control_table.json")
    assert table is None
    assert any("'domains[0].rows[1].metrics.json.rate': Field required" in p for p in problems)
    assert any("'domains[1].colour': Extra inputs are not permitted" in p for p in problems)


def test_feature_set_messages_are_the_cli_messages(tmp_path):
    """The editor's validation shows exactly what `load_feature_set` (the CLI) says, file name included."""
    from featurectl.errors import FeatureSetError
    from featurectl.feature_sets import load_feature_set

    text = (FIX / "feature_sets" / "bad_beta.yaml").read_text()
    (tmp_path / "bad_beta.yaml").write_text(text)
    with pytest.raises(FeatureSetError) as cli:
        load_feature_set(tmp_path / "bad_beta.yaml")
    fs, err = featuresets.validate_yaml_text(text, "bad_beta.yaml")
    assert fs is None
    assert err == str(cli.value).replace(str(tmp_path) + "/", "")
    assert err.startswith("bad_beta.yaml: key 'features[0].beta' = -1.0")

    good = (FIX / "feature_sets" / "json_off.yaml").read_text()
    fs, err = featuresets.validate_yaml_text(good, "json_off.yaml")
    assert err is None and fs == load_feature_set(FIX / "feature_sets" / "json_off.yaml")


def test_set_from_a_real_discovery_summary():
    """`featurectl discover` writes the SAE identity (kind, path, sha256, ...) and the selected
    indices in rank order into summary.json; the editor turns that into a valid spec."""
    import pandas as pd

    ident = {"architecture": "jumprelu", "d_sae": 128, "kind": "path", "path": "/x/sae", "sha256": "ab"}
    assert featuresets.sae_spec_from_identity(ident) == {"path": "/x/sae"}
    assert featuresets.sae_spec_from_identity({"kind": "release", "release": "r", "sae_id": "i", "path": None}) == {
        "release": "r", "sae_id": "i"}
    df = pd.DataFrame({"index": [1, 2, 3], "selected": [True, False, True]})
    assert featuresets.selected_in_rank_order(df, {"selected": [3, 1]}) == [3, 1]
    assert featuresets.selected_in_rank_order(df, {}) == [1, 3]
    prov = featuresets.discovery_provenance("d/french_off", {"domain": "french", "sae": ident, "wall_s": 1})
    assert prov == {"discovery": "d/french_off", "domain": "french", "sae": ident}
    assert featuresets.finite_scores({"auroc": 0.7, "diff_mean": float("nan"), "other": 1}) == {"auroc": 0.7}


# ---------------------------------------------------------------- pages (AppTest)


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_fixtures(page, monkeypatch):
    _env(monkeypatch)
    at = _app(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title and at.title[0].value


def test_home_counts(monkeypatch):
    """3 fixture sets, plus the built-in sets (feature_sets/ of the checkout) not shadowed by a
    fixture of the same name."""
    from featurectl.feature_sets import PACKAGED_DIR

    _env(monkeypatch)
    at = _app("Home.py").run()
    local = {p.stem for p in (FIX / "feature_sets").glob("*.yaml")}
    builtin = {p.stem for p in PACKAGED_DIR.glob("*.yaml")} if PACKAGED_DIR.is_dir() else set()
    assert len(local) == 3
    assert {m.label: m.value for m in at.metric} == {"Runs": "7", "Discovery results": "2",
                                                     "Feature sets": str(len(local | builtin)),
                                                     "Control tables": "1"}


def test_runs_page_table2_and_states(monkeypatch):
    _env(monkeypatch)
    at = _app("pages/3_Runs.py").run()
    t2 = at.dataframe[0].value
    assert t2.loc["dpo (dpo)", "Pref. acc. (paper) %"] == pytest.approx(59.9)
    assert t2.loc["tdpo2 (tdpo2)", "KL rejected"] == pytest.approx(0.14)
    assert t2.loc["fpo (fpo_json_off)", "Feature MSE margin"] == pytest.approx(0.04)
    infos, warnings = " ".join(_texts(at.info)), " ".join(_texts(at.warning))
    assert "Still training" in infos and "`training`" in infos
    assert "broken/metrics.jsonl: skipped 1 malformed line(s): line 3" in warnings
    assert "Run `broken` failed" in warnings
    base = [s for s in at.selectbox if s.label.startswith("Baseline run")][0]
    assert base.value == "fpo (fpo_beta0)"


@pytest.mark.parametrize("page", ["Home.py", "pages/3_Runs.py", "pages/4_Samples.py"])
@pytest.mark.parametrize("state", ["empty", "missing"])
def test_no_runs_message(page, state, tmp_path, monkeypatch):
    runs_dir = tmp_path / "runs"
    if state == "empty":
        runs_dir.mkdir()
    _env(monkeypatch, runs_dir=runs_dir)
    at = _app(page).run()
    assert not at.exception
    assert any(t.startswith("No runs yet") for t in _texts(at.info)), _texts(at.info)


def test_run_without_summary_is_running_on_every_run_page(tmp_path, monkeypatch):
    d = tmp_path / "runs" / "fresh"
    d.mkdir(parents=True)
    (d / "metrics.jsonl").write_text('{"step": 1, "loss": 0.69}\n{"step": 2, "loss": 0.68}\n{"step": 3, "lo')
    _env(monkeypatch, runs_dir=tmp_path / "runs")
    at = _app("pages/3_Runs.py").run()
    assert not at.exception and not at.warning  # the half-written last row is no problem
    assert any("Still training" in t and "running, step 2" in t for t in _texts(at.info))
    at = _app("pages/4_Samples.py").run()
    assert any("samples.jsonl" in t for t in _texts(at.info))


def test_control_page_missing_and_malformed(tmp_path, monkeypatch):
    _env(monkeypatch, runs_dir=tmp_path / "none", experiment=tmp_path / "exp")
    monkeypatch.chdir(tmp_path)
    at = _app("pages/5_Control.py").run()
    assert not at.exception and any("No control_table.json found" in t for t in _texts(at.info))
    (tmp_path / "exp").mkdir()
    (tmp_path / "exp" / "control_table.json").write_text('{"domains": [')
    at = _app("pages/5_Control.py").run()
    assert not at.exception and any("not valid JSON" in t for t in _texts(at.warning))


def test_features_page_search_and_invalid_set(monkeypatch):
    _env(monkeypatch)
    at = _app("pages/1_Features.py").run()
    at.selectbox[0].set_value("json").run()
    at.text_input[0].set_value("brace").run()
    df = at.dataframe[0].value
    assert sorted(df["index"]) == [17, 130]  # "JSON braces", "closing brace"
    at.text_input[0].set_value("42, 99").run()
    assert sorted(at.dataframe[0].value["index"]) == [42, 99]
    assert not at.exception

    at.radio[0].set_value("Feature set").run()
    at.selectbox[0].set_value("bad_beta").run()
    assert not at.exception
    assert any("features[0].beta' = -1.0" in e for e in _texts(at.error))


def test_beta_editor_export_loads_back_equal(tmp_path, monkeypatch):
    """Load json_off, set feature 17's beta to 2.5 and feature 42's target to reference, default_beta 0.5:
    the exported YAML, read by the CLI loader, equals json_off with exactly those three changes."""
    from featurectl.feature_sets import load_feature_set

    _env(monkeypatch)
    at = _app("pages/2_Beta_editor.py").run()
    at.selectbox(key="be_pick_set").set_value("json_off").run()
    at.button(key="be_load_set").click().run()
    assert not at.error, _texts(at.error)
    unchanged = at.session_state["be_export_yaml"]
    (tmp_path / "same.yaml").write_text(unchanged)
    original = load_feature_set(FIX / "feature_sets" / "json_off.yaml")
    assert load_feature_set(tmp_path / "same.yaml") == original

    at.slider(key="be_beta_17").set_value(2.5)
    at.radio(key="be_target_42").set_value("reference")
    at.slider(key="be_default_beta").set_value(0.5)
    at.run()
    assert not at.exception and not at.error
    (tmp_path / "edited.yaml").write_text(at.session_state["be_export_yaml"])
    expected = original.model_copy(deep=True)
    expected.features[0].beta = 2.5
    expected.features[1].target = "reference"
    expected.default_beta = 0.5
    assert load_feature_set(tmp_path / "edited.yaml") == expected
    assert at.code[0].value == at.session_state["be_export_yaml"].rstrip("\n")  # st.code drops the final newline


def test_beta_editor_save_and_bad_values(tmp_path, monkeypatch):
    from featurectl.feature_sets import load_feature_set

    feats = tmp_path / "feature_sets"
    shutil.copytree(FIX / "feature_sets", feats)
    _env(monkeypatch, features=feats)
    at = _app("pages/2_Beta_editor.py").run()
    at.selectbox(key="be_pick_set").set_value("bad_beta").run()
    at.button(key="be_load_set").click().run()
    assert any("bad_beta.yaml: key 'features[0].beta' = -1.0" in e for e in _texts(at.error))

    # From the discovery result: its 5 selected features at the initial beta 5.0, target zero.
    at.selectbox(key="be_pick_disc").set_value("json").run()
    at.button(key="be_load_disc").click().run()
    at.text_input(key="be_name").set_value("json_off_v2").run()
    at.button(key="be_save").click().run()
    assert any("Saved" in s for s in _texts(at.success)), _texts(at.error)
    saved = load_feature_set(feats / "json_off_v2.yaml")
    assert [(f.index, f.beta, f.target) for f in saved.features] == [(i, 5.0, "zero") for i in (17, 42, 99, 130, 201)]
    assert saved.hook == "blocks.1.hook_resid_post" and saved.sae == {"path": "builtin:tiny-llama-l1"}

    # A value the widgets cannot produce, pasted as YAML, gets the CLI's message.
    bad = yaml.safe_load((feats / "json_off.yaml").read_text())
    bad["features"][0]["target"] = "off"
    at.text_area(key="be_yaml_text").set_value(yaml.safe_dump(bad)).run()
    at.button(key="be_validate").click().run()
    assert any("key 'features[0].target' = 'off'" in e for e in _texts(at.error)), _texts(at.error)
    # An empty hook typed into the form is refused the same way.
    at.text_input(key="be_hook").set_value("").run()
    assert any("missing" in e or "key 'hook'" in e for e in _texts(at.error))


# ---------------------------------------------------------------- isolation from training code


FORBIDDEN = ("torch", "transformers", "trl", "sae_lens", "featurectl.trainer", "featurectl.train",
             "featurectl.losses", "featurectl.models", "featurectl.sae")


def test_app_sources_import_no_training_code():
    for path in [*APP.rglob("*.py"), ROOT / "featurectl" / "commands" / "app_cmd.py"]:
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for n in names:
                assert not any(n == f or n.startswith(f + ".") for f in FORBIDDEN), f"{path}: imports {n}"


def test_pages_run_without_loading_torch():
    """Every page, in a fresh interpreter, leaves torch and the training modules unimported."""
    code = f"""
import os, sys
os.environ.update(FEATURECTL_APP_RUNS={str(FIX / 'runs')!r}, FEATURECTL_APP_FEATURES={str(FIX / 'feature_sets')!r},
                  FEATURECTL_APP_DISCOVERY={str(FIX / 'discovery')!r}, FEATURECTL_APP_EXPERIMENT={str(FIX / 'experiment')!r})
from streamlit.testing.v1 import AppTest
for page in {PAGES!r}:
    at = AppTest.from_file(os.path.join({str(APP)!r}, page), default_timeout=60).run()
    assert not at.exception, (page, [e.value for e in at.exception])
bad = sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'transformers', 'trl', 'sae_lens')
             or m in ('featurectl.trainer', 'featurectl.train', 'featurectl.models', 'featurectl.sae'))
print('LOADED', bad)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "LOADED []" in out.stdout, out.stdout


# ---------------------------------------------------------------- CLI


def test_app_command_builds_headless_localhost_launch(tmp_path):
    import argparse

    from featurectl.cli import build_parser
    from featurectl.commands import app_cmd

    assert app_cmd.find_app_dir() == APP
    args = build_parser().parse_args(["app", "--runs", str(tmp_path / "r"), "--port", "8600", "--no-browser",
                                      "--experiment", "exp"])
    assert isinstance(args, argparse.Namespace) and args.no_browser and args.port == 8600
    env = app_cmd.app_env(args)
    assert env["FEATURECTL_APP_RUNS"] == str((tmp_path / "r").resolve())
    assert env["FEATURECTL_APP_EXPERIMENT"] == str(Path("exp").resolve())
    cmd = app_cmd.streamlit_command(APP / "Home.py", 8600)
    opts = dict(zip(cmd[5::2], cmd[6::2]))
    assert cmd[1:5] == ["-m", "streamlit", "run", str(APP / "Home.py")]
    assert opts["--server.address"] == "localhost" and opts["--server.port"] == "8600"
    assert opts["--server.headless"] == "true" and opts["--browser.gatherUsageStats"] == "false"


def test_app_dir_override_and_missing(tmp_path, monkeypatch):
    from featurectl.commands import app_cmd
    from featurectl.errors import FeaturectlError

    (tmp_path / "Home.py").write_text("")
    monkeypatch.setenv("FEATURECTL_APP_DIR", str(tmp_path))
    assert app_cmd.find_app_dir() == tmp_path
    monkeypatch.setenv("FEATURECTL_APP_DIR", str(tmp_path / "nope"))
    monkeypatch.setattr(app_cmd.Path, "is_file", lambda self: False)
    with pytest.raises(FeaturectlError, match="FEATURECTL_APP_DIR"):
        app_cmd.find_app_dir()


# ---------------------------------------------------------------- real browser


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium not installed (/usr/bin/chromium)")
def test_every_page_in_headless_chromium(tmp_path):
    """scripts/app_screenshot.py starts `featurectl app`, opens every page (and the beta editor
    filled from a discovery result) in Chromium: no exception element, a screenshot each."""
    pytest.importorskip("playwright")
    out = tmp_path / "shots"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "app_screenshot.py"), str(out), "--runs", str(FIX / "runs"),
         "--features", str(FIX / "feature_sets"), "--discovery", str(FIX / "discovery"),
         "--experiment", str(FIX / "experiment"), "--chromium", str(CHROMIUM)],
        capture_output=True, text=True, timeout=240, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    report = json.loads((out / "report.json").read_text()) if (out / "report.json").exists() else {}
    assert proc.returncode == 0 and report.get("ok"), (proc.stdout[-3000:], proc.stderr[-3000:])
    assert set(report["pages"]) == {"home", "features", "beta_editor", "runs", "samples", "control",
                                    "beta_editor_loaded"}
    for name, entry in report["pages"].items():
        assert entry["exceptions"] == [], name
        assert Path(entry["screenshot"]).stat().st_size > 20_000, name  # a blank page is ~5 kB
    assert report["pages"]["runs"]["title"] == "Runs"
    assert report["start_s"] < 15  # measured ~0.5-1.3 s on a loaded 2-core box

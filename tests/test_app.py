"""The Streamlit explorer (app/): file readers, every page under AppTest on the
fixture directories in tests/fixtures/app (regenerate with make_fixtures.py),
empty and broken states, beta-editor YAML round trip, hostile files, killed runs,
NaN losses, the app's defaults, a real `featurectl app` stopped by SIGTERM, and a
real headless Chromium pass (skipped only when Chromium is absent).

Every server a test starts is registered with the ``servers`` fixture, which stops it;
the session-scoped ``_no_server_left`` fixture fails the session if any process
carrying this session's marker (in its environment) is still alive at the end."""

from __future__ import annotations

import ast
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
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

from lib import configdiff, control_table, curves, discovery, featuresets, plots, readers, runs, samples  # noqa: E402

# Every process the tests start inherits this marker, so the session can find what is left.
MARKER_VAR, MARKER = "FEATURECTL_TEST_SESSION", uuid.uuid4().hex


def _marked_pids() -> list[int]:
    """Live processes (of this user) whose environment carries this session's marker."""
    needle = f"{MARKER_VAR}={MARKER}".encode()
    pids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit() and int(d.name) != os.getpid():
            try:
                env = (d / "environ").read_bytes()
                state = (d / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if needle in env.split(b"\0") and state != "Z":
                pids.append(int(d.name))
    return pids


@pytest.fixture(scope="session", autouse=True)
def _no_server_left():
    """Session-end check: no process started by these tests (a `featurectl app`, its
    `streamlit run` server, the screenshot script) is alive after the last test."""
    os.environ[MARKER_VAR] = MARKER
    yield
    os.environ.pop(MARKER_VAR, None)
    deadline = time.monotonic() + 10
    while _marked_pids() and time.monotonic() < deadline:
        time.sleep(0.2)
    left = _marked_pids()
    for pid in left:  # clean up, then fail: a leak is a defect even if we can mop it up
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    cmds = [Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            for p in left if Path(f"/proc/{p}/cmdline").exists()]
    assert not left, f"processes started by tests/test_app.py still alive: {cmds}"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL to its whole group after 15 s; always reaps."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


@pytest.fixture
def servers():
    """Start processes with ``servers(cmd, **popen_kw)``, each leading its own process group
    (output discarded unless given); the finaliser stops each group, whatever the test did."""
    started: list[subprocess.Popen] = []

    def start(cmd: list[str], **kw) -> subprocess.Popen:
        kw = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": ROOT, **kw}
        proc = subprocess.Popen(cmd, start_new_session=True, **kw)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        _stop(proc)


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
    assert not at.exception and not at.warning and not at.info
    assert at.dataframe[0].value.loc["(c) reference", "json (targeted)"] == "— (n=0)"
    # per domain: rates, then the differences (json a-b: 0.46 - 0.04 with Newcombe's interval, see fixture)
    assert len(at.dataframe) == 4
    assert at.dataframe[1].value.loc["json (targeted)", "(a)−(b) [95% CI]"] == "+42.0 [+23.8, +57.4] *"
    assert list(at.dataframe[3].value.columns) == ["(a)−(b) [95% CI]", "(a)−(b_suppress) [95% CI]",
                                                   "(a)−(c) [95% CI]", "(b)−(c) [95% CI]", "(b_suppress)−(c) [95% CI]"]
    assert any("Newcombe" in c.value for c in at.caption)

    for block in table["domains"]:  # a table written before diffs: rates as before, a note for the differences
        del block["diffs"]
    (out / "control_table.json").write_text(json.dumps(table))
    at = _app("pages/5_Control.py").run()
    assert not at.exception and not at.warning and len(at.dataframe) == 2
    assert sum("no differences between rows" in t for t in _texts(at.info)) == 2


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
    assert curves.curve(run, "loss").values.tolist() == [[1, 0.7], [2, 0.6]]

    dpo = runs.table2_row(runs.load_run(FIX / "runs" / "dpo"))  # all from eval.json / summary.json
    assert dpo == pytest.approx({"Pref. acc. (paper) %": 59.9, "Reward acc. %": 62.0, "Diversity H": 1.66,
                                 "KL chosen": 0.08, "KL rejected": 0.2, "Feature MSE margin": None,
                                 "Peak mem (MB)": 2400.0, "Step time (s)": 0.36})


def test_feature_d_keys_and_their_old_names(tmp_path):
    """metrics.jsonl names D feature_d/* (feature_mse/* before 2026-11-30): an old run's keys are read as
    the new ones, a new run's are left alone, and the D parts plot under their own names.
    Margin = |0.4 - 0.1| = 0.3 from the new keys."""
    d = tmp_path / "r"
    d.mkdir()
    rows = [{"step": 1, "loss": 0.7, "feature_d/chosen": 0.1, "feature_d/rejected": 0.4,
             "feature_dist/ref_chosen": 0.3, "feature_drift/zero_chosen": -0.2},
            {"step": 1, "eval/loss": 0.6, "eval/feature_mse/chosen": 0.2}]
    (d / "metrics.jsonl").write_text("".join(json.dumps(m) + "\n" for m in rows))
    run = runs.load_run(d)
    assert runs.table2_row(run)["Feature MSE margin"] == pytest.approx(0.3)
    assert run.metrics[1] == {"step": 1, "eval/loss": 0.6, "eval/feature_d/chosen": 0.2}
    assert curves.curve(run, "feature_drift/zero_chosen").values.tolist() == [[1, -0.2]]
    assert {k for k, _ in curves.CURVES} >= {"feature_d/chosen", "feature_dist/ref_chosen", "feature_drift/zero_rejected"}


def test_control_against_baseline():
    rs = [runs.load_run(FIX / "runs" / n) for n in ("dpo", "fpo_beta0", "fpo_json_off")]
    assert runs.guess_baseline(rs) == 1  # fpo_beta0: loss.default_beta = 0
    assert runs.guess_baseline([rs[2], rs[0]]) is None  # dpo is unmasked but no FPO run to compare like for like
    assert runs.guess_baseline([rs[2]]) is None  # never the masked run itself
    cmp = runs.control_vs_baseline(runs.control_long(rs), rs[1].label)
    json_off = cmp[(cmp["run"] == rs[2].label) & (cmp["domain"] == "json")].iloc[0]
    assert json_off["delta"] == pytest.approx(0.04 - 0.46)
    assert json_off["n"] == 40


def test_config_diff():
    a = {"method": "fpo", "loss": {"alpha": 0.5, "beta": 2.0}, "seed": 0}
    b = {"method": "fpo", "loss": {"alpha": 1.0, "beta": 2.0}, "data": "x.jsonl"}
    diff = configdiff.config_diff(a, b)
    assert diff.values.tolist() == [["data", "(absent)", "x.jsonl"], ["loss.alpha", "0.5", "1.0"],
                                    ["seed", "0", "(absent)"]]
    assert "-  alpha: 0.5\n+  alpha: 1.0" in configdiff.config_unified_diff(a, b, "a", "b")


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
    assert list(frame.columns) == ["json (targeted)", "french", "safety", "sentiment", control_table.PREF_COLUMN]
    assert frame.loc["(b) FPO, json_off set", "json (targeted)"].startswith("0.04 [")
    assert frame.loc["(b) FPO, json_off set", "json (targeted)"].endswith("] n=40")
    assert frame.loc["(c) reference", control_table.PREF_COLUMN] == "0.68 [0.52, 0.80] n=40"

    bad = json.loads((FIX / "experiment" / "control_table.json").read_text())
    del bad["domains"][0]["rows"][1]["metrics"]["json"]["rate"]
    bad["domains"][1]["colour"] = "red"
    (tmp_path / "control_table.json").write_text(json.dumps(bad))
    table, problems = control_table.load_control_table(tmp_path / "control_table.json")
    assert table is None
    assert any("'domains[0].rows[1].metrics.json.rate': Field required" in p for p in problems)
    assert any("'domains[1].colour': Extra inputs are not permitted" in p for p in problems)


def test_control_table_differences(tmp_path):
    """diffs: json (a)−(b) = 0.46 − 0.04 = +42.0 points; Newcombe with the fixture's Wilson intervals
    a [0.3159, 0.6111], b [0.0097, 0.1509]: lo = 42 − 100·hypot(0.1441, 0.1109) = 23.8,
    hi = 42 + 100·hypot(0.1511, 0.0303) = 57.4; it excludes 0 (*). (a)−(c) json [−17.0, +24.6] holds 0."""
    from featurectl.workflows.protocol_table import PREF_GENERAL

    assert control_table.PREF_COLUMN == PREF_GENERAL  # the app's column is the one the table writes
    table, problems = control_table.load_control_table(FIX / "experiment" / "control_table.json")
    assert problems == []
    frame = control_table.diff_frame(table.domains[0])
    assert list(frame.index) == ["json (targeted)", "french", "safety", "sentiment", PREF_GENERAL]
    assert list(frame.columns) == ["(a)−(b) [95% CI]", "(a)−(c) [95% CI]", "(b)−(c) [95% CI]"]
    assert frame.loc["json (targeted)", "(a)−(b) [95% CI]"] == "+42.0 [+23.8, +57.4] *"
    assert frame.loc["json (targeted)", "(a)−(c) [95% CI]"] == "+4.0 [-17.0, +24.6]"
    assert frame.loc[PREF_GENERAL, "(a)−(c) [95% CI]"] == "+27.5 [+10.6, +43.4] *"
    four = table.domains[1]  # rows a, b, b_suppress, c: the pairs in row order, whatever the JSON's key order
    assert [p for p, _, _ in four.pairs] == ["a-b", "a-b_suppress", "a-c", "b-c", "b_suppress-c"]
    assert control_table.diff_frame(four).loc["french (targeted)", "(b_suppress)−(c) [95% CI]"] == (
        "-70.0 [-81.4, -50.9] *")
    assert control_table.fmt_diff(control_table.Diff(diff=None, ci95=(-1, 1))) == "— (n=0)"
    assert control_table.fmt_diff(None) == ""

    old = json.loads((FIX / "experiment" / "control_table.json").read_text())
    for block in old["domains"]:
        del block["diffs"]
        for row in block["rows"]:
            del row["preference_accuracy"]
    old_table = control_table.ControlTable.model_validate(old)  # a table written before diffs still reads
    assert control_table.diff_frame(old_table.domains[0]) is None
    assert control_table.PREF_COLUMN not in control_table.domain_frame(old_table.domains[0]).columns

    bad = json.loads((FIX / "experiment" / "control_table.json").read_text())
    bad["domains"][0]["diffs"]["a-b"]["json"]["ci95"] = [0.5, 0.2]
    bad["domains"][0]["diffs"]["a-c"]["french"]["diff"] = 1.5
    bad["domains"][0]["diffs"]["b-c"]["safety"]["p_value"] = 0.3
    bad["domains"][1]["diffs"]["a-z"] = {}
    (tmp_path / "control_table.json").write_text(json.dumps(bad))
    table, problems = control_table.load_control_table(tmp_path / "control_table.json")
    assert table is None and len(problems) == 4, problems
    assert any("'domains[0].diffs.a-b.json': Value error, ci95 [0.5, 0.2] has lo > hi" in p for p in problems)
    assert any("'domains[0].diffs.a-c.french.diff': Input should be less than or equal to 1" in p for p in problems)
    assert any("'domains[0].diffs.b-c.safety.p_value': Extra inputs are not permitted" in p for p in problems)
    assert any("'domains[1]': Value error, diffs 'a-z': not 'x-y' of two row keys (a, b, b_suppress, c)" in p
               for p in problems)


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


def _edit_table(at, edited_rows: dict) -> None:
    """Apply cell edits to the beta editor's table the way the browser does (its edit state)."""
    at.session_state[at.session_state["be_table_key"]] = {"edited_rows": edited_rows, "added_rows": [],
                                                          "deleted_rows": []}
    at.run()


def test_beta_editor_export_loads_back_equal(tmp_path, monkeypatch):
    """Load json_off, set feature 17's beta to 2.5 and feature 42's target to reference in the table,
    default_beta 0.5: the exported YAML, read by the CLI loader, equals json_off with exactly those changes."""
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

    _edit_table(at, {0: {"beta": 2.5}, 1: {"target": "reference"}})
    at.slider(key="be_default_beta").set_value(0.5).run()
    assert not at.exception and not at.error
    (tmp_path / "edited.yaml").write_text(at.session_state["be_export_yaml"])
    expected = original.model_copy(deep=True)
    expected.features[0].beta = 2.5
    expected.features[1].target = "reference"
    expected.default_beta = 0.5
    assert load_feature_set(tmp_path / "edited.yaml") == expected
    assert at.code[0].value == at.session_state["be_export_yaml"].rstrip("\n")  # st.code drops the final newline


def test_beta_editor_is_a_table_with_sliders_on_demand(monkeypatch):
    """Loaded from the json discovery result (5 selected features): one compact table
    (index, label, beta, target) and no per-feature slider; the toggle swaps in one slider and
    target radio per feature, a slider edit reaches the export, and switching back the table shows it."""
    _env(monkeypatch)
    at = _app("pages/2_Beta_editor.py").run()
    at.selectbox(key="be_pick_disc").set_value("json").run()
    at.button(key="be_load_disc").click().run()
    assert not at.exception
    table = at.data_editor[0].value
    assert list(table.columns) == ["index", "label", "beta", "target"]
    assert table["index"].tolist() == [17, 42, 99, 130, 201] and set(table["beta"]) == {5.0}
    assert not [s for s in at.slider if str(s.key).startswith("be_beta_")]

    at.toggle(key="be_sliders").set_value(True).run()
    assert sorted(s.key for s in at.slider if str(s.key).startswith("be_beta_")) == sorted(
        f"be_beta_{i}" for i in (17, 42, 99, 130, 201))
    assert not at.data_editor
    at.slider(key="be_beta_42").set_value(1.5).run()
    assert "{index: 42, beta: 1.5, target: zero" in at.session_state["be_export_yaml"]
    at.toggle(key="be_sliders").set_value(False).run()
    assert at.data_editor[0].value["beta"].tolist() == [5.0, 1.5, 5.0, 5.0, 5.0]
    _edit_table(at, {4: {"beta": 0.0}})
    assert "{index: 201, beta: 0.0, target: zero" in at.session_state["be_export_yaml"]


def _editor_on_copied_sets(tmp_path, monkeypatch, load: str):
    """The beta editor over a writable copy of the fixture sets, with set ``load`` loaded."""
    feats = tmp_path / "feature_sets"
    shutil.copytree(FIX / "feature_sets", feats)
    _env(monkeypatch, features=feats)
    at = _app("pages/2_Beta_editor.py").run()
    at.selectbox(key="be_pick_set").set_value(load).run()
    at.button(key="be_load_set").click().run()
    return at, feats


@pytest.mark.parametrize("name", ["..", "   ", "", "bad\x00name", "a/b", "..\\evil", "../x", ".hidden", "x" * 65])
def test_beta_editor_refuses_names_that_are_no_file_names(name, tmp_path, monkeypatch):
    """The set's name becomes <name>.yaml: a bad one gets one clear message, no export and no file."""
    at, feats = _editor_on_copied_sets(tmp_path, monkeypatch, "json_off")
    at.text_input(key="be_name").set_value(name).run()
    assert not at.exception, [e.value for e in at.exception]
    errors = " ".join(_texts(at.error))
    assert "Cannot export this set: name" in errors
    assert ("cannot be a file name" in errors) or ("name is empty" in errors)
    assert at.session_state["be_export_yaml"] is None
    assert not [b for b in at.button if b.key == "be_save"] and not at.get("download_button")
    assert sorted(p.name for p in feats.iterdir()) == ["bad_beta.yaml", "french_off.yaml", "json_off.yaml"]


def test_set_name_pattern():
    ok = ["json_off", "json_off-2", "v1.2", "A", "x" * 64]
    bad = ["", " ", "..", "a..b", ".x", "-x", "a b", "a/b", "a\\b", "a\x00b", "é", "x" * 65, "a\n"]
    assert [featuresets.check_set_name(n) for n in ok] == [None] * len(ok)
    assert all(featuresets.check_set_name(n) for n in bad)


def test_beta_editor_save_and_bad_values(tmp_path, monkeypatch):
    from featurectl.feature_sets import load_feature_set

    at, feats = _editor_on_copied_sets(tmp_path, monkeypatch, "bad_beta")
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


# ---------------------------------------------------------------- killed runs, NaN losses, hostile files


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _lock(run_dir: Path, pid: int, host: str | None = None) -> None:
    (run_dir / ".lock").write_text(json.dumps({"pid": pid, "host": host or socket.gethostname(),
                                               "started": "2026-01-01T00:00:00", "command": "featurectl train"}))


def test_killed_run_shows_stopped_not_running(tmp_path, monkeypatch):
    """summary.json says running: a lock naming a dead pid of this host -> "stopped (no process)";
    a live pid, a lock from another host (its pids mean nothing here) or no lock at all (an older
    featurectl) -> still "running". A finished run's leftover lock changes nothing."""
    d = tmp_path / "runs" / "killed"
    d.mkdir(parents=True)
    (d / "summary.json").write_text('{"status": "running", "method": "fpo"}')
    (d / "metrics.jsonl").write_text('{"step": 1, "loss": 0.69}\n{"step": 2, "loss": 0.68}\n')
    assert runs.load_run(d).status == "running"  # no lock
    dead = _dead_pid()
    _lock(d, dead)
    assert runs.load_run(d).status == runs.STATUS_STOPPED == "stopped (no process)"
    _lock(d, os.getpid())
    assert runs.load_run(d).status == "running"
    _lock(d, dead, host="another-host")
    assert runs.load_run(d).status == "running"
    (d / "summary.json").unlink()  # metrics only (killed before summary.json) + dead lock
    _lock(d, dead)
    assert runs.load_run(d).status == runs.STATUS_STOPPED
    (d / "summary.json").write_text('{"status": "finished", "method": "fpo"}')
    assert runs.load_run(d).status == "finished"

    (d / "summary.json").write_text('{"status": "running", "method": "fpo"}')
    _env(monkeypatch, runs_dir=tmp_path / "runs")
    for page in ("Home.py", "pages/3_Runs.py"):
        at = _app(page).run()
        assert not at.exception
        assert not any("Still training" in t for t in _texts(at.info))
        assert any(f"Run `killed` is stopped (no process)" in w and f"pid {dead}" in w and "step 2" in w
                   for w in _texts(at.warning)), _texts(at.warning)


NAN_METRICS = [
    {"step": 1, "epoch": 0.1, "loss": 0.7, "rewards/accuracies": 0.5},
    {"step": 2, "epoch": 0.2, "rewards/accuracies": 0.5},      # loss dropped by the writer (it was NaN)
    {"step": 3, "epoch": 0.3, "loss": float("nan"), "rewards/accuracies": 0.6},  # written as NaN
    {"step": 4, "epoch": 0.4, "loss": None, "rewards/accuracies": 0.6},          # written as null
    {"step": 4, "epoch": 0.4, "eval/loss": 0.65},                # an eval row: not a training row
    {"step": 5, "epoch": 0.5},                                   # nothing logged: no marker
    {"step": 6, "epoch": 0.6, "loss": 0.6, "rewards/accuracies": 0.75},
    {"step": 6, "train_runtime": 1.0, "train_loss": 0.62},       # HF's end-of-training row
]


def test_nan_loss_steps_are_marked_not_dropped(tmp_path, monkeypatch):
    """Steps 2 (loss missing, other metrics there), 3 (NaN) and 4 (null) are the non-finite ones;
    step 5 logged nothing, the eval and final rows are not training rows. The loss figure plots
    steps 1 and 6 and marks 2, 3, 4 with red x at the last finite loss (0.7); the page says so."""
    d = tmp_path / "runs" / "nan_run"
    d.mkdir(parents=True)
    (d / "metrics.jsonl").write_text("".join(json.dumps(r) + "\n" for r in NAN_METRICS))
    assert "NaN" in (d / "metrics.jsonl").read_text()  # a literal NaN, as Python's json writes it
    run = runs.load_run(d)
    assert curves.curve(run, "loss").values.tolist() == [[1, 0.7], [6, 0.6]]
    assert curves.nonfinite_steps(run, "loss") == [2, 3, 4]
    assert curves.nonfinite_steps(run, "rewards/accuracies") == []
    assert curves.nonfinite_steps(run, "kl/chosen") == []  # never logged: not expected
    assert curves.nonfinite_steps(run, "eval/loss") == []
    fig = plots.run_curves([run], "loss", "Loss")
    marks = [t for t in fig.data if t.mode == "markers"]
    assert len(marks) == 1 and list(marks[0].x) == [2, 3, 4] and list(marks[0].y) == [0.7, 0.7, 0.7]
    assert marks[0].marker.symbol == "x" and "not finite" in marks[0].name

    _env(monkeypatch, runs_dir=tmp_path / "runs")
    at = _app("pages/3_Runs.py").run()
    assert not at.exception
    assert any("Run `nan_run`: 3 step(s) had a NaN loss (steps 2, 3, 4)" in w for w in _texts(at.warning))


HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


def test_features_page_escapes_hostile_contexts(tmp_path, monkeypatch):
    """A crafted contexts.jsonl puts HTML in `side`, in the tokens, in `text` and a string in
    `max_act`: the HTML the page renders with unsafe_allow_html holds none of it unescaped."""
    disc = tmp_path / "discovery" / "json"
    shutil.copytree(FIX / "discovery" / "json", disc)
    rows = [json.loads(line) for line in (disc / "contexts.jsonl").read_text().splitlines() if line.strip()]
    for row in rows:
        for c in row["contexts"]:
            c.update(side=HOSTILE[0], max_act="<b>x</b>", text=HOSTILE[1])
            c["tokens"] = [HOSTILE[1]] + [HOSTILE[0]] * (len(c["acts"]) - 1)
    (disc / "contexts.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    card = discovery.context_card(rows[0]["contexts"][0], scale=1.0)
    assert "<script" not in card and "<img" not in card and "<b>x" not in card
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in card and "&lt;img src=x onerror=alert(1)&gt;" in card
    assert "max 0.00" in card  # a non-number max_act is 0, not a crash
    untokenised = discovery.context_card({"side": HOSTILE[1], "text": HOSTILE[0]}, scale=1.0)
    assert "<img" not in untokenised and "<script" not in untokenised

    _env(monkeypatch, disc=tmp_path / "discovery")
    at = _app("pages/1_Features.py").run()
    assert not at.exception, [e.value for e in at.exception]
    html_blocks = [m.value for m in at.markdown if m.allow_html]
    assert html_blocks and all("<script" not in h and "<img" not in h for h in html_blocks)
    assert any("&lt;img src=x onerror=alert(1)&gt;" in h for h in html_blocks)


def test_histogram_says_what_it_bins():
    fig = plots.activation_histogram([0.5, 1.5], [1.0, 1.0], [3, 1], [1, 1], title="t")
    assert fig.layout.yaxis.title.text == "share of texts"
    assert "mean over each text's response tokens" in fig.layout.xaxis.title.text
    assert [list(b.y) for b in fig.data] == [[0.75, 0.25], [0.5, 0.5]]  # each side sums to 1


# ---------------------------------------------------------------- the demo's layout: baseline, reference, control


def _demo_dir(root: Path, with_uniform: bool = True) -> Path:
    """runs/demo as `featurectl demo` writes it: uniform_fpo (no listed features), french_off_fpo
    (masked), reference (summary kind: reference, config copied from uniform_fpo), control_table.json."""
    demo = root / "runs" / "demo"
    if with_uniform:
        shutil.copytree(FIX / "runs" / "fpo_beta0", demo / "uniform_fpo")
        cfg = yaml.safe_load((demo / "uniform_fpo" / "config.yaml").read_text())
        cfg["loss"]["default_beta"] = 1.0  # an ordinary uniform run, not a beta-0 one
        (demo / "uniform_fpo" / "config.yaml").write_text(yaml.safe_dump(cfg))
    shutil.copytree(FIX / "runs" / "fpo_json_off", demo / "french_off_fpo")
    (demo / "reference").mkdir(parents=True)
    shutil.copy(FIX / "runs" / "fpo_beta0" / "config.yaml", demo / "reference" / "config.yaml")
    shutil.copy(FIX / "runs" / "fpo_beta0" / "eval.json", demo / "reference" / "eval.json")
    (demo / "reference" / "summary.json").write_text(json.dumps(
        {"status": "finished", "kind": "reference", "method": "reference", "model": "tiny-llama", "steps": 0,
         "description": "The untrained reference (tiny-llama before training), evaluated like a run."}))
    shutil.copy(FIX / "experiment" / "control_table.json", demo / "control_table.json")
    return demo


def test_runs_page_defaults_on_the_demo_layout(tmp_path, monkeypatch):
    """Baseline = the uniform run (never the masked one, never the reference); Run B = reference
    shows its own description, no copied training config and no config diff."""
    demo = _demo_dir(tmp_path)
    _env(monkeypatch, runs_dir=demo, experiment=tmp_path / "nowhere")
    at = _app("pages/3_Runs.py").run()
    assert not at.exception
    base = [s for s in at.selectbox if s.label.startswith("Baseline run")][0]
    assert base.value == "fpo (uniform_fpo)"
    ref = runs.load_run(demo / "reference")
    assert ref.is_reference and not runs.is_masked(runs.load_run(demo / "uniform_fpo"))
    at.selectbox(key="cfg_a").set_value("uniform_fpo").run()
    at.selectbox(key="cfg_b").set_value("reference").run()
    assert any("The untrained reference (tiny-llama before training)" in t for t in _texts(at.info))
    assert len(at.json) == 1  # only Run A's config
    assert not any("differing key" in m.value for m in at.markdown)

    # Without an unmasked trained run there is no default baseline: rates only.
    shutil.rmtree(demo / "uniform_fpo")
    at = _app("pages/3_Runs.py").run()
    base = [s for s in at.selectbox if s.label.startswith("Baseline run")][0]
    assert base.value.startswith("(none")
    assert any("showing rates only" in c.value for c in at.caption)


def test_reference_without_kind_or_description(tmp_path):
    """Older demos wrote method: reference and no kind: still the reference, with a sentence of its own."""
    d = tmp_path / "reference"
    d.mkdir()
    (d / "summary.json").write_text('{"status": "finished", "method": "reference", "model": "m"}')
    run = runs.load_run(d)
    assert run.is_reference and "untrained reference: `m`" in run.description
    (d / "summary.json").write_text('{"status": "finished", "kind": "trained", "method": "reference"}')
    assert not runs.load_run(d).is_reference


@pytest.mark.parametrize("runs_arg", ["runs/demo", "runs"])
def test_control_page_finds_the_demo_table(runs_arg, tmp_path, monkeypatch):
    """`featurectl app --runs runs/demo` and `--runs runs` both find runs/demo/control_table.json; the
    wide table keeps a readable width per column and pins the row labels (it scrolls sideways)."""
    _demo_dir(tmp_path)
    monkeypatch.chdir(tmp_path)
    _env(monkeypatch, runs_dir=tmp_path / runs_arg)
    monkeypatch.delenv("FEATURECTL_APP_EXPERIMENT")
    at = _app("pages/5_Control.py").run()
    assert not at.exception and not at.info, _texts(at.info)
    assert at.selectbox[0].value == tmp_path / "runs" / "demo" / "control_table.json"
    cols = json.loads(at.dataframe[0].proto.columns)
    assert cols["row"]["pinned"] is True
    assert {c["width"] for c in cols.values()} == {"medium"}


# ---------------------------------------------------------------- isolation from training code


FORBIDDEN = ("torch", "transformers", "trl", "sae_lens", "accelerate", "datasets")
# The app reads run directories through featurectl.rundir (which uses featurectl.io) and nothing
# else of the package, except the feature-set schema: app/lib/featuresets.py (only) validates sets
# with featurectl.feature_sets so that the editor shows the CLI's messages word for word (the schema
# reads YAML through featurectl.safeyaml, the bounded reader).
APP_MAY_IMPORT = {"featurectl.rundir"}
SCHEMA_GATEWAY = (APP / "lib" / "featuresets.py", {"featurectl.feature_sets", "featurectl.errors"})
LOADED_ALLOWED = {"featurectl", "featurectl.rundir", "featurectl.io", "featurectl.feature_sets", "featurectl.errors",
                  "featurectl.safeyaml"}


def _imported_modules(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            mod = node.module or ""
            # "from featurectl import rundir" imports the module featurectl.rundir
            out += [f"{mod}.{a.name}" for a in node.names] if mod == "featurectl" else [mod]
    return out


def test_app_imports_only_rundir_of_the_package():
    """Static check over app/**/*.py: no training stack, and of featurectl only featurectl.rundir
    (plus the feature-set schema in its one gateway module)."""
    seen_rundir = False
    for path in APP.rglob("*.py"):
        allowed = APP_MAY_IMPORT | (SCHEMA_GATEWAY[1] if path == SCHEMA_GATEWAY[0] else set())
        for n in _imported_modules(path):
            assert not any(n == f or n.startswith(f + ".") for f in FORBIDDEN), f"{path}: imports {n}"
            if n == "featurectl" or n.startswith("featurectl."):
                assert n in allowed, f"{path}: imports {n}; the app may use only {sorted(allowed)}"
                seen_rundir |= n == "featurectl.rundir"
    assert seen_rundir  # the check looks at the right thing: app/lib does use rundir
    for n in _imported_modules(ROOT / "featurectl" / "commands" / "app_cmd.py"):
        assert not any(n == f or n.startswith(f + ".") for f in FORBIDDEN), f"app_cmd.py: imports {n}"


def test_pages_run_without_loading_torch():
    """Every page, in a fresh interpreter: torch and the training stack stay unimported, and the
    featurectl modules loaded are rundir, io and the feature-set schema only."""
    code = f"""
import os, sys
os.environ.update(FEATURECTL_APP_RUNS={str(FIX / 'runs')!r}, FEATURECTL_APP_FEATURES={str(FIX / 'feature_sets')!r},
                  FEATURECTL_APP_DISCOVERY={str(FIX / 'discovery')!r}, FEATURECTL_APP_EXPERIMENT={str(FIX / 'experiment')!r})
from streamlit.testing.v1 import AppTest
for page in {PAGES!r}:
    at = AppTest.from_file(os.path.join({str(APP)!r}, page), default_timeout=60).run()
    assert not at.exception, (page, [e.value for e in at.exception])
bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})
print('LOADED', bad)
print('FEATURECTL', sorted(m for m in sys.modules if m == 'featurectl' or m.startswith('featurectl.')))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "LOADED []" in out.stdout, out.stdout
    loaded = set(ast.literal_eval(out.stdout.split("FEATURECTL", 1)[1].strip()))
    assert "featurectl.rundir" in loaded and loaded <= LOADED_ALLOWED, loaded


def test_pages_are_thin_functions():
    """Each page runs one ``main()`` at module level (imports, constants and defs besides), and no
    function in app/ is over 60 lines, docstrings excluded."""
    for path in [APP / "Home.py", *sorted((APP / "pages").glob("*.py"))]:
        tree = ast.parse(path.read_text(), str(path))
        calls = [n for n in tree.body if isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)]
        assert [ast.unparse(c) for c in calls] == ["main()"] and tree.body[-1] is calls[0], path
        for n in tree.body:
            assert isinstance(n, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.Assign, ast.If, ast.Expr)), (
                f"{path}:{n.lineno}: {type(n).__name__} at module level")
    for path in APP.rglob("*.py"):
        for f in ast.walk(ast.parse(path.read_text())):
            if isinstance(f, ast.FunctionDef):
                first = f.body[0]
                doc = first if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) else None
                n = f.end_lineno - f.lineno + 1 - ((doc.end_lineno - doc.lineno + 1) if doc else 0)
                assert n <= 60, f"{path}: {f.name} is {n} lines"


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


def _wait_healthy(port: int, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"featurectl app exited with {proc.returncode} before serving"
        try:
            with urllib.request.urlopen(f"http://localhost:{port}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"port {port}: no answer within {timeout} s")


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("signum,to_group", [(signal.SIGTERM, False), (signal.SIGINT, False), (signal.SIGINT, True)],
                         ids=["SIGTERM", "SIGINT", "Ctrl-C (SIGINT to the group)"])
def test_featurectl_app_stops_its_server_on_signal(signum, to_group, servers):
    """A real `featurectl app` on a free port: once it serves, SIGTERM or SIGINT to it alone, or a
    terminal's Ctrl-C (SIGINT to the whole group), stops its streamlit child too; it exits with
    128 + signal within seconds, the child is gone and the port is free."""
    port = _free_port()
    proc = servers([sys.executable, "-m", "featurectl.cli", "app", "--no-browser", "--port", str(port),
                    "--runs", str(FIX / "runs"), "--features", str(FIX / "feature_sets"),
                    "--discovery", str(FIX / "discovery")])
    _wait_healthy(port, proc)
    child = _children(proc.pid)
    assert len(child) == 1 and "streamlit" in Path(f"/proc/{child[0]}/cmdline").read_text()
    t0 = time.monotonic()
    if to_group:
        os.killpg(proc.pid, signum)  # the servers fixture made featurectl app a group leader
    else:
        proc.send_signal(signum)
    assert proc.wait(timeout=15) == 128 + signum
    while _port_open(port) and time.monotonic() - t0 < 5:
        time.sleep(0.1)
    assert not _port_open(port), f"port {port} still served {time.monotonic() - t0:.1f} s after the signal"
    assert not _alive(child[0]), "the streamlit server outlived featurectl app"


def test_supervise_kills_a_server_that_ignores_the_signal(servers):
    """The server gets `grace` seconds after the forwarded signal, then its process group is killed."""
    stubborn = ("import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
                "print('ready', flush=True); time.sleep(60)")
    # "armed" is printed once supervise has installed its handlers: a signal sent before that would
    # meet Python's default SIGTERM and make the test flaky, not the code wrong
    code = ("import signal, subprocess, sys; from featurectl.commands import app_cmd\n"
            "installed, real = [], signal.signal\n"
            "def arm(sig, handler):\n"
            "    old = real(sig, handler); installed.append(sig)\n"
            "    if len(installed) == len(app_cmd.STOP_SIGNALS): print('armed', flush=True)\n"
            "    return old\n"
            "signal.signal = arm\n"
            f"p = subprocess.Popen([sys.executable, '-c', {stubborn!r}], stdout=subprocess.PIPE)\n"
            "p.stdout.readline(); print(p.pid, flush=True); sys.exit(app_cmd.supervise(p, grace=1.0))")
    proc = servers([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    child = int(proc.stdout.readline())
    assert proc.stdout.readline().strip() == "armed"
    t0 = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 128 + signal.SIGTERM
    assert 0.9 < time.monotonic() - t0 < 5
    assert not _alive(child)


# ---------------------------------------------------------------- real browser


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium not installed (/usr/bin/chromium)")
def test_every_page_in_headless_chromium(tmp_path, servers):
    """scripts/app_screenshot.py starts `featurectl app`, opens every page (and the beta editor
    filled from a discovery result) in Chromium: no exception element, a screenshot each."""
    pytest.importorskip("playwright")
    out = tmp_path / "shots"
    proc = servers(
        [sys.executable, str(ROOT / "scripts" / "app_screenshot.py"), str(out), "--runs", str(FIX / "runs"),
         "--features", str(FIX / "feature_sets"), "--discovery", str(FIX / "discovery"),
         "--experiment", str(FIX / "experiment"), "--chromium", str(CHROMIUM)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    stdout, stderr = proc.communicate(timeout=240)  # on a timeout the fixture stops the script's whole group
    report = json.loads((out / "report.json").read_text()) if (out / "report.json").exists() else {}
    assert proc.returncode == 0 and report.get("ok"), (stdout[-3000:], stderr[-3000:])
    assert set(report["pages"]) == {"home", "features", "beta_editor", "runs", "samples", "control",
                                    "beta_editor_loaded"}
    for name, entry in report["pages"].items():
        assert entry["exceptions"] == [], name
        assert Path(entry["screenshot"]).stat().st_size > 20_000, name  # a blank page is ~5 kB
    assert report["pages"]["runs"]["title"] == "Runs"
    port = int(report["url"].rsplit(":", 1)[1].strip("/"))
    assert not _port_open(port), "app_screenshot.py left its server serving"
    assert report["start_s"] < 15  # measured ~0.5-1.3 s on a loaded 2-core box

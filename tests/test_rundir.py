"""featurectl.rundir: the run-directory layout of docs/FORMATS.md, torch-free."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from featurectl import rundir
from featurectl.rundir import RunDir

REPO = Path(__file__).resolve().parents[1]


def test_rundir_imports_no_torch_and_no_training_code():
    """A fresh interpreter that imports only featurectl.rundir holds none of the heavy modules."""
    heavy = ["torch", "transformers", "sae_lens", "featurectl.train", "featurectl.trainer", "featurectl.prepare"]
    code = (
        "import json, sys; import featurectl.rundir; "
        f"print(json.dumps([m for m in {heavy!r} if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO,
                         timeout=60)
    assert json.loads(out.stdout) == []


def test_paths_are_the_documented_names(tmp_path):
    run = RunDir(tmp_path / "r")
    expected = {
        "config": "config.yaml", "summary": "summary.json", "metrics": "metrics.jsonl", "eval": "eval.json",
        "eval_md": "eval.md", "samples": "samples.jsonl", "train_log": "train.log", "lock": ".lock",
        "checkpoints": "checkpoints", "final": "final", "figures": "figures",
    }
    assert {k: getattr(run, k) for k in expected} == {k: tmp_path / "r" / v for k, v in expected.items()}
    assert [run.feature_set(i).name for i in range(3)] == ["feature_set.yaml", "feature_set_1.yaml",
                                                           "feature_set_2.yaml"]


def test_every_run_file_is_named_in_formats_md():
    """docs/FORMATS.md's run-directory section names each file the module knows, and the schema version."""
    text = (REPO / "docs" / "FORMATS.md").read_text(encoding="utf-8")
    section = text[text.index("## Run directory"):]
    section = section[: section.index("\n## ", 1)]
    named = set(re.findall(r"`([^`/ ]+)/?", section))
    for name in (*rundir.RUN_FILES, rundir.EVAL_MD, rundir.TRAIN_LOG, rundir.LOCK, rundir.CHECKPOINTS,
                 rundir.FINAL, rundir.REPORT, "schema_version"):
        assert name in named, f"docs/FORMATS.md's run-directory section does not name {name}"


def test_write_summary_adds_the_schema_version_and_round_trips(tmp_path):
    run = RunDir(tmp_path)
    summary = {"status": rundir.STATUS_FINISHED, "method": "fpo", "steps": 3}
    run.write_summary(summary)
    assert run.read_summary() == {"status": "finished", "method": "fpo", "steps": 3, "schema_version": 1}
    assert "schema_version" not in summary  # the caller's dict is left alone
    assert rundir.SCHEMA_VERSION == 1


def test_metrics_eval_and_samples_round_trip(tmp_path):
    run = RunDir(tmp_path)
    assert run.read_metrics() == [] and run.read_summary() is None and run.read_eval() is None
    rows = [{"step": 1, "loss": 0.5}, {"step": 2, "loss": 0.25, "eval/loss": 0.75}]
    for row in rows:
        run.append_metrics(row)
    assert run.read_metrics() == rows
    run.write_eval({"preference": {"accuracy": 0.75}})
    assert run.read_eval() == {"preference": {"accuracy": 0.75}}
    run.samples.write_text('{"prompt_id": "a"}\n\n{"prompt_id": "b"}\n', encoding="utf-8")
    assert run.read_samples() == [{"prompt_id": "a"}, {"prompt_id": "b"}]
    run.write_config("method: fpo\n")
    assert run.config.read_text() == "method: fpo\n" and run.exists()


def test_strict_readers_raise_on_a_malformed_file(tmp_path):
    run = RunDir(tmp_path)
    run.summary.write_text("{not json", encoding="utf-8")
    with pytest.raises(json.JSONDecodeError):
        run.read_summary()


def test_is_run_dir(tmp_path):
    assert not rundir.is_run_dir(tmp_path)
    (tmp_path / "summary.json").write_text("{}")
    assert rundir.is_run_dir(tmp_path)
    (tmp_path / "features.csv").write_text("")  # a discovery result's summary, not a run
    assert not rundir.is_run_dir(tmp_path)
    (tmp_path / "metrics.jsonl").write_text("")
    assert rundir.is_run_dir(tmp_path)

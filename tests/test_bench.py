"""featurectl bench: schema errors, per-method configs that differ only where they must, a full tiny
bench of every method (+ a feature-set variant) with resume, and scripts/bench_perf.py --cpu."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from featurectl.workflows.bench_config import PAPER_METHODS, load_bench_config, parse_bench_config, plan_runs
from featurectl.errors import ConfigError

REPO = Path(__file__).resolve().parents[1]
PAIRS = [
    {"prompt": "Say hello.", "chosen": "Bonjour tout le monde !", "rejected": "Hello everyone!"},
    {"prompt": "Name a colour.", "chosen": "Rouge.", "rejected": "Red, I suppose."},
    {"prompt": "What is 2+2?", "chosen": "Quatre.", "rejected": "It is five."},
    {"prompt": "Describe the sea.", "chosen": "La mer est calme.", "rejected": "The sea is wet."},
    {"prompt": "Give a fruit.", "chosen": "Une pomme.", "rejected": "An apple."},
    {"prompt": "Greet a friend.", "chosen": "Salut !", "rejected": "Hi, my friend!"},
]


def _jsonl(path: Path, rows) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def _bench_dict(tmp: Path, **over) -> dict:
    prompts = {d: _jsonl(tmp / f"{d}.jsonl", [{"id": f"{d}0", "prompt": "Answer in JSON please."}])
               for d in ("json", "safety")}
    d = {
        "name": "t",
        "output_dir": str(tmp / "bench"),
        "isolate": False,
        "random_sae": {"hook": "blocks.1.hook_resid_post", "d_sae": 64, "seed": 0},
        "methods": list(PAPER_METHODS),
        "loss": {"fpo": {"top_k": 8}},
        "base": {
            "model": {"name": "tiny-llama"},
            "data": {"train": _jsonl(tmp / "pairs.jsonl", PAIRS), "eval_fraction": 0.34,
                     "max_prompt_length": 48, "max_length": 96},
            "reference": {"cache_dir": str(tmp / "refcache"), "store_k": 16},
            "train": {"learning_rate": 1e-3, "max_steps": 2, "warmup_steps": 0, "per_device_train_batch_size": 2,
                      "logging_steps": 1, "save_steps": 2, "logps_chunk_size": 16},
        },
        "eval": {"n_pairs": 2, "n_prompts": 1, "n_diversity": 2, "temperatures": [1.0], "max_new_tokens": 3,
                 "domains": ["json", "safety"], "prompt_files": prompts, "device": "cpu"},
    }
    d.update(over)
    return d


def test_schema_rejects_unknown_keys_and_bad_names(tmp_path):
    with pytest.raises(ConfigError, match="unknown key 'methodz'"):
        parse_bench_config({**_bench_dict(tmp_path), "methodz": []}, "b.yaml")
    with pytest.raises(ConfigError, match="unknown method 'dpp'"):
        parse_bench_config(_bench_dict(tmp_path, methods=["dpp"]), "b.yaml")
    with pytest.raises(ConfigError, match="base must not set"):
        parse_bench_config(_bench_dict(tmp_path, base={"method": "dpo", "data": {"train": "x"}}), "b.yaml")
    with pytest.raises(ConfigError, match="repeated: \\['fpo'\\]"):
        parse_bench_config(_bench_dict(tmp_path, variants=[{"name": "fpo", "method": "fpo"}]), "b.yaml")
    with pytest.raises(ConfigError, match="loss overrides for methods not in the bench"):
        parse_bench_config(_bench_dict(tmp_path, methods=["dpo"], loss={"fpo": {}}), "b.yaml")
    bad = _bench_dict(tmp_path)
    bad["loss"] = {"fpo": {"topk": 3}}
    with pytest.raises(ConfigError, match="topk"):
        plan_runs(parse_bench_config(bad, "b.yaml"))


def test_plan_runs_differ_only_in_method_specific_keys(tmp_path):
    """Same model, data, seed and budget for every run; SAEs only where the method needs them."""
    bench = parse_bench_config(_bench_dict(tmp_path), "b.yaml")
    entries = plan_runs(bench)
    assert [e.name for e in entries] == PAPER_METHODS
    shared = {e.name: (e.cfg.model, e.cfg.data, e.cfg.train) for e in entries}
    assert len({json.dumps([m.model_dump() for m in v], sort_keys=True) for v in shared.values()}) == 1
    with_sae = {e.name for e in entries if e.cfg.saes}
    assert with_sae == {"fpo"}
    by = {e.name: e.cfg for e in entries}
    assert by["fpo"].loss["top_k"] == 8 and by["dpo"].loss["beta"] == 0.1 and by["simpo"].loss["beta"] == 2.0
    assert by["tdpo2"].run_dir == tmp_path / "bench" / "runs" / "tdpo2"


def test_bench_tiny_yaml_is_valid():
    bench = load_bench_config(REPO / "configs" / "bench_tiny.yaml")
    names = [e.name for e in plan_runs(bench)]
    assert names == PAPER_METHODS + ["fpo_alpha1"]


def test_bench_all_methods_end_to_end_and_resume(tmp_path):
    """Every paper method + a feature-set variant, 2 steps each, evaluated; then a second call retrains
    and re-evaluates nothing (the metrics files are byte-identical)."""
    from featurectl.workflows.bench import run_bench

    d = _bench_dict(tmp_path)
    # a feature set made for the bench's random SAE: feature 3 pulled to zero with beta 5
    fs_path = tmp_path / "f3_off.yaml"
    fs_path.write_text(yaml.safe_dump({
        "name": "f3_off", "model": "tiny-llama", "sae": {"path": str(tmp_path / "bench" / "random_sae")},
        "hook": "blocks.1.hook_resid_post", "top_k": 8,
        "features": [{"index": 3, "beta": 5.0, "target": "zero", "label": "test feature"}],
    }), encoding="utf-8")
    d["variants"] = [{"name": "fpo_f3_off", "method": "fpo", "feature_set": str(fs_path)}]
    bench = parse_bench_config(d, "b.yaml")
    result = run_bench(bench, log=lambda m: None)
    out = tmp_path / "bench"
    rows = {r["run"]: r for r in result["rows"]}
    assert list(rows) == PAPER_METHODS + ["fpo_f3_off"]
    for name, r in rows.items():
        assert r["status"] == "finished", name
        assert 0.0 <= r["acc"] <= 1.0 and r["kl_chosen"] >= 0 and r["mse_margin"] is not None, name
        assert r["step_time_s"] > 0 and r["peak_mem_mb"] > 0, name
    # the variant used its feature set; plain runs were scored with the bench SAE, uniform weights
    ev = json.loads((out / "runs" / "fpo_f3_off" / "eval.json").read_text())
    assert "feature set" in ev["feature_mse"]["weights"]
    dpo_mse = json.loads((out / "runs" / "dpo" / "eval.json").read_text())["feature_mse"]
    assert "uniform" in dpo_mse["weights"]
    assert dpo_mse["top_k"] == ev["feature_mse"]["top_k"] == 8  # one k for every row: fpo's
    assert (out / "runs" / "fpo_f3_off" / "feature_set.yaml").is_file()
    # the three tables agree
    with open(out / "bench.csv", newline="") as f:
        table = list(csv.DictReader(f))
    assert [t["run"] for t in table] == list(rows)
    assert float(table[0]["acc"]) == pytest.approx(rows["sft"]["acc"])
    md = (out / "bench.md").read_text()
    assert "| Run | Method | Acc (paper) | Reward acc | Entropy H | Distinct-2 | KL chosen |" in md
    for fig in ("training_curves", "kl", "mse_margin", "memory"):
        html = (out / "figures" / f"{fig}.html").read_text()
        assert 'src="plotly.min.js"' in html  # offline: plotly.js sits beside the figures
    assert (out / "figures" / "plotly.min.js").stat().st_size > 100_000

    before = {p: p.read_bytes() for p in out.glob("runs/*/metrics.jsonl")}
    evals = {p: p.read_bytes() for p in out.glob("runs/*/eval.json")}
    logs = []
    run_bench(bench, log=logs.append)
    assert {p: p.read_bytes() for p in out.glob("runs/*/metrics.jsonl")} == before
    assert {p: p.read_bytes() for p in out.glob("runs/*/eval.json")} == evals
    assert sum("not retrained" in m for m in logs) == len(rows)
    assert sum("not recomputed" in m for m in logs) == len(rows)


def test_bench_perf_cpu_smoke(tmp_path):
    """scripts/bench_perf.py --cpu: every method in its own process, JSON naming the device, ratios."""
    out = tmp_path / "perf.json"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "FEATURECTL_HOME": str(tmp_path / "home")}
    proc = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "bench_perf.py"), "--cpu", "--steps", "2", "--warmup", "1",
         "--methods", "fpo,simpo,trl_cpo_simpo", "--output", str(out)],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    res = json.loads(out.read_text())
    assert res["device"]["kind"] == "cpu" and res["device"]["name"]
    by = {m["method"]: m for m in res["measurements"]}
    # fpo's reference cache is built first, in a process of its own
    assert [m["method"] for m in res["measurements"]] == ["fpo_cache", "fpo", "simpo", "trl_cpo_simpo"]
    assert by["fpo_cache"]["ok"] and by["fpo_cache"]["pairs"] == 2 * (2 + 1)  # batch x (warmup + steps)
    for name in ("fpo", "simpo", "trl_cpo_simpo"):
        m = by[name]
        assert m["ok"], m
        assert m["n_steps"] == 2 and m["step_time_s"] > 0 and m["peak_mem_mb"] > 0 and m["pid"] != os.getpid()
        # 2 pairs x (32 + 32) tokens x chosen/rejected per step
        assert m["tokens_per_s"] == pytest.approx(2 * 2 * 64 / m["step_time_s"])
    assert len({m["pid"] for m in by.values()}) == 4  # separate processes
    assert res["ratios"]["memory_fpo_over_simpo"] == pytest.approx(by["fpo"]["peak_mem_mb"] / by["simpo"]["peak_mem_mb"])


def test_isolated_run_trains_in_a_subprocess(tmp_path):
    """isolate: true (the default) trains each run in its own process: the run's summary records a
    different process's peak, and the bench process never imported the trainer."""
    from featurectl.workflows.bench import run_bench

    d = _bench_dict(tmp_path, isolate=True, methods=["simpo"], loss={})
    d["eval"]["n_pairs"] = 0
    result = run_bench(parse_bench_config(d, "b.yaml"), log=lambda m: None)
    (row,) = result["rows"]
    assert row["status"] == "finished" and row["peak_mem_mb"] > 0
    assert (tmp_path / "bench" / "runs" / ".simpo.config.yaml").is_file()
    assert "isolate: false" not in " ".join(result["notes"])

"""Runs that survive kills, races and hostile files (issue 13).

Resume picks the newest complete checkpoint, starts over plainly, keeps dropped metrics
aside and refuses config drift; a kill -9 followed by --resume reproduces an
uninterrupted run; one writer per run directory and per cache key; bounded YAML; clear
errors for bad bytes and edge values."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch
import yaml

from featurectl.cli import main
from featurectl.errors import CacheError, ConfigError, DataError, FeatureSetError

from helpers_train import PAIRS, run_config, write_config, write_pairs, write_random_sae

FEATURECTL = [sys.executable, "-m", "featurectl.cli"]


def _env() -> dict:
    return dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONPATH=os.pathsep.join(sys.path))


def _rows(run: Path) -> list[dict]:
    return [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines() if line.strip()]


def _step_losses(run: Path) -> dict[int, float]:
    return {r["step"]: r["loss"] for r in _rows(run) if "loss" in r and "train_runtime" not in r}


def _simpo(tmp_path: Path, steps: int, **train) -> tuple[Path, Path]:
    cfg = run_config(tmp_path, method="simpo", steps=steps, save_steps=1, save_total_limit=None, **train)
    return write_config(tmp_path, cfg), tmp_path / "runs" / "simpo"


# --------------------------------------------------------------------------- resume


def test_partial_checkpoint_is_skipped_and_named(tmp_path, capsys):
    """A save killed half-way leaves checkpoint-3 with weights and optimizer but neither
    trainer_state.json nor the completion marker; a marked checkpoint-2 lost bytes of its
    optimizer. --resume continues from checkpoint-1 and sets both aside."""
    path, run = _simpo(tmp_path, 3)
    assert main(["train", "--config", str(path)]) == 0
    ck = run / "checkpoints"
    for name in ("trainer_state.json", "featurectl-complete.json"):  # the last two files a save writes
        (ck / "checkpoint-3" / name).unlink()
    opt = ck / "checkpoint-2" / "optimizer.pt"
    opt.write_bytes(opt.read_bytes()[:100])
    capsys.readouterr()
    assert main(["train", "--config", str(path), "--resume"]) == 0
    err = capsys.readouterr().err
    assert "skipping checkpoint-3: it has no trainer_state.json (the save was interrupted)" in err
    assert "skipping checkpoint-2: optimizer.pt has 100 bytes" in err
    assert "--resume: continuing from checkpoint-1 (step 1), the newest complete checkpoint" in err
    moved = sorted(p.name for p in (ck / "incomplete").iterdir())
    assert len(moved) == 2 and moved[0].startswith("checkpoint-2-") and moved[1].startswith("checkpoint-3-")
    assert [r["step"] for r in _rows(run) if "loss" in r and "train_runtime" not in r] == [1, 2, 3]
    assert json.loads((run / "summary.json").read_text())["steps"] == 3


def test_resume_without_checkpoint_starts_over_and_keeps_old_metrics(tmp_path, capsys):
    path, run = _simpo(tmp_path, 2)
    assert main(["train", "--config", str(path)]) == 0
    old = (run / "metrics.jsonl").read_text()
    shutil.rmtree(run / "checkpoints")  # killed before the first save
    capsys.readouterr()
    assert main(["train", "--config", str(path), "--resume"]) == 0
    err = capsys.readouterr().err
    assert f"--resume: no complete checkpoint in {run / 'checkpoints'}: starting over from step 0" in err
    stale = list(run.glob("metrics.jsonl.stale-*"))
    assert len(stale) == 1 and stale[0].read_text() == old and stale[0].name in err
    assert [r["step"] for r in _rows(run) if "loss" in r and "train_runtime" not in r] == [1, 2]


def test_resume_moves_rows_past_the_checkpoint_aside(tmp_path, capsys):
    """Steps 1-3 were logged, only checkpoint-2 survived: step 3 must not appear twice."""
    path, run = _simpo(tmp_path, 3)
    assert main(["train", "--config", str(path)]) == 0
    shutil.rmtree(run / "checkpoints" / "checkpoint-3")
    capsys.readouterr()
    assert main(["train", "--config", str(path), "--resume"]) == 0
    err = capsys.readouterr().err
    aside = list(run.glob("metrics.jsonl.after-step-2-*"))
    assert len(aside) == 1 and aside[0].name in err
    moved = [json.loads(line) for line in aside[0].read_text().splitlines()]
    assert {r["step"] for r in moved} == {3} and len(moved) == 2  # the step-3 row and the old run's end row
    steps = [r["step"] for r in _rows(run) if "loss" in r and "train_runtime" not in r]
    assert steps == [1, 2, 3]


@pytest.mark.parametrize("args, field", [
    (["--set", "train.learning_rate=1e6"], "train.learning_rate: 0.001 in the run, 1000000.0 now"),
    (["--method", "dpo"], "method: 'simpo' in the run, 'dpo' now"),
])
def test_resume_refuses_a_changed_config(args, field, tmp_path, capsys):
    path, run = _simpo(tmp_path, 1)
    assert main(["train", "--config", str(path)]) == 0
    before = (run / "config.yaml").read_text(), (run / "summary.json").read_text()
    capsys.readouterr()
    assert main(["train", "--config", str(path), "--resume", "--max-steps", "2", *args]) == 2
    err = capsys.readouterr().err
    assert f"--resume cannot change how {run} is trained; these differ from its config.yaml" in err
    assert field in err and "A resumed run may change only: train.max_steps" in err
    assert ((run / "config.yaml").read_text(), (run / "summary.json").read_text()) == before


def test_resume_refuses_an_edited_feature_set(tmp_path, capsys):
    sae = write_random_sae(tmp_path / "sae")
    fs = tmp_path / "fs.yaml"
    fs.write_text(f"name: t\nmodel: tiny-llama\nsae: {{path: {sae}}}\nhook: blocks.1.hook_resid_post\ntop_k: 4\n"
                  "features: [{index: 3, beta: 2.0}]\n")
    path = write_config(tmp_path, run_config(tmp_path, method="fpo", sae_dir=sae, feature_set=str(fs), steps=1))
    assert main(["train", "--config", str(path)]) == 0
    fs.write_text(fs.read_text().replace("beta: 2.0", "beta: 9.0"))
    capsys.readouterr()
    assert main(["train", "--config", str(path), "--resume", "--max-steps", "2"]) == 2
    assert (f"saes[0].feature_set: {fs} now differs from the copy the run trained with (feature_set.yaml)"
            in capsys.readouterr().err)


def test_finished_run_offers_resume_and_force(tmp_path, capsys):
    path, run = _simpo(tmp_path, 1)
    assert main(["train", "--config", str(path)]) == 0
    capsys.readouterr()
    assert main(["train", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"run directory {run} already holds a run (finished: simpo, 1 step). Pass --resume" in err
    assert "--force to train into a fresh directory (simpo-2, ...) and keep this one" in err
    kept = (run / "metrics.jsonl").read_text()
    assert main(["train", "--config", str(path), "--force", "--resume"]) == 2
    assert "--force and --resume exclude each other" in capsys.readouterr().err
    assert main(["train", "--config", str(path), "--force"]) == 0
    out = capsys.readouterr()
    fresh = run.with_name("simpo-2")
    assert f"--force: {run} already holds a run and is kept as it is; training into {fresh}" in out.err
    assert f"run directory: {fresh}" in out.out
    assert (run / "metrics.jsonl").read_text() == kept
    assert json.loads((fresh / "summary.json").read_text())["status"] == "finished"


def test_nan_guard_names_what_checkpoint_exists(tmp_path):
    from featurectl.resume import checkpoint_note

    ck = tmp_path / "checkpoints"
    assert checkpoint_note(ck) == (f"no complete checkpoint has been saved yet in {ck}; --resume would start over")
    (ck / "checkpoint-4").mkdir(parents=True)
    (ck / "checkpoint-4" / "model.safetensors").write_bytes(b"x")
    (ck / "checkpoint-2").mkdir()
    (ck / "checkpoint-2" / "model.safetensors").write_bytes(b"x")
    (ck / "checkpoint-2" / "trainer_state.json").write_text("{}")
    assert checkpoint_note(ck) == (f"the newest complete checkpoint is {ck / 'checkpoint-2'} (step 2); "
                                   "--resume continues from it")


KILL_SCRIPT = """
import os, signal, sys
import torch
torch.set_num_threads(1)
from transformers import TrainerCallback
from featurectl.config import load_run_config
from featurectl.train import run_training

hook, step = sys.argv[2], int(sys.argv[3])

class KillAt(TrainerCallback):
    def _maybe(self, state):
        if state.global_step == step:
            os.kill(os.getpid(), signal.SIGKILL)
    def on_step_end(self, args, state, control, **kw):
        if hook == "step_end": self._maybe(state)
    def on_log(self, args, state, control, **kw):
        if hook == "log": self._maybe(state)
    def on_save(self, args, state, control, **kw):
        if hook == "save": self._maybe(state)

run_training(load_run_config(sys.argv[1]), callbacks=[KillAt()])
"""


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("whole")
    sae = write_random_sae(tmp / "sae")
    cfg = run_config(tmp, method="fpo", sae_dir=sae, steps=6, save_steps=1, save_total_limit=2)
    assert main(["train", "--config", str(write_config(tmp, cfg))]) == 0
    return cfg, tmp / "runs" / "fpo"


@pytest.mark.slow  # 3 killed subprocesses: about 50 s on a loaded 2-core machine
@pytest.mark.parametrize("hook, step", [("step_end", 2), ("log", 3), ("save", 5)])
def test_kill_9_then_resume_equals_an_uninterrupted_run(hook, step, uninterrupted, tmp_path):
    """SIGKILL inside training (after step k's update, before its log/save; after its log;
    after its save), then --resume: the same per-step losses and final weights as one
    uninterrupted FPO run with the same seed (6 steps over 8 pairs: crosses an epoch)."""
    from safetensors.torch import load_file

    cfg, whole = uninterrupted
    cfg = {**cfg, "output_dir": str(tmp_path / "run")}
    path = write_config(tmp_path, cfg)
    (tmp_path / "kill.py").write_text(KILL_SCRIPT)
    proc = subprocess.run([sys.executable, str(tmp_path / "kill.py"), str(path), hook, str(step)], env=_env(),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-3000:]
    run = tmp_path / "run"
    assert (run / ".lock").exists()  # the killed process left its lock behind
    assert main(["train", "--config", str(path), "--resume"]) == 0
    assert not (run / ".lock").exists()
    steps = [r["step"] for r in _rows(run) if "loss" in r and "train_runtime" not in r]
    assert steps == [1, 2, 3, 4, 5, 6]  # each step once: rows past the checkpoint were moved aside
    want, got = _step_losses(whole), _step_losses(run)
    for s in want:
        assert got[s] == pytest.approx(want[s], rel=1e-6, abs=1e-7), s
    a, b = load_file(whole / "final" / "model.safetensors"), load_file(run / "final" / "model.safetensors")
    assert a.keys() == b.keys()
    for name in a:
        torch.testing.assert_close(b[name], a[name], rtol=0, atol=1e-6)


# --------------------------------------------------------------------------- one writer


def test_lock_refuses_a_live_holder_takes_over_a_dead_one_and_releases(tmp_path):
    from featurectl.rundir import read_lock
    from featurectl.runlock import LockedError, RunLock

    with RunLock(tmp_path) as held:
        info = read_lock(tmp_path)
        assert info == held.info and info["pid"] == os.getpid() and set(info) == {"pid", "host", "started", "command"}
        with pytest.raises(LockedError, match=rf"run directory {tmp_path} is in use by pid {os.getpid()} on host "):
            RunLock(tmp_path).acquire()
    assert not (tmp_path / ".lock").exists()
    with pytest.raises(RuntimeError):
        with RunLock(tmp_path):
            raise RuntimeError("boom")
    assert not (tmp_path / ".lock").exists()  # released on errors too
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    import socket

    (tmp_path / ".lock").write_text(json.dumps({"pid": dead.pid, "host": socket.gethostname(),
                                                "started": "2026-01-01T00:00:00+00:00", "command": "featurectl x"}))
    notes = []
    with RunLock(tmp_path, log=notes.append):
        assert read_lock(tmp_path)["pid"] == os.getpid()
    assert notes == [f"run directory {tmp_path}: removed a stale lock of pid {dead.pid} on host "
                     f"{socket.gethostname()} since 2026-01-01T00:00:00+00:00 (`featurectl x`): that process is "
                     "gone (killed?); taking over"]


@pytest.mark.slow  # three featurectl processes
def test_two_train_processes_on_one_output(tmp_path, capsys):
    """Two real `featurectl train` processes on one --output: while the first trains, the
    second is refused naming the first's pid; after a kill -9 of the first, --resume
    reports the stale lock and takes over."""
    path, run = _simpo(tmp_path, 100_000)
    first = subprocess.Popen([*FEATURECTL, "train", "--config", str(path)], env=_env(), cwd=tmp_path,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not (run / "metrics.jsonl").exists():  # the first is inside training, holding the lock
            assert first.poll() is None and time.monotonic() < deadline, first.stderr.read()[-3000:]
            time.sleep(0.2)
        second = subprocess.run([*FEATURECTL, "train", "--config", str(path)], env=_env(), cwd=tmp_path,
                                capture_output=True, text=True, timeout=120)
        assert second.returncode == 2
        assert f"run directory {run} is in use by pid {first.pid} on host " in second.stderr
        assert "wait for it to finish or stop it, or choose another --output" in second.stderr
    finally:
        first.kill()
        first.wait()
    # the killed writer left a stale lock; --resume (max_steps may change) reports it and takes over
    cfg = yaml.safe_load(path.read_text())
    cfg["train"]["max_steps"] = 2
    path.write_text(yaml.safe_dump(cfg))
    capsys.readouterr()
    assert main(["train", "--config", str(path), "--resume"]) == 0
    assert f"removed a stale lock of pid {first.pid} on host " in capsys.readouterr().err


def test_second_cache_builder_waits_for_the_first(tmp_path, monkeypatch):
    """The same cache key: a second builder refuses (wait 0) or waits for the holder, then builds."""
    import threading

    import featurectl.refcache as refcache
    from featurectl.config import parse_run_config
    from featurectl.runlock import LockedError, RunLock
    from featurectl.prepare import prepare

    sae = write_random_sae(tmp_path / "sae")
    cfg = run_config(tmp_path, method="fpo", sae_dir=sae)
    prep = prepare(parse_run_config(cfg))
    key_dir = refcache.cache_dir_for(prep.cfg, refcache.cache_key(refcache.key_fields(prep)))
    holder = RunLock(key_dir)
    holder.acquire()
    monkeypatch.setattr(refcache, "LOCK_WAIT_S", 0.0)
    with pytest.raises(LockedError, match=r"reference cache .* is in use by pid \d+ .*it is still being built"):
        refcache.ensure_cache(prep)
    monkeypatch.setattr(refcache, "LOCK_WAIT_S", 60.0)
    notes = []
    threading.Timer(0.5, holder.release).start()
    ref = refcache.ensure_cache(prep, log=notes.append)
    assert ref.n_rows == len(PAIRS)
    assert notes[0].startswith(f"reference cache {key_dir} is in use by pid {os.getpid()}") and \
        notes[0].endswith("waiting for it")
    assert not (key_dir / ".lock").exists()


# --------------------------------------------------------------------------- corrupt cache


@pytest.fixture
def small_cache(tmp_path, monkeypatch):
    from featurectl.config import parse_run_config
    from featurectl.prepare import prepare
    from featurectl.refcache import ensure_cache

    # sparse layout at store_k 32 (a cache this small is otherwise stored dense, holding every feature)
    monkeypatch.setattr("featurectl.refcache.sparse.DENSE_CACHE_MAX_BYTES", 0)
    sae = write_random_sae(tmp_path / "sae", d_sae=512)
    prep = prepare(parse_run_config(run_config(tmp_path, method="fpo", sae_dir=sae)))
    ref = ensure_cache(prep)
    return ref.directory, prep


def _edit_manifest(directory: Path, edit) -> None:
    manifest = json.loads((directory / "manifest.json").read_text())
    edit(manifest)
    (directory / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize("damage, message", [
    ("no_shards", "is corrupt: manifest.json: no shards listed for 8 rows"),
    ("no_sha256", "is corrupt: manifest.json: shard entry 0 (shard-00000.safetensors) has no sha256/bytes"),
    ("index", "shard-00000.safetensors is corrupt: chosen_feat_idx_0 holds feature index 512, but d_sae is 512 "
              "(valid: 0..511, -1 = empty slot)"),
])
def test_corrupt_cache_is_named_with_repair_advice_and_repair_fixes_it(damage, message, small_cache):
    from safetensors.torch import load_file, save_file

    from featurectl.io import sha256_file
    from featurectl.refcache import CachedReference, ensure_cache

    directory, prep = small_cache
    before = CachedReference.open(directory)
    if damage == "no_shards":
        _edit_manifest(directory, lambda m: m.update(shards=[]))
    elif damage == "no_sha256":
        _edit_manifest(directory, lambda m: m["shards"][0].pop("sha256"))
    else:
        shard = directory / "shard-00000.safetensors"
        tensors = load_file(shard)
        tensors["chosen_feat_idx_0"][0, 0] = 512
        save_file(tensors, shard)
        _edit_manifest(directory, lambda m: m["shards"][0].update(sha256=sha256_file(shard),
                                                                   bytes=shard.stat().st_size))
    with pytest.raises(CacheError, match=re.escape(message)) as err:
        ensure_cache(prep)
    assert "is corrupt" in str(err.value) and "featurectl cache-ref --config RUN.yaml --repair" in str(err.value)
    repaired = ensure_cache(prep, repair=True)
    for name, t in before.tensors.items():
        torch.testing.assert_close(repaired.tensors[name], t, rtol=0, atol=1e-5)


# --------------------------------------------------------------------------- bounded YAML


def _bomb(levels: int = 12, width: int = 9) -> str:
    lines, prev = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"], "l0"
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*{prev}"] * width) + "]")
        prev = f"l{i}"
    return "\n".join(lines) + "\n"


BOMB = "expands to more than 2,000,000 nodes once its aliases (*name) are followed (an alias bomb?)"


def test_alias_bomb_in_a_feature_set_fails_fast(tmp_path, capsys):
    path = tmp_path / "bomb.yaml"
    path.write_text("name: x\nmodel: m\nsae: {path: p}\nhook: blocks.1.hook_resid_post\n" + _bomb()
                    + "features: [{index: 1, beta: 1.0, label: x, scores: {a: 1.0}}]\n")
    t0 = time.perf_counter()
    assert main(["features", "validate", str(path)]) == 2
    assert time.perf_counter() - t0 < 5
    assert f"{path}: refused: the YAML {BOMB}" in capsys.readouterr().err


def test_alias_bomb_in_a_run_config_and_a_saved_config_fails_fast(tmp_path, capsys):
    from featurectl.config import load_run_config

    path = tmp_path / "run.yaml"
    path.write_text(_bomb() + "data: {train: x.jsonl}\n")
    t0 = time.perf_counter()
    assert main(["train", "--config", str(path)]) == 2
    assert f"{path}: refused: the YAML {BOMB}" in capsys.readouterr().err
    run = tmp_path / "runs" / "r"
    run.mkdir(parents=True)
    (run / "config.yaml").write_text(_bomb())
    with pytest.raises(ConfigError, match=r"refused: the YAML expands"):
        load_run_config(run / "config.yaml")  # what `featurectl eval RUN` reads
    assert time.perf_counter() - t0 < 10


def test_error_formatting_is_bounded():
    """A value of 9**12 shared leaves is echoed in bounded time and length."""
    from featurectl.config import parse_run_config
    from featurectl.feature_sets import parse_feature_set

    big = ["lol"] * 9
    for _ in range(12):
        big = [big] * 9
    t0 = time.perf_counter()
    with pytest.raises(FeatureSetError, match=r"unknown key 'extra' \(value \[\[\[\[") as err:
        parse_feature_set({"name": "x", "model": "m", "sae": {"path": "p"}, "hook": "h", "extra": big}, "fs.yaml")
    assert len(str(err.value)) < 400
    with pytest.raises(ConfigError, match=r"data.train: Input should be a valid string \(got \[\[\[\[") as err:
        parse_run_config({"data": {"train": big}}, "run.yaml")
    assert len(str(err.value)) < 400 and time.perf_counter() - t0 < 2


# --------------------------------------------------------------------------- bad bytes and edge values


def test_non_utf8_bytes_are_named_by_file_and_line(tmp_path, capsys):
    from featurectl.pairs import load_rows

    pairs = tmp_path / "pairs.jsonl"
    pairs.write_bytes(json.dumps(PAIRS[0]).encode() + b"\n" + b'{"prompt": "caf\xe9"}\n')
    with pytest.raises(DataError, match=rf"{pairs}:2: not UTF-8 text \(byte 0xe9 at column 16\)"):
        load_rows(str(pairs))
    fs = tmp_path / "fs.yaml"
    fs.write_bytes(b"name: x\nlabel: caf\xe9\n")
    assert main(["features", "validate", str(fs)]) == 2
    assert f"{fs}: not UTF-8 text: byte 0xe9 at line 2, column 11" in capsys.readouterr().err
    cfg = tmp_path / "run.yaml"
    cfg.write_bytes(b"name: \xff\n")
    assert main(["train", "--config", str(cfg)]) == 2
    assert f"{cfg}: not UTF-8 text: byte 0xff at line 1, column 7" in capsys.readouterr().err


def test_a_jsonl_line_that_is_not_json_names_the_row(tmp_path):
    from featurectl.pairs import load_rows

    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps(PAIRS[0]) + "\n\n" + json.dumps(PAIRS[1]) + "\n{oops\n")
    with pytest.raises(DataError, match=rf"{pairs}:4: row 2 is not JSON \(Expecting property name"):
        load_rows(str(pairs))


def test_missing_rejected_is_named(tmp_path, tokenizer):
    from featurectl.pairs import load_rows, tokenize_pairs

    pairs = write_pairs(tmp_path / "pairs.jsonl", [PAIRS[0], {"prompt": "Hi.", "chosen": "Salut."}])
    rows = load_rows(str(pairs))  # datasets fills the absent key with None
    with pytest.raises(DataError, match=r"^row 1: missing field 'rejected' \(fields: \['chosen', 'prompt'\]\)$"):
        tokenize_pairs(tokenizer, rows, max_prompt_length=32, max_length=64)


@pytest.mark.parametrize("feature, message", [
    ("{index: 3, beta: .inf}", "key 'features[0].beta' = inf: Input should be a finite number"),
    ("{index: true, beta: 1.0}", "key 'features[0].index' = True: Input should be a valid integer"),
])
def test_feature_set_schema_rejects_inf_beta_and_boolean_index(feature, message, tmp_path, capsys):
    path = tmp_path / "fs.yaml"
    path.write_text(f"name: x\nmodel: m\nsae: {{path: p}}\nhook: blocks.1.hook_resid_post\nfeatures: [{feature}]\n")
    assert main(["features", "validate", str(path)]) == 2
    assert f"{path}: {message}" in capsys.readouterr().err

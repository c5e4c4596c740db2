"""Terminal output: the busy-machine line, estimates, compact training lines and the train summary."""

from __future__ import annotations

import json

from featurectl.console import busy_warning, compact_line, estimate_line, train_summary


def test_busy_warning_only_above_the_core_count():
    assert busy_warning(load=2.0, cores=2) is None
    msg = busy_warning(load=7.5, cores=2)
    assert "load average 7.5 on 2 cores" in msg and "about 9 min on a quiet 2-core CPU" in msg


def test_estimate_line_from_the_measured_rate():
    """3 steps in 30 s = 10 s/step; 13 steps left -> 130 s -> '2 min'. 8 prompts in 2 s = 4 prompts/s,
    92 left -> 23 s."""
    assert estimate_line("training x", 3, 16, 30.0) == (
        "training x: estimated 2 min more for 13 of 16 steps at the measured rate (10.00 s/step)")
    assert estimate_line("sampling", 8, 100, 2.0, unit="prompt") == (
        "sampling: estimated 23 s more for 92 of 100 prompts at the measured rate (4.0 prompts/s)")


def test_compact_line_fields():
    logs = {"loss": 0.69314, "rewards/accuracies": 0.5, "rewards/margins": 0.0123, "feature_d/chosen": 0.0,
            "feature_d/rejected": 0.25, "step_time_s": 1.234, "learning_rate": 1e-5, "grad_norm": 3.0}
    assert compact_line(3, 16, logs) == (
        "step 3/16  loss 0.6931  acc 0.50  margin 0.0123  D(y_w) 0  D(y_l) 0.25  1.23 s/step")
    assert compact_line(4, 16, {"eval_loss": 0.5, "eval_rewards/accuracies": 1.0}) == (
        "eval step 4/16  loss 0.5000  acc 1.00")
    assert compact_line(16, 16, {"train_runtime": 3.0, "train_loss": 0.6}) is None


def test_train_summary_block(tmp_path):
    text = train_summary(tmp_path / "r", {"method": "fpo", "model": "tiny-llama", "steps": 2, "wall_s": 3.2,
                                          "peak_mem_mb": 812.4, "mean_step_time_s": 1.5,
                                          "final": {"loss": 0.7, "rewards/accuracies": 0.5}})
    assert text.splitlines()[0] == "finished r: fpo on tiny-llama, 2 steps"
    assert "  last step    loss 0.7000  acc 0.50" in text
    assert "  wall time    3 s (1.50 s/step)" in text and "  peak memory  812 MB" in text
    assert f"featurectl eval {tmp_path / 'r'}" in text


def test_train_cli_prints_compact_lines_and_logs_raw_dicts(tmp_path, capsys):
    """A 4-step tiny DPO run through the CLI: stdout has one compact line per step, an estimate after
    3 steps and the summary block; HF's raw dicts are in train.log, not on stdout."""
    from featurectl.cli import main
    from helpers_train import run_config, write_config

    cfg = run_config(tmp_path, method="dpo", steps=4)
    assert main(["train", "--config", str(write_config(tmp_path, cfg))]) == 0
    out = capsys.readouterr().out
    steps = [line for line in out.splitlines() if line.startswith("step ")]
    assert [s.split("  ")[0] for s in steps] == ["step 1/4", "step 2/4", "step 3/4", "step 4/4"]
    assert all(" loss " in s and " acc " in s and "s/step" in s for s in steps)
    assert "{'loss'" not in out and "'learning_rate'" not in out
    assert "training dpo: estimated" in out and "1 of 4 steps" in out
    assert "finished dpo: dpo on tiny-llama, 4 steps" in out
    rows = [json.loads(line) for line in (tmp_path / "runs" / "dpo" / "train.log").read_text().splitlines()]
    assert [r["step"] for r in rows if "loss" in r] == [1, 2, 3, 4]
    assert any("train_runtime" in r for r in rows) and "learning_rate" in rows[0]


class _FakeTTY:
    """stderr that says it is a terminal, so tqdm draws its bar (tqdm hides it off a TTY)."""

    def __init__(self):
        import io

        self.buf = io.StringIO()

    def isatty(self):
        return True

    def write(self, s):
        return self.buf.write(s)

    def flush(self):
        pass


def test_generation_and_scoring_show_bars_on_a_terminal(monkeypatch):
    """3 prompts in batches of 2: the bar is drawn (a terminal), counts prompts and ends at 3 of 3;
    batch_starts advances per batch (5 pairs in batches of 2 -> starts 0, 2, 4, bar at 5).
    Off a terminal nothing is drawn."""
    import sys

    import featurectl.console as console
    from featurectl.evaluation.generate import generate
    from featurectl.tiny import byte_tokenizer, tiny_llama

    bars = []
    real = console.progress_bar
    monkeypatch.setattr(console, "progress_bar", lambda *a, **k: bars.append(real(*a, **k)) or bars[-1])
    model, tok = tiny_llama(), byte_tokenizer()
    fake = _FakeTTY()
    monkeypatch.setattr(sys, "stderr", fake)
    assert len(generate(model, tok, ["a", "bb", "ccc"], max_new_tokens=4, batch_size=2)) == 3
    (bar,) = bars
    assert (bar.n, bar.total, bar.unit) == (3, 3, "prompt")  # closed bars report disable=True
    assert fake.buf.getvalue().startswith("\rsampling T=1:") and "prompt/s" in fake.buf.getvalue()
    assert list(console.batch_starts(5, 2, "scoring pairs")) == [0, 2, 4]
    assert (bars[-1].n, bars[-1].desc) == (5, "scoring pairs")
    quiet = _FakeTTY()
    quiet.isatty = lambda: False
    monkeypatch.setattr(sys, "stderr", quiet)
    generate(model, tok, ["a"], max_new_tokens=2)
    assert quiet.buf.getvalue() == ""


def test_rate_estimate_prints_once_after_the_first_items(monkeypatch):
    """demo/experiment/bench: after the first of 3 runs (timed at 40 s), one line: 2 runs x 40 s = 80 s."""
    import featurectl.console as console

    clock = iter([100.0, 140.0])
    monkeypatch.setattr(console.time, "perf_counter", lambda: next(clock))
    lines = []
    eta = console.RateEstimate("bench training", 3, unit="run", after=1, log=lines.append)
    assert eta.update(0) is None
    assert eta.update(1) == "bench training: estimated 80 s more for 2 of 3 runs at the measured rate (40.00 s/run)"
    assert eta.update(2) is None and len(lines) == 1

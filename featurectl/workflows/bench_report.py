"""The bench's outputs: Table-2 rows (``bench.md``, ``bench.csv``, ``bench.json``) and
offline plotly figures (``figures/*.html``; plotly.js is written once beside them)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..evaluation.tables import format_table, table_row
from ..io import read_jsonl, write_json, write_text
from ..rundir import RunDir
from .bench_config import BenchConfig, BenchEntry

__all__ = ["BENCH_COLUMNS", "bench_rows", "write_figures", "write_table"]

BENCH_COLUMNS = (
    ("run", "Run"), ("method", "Method"), ("acc", "Acc (paper)"), ("reward_acc", "Reward acc"),
    ("entropy", "Entropy H"), ("distinct_2", "Distinct-2"), ("kl_chosen", "KL chosen"),
    ("kl_rejected", "KL rejected"), ("mse_margin", "MSE margin"), ("peak_mem_mb", "Peak mem (MB)"),
    ("step_time_s", "Step time (s)"), ("tokens_per_s", "Tokens/s"),
)


def bench_rows(entries: list[BenchEntry]) -> list[dict]:
    """Table-2 rows from each run's eval.json and summary.json."""
    rows = []
    for e in entries:
        rd = RunDir(e.cfg.run_dir)
        ev, summ = rd.read_eval() or {}, rd.read_summary() or {}
        row = table_row(e.name, e.method, ev)
        row.pop("reward_margin", None)
        row.update(peak_mem_mb=summ.get("peak_mem_mb"), step_time_s=summ.get("mean_step_time_s"),
                   tokens_per_s=summ.get("tokens_per_s"), status=summ.get("status"))
        rows.append(row)
    return rows


def _csv(rows: list[dict], columns: list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in columns})
    return buf.getvalue()


def write_figures(entries: list[BenchEntry], rows: list[dict], fig_dir: Path) -> list[Path]:
    """Training curves, KL, feature-MSE margins and peak memory as offline plotly HTML."""
    import plotly.graph_objects as go
    from plotly.offline import get_plotlyjs

    fig_dir.mkdir(parents=True, exist_ok=True)
    write_text(fig_dir / "plotly.min.js", get_plotlyjs())
    written = []

    def save(fig, name):
        html = fig.to_html(include_plotlyjs="directory", full_html=True)
        written.append(write_text(fig_dir / f"{name}.html", html))

    curves = go.Figure()
    for e in entries:
        m = RunDir(e.cfg.run_dir).metrics
        if not m.is_file():
            continue
        pts = [(r["step"], r["loss"]) for r in read_jsonl(m) if "loss" in r and "train_runtime" not in r]
        curves.add_trace(go.Scatter(x=[p[0] for p in pts], y=[p[1] for p in pts], mode="lines+markers", name=e.name))
    curves.update_layout(title="Training loss", xaxis_title="step", yaxis_title="loss")
    save(curves, "training_curves")

    names = [r["run"] for r in rows]
    kl = go.Figure([go.Bar(name="chosen", x=names, y=[r.get("kl_chosen") for r in rows]),
                    go.Bar(name="rejected", x=names, y=[r.get("kl_rejected") for r in rows])])
    kl.update_layout(barmode="group", title="Sequential KL to the reference (held-out pairs)", yaxis_title="nats")
    save(kl, "kl")
    mse = go.Figure([go.Bar(x=names, y=[r.get("mse_margin") for r in rows])])
    mse.update_layout(title="Feature MSE margin |D(y_l) - D(y_w)|", yaxis_title="MSE")
    save(mse, "mse_margin")
    mem = go.Figure([go.Bar(x=names, y=[r.get("peak_mem_mb") for r in rows])])
    mem.update_layout(title="Peak memory per run", yaxis_title="MB")
    save(mem, "memory")
    return written


def write_table(bench: BenchConfig, entries: list[BenchEntry], rows: list[dict], notes: list[str]) -> dict:
    out = bench.out
    cols = list(BENCH_COLUMNS)
    extra = sorted({k for r in rows for k in r if k.startswith("control/")})
    md_cols = cols + [(k, k) for k in extra]
    md = [f"# Bench {bench.name}", "",
          f"Model `{entries[0].cfg.model.name}`, data `{entries[0].cfg.data.train}`, seed {entries[0].cfg.train.seed}, "
          f"max_steps {entries[0].cfg.train.max_steps}, batch {entries[0].cfg.train.per_device_train_batch_size} x "
          f"{entries[0].cfg.train.gradient_accumulation_steps}.", "",
          format_table(rows, md_cols), "",
          "Acc (paper): share of held-out pairs whose chosen answer has the higher per-token log-prob. "
          "Reward acc: DPO implicit reward beta*(logpi - logref) of chosen > rejected. Entropy: mean per-token "
          "predictive entropy of sampled answers (nats). KL: sequential KL(pi_ref || pi) summed over response "
          "tokens. MSE margin: |D(y_l) - D(y_w)| with the bench's SAE.", ""]
    md += [f"> note: {n}" for n in notes]
    write_text(out / "bench.md", "\n".join(md) + "\n")
    keys = [k for k, _ in cols] + extra + ["status"]
    write_text(out / "bench.csv", _csv(rows, keys))
    result = {"name": bench.name, "rows": rows, "notes": notes,
              "config": bench.model_dump(mode="json"), "columns": dict(md_cols)}
    write_json(out / "bench.json", result)
    return result

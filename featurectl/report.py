"""Markdown reports and plotly figures from run directories (demo, experiment)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from .domains import DOMAINS
from .evaluation.protocol import protocol_markdown
from .io import read_jsonl, write_text
from .rundir import FIGURES, METRICS, REPORT

CURVES = [
    ("loss", "loss"),
    ("rewards/margins", "reward margin"),
    ("rewards/accuracies", "reward accuracy"),
    ("feature_d/chosen", "D(y_w)"),
    ("feature_d/rejected", "D(y_l)"),
]


def _get(d: Any, *keys) -> Optional[Any]:
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def _fmt(v: Any, digits: int = 3) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def _rate(entry: Optional[dict]) -> str:
    if not entry or entry.get("rate") is None:
        return "–"
    lo, hi = entry.get("ci95", [None, None])
    return f"{entry['rate']:.2f} [{lo:.2f}, {hi:.2f}] (n={entry['n']})"


def results_table(evals: dict[str, dict], domains: list[str]) -> str:
    cols = ["run", "pref. acc (paper)", "reward acc", "KL chosen", "KL rejected", "D(y_w)", "D(y_l)", "distinct-2"]
    ctl_cols = []
    for d in domains:
        # the capability, then the side effects it is checked against (french: german, italian)
        keys = [d] + [s.key for s in DOMAINS[d].side_metrics if not s.complement] if d in DOMAINS else [d]
        ctl_cols += [(d, k) for k in keys]
    header = cols + [f"{k} rate [95% CI]" for _, k in ctl_cols]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, ev in evals.items():
        row = [
            name,
            _fmt(_get(ev, "preference", "accuracy")),
            _fmt(_get(ev, "preference", "reward_accuracy")),
            _fmt(_get(ev, "kl", "chosen")),
            _fmt(_get(ev, "kl", "rejected")),
            _fmt(_get(ev, "feature_mse", "chosen"), 4),
            _fmt(_get(ev, "feature_mse", "rejected"), 4),
            _fmt(_get(ev, "diversity", "distinct_2")),
        ] + [_rate(_get(ev, "control", d, k)) for d, k in ctl_cols]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def training_figures(run_dirs: dict[str, Path], fig_dir: Path) -> list[Path]:
    """One plotly HTML figure per quantity, runs overlaid. Returns the files written."""
    import plotly.graph_objects as go

    fig_dir.mkdir(parents=True, exist_ok=True)
    series = {}
    for name, d in run_dirs.items():
        path = d / METRICS
        rows = read_jsonl(path) if path.exists() else []
        series[name] = [r for r in rows if "loss" in r and "train_runtime" not in r]
    written = []
    for key, title in CURVES:
        fig = go.Figure()
        for name, rows in series.items():
            pts = [(r["step"], r[key]) for r in rows if key in r]
            if pts:
                fig.add_trace(go.Scatter(x=[p[0] for p in pts], y=[p[1] for p in pts], mode="lines+markers",
                                         name=name))
        if not fig.data:
            continue
        fig.update_layout(title=title, xaxis_title="step", yaxis_title=title, template="plotly_white")
        out = fig_dir / f"train_{key.replace('/', '_')}.html"
        fig.write_html(str(out), include_plotlyjs="directory")
        written.append(out)
    return written


def control_figure(evals: dict[str, dict], domains: list[str], fig_dir: Path) -> Optional[Path]:
    import plotly.graph_objects as go

    fig = go.Figure()
    for name, ev in evals.items():
        xs, ys, lo, hi = [], [], [], []
        for d in domains:
            for k, entry in (_get(ev, "control", d) or {}).items():
                if isinstance(entry, dict) and entry.get("rate") is not None and "ci95" in entry:
                    xs.append(f"{d}:{k}")
                    ys.append(entry["rate"])
                    lo.append(entry["rate"] - entry["ci95"][0])
                    hi.append(entry["ci95"][1] - entry["rate"])
        if xs:
            fig.add_trace(go.Bar(x=xs, y=ys, name=name,
                                 error_y=dict(type="data", array=hi, arrayminus=lo, visible=True)))
    if not fig.data:
        return None
    fig.update_layout(title="control metrics (95% Wilson intervals)", barmode="group", yaxis_title="rate",
                      template="plotly_white", yaxis_range=[0, 1])
    out = fig_dir / "control_rates.html"
    fig.write_html(str(out), include_plotlyjs="directory")
    return out


def write_demo_report(out: Path, opts, facts: dict, evals: dict[str, dict], steps, run_names: list[str],
                      protocol: dict) -> Path:
    domains = [opts.domain] + (["json"] if not opts.tiny else [])
    fig_dir = out / FIGURES
    figs = training_figures({n: out / n for n in run_names}, fig_dir)
    ctl = control_figure(evals, domains, fig_dir)
    if ctl:
        figs.append(ctl)
    top = facts.get("top_features") or []
    feat_lines = ["| index | label | AUROC | held-out AUROC | diff. of means |", "|---:|---|---:|---:|---:|"]
    for f in top:
        feat_lines.append(f"| {f['index']} | {f.get('label', '')} | {_fmt(f.get('auroc'))} | "
                          f"{_fmt(f.get('heldout_auroc'))} | {_fmt(f.get('diff_mean'), 4)} |")
    size = "a tiny random model and a random SAE (plumbing check only; the numbers mean nothing)" if opts.tiny \
        else f"the embedded {facts.get('model')} with the shipped SAE"
    text = f"""# featurectl demo report

This run used {size}, {facts.get('n_train_pairs')} training pairs (general helpful pairs mixed with pairs
that teach {opts.domain}: `data/mix.json`), {opts.steps} optimizer steps per run (batch {opts.batch_size},
lr {opts.learning_rate}, FPO β={opts.beta}, α={opts.alpha}), the same data and seed for both runs. The
`{opts.domain}_off` run constrains its listed features on both responses (`loss.listed_both_sides`; the
paper's form leaves the chosen side free, so pairs whose chosen side uses the capability would teach it).

## Does the mask hold?

(a) uniform-β FPO, (b) FPO with the discovered `{opts.domain}_off` set, (c) the untrained reference, each
answering the same {protocol['settings']['n']} prompts (greedy, at most
{protocol['settings']['max_new_tokens']} new tokens). Prompt sources are named in the table; a source marked
as a fallback means the benchmark data was not fetched (`featurectl data fetch-benchmarks`).

{protocol_markdown(protocol, {"a": "uniform FPO", "b": f"FPO + {opts.domain}_off", "c": "reference"})}

## Steps

{{{{STEPS}}}}

## Discovered `{opts.domain}` features

{facts.get('n_features')} features kept after the held-out check; held-out AUROC of the selected set:
{_fmt(facts.get('heldout_set_auroc'))}. Top 10 (full table: `discovery/{opts.domain}_off/features.csv`;
feature set: `feature_sets/{opts.domain}_off.yaml`):

{chr(10).join(feat_lines)}

## Held-out pairs (eval.json)

Rows: the untrained reference, uniform-β FPO, and FPO with the `{opts.domain}_off` feature set.

{results_table(evals, domains)}

Preference accuracy (paper) is the share of held-out pairs whose chosen response has the higher
length-normalised log-probability; reward accuracy uses the DPO implicit reward against the reference.

## Figures

{chr(10).join(f'- [{p.stem}]({FIGURES}/{p.name})' for p in figs)}

Browse everything with `featurectl app --runs {out}`.
"""
    return write_text(out / REPORT, text)

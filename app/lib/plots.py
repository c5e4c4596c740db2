"""Plotly figures for the pages (pure functions of the readers' output)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from .curves import curve, nonfinite_steps
from .runs import Run

_LAYOUT = dict(margin=dict(l=10, r=10, t=40, b=10), height=320, legend=dict(orientation="h", y=-0.25))


HISTOGRAM_X = "activation, mean over each text's response tokens (FPO's c̄)"
HISTOGRAM_Y = "share of texts"
NAN_MARKER = dict(symbol="x", size=10, color="#dc2626")


def activation_histogram(centres, widths, target, control, title: str) -> go.Figure:
    """Target vs control texts binned by their pooled activation (one value per text: the
    mean over its response tokens, as discovery stores it); each side normalised to a share
    of its texts so that unequal text counts compare."""
    def dens(c):
        total = sum(c)
        return [x / total for x in c] if total else c

    fig = go.Figure()
    fig.add_bar(x=centres, y=dens(target), width=widths, name="target", opacity=0.6, marker_color="#d97706")
    fig.add_bar(x=centres, y=dens(control), width=widths, name="control", opacity=0.6, marker_color="#2563eb")
    fig.update_layout(barmode="overlay", title=title, xaxis_title=HISTOGRAM_X, yaxis_title=HISTOGRAM_Y,
                      **_LAYOUT)
    return fig


def run_colors(runs: list[Run]) -> dict[str, str]:
    """A fixed colour per run label, so a run looks the same in every figure."""
    pal = qualitative.D3 + qualitative.Set2
    return {r.label: pal[i % len(pal)] for i, r in enumerate(runs)}


def run_curves(runs: list[Run], key: str, title: str, colors: dict[str, str] | None = None) -> go.Figure | None:
    """One figure for metrics key ``key`` with every run overlaid; its eval/ rows are the
    same colour, dashed, in the same legend entry. Steps whose value was not finite
    (lib.curves) are red x markers at the run's last finite value before them (or 0).
    None when no run logs the key."""
    colors = colors or run_colors(runs)
    fig = go.Figure()
    for run in runs:
        for k, dash, suffix in ((key, None, ""), (f"eval/{key}", "dash", " (eval)")):
            df = curve(run, k)
            if not df.empty:
                fig.add_scatter(x=df["step"], y=df["value"], mode="lines+markers", name=run.label + suffix,
                                legendgroup=run.label, line=dict(dash=dash, color=colors.get(run.label)),
                                marker=dict(size=4))
            _add_nonfinite(fig, run, k, df, suffix)
    if not fig.data:
        return None
    fig.update_layout(title=title, xaxis_title="step", showlegend=True, margin=dict(l=10, r=10, t=40, b=10),
                      height=320, legend=dict(font=dict(size=10)))
    return fig


def _add_nonfinite(fig: go.Figure, run: Run, key: str, finite: pd.DataFrame, suffix: str) -> None:
    steps = nonfinite_steps(run, key)
    if not steps:
        return
    ys = []
    for s in steps:
        before = finite[finite["step"] <= s]["value"]
        ys.append(float(before.iloc[-1]) if len(before) else 0.0)
    fig.add_scatter(x=steps, y=ys, mode="markers", marker=NAN_MARKER, name=f"{run.label}{suffix}: {key} not finite",
                    legendgroup=run.label, hovertemplate=f"step %{{x}}: {key} is NaN/inf/missing<extra></extra>")


def bars(labels: list[str], values: list[float | None], title: str, unit: str, fmt: str = "{:.3g}") -> go.Figure:
    fig = go.Figure(go.Bar(x=labels, y=values, text=[None if v is None else fmt.format(v) for v in values],
                           textposition="outside", marker_color="#4f46e5"))
    fig.update_layout(title=title, yaxis_title=unit, **_LAYOUT)
    return fig


def control_bars(long: pd.DataFrame, domain: str, baseline_label: str,
                 colors: dict[str, str] | None = None) -> go.Figure:
    """Rates per metric for one domain, a bar per run with its 95 % interval; the
    baseline run is grey so changes against it stand out."""
    sub = long[long["domain"] == domain]
    fig = go.Figure()
    for run, g in sub.groupby("run", sort=False):
        err_hi = (g["hi"] - g["rate"]).where(g["hi"].notna())
        err_lo = (g["rate"] - g["lo"]).where(g["lo"].notna())
        fig.add_bar(x=g["metric"], y=g["rate"], name=run + (" [baseline]" if run == baseline_label else ""),
                    marker_color="#9ca3af" if run == baseline_label else (colors or {}).get(run),
                    error_y=dict(type="data", symmetric=False, array=err_hi.tolist(), arrayminus=err_lo.tolist()))
    fig.update_layout(barmode="group", title=f"control: {domain}", yaxis_title="rate", yaxis_range=[0, 1.05],
                      **_LAYOUT)
    return fig


def control_table_bars(block) -> go.Figure:
    """Table-4 domain block as grouped bars: capability on x, one bar per row (a)/(b)/(c)."""
    fig = go.Figure()
    caps = block.capabilities
    for r in block.rows:
        cells = [r.metrics.get(c) for c in caps]
        fig.add_bar(
            x=[f"{c} (targeted)" if c == block.targeted else c for c in caps],
            y=[c.rate if c else None for c in cells],
            name=f"({r.key}) {r.setting}",
            error_y=dict(type="data", symmetric=False,
                         array=[(c.ci95[1] - c.rate) if c and c.rate is not None else None for c in cells],
                         arrayminus=[(c.rate - c.ci95[0]) if c and c.rate is not None else None for c in cells]),
        )
    fig.update_layout(barmode="group", title=f"domain: {block.domain}", yaxis_title="rate", yaxis_range=[0, 1.05],
                      **_LAYOUT)
    return fig

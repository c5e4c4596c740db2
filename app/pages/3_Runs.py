"""Runs: the paper's Table 2 layout for the selected runs, training curves with
runs overlaid, efficiency bars, control metrics against a beta=0 baseline, and
the resolved config with a diff between two runs."""

import sys
from pathlib import Path

_APP_DIR = str(Path(__file__).resolve().parents[1])
if _APP_DIR not in sys.path:
    sys.path.insert(0, _APP_DIR)

import streamlit as st  # noqa: E402

from lib import plots  # noqa: E402
from lib.runs import (  # noqa: E402
    CURVES, config_diff, config_unified_diff, control_long, control_vs_baseline, guess_baseline, table2,
)
from lib.ui import get_runs, no_runs_message, page_setup, running_notice, show_problems, status_badge  # noqa: E402

paths = page_setup("Runs")
st.title("Runs")

all_runs = get_runs(paths.runs)
if not all_runs:
    no_runs_message(paths.runs)
    st.stop()

by_name = {r.name: r for r in all_runs}
names = st.multiselect("Runs", list(by_name), default=list(by_name)[:8],
                       format_func=lambda n: f"{n} · {by_name[n].method} · {status_badge(by_name[n])}")
runs = [by_name[n] for n in names]
if not runs:
    st.info("Select one or more runs.")
    st.stop()

running_notice(runs)
for r in runs:
    if r.status == "failed":
        st.warning(f"Run `{r.name}` failed (summary.json status: failed); its numbers stop at step {r.last_step}.")
    show_problems(r.problems, f"run `{r.name}`")

# ---------------------------------------------------------------- Table 2
st.subheader("Metrics (Table 2 layout)")
t2 = table2(runs)
st.dataframe(t2, placeholder="—", column_config={
    c: st.column_config.NumberColumn(c, format=("%.1f" if "%" in c else "%.0f" if "MB" in c else "%.4g"))
    for c in t2.columns})
st.caption("Pref. acc. (paper): share of held-out pairs where the policy gives the chosen answer a higher "
           "token-wise probability than the rejected one (eval.json). Reward acc.: implicit-reward accuracy. "
           "Diversity H: entropy of generations. KL: sequential KL to the reference. Feature MSE margin: "
           "|D(y_l) - D(y_w)|. Empty cells: not measured for that run (run `featurectl eval`).")

# ---------------------------------------------------------------- curves
st.subheader("Training curves")
st.caption("Solid: training steps; dashed: evaluation rows (eval/*) of the same run.")
colors = plots.run_colors(runs)
cols = st.columns(2)
missing = []
i = 0
for key, title in CURVES:
    fig = plots.run_curves(runs, key, title, colors)
    if fig is None:
        missing.append(key)
        continue
    with cols[i % 2]:
        st.plotly_chart(fig, key=f"curve_{key}")
    i += 1
if missing:
    st.caption("Not logged by the selected runs: " + ", ".join(f"`{k}`" for k in missing))

# ---------------------------------------------------------------- efficiency
st.subheader("Efficiency")
c1, c2 = st.columns(2)
labels = list(t2.index)
mem = [None if v != v else float(v) for v in t2["Peak mem (MB)"]]
stp = [None if v != v else float(v) for v in t2["Step time (s)"]]
with c1:
    st.plotly_chart(plots.bars(labels, mem, "Peak memory", "MB", "{:,.0f}"), key="bar_mem")
with c2:
    st.plotly_chart(plots.bars(labels, stp, "Mean step time", "s", "{:.3f}"), key="bar_step")

# ---------------------------------------------------------------- control metrics
st.subheader("Control metrics per domain")
long = control_long(runs)
if long.empty:
    st.info("None of the selected runs has control metrics (eval.json `control`); run `featurectl eval`.")
else:
    base_idx = guess_baseline(runs)
    base = st.selectbox("Baseline run (beta = 0)", [r.label for r in runs], index=base_idx,
                        help="the unmasked run that the others are compared with")
    cmp = control_vs_baseline(long, base)
    domains = list(dict.fromkeys(cmp["domain"]))
    cols = st.columns(2)
    for j, d in enumerate(domains):
        with cols[j % 2]:
            st.plotly_chart(plots.control_bars(cmp, d, base, colors), key=f"ctl_{d}")
    delta = cmp.pivot_table(index=["domain", "metric"], columns="run", values="delta", sort=False)
    st.dataframe(delta, placeholder="—",
                 column_config={c: st.column_config.NumberColumn(c, format="%+.3f") for c in delta.columns})
    st.caption(f"Change in rate against `{base}` (positive: more often than the baseline).")

# ---------------------------------------------------------------- config
st.subheader("Resolved config")
c1, c2 = st.columns(2)
a = c1.selectbox("Run A", [r.name for r in runs], index=0, key="cfg_a")
b = c2.selectbox("Run B", [r.name for r in runs], index=min(1, len(runs) - 1), key="cfg_b")
ra, rb = by_name[a], by_name[b]
with c1:
    if ra.config is None:
        st.info(f"`{a}` has no readable config.yaml.")
    else:
        st.json(ra.config, expanded=1)
with c2:
    if rb.config is None:
        st.info(f"`{b}` has no readable config.yaml.")
    else:
        st.json(rb.config, expanded=1)
if a != b and ra.config is not None and rb.config is not None:
    diff = config_diff(ra.config, rb.config)
    if diff.empty:
        st.success("The two configs are identical.")
    else:
        st.markdown(f"**{len(diff)} differing key(s)** (A = `{a}`, B = `{b}`)")
        st.dataframe(diff, hide_index=True)
        with st.expander("Unified diff"):
            st.code(config_unified_diff(ra.config, rb.config, a, b), language="diff")

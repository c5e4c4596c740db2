"""Runs: the paper's Table 2 layout for the selected runs, training curves with
runs overlaid (non-finite steps marked), efficiency bars, control metrics against an
unmasked baseline run, and the resolved config with a diff between two runs."""

import sys
from pathlib import Path

_APP_DIR = str(Path(__file__).resolve().parents[1])
if _APP_DIR not in sys.path:
    sys.path.insert(0, _APP_DIR)

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from lib import plots  # noqa: E402
from lib.configdiff import config_diff, config_unified_diff  # noqa: E402
from lib.curves import CURVES, nonfinite_steps  # noqa: E402
from lib.runs import Run, control_long, control_vs_baseline, guess_baseline, table2  # noqa: E402
from lib.ui import page_setup, running_notice, runs_or_explain, show_problems, status_badge  # noqa: E402

NO_BASELINE = "(none: show rates only)"


def pick_runs(all_runs: list[Run]) -> list[Run]:
    by_name = {r.name: r for r in all_runs}
    names = st.multiselect("Runs", list(by_name), default=list(by_name)[:8],
                           format_func=lambda n: f"{n} · {by_name[n].method} · {status_badge(by_name[n])}")
    return [by_name[n] for n in names]


def table2_section(t2: pd.DataFrame) -> None:
    st.subheader("Metrics (Table 2 layout)")
    st.dataframe(t2, placeholder="—", column_config={
        c: st.column_config.NumberColumn(c, format=("%.1f" if "%" in c else "%.0f" if "MB" in c else "%.4g"))
        for c in t2.columns})
    st.caption("Pref. acc. (paper): share of held-out pairs where the policy gives the chosen answer a higher "
               "token-wise probability than the rejected one (eval.json). Reward acc.: implicit-reward accuracy. "
               "Diversity H: entropy of generations. KL: sequential KL to the reference. Feature MSE margin: "
               "|D(y_l) - D(y_w)|. Empty cells: not measured for that run (run `featurectl eval`).")


def curves_section(runs: list[Run], colors: dict[str, str]) -> None:
    st.subheader("Training curves")
    st.caption("Solid: training steps; dashed: evaluation rows (eval/*) of the same run; red ✕: a step whose "
               "value was NaN, infinite or dropped (placed at the run's last finite value).")
    cols, missing, i = st.columns(2), [], 0
    for key, title in CURVES:
        fig = plots.run_curves(runs, key, title, colors)
        if fig is None:
            missing.append(key)
            continue
        with cols[i % 2]:
            st.plotly_chart(fig, key=f"curve_{key}")
        i += 1
    for r in runs:
        bad = nonfinite_steps(r, "loss")
        if bad:
            shown = ", ".join(str(s) for s in bad[:10]) + (", ..." if len(bad) > 10 else "")
            st.warning(f"Run `{r.name}`: {len(bad)} step(s) had a NaN loss (steps {shown}); marked ✕ on the curves.")
    if missing:
        st.caption("Not logged by the selected runs: " + ", ".join(f"`{k}`" for k in missing))


def efficiency_section(t2: pd.DataFrame) -> None:
    st.subheader("Efficiency")
    c1, c2 = st.columns(2)
    labels = list(t2.index)
    mem = [None if v != v else float(v) for v in t2["Peak mem (MB)"]]
    stp = [None if v != v else float(v) for v in t2["Step time (s)"]]
    with c1:
        st.plotly_chart(plots.bars(labels, mem, "Peak memory", "MB", "{:,.0f}"), key="bar_mem")
    with c2:
        st.plotly_chart(plots.bars(labels, stp, "Mean step time", "s", "{:.3f}"), key="bar_step")


def control_section(runs: list[Run], colors: dict[str, str]) -> None:
    st.subheader("Control metrics per domain")
    long = control_long(runs)
    if long.empty:
        st.info("None of the selected runs has control metrics (eval.json `control`); run `featurectl eval`.")
        return
    guess = guess_baseline(runs)
    base = st.selectbox("Baseline run (β = 0)", [NO_BASELINE, *(r.label for r in runs)],
                        index=0 if guess is None else guess + 1,
                        help="an unmasked run (no listed features) that the others are compared with; "
                             "by default one of the selected runs with the method of a masked run")
    cmp = control_vs_baseline(long, None if base == NO_BASELINE else base)
    cols = st.columns(2)
    for j, d in enumerate(dict.fromkeys(cmp["domain"])):
        with cols[j % 2]:
            st.plotly_chart(plots.control_bars(cmp, d, base, colors), key=f"ctl_{d}")
    if base == NO_BASELINE:
        st.caption("No unmasked run among the selected ones to compare with; showing rates only. Pick a baseline "
                   "above to see changes against it.")
        return
    delta = cmp.pivot_table(index=["domain", "metric"], columns="run", values="delta", sort=False)
    st.dataframe(delta, placeholder="—",
                 column_config={c: st.column_config.NumberColumn(c, format="%+.3f") for c in delta.columns})
    st.caption(f"Change in rate against `{base}` (positive: more often than the baseline).")


def show_config(col, run: Run) -> None:
    with col:
        if run.is_reference:
            st.info(run.description)
        elif run.config is None:
            st.info(f"`{run.name}` has no readable config.yaml.")
        else:
            if run.description:
                st.caption(run.description)
            st.json(run.config, expanded=1)


def config_section(runs: list[Run]) -> None:
    st.subheader("Resolved config")
    by_name = {r.name: r for r in runs}
    c1, c2 = st.columns(2)
    a = c1.selectbox("Run A", list(by_name), index=0, key="cfg_a")
    b = c2.selectbox("Run B", list(by_name), index=min(1, len(runs) - 1), key="cfg_b")
    ra, rb = by_name[a], by_name[b]
    show_config(c1, ra)
    show_config(c2, rb)
    if a == b or ra.config is None or rb.config is None or ra.is_reference or rb.is_reference:
        return
    diff = config_diff(ra.config, rb.config)
    if diff.empty:
        st.success("The two configs are identical.")
        return
    st.markdown(f"**{len(diff)} differing key(s)** (A = `{a}`, B = `{b}`)")
    st.dataframe(diff, hide_index=True)
    with st.expander("Unified diff"):
        st.code(config_unified_diff(ra.config, rb.config, a, b), language="diff")


def main() -> None:
    paths = page_setup("Runs")
    st.title("Runs")
    all_runs = runs_or_explain(paths.runs)
    if not all_runs:
        return
    runs = pick_runs(all_runs)
    if not runs:
        st.info("Select one or more runs.")
        return
    running_notice(runs)
    for r in runs:
        if r.status == "failed":
            st.warning(f"Run `{r.name}` failed (summary.json status: failed); its numbers stop at step {r.last_step}.")
        show_problems(r.problems, f"run `{r.name}`")
    t2 = table2(runs)
    colors = plots.run_colors(runs)
    table2_section(t2)
    curves_section(runs, colors)
    efficiency_section(t2)
    control_section(runs, colors)
    config_section(runs)


main()

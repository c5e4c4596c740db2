"""Control: the accurate-control experiment in the paper's Table 4 layout, read from
``<experiment_dir>/control_table.json`` (shape in app/lib/control_table.py)."""

import sys
from pathlib import Path

_APP_DIR = str(Path(__file__).resolve().parents[1])
if _APP_DIR not in sys.path:
    sys.path.insert(0, _APP_DIR)

import streamlit as st  # noqa: E402

from lib.control_table import FILE_NAME, domain_frame, find_control_tables, load_control_table  # noqa: E402
from lib.plots import control_table_bars  # noqa: E402
from lib.ui import page_setup  # noqa: E402

paths = page_setup("Control")
st.title("Accurate control")
st.caption("Per domain: (a) FPO without a mask, (b) FPO with the domain's `_off` feature set, (c) the reference "
           "model. The targeted capability should drop in (b); the non-targeted ones should not move.")

candidates = [p for p in (paths.experiment, paths.runs, paths.runs.parent, Path("out")) if p is not None]
found = find_control_tables(candidates)
if not found:
    where = ", ".join(f"`{p}`" for p in candidates)
    st.info(f"No {FILE_NAME} found (looked in {where} and their sub-folders). `featurectl experiment control` "
            "writes it; point the app at its folder with `featurectl app --experiment DIR`.")
    st.stop()

path = st.selectbox("Control table", found, format_func=str)
table, problems = load_control_table(path)
if table is None:
    st.warning("This control table cannot be read:\n\n" + "\n".join(f"- {p}" for p in problems))
    st.stop()
if table.title:
    st.subheader(table.title)
meta = " · ".join(x for x in (f"model: {table.model}" if table.model else "", table.notes) if x)
if meta:
    st.caption(meta)
for block in table.domains:
    st.markdown(f"### {block.domain}")
    st.dataframe(domain_frame(block))
    runs = [f"({r.key}) `{r.run}`" for r in block.rows if r.run]
    sets = [f"({r.key}) `{r.feature_set}`" for r in block.rows if r.feature_set]
    st.caption("cells: rate [95 % CI] n" + (" · runs: " + ", ".join(runs) if runs else "")
               + (" · feature sets: " + ", ".join(sets) if sets else ""))
    st.plotly_chart(control_table_bars(block), key=f"ctl_table_{block.domain}")

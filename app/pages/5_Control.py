"""Control: the accurate-control experiment in the paper's Table 4 layout, read from
``control_table.json`` (shape in app/lib/control_table.py), written by
``featurectl experiment control`` and by ``featurectl demo`` (``runs/demo/``)."""

import sys
from pathlib import Path

_APP_DIR = str(Path(__file__).resolve().parents[1])
if _APP_DIR not in sys.path:
    sys.path.insert(0, _APP_DIR)

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from lib.control_table import (  # noqa: E402
    FILE_NAME, DomainBlock, diff_frame, domain_frame, find_control_tables, label, load_control_table, search_dirs,
)
from lib.plots import control_table_bars  # noqa: E402
from lib.ui import page_setup  # noqa: E402


def _wide_table(frame: pd.DataFrame, index: str, highlight: str | None = None, index_width: str = "medium") -> None:
    """Cells like "rate [lo, hi] n=N": each column keeps a readable width, the table takes the page's
    width and scrolls sideways when the columns do not fit, with the row labels pinned. ``highlight``:
    an index label whose row is shaded (the targeted capability); ``index_width``: the row labels' width."""
    config = {c: st.column_config.TextColumn(c, width="medium") for c in frame.columns}
    config[index] = st.column_config.TextColumn(index, width=index_width, pinned=True)
    shade = "background-color: rgba(245, 158, 11, 0.18); font-weight: bold"
    data = frame if highlight is None else frame.style.apply(
        lambda r: [shade if r.name == highlight else ""] * len(r), axis=1)
    st.dataframe(data, width="stretch", column_config=config)


def differences(block: DomainBlock) -> None:
    """The (x)−(y) differences with their Newcombe intervals, or a note for an older table."""
    frame = diff_frame(block)
    if frame is None:
        st.info("This table has no differences between rows (written before control_table.json carried "
                "them): `protocol.json` and `control_table.md` beside it have them, and "
                "`scripts/control_table_diffs.py` adds them from there.")
        return
    _wide_table(frame, "capability", highlight=label(block, block.targeted), index_width="large")
    st.caption("Differences in points, rate(x) − rate(y), with Newcombe's 95 % interval (hybrid score, from the "
               "two Wilson intervals); * marks an interval that excludes 0.")


def domain_block(block: DomainBlock) -> None:
    """One domain: the rows' rates, the differences between rows, then the bars."""
    st.markdown(f"### {block.domain}")
    _wide_table(domain_frame(block), "row")
    runs = [f"({r.key}) `{r.run}`" for r in block.rows if r.run]
    sets = [f"({r.key}) `{r.feature_set}`" for r in block.rows if r.feature_set]
    st.caption("cells: rate [Wilson 95 % CI] n" + (" · runs: " + ", ".join(runs) if runs else "")
               + (" · feature sets: " + ", ".join(sets) if sets else ""))
    differences(block)
    st.plotly_chart(control_table_bars(block), key=f"ctl_table_{block.domain}")


def main() -> None:
    paths = page_setup("Control")
    st.title("Accurate control")
    st.caption("Per domain: (a) FPO without a mask, (b) FPO with the domain's `_off` feature set, (c) the reference "
               "model. The targeted capability should drop in (b); the non-targeted ones should not move: "
               "the second table gives each difference between rows with its 95 % interval.")
    candidates = search_dirs(paths.runs, paths.experiment)
    found = find_control_tables(candidates)
    if not found:
        where = ", ".join(f"`{p}`" for p in candidates)
        st.info(f"No {FILE_NAME} found (looked in {where} and their sub-folders). `featurectl demo` and "
                "`featurectl experiment control` write it; point the app at its folder with "
                "`featurectl app --experiment DIR`.")
        return
    path = st.selectbox("Control table", found, format_func=str)
    table, problems = load_control_table(path)
    if table is None:
        st.warning("This control table cannot be read:\n\n" + "\n".join(f"- {p}" for p in problems))
        return
    if table.title:
        st.subheader(table.title)
    meta = " · ".join(x for x in (f"model: {table.model}" if table.model else "", table.notes) if x)
    if meta:
        st.caption(meta)
    for block in table.domains:
        domain_block(block)


main()

"""featurectl explorer: home page (overview of what is on disk).

Start with ``featurectl app`` (see featurectl/commands/app_cmd.py) or
``streamlit run app/Home.py``; input folders come from FEATURECTL_APP_* variables
(app/lib/paths.py). The app reads files only and never loads a model.
"""

import sys
from pathlib import Path

_APP_DIR = str(Path(__file__).resolve().parent)
if _APP_DIR not in sys.path:
    sys.path.insert(0, _APP_DIR)

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from featurectl.rundir import EVAL, METRICS  # noqa: E402
from lib.control_table import find_control_tables, search_dirs  # noqa: E402
from lib.featuresets import list_set_files  # noqa: E402
from lib.paths import AppPaths  # noqa: E402
from lib.runs import Run  # noqa: E402
from lib.ui import (  # noqa: E402
    get_discovery_results, get_runs, no_runs_message, page_setup, running_notice, show_problems, status_badge,
)

PAGES = (
    ("pages/1_Features.py", "Features: discovery scores, histograms, top contexts", "search"),
    ("pages/2_Beta_editor.py", "Beta editor: build and export a feature set", "tune"),
    ("pages/3_Runs.py", "Runs: Table 2, training curves, control metrics, config diff", "monitoring"),
    ("pages/4_Samples.py", "Samples: generations of two runs side by side", "chat"),
    ("pages/5_Control.py", "Control: the accurate-control table (Table 4)", "target"),
)


def runs_table(runs: list[Run]) -> None:
    running_notice(runs)
    st.dataframe(
        pd.DataFrame([{"run": r.name, "method": r.method, "status": status_badge(r),
                       "model": (r.summary or {}).get("model") or (r.config or {}).get("model"),
                       f"rows in {METRICS}": len(r.metrics), EVAL: r.eval is not None,
                       "samples": len(r.samples)} for r in runs]),
        hide_index=True,
    )
    show_problems([p for r in runs for p in r.problems], "some runs")


def main() -> None:
    paths: AppPaths = page_setup("Home")
    st.title("featurectl explorer")
    st.markdown(
        "Browse FPO runs, SAE feature discovery results and per-feature beta masks "
        "([Constrain Alignment with Sparse Autoencoders](https://arxiv.org/abs/2411.07618)). "
        "Everything here is read from files; no model is loaded."
    )
    runs = get_runs(paths.runs)
    results = get_discovery_results(paths.discovery)
    sets = list_set_files(paths.features)
    tables = find_control_tables(search_dirs(paths.runs, paths.experiment))
    for col, (label, n) in zip(st.columns(4), (("Runs", runs), ("Discovery results", results),
                                               ("Feature sets", sets), ("Control tables", tables))):
        col.metric(label, len(n))
    st.subheader("Runs")
    if runs:
        runs_table(runs)
    else:
        no_runs_message(paths.runs)
    st.subheader("Pages")
    for page, label, icon in PAGES:
        st.page_link(page, label=label, icon=f":material/{icon}:")
    if not results:
        st.caption(f"No discovery results under `{paths.discovery}` (run `featurectl discover`).")
    if not sets:
        st.caption(f"No feature sets in `{paths.features}`.")


main()

"""Streamlit glue shared by the pages: cached loaders keyed on file signatures,
problem display, the sidebar."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from .discovery import DiscoveryResult, discovery_signature, find_discovery_results, load_discovery, result_name
from .paths import AppPaths, app_paths
from .runs import STATUS_STOPPED, Run, list_runs, load_run, lock_text, run_name, run_signature


def page_setup(title: str) -> AppPaths:
    """set_page_config + the sidebar with the input locations and a reload button."""
    st.set_page_config(page_title=f"featurectl · {title}", page_icon=":material/tune:", layout="wide")
    paths = app_paths()
    with st.sidebar:
        st.caption("Inputs (set by `featurectl app` options)")
        st.caption(f"runs: `{paths.runs}`  \nfeature sets: `{paths.features}`  \ndiscovery: `{paths.discovery}`"
                   + (f"  \nexperiment: `{paths.experiment}`" if paths.experiment else ""))
        if st.button("Reload files", help="Re-read changed files (a running run's metrics grow)"):
            st.cache_resource.clear()
    return paths


# Run / discovery objects are cached in memory (no pickling, unlike st.cache_data) and
# keyed on (mtime, size) of their files, so a growing metrics.jsonl is re-read.
@st.cache_resource(show_spinner=False, max_entries=256)
def _run_cached(path: str, name: str, signature: tuple) -> Run:
    return load_run(Path(path), name)


def get_runs(runs_dir: Path) -> list[Run]:
    """Every run under ``runs_dir`` (see lib.runs.list_runs), named by relative path."""
    return [_run_cached(str(p), run_name(p, runs_dir), run_signature(p)) for p in list_runs(runs_dir)]


@st.cache_resource(show_spinner=False, max_entries=64)
def _discovery_cached(path: str, name: str, signature: tuple) -> DiscoveryResult:
    return load_discovery(Path(path), name)


def get_discovery_results(root: Path) -> dict[str, Path]:
    """Display name -> directory of every discovery result under ``root``."""
    return {result_name(p, root): p for p in find_discovery_results(root)}


def get_discovery(path: Path, name: str) -> DiscoveryResult:
    return _discovery_cached(str(path), name, discovery_signature(path))


def show_problems(problems: list[str], what: str = "") -> None:
    """One st.warning listing what could not be read (the page goes on with the rest)."""
    if problems:
        head = f"Some files of {what} could not be read; showing the rest." if what else "Some files could not be read."
        st.warning(head + "\n\n" + "\n".join(f"- {p}" for p in problems))


def status_badge(run: Run) -> str:
    step = run.last_step
    extra = f", step {step}" if step is not None else ""
    return f"{run.status}{extra}"


def no_runs_message(runs_dir: Path) -> None:
    if not runs_dir.exists():
        st.info(f"No runs yet: `{runs_dir}` does not exist. Train one with `featurectl train ...` "
                f"(or `featurectl demo --tiny`), or point the app at another folder with `featurectl app --runs DIR`.")
    else:
        st.info(f"No runs yet in `{runs_dir}`. Train one with `featurectl train ...` (or `featurectl demo --tiny`); "
                "each run writes a folder with config.yaml, metrics.jsonl and summary.json here.")


def runs_or_explain(runs_dir: Path) -> list[Run]:
    """The runs under ``runs_dir``; when there are none, the page shows why (and gets [])."""
    runs = get_runs(runs_dir)
    if not runs:
        no_runs_message(runs_dir)
    return runs


def running_notice(runs: list[Run]) -> None:
    """st.info for runs still training (their numbers are partial), st.warning for runs
    whose writing process is gone (killed; they will never finish by themselves)."""
    running = [r for r in runs if r.status == "running"]
    if running:
        st.info("Still training (numbers are partial; press **Reload files** for new rows): "
                + ", ".join(f"`{r.name}` ({status_badge(r)})" for r in running))
    for r in runs:
        if r.status == STATUS_STOPPED:
            st.warning(f"Run `{r.name}` is {STATUS_STOPPED}: summary.json still says running, but the process in "
                       f"its lock ({lock_text(r.path)}) is gone, so it was killed at step {r.last_step}. Continue it "
                       f"with `featurectl train --resume` on the same output directory.")

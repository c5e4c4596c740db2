"""Features: scores, labels and betas of SAE features from a discovery result or a
feature set; per feature the target-vs-control histogram of per-text pooled activations
and the top-activating contexts with the activating tokens highlighted."""

import sys
from pathlib import Path

_APP_DIR = str(Path(__file__).resolve().parents[1])
if _APP_DIR not in sys.path:
    sys.path.insert(0, _APP_DIR)

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from lib.discovery import (  # noqa: E402
    DiscoveryResult, activation_scale, as_float, context_card, histogram_bars,
)
from lib.featuresets import features_frame, list_set_files, try_load  # noqa: E402
from lib.paths import AppPaths  # noqa: E402
from lib.plots import activation_histogram  # noqa: E402
from lib.ui import get_discovery, get_discovery_results, page_setup, show_problems  # noqa: E402

SCORE_FMT = {
    "diff_mean": st.column_config.NumberColumn("diff. of means", format="%.4g",
                                               help="mean pooled activation on target minus control"),
    "auroc": st.column_config.NumberColumn("AUROC", format="%.3f", help="target vs control, 0.5 = no signal"),
    "freq_ratio": st.column_config.NumberColumn("freq. ratio", format="%.2f",
                                                help="firing frequency on target / on control"),
    "beta": st.column_config.NumberColumn("beta", format="%.2f"),
    "label": st.column_config.TextColumn("label", width="medium"),
}
SEARCH_HINT = "e.g. 17, 42 or 'brace'"


def search_filter(df: pd.DataFrame, query: str) -> pd.DataFrame:
    """Indices ("17", "17, 42") match exactly; any other text matches labels (case-insensitive)."""
    q = query.strip()
    if not q:
        return df
    parts = [p.strip() for p in q.replace(";", ",").split(",") if p.strip()]
    if parts and all(p.isdigit() for p in parts):
        return df[df["index"].isin([int(p) for p in parts])]
    return df[df["label"].astype(str).str.contains(q, case=False, regex=False)]


def histogram_panel(res: DiscoveryResult, idx: int) -> None:
    h = res.histograms.get(idx)
    if h is None:
        st.info(f"No activation histogram stored for feature {idx} in `{res.name}` "
                "(discovery stores histograms for the selected features).")
        return
    bars = histogram_bars(h) if isinstance(h, dict) else "not a mapping"
    if isinstance(bars, str):
        st.warning(f"{res.path / 'histograms.json'}: feature {idx}: {bars}")
        return
    st.plotly_chart(activation_histogram(*bars, title=f"feature {idx}: per-text activation, target vs control"),
                    key=f"hist_{res.name}_{idx}")
    st.caption("One value per text: the feature's activation averaged over the text's response tokens "
               "(FPO's c̄). Bars: share of the target texts / of the control texts in each bin.")


def contexts_panel(res: DiscoveryResult, idx: int) -> None:
    ctxs = res.contexts.get(idx)
    if not ctxs:
        st.info(f"No contexts stored for feature {idx} in `{res.name}`.")
        return
    side = st.radio("Contexts from", ["all", "target", "control"], horizontal=True, key="ctx_side")
    shown = sorted((c for c in ctxs if side == "all" or c.get("side") == side),
                   key=lambda c: -as_float(c.get("max_act")))
    n = st.slider("How many", 1, max(1, len(shown)), min(5, max(1, len(shown))), key="ctx_n") if shown else 0
    scale = activation_scale(ctxs)
    st.caption(f"Top-activating contexts; token shade = activation / {scale:.2f} (max over contexts); "
               "the max token is outlined; hover a token for its value.")
    for c in shown[:n]:
        st.markdown(context_card(c, scale), unsafe_allow_html=True)  # context_card escapes the file's text


def feature_detail(res: DiscoveryResult, idx: int) -> None:
    """Histogram (left) and top contexts (right) of feature ``idx`` in ``res``."""
    left, right = st.columns([1, 1])
    with left:
        histogram_panel(res, idx)
    with right:
        contexts_panel(res, idx)


def pick_feature(df: pd.DataFrame, key: str) -> int | None:
    if df.empty:
        return None
    labels = dict(zip(df["index"], df["label"]))
    return st.selectbox("Inspect feature", list(df["index"]), key=key,
                        format_func=lambda i: f"{i}" + (f" · {labels[i]}" if labels.get(i) else ""))


def betas_from_set(df: pd.DataFrame, set_files: list) -> pd.DataFrame:
    beta_from = st.selectbox("Beta from feature set", ["(none)"] + [n for n, _ in set_files],
                             help="betas a set gives these features; unlisted ones get its default_beta")
    if beta_from == "(none)":
        return df
    fs, err = try_load(dict(set_files)[beta_from])
    if err:
        st.error(err)
        return df
    listed = {f.index: f.beta for f in fs.features}
    return df.assign(beta=[listed.get(i, fs.default_beta) for i in df["index"]])


def filter_scores(df: pd.DataFrame) -> pd.DataFrame:
    """Search, "selected only", minimum AUROC and sort widgets applied to a discovery table."""
    c1, c2, c3 = st.columns([2, 1, 1])
    query = c1.text_input("Search by index or label", placeholder=SEARCH_HINT)
    only_sel = c2.checkbox("Selected only", value=False, disabled="selected" not in df.columns)
    min_auroc = c3.slider("Min AUROC", 0.0, 1.0, 0.0, 0.05, disabled="auroc" not in df.columns)
    df = search_filter(df, query)
    if only_sel and "selected" in df.columns:
        df = df[df["selected"]]
    if "auroc" in df.columns and min_auroc > 0:
        df = df[df["auroc"] >= min_auroc]
    sort_by = st.selectbox("Sort by", [c for c in ("auroc", "diff_mean", "freq_ratio", "index") if c in df.columns],
                           help="or click a column header")
    df = df.sort_values(sort_by, ascending=(sort_by == "index"))
    front = [c for c in ("index", "label", "selected", "beta", "diff_mean", "auroc", "freq_ratio") if c in df.columns]
    return df[front + [c for c in df.columns if c not in front]]


def discovery_view(paths: AppPaths, results: dict, set_files: list) -> None:
    if not results:
        st.info(f"No discovery results under `{paths.discovery}`. Run `featurectl discover ...` "
                "or start the app with `featurectl app --discovery DIR`.")
        return
    name = st.selectbox("Discovery result", list(results))
    res = get_discovery(results[name], name)
    show_problems(res.problems, f"`{name}`")
    s = res.summary
    if s:
        st.caption(" · ".join(f"{k}: {s[k]}" for k in ("domain", "model", "hook", "n_target", "n_control",
                                                       "heldout_auroc") if k in s))
    df = filter_scores(betas_from_set(res.features.copy(), set_files))
    st.caption(f"{len(df)} of {len(res.features)} features")
    st.dataframe(df, hide_index=True, column_config=SCORE_FMT, height=320)
    idx = pick_feature(df, "feat_disc")
    if idx is not None:
        feature_detail(res, int(idx))


def matching_result(results: dict, fs) -> int:
    """Index of the first discovery result made for ``fs``'s model and hook that holds
    histograms of its listed features; 0 when none does."""
    listed = {f.index for f in fs.features}
    for i, n in enumerate(results):
        res = get_discovery(results[n], n)
        if res.summary.get("hook") == fs.hook and res.summary.get("model") == fs.model and set(res.histograms) & listed:
            return i
    return 0


def feature_set_view(paths: AppPaths, results: dict, set_files: list) -> None:
    if not set_files:
        st.info(f"No feature sets in `{paths.features}` (YAML files). Make one on the Beta editor page "
                "or with `featurectl discover`.")
        return
    name = st.selectbox("Feature set", [n for n, _ in set_files])
    fs, err = try_load(dict(set_files)[name])
    if err:
        st.error(f"This feature set does not pass the schema (same check as the CLI):\n\n{err}")
        return
    st.caption(f"model: {fs.model} · sae: {fs.sae} · hook: {fs.hook} · top_k: {fs.top_k} · "
               f"default_beta: {fs.default_beta}" + (f"  \n{fs.description}" if fs.description else ""))
    df = search_filter(features_frame(fs), st.text_input("Search by index or label", placeholder=SEARCH_HINT))
    st.caption(f"{len(df)} of {len(fs.features)} listed features (all others: beta = {fs.default_beta})")
    st.dataframe(df, hide_index=True, column_config=SCORE_FMT)
    if not results:
        st.info("No discovery result to show histograms and contexts from.")
        return
    # Histograms and contexts live in discovery results; default to one made for the same model and hook.
    dname = st.selectbox("Histograms and contexts from discovery result", list(results),
                         index=matching_result(results, fs))
    idx = pick_feature(df, "feat_set")
    if idx is not None:
        feature_detail(get_discovery(results[dname], dname), int(idx))


def main() -> None:
    paths = page_setup("Features")
    st.title("Features")
    source = st.radio("Source", ["Discovery result", "Feature set"], horizontal=True)
    results = get_discovery_results(paths.discovery)
    set_files = list_set_files(paths.features)
    if source == "Discovery result":
        discovery_view(paths, results, set_files)
    else:
        feature_set_view(paths, results, set_files)


main()

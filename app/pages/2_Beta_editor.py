"""Beta editor: build a feature set (per-feature beta and target, default_beta,
top_k), see it as a table, and export YAML validated by the CLI's schema.

State lives in st.session_state under ``be_*`` keys; the Load buttons fill it
from a feature set file or a discovery result through callbacks (which run
before the widgets, so they may set widget values)."""

import sys
from pathlib import Path

_APP_DIR = str(Path(__file__).resolve().parents[1])
if _APP_DIR not in sys.path:
    sys.path.insert(0, _APP_DIR)

import streamlit as st  # noqa: E402
import yaml  # noqa: E402

from featurectl.feature_sets import save_feature_set  # noqa: E402
from lib.featuresets import (  # noqa: E402
    FeatureSet, discovery_provenance, feature_set_to_yaml, features_frame, finite_scores, list_set_files,
    sae_spec_from_identity, selected_in_rank_order, try_load, validate_mapping, validate_yaml_text,
)
from lib.ui import get_discovery, get_discovery_results, page_setup  # noqa: E402

paths = page_setup("Beta editor")
st.title("Beta editor")
st.caption("Per-feature beta is the weight of that feature's squared error in FPO's feature term; "
           "target `reference` pulls it toward the reference model's activation, `zero` switches it off. "
           "Unlisted features get `default_beta`; `top_k` is the uniform part (union of top-k per side).")

ss = st.session_state
HEADER_DEFAULTS = {"be_name": "my_set", "be_description": "", "be_model": "", "be_sae": "{path: ''}", "be_hook": "",
                   "be_top_k": 32, "be_default_beta": 1.0, "be_selected": [], "be_pool": {}, "be_provenance": {},
                   "be_loaded_error": None, "be_new_beta": 5.0, "be_new_target": "zero"}
for k, v in HEADER_DEFAULTS.items():
    ss.setdefault(k, v)


def _flow(d) -> str:
    return yaml.safe_dump(d, default_flow_style=True).strip()


def _set_feature_widgets(idx: int, beta: float, target: str, label: str) -> None:
    ss[f"be_beta_{idx}"] = float(beta)
    ss[f"be_target_{idx}"] = target
    ss[f"be_label_{idx}"] = label


def load_set(path: Path) -> None:
    """Callback: replace the editor's content with the set at ``path`` (or show why it is invalid)."""
    fs, err = try_load(path)
    ss.be_loaded_error = err
    if fs is None:
        return
    ss.be_name, ss.be_description, ss.be_model = fs.name, fs.description, fs.model
    ss.be_sae, ss.be_hook = _flow(fs.sae), fs.hook
    ss.be_top_k, ss.be_default_beta = fs.top_k, float(fs.default_beta)
    ss.be_provenance = dict(fs.provenance)
    ss.be_pool = {f.index: {"label": f.label, "scores": dict(f.scores)} for f in fs.features}
    ss.be_selected = [f.index for f in fs.features]
    for f in fs.features:
        _set_feature_widgets(f.index, f.beta, f.target, f.label)


def load_discovery(path: Path, name: str) -> None:
    """Callback: header from the result's summary, features = its selected ones at the chosen initial beta."""
    res = get_discovery(path, name)
    s = res.summary
    ss.be_loaded_error = "; ".join(res.problems) or None
    ss.be_name = f"{s.get('domain', Path(name).name)}_off".replace("/", "_")
    ss.be_description = f"from discovery result {name}"
    ss.be_model = str(s.get("model", ""))
    ss.be_sae = _flow(sae_spec_from_identity(s.get("sae")))
    ss.be_hook = str(s.get("hook", ""))
    ss.be_provenance = discovery_provenance(name, s)
    df = res.features
    ss.be_pool = {int(r["index"]): {"label": str(r.get("label", "")), "scores": finite_scores(r)}
                  for _, r in df.iterrows()}
    ss.be_selected = [i for i in selected_in_rank_order(df, s) if i in ss.be_pool]
    for i in ss.be_selected:
        _set_feature_widgets(i, ss.be_new_beta, ss.be_new_target, ss.be_pool[i]["label"])


def add_index() -> None:
    """Callback: list the index typed in "Add feature index"."""
    idx = int(ss.be_add_idx)
    if idx not in ss.be_selected:
        ss.be_pool.setdefault(idx, {"label": "", "scores": {}})
        ss.be_selected = [*ss.be_selected, idx]
        _set_feature_widgets(idx, ss.be_new_beta, ss.be_new_target, ss.be_pool[idx]["label"])


# ---------------------------------------------------------------- load
with st.expander("Start from…", expanded=not ss.be_selected):
    tab_set, tab_disc = st.tabs(["Existing feature set", "Discovery result"])
    with tab_set:
        files = list_set_files(paths.features)
        if not files:
            st.info(f"No feature sets in `{paths.features}`.")
        else:
            file_map = dict(files)
            st.selectbox("Feature set", list(file_map), key="be_pick_set")
            # Callbacks read the pick from session state: it is this run's value even when the
            # selectbox and the button change in the same rerun.
            st.button("Load set", key="be_load_set", on_click=lambda: load_set(file_map[ss.be_pick_set]))
    with tab_disc:
        results = get_discovery_results(paths.discovery)
        if not results:
            st.info(f"No discovery results under `{paths.discovery}`.")
        else:
            st.selectbox("Discovery result", list(results), key="be_pick_disc")
            c1, c2 = st.columns(2)
            c1.number_input("Initial beta for its selected features", min_value=0.0, step=0.5, key="be_new_beta")
            c2.radio("Initial target", ["zero", "reference"], horizontal=True, key="be_new_target")
            st.button("Load selected features", key="be_load_disc",
                      on_click=lambda: load_discovery(results[ss.be_pick_disc], ss.be_pick_disc))
if ss.be_loaded_error:
    st.error(f"Could not load (same check as the CLI):\n\n{ss.be_loaded_error}")

# ---------------------------------------------------------------- header
st.subheader("Set")
c1, c2, c3 = st.columns(3)
c1.text_input("name", key="be_name")
c2.text_input("model", key="be_model", help="model registry name, HF id or path")
c3.text_input("hook", key="be_hook", placeholder="blocks.18.hook_resid_post")
c1, c2, c3 = st.columns(3)
c1.text_input("sae", key="be_sae", help="{path: builtin:NAME} or {release: R, sae_id: ID}")
c2.number_input("top_k", min_value=1, step=1, key="be_top_k")
c3.slider("default_beta (unlisted features)", 0.0, max(10.0, float(ss.be_default_beta)), step=0.1,
          key="be_default_beta")
st.text_input("description", key="be_description")

# ---------------------------------------------------------------- features
st.subheader("Features")
pool = ss.be_pool
st.multiselect(
    "Listed features", options=sorted(set(pool) | set(ss.be_selected)), key="be_selected",
    format_func=lambda i: f"{i}" + (f" · {pool[i]['label']}" if pool.get(i, {}).get("label") else ""),
)
c1, c2 = st.columns([1, 3])
c1.number_input("Add feature index", min_value=0, step=1, value=0, key="be_add_idx")
c2.button("Add", on_click=add_index, key="be_add")

for idx in ss.be_selected:
    ss.setdefault(f"be_beta_{idx}", float(ss.be_new_beta))
    ss.setdefault(f"be_target_{idx}", ss.be_new_target)
    ss.setdefault(f"be_label_{idx}", pool.get(idx, {}).get("label", ""))
    c1, c2, c3 = st.columns([1, 2, 2])
    c1.markdown(f"**{idx}**")
    c1.text_input("label", key=f"be_label_{idx}", label_visibility="collapsed")
    c2.slider(f"beta · {idx}", 0.0, max(10.0, float(ss[f"be_beta_{idx}"])), step=0.1, key=f"be_beta_{idx}")
    c3.radio(f"target · {idx}", ["reference", "zero"], horizontal=True, key=f"be_target_{idx}")

# ---------------------------------------------------------------- result
try:
    sae = yaml.safe_load(ss.be_sae) if ss.be_sae.strip() else {}
except yaml.YAMLError:
    sae = ss.be_sae  # the schema reports it as "not a valid dictionary"
data = {
    "name": ss.be_name, "description": ss.be_description, "model": ss.be_model, "sae": sae, "hook": ss.be_hook,
    "top_k": int(ss.be_top_k), "default_beta": float(ss.be_default_beta),
    "features": [{"index": int(i), "beta": float(ss[f"be_beta_{i}"]), "target": ss[f"be_target_{i}"],
                  "label": ss[f"be_label_{i}"], "scores": pool.get(i, {}).get("scores", {})}
                 for i in ss.be_selected],
    "provenance": ss.be_provenance,
}
file_name = f"{ss.be_name or 'feature_set'}.yaml"
fs, err = validate_mapping(data, file_name)

st.subheader("Result")
if not (ss.be_model.strip() or ss.be_hook.strip() or ss.be_selected):
    st.info("Load a feature set or a discovery result above, or fill in model, sae and hook, to see the set.")
    ss.be_export_yaml = None
elif err:
    st.error(f"Not a valid feature set (same check as `featurectl train --feature-set`):\n\n{err}")
    ss.be_export_yaml = None
else:
    assert isinstance(fs, FeatureSet)
    st.dataframe(features_frame(fs), hide_index=True)
    text = feature_set_to_yaml(fs)
    ss.be_export_yaml = text
    st.code(text, language="yaml", wrap_lines=True)
    c1, c2, c3 = st.columns([1, 1, 2])
    c1.download_button("Download YAML", text, file_name=file_name, mime="application/x-yaml", key="be_download")
    target_path = paths.features / file_name
    overwrite = c3.checkbox(f"overwrite `{target_path}`", value=False, key="be_overwrite",
                            disabled=not target_path.exists())
    if c2.button("Save to feature sets", key="be_save", help=f"write {target_path}"):
        if "/" in ss.be_name or "\\" in ss.be_name:
            st.error(f"name {ss.be_name!r} must not contain a path separator (it becomes the file name)")
        elif target_path.exists() and not overwrite:
            st.warning(f"`{target_path}` exists; tick overwrite to replace it.")
        else:
            save_feature_set(fs, target_path)
            st.success(f"Saved `{target_path}`")

with st.expander("Validate YAML text (paste or edit)"):
    st.text_area("Feature set YAML", key="be_yaml_text", height=240,
                 placeholder="name: my_set\nmodel: smollm2-135m\n...")
    if st.button("Validate", key="be_validate"):
        vfs, verr = validate_yaml_text(ss.be_yaml_text or "", file_name)
        if verr:
            st.error(verr)
        else:
            st.success(f"Valid: feature set {vfs.name!r} with {len(vfs.features)} listed feature(s).")

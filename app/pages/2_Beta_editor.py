"""Beta editor: build a feature set (per-feature beta and target, default_beta,
top_k), edit it in a compact table (sliders per feature on demand), and export YAML
validated by the CLI's schema.

State lives in st.session_state under ``be_*`` keys. ``be_rows`` (index -> beta, target,
label) is the editor's content; the table (``st.data_editor``, key ``be_table_key``) or,
when "Sliders per feature" is on, one slider and radio per feature edit it. Loading a set,
adding a feature or switching the editor gives the table a fresh key, so its cell edits
always apply to the rows it was drawn with. Load buttons fill the state through callbacks
(which run before the widgets, so they may set widget values)."""

import sys
from pathlib import Path

_APP_DIR = str(Path(__file__).resolve().parents[1])
if _APP_DIR not in sys.path:
    sys.path.insert(0, _APP_DIR)

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402
import yaml  # noqa: E402

from lib.featuresets import (  # noqa: E402
    FeatureSet, check_set_name, discovery_provenance, feature_set_to_yaml, features_frame, finite_scores,
    list_set_files, sae_spec_from_identity, save_feature_set, selected_in_rank_order, try_load, validate_mapping,
    validate_yaml_text,
)
from lib.paths import AppPaths  # noqa: E402
from lib.ui import get_discovery, get_discovery_results, page_setup  # noqa: E402

ss = st.session_state
DEFAULTS = {"be_name": "my_set", "be_description": "", "be_model": "", "be_sae": "{path: ''}", "be_hook": "",
            "be_top_k": 32, "be_default_beta": 1.0, "be_selected": [], "be_pool": {}, "be_provenance": {},
            "be_rows": {}, "be_table_v": 0, "be_loaded_error": None, "be_new_beta": 5.0, "be_new_target": "zero"}
TARGETS = ["reference", "zero"]
TABLE_COLUMNS = {
    "index": st.column_config.NumberColumn("index", disabled=True, format="%d"),
    "label": st.column_config.TextColumn("label", width="large"),
    "beta": st.column_config.NumberColumn("β", min_value=0.0, step=0.1, format="%.2f", required=True,
                                          help="weight of this feature's squared error in FPO's feature term"),
    "target": st.column_config.SelectboxColumn("target", options=TARGETS, required=True,
                                               help="reference: pull toward the reference's activation; "
                                                    "zero: switch the feature off"),
}


def _flow(d) -> str:
    return yaml.safe_dump(d, default_flow_style=True).strip()


def set_rows(rows: dict[int, dict]) -> None:
    """Replace the features' values; the table gets a fresh key and the sliders the same values."""
    ss.be_rows = rows
    ss.be_table_v += 1
    for idx, r in rows.items():
        ss[f"be_beta_{idx}"], ss[f"be_target_{idx}"], ss[f"be_label_{idx}"] = float(r["beta"]), r["target"], r["label"]


def listed_rows() -> dict[int, dict]:
    """``be_rows`` for the listed features, in listed order; a newly listed one gets the initial values."""
    pool, rows = ss.be_pool, ss.be_rows
    return {i: rows.get(i) or {"beta": float(ss.be_new_beta), "target": ss.be_new_target,
                               "label": pool.get(i, {}).get("label", "")} for i in ss.be_selected}


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
    set_rows({f.index: {"beta": f.beta, "target": f.target, "label": f.label} for f in fs.features})


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
    ss.be_pool = {int(r["index"]): {"label": str(r.get("label", "")), "scores": finite_scores(r)}
                  for _, r in res.features.iterrows()}
    ss.be_selected = [i for i in selected_in_rank_order(res.features, s) if i in ss.be_pool]
    set_rows({i: {"beta": float(ss.be_new_beta), "target": ss.be_new_target, "label": ss.be_pool[i]["label"]}
              for i in ss.be_selected})


def add_index() -> None:
    """Callback: list the index typed in "Add feature index"."""
    idx = int(ss.be_add_idx)
    if idx not in ss.be_selected:
        ss.be_pool.setdefault(idx, {"label": "", "scores": {}})
        ss.be_selected = [*ss.be_selected, idx]
    set_rows(listed_rows())


def load_section(paths: AppPaths) -> None:
    with st.expander("Start from…", expanded=not ss.be_selected):
        tab_set, tab_disc = st.tabs(["Existing feature set", "Discovery result"])
        with tab_set:
            files = dict(list_set_files(paths.features))
            if not files:
                st.info(f"No feature sets in `{paths.features}`.")
            else:
                st.selectbox("Feature set", list(files), key="be_pick_set")
                # Callbacks read the pick from session state: it is this run's value even when the
                # selectbox and the button change in the same rerun.
                st.button("Load set", key="be_load_set", on_click=lambda: load_set(files[ss.be_pick_set]))
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


def header_section() -> None:
    st.subheader("Set")
    c1, c2, c3 = st.columns(3)
    c1.text_input("name", key="be_name", help="becomes the file name <name>.yaml")
    c2.text_input("model", key="be_model", help="model registry name, HF id or path")
    c3.text_input("hook", key="be_hook", placeholder="blocks.18.hook_resid_post")
    c1, c2, c3 = st.columns(3)
    c1.text_input("sae", key="be_sae", help="{path: builtin:NAME} or {release: R, sae_id: ID}")
    c2.number_input("top_k", min_value=1, step=1, key="be_top_k")
    c3.slider("default_beta (unlisted features)", 0.0, max(10.0, float(ss.be_default_beta)), step=0.1,
              key="be_default_beta")
    st.text_input("description", key="be_description")


def table_editor(rows: dict[int, dict]) -> dict[int, dict]:
    """The compact editor: one row per listed feature (index, label, β, target)."""
    ss.be_table_key = f"be_table_{ss.be_table_v}"
    base = pd.DataFrame([{"index": i, "label": r["label"], "beta": float(r["beta"]), "target": r["target"]}
                         for i, r in rows.items()], columns=list(TABLE_COLUMNS))
    edited = st.data_editor(base, key=ss.be_table_key, hide_index=True, num_rows="fixed",
                            column_config=TABLE_COLUMNS, height=min(35 * (len(base) + 1) + 3, 423))
    out = {}
    for _, r in edited.iterrows():  # a cleared cell keeps the value it had
        was = rows[int(r["index"])]
        out[int(r["index"])] = {"beta": float(r["beta"]) if pd.notna(r["beta"]) else was["beta"],
                                "target": r["target"] if r["target"] in TARGETS else was["target"],
                                "label": str(r["label"]) if pd.notna(r["label"]) else ""}
    return out


def slider_editor(rows: dict[int, dict]) -> dict[int, dict]:
    """One slider (β), radio (target) and label field per listed feature."""
    for idx, r in rows.items():
        ss.setdefault(f"be_beta_{idx}", float(r["beta"]))
        ss.setdefault(f"be_target_{idx}", r["target"])
        ss.setdefault(f"be_label_{idx}", r["label"])
        c1, c2, c3 = st.columns([1, 2, 2])
        c1.markdown(f"**{idx}**")
        c1.text_input("label", key=f"be_label_{idx}", label_visibility="collapsed")
        c2.slider(f"beta · {idx}", 0.0, max(10.0, float(ss[f"be_beta_{idx}"])), step=0.1, key=f"be_beta_{idx}")
        c3.radio(f"target · {idx}", TARGETS, horizontal=True, key=f"be_target_{idx}")
    return {idx: {"beta": float(ss[f"be_beta_{idx}"]), "target": ss[f"be_target_{idx}"],
                  "label": ss[f"be_label_{idx}"]} for idx in rows}


def features_section() -> None:
    st.subheader("Features")
    pool = ss.be_pool
    st.multiselect(
        "Listed features", options=sorted(set(pool) | set(ss.be_selected)), key="be_selected",
        format_func=lambda i: f"{i}" + (f" · {pool[i]['label']}" if pool.get(i, {}).get("label") else ""),
        on_change=lambda: set_rows(listed_rows()),
    )
    c1, c2, c3 = st.columns([1, 1, 2])
    c1.number_input("Add feature index", min_value=0, step=1, value=0, key="be_add_idx")
    c2.button("Add", on_click=add_index, key="be_add")
    c3.toggle("Sliders per feature", key="be_sliders", on_change=lambda: set_rows(ss.be_rows),
              help="one slider and target switch per listed feature instead of the table")
    rows = listed_rows()
    if rows:
        ss.be_rows = slider_editor(rows) if ss.get("be_sliders") else table_editor(rows)
    else:
        ss.be_rows = {}


def current_mapping() -> dict:
    """The feature-set mapping the widgets describe (validated by the CLI's schema next)."""
    try:
        sae = yaml.safe_load(ss.be_sae) if ss.be_sae.strip() else {}
    except yaml.YAMLError:
        sae = ss.be_sae  # the schema reports it as "not a valid dictionary"
    return {
        "name": ss.be_name, "description": ss.be_description, "model": ss.be_model, "sae": sae, "hook": ss.be_hook,
        "top_k": int(ss.be_top_k), "default_beta": float(ss.be_default_beta),
        "features": [{"index": int(i), "beta": float(r["beta"]), "target": r["target"], "label": r["label"],
                      "scores": ss.be_pool.get(i, {}).get("scores", {})} for i, r in ss.be_rows.items()],
        "provenance": ss.be_provenance,
    }


def export_buttons(fs: FeatureSet, text: str, features_dir: Path) -> None:
    file_name = f"{ss.be_name}.yaml"
    c1, c2, c3 = st.columns([1, 1, 2])
    c1.download_button("Download YAML", text, file_name=file_name, mime="application/x-yaml", key="be_download")
    target_path = features_dir / file_name
    overwrite = c3.checkbox(f"overwrite `{target_path}`", value=False, key="be_overwrite",
                            disabled=not target_path.exists())
    if c2.button("Save to feature sets", key="be_save", help=f"write {target_path}"):
        if target_path.exists() and not overwrite:
            st.warning(f"`{target_path}` exists; tick overwrite to replace it.")
        else:
            save_feature_set(fs, target_path)
            st.success(f"Saved `{target_path}`")


def result_section(features_dir: Path) -> None:
    st.subheader("Result")
    ss.be_export_yaml = None
    if not (ss.be_model.strip() or ss.be_hook.strip() or ss.be_selected):
        st.info("Load a feature set or a discovery result above, or fill in model, sae and hook, to see the set.")
        return
    name_error = check_set_name(ss.be_name)
    fs, err = validate_mapping(current_mapping(), "feature_set.yaml" if name_error else f"{ss.be_name}.yaml")
    if name_error:
        st.error(f"Cannot export this set: {name_error}.")
    if err:
        st.error(f"Not a valid feature set (same check as `featurectl train --feature-set`):\n\n{err}")
    if name_error or err:
        return
    st.dataframe(features_frame(fs), hide_index=True)
    text = feature_set_to_yaml(fs)
    ss.be_export_yaml = text
    st.code(text, language="yaml", wrap_lines=True)
    export_buttons(fs, text, features_dir)


def validate_section() -> None:
    with st.expander("Validate YAML text (paste or edit)"):
        st.text_area("Feature set YAML", key="be_yaml_text", height=240,
                     placeholder="name: my_set\nmodel: smollm2-135m\n...")
        if st.button("Validate", key="be_validate"):
            file_name = "feature_set.yaml" if check_set_name(ss.be_name) else f"{ss.be_name}.yaml"
            vfs, verr = validate_yaml_text(ss.be_yaml_text or "", file_name)
            if verr:
                st.error(verr)
            else:
                st.success(f"Valid: feature set {vfs.name!r} with {len(vfs.features)} listed feature(s).")


def main() -> None:
    paths = page_setup("Beta editor")
    st.title("Beta editor")
    st.caption("Per-feature beta is the weight of that feature's squared error in FPO's feature term; "
               "target `reference` pulls it toward the reference model's activation, `zero` switches it off. "
               "Unlisted features get `default_beta`; `top_k` is the uniform part (union of top-k per side).")
    for k, v in DEFAULTS.items():
        ss.setdefault(k, v)
    load_section(paths)
    header_section()
    features_section()
    result_section(paths.features)
    validate_section()


main()

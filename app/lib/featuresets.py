"""Feature-set files for the app, validated by the CLI's own schema
(:mod:`featurectl.feature_sets`, pure pydantic + yaml: no torch).

Every validation goes through the same functions as ``featurectl train
--feature-set``, so the app shows the CLI's message word for word.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from featurectl.errors import FeatureSetError
from featurectl.feature_sets import (
    PACKAGED_DIR,
    FeatureSet,
    FeatureSpec,
    feature_set_to_yaml,
    load_feature_set,
    parse_feature_set,
    save_feature_set,
)

__all__ = [
    "FeatureSet", "FeatureSpec", "feature_set_to_yaml", "list_set_files", "try_load", "validate_yaml_text",
    "validate_mapping", "features_frame", "save_feature_set", "check_set_name", "SET_NAME_PATTERN",
]

#: A set's name becomes its file name (``<name>.yaml``): one path component, no hidden file,
#: no "..", printable ASCII letters, digits, "_", "." and "-", at most 64 characters.
SET_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
_SET_NAME = re.compile(SET_NAME_PATTERN)


def check_set_name(name: str) -> str | None:
    """Why ``name`` cannot name a feature-set file, or None when it can (see SET_NAME_PATTERN)."""
    if not name.strip():
        return "name is empty: type a name such as `json_off`; it becomes the file name `<name>.yaml`"
    if not _SET_NAME.fullmatch(name) or ".." in name:
        return (f"name {name!r} cannot be a file name: use 1-64 letters, digits, '_', '.' or '-', starting with a "
                "letter or digit, without '..', spaces, path separators or control characters")
    return None


def list_set_files(features_dir: Path) -> list[tuple[str, Path]]:
    """(display name, path) for ``features_dir/*.yaml|*.yml``, then the packaged sets
    not shadowed by a local file of the same name."""
    out: list[tuple[str, Path]] = []
    seen: set[str] = set()
    for folder, tag in ((features_dir, ""), (PACKAGED_DIR, " (packaged)")):
        if not folder.is_dir():
            continue
        for p in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            if p.stem not in seen:
                seen.add(p.stem)
                out.append((p.stem + tag, p))
    return out


def try_load(path: Path) -> tuple[FeatureSet | None, str | None]:
    """Load with the CLI loader; (set, None) or (None, the CLI's error message)."""
    try:
        return load_feature_set(path), None
    except FeatureSetError as e:
        return None, str(e)
    except OSError as e:
        return None, f"{path}: cannot read ({e})"


def validate_yaml_text(text: str, file_name: str = "feature_set.yaml") -> tuple[FeatureSet | None, str | None]:
    """Validate YAML text exactly as the CLI would validate a file called ``file_name``.

    The text is written to a temporary ``file_name`` and read back with
    :func:`featurectl.feature_sets.load_feature_set`; the temporary directory is
    stripped from the message so it names ``file_name`` only."""
    file_name = Path(file_name).name or "feature_set.yaml"
    with tempfile.TemporaryDirectory(prefix="featurectl-app-") as tmp:
        path = Path(tmp) / file_name
        path.write_text(text, encoding="utf-8")
        fs, err = try_load(path)
        if err is not None:
            err = err.replace(str(Path(tmp)) + "/", "")
        elif fs is not None:
            # Re-parse so the set is not tied to the deleted temporary path.
            fs = parse_feature_set(fs.model_dump(), file_name)
    return fs, err


def validate_mapping(data: dict, source: str) -> tuple[FeatureSet | None, str | None]:
    """Validate an in-memory mapping (the editor's widgets) with the CLI schema."""
    try:
        return parse_feature_set(data, source), None
    except FeatureSetError as e:
        return None, str(e)


def features_frame(fs: FeatureSet):
    """The listed features as a DataFrame: index, beta, target, label, then each score."""
    import pandas as pd

    rows = []
    for f in fs.features:
        rows.append({"index": f.index, "beta": f.beta, "target": f.target, "label": f.label, **f.scores})
    cols = ["index", "beta", "target", "label"]
    df = pd.DataFrame(rows)
    return df if rows else pd.DataFrame(columns=cols)


# Score columns of features.csv copied into a listed feature's ``scores`` (when finite).
SCORE_KEYS = ("diff_mean", "auroc", "freq_ratio", "heldout_auroc", "heldout_target_mean", "rank_score")


def sae_spec_from_identity(sae: object) -> dict:
    """The feature-set ``sae`` spec from a discovery summary's ``sae`` entry.

    ``featurectl discover`` records the SAE's identity there (kind, path or
    release/sae_id, sha256, d_sae, ...); the schema wants only ``{path}`` or
    ``{release, sae_id}``. A spec already in that form passes through."""
    if not isinstance(sae, dict):
        return {"path": ""}
    if sae.get("release") and sae.get("sae_id"):
        return {"release": str(sae["release"]), "sae_id": str(sae["sae_id"])}
    return {"path": str(sae.get("path") or "")}


def selected_in_rank_order(features, summary: dict) -> list[int]:
    """Indices of the selected features: the summary's ``selected`` list (rank order)
    when present, else the ``selected`` column of features.csv in file order."""
    sel = summary.get("selected") if isinstance(summary, dict) else None
    if isinstance(sel, list) and all(isinstance(i, int) and not isinstance(i, bool) for i in sel):
        return list(sel)
    if "selected" in features.columns:
        return [int(i) for i in features.loc[features["selected"], "index"]]
    return []


def discovery_provenance(name: str, summary: dict) -> dict:
    """What a set made from a discovery result records about where it came from; ``sae``
    keeps the full identity (sha256) so ``validate_against`` can check the weights."""
    prov: dict = {"discovery": name}
    for key in ("domain", "corpus_sha256", "model_sha256", "date", "featurectl_version"):
        if summary.get(key) is not None:
            prov[key] = summary[key]
    if isinstance(summary.get("sae"), dict):
        prov["sae"] = summary["sae"]
    return prov


def finite_scores(row) -> dict[str, float]:
    import math

    out = {}
    for k in SCORE_KEYS:
        if k in row:
            try:
                v = float(row[k])
            except (TypeError, ValueError):
                continue
            if math.isfinite(v):
                out[k] = v
    return out

"""Feature sets: which SAE features FPO constrains, and how hard (per-feature beta).

A feature set is a YAML file (``feature_sets/*.yaml``, format in docs/FORMATS.md)::

    name: json_off
    model: smollm2-135m
    sae: {path: builtin:smollm2-135m-l18}
    hook: blocks.18.hook_resid_post
    top_k: 32             # uniform part of the constraint: union of the top-k features per side
    default_beta: 1.0     # weight w_i of every feature not listed
    features:
      - {index: 123, beta: 5.0, target: zero, label: '"{" ":"', scores: {auroc: 0.97}}

The FPO feature term becomes ``sum_i w_i * (c_theta_i - t_i)^2`` over
``I = top_k(policy) U top_k(reference) U {listed features with beta > 0}`` where ``w_i``
is the feature's beta and ``t_i`` is the reference activation (``target: reference``)
or zero (``target: zero``, "switch this feature off"). :func:`mask_tensors` turns a
set into those three per-feature tensors.

Feature indices only mean something for the SAE they were found on, so a set names
its model, SAE and hook, and :func:`validate_against` refuses a run that uses another.

This module imports neither torch nor transformers at import time (the CLI and the app
read feature sets without loading a model).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from .errors import FeatureSetError
from .io import write_text
from .safeyaml import load_yaml_file, short_repr

__all__ = [
    "FeatureSpec",
    "FeatureSet",
    "load_feature_set",
    "parse_feature_set",
    "save_feature_set",
    "feature_set_to_yaml",
    "resolve_feature_set_path",
    "list_feature_sets",
    "validate_against",
    "validate_model_and_hook",
    "mask_tensors",
    "sae_spec_from_arg",
    "LOCAL_DIR",
    "PACKAGED_DIR",
]

#: Bare names are looked up here first (relative to the current directory) ...
LOCAL_DIR = Path("feature_sets")
#: ... then in the built-in sets: the checkout's feature_sets/ (editable install, the README's
#: set-up), else copies shipped inside the package.
_CHECKOUT_DIR = Path(__file__).resolve().parent.parent / "feature_sets"
PACKAGED_DIR = _CHECKOUT_DIR if _CHECKOUT_DIR.is_dir() else Path(__file__).resolve().parent / "assets" / "feature_sets"


class FeatureSpec(BaseModel):
    """One listed feature: its beta (weight in the feature MSE) and its target."""

    model_config = ConfigDict(extra="forbid")

    # strict: YAML `true` is not index 1; allow_inf_nan=False: `.inf`/`.nan` fail here, not in training
    index: int = Field(ge=0, strict=True, description="feature index in the SAE (0 <= index < d_sae)")
    beta: float = Field(ge=0, allow_inf_nan=False,
                        description="weight w_i of this feature's squared error; 0 = unconstrained")
    target: Literal["reference", "zero"] = Field(
        "reference", description="pull the pooled activation toward the reference model's, or toward 0"
    )
    label: str = ""
    scores: dict[str, float] = Field(default_factory=dict, description="discovery scores (informative)")


class FeatureSet(BaseModel):
    """A named per-feature beta mask for one (model, SAE, hook)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    description: str = ""
    model: str = Field(min_length=1, description="model registry name, HF id or path it was made for")
    sae: dict[str, str] = Field(description="{path: DIR|builtin:NAME} or {release: R, sae_id: ID}")
    hook: str = Field(min_length=1)
    top_k: int = Field(32, ge=1, description="uniform part: union of the top-k pooled features per side")
    default_beta: float = Field(1.0, ge=0, allow_inf_nan=False, description="weight of every feature not listed")
    features: list[FeatureSpec] = Field(default_factory=list)
    provenance: dict[str, Any] = Field(default_factory=dict)

    _source_path: str | None = PrivateAttr(None)  # the file it was read from (for error messages)

    @field_validator("sae")
    @classmethod
    def _sae_form(cls, v: dict[str, str]) -> dict[str, str]:
        # Same two forms as the run config's `saes[].sae` (featurectl.config).
        if set(v) not in ({"path"}, {"release", "sae_id"}):
            raise ValueError(f"sae must be {{path: ...}} or {{release: ..., sae_id: ...}}, got keys {sorted(v)}")
        return v

    @field_validator("features")
    @classmethod
    def _unique_indices(cls, v: list[FeatureSpec]) -> list[FeatureSpec]:
        seen: dict[int, int] = {}
        for pos, f in enumerate(v):
            if f.index in seen:
                raise ValueError(
                    f"duplicate feature index: features[{pos}].index = {f.index} "
                    f"is already listed at features[{seen[f.index]}]"
                )
            seen[f.index] = pos
        return v

    @field_validator("provenance", mode="before")
    @classmethod
    def _plain_provenance(cls, v: Any) -> Any:
        # YAML turns `date: 2026-11-27` into a datetime.date; keep provenance plain
        # JSON-able data so that save -> load gives back an equal set.
        import json

        return json.loads(json.dumps(v, default=str)) if isinstance(v, dict) else v

    def __eq__(self, other: object) -> bool:
        # Compare content only (pydantic also compares private state).
        if not isinstance(other, FeatureSet):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    __hash__ = None  # mutable model

    @property
    def source(self) -> str:
        """The file this set was read from, or ``<feature set NAME>`` for one built in memory."""
        return self._source_path or f"<feature set {self.name}>"


# --------------------------------------------------------------------------- errors


def _key(loc: tuple) -> str:
    """('features', 2, 'beta') -> 'features[2].beta'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _short(value: Any, limit: int = 80) -> str:
    return short_repr(value, limit)  # bounded: a huge or alias-shared value is never expanded


def _format_errors(err: ValidationError, source: str) -> str:
    lines = []
    for e in err.errors():
        key = _key(e["loc"])
        if e["type"] == "extra_forbidden":
            allowed = _allowed_keys(e["loc"])
            lines.append(
                f"{source}: unknown key '{key}' (value {_short(e['input'])}); allowed keys: {', '.join(allowed)}"
            )
        elif e["type"] == "missing":
            lines.append(f"{source}: missing required key '{key}'")
        else:
            msg = e["msg"].removeprefix("Value error, ")
            # Whole lists/dicts are not echoed: the message names the culprit inside them.
            hint = ""
            if isinstance(e.get("input"), bool) and e["type"] != "bool_type":
                hint = " (YAML reads unquoted yes/no/on/off as booleans: quote the value)"
            value = e.get("input")
            shown = "" if isinstance(value, (list, dict)) else f" = {_short(value)}"
            lines.append(f"{source}: key '{key}'{shown}: {msg}{hint}")
    return "\n".join(lines)


def _allowed_keys(loc: tuple) -> list[str]:
    model = FeatureSpec if loc and loc[0] == "features" else FeatureSet
    return list(model.model_fields)


# --------------------------------------------------------------------------- read / write


def resolve_feature_set_path(path_or_name: str | os.PathLike) -> Path:
    """An existing path is used as is; a bare name (``json_off`` or ``json_off.yaml``)
    is looked up in ``./feature_sets/`` and then in the packaged copies."""
    p = Path(path_or_name)
    if p.is_file():
        return p
    text = str(path_or_name)
    is_bare = os.sep not in text and "/" not in text
    if is_bare:
        file_name = text if text.endswith((".yaml", ".yml")) else f"{text}.yaml"
        for folder in (LOCAL_DIR, PACKAGED_DIR):
            candidate = folder / file_name
            if candidate.is_file():
                return candidate
        known = sorted({e["name"] for e in list_feature_sets()})
        raise FeatureSetError(
            f"feature set {text!r} not found: looked for {LOCAL_DIR / file_name} and the packaged "
            f"{file_name}; available: {', '.join(known) or '(none)'}"
        )
    raise FeatureSetError(f"feature set file not found: {text}")


def list_feature_sets() -> list[dict[str, str]]:
    """Feature sets that bare names can reach: ``[{name, path, where: local|packaged}]``
    (a local file shadows the packaged one of the same name)."""
    found: dict[str, dict[str, str]] = {}
    for where, folder in (("local", LOCAL_DIR), ("packaged", PACKAGED_DIR)):
        if folder.is_dir():
            for f in sorted(folder.glob("*.yaml")):
                found.setdefault(f.stem, {"name": f.stem, "path": str(f), "where": where})
    return list(found.values())


def parse_feature_set(data: Any, source: str = "<feature set>") -> FeatureSet:
    """Validate an already-parsed mapping; errors name ``source``, the key and the value."""
    if not isinstance(data, dict):
        raise FeatureSetError(f"{source}: expected a mapping at the top level, got {type(data).__name__}")
    try:
        fs = FeatureSet.model_validate(data)
    except ValidationError as err:
        raise FeatureSetError(_format_errors(err, source)) from None
    fs._source_path = source
    return fs


def load_feature_set(path_or_name: str | os.PathLike) -> FeatureSet:
    """Read and validate a feature-set YAML (a path, or a bare name, see
    :func:`resolve_feature_set_path`). Raises :class:`FeatureSetError` naming the file,
    key and value at fault."""
    path = resolve_feature_set_path(path_or_name)
    return parse_feature_set(load_yaml_file(path, FeatureSetError), str(path))


class _Flow(dict):
    """A mapping written on one line (``{index: 3, beta: 5.0, ...}``)."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda d, data: d.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True))


def feature_set_to_yaml(fs: FeatureSet) -> str:
    """YAML text of ``fs``; one line per listed feature. ``parse(yaml(fs)) == fs``."""
    data = fs.model_dump(mode="json")
    data["sae"] = _Flow(data["sae"])
    data["features"] = [_Flow(f) for f in data["features"]]
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)


def save_feature_set(fs: FeatureSet, path: str | os.PathLike) -> Path:
    """Write ``fs`` atomically to ``path`` and return the path."""
    return write_text(path, feature_set_to_yaml(fs))


# --------------------------------------------------------------------------- checks against a run


def _hook_key(hook: str) -> tuple:
    """Equivalent spellings compare equal: ``blocks.18.hook_resid_post`` == ``model.layers.18``."""
    from .hooks import hook_site, parse_layer

    layer = parse_layer(hook)
    if layer is None:
        return ("raw", hook.strip())
    return (layer, hook_site(hook))


def _builtin_name(path: str) -> str | None:
    return path.split(":", 1)[1] if path.startswith("builtin:") else None


def _sae_mismatch(fs: FeatureSet, identity: dict) -> str | None:
    """Why the run's SAE (``LoadedSAE.identity()``) is not the one ``fs`` was made for, or None.

    The weights hash decides when both sides know it (the set records it in
    ``provenance.sae.sha256``); otherwise the spec must name the same release/sae_id or path.
    """
    recorded = fs.provenance.get("sae") if isinstance(fs.provenance.get("sae"), dict) else {}
    want_sha, have_sha = recorded.get("sha256"), identity.get("sha256")
    if want_sha and have_sha:
        return None if want_sha == have_sha else f"weights sha256 {have_sha[:12]}... != {want_sha[:12]}..."
    spec = fs.sae
    if "release" in spec:
        have = (identity.get("release"), identity.get("sae_id"))
        want = (spec["release"], spec["sae_id"])
        return None if have == want else f"release/sae_id {have[0]}/{have[1]} != {want[0]}/{want[1]}"
    want_path, have_path = spec["path"], str(identity.get("path") or "")
    if have_path == want_path:
        return None
    name = _builtin_name(want_path)
    if name is not None and (_builtin_name(have_path) == name or Path(have_path).name == name):
        return None
    if name is None and have_path and Path(have_path).resolve() == Path(want_path).resolve():
        return None
    return f"path {have_path or '(unknown)'} != {want_path}"


def validate_model_and_hook(fs: FeatureSet, *, model: str, hook: str) -> None:
    """The checks of :func:`validate_against` that need no loaded SAE."""
    src = fs.source
    if fs.model.strip().rstrip("/") != str(model).strip().rstrip("/"):
        raise FeatureSetError(
            f"{src}: key 'model' = {fs.model!r} but the run uses model {model!r}; feature indices are "
            f"only meaningful for the model and SAE they were discovered on (run `featurectl discover` "
            f"for {model!r})"
        )
    if _hook_key(fs.hook) != _hook_key(hook):
        raise FeatureSetError(f"{src}: key 'hook' = {fs.hook!r} but the run's SAE reads hook {hook!r}")


def validate_against(fs: FeatureSet, *, model: str, sae_identity: dict, hook: str, d_sae: int) -> None:
    """Raise :class:`FeatureSetError` unless ``fs`` was made for this model, SAE and hook
    and every listed index is below ``d_sae``."""
    validate_model_and_hook(fs, model=model, hook=hook)
    src = fs.source
    why = _sae_mismatch(fs, sae_identity)
    if why:
        raise FeatureSetError(f"{src}: key 'sae' = {fs.sae!r} is not the run's SAE ({why})")
    _check_indices(fs, d_sae)


def _check_indices(fs: FeatureSet, d_sae: int) -> None:
    for pos, f in enumerate(fs.features):
        if f.index >= d_sae:
            raise FeatureSetError(
                f"{fs.source}: key 'features[{pos}].index' = {f.index}: out of range for an SAE with "
                f"d_sae={d_sae} (valid: 0..{d_sae - 1})"
            )


def mask_tensors(fs: FeatureSet, d_sae: int):
    """Per-feature tensors for the FPO feature term, each of shape (d_sae,).

    Returns ``(weights float32, zero_target bool, always_include bool)``:
    ``weights`` is ``default_beta`` everywhere and the listed beta at listed indices;
    ``zero_target`` marks ``target: zero``; ``always_include`` marks listed features with
    beta > 0 (they enter the constrained set even outside the top-k).
    """
    import torch

    _check_indices(fs, d_sae)
    weights = torch.full((d_sae,), float(fs.default_beta), dtype=torch.float32)
    zero_target = torch.zeros(d_sae, dtype=torch.bool)
    always_include = torch.zeros(d_sae, dtype=torch.bool)
    for f in fs.features:
        weights[f.index] = f.beta
        zero_target[f.index] = f.target == "zero"
        always_include[f.index] = f.beta > 0
    return weights, zero_target, always_include


# --------------------------------------------------------------------------- CLI helper

_RELEASE_ARG = re.compile(r"^(?P<release>[^:]+):(?P<sae_id>.+)$")


def sae_spec_from_arg(text: str) -> dict[str, str]:
    """Parse a command-line SAE argument into the spec dict used by configs and feature sets.

    ``builtin:NAME`` and existing paths -> ``{path: ...}``; ``RELEASE:SAE_ID`` (sae-lens
    registry, online) -> ``{release, sae_id}``; anything else is taken as a path.
    """
    text = text.strip()
    if text.startswith("builtin:") or Path(text).exists():
        return {"path": text}
    m = _RELEASE_ARG.match(text)
    if m and "/" not in m.group("release"):
        return {"release": m.group("release"), "sae_id": m.group("sae_id")}
    return {"path": text}

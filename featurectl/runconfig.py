"""Resolve what the user typed (config, --feature-set, overrides) into a RunConfig.

``featurectl train --feature-set json_off.yaml`` works with no other flags: the
built-in configuration supplies everything, the feature set supplies the model,
SAE, hook and top-k it was made for, and every choice is announced.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, Callable, Optional

import yaml

from .config import RunConfig, parse_run_config, read_yaml_mapping, set_dotted
from .errors import ConfigError
from .flagcheck import check_method_flag, check_set_key


def builtin_config_path() -> Path:
    return Path(str(resources.files("featurectl") / "configs" / "default.yaml"))


def _read_yaml(path: Path) -> dict[str, Any]:
    return read_yaml_mapping(path)


def resolve_run_config(
    *,
    config: Optional[str] = None,
    method: Optional[str] = None,
    feature_set: Optional[str] = None,
    output: Optional[str] = None,
    data: Optional[str] = None,
    max_steps: Optional[int] = None,
    sets: list[str] = (),
    announce: Callable[[str], None] = print,
) -> RunConfig:
    source = Path(config) if config else builtin_config_path()
    raw = _read_yaml(source)
    if not config:
        announce(f"no --config: using the built-in configuration ({source.name})")
    if method:
        check_method_flag(method)
        raw["method"] = method
        if raw.get("loss") and not config:
            raw["loss"] = {}  # built-in loss params belong to the built-in method
    if feature_set:
        from .feature_sets import load_feature_set, resolve_feature_set_path

        path = resolve_feature_set_path(feature_set)
        fs = load_feature_set(str(path))
        saes = raw.get("saes") or []
        first = dict(saes[0]) if saes else {}
        if not config:
            raw.setdefault("model", {})["name"] = fs.model
            first.update(sae=dict(fs.sae), hook=fs.hook)
            announce(f"model {fs.model}, SAE {fs.sae}, hook {fs.hook} (from {path})")
        first["feature_set"] = str(path)
        raw["saes"] = [first] + list(saes[1:])
        raw["name"] = raw.get("name") if config else fs.name
        loss = raw.setdefault("loss", {})
        if "top_k" not in loss or not config:
            loss["top_k"] = fs.top_k
            announce(f"top_k {fs.top_k} from the feature set")
    if data:
        raw.setdefault("data", {})["train"] = data
    if max_steps is not None:
        raw.setdefault("train", {})["max_steps"] = max_steps
    for item in sets:
        if "=" not in item:
            raise ConfigError(f"--set expects KEY=VALUE, got {item!r}")
        key, value = item.split("=", 1)
        check_set_key(key, str(raw.get("method", "")))
        set_dotted(raw, key, yaml.safe_load(value))
    if output:
        raw["output_dir"] = output
    cfg = parse_run_config(raw, str(source))
    if not config:
        announce(f"method {cfg.method}, data {cfg.data.train}, run directory {cfg.run_dir}")
    if feature_set and not data and not config:  # the built-in data, chosen for the user
        announce(data_note(cfg.data.train, feature_set))
    return cfg


def data_note(train: str, feature_set: str) -> str:
    """One line on what a ``--feature-set`` run trains on when ``--data`` was not given."""
    return (f"training data: {train}, not pairs about {Path(feature_set).stem}: the model aligns on these "
            f"pairs while {Path(feature_set).name}'s mask holds its features back; pass --data PAIRS.jsonl "
            "(or builtin:NAME, see `featurectl data list`) to train on other pairs")

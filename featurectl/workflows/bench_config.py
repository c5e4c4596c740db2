"""The bench's configuration (``bench.yaml``) and its plan: one validated
:class:`~featurectl.config.RunConfig` per method and variant, differing only in
``method``, ``name``, ``loss`` overrides, the feature set and the run directory."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Callable, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..config import RunConfig, format_validation_error, parse_run_config, read_yaml_mapping, set_dotted
from ..errors import ConfigError
from ..losses import LOSSES, Need

__all__ = ["PAPER_METHODS", "BenchConfig", "BenchEntry", "RandomSAE", "Variant", "base_saes", "ensure_random_sae",
           "load_bench_config", "parse_bench_config", "plan_runs", "random_sae_dir"]

PAPER_METHODS = ["sft", "dpo", "simpo", "tdpo1", "tdpo2", "fpo", "simpo_kl"]
_RESERVED_BASE_KEYS = ("method", "name", "output_dir", "loss")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RandomSAE(_Strict):
    """A randomly initialised SAE created once under ``<output_dir>/random_sae`` (smoke benches)."""

    hook: str = Field(description="activation site, e.g. blocks.1.hook_resid_post")
    d_sae: int = Field(256, ge=1)
    architecture: Literal["jumprelu", "topk"] = "jumprelu"
    k: int = Field(16, ge=1, description="TopK only")
    seed: int = 0


class Variant(_Strict):
    """An extra row: a method with its own feature set and/or loss overrides (e.g. FPO json_off)."""

    name: str
    method: str
    feature_set: Optional[str] = Field(None, description="feature-set YAML path or bare name")
    loss: dict[str, Any] = Field(default_factory=dict)


class BenchConfig(_Strict):
    name: str = "bench"
    output_dir: Optional[str] = Field(None, description="default bench/<name>")
    base: dict[str, Any] = Field(description="shared run config: model, data, saes, pooling, reference, train")
    random_sae: Optional[RandomSAE] = Field(None, description="use a random SAE (no download) as base.saes")
    methods: list[str] = Field(default_factory=lambda: list(PAPER_METHODS))
    loss: dict[str, dict[str, Any]] = Field(default_factory=dict, description="per-method loss overrides")
    variants: list[Variant] = Field(default_factory=list)
    eval: dict[str, Any] = Field(default_factory=dict, description="EvalOptions for every run")
    isolate: bool = Field(True, description="train each run in its own subprocess (clean per-run peak memory)")

    @field_validator("base")
    @classmethod
    def _base_keys(cls, v: dict[str, Any]) -> dict[str, Any]:
        bad = [k for k in _RESERVED_BASE_KEYS if k in v]
        if bad:
            raise ValueError(f"base must not set {bad}: the bench sets method, name and output_dir per run, "
                             "and loss overrides go under the top-level 'loss: {method: {...}}'")
        return v

    @model_validator(mode="after")
    def _names(self) -> "BenchConfig":
        for m in self.methods + [v.method for v in self.variants]:
            if m not in LOSSES:
                raise ValueError(f"unknown method {m!r}; known: {', '.join(sorted(LOSSES))}")
        names = self.methods + [v.name for v in self.variants]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"run names must be unique; repeated: {dup}")
        unknown = sorted(set(self.loss) - set(self.methods) - {v.method for v in self.variants})
        if unknown:
            raise ValueError(f"loss overrides for methods not in the bench: {unknown}")
        if self.random_sae is not None and self.base.get("saes"):
            raise ValueError("give either random_sae or base.saes, not both")
        return self

    @property
    def out(self) -> Path:
        return Path(self.output_dir or f"bench/{self.name}")


class BenchEntry(BaseModel):
    """One row of the bench: its name and its validated run config."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    name: str
    method: str
    cfg: RunConfig
    variant: bool = False


def parse_bench_config(data: dict, source: str = "<bench>") -> BenchConfig:
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping at the top level")
    try:
        return BenchConfig(**data)
    except ValidationError as e:
        raise ConfigError(format_validation_error(e, source)) from None


def load_bench_config(path: str | Path, overrides: Optional[dict[str, Any]] = None) -> BenchConfig:
    """Read and validate bench.yaml; ``overrides`` are dotted keys (``base.train.max_steps``)."""
    data = read_yaml_mapping(path, "bench config")
    for k, v in (overrides or {}).items():
        set_dotted(data, k, v)
    return parse_bench_config(data, str(path))


def _needs_sae(method: str) -> bool:
    return Need.SAE_FEATURES in LOSSES[method].needs


def random_sae_dir(bench: BenchConfig) -> Path:
    return bench.out / "random_sae"


def base_saes(bench: BenchConfig) -> list[dict]:
    """The SAE attachments every SAE method uses (and eval uses for every run's feature MSE)."""
    if bench.random_sae is not None:
        return [{"sae": {"path": str(random_sae_dir(bench))}, "hook": bench.random_sae.hook}]
    return copy.deepcopy(bench.base.get("saes") or [])


def plan_runs(bench: BenchConfig) -> list[BenchEntry]:
    """One validated RunConfig per method and variant (no model is loaded)."""
    entries = []
    specs = [(m, m, None, bench.loss.get(m, {}), False) for m in bench.methods]
    specs += [(v.name, v.method, v.feature_set, {**bench.loss.get(v.method, {}), **v.loss}, True) for v in bench.variants]
    for name, method, feature_set, loss, is_variant in specs:
        raw = copy.deepcopy(bench.base)
        raw.pop("saes", None)
        raw.update(name=name, method=method, loss=dict(loss), output_dir=str(bench.out / "runs" / name))
        if _needs_sae(method) or feature_set:
            saes = base_saes(bench)
            if not saes:
                raise ConfigError(f"bench {bench.name}: method {method!r} (run {name!r}) needs an SAE: set "
                                  "base.saes or random_sae")
            if feature_set:
                saes[0]["feature_set"] = feature_set
            raw["saes"] = saes
        cfg = parse_run_config(raw, f"bench {bench.name}, run {name}")
        entries.append(BenchEntry(name=name, method=method, cfg=cfg, variant=is_variant))
    return entries


def ensure_random_sae(bench: BenchConfig, hidden_size: int, log: Callable[[str], None]) -> Optional[Path]:
    """Create the bench's random SAE once (its directory is reused on resume)."""
    if bench.random_sae is None:
        return None
    from ..sae import WEIGHTS_FILE, random_sae, save_sae  # sae-lens takes seconds to import: only when needed

    path = random_sae_dir(bench)
    if (path / WEIGHTS_FILE).is_file():
        return path
    r = bench.random_sae
    sae = random_sae(hidden_size, r.d_sae, architecture=r.architecture, k=r.k, hook=r.hook, seed=r.seed)
    save_sae(sae, path, recipe={"kind": "random", **r.model_dump()}, metrics={})
    log(f"random SAE d_in={hidden_size} d_sae={r.d_sae} ({r.architecture}) written to {path}")
    return path

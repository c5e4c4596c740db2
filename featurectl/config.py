"""Typed run configuration, validated before any model loads.

Every section forbids unknown keys, so a typo is an error that names the key.
Loss hyper-parameters are validated by the chosen method's own ``LossParams``
class from the registry (``featurectl.losses.LOSSES[method].params``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import ConfigError
from .safeyaml import load_yaml_file, short_repr


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ModelConfig(_Strict):
    name: str = Field("smollm2-135m", description="registry name (featurectl models list), local dir or HF id")
    dtype: Literal["float32", "bfloat16", "float16"] = "float32"


class SAEAttachment(_Strict):
    """One (layer, SAE) pair constrained by FPO. Several pairs: D is summed (paper App. D.2)."""

    sae: dict[str, str] = Field(description="{path: DIR|builtin:NAME} or {release: R, sae_id: ID}")
    hook: str = Field(description="blocks.L.hook_resid_post | blocks.L.hook_mlp_out | HF module name")
    feature_set: Optional[str] = Field(None, description="feature-set YAML path or bare name in feature_sets/")

    @field_validator("sae")
    @classmethod
    def _sae_form(cls, v: dict[str, str]) -> dict[str, str]:
        keys = set(v)
        if keys not in ({"path"}, {"release", "sae_id"}):
            raise ValueError(f"sae must be {{path: ...}} or {{release: ..., sae_id: ...}}, got keys {sorted(keys)}")
        return v


class PoolingConfig(_Strict):
    denominator: Literal["response", "padded"] = Field(
        "response",
        description="'response' = mean over response tokens (paper); 'padded' divides by the padded length "
        "(the authors' code)",
    )
    features_after_final_norm: bool = Field(
        False, description="read SAE inputs after the final norm (the authors' code; wrong for Gemma Scope)"
    )


class ReferenceConfig(_Strict):
    cache_dir: Optional[str] = Field(None, description="reference cache root; default <FEATURECTL_HOME>/refcache")
    store_k: int = Field(
        1536,
        ge=1,
        description="pooled SAE entries kept per response in the cache (plus every listed feature). Pooled "
        "vectors are dense-ish (~1350 of 4096 features non-zero for the shipped SAE): 256 kept 58% of the L1 "
        "mass, so the default keeps 1536; when 3*slots >= d_sae the cache stores exact dense fp16 instead",
    )
    batch_size: int = Field(8, ge=1)


class DataConfig(_Strict):
    train: str = Field(description="JSONL/Parquet path, or a hub dataset id (online only)")
    eval: Optional[str] = None
    train_split: str = "train"
    eval_split: Optional[str] = None
    eval_fraction: float = Field(0.0, ge=0.0, lt=1.0, description="held-out share when no eval set is given")
    max_prompt_length: int = Field(256, ge=1, description="prompt tokens kept (truncated from the left)")
    max_length: int = Field(512, ge=2, description="prompt+response tokens kept (response truncated right)")
    on_overlong: Literal["truncate", "drop", "error"] = "truncate"
    max_rows: Optional[int] = Field(None, ge=1)

    @model_validator(mode="after")
    def _lengths(self) -> "DataConfig":
        if self.max_prompt_length >= self.max_length:
            raise ValueError(
                f"max_prompt_length ({self.max_prompt_length}) must be < max_length ({self.max_length})"
            )
        return self


class LoraConfig(_Strict):
    r: int = 16
    alpha: int = 32
    dropout: float = 0.0
    target_modules: list[str] | str = "all-linear"


class TrainConfig(_Strict):
    learning_rate: float = Field(5e-7, gt=0, description="paper Table 5")
    max_steps: int = Field(-1, description="-1 = use num_train_epochs")
    num_train_epochs: float = 1.0
    per_device_train_batch_size: int = Field(2, ge=1)
    per_device_eval_batch_size: int = Field(4, ge=1)
    gradient_accumulation_steps: int = Field(1, ge=1)
    warmup_steps: int = Field(150, ge=0, description="paper Table 5")
    lr_scheduler_type: str = Field("constant_with_warmup", description="paper: warm-up then constant")
    optim: str = Field("adamw_torch", description="adamw_torch | rmsprop | adafactor | ... (HF names)")
    weight_decay: float = 0.0
    max_grad_norm: float = 1.0
    seed: int = 42
    bf16: bool = False
    gradient_checkpointing: bool = False
    logging_steps: int = Field(1, ge=1)
    eval_steps: Optional[int] = None
    save_steps: int = Field(500, ge=1)
    save_total_limit: Optional[int] = 2
    report_to: list[str] | str = "none"
    lora: Optional[LoraConfig] = None
    logps_chunk_size: int = Field(1024, ge=1, description="response tokens per lm_head chunk")
    dataloader_num_workers: int = 0


class RunConfig(_Strict):
    name: str = "run"
    method: str = "fpo"
    loss: dict[str, Any] = Field(default_factory=dict, description="hyper-parameters of the method's loss")
    model: ModelConfig = Field(default_factory=ModelConfig)
    saes: list[SAEAttachment] = Field(default_factory=list)
    pooling: PoolingConfig = Field(default_factory=PoolingConfig)
    reference: ReferenceConfig = Field(default_factory=ReferenceConfig)
    data: DataConfig
    train: TrainConfig = Field(default_factory=TrainConfig)
    output_dir: Optional[str] = None

    @model_validator(mode="after")
    def _method_and_loss(self) -> "RunConfig":
        from .losses import LOSSES, Need

        if self.method not in LOSSES:
            raise ValueError(f"unknown method {self.method!r}; known: {', '.join(sorted(LOSSES))}")
        spec = LOSSES[self.method]
        # Validates the loss section with the method's own schema (unknown keys named).
        try:
            self.loss = spec.params(**self.loss).model_dump()
        except ValidationError as err:
            problems = []
            for e in err.errors():
                key = "loss." + ".".join(str(p) for p in e["loc"])
                if e["type"] == "extra_forbidden":
                    allowed = ", ".join(spec.params.model_fields)
                    problems.append(f"unknown key '{key}' for method {self.method!r} (allowed: {allowed})")
                else:
                    problems.append(f"{key}: {e['msg']} (got {short_repr(e.get('input'))})")
            raise ValueError("; ".join(problems)) from None
        if Need.SAE_FEATURES in spec.needs and not self.saes:
            raise ValueError(f"method {self.method!r} needs at least one entry under 'saes'")
        return self

    def loss_params(self):
        from .losses import LOSSES

        return LOSSES[self.method].params(**self.loss)

    @property
    def run_dir(self) -> Path:
        return Path(self.output_dir or f"runs/{self.name}")


def format_validation_error(err: ValidationError, source: str) -> str:
    lines = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"])
        if e["type"] == "extra_forbidden":
            lines.append(f"{source}: unknown key '{loc}'")
        else:
            value = e.get("input")
            shown = "" if isinstance(value, dict) else f" (got {short_repr(value)})"
            msg = e["msg"].removeprefix("Value error, ")
            lines.append(f"{source}: {loc + ': ' if loc else ''}{msg}{shown}")
    return "\n".join(lines)


def parse_run_config(data: dict[str, Any], source: str = "<config>") -> RunConfig:
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping at the top level, got {type(data).__name__}")
    try:
        return RunConfig(**data)
    except ValidationError as err:
        raise ConfigError(format_validation_error(err, source)) from None


def read_yaml_mapping(path: str | Path, what: str = "config file") -> dict[str, Any]:
    """A YAML file's top-level mapping; missing file, bad YAML or a non-mapping is a ConfigError."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{what} not found: {path}")
    data = load_yaml_file(path, ConfigError) or {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level, got {type(data).__name__}")
    return data


def load_run_config(path: str | Path, overrides: Optional[dict[str, Any]] = None) -> RunConfig:
    """Read, merge ``overrides`` (dotted keys allowed, e.g. ``train.max_steps``), validate."""
    data = read_yaml_mapping(path)
    for key, value in (overrides or {}).items():
        set_dotted(data, key, value)
    return parse_run_config(data, str(path))


def set_dotted(data: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    cur = data
    for p in parts[:-1]:
        cur = cur.setdefault(p, {})
    cur[parts[-1]] = value


def dump_run_config(cfg: RunConfig) -> str:
    return yaml.safe_dump(cfg.model_dump(mode="json"), sort_keys=False)

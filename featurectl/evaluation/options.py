"""The options of one evaluation (``featurectl eval`` flags; the ``eval:`` section of bench.yaml)."""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..domains import DOMAINS
from ..io import sha256_json

__all__ = ["DEFAULT_TEMPERATURES", "EvalOptions"]

DEFAULT_TEMPERATURES = (0.2, 0.4, 0.6, 0.8, 1.0)


class EvalOptions(BaseModel):
    """Every knob of ``featurectl eval`` (also the ``eval:`` section of bench.yaml)."""

    model_config = ConfigDict(extra="forbid")

    pairs: Optional[str] = Field(None, description="held-out pairs (JSONL/Parquet/builtin:...); "
                                 "default: the run's data.eval, else its held-out split of data.train")
    n_pairs: int = Field(64, ge=0, description="held-out pairs scored (0 = skip preference/KL/MSE)")
    pair_batch_size: int = Field(4, ge=1)
    n_prompts: int = Field(8, ge=0, description="prompts per control domain (0 = skip control metrics)")
    n_diversity: int = Field(16, ge=0, description="prompts sampled for diversity (the paper uses 100)")
    temperatures: list[float] = Field(list(DEFAULT_TEMPERATURES), description="sweep (empty = no sweep)")
    temperature: float = Field(1.0, ge=0, description="temperature of the headline control/diversity numbers")
    domains: list[str] = Field(default_factory=lambda: list(DOMAINS),
                               description="control domains (featurectl.domains.DOMAINS)")
    prompt_files: dict[str, str] = Field(default_factory=dict, description="domain -> JSONL of {id?, prompt} rows "
                                         "replacing the shipped held-out prompts")
    max_new_tokens: int = Field(48, ge=1)
    gen_batch_size: int = Field(8, ge=1)
    seed: int = 0
    dtype: Optional[str] = Field(None, description="float32|bfloat16|float16; default: the run's model dtype")
    device: str = Field("auto", description="auto | cpu | cuda | cuda:N")
    saes: Optional[list[dict[str, Any]]] = Field(
        None, description="SAE attachments ({sae, hook}) for the feature MSE of runs trained without one")
    mse_top_k: Optional[int] = Field(None, ge=1, description="k of the feature MSE's index set; default: the "
                                     "run's loss top_k, else 32 (set it to compare runs of different methods)")
    judge_url: Optional[str] = None
    judge_model: Optional[str] = None
    judge_prompts: int = Field(32, ge=1, description="prompts judged per opponent")
    against: list[str] = Field(default_factory=list, description="other run directories (table rows; judge opponents)")

    @field_validator("temperatures")
    @classmethod
    def _temps(cls, v: list[float]) -> list[float]:
        if any(t < 0 for t in v):
            raise ValueError(f"temperatures must be >= 0, got {v}")
        return sorted(set(float(t) for t in v))

    def fingerprint(self) -> str:
        """Hash of the options that change the numbers (not where a judge lives)."""
        return sha256_json(self.model_dump(exclude={"device", "against"}))

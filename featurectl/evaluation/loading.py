"""Load what an evaluation scores: a run's trained policy, on the requested device."""

from __future__ import annotations

from pathlib import Path

from ..errors import FeaturectlError
from ..rundir import RunDir

__all__ = ["load_policy", "resolve_device"]


def resolve_device(name: str) -> str:
    """``auto`` -> :func:`featurectl.devices.default_device` (``$FEATURECTL_DEVICE``, else ``cuda``
    when a GPU is visible, else ``cpu``); anything else as given."""
    from ..devices import default_device

    return default_device() if name == "auto" else name


def load_policy(run_dir: Path, cfg, dtype: str, device: str):
    """RUN_DIR/final as (model, tokenizer); LoRA adapters are merged into the base."""
    from ..models import load_model

    final = RunDir(run_dir).final
    if not final.is_dir():
        raise FeaturectlError(f"{run_dir} has no final/ model (is the run finished? see summary.json)")
    if (final / "adapter_config.json").is_file():
        from peft import PeftModel
        from transformers import AutoTokenizer

        base, _, _ = load_model(cfg.model.name, dtype=dtype, device=device)
        model = PeftModel.from_pretrained(base, str(final)).merge_and_unload().eval()
        tok = AutoTokenizer.from_pretrained(str(final))
        if tok.pad_token is None:
            tok.pad_token = tok.eos_token
        tok.padding_side = "right"
        return model, tok
    model, tok, _ = load_model(str(final), dtype=dtype, device=device)
    return model, tok

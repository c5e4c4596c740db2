"""Sparse autoencoders: load, check, train. The only package that imports sae_lens.

One module per job:

* :mod:`.load`: the :class:`LoadedSAE` wrapper, built-in / local / release / random SAEs, saving;
* :mod:`.activations`: activations at a hook (cached on disk) and FVU / L0 / dead-feature metrics;
* :mod:`.check`: :func:`check_sae`, which catches an SAE read at the wrong hook;
* :mod:`.train`: :func:`train_sae` with sae-lens's trainer;
* :mod:`.texts`: text sources for training and checking.

Position 0 is excluded everywhere: its residual norm is ~100x the rest (attention sink),
so including it lets a handful of tokens dominate both training and FVU.
"""

from .activations import (
    activation_key_base,
    activation_metrics,
    collect_activations,
    collect_activations_cached,
    hidden_size,
    token_mask,
)
from .check import check_sae, fvu_bounds
from .load import (
    ARCHITECTURES,
    BUILTIN_DIR,
    BUILTIN_SAES,
    CFG_FILE,
    DEFAULT_HOOK,
    DEFAULT_SAE,
    WEIGHTS_FILE,
    LoadedSAE,
    builtin_path,
    canonical_hook,
    load_sae,
    random_sae,
    random_sae_dir,
    save_sae,
)
from .texts import builtin_check_texts, split_heldout, texts_from_files
from .train import TrainSAEConfig, train_sae, train_sae_on_activations

__all__ = [
    "ARCHITECTURES", "BUILTIN_DIR", "BUILTIN_SAES", "CFG_FILE", "DEFAULT_HOOK", "DEFAULT_SAE", "WEIGHTS_FILE",
    "LoadedSAE", "TrainSAEConfig", "activation_key_base", "activation_metrics", "builtin_check_texts",
    "builtin_path", "canonical_hook", "check_sae", "collect_activations", "collect_activations_cached",
    "fvu_bounds", "hidden_size", "load_sae", "random_sae", "random_sae_dir", "save_sae", "split_heldout",
    "texts_from_files", "token_mask", "train_sae", "train_sae_on_activations",
]

"""Feature discovery: which SAE features separate a behaviour (target responses) from
its absence (control responses), checked on held-out texts, written as a feature set.

Stages (details and the selection criterion in :mod:`featurectl.discovery.scoring`):

0. :mod:`~featurectl.discovery.collect` -- per-text pooled / max SAE activations on
   response tokens (prompt, padding and position 0 excluded);
1. score every feature on the train split (diff of means, AUROC, firing-frequency
   ratio) and keep the top-N by ``(2*auroc-1)*diff_mean`` among ``auroc >= 0.7``;
2. keep the candidates whose held-out AUROC is >= 0.6;
3. optional :mod:`~featurectl.discovery.causal` ablation check with the domain metric.

Outputs (:mod:`~featurectl.discovery.report`): ``features.csv``/``.parquet``,
``contexts.jsonl``, ``histograms.json``, ``summary.json`` and the feature-set YAML.
"""

from .collect import Example, cap_examples, collect_feature_stats, examples_from_corpus, examples_from_jsonl
from .pipeline import DiscoveryConfig, DiscoveryResult, discover, write_feature_set
from .scoring import CRITERION, auroc, score_features, select_candidates, set_auroc

__all__ = [
    "CRITERION",
    "DiscoveryConfig",
    "DiscoveryResult",
    "Example",
    "auroc",
    "cap_examples",
    "collect_feature_stats",
    "discover",
    "examples_from_corpus",
    "examples_from_jsonl",
    "score_features",
    "select_candidates",
    "set_auroc",
    "write_feature_set",
]

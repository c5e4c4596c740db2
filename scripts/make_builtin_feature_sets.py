"""Discover the built-in feature sets on the embedded default model with the shipped SAE.

Writes feature_sets/{json_off,french_off,safety_off,positive_off,negative_off,harmful_off}.yaml
and their discovery tables under feature_sets/discovery/<name>/ (browsable with
`featurectl app --features feature_sets --discovery feature_sets`). Deterministic; run from the
repository root:  python scripts/make_builtin_feature_sets.py [--max-texts N] [--only a,b]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from featurectl.domains import DOMAINS

SETS = {
    # name: (domain whose corpus is used, swap target/control)
    **{d.off_set: (d.name, False) for d in DOMAINS.values()},  # json_off, french_off, safety_off, positive_off
    "negative_off": ("sentiment", True),
    "harmful_off": ("harmful", False),  # harmful-request features (prompts vs benign prompts)
}


def examples_for(domain: str, swap: bool):
    from featurectl.corpora import load_corpus
    from featurectl.discovery import examples_from_corpus
    from featurectl.discovery.collect import Example
    from featurectl.io import read_jsonl

    if domain != "harmful":
        rows = load_corpus(domain)
        if swap:
            rows = [{**r, "target": r["control"], "control": r["target"]} for r in rows]
        return examples_from_corpus(rows), {domain: None}
    # harmful requests vs benign requests, scored as user text (no response)
    from featurectl.corpora import CORPUS_DIR

    harmful = read_jsonl(CORPUS_DIR / "harmful.jsonl")
    # benign requests: every domain's prompts except the refusal domain's
    benign = [r["prompt"] for d in DOMAINS if d != "safety" for r in load_corpus(d)]
    ex = [Example(str(r["id"]), "", r["prompt"], "target", "heldout" if i % 5 == 4 else "train")
          for i, r in enumerate(harmful)]
    ex += [Example(f"benign-{i}", "", p, "control", "heldout" if i % 5 == 4 else "train")
           for i, p in enumerate(benign[: 3 * len(harmful)])]
    return ex, {"harmful": None}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--max-texts", type=int, default=200, help="texts per (side, split)")
    ap.add_argument("--only", help="comma-separated set names")
    ap.add_argument("--out", default="feature_sets")
    args = ap.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    from featurectl.corpora import corpus_path
    from featurectl.discovery import DiscoveryConfig, discover, write_feature_set
    from featurectl.discovery.collect import cap_examples
    from featurectl.io import sha256_file
    from featurectl.models import DEFAULT_MODEL, load_model
    from featurectl.sae import DEFAULT_SAE, load_sae

    spec = {"path": DEFAULT_SAE[DEFAULT_MODEL]}
    sae = load_sae(spec)
    model, tok, info = load_model(DEFAULT_MODEL)
    out = Path(args.out)
    summary = {}
    for name, (domain, swap) in SETS.items():
        if args.only and name not in args.only.split(","):
            continue
        t0 = time.perf_counter()
        examples, _ = examples_for(domain, swap)
        examples = cap_examples(examples, args.max_texts)
        corpus = "harmful" if domain == "harmful" else domain
        result = discover(model, tok, sae, examples, name=name, hook=sae.hook_name, model_name=DEFAULT_MODEL,
                          config=DiscoveryConfig(), domain=domain, sae_spec=spec,
                          model_sha256=info.weights_sha256,
                          corpus_sha256={corpus: sha256_file(corpus_path(corpus))})
        result.write(out / "discovery" / name)
        if result.feature_set is None:
            print(f"{name}: no feature kept", file=sys.stderr)
            continue
        fs = result.feature_set.model_copy(update={"description": (
            f"Features that separate {'control' if swap else 'target'} from {'target' if swap else 'control'} "
            f"responses of the shipped {domain} corpus on {DEFAULT_MODEL} (SAE {spec['path']}); listed with "
            "target zero so FPO pulls them toward 0. Made by scripts/make_builtin_feature_sets.py.")})
        write_feature_set(result.__class__(**{**result.__dict__, "feature_set": fs}), out / f"{name}.yaml")
        summary[name] = {"n_features": len(result.selected), "heldout_set_auroc": result.summary.get("heldout_set_auroc"),
                         "seconds": round(time.perf_counter() - t0, 1),
                         "top10": [{"index": f.index, "label": f.label,
                                    **{k: round(v, 4) for k, v in f.scores.items() if isinstance(v, float)}}
                                   for f in fs.features[:10]]}
        print(json.dumps({name: summary[name]}, indent=1))
    from featurectl.io import write_json

    write_json(out / "discovery" / "builtin_summary.json", summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""featurectl discover: find the SAE features of a behaviour and write a feature set.

    featurectl discover --domain json                      # shipped corpus, default model + SAE
    featurectl discover --target mine.jsonl --control other.jsonl --name mine_off
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..domains import DOMAINS
from ..errors import ConfigError


def add_parser(sub) -> None:
    p = sub.add_parser(
        "discover",
        help="find SAE features that separate target from control responses; write a feature set",
        description="Two-stage feature discovery (arXiv 2411.07618 sec. 5.3): score every SAE feature on "
        "train target vs control responses (difference of means, AUROC, firing-frequency ratio), keep the "
        "top N, then keep those that also separate held-out texts. Writes features.csv/.parquet, "
        "contexts.jsonl, histograms.json, summary.json to OUT_DIR/discovery/NAME/ and a feature-set YAML.",
    )
    src = p.add_argument_group("texts (a shipped domain corpus, or your own target/control files)")
    src.add_argument("--domain", choices=tuple(DOMAINS), help="a registered domain's contrast corpus")
    src.add_argument("--target", help="JSONL of target texts: rows {text} or {prompt, response} (optional split)")
    src.add_argument("--control", help="JSONL of control texts, same format")
    src.add_argument("--name", help="feature-set name (default: <domain>_off, or <target file stem>_off)")
    src.add_argument("--max-texts", type=int, help="at most N texts per side and split")
    m = p.add_argument_group("model and SAE")
    m.add_argument("--model", help="model registry name, local dir or HF id (default: smollm2-135m)")
    m.add_argument("--sae", help="builtin:NAME, a sae-lens directory, or RELEASE:SAE_ID (default: the model's built-in)")
    m.add_argument("--hook", help="hook to read (default: the SAE's own hook)")
    m.add_argument("--device", default="cpu")
    m.add_argument("--dtype", default="float32", choices=("float32", "bfloat16", "float16"))
    s = p.add_argument_group("selection")
    s.add_argument("--top", type=int, default=50, help="stage-1 candidates (default 50)")
    s.add_argument("--min-auroc", type=float, default=0.7, help="stage-1 train AUROC threshold (default 0.7)")
    s.add_argument("--heldout-min-auroc", type=float, default=0.6, help="stage-2 held-out AUROC threshold (default 0.6)")
    s.add_argument("--causal", action="store_true", help="also ablate each selected feature while generating (slow)")
    s.add_argument("--causal-prompts", type=int, default=4, help="held-out prompts for --causal (default 4)")
    o = p.add_argument_group("output")
    o.add_argument("--out", help="feature-set YAML (default: feature_sets/NAME.yaml; when that file exists, "
                   "NAME-2.yaml, NAME-3.yaml, ... unless --force)")
    o.add_argument("--force", action="store_true", help="overwrite the feature-set YAML if it exists")
    o.add_argument("--out-dir", default="out", help="results go to OUT_DIR/discovery/NAME/ (default: out)")
    o.add_argument("--beta", type=float, default=5.0, help="beta of each selected feature (default 5.0)")
    o.add_argument("--feature-target", choices=("zero", "reference"),
                   help="target of the listed features (default: zero for *_off names, else reference)")
    o.add_argument("--top-k", type=int, default=32, help="top_k of the written set (default 32)")
    o.add_argument("--default-beta", type=float, default=1.0, help="default_beta of the written set (default 1.0)")
    r = p.add_argument_group("runtime")
    r.add_argument("--batch-size", type=int, default=8)
    r.add_argument("--max-length", type=int, default=256, help="prompt + response tokens per text (default 256)")
    r.add_argument("--threads", type=int, help="torch CPU threads (default: torch's choice)")
    r.add_argument("--no-progress", action="store_true", help="no progress bars")
    p.set_defaults(func=run)


def _check_sources(args: argparse.Namespace) -> None:
    custom = args.target is not None or args.control is not None
    if args.domain and custom:
        raise ConfigError("give either --domain or --target/--control, not both")
    if not args.domain and not custom:
        raise ConfigError(f"give --domain ({'|'.join(DOMAINS)}) or both --target and --control")
    if custom and (args.target is None or args.control is None):
        raise ConfigError("--target and --control go together")


def load_examples(args: argparse.Namespace):
    """(examples, {corpus name: sha256}) for a shipped domain or --target/--control files."""
    from ..discovery import cap_examples, examples_from_corpus, examples_from_jsonl
    from ..io import sha256_file

    if args.domain:
        from .. import corpora

        rows = corpora.load_corpus(args.domain)
        examples = examples_from_corpus(rows)
        sha = {args.domain: corpora.corpus_sha256(args.domain)}
    else:
        examples = examples_from_jsonl(args.target, "target") + examples_from_jsonl(args.control, "control")
        sha = {"target": sha256_file(args.target), "control": sha256_file(args.control)}
    return cap_examples(examples, args.max_texts), sha


def load_model_and_sae(args: argparse.Namespace, log=print):
    """(model, tokenizer, model_info, sae, sae_spec, hook); prints every default it chose."""
    from .. import sae as sae_mod
    from ..feature_sets import sae_spec_from_arg
    from ..models import DEFAULT_MODEL, load_model

    model_name = args.model or DEFAULT_MODEL
    if args.model is None:
        log(f"model: {model_name} (default)")
    if args.sae:
        spec = sae_spec_from_arg(args.sae)
    else:
        default = sae_mod.DEFAULT_SAE.get(model_name)
        if default is None:
            raise ConfigError(
                f"no built-in SAE for model {model_name!r}; pass --sae (builtin:NAME, a sae-lens directory "
                f"or RELEASE:SAE_ID) and --hook"
            )
        spec = {"path": default}
        log(f"sae: {default} (built-in for {model_name})")
    sae = sae_mod.load_sae(spec, hook=args.hook, device=args.device)
    if args.hook is None:
        log(f"hook: {sae.hook_name} (from the SAE)")
    model, tokenizer, info = load_model(model_name, dtype=args.dtype, device=args.device)
    return model, tokenizer, info, sae, spec, sae.hook_name


def _feature_set_target(path: Path, force: bool) -> Path:
    """Where the feature set goes: never over an existing file (a shipped set) unless ``force``."""
    from ..io import unused_path

    if force or not path.exists():
        return path
    fresh = unused_path(path)
    print(f"{path} exists and is kept: writing {fresh} (--force overwrites {path})")
    return fresh


def run(args: argparse.Namespace) -> int:
    _check_sources(args)
    name = args.name or f"{args.domain or Path(args.target).stem}_off"
    out_yaml = Path(args.out) if args.out else Path("feature_sets") / f"{name}.yaml"
    out_dir = Path(args.out_dir) / "discovery" / name
    out_yaml = _feature_set_target(out_yaml, args.force)

    import torch

    from ..discovery import discover, write_feature_set

    if args.threads:
        torch.set_num_threads(args.threads)
    cfg = discovery_config(args)
    examples, corpus_sha = load_examples(args)
    metric = None
    if args.causal and args.domain:
        metric = DOMAINS[args.domain].capability
    model, tokenizer, info, sae, spec, hook = load_model_and_sae(args)
    result = discover(
        model,
        tokenizer,
        sae,
        examples,
        name=name,
        hook=hook,
        model_name=info.name,
        config=cfg,
        domain=args.domain,
        sae_spec=spec,
        model_sha256=info.weights_sha256,
        corpus_sha256=corpus_sha,
        metric=metric,
    )
    result.write(out_dir)
    print(f"results: {out_dir}/ (features.csv, contexts.jsonl, histograms.json, summary.json)")
    replaced = out_yaml.exists()  # only with --force
    path = write_feature_set(result, out_yaml)
    print(f"feature set: {path} ({len(result.selected)} features){' (replaced the old file)' if replaced else ''}")
    print_selected(result.feature_set.features)
    return 0


def discovery_config(args: argparse.Namespace):
    """The validated :class:`~featurectl.discovery.DiscoveryConfig` of the selection options."""
    from pydantic import ValidationError

    from ..discovery import DiscoveryConfig

    try:
        return DiscoveryConfig(
            top=args.top,
            min_auroc=args.min_auroc,
            heldout_min_auroc=args.heldout_min_auroc,
            beta=args.beta,
            feature_target=args.feature_target,
            top_k=args.top_k,
            default_beta=args.default_beta,
            batch_size=args.batch_size,
            max_length=args.max_length,
            causal=args.causal,
            causal_prompts=args.causal_prompts,
            progress=not args.no_progress,
        )
    except ValidationError as e:
        bad = "; ".join(
            f"--{'-'.join(map(str, err['loc'])).replace('_', '-')} {err['input']!r}: {err['msg']}" for err in e.errors()
        )
        raise ConfigError(f"invalid option: {bad}") from None


def print_selected(features, shown: int = 10) -> None:
    """The first ``shown`` selected features with their train and held-out AUROC."""
    for f in features[:shown]:
        print(f"  {f.index:>6}  auroc {f.scores.get('auroc', float('nan')):.3f}  "
              f"held-out {f.scores.get('heldout_auroc', float('nan')):.3f}  {f.label}")
    if len(features) > shown:
        print(f"  ... {len(features) - shown} more")

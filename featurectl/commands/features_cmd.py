"""featurectl features: list, show and validate feature-set YAML files.

    featurectl features list
    featurectl features show json_off
    featurectl features validate json_off.yaml --config run.yaml
    featurectl features validate json_off.yaml --model smollm2-135m --sae builtin:smollm2-135m-l18
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import ConfigError, FeatureSetError


def add_parser(sub) -> None:
    p = sub.add_parser(
        "features",
        help="list, show or validate feature sets (per-feature beta masks)",
        description="Feature sets (feature_sets/*.yaml) say which SAE features FPO constrains and how hard.",
    )
    fsub = p.add_subparsers(dest="features_command", metavar="ACTION")

    ls = fsub.add_parser("list", help="feature sets reachable by bare name (./feature_sets, then packaged)")
    ls.set_defaults(func=run_list)

    show = fsub.add_parser("show", help="print a feature set's settings and listed features")
    show.add_argument("feature_set", help="path or bare name (json_off = ./feature_sets/json_off.yaml)")
    show.set_defaults(func=run_show)

    val = fsub.add_parser(
        "validate",
        help="check a feature set's schema and that it fits a run's model, SAE and hook",
        description="Checks the schema, then that the set was made for the run's model, SAE and hook and that "
        "every index is below the SAE's d_sae (loads the SAE, not the model). With neither --config nor "
        "--model/--sae/--hook, the set is checked against its own SAE.",
    )
    val.add_argument("feature_set", help="path or bare name")
    val.add_argument("--config", help="run config YAML; its model and the matching saes[] entry are used")
    val.add_argument("--model", help="the run's model (default: the set's own)")
    val.add_argument("--sae", help="the run's SAE: builtin:NAME, a directory or RELEASE:SAE_ID (default: the set's own)")
    val.add_argument("--hook", help="the run's hook (default: the set's own)")
    val.add_argument("--schema-only", action="store_true", help="check the YAML schema only; load no SAE")
    val.set_defaults(func=run_validate)

    p.set_defaults(func=lambda args: (p.print_help(), 1)[1])


def run_list(args: argparse.Namespace) -> int:
    from ..feature_sets import list_feature_sets

    sets = list_feature_sets()
    if not sets:
        print("no feature sets in ./feature_sets or packaged")
        return 0
    for s in sets:
        print(f"{s['name']:<24} {s['where']:<9} {s['path']}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from ..feature_sets import load_feature_set

    fs = load_feature_set(args.feature_set)
    print(f"{fs.name}  ({fs.source})")
    if fs.description:
        print(f"  {fs.description}")
    sae = ", ".join(f"{k}: {v}" for k, v in fs.sae.items())
    print(f"  model {fs.model} | sae {{{sae}}} | hook {fs.hook}")
    print(f"  top_k {fs.top_k} | default_beta {fs.default_beta} | {len(fs.features)} listed features")
    if fs.features:
        print(f"  {'index':>7} {'beta':>6} {'target':<9} {'auroc':>6} {'held-out':>8}  label")
        for f in fs.features:
            a, h = f.scores.get("auroc"), f.scores.get("heldout_auroc")
            a_s = f"{a:.3f}" if a is not None else "-"
            h_s = f"{h:.3f}" if h is not None else "-"
            print(f"  {f.index:>7} {f.beta:>6g} {f.target:<9} {a_s:>6} {h_s:>8}  {f.label}")
    prov = fs.provenance
    if prov:
        keys = ", ".join(f"{k}: {prov[k]}" for k in ("date", "featurectl_version") if k in prov)
        print(f"  provenance: {keys or ', '.join(prov)}")
    return 0


def _from_config(path: str, fs) -> tuple[str, dict, str]:
    """(model, sae spec, hook) of the run config's saes[] entry this set belongs to."""
    from ..config import load_run_config
    from ..feature_sets import _hook_key, resolve_feature_set_path

    cfg = load_run_config(path)
    entries = list(cfg.saes)
    if not entries:
        raise ConfigError(f"{path}: the run config has no 'saes' entries to check a feature set against")
    mine = Path(fs.source).resolve()

    def refers_to_set(e) -> bool:
        if not e.feature_set:
            return False
        try:
            return resolve_feature_set_path(e.feature_set).resolve() == mine
        except FeatureSetError:
            return False

    match = [e for e in entries if refers_to_set(e)] or [e for e in entries if _hook_key(e.hook) == _hook_key(fs.hook)]
    if not match and len(entries) == 1:
        match = entries
    if not match:
        hooks = ", ".join(e.hook for e in entries)
        raise FeatureSetError(f"{fs.source}: key 'hook' = {fs.hook!r} matches none of {path}'s saes[] hooks ({hooks})")
    entry = match[0]
    return cfg.model.name, dict(entry.sae), entry.hook


def run_validate(args: argparse.Namespace) -> int:
    from ..feature_sets import load_feature_set, sae_spec_from_arg, validate_against, validate_model_and_hook

    fs = load_feature_set(args.feature_set)
    if args.schema_only:
        print(f"OK {fs.source}: schema valid, {len(fs.features)} listed features")
        return 0
    if args.config:
        if args.model or args.sae or args.hook:
            raise ConfigError("give either --config or --model/--sae/--hook, not both")
        model, spec, hook = _from_config(args.config, fs)
    else:
        model = args.model or fs.model
        spec = sae_spec_from_arg(args.sae) if args.sae else dict(fs.sae)
        hook = args.hook or fs.hook
    validate_model_and_hook(fs, model=model, hook=hook)  # cheap checks before loading the SAE
    from ..sae import load_sae

    sae = load_sae(spec, hook=hook)
    validate_against(fs, model=model, sae_identity=sae.identity(), hook=hook, d_sae=sae.d_sae)
    print(
        f"OK {fs.source}: {len(fs.features)} listed features fit model {model}, SAE "
        f"{spec} (d_sae={sae.d_sae}), hook {hook}"
    )
    return 0

"""featurectl train: validate the run config, then hand over to featurectl.train."""

from __future__ import annotations

import argparse


def add_parser(sub) -> None:
    p = sub.add_parser(
        "train",
        help="train a policy with a registry loss (fpo, dpo, simpo, tdpo1, tdpo2, simpo_kl, sft)",
        description="Train with a preference loss. Without --config, the built-in configuration for the "
        "embedded default model is used; --feature-set supplies the model, SAE and hook it was made for.",
    )
    p.add_argument("--config", help="run YAML (see featurectl/configs/default.yaml)")
    p.add_argument("--method", help="override the config's method")
    p.add_argument("--feature-set", help="feature-set YAML or bare name in feature_sets/ (per-feature beta mask)")
    p.add_argument("--output", help="run directory (default runs/<name>)")
    p.add_argument("--data", help="override data.train (JSONL/Parquet path or builtin:<name>)")
    p.add_argument("--max-steps", type=int, help="override train.max_steps")
    p.add_argument("--resume", action="store_true", help="resume from the latest checkpoint in the run directory")
    p.add_argument("--force", action="store_true",
                   help="if --output already holds a run, keep it and train into a fresh directory (NAME-2, ...)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override any config key, e.g. --set loss.alpha=1.0 (YAML value)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..runconfig import resolve_run_config
    from ..prepare import log
    from ..train import run_training

    cfg = resolve_run_config(
        config=args.config, method=args.method, feature_set=args.feature_set, output=args.output,
        data=args.data, max_steps=args.max_steps, sets=args.set, announce=log,
    )
    if args.force and args.resume:
        from ..errors import ConfigError

        raise ConfigError("--force and --resume exclude each other: --resume continues the run, --force starts a new one")
    if args.force:
        from ..resume import force_fresh

        cfg = force_fresh(cfg, log)
    run_dir = run_training(cfg, resume=args.resume)
    print(f"run directory: {run_dir}")
    return 0

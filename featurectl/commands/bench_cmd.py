"""featurectl bench: train and evaluate every method on one model/data/seed/budget; one table."""

from __future__ import annotations

import argparse

from ..rundir import EVAL


def add_parser(sub) -> None:
    p = sub.add_parser(
        "bench",
        help="train + evaluate sft dpo simpo tdpo1 tdpo2 fpo simpo_kl (and variants) under one budget",
        description="Runs every method of a bench YAML (see configs/bench_tiny.yaml) on the same model, data, "
        "seed and budget, evaluates each run, and writes <output_dir>/bench.md|csv|json and figures/*.html. "
        "Resumable: finished runs and current evaluations are skipped.",
    )
    p.add_argument("--config", required=True, help="bench YAML")
    p.add_argument("--output", help="override output_dir")
    p.add_argument("--only", help="comma-separated run names to (re)do; the table still lists every run")
    p.add_argument("--skip-eval", action="store_true", help=f"train only; table from existing {EVAL} files")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override a bench key, e.g. --set base.train.max_steps=4 (YAML value)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import yaml

    from ..errors import ConfigError
    from ..evaluation.tables import format_table
    from ..workflows.bench import run_bench
    from ..workflows.bench_config import load_bench_config

    overrides = {}
    for item in args.set:
        if "=" not in item:
            raise ConfigError(f"--set expects KEY=VALUE, got {item!r}")
        key, value = item.split("=", 1)
        overrides[key] = yaml.safe_load(value)
    if args.output:
        overrides["output_dir"] = args.output
    bench = load_bench_config(args.config, overrides)
    only = [n.strip() for n in args.only.split(",") if n.strip()] if args.only else None
    result = run_bench(bench, only=only, skip_eval=args.skip_eval)
    cols = list(result["columns"].items())
    print(format_table(result["rows"], cols))
    print(f"wrote {bench.out}/bench.md, bench.csv, bench.json, figures/")
    return 0

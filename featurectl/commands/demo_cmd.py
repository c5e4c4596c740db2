"""featurectl demo: the main job, offline, on the embedded default model."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub) -> None:
    p = sub.add_parser("demo", help="run the whole pipeline offline on the embedded default model",
                       description="Synthesize pairs, load the shipped SAE, discover French features, cache the "
                       "reference, train uniform and french_off FPO runs, evaluate, and write a report.")
    p.add_argument("--out", default="runs/demo", help="demo directory (default runs/demo)")
    p.add_argument("--tiny", action="store_true", help="tiny random model and SAE (seconds; plumbing check)")
    p.add_argument("--steps", type=int, help="optimizer steps per run")
    p.add_argument("--pairs", type=int, help="training pairs")
    p.add_argument("--prompts", type=int, help="answers per model in the control protocol (default 100)")
    p.add_argument("--force", action="store_true", help="delete an earlier demo directory first")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..workflows.demo import DemoOptions, run_demo

    opts = DemoOptions(out=Path(args.out), tiny=args.tiny, force=args.force)
    if args.tiny:
        opts.n_pairs, opts.n_eval_pairs, opts.steps, opts.max_texts = 8, 4, 2, 24
        opts.n_protocol, opts.protocol_tokens, opts.max_new_tokens, opts.max_length = 6, 8, 8, 96
    if args.steps is not None:
        opts.steps = args.steps
    if args.pairs is not None:
        opts.n_pairs = args.pairs
    if args.prompts is not None:
        opts.n_protocol = args.prompts
    run_demo(opts)
    return 0

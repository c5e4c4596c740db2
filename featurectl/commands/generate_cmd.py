"""featurectl generate: sample runs side by side on your prompts, with the control verdicts.

    featurectl generate runs/demo/french_off_fpo --against runs/demo/uniform_fpo reference \\
        --prompt "Describe your morning."
    featurectl generate runs/demo/french_off_fpo --prompts prompts.txt --out gens.jsonl
    featurectl generate runs/demo/french_off_fpo --against reference --interactive
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub) -> None:
    p = sub.add_parser(
        "generate",
        help="sample trained runs side by side on your prompts, with language/JSON/refusal/sentiment verdicts",
        description="Sample RUN (and each --against run, or 'reference', the run's untrained base model) on "
        "the same prompts with the same seed. Prints a table with each answer's control verdicts "
        "(language, JSON, refusal, sentiment) and appends every row to a JSONL.",
    )
    p.add_argument("run_dir", metavar="RUN", help="run directory (with final/)")
    p.add_argument("--against", nargs="+", default=[], metavar="RUN|reference",
                   help="other run directories, or 'reference' for the untrained base model")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--prompt", action="append", metavar="TEXT", help="a prompt (repeatable)")
    src.add_argument("--prompts", metavar="FILE", help=".jsonl of {prompt} rows, or a text file with one prompt per line")
    src.add_argument("--interactive", action="store_true", help="read prompts from the terminal until an empty line")
    p.add_argument("--out", metavar="FILE.jsonl", help="rows are appended here (default RUN/generations.jsonl)")
    p.add_argument("--temperature", type=float, default=0.7, help="0 = greedy (default 0.7)")
    p.add_argument("--max-new-tokens", type=int, default=64, help="tokens per answer (default 64)")
    p.add_argument("--seed", type=int, default=0, help="the same for every source (default 0)")
    p.add_argument("--batch-size", type=int, default=8)
    p.add_argument("--dtype", choices=["float32", "bfloat16", "float16"], help="default: each run's model dtype")
    p.add_argument("--device", default="cpu", help="cpu (default) | cuda | cuda:N")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import ConfigError
    from ..evaluation.side_by_side import SampleOptions, load_sources, read_prompts, render_table, repl, sample_rows, \
        write_rows
    from ..rundir import GENERATIONS

    if args.temperature < 0 or args.max_new_tokens < 1 or args.batch_size < 1:
        raise ConfigError("--temperature must be >= 0, --max-new-tokens and --batch-size >= 1")
    prompts = read_prompts(args.prompts) if args.prompts else list(args.prompt or [])
    if not args.interactive and not prompts:
        raise ConfigError(f"no prompts in {args.prompts}")
    out = Path(args.out) if args.out else Path(args.run_dir) / GENERATIONS
    opts = SampleOptions(temperature=args.temperature, max_new_tokens=args.max_new_tokens, seed=args.seed,
                         batch_size=args.batch_size)
    sources = load_sources(args.run_dir, args.against, dtype=args.dtype, device=args.device)
    if args.interactive:
        repl(sources, opts, out)
        return 0
    rows = sample_rows(sources, prompts, opts)
    print(render_table(rows))
    write_rows(out, rows)
    print(f"{len(rows)} rows appended to {out}")
    return 0

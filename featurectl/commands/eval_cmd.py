"""featurectl eval: evaluate a run directory into eval.json, eval.md and samples.jsonl."""

from __future__ import annotations

import argparse

from ..rundir import EVAL, EVAL_MD, FINAL, SAMPLES


def _floats(text: str) -> list[float]:
    try:
        return [float(t) for t in text.split(",") if t.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated numbers, got {text!r}") from None


def _names(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


def add_parser(sub) -> None:
    p = sub.add_parser(
        "eval",
        help="evaluate a trained run: preference accuracy, KL, feature MSE, diversity, control metrics",
        description=f"Evaluate RUN_DIR/{FINAL} against the run's base model (the reference). Writes "
        f"RUN_DIR/{EVAL}, RUN_DIR/{EVAL_MD} and RUN_DIR/{SAMPLES} and prints a table. Defaults are "
        "sized for a CPU; raise --n-prompts/--n-diversity/--max-new-tokens for paper-scale numbers.",
    )
    p.add_argument("run_dir", metavar="RUN_DIR")
    p.add_argument("--against", nargs="+", default=[], metavar="OTHER_RUN",
                   help=f"other run directories: extra table rows (from their {EVAL}) and judge opponents")
    p.add_argument("--pairs", help="held-out preference pairs (default: the run's eval data or held-out split)")
    p.add_argument("--n-pairs", type=int, help="held-out pairs scored (default 64; 0 skips)")
    p.add_argument("--n-prompts", type=int, help="prompts per control domain (default 8; 0 skips)")
    p.add_argument("--n-diversity", type=int, help="prompts sampled for diversity (default 16; the paper uses 100)")
    p.add_argument("--temperatures", type=_floats, help="sweep, e.g. 0.2,0.4,0.6,0.8,1.0 (default); '' = none")
    p.add_argument("--temperature", type=float, help="temperature of the headline numbers (default 1.0)")
    p.add_argument("--domains", type=_names, help="control domains, e.g. json,french,safety,sentiment")
    p.add_argument("--prompt-file", action="append", default=[], metavar="DOMAIN=PATH",
                   help="JSONL of {id, prompt} rows replacing a domain's shipped held-out prompts")
    p.add_argument("--max-new-tokens", type=int,
                   help="tokens sampled per response (default 48; a JSON answer often needs 128+ to close)")
    p.add_argument("--batch-size", type=int, help="generation batch size (default 8)")
    p.add_argument("--seed", type=int)
    p.add_argument("--dtype", choices=["float32", "bfloat16", "float16"], help="default: the run's model dtype")
    p.add_argument("--device", help="auto (default) | cpu | cuda")
    p.add_argument("--sae", help="SAE (sae-lens dir or builtin:NAME) for the feature MSE of a run trained without one")
    p.add_argument("--sae-release", help="sae-lens release of the SAE (with --sae-id), instead of --sae")
    p.add_argument("--sae-id", help="sae-lens SAE id within --sae-release")
    p.add_argument("--hook", help="hook of the SAE, e.g. blocks.18.hook_resid_post")
    p.add_argument("--mse-top-k", type=int, help="k of the feature MSE (default: the run's top_k, else 32)")
    p.add_argument("--judge-url", help="OpenAI-compatible server, e.g. http://127.0.0.1:8000 (key: $OPENAI_API_KEY)")
    p.add_argument("--judge-model", help="judge model name passed to the server")
    p.add_argument("--judge-prompts", type=int, help="prompts judged per opponent (default 32)")
    p.set_defaults(func=run)


def options_from_args(args: argparse.Namespace):
    """argparse namespace -> validated EvalOptions (unset flags keep the defaults)."""
    from pydantic import ValidationError

    from ..errors import ConfigError
    from ..evaluation.run_eval import EvalOptions

    values = {
        "pairs": args.pairs, "n_pairs": args.n_pairs, "n_prompts": args.n_prompts,
        "n_diversity": args.n_diversity, "temperatures": args.temperatures, "temperature": args.temperature,
        "domains": args.domains, "max_new_tokens": args.max_new_tokens, "gen_batch_size": args.batch_size,
        "seed": args.seed, "dtype": args.dtype, "device": args.device, "judge_url": args.judge_url,
        "judge_model": args.judge_model, "judge_prompts": args.judge_prompts, "against": args.against,
        "mse_top_k": args.mse_top_k,
    }
    values = {k: v for k, v in values.items() if v is not None}
    files = {}
    for item in args.prompt_file:
        if "=" not in item:
            raise ConfigError(f"--prompt-file expects DOMAIN=PATH, got {item!r}")
        domain, path = item.split("=", 1)
        files[domain] = path
    if files:
        values["prompt_files"] = files
    if args.sae and (args.sae_release or args.sae_id):
        raise ConfigError("give --sae PATH or --sae-release + --sae-id, not both")
    if bool(args.sae_release) != bool(args.sae_id):
        raise ConfigError("--sae-release and --sae-id go together")
    spec = {"path": args.sae} if args.sae else (
        {"release": args.sae_release, "sae_id": args.sae_id} if args.sae_release else None)
    if spec is not None:
        if not args.hook:
            raise ConfigError("an SAE for eval needs --hook (the activation site it was trained on)")
        values["saes"] = [{"sae": spec, "hook": args.hook}]
    if bool(args.judge_url) != bool(args.judge_model):
        raise ConfigError("the judge needs both --judge-url and --judge-model")
    try:
        return EvalOptions(**values)
    except ValidationError as e:
        msgs = "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors())
        raise ConfigError(f"eval options: {msgs}") from None


def run(args: argparse.Namespace) -> int:
    from ..evaluation.run_eval import evaluate_run
    from ..rundir import require_run_dir

    options = options_from_args(args)
    require_run_dir(args.run_dir)
    evaluate_run(args.run_dir, options)
    print(f"wrote {args.run_dir}/{EVAL}, {EVAL_MD}, {SAMPLES}")
    return 0

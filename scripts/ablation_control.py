"""Ablation: which FPO mechanism makes a β mask hold (issue 11), french domain on smollm2-135m.

Same mixed data (builtin:helpful 1:1 with the french capability pairs), seed and budget for
every row; (a) is uniform FPO (french_off's features listed with β 0), each (b_*) trains with
the committed ``feature_sets/french_off.yaml`` under one mechanism; (c) is the untrained
reference. Every row is evaluated with ``featurectl.evaluation.protocol.run_protocol`` on
AlpacaEval prompts (French/German/Italian output rate, JSON, positive) and held-out general pairs.

    python scripts/ablation_control.py --out results/experiments/ablation_YYYY-MM-DD \
        --variants paper both suppress --steps 40 --n 100

Writes ``ablation.json``, ``ablation.md`` and ``command.txt`` (with ``uptime`` before/after), and the
generations to ``samples.json`` (git-ignored: they answer benchmark prompts and may quote them).
Finished runs are reused when the script is run again with the same --out.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import time
from pathlib import Path

VARIANTS = {
    "paper": ({}, "paper form: δ = α(D(y_l) − sg(D(y_w)))"),
    "both": ({"listed_both_sides": True}, "listed features constrained on both responses (listed_both_sides)"),
    "suppress": ({"suppress_weight": 1.0}, "additive λ(Z(y_w)+Z(y_l)), λ = 1 (suppress_weight)"),
    "listed": ({"listed_weight": 2.0}, "additive λ_L(D_L(y_w)+D_L(y_l)), λ_L = 2 (listed_weight)"),
    "both+suppress": ({"listed_both_sides": True, "suppress_weight": 1.0}, "listed_both_sides + suppress_weight 1"),
}


def _log(msg: str) -> None:
    print(f"[ablation] {msg}", file=sys.stderr, flush=True)


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def _nomask(off):
    feats = [f.model_copy(update={"beta": 0.0, "target": "reference"}) for f in off.features]
    return off.model_copy(update={"name": "french_nomask", "features": feats,
                                  "description": "french_off features with beta 0 (uniform FPO)"})


def _config(args, name: str, fs_path: Path, data: dict, loss: dict, out: Path):
    from featurectl.config import parse_run_config

    raw = {
        "name": name, "method": "fpo",
        "loss": {"beta": 0.1, "alpha": 0.5, "top_k": 32, **loss},
        "model": {"name": "smollm2-135m"},
        "saes": [{"sae": {"path": "builtin:smollm2-135m-l18"}, "hook": "blocks.18.hook_resid_post",
                  "feature_set": str(fs_path)}],
        "data": {"train": str(data["train"]), "eval": str(data["heldout_general"]),
                 "max_prompt_length": args.max_length // 2, "max_length": args.max_length},
        "reference": {"cache_dir": str(out / "refcache")},
        "train": {"learning_rate": args.lr, "max_steps": args.steps, "warmup_steps": 0,
                  "per_device_train_batch_size": 2, "logging_steps": 1, "save_steps": args.steps,
                  "save_total_limit": 1, "seed": args.seed, "logps_chunk_size": 512},
        "output_dir": str(out / "runs" / name),
    }
    return parse_run_config(raw, f"ablation:{name}")


def _train(cfg, model_name: str, tokenizer, info) -> float:
    from featurectl.models import load_model
    from featurectl.train import prepare, run_training

    summary = cfg.run_dir / "summary.json"
    if summary.exists() and json.loads(summary.read_text()).get("status") == "finished":
        _log(f"{cfg.run_dir} already finished; reused")
        return float("nan")
    t0 = time.perf_counter()
    fresh, _, _ = load_model(model_name)
    run_training(cfg, prepared=prepare(cfg, model=fresh, tokenizer=tokenizer, model_info=info))
    del fresh
    return time.perf_counter() - t0


def _write(out: Path, res: dict, args, argv) -> None:
    from featurectl.evaluation.protocol import protocol_markdown

    command = "python scripts/ablation_control.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    # the generations answer benchmark prompts and may quote them: kept beside, never committed
    (out / "samples.json").write_text(json.dumps(res.get("samples", {}), indent=1) + "\n")
    table = {k: v for k, v in res.items() if k != "samples"}
    (out / "ablation.json").write_text(json.dumps(table, indent=1, default=str) + "\n")
    labels = {"a": "uniform FPO", "c": "reference (untrained)", **res["variants"]}
    (out / "ablation.md").write_text(f"# Ablation: french_off mechanisms (smollm2-135m)\n\n`{command}`\n\n"
                                     f"Mix: {res['mix']}. Steps {args.steps}, lr {args.lr}, batch 2.\n\n"
                                     + protocol_markdown(res, labels) + f"\nuptime before: {res['uptime']['before']}"
                                     f"\nuptime after: {res['uptime']['after']}\n")
    (out / "command.txt").write_text(command + "\n")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--variants", nargs="*", default=["paper", "both", "suppress"], choices=list(VARIANTS))
    p.add_argument("--steps", type=int, default=40)
    p.add_argument("--lr", type=float, default=2e-5)
    p.add_argument("--n-domain", type=int, default=48, help="french pairs (as many general pairs at ratio 1)")
    p.add_argument("--ratio", type=float, default=1.0)
    p.add_argument("--n", type=int, default=100, help="AlpacaEval prompts per model")
    p.add_argument("--max-new-tokens", type=int, default=24)
    p.add_argument("--max-length", type=int, default=160)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--train-only", action="store_true")
    p.add_argument("--no-reference", action="store_true", help="do not evaluate the untrained reference (c)")
    args = p.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    from featurectl.evaluation.protocol import run_protocol
    from featurectl.feature_sets import load_feature_set, save_feature_set
    from featurectl.mixing import builtin_mix
    from featurectl.models import load_model

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    before = _uptime()
    mix = builtin_mix("french", ratio=args.ratio, n_domain=args.n_domain, n_heldout_domain=40, seed=args.seed)
    data = mix.write(out / "data")
    off = load_feature_set("feature_sets/french_off.yaml")
    paths = {"off": save_feature_set(off, out / "french_off.yaml"),
             "nomask": save_feature_set(_nomask(off), out / "french_nomask.yaml")}
    model, tokenizer, info = load_model("smollm2-135m")
    cfgs = {"a": _config(args, "a_uniform", paths["nomask"], data, {}, out)}
    for v in args.variants:
        cfgs[f"b_{v}"] = _config(args, f"b_{v}", paths["off"], data, VARIANTS[v][0], out)
    seconds = {k: _train(cfg, "smollm2-135m", tokenizer, info) for k, cfg in cfgs.items()}
    _log(f"trained: {seconds}; {_uptime()}")
    if args.train_only:
        return 0
    t0 = time.perf_counter()
    policies = {k: cfg.run_dir for k, cfg in cfgs.items()}
    if not args.no_reference:
        policies["c"] = model
    res = run_protocol(policies, tokenizer, "french", n=args.n, max_new_tokens=args.max_new_tokens,
                       seed=args.seed, heldout_general=mix.heldout_general, heldout_domain=mix.heldout_domain,
                       max_length=args.max_length, log=_log)
    res.update(train_seconds=seconds, eval_seconds=time.perf_counter() - t0, mix=mix.stats,
               variants={f"b_{v}": VARIANTS[v][1] for v in args.variants},
               uptime={"before": before, "after": _uptime()})
    _write(out, res, args, argv)
    print(out / "ablation.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

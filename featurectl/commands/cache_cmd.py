"""featurectl cache-ref: build (or resume, or repair) the offline reference cache, or inspect one."""

from __future__ import annotations

import argparse
import json


def add_parser(sub) -> None:
    p = sub.add_parser(
        "cache-ref",
        help="precompute the reference model's log-probs and pooled SAE features (DPO, SimPO+KL, FPO)",
        description="One no-grad pass of the reference model over the run's train and eval pairs, stored as "
        "safetensors shards keyed by everything that changes the numbers. `featurectl train` does the same "
        "automatically; run this to prepare a cache ahead of time, resume an interrupted pass, or inspect one.",
    )
    p.add_argument("--config", help="run YAML (default: the built-in configuration, as `featurectl train`)")
    p.add_argument("--feature-set", help="feature-set YAML or bare name; its listed features are stored exactly")
    p.add_argument("--data", help="override data.train")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override any config key, e.g. --set reference.store_k=512")
    p.add_argument("--repair", action="store_true", help="recompute missing or corrupt shards of a complete cache")
    p.add_argument("--inspect", metavar="DIR", help="print a cache directory's key, size, L1 share kept and speed")
    p.add_argument("--json", action="store_true", help="with --inspect: print JSON")
    p.set_defaults(func=run)


def _print_inspection(info: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(info, indent=2, sort_keys=True))
        return
    from ..refcache.key import flatten_fields

    stats = info["stats"]
    print(f"cache      {info['directory']}")
    print(f"key        {info['key']}")
    print(f"complete   {info['complete']}")
    print(f"rows       {info['n_rows']} pairs, store_k {info['store_k']}")
    for a in info["attachments"]:
        slots = "dense fp16" if a["layout"] == "dense" else f"{a['width']} sparse slots"
        print(f"sae        {a['hook']}: d_sae {a['d_sae']}, {len(a['listed'])} listed feature(s), {slots}")
    if stats:
        print(f"size       {stats['bytes']} bytes, {stats['bytes_per_pair']:.0f} bytes per pair")
        shares = ", ".join(f"{s:.2%}" for s in stats["kept_l1_share"]) or "n/a (no SAE)"
        print(f"L1 kept    {shares} of pooled activation mass (mean over responses)")
        tps = stats.get("tokens_per_s")
        print(f"speed      {tps:.0f} tokens/s on {stats['device']} ({stats['n_tokens']} tokens, "
              f"{stats['compute_s']:.2f} s compute, world size {stats['world_size']})" if tps else "speed      n/a")
    bad = [s["file"] for s in info["shards"] if not s["ok"]]
    print(f"shards     {len(info['shards']) - len(bad)} of {len(info['shards'])} ok"
          + (f"; missing/corrupt: {', '.join(bad)}" if bad else ""))
    print("key fields")
    for name, value in flatten_fields(info["key_fields"]).items():
        print(f"  {name}: {value}")


def run(args: argparse.Namespace) -> int:
    if args.inspect:
        from ..refcache import inspect_cache

        _print_inspection(inspect_cache(args.inspect), args.json)
        return 0

    from ..errors import ConfigError
    from ..losses import LOSSES, Need
    from ..refcache import ensure_cache
    from ..runconfig import resolve_run_config
    from ..prepare import log, prepare

    cfg = resolve_run_config(config=args.config, feature_set=args.feature_set, data=args.data, sets=args.set,
                             announce=log)
    spec = LOSSES[cfg.method]
    if Need.REFERENCE_TOKEN_DISTRIBUTIONS in spec.needs:
        raise ConfigError(
            f"method {cfg.method!r} keeps an online reference: its KL needs full-vocabulary distributions, "
            "which the cache does not hold"
        )
    if not spec.needs_reference:
        log(f"method {cfg.method!r} uses no reference model; the cache is built anyway (for other methods)")
    ref = ensure_cache(prepare(cfg), log=log, repair=args.repair)
    print(f"reference cache: {ref.directory}")
    return 0

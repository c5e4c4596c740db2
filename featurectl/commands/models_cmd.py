"""featurectl models: the model registry (embedded GGUF models, tiny test models)."""

from __future__ import annotations

import argparse
import json


def add_parser(sub) -> None:
    p = sub.add_parser("models", help="list the registered models", description="Model registry.")
    msub = p.add_subparsers(dest="models_command", metavar="ACTION")
    ls = msub.add_parser("list", help="registered models, whether installed and dequantized (cached)")
    ls.add_argument("--json", action="store_true", help="print JSON rows instead of a table")
    ls.set_defaults(func=run_list)
    prep = msub.add_parser(
        "prepare", help="dequantize an embedded model into the cache now (the first load otherwise does it)"
    )
    prep.add_argument("name", help="registered model name, e.g. smollm2-135m")
    prep.set_defaults(func=run_prepare)
    p.set_defaults(func=lambda args: (p.print_help(), 1)[1])


def run_list(args: argparse.Namespace) -> int:
    from ..models import cache_root, list_models

    rows = list_models()
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    cols = ["name", "source", "installed", "cached", "chat_template", "default"]
    fmt = lambda v: "yes" if v is True else "no" if v is False else str(v)  # noqa: E731
    widths = {c: max(len(c), *(len(fmt(r[c])) for r in rows)) for c in cols}
    print("  ".join(c.ljust(widths[c]) for c in cols) + "  notes")
    for r in rows:
        print("  ".join(fmt(r[c]).ljust(widths[c]) for c in cols) + "  " + r["notes"])
    print(f"\ncache: {cache_root() / 'models'}")
    return 0


def run_prepare(args: argparse.Namespace) -> int:
    import time

    from ..errors import ModelError
    from ..models import REGISTRY, load_model

    entry = REGISTRY.get(args.name)
    if entry is None or entry.source != "gguf":
        gguf = [n for n, e in REGISTRY.items() if e.source == "gguf"]
        raise ModelError(f"{args.name!r} is not an embedded GGUF model; choose one of {', '.join(gguf)}")
    t0 = time.perf_counter()
    _, _, info = load_model(args.name)
    print(f"{args.name}: ready in {time.perf_counter() - t0:.1f}s at {info.path} (weights sha256 {info.weights_sha256[:16]}...)")
    return 0

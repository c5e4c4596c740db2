"""featurectl sae: train an SAE on a model's activations, or check one against a model."""

from __future__ import annotations

import argparse
import json


def add_parser(sub) -> None:
    p = sub.add_parser("sae", help="train or check sparse autoencoders", description="Sparse autoencoders (sae-lens).")
    ssub = p.add_subparsers(dest="sae_command", metavar="ACTION")

    t = ssub.add_parser("train", help="train an SAE on activations at a hook (sae-lens trainer)")
    t.add_argument("--model", required=True, help="registered model name, local dir or hub id")
    t.add_argument("--hook", required=True, help="blocks.L.hook_resid_post, blocks.L.hook_mlp_out or model.layers.L")
    t.add_argument("--corpus", required=True, nargs="+", metavar="FILE",
                   help=".txt (paragraphs split by blank lines) or .jsonl (text, or prompt + target/control/"
                   "chosen/rejected, chat-formatted with the model's template)")
    t.add_argument("--out", required=True, help="output directory (sae-lens format + recipe.json + metrics.json)")
    t.add_argument("--architecture", choices=["topk", "jumprelu"], default="topk")
    t.add_argument("--d-sae", type=int, default=4096, help="number of features (default 4096)")
    t.add_argument("--k", type=int, default=32, help="TopK: active features per token (default 32)")
    t.add_argument("--tokens", type=int, default=None,
                   help="training samples (tokens, repeats allowed); default: --epochs passes over the data")
    t.add_argument("--epochs", type=float, default=4.0)
    t.add_argument("--lr", type=float, default=5e-4)
    t.add_argument("--batch-size", type=int, default=2048)
    t.add_argument("--context-size", type=int, default=256, help="tokens per text (longer texts are truncated)")
    t.add_argument("--heldout-fraction", type=float, default=0.1)
    t.add_argument("--store-dtype", choices=["float32", "float16"], default="float32")
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--cache", default=None, help="directory to cache activations in (reruns skip the forward passes)")
    t.set_defaults(func=run_train)

    c = ssub.add_parser("check", help="reconstruction FVU and L0 of an SAE at its hook on real text")
    c.add_argument("--model", required=True, help="registered model name, local dir or hub id")
    c.add_argument("--sae", default=None,
                   help="builtin:NAME, a sae-lens directory, or RELEASE:SAE_ID (default: the model's built-in SAE)")
    c.add_argument("--hook", default=None, help="override the hook recorded in the SAE")
    c.add_argument("--texts", nargs="+", metavar="FILE", default=None,
                   help="texts as for `sae train --corpus` (default: the built-in SAE's check texts)")
    c.add_argument("--max-fvu", type=float, default=0.5)
    c.add_argument("--warn-only", action="store_true", help="report a failed check but exit 0")
    c.add_argument("--json", action="store_true", help="print the result as JSON")
    c.set_defaults(func=run_check)
    p.set_defaults(func=lambda args: (p.print_help(), 1)[1])


def run_train(args: argparse.Namespace) -> int:
    from ..models import load_model
    from ..sae import texts_from_files, train_sae

    model, tok, info = load_model(args.model)
    texts = texts_from_files(args.corpus, tok)
    print(f"{len(texts)} texts from {len(args.corpus)} file(s); model {info.name} ({info.n_layers} layers)")
    _, metrics = train_sae(
        model, tok, texts, hook=args.hook, architecture=args.architecture, d_sae=args.d_sae, k=args.k,
        tokens=args.tokens, epochs=args.epochs, lr=args.lr, seed=args.seed, out_dir=args.out,
        context_size=args.context_size, batch_size=args.batch_size, heldout_fraction=args.heldout_fraction,
        store_dtype=args.store_dtype, model_name=info.name, activations_cache=args.cache,
        recipe_extra={"corpus": [str(f) for f in args.corpus], "model_weights_sha256": info.weights_sha256},
        log=print,
    )
    h = metrics["heldout"]
    print(f"saved {args.out}: held-out FVU {h['fvu']:.4f}, mean L0 {h['l0']:.1f}, dead {h['dead_share']:.1%} "
          f"on {h['n_tokens']} tokens")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from ..errors import SAEError
    from ..feature_sets import sae_spec_from_arg
    from ..models import load_model
    from ..sae import DEFAULT_SAE, builtin_check_texts, check_sae, load_sae, texts_from_files

    if args.sae is None:
        if args.model not in DEFAULT_SAE:
            raise SAEError(f"no built-in SAE for model {args.model!r}; pass --sae")
        args.sae = DEFAULT_SAE[args.model]
    spec = sae_spec_from_arg(args.sae)
    sae = load_sae(spec, hook=args.hook)
    model, tok, _ = load_model(args.model)
    if args.texts:
        texts = texts_from_files(args.texts, tok)
    else:
        texts = builtin_check_texts(str(spec.get("path", "")))
        if texts is None:
            raise SAEError(f"SAE {args.sae} ships no check texts; pass --texts FILE...")
    result = check_sae(model, tok, sae, texts, max_fvu=args.max_fvu, on_fail="warn" if args.warn_only else "error")
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        status = "ok" if result["ok"] else "FAILED: " + "; ".join(result["problems"])
        print(f"{args.sae} at {result['hook']}: FVU {result['fvu']:.4f} (limit {result['fvu_limit']:.3f}), "
              f"mean L0 {result['l0']:.1f}, dead {result['dead_share']:.1%} on {result['n_tokens']} tokens: {status}")
    return 0

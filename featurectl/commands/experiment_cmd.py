"""featurectl experiment control: the paper's Table 4 on the embedded model."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..domains import DOMAINS


def add_parser(sub) -> None:
    p = sub.add_parser("experiment", help="reproducible experiments (control: the paper's Table 4)")
    ex = p.add_subparsers(dest="experiment", metavar="EXPERIMENT")
    c = ex.add_parser("control", help="switch one capability off with its _off feature set; measure all of them")
    c.add_argument("--domain", default="all", help=f"{' | '.join(DOMAINS)} | all (default all)")
    c.add_argument("--model", help="model (default: the embedded default)")
    c.add_argument("--budget", default="small", choices=["small", "full"])
    c.add_argument("--out", default="runs/experiments/control")
    c.add_argument("--alpha", type=float, default=0.5, help="FPO alpha")
    c.add_argument("--off-beta", type=float, help="override beta of the listed features in run (b)")
    c.add_argument("--target", choices=["zero", "reference"], help="override target of the listed features in (b)")
    c.add_argument("--suppress-weight", type=float, default=0.0,
                   help="featurectl extension: penalty on zero-target features on both responses (0 = paper FPO)")
    c.add_argument("--paper-constraint", action="store_true",
                   help="the paper's sg on D(y_w) for listed features too (default: loss.listed_both_sides, "
                        "which constrains them on both responses)")
    c.add_argument("--steps", type=int, help="override the budget's optimizer steps")
    c.add_argument("--seed", type=int, default=0)
    c.add_argument("--tiny", action="store_true", help="tiny random model and SAE (plumbing check)")
    c.set_defaults(func=run)
    r = ex.add_parser("rejudge", help="re-score a finished control experiment's saved answers with the judges "
                                      "installed here (answers generated on a GPU machine without lingua)")
    r.add_argument("out", help="the experiment's --out folder (holds experiment.json)")
    r.set_defaults(func=rejudge)
    p.set_defaults(func=lambda args: (p.print_help(), 1)[1])


def run(args: argparse.Namespace) -> int:
    from ..workflows.experiment import ExperimentOptions, run_control_experiment

    domains = tuple(DOMAINS) if args.domain == "all" else tuple(d.strip() for d in args.domain.split(","))
    opts = ExperimentOptions(domains=domains, model=args.model, budget=args.budget, out=Path(args.out),
                             seed=args.seed, alpha=args.alpha, off_beta=args.off_beta, target=args.target,
                             suppress_weight=args.suppress_weight, listed_both_sides=not args.paper_constraint,
                             tiny=args.tiny, overrides={"steps": args.steps} if args.steps else {})
    run_control_experiment(opts)
    return 0


def rejudge(args: argparse.Namespace) -> int:
    from ..workflows.rejudge import rejudge_experiment

    print(f"table: {rejudge_experiment(Path(args.out))}")
    return 0

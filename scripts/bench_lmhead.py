#!/usr/bin/env python
"""Log-prob and KL paths through a 256k-vocabulary LM head, side by side (CPU proxy, fp32).

    python scripts/bench_lmhead.py [--tokens 1020] [--vocab 256000] [--hidden 256] [--cap 30]

Each variant runs forward + backward of sum(log p(target)) (or of the KL) in its own process.
The process's peak RSS is reset (``/proc/self/clear_refs``) after the inputs, the head and its
gradient buffer exist, so ``extra_peak_mb`` is what the path itself adds. Variants:

  naive          full (N, V) log_softmax
  chunk_tokens   featurectl's former path: checkpointed chunks of ``--chunk`` tokens x full V
  chunk_budget   the same with chunks sized by a 64 MiB logits budget
  trl_fused      trl.kernels.ChunkedLogProbFunction (TRL 1.16's fused LM head kernel)
  tiled          featurectl.lmhead (vocabulary tiles, online log-sum-exp)
  kl_chunk       TDPO's former sequential-KL path (checkpointed token chunks)
  kl_tiled       featurectl.lmhead.tiled_kl
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

VARIANTS = ("naive", "chunk_tokens", "chunk_budget", "trl_fused", "tiled", "kl_chunk", "kl_tiled")


def _vmhwm_mb() -> float:
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> float:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    return _vmhwm_mb()


def run_variant(name: str, a) -> dict:
    import torch
    import torch.nn.functional as F
    from torch import nn

    from featurectl import forward, lmhead

    torch.manual_seed(0)
    head = nn.Linear(a.hidden, a.vocab, bias=False)
    head.weight.grad = torch.zeros_like(head.weight)  # the optimizer's grad buffer exists in training too
    ref = nn.Linear(a.hidden, a.vocab, bias=False).requires_grad_(False)
    h = torch.randn(a.tokens, a.hidden, requires_grad=True)
    hq = torch.randn(a.tokens, a.hidden)
    y = torch.randint(0, a.vocab, (a.tokens,))
    cap = a.cap or None
    p = forward.ForwardOutput(logps=torch.zeros(1), lengths=torch.zeros(1), features=[], scored_hidden=h,
                              scored_seq=torch.zeros(a.tokens, dtype=torch.long))
    r = forward.ForwardOutput(logps=torch.zeros(1), lengths=torch.zeros(1), features=[], scored_hidden=hq)

    def loss():
        if name == "naive":
            z = head(h)
            z = torch.tanh(z / cap) * cap if cap else z
            return F.log_softmax(z, -1).gather(-1, y[:, None]).sum()
        if name in ("chunk_tokens", "chunk_budget"):
            size = a.chunk if name == "chunk_tokens" else max(1, (64 << 20) // (4 * a.vocab))
            return forward.chunked_token_logps(h, y, nn.Sequential(head), cap, size).sum()  # Sequential: unfused
        if name == "trl_fused":
            from trl.kernels import ChunkedLogProbFunction

            return ChunkedLogProbFunction.apply(h, head.weight, None, y, 1.0, 32768, cap, 1.0, ("log_probs",))[0].sum()
        if name == "tiled":
            return lmhead.tiled_token_logps(h, y, head, cap, token_tile=a.chunk).sum()
        wrap = (lambda m: nn.Sequential(m)) if name == "kl_chunk" else (lambda m: m)
        model_p, model_r = _as_model(wrap(head), cap), _as_model(wrap(ref), cap)
        return forward.chunked_seq_kl(p, r, model_p, model_r, a.chunk).sum()

    loss().backward()  # warm-up: allocator and lazy imports
    h.grad = None
    base = _reset_peak()
    t0 = time.perf_counter()
    for _ in range(a.repeats):
        loss().backward()
        h.grad = None
    dt = (time.perf_counter() - t0) / a.repeats
    return {"variant": name, "extra_peak_mb": round(_vmhwm_mb() - base, 1), "baseline_mb": round(base, 1),
            "fwd_bwd_s": round(dt, 3)}


def _as_model(head, cap):
    from types import SimpleNamespace

    from torch import nn

    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.head = head
            self.config = SimpleNamespace(final_logit_softcapping=cap)

        def get_output_embeddings(self):
            return self.head

    return M()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tokens", type=int, default=1020, help="scored positions N (P1: 2 pairs x 2 x 255)")
    ap.add_argument("--vocab", type=int, default=256_000)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--cap", type=float, default=30.0, help="final-logit soft-cap (0: none)")
    ap.add_argument("--chunk", type=int, default=1024, help="logps_chunk_size (tokens)")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--output", help="JSON path")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.worker:
        print(json.dumps(run_variant(a.worker, a)))
        return 0
    rows = []
    passthrough = [f"--{k}={getattr(a, k)}" for k in ("tokens", "vocab", "hidden", "cap", "chunk", "repeats")]
    for v in a.variants.split(","):
        proc = subprocess.run([sys.executable, __file__, "--worker", v, *passthrough], capture_output=True, text=True)
        row = json.loads(proc.stdout.strip().splitlines()[-1]) if proc.returncode == 0 else {
            "variant": v, "error": proc.stderr[-500:]}
        print(json.dumps(row), flush=True)
        rows.append(row)
    if a.output:
        out = {"settings": {k: getattr(a, k) for k in ("tokens", "vocab", "hidden", "cap", "chunk", "repeats")},
               "uptime": open("/proc/loadavg").read().strip(), "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
               "torch_threads": os.environ.get("OMP_NUM_THREADS"), "results": rows}
        with open(a.output, "w") as f:
            json.dump(out, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())

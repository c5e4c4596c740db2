#!/usr/bin/env python
"""Peak memory and step time of featurectl's methods and TRL peers, in one run on one device.

    python scripts/bench_perf.py                 # GPU: Gemma-2-2B architecture, random init
    python scripts/bench_perf.py --cpu           # CPU smoke: a 2-layer Gemma-2, tiny SAE

Every measurement runs in its own subprocess (peak memory is per process). Methods:

  ours:  simpo, tdpo2 (online reference model), fpo (offline reference cache), dpo (cache)
  peers: trl_dpo              TRL DPOTrainer, loss_type sigmoid, reference model loaded
         trl_dpo_precomputed  same with precompute_ref_log_probs=True (no reference in memory)
         trl_cpo_simpo        trl.experimental.cpo.CPOTrainer, loss_type simpo (cpo_alpha 0)

FPO and DPO read a reference cache that a separate process builds first (``fpo_cache``,
``dpo_cache``, reported on their own): training never holds a reference model, as in
the paper's offline setting. TRL's precompute pass runs inside its training process,
before the first step.

Measurement: ``--warmup`` optimizer steps are run first; then the CUDA peak counter is
reset and ``--steps`` more steps are timed (CUDA-synchronised). ``peak_mem_mb`` is the
steady-state peak of ``torch.cuda.max_memory_allocated`` over the timed steps (what the
paper's Fig. 4 averages), ``peak_mem_incl_warmup_mb`` includes start-up and any
precompute/reference pass. On a CPU the only peak is the process's lifetime maximum
RSS (``peak_mem_mb`` there), which includes start-up; CPU figures are a smoke test,
not a memory comparison.

Shared settings (GPU): Gemma2Config() (2B: 26 layers, hidden 2304, vocab 256k) with
random weights (seed 0, identical in every process), bf16 weights and bf16 autocast,
gradient checkpointing (non-reentrant), AdamW (torch), lr 5e-7, batch 2 pairs, 512
prompt + 512 completion tokens for every sequence (random ASCII through a byte-level
tokenizer, so each character is one token), a 16k-wide random JumpReLU SAE at
blocks.25.hook_resid_post for FPO. Sequence lengths are equal across frameworks: TRL
CPO adds a BOS to the prompt, so its prompt text is one character shorter.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import random
import resource
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OURS = ("simpo", "tdpo2", "fpo", "dpo")
PEERS = ("trl_dpo", "trl_dpo_precomputed", "trl_cpo_simpo")
CACHED = {"fpo": "fpo_cache", "dpo": "dpo_cache"}
ALL = ("fpo", "simpo", "tdpo2", "dpo", "trl_dpo", "trl_dpo_precomputed", "trl_cpo_simpo")
REPO = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------ shared setup


def sizes(args) -> dict:
    if args.cpu:
        return dict(prompt=args.prompt_len or 32, completion=args.completion_len or 32, batch=args.batch,
                    d_sae=args.d_sae or 256, layer=1 if args.layer is None else args.layer)
    return dict(prompt=args.prompt_len or 512, completion=args.completion_len or 512, batch=args.batch,
                d_sae=args.d_sae or 16384, layer=25 if args.layer is None else args.layer)


def model_config(args):
    from transformers import Gemma2Config

    if args.cpu:
        return Gemma2Config(vocab_size=261, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                            num_attention_heads=4, num_key_value_heads=2, head_dim=16, max_position_embeddings=512,
                            pad_token_id=0, bos_token_id=1, eos_token_id=2)
    return Gemma2Config(pad_token_id=0, bos_token_id=1, eos_token_id=2)


def build_model(args):
    """The same random weights in every process (seed 0), in the measured dtype, on the device."""
    import torch
    from transformers import Gemma2ForCausalLM

    torch.manual_seed(0)
    cfg = model_config(args)
    cfg._attn_implementation = args.attn
    dtype = torch.float32 if args.cpu else torch.bfloat16
    model = Gemma2ForCausalLM(cfg).to(dtype=dtype)
    if not args.cpu:
        model = model.to("cuda")
    return model


def tokenizer():
    from featurectl.tiny import byte_tokenizer

    return byte_tokenizer(chat_template=False)


def make_rows(n: int, prompt: int, completion: int, seed: int = 0) -> list[dict]:
    """Random ASCII pairs. With the byte tokenizer: prompt text ``prompt - 1`` chars + newline = ``prompt``
    tokens; chosen/rejected ``completion - 1`` chars + EOS = ``completion`` tokens."""
    rng = random.Random(seed)
    letters = string.ascii_letters + " "
    text = lambda k: "".join(rng.choice(letters) for _ in range(k))  # noqa: E731
    return [{"prompt": text(prompt - 1), "chosen": text(completion - 1), "rejected": text(completion - 1)}
            for _ in range(n)]


def device_info(cpu: bool) -> dict:
    import torch

    info = {"kind": "cpu", "torch": torch.__version__, "python": platform.python_version()}
    try:
        import transformers
        import trl

        info.update(transformers=transformers.__version__, trl=trl.__version__)
    except ImportError:
        pass
    if not cpu and torch.cuda.is_available():
        p = torch.cuda.get_device_properties(0)
        info.update(kind="cuda", name=torch.cuda.get_device_name(0), total_memory_mb=round(p.total_memory / 2**20),
                    cuda=torch.version.cuda)
    else:
        name = platform.processor() or platform.machine()
        try:
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    name = line.split(":", 1)[1].strip()
                    break
        except OSError:
            pass
        info.update(name=name, cores=os.cpu_count(), torch_threads=torch.get_num_threads())
    return info


# ------------------------------------------------------------------ measurement


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return float("nan")


def perf_callback(warmup: int):
    import torch
    from transformers import TrainerCallback

    class Perf(TrainerCallback):
        """Times optimizer steps after ``warmup``; resets the CUDA peak counter when warm-up ends."""

        def __init__(self):
            self.times: list[float] = []
            self.peak_before = None
            self.rss: list[float] = []
            self._t0 = 0.0

        def _sync(self):
            if torch.cuda.is_available() and torch.cuda.is_initialized():
                torch.cuda.synchronize()

        def on_step_begin(self, args, state, control, **kw):
            self._sync()
            self._t0 = time.perf_counter()

        def on_step_end(self, args, state, control, **kw):
            self._sync()
            dt = time.perf_counter() - self._t0
            if state.global_step > warmup:
                self.times.append(dt)
                self.rss.append(_rss_mb())
            elif state.global_step == warmup and torch.cuda.is_available() and torch.cuda.is_initialized():
                self.peak_before = torch.cuda.max_memory_allocated() / 2**20
                torch.cuda.reset_peak_memory_stats()

    return Perf()


def finish(method: str, perf, args, sz: dict, extra: dict | None = None) -> dict:
    import torch

    res = {"method": method, "ok": True, "pid": os.getpid(), "n_steps": len(perf.times),
           "step_times_s": [round(t, 5) for t in perf.times]}
    if perf.times:
        # median: robust to one slow step (allocator growth, a GC pause)
        ts = sorted(perf.times)
        res["step_time_s"] = ts[len(ts) // 2]
        res["mean_step_time_s"] = sum(ts) / len(ts)
        res["tokens_per_s"] = 2 * sz["batch"] * (sz["prompt"] + sz["completion"]) / res["step_time_s"]
    res["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        res["peak_mem_mb"] = torch.cuda.max_memory_allocated() / 2**20
        res["peak_reserved_mb"] = torch.cuda.max_memory_reserved() / 2**20
        res["peak_mem_incl_warmup_mb"] = max(res["peak_mem_mb"], perf.peak_before or 0.0)
        res["peak_mem_kind"] = "cuda max_memory_allocated over the timed steps"
    else:
        res["peak_mem_mb"] = res["peak_rss_mb"]
        res["steady_rss_mb"] = max(perf.rss) if perf.rss else None
        res["peak_mem_kind"] = "process lifetime peak RSS"
    res.update(extra or {})
    return res


# ------------------------------------------------------------------ our methods


def our_config(method: str, args, sz: dict, work: Path):
    from featurectl.config import parse_run_config

    raw = {
        "name": f"perf-{method}", "method": method,
        "model": {"name": "perf-gemma2-random", "dtype": "float32" if args.cpu else "bfloat16"},
        "data": {"train": str(work / "pairs.jsonl"), "max_prompt_length": sz["prompt"],
                 "max_length": sz["prompt"] + sz["completion"], "on_overlong": "error"},
        "reference": {"cache_dir": str(work / "refcache"), "batch_size": sz["batch"]},
        "train": {"learning_rate": 5e-7, "max_steps": args.warmup + args.steps, "warmup_steps": 0,
                  "per_device_train_batch_size": sz["batch"], "optim": "adamw_torch", "bf16": not args.cpu,
                  "gradient_checkpointing": True, "logging_steps": 10**6, "save_steps": 10**9,
                  "logps_chunk_size": 1024, "seed": 0},
        "output_dir": str(work / "runs" / method),
    }
    if method == "fpo":
        raw["saes"] = [{"sae": {"path": str(work / "sae")}, "hook": f"blocks.{sz['layer']}.hook_resid_post"}]
    return parse_run_config(raw, f"bench_perf {method}")


def our_prepared(method: str, args, sz: dict, work: Path):
    from types import SimpleNamespace

    from featurectl.prepare import prepare

    cfg = our_config(method, args, sz, work)
    model = build_model(args)
    # The weights are a pure function of the seed and config: name them instead of hashing 2.6B params.
    info = SimpleNamespace(weights_sha256=f"random-gemma2-seed0-{'cpu' if args.cpu else '2b'}-{args.attn}")
    return prepare(cfg, model=model, tokenizer=tokenizer(), model_info=info)


def run_cache(method: str, args, sz: dict, work: Path) -> dict:
    """Build the offline reference cache of ``fpo``/``dpo`` (its own process, its own peak)."""
    import torch

    from featurectl.refcache import ensure_cache

    prep = our_prepared(method, args, sz, work)
    t0 = time.perf_counter()
    ensure_cache(prep, log=lambda m: print(f"[{method} cache] {m}", file=sys.stderr))
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        torch.cuda.synchronize()
    wall = time.perf_counter() - t0
    res = {"method": CACHED[method], "ok": True, "pid": os.getpid(), "wall_s": wall,
           "pairs": len(prep.train_pairs) + len(prep.eval_pairs),
           "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        res["peak_mem_mb"] = torch.cuda.max_memory_allocated() / 2**20
    else:
        res["peak_mem_mb"] = res["peak_rss_mb"]
    return res


def run_ours(method: str, args, sz: dict, work: Path) -> dict:
    from featurectl.data import PairCollator, PairDataset
    from featurectl.losses import LOSSES
    from featurectl.prepare import feature_hooks_for
    from featurectl.train import build_reference, training_arguments
    from featurectl.trainer import PreferenceTrainer

    prep = our_prepared(method, args, sz, work)
    spec = LOSSES[method]
    if spec.cacheable_reference:
        # The cache pass ran in its own process; a miss here would put it into this peak.
        from featurectl.refcache import cache_dir_for, store
        from featurectl.refcache.key import cache_key, key_fields

        directory = cache_dir_for(prep.cfg, cache_key(key_fields(prep)))
        manifest = store.read_manifest(directory)
        if not (manifest and manifest.get("complete")):
            raise RuntimeError(f"{method}: no complete reference cache at {directory}; run {CACHED[method]} first")
    ref_model = copy.deepcopy(prep.model) if not spec.cacheable_reference and spec.needs_reference else None
    reference = build_reference(prep, spec, reference_model=ref_model)
    cfg = prep.cfg
    targs = training_arguments(cfg, cfg.run_dir, False)
    targs.disable_tqdm = True
    perf = perf_callback(args.warmup)
    trainer = PreferenceTrainer(
        model=prep.model, args=targs, train_dataset=PairDataset(prep.train_pairs),
        data_collator=PairCollator(prep.tokenizer.pad_token_id), processing_class=prep.tokenizer,
        callbacks=[perf], loss_spec=spec, loss_params=cfg.loss,
        feature_hooks=feature_hooks_for(prep.model, cfg, prep.saes), feature_masks=prep.masks,
        reference=reference, pooling_denominator=cfg.pooling.denominator,
        features_after_final_norm=cfg.pooling.features_after_final_norm, chunk_size=cfg.train.logps_chunk_size,
    )
    trainer.train()
    return finish(method, perf, args, sz, {"reference": type(reference).__name__ if reference is not None else None})


# ------------------------------------------------------------------ TRL peers


def run_trl(method: str, args, sz: dict, work: Path) -> dict:
    import datasets

    model = build_model(args)
    tok = tokenizer()
    n = sz["batch"] * (args.warmup + args.steps)
    rows = make_rows(n, sz["prompt"], sz["completion"])
    common = dict(
        output_dir=str(work / "trl" / method), per_device_train_batch_size=sz["batch"],
        max_steps=args.warmup + args.steps, learning_rate=5e-7, lr_scheduler_type="constant", warmup_steps=0,
        optim="adamw_torch", bf16=not args.cpu, gradient_checkpointing=True,
        gradient_checkpointing_kwargs={"use_reentrant": False}, logging_steps=10**6, save_strategy="no",
        report_to="none", disable_tqdm=True, use_cpu=args.cpu, seed=0, max_length=sz["prompt"] + sz["completion"],
    )
    perf = perf_callback(args.warmup)
    if method.startswith("trl_dpo"):
        from trl import DPOConfig, DPOTrainer

        pre = method == "trl_dpo_precomputed"
        for r in rows:
            r["prompt"] += "\n"  # same P tokens as featurectl's rendered prompt
        cfg = DPOConfig(loss_type=["sigmoid"], beta=0.1, precompute_ref_log_probs=pre,
                        precompute_ref_batch_size=sz["batch"], **common)
        # The in-memory reference avoids TRL's reload-from-path, which fails for an unsaved model.
        ref = None if pre else copy.deepcopy(model)
        trainer = DPOTrainer(model=model, ref_model=ref, args=cfg, train_dataset=datasets.Dataset.from_list(rows),
                             processing_class=tok, callbacks=[perf])
    else:
        from trl.experimental.cpo import CPOConfig, CPOTrainer

        # CPO prepends BOS to the prompt: P-1 characters + BOS = P tokens.
        cfg = CPOConfig(loss_type="simpo", cpo_alpha=0.0, beta=2.0, simpo_gamma=0.5,
                        max_completion_length=sz["completion"], **common)
        trainer = CPOTrainer(model=model, args=cfg, train_dataset=datasets.Dataset.from_list(rows),
                             processing_class=tok, callbacks=[perf])
    trainer.train()
    return finish(method, perf, args, sz)


# ------------------------------------------------------------------ driver


def worker(args) -> int:
    import torch

    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
    sz = sizes(args)
    work = Path(args.workdir)
    try:
        if args.worker.endswith("_cache"):
            res = run_cache(args.worker.removesuffix("_cache"), args, sz, work)
        elif args.worker in OURS:
            res = run_ours(args.worker, args, sz, work)
        else:
            res = run_trl(args.worker, args, sz, work)
    except Exception as e:  # reported in the JSON; the driver goes on with the next method
        import traceback

        traceback.print_exc()
        res = {"method": args.worker, "ok": False, "pid": os.getpid(), "error": f"{type(e).__name__}: {e}"[:2000]}
    Path(args.result_file).write_text(json.dumps(res), encoding="utf-8")
    return 0


def setup_workdir(args, sz: dict, work: Path) -> None:
    """Data and the random SAE, once, so that every process sees the same files."""
    import torch

    from featurectl.sae import WEIGHTS_FILE, random_sae, save_sae

    n = sz["batch"] * (args.warmup + args.steps)
    rows = make_rows(n, sz["prompt"], sz["completion"])
    (work / "pairs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    if not (work / "sae" / WEIGHTS_FILE).is_file():
        d_in = model_config(args).hidden_size
        torch.manual_seed(0)
        sae = random_sae(d_in, sz["d_sae"], hook=f"blocks.{sz['layer']}.hook_resid_post", seed=0)
        save_sae(sae, work / "sae", recipe={"kind": "random", "seed": 0}, metrics={})


def ratio(a, b):
    return a / b if a is not None and b else None


def summarize(by: dict) -> dict:
    g = lambda m, k: (by.get(m) or {}).get(k) if (by.get(m) or {}).get("ok") else None  # noqa: E731
    return {
        "memory_fpo_over_simpo": ratio(g("fpo", "peak_mem_mb"), g("simpo", "peak_mem_mb")),
        "memory_fpo_over_tdpo2": ratio(g("fpo", "peak_mem_mb"), g("tdpo2", "peak_mem_mb")),
        "memory_fpo_over_trl_cpo_simpo": ratio(g("fpo", "peak_mem_mb"), g("trl_cpo_simpo", "peak_mem_mb")),
        "memory_fpo_over_trl_dpo_precomputed": ratio(g("fpo", "peak_mem_mb"), g("trl_dpo_precomputed", "peak_mem_mb")),
        "memory_fpo_over_trl_dpo": ratio(g("fpo", "peak_mem_mb"), g("trl_dpo", "peak_mem_mb")),
        "step_time_fpo_over_simpo": ratio(g("fpo", "step_time_s"), g("simpo", "step_time_s")),
        "step_time_fpo_over_tdpo2": ratio(g("fpo", "step_time_s"), g("tdpo2", "step_time_s")),
        "step_time_fpo_over_trl_cpo_simpo": ratio(g("fpo", "step_time_s"), g("trl_cpo_simpo", "step_time_s")),
        "step_time_fpo_over_trl_dpo": ratio(g("fpo", "step_time_s"), g("trl_dpo", "step_time_s")),
        "step_time_fpo_over_trl_dpo_precomputed": ratio(g("fpo", "step_time_s"), g("trl_dpo_precomputed", "step_time_s")),
        "tokens_per_s_fpo_over_trl_dpo_precomputed": ratio(g("fpo", "tokens_per_s"), g("trl_dpo_precomputed", "tokens_per_s")),
    }


def table(res: dict) -> str:
    lines = [f"device: {res['device'].get('name')} ({res['device']['kind']})",
             "| method | peak mem (MB) | step time (s) | tokens/s | note |", "|---|---|---|---|---|"]
    for m in res["measurements"]:
        if not m.get("ok"):
            lines.append(f"| {m['method']} | - | - | - | FAILED: {m.get('error', '')[:80]} |")
            continue
        st = m.get("step_time_s")
        note = f"wall {m['wall_s']:.1f}s (cache pass)" if "wall_s" in m else ""
        lines.append(f"| {m['method']} | {m['peak_mem_mb']:.0f} | {st if st is None else f'{st:.4f}'} | "
                     f"{m.get('tokens_per_s') and round(m['tokens_per_s'])} | {note} |")
    lines.append("")
    lines += [f"{k}: {v:.3f}" for k, v in res["ratios"].items() if v is not None]
    return "\n".join(lines)


def driver(args) -> int:
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = [m for m in methods if m not in ALL]
    if unknown:
        print(f"bench_perf: unknown method(s) {unknown}; known: {', '.join(ALL)}", file=sys.stderr)
        return 2
    if not args.cpu:
        import torch

        if not torch.cuda.is_available():
            print("bench_perf: no CUDA device; use --cpu for the CPU smoke run", file=sys.stderr)
            return 2
    sz = sizes(args)
    work = Path(args.workdir or tempfile.mkdtemp(prefix="featurectl-perf-"))
    work.mkdir(parents=True, exist_ok=True)
    setup_workdir(args, sz, work)
    order = [CACHED[m] for m in methods if m in CACHED] + methods
    env = {**os.environ, "FEATURECTL_HOME": os.environ.get("FEATURECTL_HOME", str(work / "home")),
           "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false", "WANDB_DISABLED": "true"}
    env.setdefault("OMP_NUM_THREADS", "1")
    if args.cpu:
        env["CUDA_VISIBLE_DEVICES"] = ""
    results = []
    passthrough = ["--steps", str(args.steps), "--warmup", str(args.warmup), "--batch", str(args.batch),
                   "--attn", args.attn, "--workdir", str(work)]
    for flag, v in (("--prompt-len", args.prompt_len), ("--completion-len", args.completion_len),
                    ("--d-sae", args.d_sae), ("--layer", args.layer)):
        if v is not None:
            passthrough += [flag, str(v)]
    if args.cpu:
        passthrough.append("--cpu")
    for m in order:
        rf = work / f"result-{m}.json"
        rf.unlink(missing_ok=True)
        print(f"[bench_perf] {m} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        cmd = [sys.executable, __file__, "--worker", m, "--result-file", str(rf), *passthrough]
        try:
            proc = subprocess.run(cmd, env=env, timeout=args.timeout, capture_output=not args.verbose, text=True)
            rc, tail = proc.returncode, (proc.stderr or "")[-1500:]
        except subprocess.TimeoutExpired:
            rc, tail = -1, f"timed out after {args.timeout}s"
        if rf.is_file():
            res = json.loads(rf.read_text())
        else:
            res = {"method": m, "ok": False, "error": f"exit {rc}: {tail}"}
        if not res.get("ok"):
            res.setdefault("stderr_tail", tail)
        res["process_wall_s"] = round(time.perf_counter() - t0, 2)
        print(f"[bench_perf] {m}: " + (f"peak {res.get('peak_mem_mb', 0):.0f} MB, step {res.get('step_time_s')}"
                                        if res.get("ok") else f"FAILED {res.get('error', '')[:300]}"),
              file=sys.stderr, flush=True)
        results.append(res)
    by = {r["method"]: r for r in results}
    out = {
        "device": device_info(args.cpu),
        "mode": "cpu" if args.cpu else "gpu",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "settings": {**sz, "steps": args.steps, "warmup": args.warmup, "attn": args.attn,
                     "model": "Gemma2Config() random init" if not args.cpu else "Gemma2 2 layers, hidden 64, vocab 261",
                     "dtype": "float32" if args.cpu else "bfloat16", "gradient_checkpointing": True,
                     "optimizer": "adamw_torch", "learning_rate": 5e-7},
        "measurements": results,
        "ratios": summarize(by),
        "notes": [
            "each measurement ran in its own process; peak_mem_mb is the steady-state CUDA peak over the "
            "timed steps on GPU, the lifetime peak RSS on CPU",
            "fpo/dpo read an offline reference cache built by fpo_cache/dpo_cache in separate processes",
            "step_time_s is the median over the timed steps; tokens_per_s = 2 * batch * (prompt + completion) / step",
        ],
    }
    if args.cpu:
        out["notes"].append(
            "CPU smoke run: a 2-layer model, so memory is mostly the Python process (imports; sae-lens adds "
            "~40 MB to fpo) and step times are per-step overhead plus machine load. It checks that every "
            "method runs; it is not a performance comparison (use the GPU mode)")
    if args.output:
        path = Path(args.output)
    else:
        slug = "".join(c if c.isalnum() else "-" for c in str(out["device"].get("name", "device"))).strip("-").lower()
        path = REPO / "bench_results" / f"perf_{out['mode']}_{slug[:40]}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(out, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    print(table(out))
    print(f"wrote {path}")
    return 0 if all(r.get("ok") for r in results) else 1


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cpu", action="store_true", help="CPU smoke mode with tiny models")
    p.add_argument("--methods", default=",".join(ALL), help=f"comma-separated subset of {','.join(ALL)}")
    p.add_argument("--steps", type=int, default=5, help="timed optimizer steps")
    p.add_argument("--warmup", type=int, default=2, help="untimed steps first (allocator, compile caches)")
    p.add_argument("--batch", type=int, default=2, help="preference pairs per step")
    p.add_argument("--prompt-len", type=int, help="prompt tokens (default 512; CPU 32)")
    p.add_argument("--completion-len", type=int, help="completion tokens (default 512; CPU 32)")
    p.add_argument("--d-sae", type=int, help="SAE width (default 16384; CPU 256)")
    p.add_argument("--layer", type=int, help="SAE layer (default 25; CPU 1)")
    p.add_argument("--attn", default="eager", help="attn_implementation for every method (Gemma-2 soft-capping needs eager)")
    p.add_argument("--output", help="JSON path (default bench_results/perf_<mode>_<device>.json)")
    p.add_argument("--workdir", help="scratch directory (default: a new temp dir)")
    p.add_argument("--timeout", type=int, default=900, help="seconds per measurement process")
    p.add_argument("--verbose", action="store_true", help="show the workers' output")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--result-file", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        return worker(args)
    return driver(args)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""Peak memory and step time of featurectl's methods and TRL peers, in one run on one device.

    python scripts/bench_perf.py                          # GPU: Gemma-2-2B architecture, random init
    python scripts/bench_perf.py --proxy gemma2-vocab     # CPU proxy P1 (Gemma-2, vocab 256k, 4 layers)
    python scripts/bench_perf.py --proxy smollm2          # CPU proxy P2 (SmolLM2-135M architecture)
    python scripts/bench_perf.py --cpu                    # CPU smoke: a 2-layer Gemma-2, tiny SAE
    python scripts/bench_perf.py --dry-run                # parse, build the settings, run nothing

CPU proxies (random init, fp32, same optimizer and checkpointing as the GPU mode):

  P1 gemma2-vocab  Gemma-2 architecture, vocab 256,000, hidden 256, 4 layers; 2 pairs x (256 + 256)
                   tokens; SAE 4,096 wide at blocks.3.hook_resid_post. The LM head dominates, as at 2B.
  P2 smollm2       SmolLM2-135M architecture (Llama, 30 layers, hidden 576, vocab 49,152); 2 pairs x
                   (64 + 64) tokens; SAE 4,096 wide at blocks.18.hook_resid_post. Fixed costs dominate.

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
precompute/reference pass. On a CPU the same steady-state peak is the process's
``VmHWM`` after it was reset (``5`` written to ``/proc/self/clear_refs`` by the process
itself) when warm-up ended; ``startup_rss_mb`` is the RSS at that moment (imports, model,
AdamW state: the floor under every step), ``peak_rss_incl_warmup_mb`` the lifetime peak.

Each method runs in its own process, ``--rounds`` times, in interleaved order (round r
starts at method r); the summary gives the median and the min-max spread per method,
and every ratio is of medians from the same run.

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
import contextlib
import copy
import json
import os
import platform
import random
import resource
import statistics
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROXIES = {
    "gemma2-vocab": dict(arch="gemma2", prompt=256, completion=256, d_sae=4096, layer=3,
                         config=dict(vocab_size=256_000, hidden_size=256, intermediate_size=1024, num_hidden_layers=4,
                                     num_attention_heads=4, num_key_value_heads=2, head_dim=64)),
    "smollm2": dict(arch="llama", prompt=64, completion=64, d_sae=4096, layer=18,
                    config=dict(vocab_size=49_152, hidden_size=576, intermediate_size=1536, num_hidden_layers=30,
                                num_attention_heads=9, num_key_value_heads=3, head_dim=64, rms_norm_eps=1e-5,
                                rope_theta=100_000.0, tie_word_embeddings=True, max_position_embeddings=8192)),
}
OURS = ("simpo", "tdpo2", "fpo", "dpo")
PEERS = ("trl_dpo", "trl_dpo_precomputed", "trl_cpo_simpo")
CACHED = {"fpo": "fpo_cache", "dpo": "dpo_cache"}
ALL = ("fpo", "simpo", "tdpo2", "dpo", "trl_dpo", "trl_dpo_precomputed", "trl_cpo_simpo")
REPO = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------ shared setup


def on_cpu(args) -> bool:
    return bool(args.cpu or args.proxy)


def mode(args) -> str:
    return f"proxy-{args.proxy}" if args.proxy else ("cpu" if args.cpu else "gpu")


def sizes(args) -> dict:
    if args.proxy:
        px = PROXIES[args.proxy]
        return dict(prompt=args.prompt_len or px["prompt"], completion=args.completion_len or px["completion"],
                    batch=args.batch, d_sae=args.d_sae or px["d_sae"],
                    layer=px["layer"] if args.layer is None else args.layer)
    if args.cpu:
        return dict(prompt=args.prompt_len or 32, completion=args.completion_len or 32, batch=args.batch,
                    d_sae=args.d_sae or 256, layer=1 if args.layer is None else args.layer)
    return dict(prompt=args.prompt_len or 512, completion=args.completion_len or 512, batch=args.batch,
                d_sae=args.d_sae or 16384, layer=25 if args.layer is None else args.layer)


def model_config(args):
    from transformers import Gemma2Config, LlamaConfig

    ids = dict(pad_token_id=0, bos_token_id=1, eos_token_id=2)
    if args.proxy:
        px = PROXIES[args.proxy]
        return (Gemma2Config if px["arch"] == "gemma2" else LlamaConfig)(**px["config"], **ids)
    if args.cpu:
        return Gemma2Config(vocab_size=261, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                            num_attention_heads=4, num_key_value_heads=2, head_dim=16, max_position_embeddings=512,
                            pad_token_id=0, bos_token_id=1, eos_token_id=2)
    return Gemma2Config(pad_token_id=0, bos_token_id=1, eos_token_id=2)


def build_model(args):
    """The same random weights in every process (seed 0), in the measured dtype, on the device."""
    import torch
    from transformers import AutoModelForCausalLM

    torch.manual_seed(0)
    cfg = model_config(args)
    cfg._attn_implementation = args.attn
    dtype = torch.float32 if on_cpu(args) else torch.bfloat16
    model = AutoModelForCausalLM.from_config(cfg).to(dtype=dtype)
    if not on_cpu(args):
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


def _status_mb(field: str) -> float | None:
    """``VmRSS`` / ``VmHWM`` of this process from /proc/self/status, in MB (None off Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return None


def reset_peak_rss() -> bool:
    """Reset this process's VmHWM to its current RSS (Linux: ``5`` into /proc/self/clear_refs)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def loadavg() -> str | None:
    try:
        return Path("/proc/loadavg").read_text().strip()
    except OSError:
        return None


def perf_callback(warmup: int):
    import torch
    from transformers import TrainerCallback

    class Perf(TrainerCallback):
        """Times optimizer steps after ``warmup``; resets the CUDA peak counter (on a CPU: VmHWM)
        when warm-up ends, after recording the start-up baseline."""

        def __init__(self):
            self.times: list[float] = []
            self.peak_before = None
            self.startup_rss = None
            self.hwm_reset = False
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
            elif state.global_step == warmup:
                if torch.cuda.is_available() and torch.cuda.is_initialized():
                    self.peak_before = torch.cuda.max_memory_allocated() / 2**20
                    torch.cuda.reset_peak_memory_stats()
                else:
                    self.peak_before = _status_mb("VmHWM")
                    self.hwm_reset = reset_peak_rss()
                self.startup_rss = _status_mb("VmRSS")

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
    res["startup_rss_mb"] = perf.startup_rss
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        res["peak_mem_mb"] = torch.cuda.max_memory_allocated() / 2**20
        res["peak_reserved_mb"] = torch.cuda.max_memory_reserved() / 2**20
        res["peak_mem_incl_warmup_mb"] = max(res["peak_mem_mb"], perf.peak_before or 0.0)
        res["peak_mem_kind"] = "cuda max_memory_allocated over the timed steps"
    else:
        steady = _status_mb("VmHWM") if perf.hwm_reset else None
        res["peak_rss_incl_warmup_mb"] = max(steady or 0.0, perf.peak_before or 0.0) or None
        res["peak_mem_mb"] = steady if steady is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        res["peak_mem_kind"] = ("VmHWM over the timed steps (reset after warm-up)" if steady is not None
                                else "process lifetime peak RSS (VmHWM reset unavailable)")
    res.update(extra or {})
    return res


# ------------------------------------------------------------------ our methods


def our_config(method: str, args, sz: dict, work: Path):
    from featurectl.config import parse_run_config

    raw = {
        "name": f"perf-{method}", "method": method,
        "model": {"name": f"perf-{args.proxy or 'gemma2'}-random", "dtype": "float32" if on_cpu(args) else "bfloat16"},
        "data": {"train": str(work / "pairs.jsonl"), "max_prompt_length": sz["prompt"],
                 "max_length": sz["prompt"] + sz["completion"], "on_overlong": "error"},
        "reference": {"cache_dir": str(work / "refcache"), "batch_size": sz["batch"]},
        "train": {"learning_rate": 5e-7, "max_steps": args.warmup + args.steps, "warmup_steps": 0,
                  "per_device_train_batch_size": sz["batch"], "optim": "adamw_torch", "bf16": not on_cpu(args),
                  "gradient_checkpointing": True, "logging_steps": 10**6, "save_steps": 10**9,
                  "logps_chunk_size": 1024, "seed": 0},
        "output_dir": str(work / "runs" / method),
    }
    if method == "fpo":
        raw["saes"] = [{"sae": {"path": str(work / "sae")}, "hook": f"blocks.{sz['layer']}.hook_resid_post"}]
    return parse_run_config(raw, f"bench_perf {method}")


def our_prepared(method: str, args, sz: dict, work: Path):
    from types import SimpleNamespace

    from featurectl.io import state_dict_sha256
    from featurectl.prepare import prepare

    cfg = our_config(method, args, sz, work)
    model = build_model(args)
    # The real weights hash (once per process), so a reused --workdir never serves a stale cache.
    info = SimpleNamespace(weights_sha256=state_dict_sha256(model))
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
    from featurectl.pairs import PairCollator, PairDataset
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
    with profiled(args, work, method):
        trainer.train()
    return finish(method, perf, args, sz, {"reference": type(reference).__name__ if reference is not None else None})


@contextlib.contextmanager
def profiled(args, work: Path, method: str):
    """With --profile: torch.profiler over the whole training call; the op table goes to
    ``<workdir>/profile-<method>.txt`` (sorted by self CPU time, or CUDA time on a GPU)."""
    if not args.profile:
        yield
        return
    import torch
    from torch.profiler import ProfilerActivity, profile

    acts = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if torch.cuda.is_available() else [])
    with profile(activities=acts, record_shapes=True) as prof:
        yield
    key = "self_cuda_time_total" if torch.cuda.is_available() else "self_cpu_time_total"
    table = prof.key_averages(group_by_input_shape=True).table(sort_by=key, row_limit=40, max_name_column_width=60)
    (work / f"profile-{method}.txt").write_text(table, encoding="utf-8")


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
        optim="adamw_torch", bf16=not on_cpu(args), gradient_checkpointing=True,
        gradient_checkpointing_kwargs={"use_reentrant": False}, logging_steps=10**6, save_strategy="no",
        report_to="none", disable_tqdm=True, use_cpu=on_cpu(args), seed=0, max_length=sz["prompt"] + sz["completion"],
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


def aggregate(results: list[dict]) -> dict:
    """Per method: median and min-max spread of peak memory, step time and tokens/s over the rounds."""
    out: dict[str, dict] = {}
    for name in dict.fromkeys(r["method"] for r in results):
        ok = [r for r in results if r["method"] == name and r.get("ok")]
        row = {"ok": bool(ok), "rounds": len(ok)}
        for key in ("peak_mem_mb", "step_time_s", "tokens_per_s", "startup_rss_mb", "wall_s"):
            vals = sorted(r[key] for r in ok if r.get(key) is not None)
            if vals:
                row[key] = statistics.median(vals)
                row[f"{key}_spread"] = [vals[0], vals[-1]]
        out[name] = row
    return out


def summarize(by: dict) -> dict:
    g = lambda m, k: (by.get(m) or {}).get(k) if (by.get(m) or {}).get("ok") else None  # noqa: E731
    out = {}
    for kind, key in (("memory", "peak_mem_mb"), ("step_time", "step_time_s")):
        for peer in ("simpo", "tdpo2", "trl_cpo_simpo", "trl_dpo", "trl_dpo_precomputed"):
            out[f"{kind}_fpo_over_{peer}"] = ratio(g("fpo", key), g(peer, key))
    out["tokens_per_s_fpo_over_trl_dpo_precomputed"] = ratio(g("fpo", "tokens_per_s"),
                                                             g("trl_dpo_precomputed", "tokens_per_s"))
    return out


def _fmt(row: dict, key: str, digits: int) -> str:
    if row.get(key) is None:
        return "-"
    lo, hi = row[f"{key}_spread"]
    return f"{row[key]:,.{digits}f} ({lo:,.{digits}f}-{hi:,.{digits}f})" if hi != lo else f"{row[key]:,.{digits}f}"


def table(res: dict) -> str:
    lines = [f"device: {res['device'].get('name')} ({res['device']['kind']}); mode {res['mode']}; "
             f"{res['date']}; load average before/after: {res['loadavg_before']} / {res['loadavg_after']}", "",
             "| method | peak mem MB, median (min-max) | start-up RSS MB | step s, median (min-max) | tokens/s | rounds |",
             "|---|---|---|---|---|---|"]
    for name, row in res["summary"].items():
        if not row["ok"]:
            err = next((m.get("error", "") for m in res["measurements"] if m["method"] == name), "")
            lines.append(f"| {name} | FAILED: {err[:80]} | | | | 0 |")
            continue
        lines.append(f"| {name} | {_fmt(row, 'peak_mem_mb', 0)} | {_fmt(row, 'startup_rss_mb', 0)} | "
                     f"{_fmt(row, 'step_time_s', 3)} | {_fmt(row, 'tokens_per_s', 0)} | {row['rounds']} |")
    lines += ["", "| ratio (medians) | value |", "|---|---|"]
    lines += [f"| {k} | {v:.3f} |" for k, v in res["ratios"].items() if v is not None]
    return "\n".join(lines)


def round_orders(methods: list[str], rounds: int) -> list[list[str]]:
    """Cache passes once first, then every method once per round, round r rotated by r (interleaved)."""
    first = [CACHED[m] for m in methods if m in CACHED]
    orders = [methods[r % len(methods):] + methods[: r % len(methods)] for r in range(rounds)]
    return [first + orders[0], *orders[1:]]


def run_worker(m: str, args, work: Path, env: dict, passthrough: list[str]) -> dict:
    rf = work / f"result-{m}.json"
    rf.unlink(missing_ok=True)
    print(f"[bench_perf] {m} ... (load {loadavg()})", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    cmd = [sys.executable, __file__, "--worker", m, "--result-file", str(rf), *passthrough]
    try:
        proc = subprocess.run(cmd, env=env, timeout=args.timeout, capture_output=not args.verbose, text=True)
        rc, tail = proc.returncode, (proc.stderr or "")[-1500:]
    except subprocess.TimeoutExpired:
        rc, tail = -1, f"timed out after {args.timeout}s"
    res = json.loads(rf.read_text()) if rf.is_file() else {"method": m, "ok": False, "error": f"exit {rc}: {tail}"}
    if not res.get("ok"):
        res.setdefault("stderr_tail", tail)
    res["process_wall_s"] = round(time.perf_counter() - t0, 2)
    print(f"[bench_perf] {m}: " + (f"peak {res.get('peak_mem_mb', 0):.0f} MB, step {res.get('step_time_s')}"
                                    if res.get("ok") else f"FAILED {res.get('error', '')[:300]}"),
          file=sys.stderr, flush=True)
    return res


def settings(args, sz: dict) -> dict:
    if args.proxy:
        px = PROXIES[args.proxy]
        model = f"{px['arch']} random init: " + ", ".join(f"{k}={v}" for k, v in px["config"].items())
    else:
        model = "Gemma2Config() random init" if not args.cpu else "Gemma2 2 layers, hidden 64, vocab 261"
    return {**sz, "steps": args.steps, "warmup": args.warmup, "rounds": args.rounds, "attn": args.attn,
            "model": model, "dtype": "float32" if on_cpu(args) else "bfloat16", "gradient_checkpointing": True,
            "optimizer": "adamw_torch", "learning_rate": 5e-7}


def output_path(args, out: dict) -> Path:
    if args.output:
        return Path(args.output)
    if args.proxy:
        return REPO / "bench_results" / f"perf_{time.strftime('%Y-%m-%d')}_{args.proxy}.json"
    slug = "".join(c if c.isalnum() else "-" for c in str(out["device"].get("name", "device"))).strip("-").lower()
    return REPO / "bench_results" / f"perf_{out['mode']}_{slug[:40]}.json"


def driver(args) -> int:
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = [m for m in methods if m not in ALL]
    if unknown:
        print(f"bench_perf: unknown method(s) {unknown}; known: {', '.join(ALL)}", file=sys.stderr)
        return 2
    sz = sizes(args)
    if args.dry_run:
        import torch
        from transformers import AutoModelForCausalLM

        with torch.device("meta"):  # the architecture is built, no weights are allocated
            n_params = sum(p.numel() for p in AutoModelForCausalLM.from_config(model_config(args)).parameters())
        print(json.dumps({"mode": mode(args), "settings": settings(args, sz), "n_params": n_params,
                          "order": round_orders(methods, args.rounds)}, indent=2))
        return 0
    if not on_cpu(args):
        import torch

        if not torch.cuda.is_available():
            print("bench_perf: no CUDA device; use --proxy or --cpu on a CPU", file=sys.stderr)
            return 2
    work = Path(args.workdir or tempfile.mkdtemp(prefix="featurectl-perf-"))
    work.mkdir(parents=True, exist_ok=True)
    setup_workdir(args, sz, work)
    env = {**os.environ, "FEATURECTL_HOME": os.environ.get("FEATURECTL_HOME", str(work / "home")),
           "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false", "WANDB_DISABLED": "true"}
    env.setdefault("OMP_NUM_THREADS", "1")
    if on_cpu(args):
        env["CUDA_VISIBLE_DEVICES"] = ""
    passthrough = ["--steps", str(args.steps), "--warmup", str(args.warmup), "--batch", str(args.batch),
                   "--attn", args.attn, "--workdir", str(work)] + (["--profile"] if args.profile else [])
    for flag, v in (("--prompt-len", args.prompt_len), ("--completion-len", args.completion_len),
                    ("--d-sae", args.d_sae), ("--layer", args.layer), ("--proxy", args.proxy)):
        if v is not None:
            passthrough += [flag, str(v)]
    if args.cpu:
        passthrough.append("--cpu")
    before, results = loadavg(), []
    orders = round_orders(methods, args.rounds)
    for r, order in enumerate(orders):
        for m in order:
            results.append({"round": r, **run_worker(m, args, work, env, passthrough)})
            path = write_results(args, sz, results, before, complete=len(results) == sum(map(len, orders)))
    print(table(json.loads(path.read_text())))
    print(f"wrote {path} and {path.with_suffix('.md').name}")
    return 0 if all(r.get("ok") for r in results) else 1


def write_results(args, sz: dict, results: list[dict], before: str | None, complete: bool) -> Path:
    """JSON + markdown table after every process, so an interrupted run keeps what it measured."""
    summary = aggregate(results)
    out = {
        "device": device_info(on_cpu(args)), "mode": mode(args), "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "complete": complete,
        "loadavg_before": before, "loadavg_after": loadavg(), "settings": settings(args, sz),
        "measurements": results, "summary": summary, "ratios": summarize(summary),
        "notes": [
            "each measurement ran in its own process; peak_mem_mb is the steady-state peak over the timed steps "
            "(CUDA max_memory_allocated on GPU; VmHWM reset after warm-up on CPU); startup_rss_mb is the RSS "
            "when warm-up ended (imports, model, AdamW state)",
            "fpo/dpo read an offline reference cache built by fpo_cache/dpo_cache in separate processes",
            "methods run in interleaved order over the rounds; summary values are medians with the min-max spread",
            "step_time_s is the median over the timed steps; tokens_per_s = 2 * batch * (prompt + completion) / step",
        ],
    }
    if args.cpu:
        out["notes"].append("CPU smoke run (--cpu): a 2-layer model; it checks that every method runs. "
                            "Use --proxy for CPU comparisons and the GPU mode for the paper's setting")
    path = output_path(args, out)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(out, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    path.with_suffix(".md").write_text(table(out) + "\n", encoding="utf-8")
    return path


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cpu", action="store_true", help="CPU smoke mode with tiny models")
    p.add_argument("--proxy", choices=sorted(PROXIES), help="CPU proxy: gemma2-vocab (P1) or smollm2 (P2)")
    p.add_argument("--methods", default=",".join(ALL), help=f"comma-separated subset of {','.join(ALL)}")
    p.add_argument("--steps", type=int, default=5, help="timed optimizer steps")
    p.add_argument("--warmup", type=int, default=2, help="untimed steps first (allocator, compile caches)")
    p.add_argument("--rounds", type=int, default=1, help="repeat every method, interleaved; medians reported")
    p.add_argument("--batch", type=int, default=2, help="preference pairs per step")
    p.add_argument("--prompt-len", type=int, help="prompt tokens (default 512; proxies 256/64; CPU 32)")
    p.add_argument("--completion-len", type=int, help="completion tokens (default 512; proxies 256/64; CPU 32)")
    p.add_argument("--d-sae", type=int, help="SAE width (default 16384; proxies 4096; CPU 256)")
    p.add_argument("--layer", type=int, help="SAE layer (default 25; P1 3, P2 18; CPU 1)")
    p.add_argument("--attn", default="eager", help="attn_implementation for every method (Gemma-2 soft-capping needs eager)")
    p.add_argument("--output", help="JSON path (default bench_results/perf_<date>_<proxy>.json or perf_<mode>_<device>.json)")
    p.add_argument("--workdir", help="scratch directory (default: a new temp dir)")
    p.add_argument("--timeout", type=int, default=900, help="seconds per measurement process")
    p.add_argument("--profile", action="store_true", help="torch.profiler op tables per method in the workdir")
    p.add_argument("--dry-run", action="store_true", help="print the settings and the process order; run nothing")
    p.add_argument("--verbose", action="store_true", help="show the workers' output")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--result-file", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.cpu and args.proxy:
        p.error("--cpu and --proxy are exclusive")
    if args.worker:
        return worker(args)
    return driver(args)


if __name__ == "__main__":
    sys.exit(main())

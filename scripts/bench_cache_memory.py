"""Peak memory of FPO training with the offline reference cache vs a loaded reference model.

Three subprocesses, so that no measurement inherits another's high-water mark:

1. ``cache``:  build the reference cache (``featurectl.refcache.ensure_cache``) and
   record its size, the share of pooled L1 mass kept and the pass's tokens/s;
2. ``cached``: FPO training steps reading that cache (no reference model in memory);
3. ``online``: the same steps with the reference model loaded (``OnlineReference``).

Peak memory is ``torch.cuda.max_memory_allocated`` on a GPU, else the process's peak
RSS (``resource.getrusage``), which also counts the Python/torch runtime both runs
share. The ratio is cached / online from this one run.

    python scripts/bench_cache_memory.py --model tiny-llama --out bench_cache.json
    python scripts/bench_cache_memory.py --model smollm2-135m --out bench_cache_smollm2.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

RANDOM_SAE_EXPANSION = 8  # d_sae = 8 x hidden when no SAE ships for the model


def device_description() -> str:
    import torch

    if torch.cuda.is_available():
        return f"cuda: {torch.cuda.get_device_name(0)}"
    cpu = platform.processor() or platform.machine()
    return f"cpu: {cpu}, {os.cpu_count()} cores, torch threads {torch.get_num_threads()}"


def peak_memory_mb() -> float:
    import torch

    if torch.cuda.is_available() and torch.cuda.is_initialized():
        return torch.cuda.max_memory_allocated() / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def sae_attachment(model: str, workdir: Path) -> tuple[dict, str]:
    """The shipped SAE for ``model`` if there is one, else a random JumpReLU SAE saved to ``workdir``."""
    from featurectl import sae as sae_mod

    builtin = sae_mod.DEFAULT_SAE.get(model)
    if builtin:
        try:
            sae_mod.builtin_path(builtin.removeprefix("builtin:"))
            return {"sae": {"path": builtin}, "hook": sae_mod.DEFAULT_HOOK[model]}, builtin
        except Exception as e:  # not shipped (yet): fall back to a random SAE
            print(f"[bench] {builtin} unavailable ({e}); using a random SAE", file=sys.stderr)
    from featurectl.models import load_model

    _, _, info = load_model(model)
    hook = f"blocks.{info.n_layers // 2}.hook_resid_post"
    d_sae = RANDOM_SAE_EXPANSION * info.hidden_size
    path = workdir / "random_sae"
    if not path.exists():
        sae = sae_mod.random_sae(info.hidden_size, d_sae, hook=hook)
        sae_mod.save_sae(sae, path, recipe={"kind": "random"}, metrics={})
    return {"sae": {"path": str(path)}, "hook": hook}, f"random jumprelu d_sae={d_sae}"


def write_config(args, workdir: Path) -> tuple[Path, str]:
    import yaml

    att, sae_name = sae_attachment(args.model, workdir)
    cfg = {
        "name": "bench-cache",
        "method": "fpo",
        "loss": {"top_k": 32},
        "model": {"name": args.model, "dtype": "float32"},
        "saes": [att],
        "data": {"train": args.data, "max_rows": args.pairs, "max_prompt_length": args.max_length // 2,
                 "max_length": args.max_length},
        "reference": {"cache_dir": str(workdir / "refcache"), "store_k": args.store_k, "batch_size": 8},
        "train": {"learning_rate": 1e-6, "max_steps": args.steps, "warmup_steps": 0,
                  "per_device_train_batch_size": args.batch_size, "logging_steps": 1,
                  "save_steps": 10_000, "save_total_limit": 1},
        "output_dir": str(workdir / "runs" / "placeholder"),
    }
    path = workdir / "run.yaml"
    path.write_text(yaml.safe_dump(cfg), encoding="utf-8")
    return path, sae_name


# --------------------------------------------------------------------------- workers


def worker(mode: str, config: Path, result: Path) -> None:
    import torch

    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
    from featurectl.config import load_run_config
    from featurectl.prepare import log, prepare
    from featurectl.train import run_training

    cfg = load_run_config(config, {"output_dir": str(config.parent / "runs" / mode)})
    out: dict = {"mode": mode}
    prep = prepare(cfg)
    if torch.cuda.is_available():
        prep.model.to("cuda")  # so an online reference is placed beside it
    if mode == "cache":
        from featurectl.refcache import ensure_cache

        t0 = time.perf_counter()
        ref = ensure_cache(prep, log=log)
        st = ref.manifest["stats"]
        out.update(directory=str(ref.directory), wall_s=time.perf_counter() - t0, n_pairs=ref.n_rows,
                   bytes_per_pair=st["bytes_per_pair"], kept_l1_share=st["kept_l1_share"],
                   tokens_per_s=st["tokens_per_s"], n_tokens=st["n_tokens"], store_k=cfg.reference.store_k)
    else:
        reference_model = None
        if mode == "online":
            from featurectl.models import load_model

            reference_model, _, _ = load_model(cfg.model.name, dtype=cfg.model.dtype)
        run_dir = run_training(cfg, prepared=prep, reference_model=reference_model)
        rows = [json.loads(l) for l in (run_dir / "metrics.jsonl").read_text().splitlines()]
        steps = [r for r in rows if "loss" in r and "train_runtime" not in r]
        out.update(steps=len(steps), step_time_s=[r.get("step_time_s") for r in steps],
                   loss=[r["loss"] for r in steps])
    out["peak_mb"] = peak_memory_mb()
    result.write_text(json.dumps(out, indent=2), encoding="utf-8")


def run_worker(mode: str, config: Path, workdir: Path) -> dict:
    result = workdir / f"{mode}.json"
    cmd = [sys.executable, __file__, "--_worker", mode, "--_config", str(config), "--_result", str(result)]
    print(f"[bench] {mode}: {' '.join(cmd[1:3])} ...", file=sys.stderr, flush=True)
    proc = subprocess.run(cmd, text=True, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"[bench] worker {mode!r} failed with status {proc.returncode}")
    return json.loads(result.read_text(encoding="utf-8"))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", default="tiny-llama", help="tiny-llama (default), smollm2-135m, ...")
    p.add_argument("--out", default="bench_cache_memory.json", help="result JSON")
    p.add_argument("--data", default="builtin:json", help="preference pairs (default: the shipped JSON corpus)")
    p.add_argument("--pairs", type=int, default=64, help="pairs to cache")
    p.add_argument("--steps", type=int, default=2, help="training steps per measurement")
    p.add_argument("--batch-size", type=int, default=2, help="pairs per training step")
    p.add_argument("--max-length", type=int, default=256)
    p.add_argument("--store-k", type=int, default=256)
    p.add_argument("--workdir", help="keep intermediate files here (default: a temp dir)")
    p.add_argument("--_worker", help=argparse.SUPPRESS)
    p.add_argument("--_config", help=argparse.SUPPRESS)
    p.add_argument("--_result", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args._worker:
        worker(args._worker, Path(args._config), Path(args._result))
        return 0

    tmp = None if args.workdir else tempfile.TemporaryDirectory(prefix="bench_cache_")
    workdir = Path(args.workdir or tmp.name)
    workdir.mkdir(parents=True, exist_ok=True)
    env_home = os.environ.get("FEATURECTL_HOME")
    config, sae_name = write_config(args, workdir)
    cache = run_worker("cache", config, workdir)
    cached = run_worker("cached", config, workdir)
    online = run_worker("online", config, workdir)
    device = device_description()
    result = {
        "device": device,
        "memory_metric": "torch.cuda.max_memory_allocated" if device.startswith("cuda") else "peak RSS (getrusage)",
        "model": args.model,
        "sae": sae_name,
        "data": args.data,
        "pairs": cache["n_pairs"],
        "max_length": args.max_length,
        "batch_size": args.batch_size,
        "steps": args.steps,
        "featurectl_home": env_home,
        "cache": {k: cache[k] for k in ("bytes_per_pair", "kept_l1_share", "tokens_per_s", "n_tokens", "store_k",
                                         "wall_s")},
        "cached": {"peak_mb": cached["peak_mb"], "step_time_s": cached["step_time_s"], "loss": cached["loss"]},
        "online": {"peak_mb": online["peak_mb"], "step_time_s": online["step_time_s"], "loss": online["loss"]},
        "peak_ratio_cached_over_online": cached["peak_mb"] / online["peak_mb"],
        "peak_saved_mb": online["peak_mb"] - cached["peak_mb"],
    }
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())

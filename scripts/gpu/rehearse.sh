#!/usr/bin/env bash
# Rehearse the three GPU device calls on this CPU machine (scripts/gpu/README.md).
#
#   scripts/gpu/rehearse.sh VENV_BIN [WORK]      e.g. scripts/gpu/rehearse.sh /tmp/venv311r/bin
#
# VENV_BIN: the bin/ of a venv that holds only what the GPU machine has preinstalled (torch,
# transformers 5.17, accelerate, numpy, pandas, pyarrow, pyyaml, rich, safetensors,
# huggingface_hub 1.33, tokenizers, tqdm, pytest, requests and their dependencies; no pydantic).
# Copies the working tree as the device tool does (tracked + untracked-not-ignored files) into
# WORK/repo (default /tmp/reh), then runs call 1 (--check, with .gpu1 only), call 2 (--stash,
# .gpu2 only) and call 3 (the run, .gpu3 only) with `--tiny` experiment settings on the CPU.
# When the venv's Python is not the bundle's (3.12), .gpu1's wheels are re-downloaded for it.
set -euo pipefail
VBIN="$1"
WORK="${2:-/tmp/reh}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(git -C "$HERE" rev-parse --show-toplevel)"
PYVER="$("$VBIN/python3" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"

rm -rf "$WORK" && mkdir -p "$WORK/repo"
(cd "$ROOT" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) | tar -xf - -C "$WORK/repo"
cp -r "$ROOT/.gpu1" "$ROOT/.gpu2" "$ROOT/.gpu3" "$WORK/"
if [[ "$PYVER" != "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["python"])' "$ROOT/.gpu1/BUNDLE.json")" ]]; then
    rm -rf "$WORK/.gpu1/whl" "$WORK/.gpu1/whl-if-missing"
    WHL_ONLY="$WORK/.gpu1/whl" PYVER="$PYVER" "$HERE/make_bundle.sh" 2>&1 | grep -v WARNING
    (cd "$WORK/.gpu1" && find . -type f ! -name SHA256SUMS -printf '%P\n' | sort | xargs sha256sum > SHA256SUMS)
fi

export PATH="$VBIN:$PATH" FEATURECTL_DEVICE=cpu FC_STASH="$WORK/stash" SITE="$WORK/site"
export FEATURECTL_HOME="$WORK/home" RESULTS="$WORK/results" SMOKE_DIR="$WORK/smoke" TIMINGS="$WORK/timings.txt"
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 CONTROL_ARGS="${CONTROL_ARGS:---tiny}" DEADLINE_S="${DEADLINE_S:-560}"
status=0
for call in 1 2 3; do
    mode=("--check" "--stash" "")
    rm -rf "$WORK/repo/.gpu1" "$WORK/repo/.gpu2" "$WORK/repo/.gpu3"
    cp -r "$WORK/.gpu$call" "$WORK/repo/"
    (cd "$WORK/repo" && OUT="$WORK/out$call" bash scripts/gpu/control_full.sh ${mode[$((call - 1))]} \
        > "$WORK/call$call.txt" 2>&1) || status=$?
    echo "call $call: exit ${status}; $(ls "$WORK/out$call" | tr '\n' ' ')"
    [[ $status -eq 0 ]] || { tail -30 "$WORK/call$call.txt"; exit "$status"; }
done
tar tzf "$WORK/out3/control_full.tar.gz" | grep -c . | xargs echo "control_full.tar.gz files:"

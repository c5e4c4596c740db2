#!/usr/bin/env bash
# Run at the start of every GPU device call, from the repository root: keep what this call
# carried (.gpu1 / .gpu2 / .gpu3, see make_bundle.sh) in $FC_STASH (/tmp/fc_bundle), checked
# against its SHA256SUMS, so a later call finds every part however the repository copy changes.
set -euo pipefail
STASH="${FC_STASH:-/tmp/fc_bundle}"
mkdir -p "$STASH"
for d in .gpu1 .gpu2 .gpu3; do
    [[ -d "$d" ]] || continue
    if [[ -f "$STASH/SHA256SUMS$d" ]] && cmp -s "$d/SHA256SUMS" "$STASH/SHA256SUMS$d"; then
        echo "stash: $d already stashed"
        continue
    fi
    (cd "$d" && sha256sum -c --quiet SHA256SUMS) || { echo "stash: $d does not match its SHA256SUMS" >&2; exit 1; }
    cp -r "$d/." "$STASH/"
    mv "$STASH/SHA256SUMS" "$STASH/SHA256SUMS$d"
    echo "stash: $d checked and kept ($(du -sh "$d" | cut -f1))"
done
ls "$STASH" | tr '\n' ' '; echo

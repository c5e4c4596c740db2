"""Pack an experiment's small outputs into one .tar.gz (stdlib only; run with ``python3 -I``).

    python3 -I scripts/gpu/pack.py TARGET.tar.gz NAME=DIR [NAME=DIR ...]

Keeps JSON, Markdown, YAML, JSONL, text and logs under each DIR (as NAME/...), never model
weights, checkpoints or reference-cache tensors (and no file over 32 MB). The archive is
written beside TARGET and renamed over it, so a kill mid-way leaves the previous one whole.
"""

import os
import sys
import tarfile
from pathlib import Path

KEEP = {".json", ".md", ".yaml", ".yml", ".jsonl", ".txt", ".log", ".csv"}
SKIP_DIRS = {"refcache", "checkpoints", "final", "sae", "__pycache__"}
MAX_BYTES = 32 * 2**20  # protocol.json keeps every answer (a few MB); text compresses ~5x under the 16 MiB return limit


def small_outputs(root: Path):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith(("checkpoint-", ".")))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.suffix in KEEP and not name.startswith(".") and path.stat().st_size <= MAX_BYTES:
                yield path


def main(argv: list[str]) -> int:
    target = Path(argv[0])
    tmp = target.with_name(f".{target.name}.tmp")
    n = 0
    with tarfile.open(tmp, "w:gz") as tar:
        for spec in argv[1:]:
            name, _, directory = spec.partition("=")
            root = Path(directory)
            if not root.is_dir():
                continue
            for path in small_outputs(root):
                try:
                    tar.add(path, arcname=f"{name}/{path.relative_to(root)}")
                    n += 1
                except OSError:  # written or replaced while we read it: the next pack has it
                    pass
    os.replace(tmp, target)
    size = target.stat().st_size
    print(f"pack: {n} files -> {target} ({size / 1024:.0f} KiB)", file=sys.stderr)
    if size > 15 * 2**20:
        print("pack: WARNING: over 15 MiB; the device tool returns files up to 16 MiB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

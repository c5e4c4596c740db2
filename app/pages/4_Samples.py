"""Samples: generations of two runs for the same prompts side by side, each with
its verdicts (language, JSON valid, refusal, sentiment) from samples.jsonl."""

import sys
from pathlib import Path

_APP_DIR = str(Path(__file__).resolve().parents[1])
if _APP_DIR not in sys.path:
    sys.path.insert(0, _APP_DIR)

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from lib.samples import pair_samples, verdict_rates, verdict_text  # noqa: E402
from lib.ui import page_setup, runs_or_explain, show_problems  # noqa: E402


def filtered_pairs(ra, rb) -> list[tuple[dict | None, dict | None]]:
    """Pairs of A's and B's samples, filtered by the domain, temperature and search widgets."""
    everything = ra.samples + rb.samples
    domains = sorted({str(s.get("domain")) for s in everything if s.get("domain") is not None})
    temps = sorted({s.get("temperature") for s in everything if isinstance(s.get("temperature"), (int, float))})
    c1, c2, c3 = st.columns([1, 1, 2])
    dom = c1.selectbox("Domain", ["all", *domains])
    temp = c2.selectbox("Temperature", ["all", *temps])
    query = c3.text_input("Search prompts and outputs")

    def keep(s: dict | None) -> bool:
        if s is None:
            return True
        if dom != "all" and str(s.get("domain")) != dom:
            return False
        return temp == "all" or s.get("temperature") == temp

    pairs = [(x, y) for x, y in pair_samples(ra.samples, rb.samples) if keep(x) and keep(y)]
    if query.strip():
        q = query.lower()
        pairs = [(x, y) for x, y in pairs
                 if any(q in str(s.get(k, "")).lower() for s in (x, y) if s for k in ("prompt", "output"))]
    return pairs


def show_pair(x: dict | None, y: dict | None, a: str, b: str) -> None:
    first = x or y
    with st.container(border=True):
        st.markdown(f"**{first.get('prompt_id', '')}** · {first.get('domain', '')} · "
                    f"T={first.get('temperature', '?')}")
        st.text(str(first.get("prompt", "")))
        for col, s, name in zip(st.columns(2), (x, y), (a, b)):
            with col:
                st.caption(name)
                if s is None:
                    st.info("no sample for this prompt")
                else:
                    st.code(str(s.get("output", "")), language=None, wrap_lines=True)
                    st.caption(verdict_text(s.get("verdicts")))


def main() -> None:
    paths = page_setup("Samples")
    st.title("Samples")
    runs = runs_or_explain(paths.runs)
    if not runs:
        return
    with_samples = {r.name: r for r in runs if r.samples}
    if not with_samples:
        st.info(f"No run in `{paths.runs}` has samples.jsonl yet; `featurectl eval` writes the generations.")
        return
    names = list(with_samples)
    c1, c2 = st.columns(2)
    a = c1.selectbox("Run A", names, index=0)
    b = c2.selectbox("Run B", names, index=min(1, len(names) - 1))
    ra, rb = with_samples[a], with_samples[b]
    for r in {a: ra, b: rb}.values():
        show_problems(r.problems, f"run `{r.name}`")
    pairs = filtered_pairs(ra, rb)
    st.caption(f"{len(pairs)} prompt(s); verdict rates over the shown samples:")
    rates = pd.DataFrame({f"A: {a}": verdict_rates([x for x, _ in pairs if x]),
                          f"B: {b}": verdict_rates([y for _, y in pairs if y])}).T
    st.dataframe(rates, placeholder="—", column_config={
        c: st.column_config.NumberColumn(c, format="%d" if c == "n" else "%.2f") for c in rates.columns})
    limit = st.slider("Show at most", 1, max(1, len(pairs)), min(20, max(1, len(pairs)))) if pairs else 0
    for x, y in pairs[:limit]:
        show_pair(x, y, a, b)


main()

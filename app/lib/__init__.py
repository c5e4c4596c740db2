"""Readers, tables and plots for the featurectl Streamlit explorer.

Everything here reads files only (run directories, discovery results, feature-set
YAML, control tables; formats in docs/FORMATS.md). Nothing imports training code
(torch, transformers, sae_lens, featurectl.trainer/losses/models/sae): the app must
start in a few seconds on a laptop with no model loaded.

Readers never raise on a malformed file. They return what they could read plus a
list of human-readable ``problems`` that the pages show with ``st.warning``.
"""

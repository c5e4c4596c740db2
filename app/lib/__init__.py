"""Readers, tables and plots for the featurectl Streamlit explorer.

Everything here reads files only (run directories, discovery results, feature-set
YAML, control tables; formats in docs/FORMATS.md). Of the featurectl package it imports
only :mod:`featurectl.rundir` (the run-directory layout: file names, lock, statuses) and, in
``featuresets.py`` alone, the feature-set schema (:mod:`featurectl.feature_sets`), so the
editor shows the CLI's messages. No torch, transformers, sae_lens or training code: the app
must start in a few seconds on a laptop with no model loaded (tests/test_app.py checks both).

Readers never raise on a malformed file. They return what they could read plus a
list of human-readable ``problems`` that the pages show with ``st.warning``.
"""

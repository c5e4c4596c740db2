"""Where the app looks for its inputs.

``featurectl app`` passes directories through environment variables, so a page
script (run by Streamlit in its own context) reads them the same way whether it
was started by the CLI, by ``streamlit run app/Home.py``, or by AppTest:

=============================  ==============================  =================
variable                       meaning                         default
=============================  ==============================  =================
``FEATURECTL_APP_RUNS``        directory of run directories    ``runs``
``FEATURECTL_APP_FEATURES``    directory of feature-set YAML   ``feature_sets``
``FEATURECTL_APP_DISCOVERY``   one discovery result, or a      ``out``
                               directory searched for them
``FEATURECTL_APP_EXPERIMENT``  directory holding               (runs dir, its
                               ``control_table.json``          parent, ``out``)
=============================  ==============================  =================

Relative paths resolve against the working directory of the app process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_RUNS = "FEATURECTL_APP_RUNS"
ENV_FEATURES = "FEATURECTL_APP_FEATURES"
ENV_DISCOVERY = "FEATURECTL_APP_DISCOVERY"
ENV_EXPERIMENT = "FEATURECTL_APP_EXPERIMENT"


@dataclass(frozen=True)
class AppPaths:
    runs: Path
    features: Path
    discovery: Path
    experiment: Path | None


def app_paths() -> AppPaths:
    """Read the four input locations from the environment (see module docstring)."""
    exp = os.environ.get(ENV_EXPERIMENT)
    return AppPaths(
        runs=Path(os.environ.get(ENV_RUNS) or "runs"),
        features=Path(os.environ.get(ENV_FEATURES) or "feature_sets"),
        discovery=Path(os.environ.get(ENV_DISCOVERY) or "out"),
        experiment=Path(exp) if exp else None,
    )

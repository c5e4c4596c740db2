"""`featurectl experiment rejudge OUT`: re-score a finished control experiment's saved answers.

Every domain's ``protocol.json`` keeps its answers (``samples``) and what judging needs of each
prompt (``prompts``: id and IFEval instruction ids, no text). This re-applies the verdicts
installed *here* and rebuilds the domain blocks, the goals, ``control_table.json``/``.md`` and
``experiment.json``; preference accuracy (log-probabilities) and the stage timings are kept.

Used when answers were generated where a judge was missing (the GPU machine cannot receive
lingua's 96 MB wheel: ``scripts/gpu/README.md``), or after a verdict is fixed.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError
from ..evaluation.protocol import rescore
from ..io import read_json_object, write_json
from ..rundir import CONTROL_TABLE
from .experiment import domain_outputs, write_tables

__all__ = ["rejudge_experiment"]

_FACTS = ("n_features", "feature_origin", "n_train_pairs", "n_eval_pairs")


def rejudge_experiment(out: Path, *, log=print) -> Path:
    """Re-judge every domain of the experiment in ``out``; returns the rewritten ``control_table.json``."""
    out = Path(out)
    exp = read_json_object(out / "experiment.json")
    tables, details = [], {}
    table = out / CONTROL_TABLE
    order = [b["domain"] for b in read_json_object(table)["domains"]] if table.is_file() else list(exp["domains"])
    for domain in order:
        old = exp["domains"][domain]
        ddir = out / domain
        if not (ddir / "rows.json").is_file():
            raise ConfigError(f"{ddir}: no rows.json (an experiment made before rejudge existed): cannot re-judge it")
        result = rescore(read_json_object(ddir / "protocol.json"))
        write_json(ddir / "protocol.json", result)
        block, details[domain] = domain_outputs(domain, result, read_json_object(ddir / "rows.json"),
                                                {k: old[k] for k in _FACTS if k in old})
        tables.append(block)
        log(f"[featurectl experiment] re-judged {domain}: {len(result['cells'])} cells")
    head = {k: exp[k] for k in ("budget", "budget_values", "model", "notes") if k in exp}
    mark = "; verdicts re-judged (featurectl experiment rejudge)"
    head["notes"] = head.get("notes", "").replace(mark, "") + mark
    write_tables(out, head, tables, details, exp["steps"], exp["total_s"])
    return table

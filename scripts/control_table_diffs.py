"""Add the (a)−(b) differences with their Newcombe 95% intervals, and general preference accuracy,
to control tables written before ``control_table.json`` carried them, from the protocol results
saved beside each table (no model is run):

* ``<dir>/protocol.json`` (``featurectl demo``: one domain),
* ``<dir>/<domain>/protocol.json`` (``featurectl experiment control``),
* ``<dir>/experiment.json``'s ``domains.<domain>.protocol`` (the same result, samples left out).

A domain with none of these is left as it is (the app says its differences are missing). Run from
the repository root:  python scripts/control_table_diffs.py results/demo/control_table.json ...
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Optional

from featurectl.io import write_json
from featurectl.workflows.protocol_table import add_differences


def protocol_result(table_dir: Path, domain: str) -> Optional[dict]:
    """The control-protocol result of ``domain`` saved beside a control table, or None."""
    for path in (table_dir / domain / "protocol.json", table_dir / "protocol.json"):
        if path.is_file():
            result = json.loads(path.read_text())
            if result.get("domain") == domain:
                return result
    experiment = table_dir / "experiment.json"
    if experiment.is_file():
        return json.loads(experiment.read_text()).get("domains", {}).get(domain, {}).get("protocol")
    return None


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tables", nargs="+", type=Path, help="control_table.json files, rewritten in place")
    args = ap.parse_args(argv)
    for path in args.tables:
        table = json.loads(path.read_text())
        done, missing = [], []
        for block in table["domains"]:
            result = protocol_result(path.parent, block["domain"])
            if result is None:
                missing.append(block["domain"])
            else:
                add_differences(block, result)
                done.append(block["domain"])
        if done:
            write_json(path, table)
        print(f"{path}: differences for {', '.join(done) or 'no domain'}"
              + (f"; no protocol result for {', '.join(missing)}" if missing else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

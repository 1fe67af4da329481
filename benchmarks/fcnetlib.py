"""Plan an FCNetLib fixed-charge network flow instance as an Angara scenario.

    .venv/bin/python benchmarks/fcnetlib.py --dir tests/data/fcnetlib --instance k10x90 --json
    .venv/bin/python benchmarks/fcnetlib.py --dir DIR --instance NAME --write-scenario out/NAME

``DIR`` holds ``arcs.csv`` and ``nodes.csv``.  Same code path as ``angara plan``; prints
JSON with the objective, build and solve seconds and size.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from angara.scenario.write import write_folder
from angara.validation.common import plan_report
from angara.validation.fcnetlib import to_scenario
from angara.validation.orlib import InstanceError


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dir", type=Path, required=True, help="folder with arcs.csv and nodes.csv")
    parser.add_argument("--instance", required=True)
    parser.add_argument("--write-scenario", type=Path, help="write the scenario folder here and stop")
    parser.add_argument("--json", action="store_true", help="print JSON (the default output)")
    parser.add_argument("--time-limit", type=float, default=600.0)
    args = parser.parse_args()
    try:
        scenario = to_scenario(args.dir, args.instance)
    except (InstanceError, OSError) as error:
        print(f"{args.dir}: {error}", file=sys.stderr)
        return 2
    if args.write_scenario:
        write_folder(scenario, args.write_scenario)
        print(json.dumps({"instance": args.instance, "scenario": str(args.write_scenario)}))
        return 0
    document, status = plan_report(scenario, args.instance, args.time_limit)
    print(json.dumps(document))
    return status


if __name__ == "__main__":
    sys.exit(main())

"""Plan an OR-Library capacitated facility location instance as an Angara scenario.

    .venv/bin/python benchmarks/orlib.py tests/data/orlib_cap/cap41.txt --json
    .venv/bin/python benchmarks/orlib.py capa.txt --capacity 8000 --json
    .venv/bin/python benchmarks/orlib.py cap41.txt --write-scenario out/cap41   # only write the scenario

The instance goes through the same code path as ``angara plan`` (scenario -> chain ->
model -> solve).  Prints JSON with the objective, build and solve seconds and size.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from angara.scenario.write import write_folder
from angara.validation.common import plan_report
from angara.validation.orlib import InstanceError, read_instance, to_scenario


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("instance", type=Path, help="OR-Library cap* file")
    parser.add_argument("--capacity", type=float, help="capacity of every site (replaces the file's)")
    parser.add_argument("--write-scenario", type=Path, help="write the scenario folder here and stop")
    parser.add_argument("--json", action="store_true", help="print JSON (the default output)")
    parser.add_argument("--time-limit", type=float, default=600.0)
    args = parser.parse_args()
    try:
        scenario = to_scenario(read_instance(args.instance, args.capacity))
    except (InstanceError, OSError) as error:
        print(f"{args.instance}: {error}", file=sys.stderr)
        return 2
    if args.write_scenario:
        write_folder(scenario, args.write_scenario)
        print(json.dumps({"instance": args.instance.stem, "scenario": str(args.write_scenario)}))
        return 0
    document, status = plan_report(scenario, args.instance.stem, args.time_limit)
    print(json.dumps(document))
    return status


if __name__ == "__main__":
    sys.exit(main())

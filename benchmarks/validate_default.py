"""Time loading and validating the default scenario, from a folder and from a workbook.

Run by hand:  .venv/bin/python benchmarks/validate_default.py [--repeat N]
Prints JSON: seconds (best and median of N loads), peak memory, rows and numbers.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from angara.scenario import load
from angara.scenario.load import DEFAULT_SCENARIO
from angara.scenario.write import write_workbook


def _time_loads(source: str | Path, repeat: int) -> dict[str, float]:
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        load(source)
        seconds.append(time.perf_counter() - started)
    return {"best_s": round(min(seconds), 4), "median_s": round(statistics.median(seconds), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    scenario = load(DEFAULT_SCENARIO)
    rows = sum(len(scenario.table(name)) for name in type(scenario).model_fields if name != "meta")
    tracemalloc.start()
    load(DEFAULT_SCENARIO)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    with tempfile.TemporaryDirectory() as folder:
        workbook = Path(folder) / "default.xlsx"
        write_workbook(scenario, workbook)
        from_workbook = _time_loads(workbook, args.repeat)
    report = {
        "scenario": DEFAULT_SCENARIO,
        "rows": rows,
        "folder": _time_loads(DEFAULT_SCENARIO, args.repeat),
        "workbook": from_workbook,
        "peak_memory_mb": round(peak / 2**20, 1),
        "python": sys.version.split()[0],
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

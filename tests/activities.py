"""Non-mass activities added to a copy of the mini scenario: a data centre (MW-years of
computing sold at a tariff), a gas unit (firm site power) and a training centre (places)."""

from __future__ import annotations

import csv
from pathlib import Path


def append_rows(folder: Path, table: str, rows: list[dict[str, str]]) -> None:
    """Append ``rows`` to ``table``.csv, matching columns by name (the header's unit aside);
    a column the header lacks is added at the end, empty in the rows already there."""
    path = folder / f"{table}.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    header = lines[0]
    names = [h.split("[")[0].strip() for h in header]
    for row in rows:
        for column in row:
            if column.split("[")[0].strip() not in names:
                header.append(column)
                names.append(column.split("[")[0].strip())
    body = [line + [""] * (len(header) - len(line)) for line in lines[1:]]
    for row in rows:
        by_name = {k.split("[")[0].strip(): v for k, v in row.items()}
        body.append([by_name.get(name, "") for name in names])
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *body])


def add_data_centre(
    folder: Path, electricity: str = "9636 MWh/(MW*yr)", tariff: str = "9000 RUB/(kW*month)"
) -> None:
    """A 10 MW data centre at the plant site (PUE 1.1: 8,760 x 1.1 = 9,636 MWh per MW-year),
    selling computing at the town's market."""
    append_rows(
        folder,
        "goods",
        [{"id": "compute", "name": "Computing (IT load)", "kind": "product", "unit": "MW*yr"}],
    )
    append_rows(
        folder,
        "processes",
        [
            {
                "id": "data_centre",
                "name": "Data centre",
                "stage": "computing",
                "location": "site",
                "reference": "compute",
                "unit_capacity": "10 MW",
                "capex_per_unit": "1",
                "electricity": electricity,
                "lead_time": "1",
                "lifetime": "15",
                "max_units": "1",
            }
        ],
    )
    append_rows(folder, "process_outputs", [{"process": "data_centre", "good": "compute", "quantity": "1"}])
    append_rows(folder, "process_sites", [{"process": "data_centre", "site": "plant_site", "max_units": "1"}])
    append_rows(folder, "prices", [{"market": "home", "good": "compute", "year": "2025", "price": tariff}])

"""The satellite city: who must move in, and what they need.

Per region and year: operating staff needed by skill, what the local pool and
graduates supply (the plan's ``staff`` table), the gap, the workers the plan brings
in, their households (``regions.household_size`` residents per worker), and the
housing, kindergarten and school places and outpatient capacity the norms of
``city_norms`` ask for.  What is built is never torn down: a year's construction
cost covers the rise of the need above its highest earlier level.
"""

from __future__ import annotations

import pandas as pd

from angara.scenario.model import Scenario
from angara.scenario.schema import WILDCARD

FACILITIES = ("housing", "kindergarten", "school", "outpatient")
CITY_COLUMNS = (
    "region",
    "year",
    "needed",
    "local_available",
    "gap",
    "migrants",
    "residents",
    "housing_m2",
    "kindergarten_places",
    "school_places",
    "outpatient_visits_per_shift",
    "cost_rub",
)


def satellite_city(
    scenario: Scenario, staff: pd.DataFrame, calendar: pd.DataFrame
) -> tuple[pd.DataFrame, list[str]]:
    """Per region and year the city's size and yearly construction cost (RUB); notes.

    ``staff`` is the plan's staff table (region, skill, period, needed,
    local_available, migrants); ``calendar`` maps each year to its period.
    """
    notes: list[str] = []
    if staff.empty:
        return pd.DataFrame(columns=CITY_COLUMNS), notes
    frame = staff.assign(gap=(staff["needed"] - staff["local_available"]).clip(lower=0.0))
    per_region = frame.groupby(["region", "period"], as_index=False)[
        ["needed", "local_available", "gap", "migrants"]
    ].sum()
    yearly = calendar.merge(per_region, on="period").drop(columns="period")
    regions = {r.id: r for r in scenario.regions}
    norms = {n.region: n for n in scenario.city_norms}
    rows = []
    for region, group in yearly.sort_values("year").groupby("region"):
        household = regions[str(region)].household_size if str(region) in regions else None
        if household is None:
            notes.append(f"{region}: no household size; one resident per in-migrating worker assumed")
            household = 1.0
        norm = norms.get(str(region)) or norms.get(WILDCARD)
        if norm is None and group["migrants"].max() > 0:
            notes.append(f"{region}: no city norms for the region or '*'; facilities not sized")
        built = dict.fromkeys(FACILITIES, 0.0)
        for row in group.itertuples(index=False):
            residents = float(row.migrants) * household
            need = {
                "housing": residents * (norm.housing if norm else 0.0),
                "kindergarten": residents * (norm.kindergarten if norm else 0.0),
                "school": residents * (norm.school if norm else 0.0),
                "outpatient": residents * (norm.outpatient if norm else 0.0),
            }
            cost = 0.0
            if norm is not None:
                prices = {
                    "housing": norm.housing_cost,
                    "kindergarten": norm.kindergarten_cost,
                    "school": norm.school_cost,
                    "outpatient": norm.outpatient_cost,
                }
                for facility in FACILITIES:
                    rise = max(0.0, need[facility] - built[facility])
                    cost += rise * prices[facility]
                    built[facility] = max(built[facility], need[facility])
            rows.append(
                (
                    region,
                    int(row.year),
                    float(row.needed),
                    float(row.local_available),
                    float(row.gap),
                    float(row.migrants),
                    residents,
                    need["housing"],
                    need["kindergarten"],
                    need["school"],
                    need["outpatient"],
                    cost,
                )
            )
    return pd.DataFrame(rows, columns=CITY_COLUMNS), notes

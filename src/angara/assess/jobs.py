"""Jobs: the plants' own staff, construction, and the supply-chain and household-spending
jobs traced through the national input-output table.

* direct: operating staff of the plan's plants (persons), in their region;
* construction: person-years of construction works, from the CAPEX spent on them
  (``assessment.construction_share``) and the labour content of construction output;
* indirect (type I) and induced (type II): compensation of employees generated in
  supplier industries, and by households spending their wages, per RUB of the cluster's
  sales to buyers outside it (and of its CAPEX while building), divided by
  ``assessment.labour_cost_per_job``.  Deliveries between the cluster's own plants are
  netted out of the supply chain product by product (a delivery of ore replaces the
  table's mining output the sales need, up to that output): those jobs are already direct.

The table is national: ``assessment.local_share`` of the indirect and induced jobs is
placed in the plant's region, the rest in ``rest_of_russia``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from angara.assess.inputoutput import HouseholdClosure, SupplyChain, effects
from angara.assess.io_table import InputOutputTable, UnknownProductError, read_table
from angara.assess.operations import Operations
from angara.scenario.model import Scenario

ELSEWHERE = "rest_of_russia"
JOB_COLUMNS = ("region", "year", "direct", "construction", "indirect", "induced")


@dataclass(frozen=True)
class PerRub:
    """Compensation of employees generated per RUB of final demand for one product."""

    direct: float
    indirect: float
    induced: float


def table_product(table: InputOutputTable, code: str) -> str | None:
    """The table's product for a process's code: the same code, or the combined product
    it is part of ('24.1' counts under '24.1 + 24.2 + 24.3'); None if there is none."""
    try:
        return table.codes[table.position(code)]
    except UnknownProductError:
        wanted = code.replace(" ", "")
        for known in table.codes:
            if wanted in (part.strip() for part in known.replace(" ", "").split("+")):
                return known
    return None


def _per_rub(table: InputOutputTable, closure: HouseholdClosure, products: set[str]) -> dict[str, PerRub]:
    result = {}
    for product in products:
        one = effects(table, {product: 1.0}, closure)
        result[product] = PerRub(
            float(one["compensation_direct"].sum()),
            float(one["compensation_indirect"].sum()),
            float(one["compensation_induced"].sum()),
        )
    return result


def jobs_by_region(
    scenario: Scenario,
    ops: Operations,
    statements: pd.DataFrame,
    infrastructure_capex: pd.DataFrame,
    table: InputOutputTable | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Jobs per region and year (see :data:`JOB_COLUMNS`): persons, or person-years for
    construction; and notes on products missing from the table."""
    settings = scenario.meta.assessment
    table = table or read_table()
    closure = HouseholdClosure(propensity_to_consume=settings.propensity_to_consume)
    per_job = settings.labour_cost_per_job
    local = settings.local_share
    notes: list[str] = []
    resolved = {
        plant: table_product(table, code) if code else None
        for plant, code in ops.plants["io_product"].items()
    }
    missing = sorted(
        {ops.plants.at[plant, "io_product"] or "(none)" for plant, p in resolved.items() if p is None}
    )
    if missing:
        notes.append(
            f"input-output products {', '.join(repr(p) for p in missing)} are not in the table: "
            "their plants' indirect and induced jobs are not counted"
        )
    building = {
        p: table_product(table, p) for p in (settings.construction_product, settings.equipment_product)
    }
    for code, product in building.items():
        if product is None:
            notes.append(f"'{code}' is not in the input-output table: construction jobs are not counted")
    products = {p for p in [*resolved.values(), *building.values()] if p is not None}
    rub = _per_rub(table, closure, products)
    chains = SupplyChain.of(table)
    jobs: dict[tuple[str, int], dict[str, float]] = defaultdict(lambda: dict.fromkeys(JOB_COLUMNS[2:], 0.0))

    for (region, year), staff in ops.staff.groupby(["region", "year"])["staff"].sum().items():
        jobs[(str(region), int(year))]["direct"] += float(staff)

    plants = pd.MultiIndex.from_frame(statements[["process", "location"]])
    frame = statements.assign(product=[resolved.get(plant) for plant in plants])
    frame = frame[frame["product"].notna()]
    for year, group in frame.groupby("year"):
        sales = group.groupby("product")["sales_rub"].sum()
        if sales.sum() <= 0:
            continue
        induced = sum(rub[p].induced * v for p, v in sales.items())
        # the cluster's deliveries to its own plants stand in for part of the supply chain
        delivered = group.groupby("product")["receipts_rub"].sum()
        indirect = float(chains.compensation(by_product(table, sales), by_product(table, delivered)))
        # each plant's share: its gross output weighted by its product's supply-chain intensity
        gross = group["sales_rub"] + group["receipts_rub"]
        chain = gross * group["product"].map(lambda p: rub[p].indirect)
        spending = gross * group["product"].map(lambda p: rub[p].direct + rub[p].indirect)
        for kind, total, weights in (("indirect", indirect, chain), ("induced", induced, spending)):
            per_region = weights.groupby(group["region"]).sum()
            if per_region.sum() <= 0:
                continue
            for region, weight in (per_region / per_region.sum()).items():
                _place(jobs, str(region), int(year), kind, total * float(weight) / per_job, local)

    works, equipment = building[settings.construction_product], building[settings.equipment_product]
    if works is not None and equipment is not None:
        capex = statements[["region", "year", "capex_rub"]]
        # links and power lines are built; moving people is not construction
        built = infrastructure_capex[infrastructure_capex["item"] != "migration"]
        outside = built.assign(region=built["region"].replace("", ELSEWHERE))[["region", "year", "capex_rub"]]
        spent = pd.concat([capex, outside]).groupby(["region", "year"], as_index=False)["capex_rub"].sum()
        share = settings.construction_share
        for row in spent[spent["capex_rub"] > 0].itertuples(index=False):
            region, year, amount = str(row.region), int(row.year), float(row.capex_rub)
            on_site = amount * share * rub[works].direct / per_job
            # equipment makers' own staff count among the construction phase's supply-chain jobs
            supplied = amount * (
                share * rub[works].indirect + (1 - share) * (rub[equipment].direct + rub[equipment].indirect)
            )
            induced = amount * (share * rub[works].induced + (1 - share) * rub[equipment].induced)
            jobs[(region, year)]["construction"] += on_site
            placed = local if region != ELSEWHERE else 1.0
            _place(jobs, region, year, "indirect", supplied / per_job, placed)
            _place(jobs, region, year, "induced", induced / per_job, placed)

    rows = [(region, year, *values.values()) for (region, year), values in sorted(jobs.items())]
    return pd.DataFrame(rows, columns=list(JOB_COLUMNS)), notes


def by_product(table: InputOutputTable, amounts: pd.Series) -> np.ndarray:
    """``amounts`` indexed by the table's product codes as a vector over the table (K,)."""
    vector = np.zeros(table.size)
    for product, amount in amounts.items():
        vector[table.position(str(product))] += float(amount)
    return vector


def _place(
    jobs: dict[tuple[str, int], dict[str, float]],
    region: str,
    year: int,
    kind: str,
    count: float,
    local: float,
) -> None:
    jobs[(region, year)][kind] += count * local
    jobs[(ELSEWHERE, year)][kind] += count * (1.0 - local)

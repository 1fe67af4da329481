"""Checks of the tax tables: where an incentive applies, which plants may claim it, and the
stages whose CAPEX is split into movable and immovable property.

A plant claims a regime granted by status (``incentives.granted: status``) in
``plant_incentives``.  A claim naming a place where no incentive of the regime applies is
refused here, located at its row: a plant in Khakassia cannot be a regional investment
project (Tax Code art. 25.8 no longer lists Khakassia), and a plant outside a special
economic zone or priority development territory cannot be its resident.  Conditions that
depend on the plan (the least investment, the deadline) are checked when a plan is
assessed (:mod:`angara.assess.money.rates`).
"""

from __future__ import annotations

from angara.scenario.checks.rows import Tables, located_rows
from angara.scenario.problems import Problem
from angara.scenario.schema import (
    WILDCARD,
    AssetClass,
    Deposit,
    Incentive,
    PlantIncentive,
    Process,
    Region,
    Site,
)


def check_incentive_places(tables: Tables, problems: list[Problem]) -> None:
    """An incentive applies in a region (or every region) or at a site."""
    for row, where, number in located_rows(tables, "incentives", Incentive):
        if row.region is None and row.site is None:
            problems.append(
                Problem(
                    where,
                    "give the region (or * for every region) or the site where the incentive applies",
                    row=number,
                    column="region",
                )
            )


def check_incentive_claims(tables: Tables, problems: list[Problem]) -> None:
    """Each claim names a regime granted by status that applies where the plant stands.

    Incentives without a place and places in an unknown region are reported by other
    checks: claims on them are not checked again."""
    everywhere = [row for row, _, _ in located_rows(tables, "incentives", Incentive)]
    placed = {row.regime for row in everywhere if row.region is not None or row.site is not None}
    incentives = [row for row in everywhere if row.regime in placed]
    known = {row.id for row, _, _ in located_rows(tables, "regions", Region)}
    by_status = {row.regime for row in everywhere if row.granted == "status"}
    by_law = {row.regime for row in everywhere if row.granted == "law"}
    regions = {row.id: row.region for row, _, _ in located_rows(tables, "sites", Site)}
    regions |= {row.id: row.region for row, _, _ in located_rows(tables, "deposits", Deposit)}
    kinds = {row.id: "site" for row, _, _ in located_rows(tables, "sites", Site)}
    kinds |= {row.id: "deposit" for row, _, _ in located_rows(tables, "deposits", Deposit)}
    processes = {row.id: row for row, _, _ in located_rows(tables, "processes", Process)}
    for claim, where, number in located_rows(tables, "plant_incentives", PlantIncentive):
        if claim.regime not in by_status:
            if claim.regime in by_law:
                message = f"regime '{claim.regime}' applies by law to every plant it covers: nothing to claim"
            else:
                regimes = ", ".join(sorted(by_status)) or "none"
                message = f"no incentive of regime '{claim.regime}' is granted by status; known: {regimes}"
            problems.append(Problem(where, message, row=number, column="regime", value=claim.regime))
            continue
        process = processes.get(claim.process)
        kind = kinds.get(claim.location)
        if process is not None and kind is not None and process.location != kind:
            problems.append(
                Problem(
                    where,
                    f"process '{claim.process}' is built at a {process.location}, not at a {kind}",
                    row=number,
                    column="location",
                    value=claim.location,
                )
            )
            continue
        if (
            claim.location == WILDCARD
            or regions.get(claim.location) not in known
            or claim.regime not in placed
        ):
            continue  # a claim everywhere applies where the regime does; unknown places are reported
        region = regions[claim.location]
        if not any(_covers(row, region, claim.location) for row in incentives if row.regime == claim.regime):
            places = sorted(
                {row.site or row.region or "" for row in incentives if row.regime == claim.regime}
            )
            problems.append(
                Problem(
                    where,
                    f"a plant at {claim.location} (region {region}) cannot have regime '{claim.regime}': "
                    f"it applies only at {', '.join(places)}",
                    row=number,
                    column="location",
                    value=claim.location,
                )
            )


def _covers(incentive: Incentive, region: str, location: str) -> bool:
    """Whether ``incentive`` applies at ``location`` in ``region``."""
    if incentive.site is not None:
        return incentive.site == location
    return incentive.region in (WILDCARD, region)


def check_asset_classes(tables: Tables, problems: list[Problem]) -> None:
    """Each row names a stage of some process (or * for every stage)."""
    stages = {row.stage for row, _, _ in located_rows(tables, "processes", Process)}
    for row, where, number in located_rows(tables, "asset_classes", AssetClass):
        if row.stage != WILDCARD and row.stage not in stages:
            known = ", ".join(sorted(stages))
            problems.append(
                Problem(
                    where,
                    f"no process has stage '{row.stage}'; known stages: {known}",
                    row=number,
                    column="stage",
                    value=row.stage,
                )
            )

"""How a plan shifts each region's industry: shares, technology level, diversification.

The baseline is the scenario's ``sectors`` table: industrial output of each region
by section (B, C, D, E) and manufacturing branch.  The plan's plants add their gross
output (sales plus deliveries to other plants, RUB/yr) to the section or branch of
their process's input-output product.  Indices are computed over the industrial
output split into B, D, E and the manufacturing branches (C as a whole where a region
has no branch figures):

* Herfindahl-Hirschman index ``HHI = sum(s_i^2)`` (1 = one sector only);
* Shannon index ``H = -sum(s_i ln s_i)`` (higher = more diverse).

Baseline figures are in the money of their own year; the plan's output in base-year
RUB: the comparison ignores inflation between them (docs/assessment.md).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from angara.assess.industry import branch_divisions, division, section, technology
from angara.scenario.model import Scenario

INDICATORS = ("mining_share", "manufacturing_share", "high_tech_share", "hhi", "shannon")
HIGH_TECH = ("high", "medium_high")


def baseline(scenario: Scenario) -> pd.DataFrame:
    """Each region's latest industrial output by sector: ``region``, ``sector``, ``section``,
    ``technology``, ``output_rub`` (RUB/yr).  Branches replace their section C total."""
    rows = pd.DataFrame(
        [(s.region, s.sector, s.level, s.year, s.output, s.technology) for s in scenario.sectors],
        columns=["region", "sector", "level", "year", "output_rub", "technology"],
    )
    if rows.empty:
        return pd.DataFrame(columns=["region", "sector", "section", "technology", "output_rub"])
    rows = rows.sort_values("year").groupby(["region", "sector"], as_index=False).last()
    rows["section"] = [
        s if level == "section" else "C" for s, level in zip(rows["sector"], rows["level"], strict=True)
    ]
    has_branches = set(rows.loc[rows["level"] == "branch", "region"])
    keep = (rows["level"] == "branch") | ~((rows["sector"] == "C") & rows["region"].isin(has_branches))
    rows = rows[keep & rows["section"].isin(["B", "C", "D", "E"])]
    return rows[["region", "sector", "section", "technology", "output_rub"]].reset_index(drop=True)


def sector_of(product: str, region_sectors: list[str]) -> tuple[str, str | None]:
    """The sector a plant with input-output ``product`` adds to in a region with the given
    baseline sectors, and its technology class."""
    letter = section(product) or "C"
    number = division(product)
    if letter != "C":
        return letter, None
    tech = technology(number) if number is not None else None
    branches = [s for s in region_sectors if s.startswith("C") and s != "C"]
    if not branches:
        return "C", tech
    for branch in branches:
        covered = branch_divisions(branch)
        if covered is not None and number in covered:
            return branch, tech
    catch_all = [b for b in branches if branch_divisions(b) is None]
    return (catch_all[0] if catch_all else f"C{number:02d}"), tech


def added_output(scenario: Scenario, statements: pd.DataFrame, plants: pd.DataFrame) -> pd.DataFrame:
    """The plan's gross output per region, sector and year (RUB/yr)."""
    base = baseline(scenario)
    sectors = base.groupby("region")["sector"].apply(list).to_dict()
    frame = statements[["process", "location", "region", "year", "sales_rub", "receipts_rub"]].copy()
    frame["output_rub"] = frame["sales_rub"] + frame["receipts_rub"]
    keys = pd.MultiIndex.from_frame(frame[["process", "location"]])
    products = plants["io_product"].reindex(keys).fillna("").to_numpy()
    mapped = [sector_of(p or "C", sectors.get(r, [])) for p, r in zip(products, frame["region"], strict=True)]
    frame["sector"] = [m[0] for m in mapped]
    frame["technology"] = [m[1] for m in mapped]
    return frame.groupby(["region", "sector", "year"], as_index=False).agg(
        output_rub=("output_rub", "sum"), technology=("technology", "first")
    )


def indicators(sectors: pd.DataFrame) -> dict[str, float]:
    """Shares and diversification indices of one region's industry (``sector``,
    ``technology``, ``output_rub``).  Shares are fractions of industrial output."""
    output = sectors.groupby("sector")["output_rub"].sum()
    total = float(output.sum())
    if total <= 0:
        return dict.fromkeys(INDICATORS, math.nan)
    shares = (output / total).to_numpy()
    letters = np.array([s[0] for s in output.index])
    manufacturing = float(output[letters == "C"].sum())
    tech = sectors.groupby("sector")["technology"].first().reindex(output.index)
    advanced = float(output[tech.isin(HIGH_TECH).to_numpy()].sum())
    positive = shares[shares > 0]
    return {
        "mining_share": float(output[letters == "B"].sum()) / total,
        "manufacturing_share": manufacturing / total,
        "high_tech_share": advanced / manufacturing if manufacturing > 0 else math.nan,
        "hhi": float(np.sum(shares**2)),
        "shannon": float(-np.sum(positive * np.log(positive))) + 0.0,  # + 0.0: no "-0" for one sector
    }


def regional_structure(
    scenario: Scenario, statements: pd.DataFrame, plants: pd.DataFrame, years: tuple[int, ...]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(sectors, indices) per region and year.

    sectors: ``region``, ``year``, ``sector``, ``baseline_rub``, ``added_rub``,
        ``share_before``, ``share_after`` (fractions of the region's industrial output).
    indices: ``region``, ``year``, ``indicator``, ``before``, ``after``.
    """
    base = baseline(scenario)
    added = added_output(scenario, statements, plants)
    sector_rows, index_rows = [], []
    for region in sorted(set(base["region"]) | set(added["region"])):
        own = base[base["region"] == region]
        before = indicators(own)
        for year in years:
            extra = added[(added["region"] == region) & (added["year"] == year)]
            combined = pd.concat(
                [own[["sector", "technology", "output_rub"]], extra[["sector", "technology", "output_rub"]]]
            )
            combined = combined.groupby("sector", as_index=False).agg(
                output_rub=("output_rub", "sum"), technology=("technology", "first")
            )
            after = indicators(combined)
            index_rows += [(region, year, name, before[name], after[name]) for name in INDICATORS]
            total_before, total_after = own["output_rub"].sum(), combined["output_rub"].sum()
            grown = extra.set_index("sector")["output_rub"]
            for row in combined.itertuples(index=False):
                base_value = float(own.loc[own["sector"] == row.sector, "output_rub"].sum())
                sector_rows.append(
                    (
                        region,
                        year,
                        row.sector,
                        base_value,
                        float(grown.get(row.sector, 0.0)),
                        base_value / total_before if total_before > 0 else math.nan,
                        row.output_rub / total_after if total_after > 0 else math.nan,
                    )
                )
    sectors = pd.DataFrame(
        sector_rows,
        columns=["region", "year", "sector", "baseline_rub", "added_rub", "share_before", "share_after"],
    )
    indices = pd.DataFrame(index_rows, columns=["region", "year", "indicator", "before", "after"])
    return sectors, indices


def dominance_notes(sectors: pd.DataFrame, threshold: float = 0.5) -> list[str]:
    """Notes on regions whose manufacturing output would be mostly the cluster's in the last
    year of ``sectors`` (:func:`regional_structure`): there the shares and the high-tech share
    describe the cluster's plants more than the region's industry."""
    if sectors.empty:
        return []
    last = sectors[sectors["year"] == sectors["year"].max()]
    made = last[last["sector"].str.startswith("C")]
    notes = []
    for region, group in made.groupby("region"):
        added, baseline = float(group["added_rub"].sum()), float(group["baseline_rub"].sum())
        total = added + baseline
        year = int(last["year"].iloc[0])
        if total > 0 and added / total > threshold:
            notes.append(
                f"{region}: in {year} the cluster's plants make {added / total:.0%} of the "
                f"region's manufacturing output ({added / 1e9:,.1f} of {total / 1e9:,.1f} bn RUB/yr, the "
                "baseline in its own year's money), so its manufacturing and high-tech shares describe "
                "the cluster's plants"
            )
    return notes

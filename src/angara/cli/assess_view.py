"""Readable summary of an assessment for the terminal."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from angara.assess.assessment import Assessment
from angara.assess.taxes import LEVELS
from angara.cli.console import number, out
from angara.scenario.model import Scenario

BN = 1e9
MN = 1e6
INDICATOR_NAMES = {
    "mining_share": "mining share",
    "manufacturing_share": "manufacturing share",
    "high_tech_share": "high & medium-high tech share of manufacturing",
    "hhi": "Herfindahl-Hirschman index",
    "shannon": "Shannon index",
    "new_jobs": "new jobs",
}


def region_names(scenario: Scenario) -> dict[str, str]:
    """Readable region names by id, with the rest of the country for effects outside them."""
    return {row.id: row.name for row in scenario.regions} | {"rest_of_russia": "Rest of Russia"}


def _bn(value: float | None) -> str:
    return "—" if value is None else f"{value / BN:,.1f} bn"


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _years(value: float | None) -> str:
    return "never" if value is None else f"{value:.1f} yr"


def show_assessment(assessment: Assessment, region_names: dict[str, str]) -> None:
    """Headline money, jobs, taxes by level, diversification, the satellite city, targets."""
    document = assessment.to_json()
    usd = document["npv_usd"]
    out.print()
    out.print(
        f"[bold]Assessment[/] (after tax, money in {document['money_of_year']} RUB, "
        f"discounted at {document['discount_rate']:.0%} to {document['discounted_to_year']}; "
        f"intermediates at {document['transfer_price']} prices)"
    )
    out.print(
        f"  NPV [bold]{_bn(document['npv_rub'])} RUB[/]"
        + (f" ({usd / BN:,.2f} bn USD)" if usd is not None else "")
        + f", IRR {_share(document['irr']) if document['irr'] is not None else 'undefined'}"
        + f", CAPEX {_bn(document['capex_rub'])} RUB, payback {_years(document['payback_years'])}"
        + f" (discounted {_years(document['discounted_payback_years'])})"
    )
    _jobs(document["jobs"], region_names)
    _taxes(
        document["taxes"],
        region_names,
        f"{document['discounted_to_year']} at {document['discount_rate']:.0%}",
    )
    _consolidated(document.get("consolidated"))
    _support(document.get("support"))
    _diversification(document["diversification"], region_names)
    _city(document["city"], region_names)
    _targets(document["targets"], region_names)
    for note in document["notes"]:
        out.print(f"  [yellow]note:[/] {note}")


def _jobs(jobs: dict[str, Any], names: dict[str, str]) -> None:
    table = Table(
        title=f"Jobs at full operation ({jobs['year']}); construction in person-years over the horizon",
        title_justify="left",
    )
    for column in ("region", "direct", "indirect", "induced", "construction"):
        table.add_column(column, justify="left" if column == "region" else "right")
    for region, row in jobs["by_region"].items():
        table.add_row(
            names.get(region, region.replace("_", " ")),
            number(row["direct"], 0),
            number(round(row["indirect"]), 0),
            number(round(row["induced"]), 0),
            number(round(row["construction_person_years"]), 0),
        )
    table.add_row(
        "[bold]all[/]",
        number(jobs["direct"]),
        number(round(jobs["indirect"])),
        number(round(jobs["induced"])),
        number(round(jobs["construction_person_years"])),
    )
    out.print(table)


def _taxes(taxes: dict[str, Any], names: dict[str, str], discounting: str = "the first year") -> None:
    table = Table(title="Taxes over the horizon, bn RUB (undiscounted)", title_justify="left")
    for column in ("region", "federal", "regional", "local", "all"):
        table.add_column(column, justify="left" if column == "region" else "right")
    for region, levels in taxes["by_region"].items():
        values = [levels.get(level, 0.0) for level in ("federal", "regional", "local")]
        table.add_row(
            names.get(region, region), *[f"{v / BN:,.1f}" for v in values], f"{sum(values) / BN:,.1f}"
        )
    levels = taxes["by_level"]
    table.add_row(
        "[bold]all[/]",
        *[f"{levels[level] / BN:,.1f}" for level in ("federal", "regional", "local")],
        f"{taxes['total_rub'] / BN:,.1f}",
    )
    out.print(table)
    if taxes.get("total_discounted_rub") is not None:
        discounted = taxes["by_level_discounted"]
        levels = ", ".join(f"{level} {discounted.get(level, 0.0) / BN:,.1f}" for level in LEVELS)
        total = taxes["total_discounted_rub"] / BN
        out.print(f"  the same taxes discounted to {discounting}: {total:,.1f} bn RUB ({levels})")
    insurance = taxes.get("insurance_contributions_rub")
    if insurance:
        out.print(
            f"  plus {insurance / BN:,.1f} bn RUB insurance contributions (a labour cost, not budget revenue)"
        )


def _support(support: dict[str, Any] | None) -> None:
    """Each support instrument's budget cost beside the taxes and jobs of the plants it supports."""
    if not support or not support["instruments"]:
        return
    table = Table(
        title="Support instruments: budget cost against the supported plants' taxes to the budgets that "
        "pay and their jobs, mn RUB over the horizon",
        title_justify="left",
    )
    columns = (
        "instrument",
        "kind",
        "plants",
        "cost",
        "discounted",
        "by level",
        "plant NPV +",
        "taxes",
        "jobs",
    )
    for column in columns:
        table.add_column(column, justify="left" if column in ("instrument", "kind", "by level") else "right")
    for row in support["instruments"]:
        levels = ", ".join(f"{level} {value / MN:,.0f}" for level, value in row["by_level"].items() if value)
        table.add_row(
            row["id"],
            row["kind"].replace("_", " "),
            str(row["plants"]),
            f"{row['budget_cost_rub'] / MN:,.0f}",
            f"{row['budget_cost_discounted_rub'] / MN:,.0f}",
            levels or "—",
            f"{row['plant_npv_effect_rub'] / MN:,.0f}",
            f"{row['taxes_rub'] / MN:,.0f}",
            number(round(row["jobs"]), 0),
        )
    out.print(table)


def _consolidated(views: dict[str, Any] | None) -> None:
    """The profit tax with each plant taxed alone (the headline) beside the consolidated group."""
    if not views:
        return
    alone, together = views["per_plant"], views["consolidated"]
    out.print(
        f"  Profit tax, each plant taxed alone: {_bn(alone['profit_tax_rub'])} RUB "
        f"(discounted {_bn(alone['profit_tax_discounted_rub'])}); consolidated ({views['group']}): "
        f"{_bn(together['profit_tax_rub'])} RUB (discounted {_bn(together['profit_tax_discounted_rub'])}), "
        f"NPV {_bn(together['npv_rub'])} RUB; {views['status']}"
    )


def _diversification(regions: dict[str, Any], names: dict[str, str]) -> None:
    if not regions:
        return
    year = next(iter(regions.values()))["year"]
    table = Table(
        title=f"Industry of each region, before→after the plan ({year}); manuf.: manufacturing; "
        "high-tech: its share of manufacturing; HHI and Shannon over sections and branches",
        title_justify="left",
    )
    for column in ("region", "mining", "manuf.", "high-tech", "HHI", "Shannon"):
        left = column == "region"
        table.add_column(
            column, justify="left" if left else "right", no_wrap=not left, min_width=8 if left else None
        )
    for region, values in regions.items():
        before, after = values["before"], values["after"]
        table.add_row(
            names.get(region, region),
            *[_change(before.get(k), after.get(k), "%") for k in ("mining_share", "manufacturing_share")],
            _change(before.get("high_tech_share"), after.get("high_tech_share"), "%"),
            _change(before.get("hhi"), after.get("hhi"), ".3f"),
            _change(before.get("shannon"), after.get("shannon"), ".2f"),
        )
    out.print(table)


def _change(before: float | None, after: float | None, style: str) -> str:
    """``before→after`` compactly: shares in percent, indices with ``style`` decimals."""
    if before is None or after is None:
        return "—"
    if style == "%":
        return f"{before * 100:.1f}→{after * 100:.1f}%"
    return f"{before:{style}}→{after:{style}}"


def _city(city: dict[str, Any], names: dict[str, str]) -> None:
    if not city["by_region"] or city["residents"] <= 0:
        out.print(
            "  Satellite city: no in-migrating workers needed; local pools and graduates fill every post."
        )
        return
    parts = []
    for region, row in city["by_region"].items():
        if row["residents"] <= 0:
            continue
        parts.append(
            f"{names.get(region, region)}: {row['migrants']:,.0f} workers → "
            f"{row['residents']:,.0f} residents, {row['housing_m2']:,.0f} m² housing, "
            f"{row['kindergarten_places']:,.0f} kindergarten and {row['school_places']:,.0f} school places, "
            f"{row['outpatient_visits_per_shift']:,.0f} outpatient visits/shift; "
            f"{row['cost_rub'] / BN:,.2f} bn RUB"
        )
    out.print("  Satellite city: " + "; ".join(parts))


def _value(indicator: str, value: float | None) -> str:
    if value is None:
        return "—"
    if indicator.endswith("_share"):
        return _share(value)
    return f"{value:,.0f}" if indicator == "new_jobs" else f"{value:,.3g}"


def _targets(targets: list[dict[str, Any]], names: dict[str, str]) -> None:
    for target in targets:
        indicator = target["indicator"]
        sign = "≥" if target["direction"] == "at_least" else "≤"
        out.print(
            f"  Target, {names.get(target['region'], target['region'])}: {target['name']} "
            f"({target['year']}: {sign} {_value(indicator, target['target'])}); plan gives "
            f"{_value(indicator, target['plan_in_target_year'])} in {target['year']}, "
            f"{_value(indicator, target['plan_at_full_operation'])} at full operation "
            f"({target['full_operation_year']})"
        )

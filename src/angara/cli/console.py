"""Readable terminal output for the command line (rich tables and messages)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from angara.scenario.problems import Problem

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False)


def show_problems(problems: list[Problem], title: str) -> None:
    """Print every problem, located, to standard error."""
    table = Table(title=title, title_justify="left", show_lines=False, expand=False)
    for column in ("where", "row", "column", "value", "problem"):
        table.add_column(column, overflow="fold")
    for problem in problems:
        table.add_row(
            problem.where,
            "" if problem.row is None else str(problem.row),
            problem.column or "",
            "" if problem.value is None else problem.value,
            problem.message,
        )
    err.print(table)
    count = len(problems)
    err.print(f"[bold red]{count} problem{'s' if count != 1 else ''}[/]")


def number(value: float | None, digits: int = 3) -> str:
    """Human-readable number with thousands separators and a sensible precision."""
    if value is None:
        return "—"
    magnitude = abs(value)
    if magnitude >= 1000 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:,.{digits}g}"


def tonnes(value: float) -> str:
    """Tonnes, scaled to t, kt or Mt."""
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.2f} Mt"
    if abs(value) >= 1e3:
        return f"{value / 1e3:,.1f} kt"
    return f"{value:,.1f} t"


def show_info(summary: dict[str, Any], origin: str, top: int = 12) -> None:
    """Print the content of ``angara info`` as tables."""
    first, last = summary["years"]
    out.print(
        f"[bold]{summary['title']}[/] ({summary['name']}), {first}–{last}, "
        f"money in {summary['base_year']} RUB, discount rate {summary['discount_rate']:.1%}"
    )
    out.print(f"from {origin}")
    counts = Table(title="Tables", title_justify="left")
    counts.add_column("table")
    counts.add_column("rows", justify="right")
    for name, count in summary["counts"].items():
        if count:
            counts.add_row(name, str(count))
    out.print(counts)

    deposits = Table(title="Deposits", title_justify="left")
    for column, justify in (
        ("deposit", "left"),
        ("region", "left"),
        ("reserves", "right"),
        ("max rate", "right"),
        ("from", "right"),
        ("main contents", "left"),
    ):
        deposits.add_column(column, justify=justify)  # type: ignore[arg-type]
    for deposit in summary["deposits"]:
        main = sorted(deposit["contained_t"].items(), key=lambda kv: -kv[1])[:3]
        deposits.add_row(
            deposit["name"] + ("" if deposit["enabled"] else " (off)"),
            deposit["region"],
            tonnes(deposit["reserves_t"]),
            tonnes(deposit["max_rate_t_per_yr"]) + "/yr",
            str(deposit["earliest_start"]),
            ", ".join(f"{s} {tonnes(t)}" for s, t in main),
        )
    out.print(deposits)

    elements = Table(title=f"Contained in reserves (element basis), top {top}", title_justify="left")
    elements.add_column("element")
    elements.add_column("contained", justify="right")
    ranked = sorted(summary["contained_t"].items(), key=lambda kv: -kv[1])
    for species, amount in ranked[:top]:
        elements.add_row(species, tonnes(amount))
    out.print(elements)

    sites = Table(title="Sites", title_justify="left")
    for column, justify in (
        ("site", "left"),
        ("region", "left"),
        ("land, ha", "right"),
        (f"power {first}, MW", "right"),
        (f"power {last}, MW", "right"),
        ("rail", "center"),
        ("gas", "center"),
    ):
        sites.add_column(column, justify=justify)  # type: ignore[arg-type]
    for site in summary["sites"]:
        sites.add_row(
            site["name"] + ("" if site["enabled"] else " (off)"),
            site["region"],
            number(site["land_ha"]),
            number(site["power_mw_first_year"]),
            number(site["power_mw_last_year"]),
            "✓" if site["rail"] else "",
            "✓" if site["gas"] else "",
        )
    out.print(sites)

    regions = Table(title="By region", title_justify="left")
    for column, justify in (
        ("region", "left"),
        ("population", "right"),
        ("GRP, bn RUB/yr", "right"),
        ("deposits", "right"),
        ("sites", "right"),
        ("land, ha", "right"),
        (f"power {first}, MW", "right"),
        ("power plants, MW", "right"),
        ("largest contents", "left"),
    ):
        regions.add_column(column, justify=justify)  # type: ignore[arg-type]
    for region in summary["regions"].values():
        main = sorted(region["contained_t"].items(), key=lambda kv: -kv[1])[:3]
        grp = region["grp_rub_per_yr"]
        regions.add_row(
            region["name"],
            number(region["population"]),
            number(grp / 1e9 if grp is not None else None),
            str(region["deposits"]),
            str(region["sites"]),
            number(region["land_ha"]),
            number(region["power_mw_first_year"]),
            number(region["power_plants_mw"]),
            ", ".join(f"{s} {tonnes(t)}" for s, t in main),
        )
    out.print(regions)
    out.print(
        f"Land at sites: {number(summary['land_ha'])} ha; power for new plants: "
        f"{number(summary['power_mw_first_year'])} MW in {first}, "
        f"{number(summary['power_mw_last_year'])} MW in {last}."
    )

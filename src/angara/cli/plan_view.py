"""Readable summary of a plan for the terminal."""

from __future__ import annotations

import pandas as pd
from rich.table import Table

from angara.cli.console import err, number, out
from angara.plan.result import Plan
from angara.scenario.model import Scenario

BN = 1e9


def _names(scenario: Scenario) -> dict[str, str]:
    names: dict[str, str] = {}
    for table in ("processes", "sites", "deposits", "goods", "markets", "regions", "skills"):
        for row in scenario.table(table):
            names[str(row.id)] = str(row.name)  # type: ignore[attr-defined]
    return names


def show_plan(plan: Plan, scenario: Scenario, years: int = 3) -> None:
    """What is built where and when, output by product, NPV, and use of power, land and staff."""
    names = _names(scenario)
    status = (
        "[green]optimal[/]" if plan.status == "optimal" else "[yellow]best found within the time limit[/]"
    )
    money = "NPV" if plan.objective_kind == "npv" else "discounted cost"
    out.print(
        f"[bold]{scenario.meta.title}[/]: plan {status}, {money} "
        f"[bold]{plan.objective / BN:,.1f} bn RUB[/] (gap {plan.mip_gap:.2%}; "
        f"money in {scenario.meta.base_year} RUB, discount rate {scenario.meta.discount_rate:.0%})"
    )
    out.print(
        f"{plan.size['variables']:,} variables ({plan.size['integers']:,} integer), "
        f"{plan.size['constraints']:,} constraints; built in {plan.seconds_build:.1f} s, solved in "
        f"{plan.seconds_solve:.1f} s; element balance residual {plan.balance_residual_max:.1e}"
    )
    _builds(plan, names)
    _output(plan, names, years)
    _limits(plan, names)


def _builds(plan: Plan, names: dict[str, str]) -> None:
    table = Table(title="What to build, where and when", title_justify="left")
    for column, justify in (
        ("year", "right"),
        ("plant", "left"),
        ("where", "left"),
        ("modules", "right"),
        ("capacity, t/yr", "right"),
        ("investment, bn RUB", "right"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for row in plan.builds.sort_values(["period", "stage", "process"]).itertuples():
        table.add_row(
            str(row.period),
            names.get(str(row.process), str(row.process)),
            names.get(str(row.location), str(row.location)),
            f"{row.units:.0f}",
            number(float(row.capacity)),
            f"{row.capex_rub / BN:,.2f}",
        )
    if not len(plan.builds):
        table.add_row("", "nothing is built", "", "", "", "")
    out.print(table)
    if len(plan.links) and (plan.links["open"] > 0.5).any():
        opened = plan.links[plan.links["open"] > 0.5].groupby("link")["period"].min()
        for link, year in opened.items():
            out.print(f"Link opened: {link} from {year}")


def _output(plan: Plan, names: dict[str, str], years: int) -> None:
    output = plan.output_by_product()
    if output.empty:
        return
    periods = sorted(output["period"].unique())
    shown = sorted({periods[0], periods[len(periods) // 2], periods[-1]})[:years]
    table = Table(title="Output sold, t/yr", title_justify="left")
    table.add_column("product")
    for period in shown:
        table.add_column(str(period), justify="right")
    table.add_column(f"revenue {shown[-1]}, bn RUB", justify="right")
    pivot = output.pivot_table(index="good", columns="period", values="tonnes", aggfunc="sum").fillna(0.0)
    revenue = output[output["period"] == shown[-1]].set_index("good")["revenue_rub"]
    for good in revenue.reindex(pivot.index).fillna(0.0).sort_values(ascending=False).index:
        table.add_row(
            names.get(str(good), str(good)),
            *[number(float(pivot.loc[good].get(p, 0.0))) for p in shown],
            f"{float(revenue.get(good, 0.0)) / BN:,.2f}",
        )
    out.print(table)


def _limits(plan: Plan, names: dict[str, str]) -> None:
    last = plan.power["period"].max() if len(plan.power) else None
    power = plan.power[(plan.power["used_mw"] > 0) & (plan.power["period"] == last)]
    if len(power):
        land = plan.land.set_index(["site", "period"])
        table = Table(title=f"Use of power and land at sites, {last}", title_justify="left")
        for column in ("site", "power used, MW", "available, MW", "bought, MW", "land used, ha", "land, ha"):
            table.add_column(column, justify="left" if column == "site" else "right")
        for row in power.itertuples():
            used_land = land.loc[(row.site, row.period)]
            table.add_row(
                names.get(str(row.site), str(row.site)),
                number(float(row.used_mw)),
                number(float(row.available_mw)),
                number(float(row.bought_mw)),
                number(float(used_land["used_ha"])),
                number(float(used_land["available_ha"])),
            )
        out.print(table)
    staff = plan.staff[plan.staff["period"] == last] if len(plan.staff) else pd.DataFrame()
    if len(staff):
        table = Table(title=f"Operating staff, {last}", title_justify="left")
        for column in ("region", "skill", "needed", "local pool + graduates", "brought in"):
            table.add_column(column, justify="left" if column in ("region", "skill") else "right")
        for row in staff.itertuples():
            table.add_row(
                names.get(str(row.region), str(row.region)),
                names.get(str(row.skill), str(row.skill)),
                number(float(row.needed)),
                number(float(row.local_available)),
                number(float(row.migrants)),
            )
        out.print(table)


def show_failure(condition: str, messages: list[str]) -> None:
    """Why there is no plan, in words, on standard error."""
    err.print(f"[bold red]No plan: the scenario is {condition}.[/] What is short:")
    for message in messages:
        err.print(f"  • {message}")

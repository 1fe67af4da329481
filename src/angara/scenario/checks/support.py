"""Checks of the support instruments: each kind gives the terms it needs.

A grant or a loan gives its size either as an amount or as a share of CAPEX (not both);
a loan gives its rate, the market rate its budget cost is measured against and its term,
with a grace period shorter than the term; a tax holiday names a regime of the
``incentives`` table (the rules stay there); a tariff discount names the tariff and the
share off.
"""

from __future__ import annotations

from angara.scenario.checks.rows import Tables, located_rows
from angara.scenario.problems import Problem
from angara.scenario.schema import Incentive, Support

SIZED = ("capital_grant", "subsidised_loan")
NEEDED = {
    "subsidised_loan": ("rate", "market_rate", "term"),
    "tax_holiday": ("regime",),
    "tariff_discount": ("tariff", "discount"),
}


def check_support(tables: Tables, problems: list[Problem]) -> None:
    """Every support row gives the terms its kind needs, and no size twice."""
    regimes = {row.regime for row, _, _ in located_rows(tables, "incentives", Incentive)}
    for row, where, number in located_rows(tables, "support", Support):
        if row.kind in SIZED and (row.amount is None) == (row.capex_share is None):
            problems.append(
                Problem(
                    where,
                    f"a {row.kind} gives either amount or capex_share (one of them)",
                    row=number,
                    column="amount",
                    value="" if row.amount is None else f"{row.amount:g}",
                )
            )
        for column in NEEDED.get(row.kind, ()):
            if getattr(row, column) is None:
                problems.append(Problem(where, f"a {row.kind} needs its {column}", row=number, column=column))
        if row.kind == "subsidised_loan" and row.term is not None and row.grace >= row.term:
            problems.append(
                Problem(
                    where,
                    f"the grace period must be shorter than the term ({row.term} years)",
                    row=number,
                    column="grace",
                    value=str(row.grace),
                )
            )
        if row.kind == "tax_holiday" and row.regime is not None and row.regime not in regimes:
            known = ", ".join(sorted(regimes)) or "none"
            problems.append(
                Problem(
                    where,
                    f"no incentive of regime '{row.regime}' in the incentives table; known: {known}",
                    row=number,
                    column="regime",
                    value=row.regime,
                )
            )

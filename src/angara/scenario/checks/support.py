"""Checks of the support instruments: each kind gives the terms it needs.

A grant or a loan gives its size either as an amount or as a share of CAPEX (not both);
a loan gives its rate, the market rate its budget cost is measured against and its term,
with a grace period shorter than the term; a tax holiday names a regime of the
``incentives`` table (the rules stay there); a tariff discount names the tariff and the
share off.  An offtake names its buyer, an open market with a price row for the good (the
contract price), and the good, for every plant (``*``); a reference market, if it names
one, prices the good too.  A market or good not in the scenario is the references' check.
"""

from __future__ import annotations

from angara.scenario.checks.rows import Tables, located_rows
from angara.scenario.problems import Problem
from angara.scenario.schema import WILDCARD, Incentive, Market, Price, Support

SIZED = ("capital_grant", "subsidised_loan")
NEEDED = {
    "subsidised_loan": ("rate", "market_rate", "term"),
    "tax_holiday": ("regime",),
    "tariff_discount": ("tariff", "discount"),
    "offtake": ("market", "good"),
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
                article = "an" if row.kind[0] in "aeiou" else "a"
                problems.append(
                    Problem(where, f"{article} {row.kind} needs its {column}", row=number, column=column)
                )
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


def check_offtakes(tables: Tables, problems: list[Problem]) -> None:
    """An offtake's buyer is an open market with a price for its good (the contract price),
    and its reference market, if given, prices the good too."""
    markets = {m.id: m for m, _, _ in located_rows(tables, "markets", Market)}
    priced = {(p.market, p.good) for p, _, _ in located_rows(tables, "prices", Price)}
    for row, where, number in located_rows(tables, "support", Support):
        if row.kind != "offtake":
            continue
        for column in ("process", "location"):
            if getattr(row, column) != WILDCARD:
                problems.append(
                    Problem(
                        where,
                        "an offtake buys the good from every plant that makes it: expected * (the "
                        "optimizer does not tell the sellers apart)",
                        row=number,
                        column=column,
                        value=getattr(row, column),
                    )
                )
        if row.market is None or row.good is None:
            continue
        market = markets.get(row.market)
        if market is not None and not market.open:
            problems.append(
                Problem(
                    where,
                    f"the offtake's market '{row.market}' is closed (markets, column open): the cluster "
                    "cannot sell to it; open the market",
                    row=number,
                    column="market",
                    value=row.market,
                )
            )
        if market is not None and (row.market, row.good) not in priced:
            problems.append(
                Problem(
                    where,
                    f"no prices row for {row.good} at market '{row.market}': expected the contract price, "
                    "with the contracted volume as its max_quantity",
                    row=number,
                    column="good",
                    value=row.good,
                )
            )
        other = row.reference_market
        if other is not None and other in markets and (other, row.good) not in priced:
            problems.append(
                Problem(
                    where,
                    f"the reference market '{other}' has no prices row for {row.good}: expected a market "
                    "that prices the good, or empty for the best other open market",
                    row=number,
                    column="reference_market",
                    value=other,
                )
            )

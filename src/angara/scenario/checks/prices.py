"""Checks of the price deck: a dated deck dates every row, a net price is not negative, and
no quantity is contracted at a market the cluster cannot reach."""

from __future__ import annotations

from angara.scenario.checks.rows import Tables, located_rows
from angara.scenario.problems import Problem
from angara.scenario.schema import Market, Price

DATED_COLUMNS = ("date", "basis")


def check_price_quotes(tables: Tables, problems: list[Problem]) -> None:
    """Once a row of the prices table gives a ``date`` or ``basis``, every row gives both: a
    deck that dates some of its figures and not others mixes dates without saying so."""
    table = tables.get("prices")
    rows = list(located_rows(tables, "prices", Price))
    if table is None or not any(getattr(row, c) is not None for row, _, _ in rows for c in DATED_COLUMNS):
        return
    for row, where, number in rows:
        for column in DATED_COLUMNS:
            if getattr(row, column) is None:
                example = "2025-05-08 or 2023/2025" if column == "date" else "FOB China"
                problems.append(
                    Problem(
                        where,
                        f"the price of {row.good} at {row.market} needs its {column} (e.g. {example}): "
                        "other rows of the deck give theirs",
                        row=number,
                        column=table.header(column),
                    )
                )


def check_net_prices(tables: Tables, problems: list[Problem]) -> None:
    """A price net of VAT and export duty, after its basis adjustment, is not negative."""
    table = tables.get("prices")
    for row, where, number in located_rows(tables, "prices", Price):
        if row.net_price() < 0:
            assert table is not None
            problems.append(
                Problem(
                    where,
                    "the basis adjustment makes the net price negative; expected an adjustment no larger "
                    "than the figure net of VAT and duty",
                    row=number,
                    column=table.header("basis_adjustment"),
                )
            )


def check_contracts_at_closed_markets(tables: Tables, problems: list[Problem]) -> None:
    """Nothing can be delivered to a closed market, so nothing may be contracted there."""
    closed = {m.id for m, _, _ in located_rows(tables, "markets", Market) if not m.open}
    markets = tables.get("markets")
    table = tables.get("prices")
    for row, where, number in located_rows(tables, "prices", Price):
        if row.market in closed and row.min_quantity > 0:
            assert table is not None
            problems.append(
                Problem(
                    where,
                    f"a quantity is contracted at market '{row.market}', which is closed "
                    f"({markets.where if markets else 'markets'}, column open); open the market or "
                    "remove the contract",
                    row=number,
                    column=table.header("min_quantity"),
                )
            )

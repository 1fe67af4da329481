"""Checks of the price deck: dated throughout, net prices not negative, no contract at a
closed market."""

from __future__ import annotations

from angara.scenario.checks.prices import (
    check_contracts_at_closed_markets,
    check_net_prices,
    check_price_quotes,
)
from angara.scenario.problems import Problem
from tests.scenario.mini_tables import edited, mini_tables, run


def test_the_mini_scenario_s_undated_deck_passes() -> None:
    tables = mini_tables()
    for check in (check_price_quotes, check_net_prices, check_contracts_at_closed_markets):
        assert run(check, tables) == [], check.__name__


def test_once_one_price_is_dated_every_other_row_needs_its_date_and_basis() -> None:
    tables = edited(mini_tables(), "prices", 3, date="2023/2025", basis="FOB China")
    problems = run(check_price_quotes, tables)
    # rows 2, 4, 5, 6 and 7 of prices.csv give neither
    assert [(p.where, p.row, p.column) for p in problems] == [
        ("prices.csv", row, column) for row in (2, 4, 5, 6, 7) for column in ("date", "basis")
    ]
    assert problems[0].message == (
        "the price of la_oxide at abroad needs its date (e.g. 2025-05-08 or 2023/2025): "
        "other rows of the deck give theirs"
    )
    assert problems[1].message.startswith("the price of la_oxide at abroad needs its basis (e.g. FOB China)")


def test_a_row_with_a_date_but_no_basis_is_located() -> None:
    tables = mini_tables()
    for row in (2, 3, 4, 5, 6, 7):
        tables = edited(tables, "prices", row, date="2025", basis="DDP Moscow")
    tables = edited(tables, "prices", 5, basis=None)
    assert run(check_price_quotes, tables) == [
        Problem(
            "prices.csv",
            "the price of ndpr_metal at home needs its basis (e.g. FOB China): "
            "other rows of the deck give theirs",
            row=5,
            column="basis",
        )
    ]


def test_an_adjustment_that_makes_the_net_price_negative_is_located() -> None:
    # row 2: la_oxide at 1 USD/kg = 80,000 RUB/t (80 RUB/USD); 13 % VAT divided out leaves 70,796 RUB/t
    tables = edited(mini_tables(), "prices", 2, vat=0.13, basis_adjustment=-70_800.0)
    problems = run(check_net_prices, tables)
    assert [(p.where, p.row, p.column) for p in problems] == [("prices.csv", 2, "basis_adjustment")]
    assert (
        run(check_net_prices, edited(mini_tables(), "prices", 2, vat=0.13, basis_adjustment=-70_790.0)) == []
    )


def test_a_contract_at_a_closed_market_is_located() -> None:
    # row 6: home buys 100 t/yr of NdPr metal under contract from 2031
    tables = edited(mini_tables(), "markets", 2, open=False)
    assert run(check_contracts_at_closed_markets, tables) == [
        Problem(
            "prices.csv",
            "a quantity is contracted at market 'home', which is closed (markets.csv, column open); "
            "open the market or remove the contract",
            row=6,
            column="min_quantity [t/yr]",
        )
    ]
    assert run(check_contracts_at_closed_markets, edited(mini_tables(), "markets", 3, open=False)) == []

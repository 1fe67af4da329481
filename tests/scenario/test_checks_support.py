"""Checks of the support instruments: each kind gives the terms it needs, located at its row."""

from __future__ import annotations

from angara.scenario.checks.support import check_support
from angara.scenario.problems import Problem
from tests.scenario.mini_tables import added, mini_tables, run

PLANT = {"process": "metal", "location": "plant_site"}


def test_well_formed_instruments_pass() -> None:
    tables = added(mini_tables(), "support", id="grant", kind="capital_grant", capex_share=0.2, **PLANT)
    tables = added(
        tables,
        "support",
        id="idf",
        kind="subsidised_loan",
        amount=1e9,
        rate=0.03,
        market_rate=0.16,
        term=7,
        grace=2,
        **PLANT,
    )
    tables = added(
        tables, "support", id="rip", kind="tax_holiday", regime="regional_investment_project", **PLANT
    )
    tables = added(
        tables, "support", id="power", kind="tariff_discount", tariff="electricity", discount=0.2, **PLANT
    )
    assert run(check_support, tables) == []


def test_bad_rows_are_located() -> None:
    tables = added(
        mini_tables(), "support", id="g", kind="capital_grant", amount=1e9, capex_share=0.2, **PLANT
    )
    tables = added(
        tables, "support", id="l", kind="subsidised_loan", amount=1e9, rate=0.03, term=3, grace=3, **PLANT
    )
    tables = added(tables, "support", id="h", kind="tax_holiday", regime="sez", **PLANT)
    tables = added(tables, "support", id="t", kind="tariff_discount", discount=0.2, **PLANT)
    assert run(check_support, tables) == [
        Problem(
            "support.csv",
            "a capital_grant gives either amount or capex_share (one of them)",
            2,
            "amount",
            "1e+09",
        ),
        Problem("support.csv", "a subsidised_loan needs its market_rate", 3, "market_rate"),
        Problem("support.csv", "the grace period must be shorter than the term (3 years)", 3, "grace", "3"),
        Problem(
            "support.csv",
            "no incentive of regime 'sez' in the incentives table; known: regional_investment_project",
            4,
            "regime",
            "sez",
        ),
        Problem("support.csv", "a tariff_discount needs its tariff", 5, "tariff"),
    ]


def test_a_grant_without_a_size_is_refused() -> None:
    tables = added(mini_tables(), "support", id="g", kind="capital_grant", **PLANT)
    assert [p.column for p in run(check_support, tables)] == ["amount"]

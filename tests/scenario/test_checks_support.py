"""Checks of the support instruments: each kind gives the terms it needs, located at its row."""

from __future__ import annotations

from typing import Any

from angara.scenario.checks.support import check_offtakes, check_support
from angara.scenario.problems import Problem
from tests.scenario.mini_tables import added, mini_tables, run

PLANT = {"process": "metal", "location": "plant_site"}
EVERY = {"process": "*", "location": "*"}


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


def _with_state_market(open_: bool = True) -> Any:
    """The mini scenario with a state buyer at the port pricing NdPr oxide (the contract),
    and a closed market pricing NdPr metal only."""
    tables = added(mini_tables(), "markets", id="state", name="State", node="port", kind="state_offtake")
    tables = added(tables, "markets", id="shut", name="Shut", node="town", open=open_)
    tables = added(
        tables, "prices", market="state", good="ndpr_oxide", year=2027, price=1e7, max_quantity=1000
    )
    return added(tables, "prices", market="shut", good="ndpr_metal", year=2027, price=1e7)


def test_a_well_formed_offtake_passes() -> None:
    tables = added(
        _with_state_market(),
        "support",
        id="buy",
        kind="offtake",
        **EVERY,
        market="state",
        good="ndpr_oxide",
        reference_market="abroad",
    )
    assert run(check_offtakes, tables) == [] and run(check_support, tables) == []


def test_bad_offtakes_are_located() -> None:
    """No market, a good the buyer does not price, a closed buyer, a reference market that
    does not price the good."""
    tables = added(
        _with_state_market(open_=False), "support", id="a", kind="offtake", **EVERY, good="ndpr_oxide"
    )
    tables = added(tables, "support", id="b", kind="offtake", **EVERY, market="state", good="la_oxide")
    tables = added(tables, "support", id="c", kind="offtake", **EVERY, market="shut", good="ndpr_metal")
    tables = added(
        tables,
        "support",
        id="d",
        kind="offtake",
        **EVERY,
        market="state",
        good="ndpr_oxide",
        reference_market="home",
    )
    assert run(check_support, tables) == [Problem("support.csv", "an offtake needs its market", 2, "market")]
    assert run(check_offtakes, tables) == [
        Problem(
            "support.csv",
            "no prices row for la_oxide at market 'state': expected the contract price, with the contracted "
            "volume as its max_quantity",
            3,
            "good",
            "la_oxide",
        ),
        Problem(
            "support.csv",
            "the offtake's market 'shut' is closed (markets, column open): the cluster cannot sell to it; "
            "open the market",
            4,
            "market",
            "shut",
        ),
        Problem(
            "support.csv",
            "the reference market 'home' has no prices row for ndpr_oxide: expected a market that prices the "
            "good, or empty for the best other open market",
            5,
            "reference_market",
            "home",
        ),
    ]


def test_an_offtake_for_one_plant_is_refused() -> None:
    tables = added(
        _with_state_market(), "support", id="buy", kind="offtake", market="state", good="ndpr_oxide", **PLANT
    )
    assert [(p.row, p.column, p.value) for p in run(check_offtakes, tables)] == [
        (2, "process", "metal"),
        (2, "location", "plant_site"),
    ]

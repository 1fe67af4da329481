"""Checks of numbers across rows: shares within 100 %, budget splits, contracts within caps."""

from __future__ import annotations

import itertools

from hypothesis import assume, given
from hypothesis import strategies as st

from angara.scenario.checks.numbers import (
    check_budget_shares,
    check_composition_totals,
    check_contracts,
    check_grade_totals,
    check_profile_totals,
    check_ramp_ups,
    check_shares_at_most,
)
from angara.scenario.problems import Problem
from tests.scenario.mini_tables import added, edited, mini_tables, only, run


def test_the_mini_scenario_has_no_problem_with_its_numbers() -> None:
    tables = mini_tables()
    for check in (
        check_composition_totals,
        check_profile_totals,
        check_grade_totals,
        check_budget_shares,
        check_contracts,
        check_ramp_ups,
    ):
        assert run(check, tables) == [], check.__name__


def test_shares_over_the_limit_are_reported_at_the_group_s_last_row() -> None:
    groups = {
        "a": [(0.3, "x.csv", 2), (0.3, "x.csv", 5)],
        "b": [(0.25, "x.csv", 3), (0.5, "x.csv", 4)],
    }
    problems: list[Problem] = []
    check_shares_at_most(groups, 0.5, "parts", problems, "part")
    assert problems == [
        Problem("x.csv", "parts of 'a' add up to 60 %; expected at most 50 %", row=5, column="part"),
        Problem("x.csv", "parts of 'b' add up to 75 %; expected at most 50 %", row=4, column="part"),
    ]


def test_shares_that_reach_the_limit_only_by_rounding_pass() -> None:
    # 0.33 + 0.56 + 0.11 is 1.0000000000000002 in floating point
    groups = {"a": [(0.33, "x.csv", 2), (0.56, "x.csv", 3), (0.11, "x.csv", 4)]}
    problems: list[Problem] = []
    check_shares_at_most(groups, 1.0, "parts", problems, "part")
    assert problems == []


def test_a_product_s_contents_over_100_percent() -> None:
    tables = added(mini_tables(), "compositions", good="la_oxide", species="NdPr", content=0.2)
    assert run(check_composition_totals, tables) == [
        Problem(
            "compositions.csv",
            "contents of 'la_oxide' add up to 105.3 %; expected at most 100 %",
            row=5,
            column="content",
        )
    ]


def test_a_profile_s_shares_over_100_percent() -> None:
    tables = edited(mini_tables(), "profiles", 3, share=0.45)
    assert run(check_profile_totals, tables) == [
        Problem(
            "profiles.csv", "shares of 'light' add up to 105 %; expected at most 100 %", row=3, column="share"
        )
    ]


def test_a_deposit_s_grades_over_100_percent() -> None:
    tables = added(mini_tables(), "deposit_grades", deposit="dep", species="La", grade=0.96)
    assert run(check_grade_totals, tables) == [
        Problem(
            "deposit_grades.csv",
            "grades of 'dep' add up to 101.7 %; expected at most 100 %",
            row=4,
            column="grade",
        )
    ]


def test_a_tax_split_short_of_100_percent() -> None:
    tables = edited(mini_tables(), "taxes", 2, regional=0.6)
    assert run(check_budget_shares, tables) == [
        Problem(
            "taxes.csv",
            "federal + regional + local shares add up to 92 %; "
            "expected 100 % (or 0 for a cost such as insurance)",
            row=2,
            column="local",
        )
    ]


def test_an_incentive_split_over_100_percent() -> None:
    tables = edited(mini_tables(), "incentives", 2, federal=0.1)
    assert run(check_budget_shares, tables) == [
        Problem(
            "incentives.csv",
            "federal + regional + local shares add up to 110 %; "
            "expected 100 % (or 0 for a cost such as insurance)",
            row=2,
            column="local",
        )
    ]


@given(
    federal=st.floats(0.0, 1.0),
    regional=st.floats(0.0, 1.0),
    percent=st.one_of(st.just(0), st.integers(50, 99), st.integers(101, 200)),
)
def test_a_budget_split_passes_exactly_when_it_is_whole_or_nothing(
    federal: float, regional: float, percent: int
) -> None:
    """Shares that make up 100 % pass; the same shares scaled to another whole percent
    fail, saying that percent, unless it is 0."""
    scale = percent / 100
    regional *= 1.0 - federal
    local = max(0.0, 1.0 - federal - regional)  # never below 0 by rounding
    whole = {
        "tax": "profit",
        "region": "*",
        "rate": 0.2,
        "federal": federal,
        "regional": regional,
        "local": local,
    }
    assert run(check_budget_shares, {"taxes": only("taxes", whole)}) == []
    assume(max(federal, regional, local) * scale <= 1.0)  # each share stays a valid fraction
    scaled = {**whole, "federal": federal * scale, "regional": regional * scale, "local": local * scale}
    problems = run(check_budget_shares, {"taxes": only("taxes", scaled)})
    if percent == 0:
        assert problems == []
    else:
        assert [(p.where, p.row, p.column) for p in problems] == [("taxes.csv", 2, "local")]
        assert f"add up to {percent} %;" in problems[0].message


def test_a_contract_above_the_market_s_cap() -> None:
    tables = edited(mini_tables(), "prices", 6, max_quantity=50.0)
    assert run(check_contracts, tables) == [
        Problem(
            "prices.csv", "the contracted min_quantity exceeds max_quantity", row=6, column="min_quantity"
        )
    ]


def test_a_contract_at_the_cap_or_without_one_passes() -> None:
    assert run(check_contracts, edited(mini_tables(), "prices", 6, max_quantity=100.0)) == []
    assert run(check_contracts, edited(mini_tables(), "prices", 6, max_quantity=None)) == []


def test_a_ramp_up_curve_with_a_missing_year() -> None:
    tables = added(mini_tables(), "ramp_ups", curve="chemical", year=4, share=0.95)
    assert run(check_ramp_ups, tables) == [
        Problem(
            "ramp_ups.csv",
            "ramp-up curve 'chemical' has no year 3; expected years 1, 2, 3 … without a gap",
            row=5,
            column="year",
            value="4",
        )
    ]


def test_a_ramp_up_curve_that_falls() -> None:
    tables = edited(mini_tables(), "ramp_ups", 3, share=0.4)  # chemical: 50 % then 40 %
    assert run(check_ramp_ups, tables) == [
        Problem(
            "ramp_ups.csv",
            "ramp-up curve 'chemical' falls from 50 % in year 1; expected a share that never falls",
            row=3,
            column="share",
            value="40 %",
        )
    ]


@given(st.lists(st.floats(0.01, 1.0), min_size=1, max_size=6))
def test_a_curve_is_accepted_exactly_when_it_never_falls(shares: list[float]) -> None:
    tables = mini_tables()
    for year, share in enumerate(shares, start=1):
        tables = added(tables, "ramp_ups", curve="drawn", year=year, share=share)
    problems = run(check_ramp_ups, tables)
    falls = any(later < earlier - 1e-6 for earlier, later in itertools.pairwise(shares))
    assert bool(problems) == falls

"""Figures in the unit a user chooses: shown in it, typed in it and stored exactly as the same
figure written in a scenario file."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from angara.scenario.display_units import (
    UNIT_CHOICES,
    Conversion,
    DisplayUnitProblem,
    check_unit,
    chosen_unit,
    conversion,
    format_number,
    row_rate,
    shown,
    stored,
    unit_words,
)
from angara.scenario.edits import Edit, FieldProblem, apply_edits, row_key
from angara.scenario.load import load
from angara.scenario.model import Scenario
from angara.scenario.problems import ScenarioError
from angara.scenario.units import parse_unit
from tests.conftest import MINI

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def mini() -> Scenario:
    return load(MINI)


def _price(scenario: Scenario, market: str, good: str, year: int):  # type: ignore[no-untyped-def]
    return next(p for p in scenario.prices if (p.market, p.good, p.year) == (market, good, year))


def _written(tmp_path: Path, market: str, good: str, year: int, text: str) -> Scenario:
    """The mini scenario whose prices.csv says ``text`` (in its USD/kg header) for one row."""
    folder = tmp_path / "written"
    shutil.copytree(MINI, folder)
    path = folder / "prices.csv"
    with path.open(newline="") as file:
        rows = list(csv.reader(file))
    for row in rows[1:]:
        if row[:3] == [market, good, str(year)]:
            row[3] = text
    with path.open("w", newline="") as file:
        csv.writer(file).writerows(rows)
    return load(folder)


@pytest.mark.parametrize(
    ("market", "good", "year", "rate"),
    [
        ("abroad", "ndpr_oxide", 2025, 80.0),
        ("abroad", "ndpr_oxide", 2030, 100.0),
        ("home", "ndpr_metal", 2031, 100.0),
    ],
)
@pytest.mark.parametrize("typed", [12.5, 0.001234, 98765.4321])
def test_a_price_typed_in_usd_per_kg_is_stored_as_the_file_reader_stores_it(
    mini: Scenario, tmp_path: Path, market: str, good: str, year: int, rate: float, typed: float
) -> None:
    key = row_key([market, good, year])
    edited = apply_edits(mini, [Edit("prices", key, "price", typed, "USD/kg")])
    from_file = _written(tmp_path, market, good, year, repr(typed))
    kept = _price(edited, market, good, year).price
    assert kept == pytest.approx(_price(from_file, market, good, year).price, rel=1e-9)
    assert kept == pytest.approx(typed * rate * 1000, rel=1e-12)  # RUB per tonne at the year's rate
    assert row_rate(mini, "prices", _price(mini, market, good, year)) == rate
    # shown again in USD/kg, the page gives back what was typed
    way = conversion(edited, "prices", _price(edited, market, good, year), "price", "USD/kg")
    assert shown(kept, way) == pytest.approx(typed, rel=1e-12)


@pytest.mark.parametrize(
    ("unit", "per_usd_kg"), [("USD/kg", 1.0), ("USD/t", 1000.0), ("RUB/kg", 80.0), ("RUB/t", 80_000.0)]
)
def test_every_price_unit_shows_the_same_price(mini: Scenario, unit: str, per_usd_kg: float) -> None:
    price = _price(mini, "abroad", "ndpr_oxide", 2025)  # 75 USD/kg at 80 RUB/USD
    way = conversion(mini, "prices", price, "price", unit)
    assert shown(price.price, way) == pytest.approx(75 * per_usd_kg, rel=1e-12)
    assert way.text == unit


def test_tariffs_and_power_in_their_units(mini: Scenario) -> None:
    mode = mini.transport_modes[0]
    assert shown(
        mode.tariff, conversion(mini, "transport_modes", mode, "tariff", "RUB/t/km")
    ) == pytest.approx(mode.tariff)
    power = mini.site_power[0]
    assert shown(power.power, conversion(mini, "site_power", power, "power", "kW")) == pytest.approx(
        power.power * 1000
    )


@settings(max_examples=300, deadline=None)
@given(
    value=st.floats(min_value=1e-9, max_value=1e12, allow_nan=False, allow_infinity=False),
    unit=st.sampled_from(UNIT_CHOICES["prices"]),
    rate=st.floats(min_value=1.0, max_value=500.0, allow_nan=False),
)
def test_there_and_back_is_the_identity(value: float, unit: str, rate: float) -> None:
    way = Conversion(parse_unit(unit), parse_unit("RUB/t"), rate, unit)
    assert stored(shown(value, way), way) == pytest.approx(value, rel=1e-12)
    assert shown(stored(value, way), way) == pytest.approx(value, rel=1e-12)


def test_numbers_are_written_in_the_pages_locale() -> None:
    assert format_number(1299.5, "ru") == f"1{NBSP}299,5"
    assert format_number(1299.5, "en") == "1,299.5"
    assert format_number(108290000.0, "en") == "108,290,000"
    assert format_number(1.243, "ru") == "1,243"
    assert format_number(0.00012345, "en") == "0.00012345"
    assert format_number(103541.90000000001, "en") == "103,541.9"  # conversion noise hidden
    assert format_number(None, "ru") == ""
    assert format_number(0.0, "ru") == "0"


def test_a_unit_that_does_not_fit_is_named() -> None:
    with pytest.raises(DisplayUnitProblem, match="unit 'kg' does not fit price"):
        check_unit("prices", "price", "kg")
    with pytest.raises(DisplayUnitProblem, match="furlong_per_fortnight"):
        check_unit("prices", "price", "furlong_per_fortnight")
    assert check_unit("prices", "price", "RUB/(MW*yr)", own="RUB/(MW*yr)") == parse_unit("RUB/MW/yr")
    assert chosen_unit("prices", "RUB/t") == "RUB/t"
    assert chosen_unit("prices", "EUR/kg") == "USD/kg"  # an unknown choice falls back to the default
    assert chosen_unit("power", None) == "MW"


def test_a_refused_edit_names_its_field(mini: Scenario) -> None:
    key = row_key(["abroad", "ndpr_oxide", 2030])
    with pytest.raises(ScenarioError) as refused:
        apply_edits(mini, [Edit("prices", key, "price", -5, "USD/kg")])
    [problem] = refused.value.problems
    assert isinstance(problem, FieldProblem)
    assert problem.field == {"table": "prices", "key": ["abroad", "ndpr_oxide", "2030"], "column": "price"}
    answered: dict[str, Any] = dict(problem.as_dict())  # as the API answers it
    assert answered["field"] == problem.field
    assert problem.where == "prices.csv" and problem.value == "-5 USD/kg"
    with pytest.raises(ScenarioError) as wrong:
        apply_edits(mini, [Edit("prices", key, "price", 5, "MW")])
    [problem] = wrong.value.problems
    assert "unit 'MW'" in problem.message and problem.where == "edits[1]"
    assert (
        isinstance(problem, FieldProblem) and problem.field is not None and problem.field["column"] == "price"
    )


def test_a_goods_own_unit_in_russian_words() -> None:
    assert unit_words("RUB/(MW*yr)", "ru") == "руб./(МВт·год)"
    assert unit_words("USD/kg", "ru") == "долл./кг"
    assert unit_words("RUB/MW/yr", "en") == "RUB/MW/yr"


def test_a_refused_discount_rate_names_its_field(mini: Scenario) -> None:
    with pytest.raises(ScenarioError) as refused:
        apply_edits(mini, [Edit("meta", (), "discount_rate", 1.5)])
    [problem] = refused.value.problems
    assert isinstance(problem, FieldProblem)
    assert problem.field == {"table": "meta", "key": [], "column": "discount_rate"}


def test_a_tariff_typed_in_usd_takes_the_base_years_rate(mini: Scenario) -> None:
    mode = mini.transport_modes[0]
    rate = row_rate(mini, "transport_modes", mode)
    assert rate == 80.0  # no year column: the rate of the base year, as the reader takes it
    edited = apply_edits(mini, [Edit("transport_modes", row_key(mode.id), "tariff", 0.02, "USD/t/km")])
    assert edited.transport_modes[0].tariff == pytest.approx(0.02 * rate, rel=1e-12)

"""Values the schema declares once: closed sets of allowed values and the range of years."""

from __future__ import annotations

import pytest

from angara.scenario import schema
from angara.scenario.schema import (
    ARC_STATUSES,
    CONSOLIDATED_GROUPS,
    CURRENCIES,
    EARLIEST_YEAR,
    GOOD_KINDS,
    GRADE_BASES,
    INCENTIVE_GRANTS,
    INCENTIVE_STARTS,
    LATEST_YEAR,
    LICENCE_STATUSES,
    MARKET_KINDS,
    OBJECTIVES,
    PROCESS_LOCATIONS,
    RECOVERY_EVIDENCE,
    RESERVE_CATEGORIES,
    SECTOR_LEVELS,
    SOURCED_GOOD_KINDS,
    TABLE_BY_NAME,
    TARGET_DIRECTIONS,
    TARGET_INDICATORS,
    TAX_KINDS,
    TAX_PERIODS,
    TECHNOLOGY_INTENSITIES,
    TRANSFER_PRICE_BASES,
    AssessmentSettings,
    ExchangeRate,
    Meta,
)


def test_the_allowed_values_are_the_documented_ones() -> None:
    assert OBJECTIVES == ("npv", "cost")
    assert TRANSFER_PRICE_BASES == ("netback", "market", "shadow")
    assert CONSOLIDATED_GROUPS == ("cluster", "investor")
    assert TAX_PERIODS == ("year", "month")
    assert INCENTIVE_STARTS == ("revenue", "profit", "extraction")
    assert INCENTIVE_GRANTS == ("status", "law")
    assert GOOD_KINDS == ("ore", "intermediate", "product", "reagent")
    assert SOURCED_GOOD_KINDS == ("ore", "intermediate")
    assert PROCESS_LOCATIONS == ("site", "deposit")
    assert GRADE_BASES == ("oxide", "element")
    assert ARC_STATUSES == ("existing", "candidate")
    assert MARKET_KINDS == ("domestic", "state_offtake", "china", "ex_china", "export")
    assert CURRENCIES == ("RUB", "USD")
    assert TAX_KINDS == (
        "profit",
        "property",
        "land",
        "personal_income",
        "mineral_extraction",
        "insurance",
        "vat",
    )
    assert TARGET_INDICATORS == (
        "mining_share",
        "manufacturing_share",
        "high_tech_share",
        "hhi",
        "shannon",
        "new_jobs",
    )
    assert TARGET_DIRECTIONS == ("at_least", "at_most")
    assert SECTOR_LEVELS == ("section", "branch")
    assert TECHNOLOGY_INTENSITIES == ("high", "medium_high", "medium_low", "low")
    assert LICENCE_STATUSES == ("licensed", "auction_planned", "unlicensed", "unknown")
    assert RESERVE_CATEGORIES == ("balance", "off_balance", "resource")
    assert RECOVERY_EVIDENCE == ("testwork", "analogue", "estimate")


@pytest.mark.parametrize(
    ("table", "column", "allowed"),
    [
        ("goods", "kind", GOOD_KINDS),
        ("processes", "location", PROCESS_LOCATIONS),
        ("deposit_grades", "basis", GRADE_BASES),
        ("arcs", "status", ARC_STATUSES),
        ("markets", "kind", MARKET_KINDS),
        ("markets", "currency", CURRENCIES),
        ("taxes", "tax", TAX_KINDS),
        ("incentives", "tax", TAX_KINDS),
        ("targets", "indicator", TARGET_INDICATORS),
        ("targets", "direction", TARGET_DIRECTIONS),
        ("sectors", "level", SECTOR_LEVELS),
        ("sectors", "technology", TECHNOLOGY_INTENSITIES),
        ("deposits", "licence", LICENCE_STATUSES),
        ("deposits", "reserve_category", RESERVE_CATEGORIES),
        ("recoveries", "evidence", RECOVERY_EVIDENCE),
        ("incentives", "period", TAX_PERIODS),
        ("incentives", "counts_from", INCENTIVE_STARTS),
        ("incentives", "granted", INCENTIVE_GRANTS),
    ],
)
def test_each_choice_column_takes_its_declared_values(
    table: str, column: str, allowed: tuple[str, ...]
) -> None:
    spec = TABLE_BY_NAME[table].column(column)
    assert spec is not None
    assert spec.kind == "choice"
    assert spec.choices == allowed


def test_every_choice_column_has_a_declared_tuple() -> None:
    constants = [getattr(schema, name) for name in schema.__all__ if name.isupper()]
    declared = {value for value in constants if isinstance(value, tuple)}
    for spec in TABLE_BY_NAME.values():
        for column in spec.columns:
            if column.kind == "choice":
                assert column.choices in declared, f"{spec.name}.{column.name}"


def test_the_settings_accept_exactly_their_declared_values() -> None:
    for objective in OBJECTIVES:
        assert Meta(name="m", title="M", objective=objective).objective == objective
    for basis in TRANSFER_PRICE_BASES:
        assert AssessmentSettings(transfer_price=basis).transfer_price == basis
    with pytest.raises(ValueError, match="npv"):
        Meta.model_validate({"name": "m", "title": "M", "objective": "profit"})
    with pytest.raises(ValueError, match="shadow"):
        AssessmentSettings.model_validate({"transfer_price": "cost"})
    meta = Meta(name="m", title="M", reserves_counted=list(RESERVE_CATEGORIES))
    assert meta.reserves_counted == list(RESERVE_CATEGORIES)
    assert Meta(name="m", title="M").reserves_counted == ["balance"]  # balance reserves only by default
    with pytest.raises(ValueError, match="at least 1"):
        Meta(name="m", title="M", reserves_counted=[])
    years = Meta.model_validate({"name": "m", "title": "M", "licensing_years": {"unlicensed": 8}})
    assert years.licensing_years == {"unlicensed": 8}
    with pytest.raises(ValueError, match="auction_planned"):
        Meta.model_validate({"name": "m", "title": "M", "licensing_years": {"pending": 3}})


def test_years_are_bounded_by_the_declared_range() -> None:
    for year in (EARLIEST_YEAR, LATEST_YEAR):
        assert ExchangeRate(year=year, rub_per_usd=90.0).year == year
    for year in (EARLIEST_YEAR - 1, LATEST_YEAR + 1):
        with pytest.raises(ValueError, match="year"):
            ExchangeRate(year=year, rub_per_usd=90.0)
    with pytest.raises(ValueError, match="first_year"):
        Meta(name="m", title="M", first_year=LATEST_YEAR + 1)

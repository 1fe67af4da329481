"""Units: what the header units mean and how values are converted."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from angara.scenario.units import UnitProblem, compatible, conversion_factor, parse_unit, uses_usd


@pytest.mark.parametrize(
    ("source", "target", "factor"),
    [
        ("kt", "t", 1e3),  # a thousand tonnes, not a knot
        ("Mt", "t", 1e6),
        ("kt/yr", "t/yr", 1e3),
        ("%", "1", 0.01),
        ("g/t", "1", 1e-6),
        ("ppm", "1", 1e-6),
        ("kWh/t", "MWh/t", 1e-3),
        ("bnRUB", "RUB", 1e9),
        ("MRUB/MW", "RUB/MW", 1e6),
        ("RUB/kWh", "RUB/MWh", 1e3),
        ("RUB/month", "RUB/yr", 12),
        ("m^2", "ha", 1e-4),
        ("RUB/m^2", "RUB/ha", 1e4),
    ],
)
def test_known_conversions(source: str, target: str, factor: float) -> None:
    assert conversion_factor(parse_unit(source), parse_unit(target)) == pytest.approx(factor)


def test_usd_needs_a_rate_and_uses_it() -> None:
    usd_per_kg, rub_per_t = parse_unit("USD/kg"), parse_unit("RUB/t")
    assert uses_usd(usd_per_kg) and not uses_usd(rub_per_t)
    # 69 USD/kg at 83.3 RUB/USD is 5,747,700 RUB/t
    assert 69 * conversion_factor(usd_per_kg, rub_per_t, 83.3) == pytest.approx(5_747_700)
    with pytest.raises(UnitProblem, match="exchange rate"):
        conversion_factor(usd_per_kg, rub_per_t)


@pytest.mark.parametrize(("source", "target"), [("MW", "t"), ("t/yr", "t"), ("person", "RUB"), ("km", "ha")])
def test_incompatible_units_are_refused(source: str, target: str) -> None:
    assert not compatible(parse_unit(source), parse_unit(target))
    with pytest.raises(UnitProblem, match="cannot be converted"):
        conversion_factor(parse_unit(source), parse_unit(target))


@pytest.mark.parametrize("text", ["Mtt", "tonnes of ore", "t/", "kg**"])
def test_unknown_units_are_refused(text: str) -> None:
    with pytest.raises(UnitProblem):
        parse_unit(text)


@given(st.sampled_from(["t", "kt", "Mt", "kg"]), st.sampled_from(["t", "kt", "Mt", "kg"]))
def test_conversions_compose(first: str, second: str) -> None:
    """Converting there and back is the identity."""
    a, b = parse_unit(first), parse_unit(second)
    assert conversion_factor(a, b) * conversion_factor(b, a) == pytest.approx(1.0)

"""Markets and price rows: market access, dated quotes on a basis, and the net price at the
market's node (net of VAT and export duty, plus the basis adjustment)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from angara.scenario import ScenarioError, load
from angara.scenario.schema import BASIS_TERMS, Market, Price

HEADER = (
    "market,good,year,date,basis,price [USD/kg],vat [%],export_duty,basis_adjustment [USD/kg],"
    "max_quantity [t/yr]"
)


def _price(**values: object) -> Price:
    return Price.model_validate({"market": "m", "good": "g", "year": 2025, "price": 100_000.0, **values})


def test_the_net_price_divides_out_vat_deducts_duty_and_adds_the_adjustment() -> None:
    row = _price(vat=0.13, export_duty=0.05, basis_adjustment=-1_000.0)
    assert row.net_price() == pytest.approx(100_000 / 1.13 * 0.95 - 1_000)  # 83,070.8 RUB/t
    assert _price().net_price() == 100_000.0  # no VAT, duty or adjustment: the figure itself


@given(
    price=st.floats(0.0, 1e8),
    vat=st.floats(0.0, 0.3),
    duty=st.floats(0.0, 0.5),
    adjustment=st.floats(-1e4, 1e4),
    factor=st.floats(0.1, 10.0),
)
def test_the_net_price_is_linear_in_the_figure_and_falls_with_vat_and_duty(
    price: float, vat: float, duty: float, adjustment: float, factor: float
) -> None:
    row = _price(price=price, vat=vat, export_duty=duty, basis_adjustment=adjustment)
    scaled = _price(price=price * factor, vat=vat, export_duty=duty, basis_adjustment=adjustment * factor)
    assert scaled.net_price() == pytest.approx(row.net_price() * factor, rel=1e-9, abs=1e-6)
    assert row.net_price() <= price + adjustment + 1e-6
    gross = _price(price=price, basis_adjustment=adjustment)
    assert row.net_price() == pytest.approx(
        gross.net_price() - price * (1 - (1 - duty) / (1 + vat)), abs=1e-6
    )


def test_a_market_is_open_unless_it_says_otherwise() -> None:
    assert Market(id="m", name="M", node="n").open
    assert not Market(id="m", name="M", node="n", open=False).open


def _deck(folder: Path, *rows: str) -> None:
    (folder / "prices.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")


def test_a_dated_deck_loads_in_canonical_units_with_its_basis_normalised(mini: Path) -> None:
    _deck(
        mini,
        "abroad,la_oxide,2025,2023/2025,fob  China,1,0,0,-0.05,5000",
        "abroad,ndpr_oxide,2025,2025-05-08,EXW China,75,13,0,,",
        "home,ndpr_metal,2025,2024-06,DDP Moscow,93,0,0,0.17,500",
        "abroad,nb_concentrate,2025,2025,CIF China,5,0,0.1,0,",
    )
    scenario = load(mini)
    rows = {p.good: p for p in scenario.prices}
    # mini converts USD at 80 RUB/USD in 2025: 1 USD/kg is 80,000 RUB/t
    assert rows["la_oxide"].basis == "FOB China" and rows["la_oxide"].date == "2023/2025"
    assert rows["la_oxide"].net_price() == pytest.approx(80_000 - 4_000)
    assert rows["ndpr_oxide"].vat == pytest.approx(0.13)
    assert rows["ndpr_oxide"].net_price() == pytest.approx(75 * 80_000 / 1.13)
    assert rows["ndpr_metal"].net_price() == pytest.approx((93 + 0.17) * 80_000)
    assert rows["nb_concentrate"].net_price() == pytest.approx(5 * 80_000 * 0.9)


@pytest.mark.parametrize(
    ("column", "cell", "expected"),
    [
        ("basis", "FOBB China", "expected a delivery term (" + ", ".join(BASIS_TERMS) + ") and a place"),
        ("basis", "FOB", "expected a delivery term"),
        ("basis", "China", "expected a delivery term"),
        ("date", "May 2025", "expected a date such as 2025-05-08, 2025-07 or 2025"),
        ("date", "2025-13", "expected a date such as"),
        ("date", "2023-2025", "or a period such as 2023/2025"),
    ],
)
def test_an_unknown_basis_or_an_unreadable_date_is_located(
    mini: Path, column: str, cell: str, expected: str
) -> None:
    good = "FOB China" if column == "date" else cell
    date = cell if column == "date" else "2025"
    _deck(
        mini,
        "abroad,la_oxide,2025,2025,FOB China,1,0,0,0,5000",
        f"abroad,ndpr_oxide,2025,{date},{good},75,0,0,0,",
        "home,ndpr_metal,2025,2025,DDP Moscow,93,0,0,0,500",
        "abroad,nb_concentrate,2025,2025,CIF China,5,0,0,0,",
    )
    with pytest.raises(ScenarioError) as raised:
        load(mini)
    problems = raised.value.problems
    assert [(p.where, p.row, p.column, p.value) for p in problems] == [("prices.csv", 3, column, cell)]
    assert expected in problems[0].message


def test_an_undated_row_in_a_dated_deck_is_located_on_load(mini: Path) -> None:
    _deck(
        mini,
        "abroad,la_oxide,2025,2025,FOB China,1,0,0,0,5000",
        "abroad,ndpr_oxide,2025,,,75,0,0,0,",
        "home,ndpr_metal,2025,2025,DDP Moscow,93,0,0,0,500",
        "abroad,nb_concentrate,2025,2025,CIF China,5,0,0,0,",
    )
    with pytest.raises(ScenarioError) as raised:
        load(mini)
    assert [(p.where, p.row, p.column) for p in raised.value.problems] == [
        ("prices.csv", 3, "date"),
        ("prices.csv", 3, "basis"),
    ]

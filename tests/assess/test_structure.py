"""Shares and diversification indices on hand examples; mapping products to sectors."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from angara.assess.industry import branch_divisions, section, technology
from angara.assess.structure import dominance_notes, indicators, sector_of


def _sectors(rows: list[tuple[str, str | None, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["sector", "technology", "output_rub"])


def test_indicators_by_hand() -> None:
    # mining 40, chemicals (medium-high) 30, metals (medium-low) 20, electricity 10
    result = indicators(
        _sectors(
            [("B", None, 40.0), ("C20", "medium_high", 30.0), ("C24", "medium_low", 20.0), ("D", None, 10.0)]
        )
    )
    assert result["mining_share"] == pytest.approx(0.4)
    assert result["manufacturing_share"] == pytest.approx(0.5)
    assert result["high_tech_share"] == pytest.approx(30 / 50)
    assert result["hhi"] == pytest.approx(0.16 + 0.09 + 0.04 + 0.01)
    assert result["shannon"] == pytest.approx(-sum(s * math.log(s) for s in (0.4, 0.3, 0.2, 0.1)))


def test_equal_sectors_give_the_textbook_extremes() -> None:
    equal = indicators(_sectors([(f"C{n}", "low", 5.0) for n in (10, 13, 16, 17)]))
    assert equal["hhi"] == pytest.approx(1 / 4)
    assert equal["shannon"] == pytest.approx(math.log(4))
    single = indicators(_sectors([("B", None, 7.0)]))
    assert (single["hhi"], single["shannon"]) == (1.0, 0.0)
    assert math.isnan(single["high_tech_share"])


@given(
    st.lists(st.floats(min_value=0.0, max_value=1e12), min_size=1, max_size=12).filter(lambda v: sum(v) > 0)
)
def test_shares_sum_to_one_and_indices_stay_in_range(outputs: list[float]) -> None:
    codes = ["B", "D", "E", *[f"C{n}" for n in range(10, 19)]][: len(outputs)]
    frame = _sectors(
        [(c, "low" if c.startswith("C") else None, v) for c, v in zip(codes, outputs, strict=True)]
    )
    result = indicators(frame)
    shares = frame.groupby("sector")["output_rub"].sum() / sum(outputs)
    assert shares.sum() == pytest.approx(1.0)
    assert result["mining_share"] + result["manufacturing_share"] <= 1 + 1e-12
    positive = (shares > 0).sum()
    assert 1 / positive - 1e-12 <= result["hhi"] <= 1 + 1e-12
    assert -1e-12 <= result["shannon"] <= math.log(positive) + 1e-9


def test_products_fall_into_sections_and_branches() -> None:
    assert (
        section("07.2") == "B" and section("24.4") == "C" and section("35.1") == "D" and section("62") is None
    )
    assert technology(20) == "medium_high" and technology(26) == "high" and technology(24) == "medium_low"
    assert branch_divisions("C10-12") == range(10, 13) and branch_divisions("C_other") is None
    branches = ["B", "C10-12", "C20", "C24", "C_other", "D"]
    assert sector_of("24.1", branches) == ("C24", "medium_low")
    assert sector_of("11", branches) == ("C10-12", "low")
    assert sector_of("27", branches) == ("C_other", "medium_high")  # no C27 figure: the catch-all
    assert sector_of("27", ["B", "C"]) == ("C", "medium_high")  # no branches at all
    assert sector_of("27", ["B", "C20"]) == ("C27", "medium_high")  # branches without a catch-all
    assert sector_of("07.2", branches) == ("B", None)


def test_a_region_made_mostly_by_the_cluster_is_noted() -> None:
    sectors = pd.DataFrame(
        {
            "region": ["tuva", "tuva", "tuva", "big"],
            "year": [2045, 2045, 2045, 2045],
            "sector": ["B", "C20", "C24", "C24"],
            "baseline_rub": [27.3e9, 0.22e9, 0.46e9, 100e9],
            "added_rub": [65e9, 25.6e9, 0.0, 1e9],
            "share_before": [0.0] * 4,
            "share_after": [0.0] * 4,
        }
    )
    notes = dominance_notes(sectors)
    assert len(notes) == 1 and notes[0].startswith("tuva: in 2045 the cluster's plants make 97% ")
    assert dominance_notes(sectors.iloc[:0]) == []

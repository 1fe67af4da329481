"""angara io multipliers: JSON, the table, filtering by code, options and bad codes."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from angara.assess.inputoutput import MULTIPLIER_COLUMNS
from tests.conftest import Result


def test_json_has_every_product_and_column(cli: Callable[..., Result]) -> None:
    result = cli("io", "multipliers", "--json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert len(document) == 113
    assert {"07.2", "24.4", "41 + 42 + 43"} <= document.keys()
    for values in document.values():
        assert set(values) == set(MULTIPLIER_COLUMNS)
    mining = document["07.2"]
    assert mining["name"] == "Руды цветных металлов"
    assert mining["output_type1"] == pytest.approx(1.776, abs=5e-4)
    assert mining["output_type2"] == pytest.approx(2.096, abs=5e-4)
    assert mining["output_type1"] == round(mining["output_type1"], 6)


def test_code_filters_the_table(cli: Callable[..., Result]) -> None:
    result = cli("io", "multipliers", "--code", "07.2")
    assert result.code == 0, result.err
    rows = [line for line in result.out.splitlines() if line.startswith("│")]
    assert len(rows) == 1
    assert "07.2" in rows[0] and "Руды цветных металлов" in rows[0] and "1.776" in rows[0]


def test_whole_table_lists_every_product(cli: Callable[..., Result]) -> None:
    result = cli("io", "multipliers")
    assert result.code == 0, result.err
    assert "07.2" in result.out
    assert len([line for line in result.out.splitlines() if line.startswith("│")]) == 113


def test_options_reach_the_computation(cli: Callable[..., Result]) -> None:
    base = json.loads(cli("io", "multipliers", "--json", "--code", "24.4", "--code", "41+42+43").out)
    assert list(base) == ["24.4", "41 + 42 + 43"]
    no_spending = json.loads(cli("io", "multipliers", "--json", "--code", "24.4", "--propensity", "0").out)
    assert no_spending["24.4"]["output_type2"] == pytest.approx(base["24.4"]["output_type1"])
    dearer = json.loads(cli("io", "multipliers", "--json", "--code", "24.4", "--labour-cost", "2.59e6").out)
    assert dearer["24.4"]["jobs_per_bn_type1"] == pytest.approx(base["24.4"]["jobs_per_bn_type1"] / 2)


def test_unknown_code_is_bad_input(cli: Callable[..., Result]) -> None:
    result = cli("io", "multipliers", "--code", "07.2", "--code", "07.9")
    assert result.code == 2
    assert "Traceback" not in result.out + result.err
    assert "--code" in result.err and "07.9" in result.err
    assert "unknown product code" in result.err
    assert result.out == ""


def test_propensity_out_of_range_is_bad_input(cli: Callable[..., Result]) -> None:
    result = cli("io", "multipliers", "--propensity", "1.5")
    assert result.code == 2
    assert "Traceback" not in result.out + result.err

"""Edits from the web editor: cells and switches applied to a scenario, validated as on load."""

from __future__ import annotations

import pytest

from angara.scenario.edits import Edit, Switch, apply_edits, raw_scenario, row_key
from angara.scenario.load import interpret, load
from angara.scenario.model import Scenario
from angara.scenario.problems import ScenarioError
from tests.conftest import MINI


@pytest.fixture(scope="module")
def default() -> Scenario:
    return load()


@pytest.fixture(scope="module")
def mini() -> Scenario:
    return load(MINI)


def test_cells_read_back_to_the_same_scenario(default: Scenario, mini: Scenario) -> None:
    assert interpret(raw_scenario(default)) == default
    assert interpret(raw_scenario(mini)) == mini
    assert apply_edits(default, []) == default


def test_a_price_and_the_discount_rate(default: Scenario) -> None:
    price = default.prices[3]
    key = row_key([price.market, price.good, price.year])
    edited = apply_edits(
        default, [Edit("prices", key, "price", price.price * 2), Edit("meta", (), "discount_rate", 0.12)]
    )
    assert edited.prices[3].price == pytest.approx(price.price * 2)
    assert edited.meta.discount_rate == 0.12
    assert [p for i, p in enumerate(edited.prices) if i != 3] == [
        p for i, p in enumerate(default.prices) if i != 3
    ]


def test_a_tariff_and_site_power(default: Scenario) -> None:
    mode = default.transport_modes[0]
    power = default.site_power[0]
    edited = apply_edits(
        default,
        [
            Edit("transport_modes", row_key(mode.id), "tariff", 2.5),
            Edit("site_power", row_key([power.site, power.year]), "power", 321),
        ],
    )
    assert edited.transport_modes[0].tariff == 2.5
    assert edited.site_power[0].power == 321


def test_switching_off_keeps_the_row_disabled(default: Scenario) -> None:
    deposit, site, process = default.deposits[0], default.sites[0], default.processes[0]
    edited = apply_edits(
        default,
        [],
        [
            Switch("deposits", deposit.id, False),
            Switch("sites", site.id, False),
            Switch("processes", process.id, False),
        ],
    )
    assert not edited.deposits[0].enabled
    assert not edited.sites[0].enabled
    assert not edited.processes[0].enabled
    again = apply_edits(edited, [], [Switch("deposits", deposit.id, True)])
    assert again.deposits[0].enabled


def test_a_market_switched_on_opens_it_to_the_cluster_s_sales(default: Scenario) -> None:
    assert not {m.id: m.open for m in default.markets}["ex_china"]
    opened = apply_edits(default, [], [Switch("markets", "ex_china", True)])
    assert {m.id: m.open for m in opened.markets}["ex_china"]
    assert opened.prices == default.prices  # the deck is unchanged: only access is
    closed = apply_edits(opened, [], [Switch("markets", "china", False)])
    assert {m.id for m in closed.markets if not m.open} == {"china"}


def test_a_link_switched_off_is_removed(default: Scenario) -> None:
    arc = default.arcs[0]
    edited = apply_edits(default, [], [Switch("arcs", arc.id, False)])
    assert arc.id not in {a.id for a in edited.arcs}
    assert len(edited.arcs) == len(default.arcs) - 1
    assert apply_edits(edited, [], [Switch("arcs", arc.id, False)]) == edited  # off stays off
    with pytest.raises(ScenarioError, match="no row"):
        apply_edits(edited, [], [Switch("arcs", arc.id, True)])


def test_a_bad_value_is_located_by_file_row_and_column(default: Scenario) -> None:
    price = default.prices[5]
    with pytest.raises(ScenarioError) as raised:
        apply_edits(default, [Edit("prices", row_key([price.market, price.good, price.year]), "price", -5)])
    [problem] = raised.value.problems
    assert (problem.where, problem.row, problem.column, problem.value) == (
        "prices.csv",
        7,
        "price [RUB/t]",
        "-5",
    )
    assert "at least 0" in problem.message


def test_text_where_a_number_belongs(mini: Scenario) -> None:
    with pytest.raises(ScenarioError) as raised:
        apply_edits(mini, [Edit("meta", (), "discount_rate", "ten")])
    assert raised.value.problems[0].where == "scenario.yaml"
    assert raised.value.problems[0].column == "discount_rate"


def test_unknown_tables_rows_and_columns(mini: Scenario) -> None:
    with pytest.raises(ScenarioError) as raised:
        apply_edits(
            mini,
            [
                Edit("nowhere", ("x",), "price", 1),
                Edit("prices", ("no", "such", "row"), "price", 1),
                Edit("deposits", row_key(mini.deposits[0].id), "colour", 1),
                Edit("deposits", row_key(mini.deposits[0].id), "id", "renamed"),
                Edit("meta", (), "solver.colour", 1),
            ],
            [Switch("goods", "x", False)],
        )
    wheres = [p.where for p in raised.value.problems]
    assert wheres == ["edits[1]", "edits[2]", "edits[3]", "edits[4]", "edits[5]", "switches[1]"]

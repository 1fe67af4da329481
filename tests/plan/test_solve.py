"""The default scenario plans to optimality (within its scenario's gap) with every element accounted for."""

from __future__ import annotations

import json

import pytest

from angara.chain import expand
from angara.plan import Plan, PlanOptions, optimize
from angara.plan.write import write_plan
from angara.scenario import load
from angara.scenario.model import Scenario


@pytest.fixture(scope="module")
def default_plan() -> Plan:
    return optimize(load("angara-yenisei"), PlanOptions(time_limit=300))


def test_the_default_plans_within_its_gap(default_plan: Plan) -> None:
    assert default_plan.status in ("optimal", "feasible")
    assert default_plan.mip_gap <= load("angara-yenisei").meta.solver.mip_gap + 1e-9
    assert default_plan.objective > 0
    assert len(default_plan.builds) > 0


def test_every_element_is_accounted_for(default_plan: Plan) -> None:
    assert default_plan.balance_residual_max <= 1e-6
    balance = default_plan.element_balance
    mined = balance.groupby("species")["inflow"].sum()
    out = balance.groupby("species")[["sold", "disposed", "lost"]].sum().sum(axis=1)
    assert (mined - out).abs().max() <= 1e-6 * mined.max()


def test_nothing_operates_before_it_can(default_plan: Plan) -> None:
    scenario = load("angara-yenisei")
    earliest = {d.id: d.earliest_start for d in scenario.deposits}
    mining = default_plan.mining
    for row in mining.itertuples():
        assert row.period >= earliest[row.deposit]
    assert default_plan.builds["period"].min() >= scenario.meta.first_year


def test_limits_are_respected(default_plan: Plan) -> None:
    power = default_plan.power
    assert (power["used_mw"] <= power["available_mw"] + power["bought_mw"] + 1e-6).all()
    land = default_plan.land
    assert (land["used_ha"] <= land["available_ha"] + 1e-6).all()
    staff = default_plan.staff
    assert (staff["needed"] <= staff["local_available"] + staff["migrants"] + 1e-6).all()


def test_shadow_prices_of_uncapped_sales_equal_their_price(default_plan: Plan) -> None:
    sales = default_plan.sales
    prices = default_plan.shadow_prices.set_index(["good", "source", "node", "period"])["value_rub_per_t"]
    scenario = load("angara-yenisei")
    capped = {(p.market, p.good) for p in scenario.prices if p.max_quantity is not None}
    checked = 0
    for row in sales.itertuples():
        at = (row.good, row.source, row.node, row.period)
        if (row.market, row.good) in capped or at not in prices.index:
            continue
        # the most valuable market at a node sets the value there
        best = sales[
            (sales["good"] == row.good)
            & (sales["source"] == row.source)
            & (sales["node"] == row.node)
            & (sales["period"] == row.period)
        ]
        assert prices[at] == pytest.approx(best["price_rub_per_t"].max(), rel=1e-6)
        checked += 1
    assert checked > 0


def test_plan_json_has_the_promised_fields(default_plan: Plan, tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path)) / "out"
    write_plan(default_plan, folder)
    document = json.loads((folder / "plan.json").read_text())
    for key in (
        "status",
        "objective",
        "mip_gap",
        "balance_residual_max",
        "builds",
    ):
        assert key in document
    assert "seconds_build" not in document and "seconds_solve" not in document  # timings: run.json
    assert document["builds"] and {"process", "location", "period", "units"} <= set(document["builds"][0])
    assert (folder / "flows.csv").is_file() and (folder / "element_balance.csv").is_file()


def test_each_stream_sells_at_its_own_price(graded: Scenario) -> None:
    """A good priced by its contents: a plan's revenue is the tonnes of each stream times
    that stream's price, and the richer stream's price is the higher."""
    # the mini's fixed pull of 0.01 t/t: dep's concentrate holds 42 % Nb2O5, poor's 21 %
    fixed = tuple(
        o.model_copy(update={"quantity": 0.01, "species": None, "grade": None})
        if o.good == "nb_concentrate"
        else o
        for o in graded.process_outputs
    )
    terms = tuple(t.model_copy(update={"min_content": None}) for t in graded.payability)
    scenario = graded.model_copy(update={"process_outputs": fixed, "payability": terms})
    plan = optimize(scenario)
    prices = expand(scenario).prices.set_index(["market", "good", "source", "year"])["price"]
    assert prices[("abroad", "nb_concentrate", "dep", 2031)] == pytest.approx(
        2 * prices[("abroad", "nb_concentrate", "poor", 2031)], rel=1e-12
    )
    sold = plan.sales[plan.sales["good"] == "nb_concentrate"]
    assert set(sold["source"]) == {"dep", "poor"}
    for row in sold.itertuples():
        price = prices[(row.market, row.good, row.source, row.period)]
        assert row.price_rub_per_t == pytest.approx(price, rel=1e-9)
        assert row.revenue_rub == pytest.approx(row.tonnes * price, rel=1e-9)


def test_remote_mines_ship_only_over_their_access_roads(default_plan: Plan) -> None:
    scenario = load("angara-yenisei")
    access = {a.to_node: a.id for a in scenario.arcs if a.status == "candidate" and a.mode == "road"}
    node = {d.id: d.node for d in scenario.deposits}
    links = default_plan.links
    opened = set(
        zip(links.loc[links["open"] > 0.5, "link"], links.loc[links["open"] > 0.5, "period"], strict=True)
    )
    remote = [row for row in default_plan.mining.itertuples() if node[row.deposit] in access]
    assert remote, "the default mines at least one deposit behind a candidate access road"
    for row in remote:
        assert (access[node[row.deposit]], row.period) in opened


def test_the_default_counts_balance_reserves_only(default_plan: Plan) -> None:
    scenario = load("angara-yenisei")
    off_balance = {d.id for d in scenario.deposits if d.reserve_category != "balance"}
    assert off_balance == {"tastyg"}
    assert not set(default_plan.mining["deposit"]) & off_balance

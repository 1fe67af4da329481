"""The production chart: stacked areas by product family that add up to what the plan sells,
a selector with every family, products by their names."""

from __future__ import annotations

from collections import defaultdict

import pytest

from angara.i18n import translator
from angara.report.production import (
    OTHER,
    family_production,
    per_year,
    product_families,
    production_chart,
    without_selector,
)
from angara.results.read import RunResults
from angara.scenario.load import load
from angara.scenario.model import Scenario
from angara.scenario.names import Names

REL = 1e-9


def sold_per_year(results: RunResults) -> dict[tuple[str, int], float]:
    """Tonnes sold per good and calendar year, straight from the plan's sales table."""
    years = {period.start: period.years for period in results.plan.periods}
    found: dict[tuple[str, int], float] = defaultdict(float)
    sales = results.table("sales")
    for good, period, tonnes in zip(sales["good"], sales["period"], sales["tonnes"], strict=True):
        for year in years[int(period)]:
            found[(str(good), year)] += float(tonnes)
    return found


def test_families_follow_the_stage_of_the_process_that_makes_a_good() -> None:
    default = load()
    families = product_families(default)
    assert families["la_oxide"].key == families["ndpr_oxide"].key == "separation"
    assert families["fenb"].key == "niobium"
    assert families["ndfeb_magnet"].key == "magnet"
    assert families["lioh"].key == families["li2co3"].key == "lithium"
    # nb2o5 is made by niobium and tantalum processes: the first in the processes table decides
    makers = {o.process for o in default.process_outputs if o.good == "nb2o5"}
    first = next(p.stage for p in default.processes if p.id in makers)
    assert families["nb2o5"].key == first
    # a good in its own unit is never stacked on tonnes
    assert families["computing"].unit == "MW*yr" and families["computing"].key != "computing"
    # a reagent no process makes is "other"
    assert families["aluminium"].key == OTHER


def test_stacked_areas_add_up_to_the_sales(results: RunResults, scenario: Scenario) -> None:
    chart = production_chart(results, scenario)
    assert chart.data and all(trace.stackgroup for trace in chart.data)
    assert chart.layout.yaxis.type in (None, "linear")
    sold = sold_per_year(results)
    families = product_families(scenario)
    per_family: dict[tuple[str, int], float] = defaultdict(float)
    for (good, year), tonnes in sold.items():
        per_family[(families[good].key, year)] += tonnes
    buttons = chart.layout.updatemenus[0].buttons
    # the first view stacks the families: each area is its family's sales, year by year
    first = [trace for trace, shown in zip(chart.data, buttons[0].args[0]["visible"], strict=True) if shown]
    assert {trace.stackgroup for trace in first} == {"families"}
    assert {trace.customdata[0] for trace in first} == {family for family, _year in per_family}
    for trace in first:
        for year, tonnes in zip(trace.x, trace.y, strict=True):
            assert tonnes == pytest.approx(per_family[(trace.customdata[0], year)], rel=REL)
    # each family's view stacks its products, and they add up to the family's sales
    for button in buttons[1:]:
        shown = [t for t, v in zip(chart.data, button.args[0]["visible"], strict=True) if v]
        family = shown[0].stackgroup
        assert {t.stackgroup for t in shown} == {family}
        totals: dict[int, float] = defaultdict(float)
        for trace in shown:
            for year, tonnes in zip(trace.x, trace.y, strict=True):
                assert tonnes == pytest.approx(sold[(trace.customdata[0], year)], rel=REL)
                totals[year] += tonnes
        for year, tonnes in totals.items():
            assert tonnes == pytest.approx(per_family[(family, year)], rel=REL)
    # only the first view is visible at first
    assert [bool(t.visible) for t in chart.data] == list(buttons[0].args[0]["visible"])


def test_the_selector_lists_every_family_by_name(results: RunResults, scenario: Scenario) -> None:
    names = Names.of_scenario(scenario, "ru")
    russian = production_chart(results, scenario, translator("ru", "figures"), names)
    labels = [button.label for button in russian.layout.updatemenus[0].buttons]
    sold = family_production(results, scenario)
    assert len(labels) == 1 + sold["family"].nunique()
    assert labels[0] == "Все группы продуктов"
    assert {"Разделение РЗЭ", "Металлы и сплавы"} <= set(labels)
    assert russian.layout.yaxis.title.text == "т/год"


def test_products_are_named_not_ided(results: RunResults, scenario: Scenario) -> None:
    goods = {g.id: g for g in scenario.goods}
    renamed = scenario.model_copy(
        update={"goods": tuple(g.model_copy(update={"name_ru": "Рус. " + g.name}) for g in scenario.goods)}
    )
    chart = production_chart(results, renamed, translator("ru", "figures"), Names.of_scenario(renamed, "ru"))
    products = [t for t in chart.data if t.stackgroup != "families"]
    assert products
    for trace in products:
        assert trace.name == "Рус. " + goods[trace.customdata[0]].name
        assert trace.name not in goods


def test_goods_in_their_own_units_are_read_per_year_in_words() -> None:
    default = load()
    families = product_families(default)
    russian = translator("ru", "figures")
    assert families["computing"].label(russian) == "Вычисления (МВт)"
    assert families["engineering_place"].label(russian) == "Учебные места (мест)"
    assert families["la_oxide"].label(russian) == "Разделение РЗЭ"
    assert per_year("t", russian) == "т/год" and per_year("furlong", str) == "furlong per year"


def test_the_printed_chart_has_no_selector(results: RunResults, scenario: Scenario) -> None:
    chart = production_chart(results, scenario)
    families = [bool(t.visible) for t in chart.data]
    printed = without_selector(chart)
    assert not printed.layout.updatemenus
    assert [bool(t.visible) for t in printed.data] == families  # the families' view

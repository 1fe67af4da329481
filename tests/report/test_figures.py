"""Figures of a run: KPI values as assessed, charts that add up, a Sankey that conserves mass."""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

from angara.i18n import translator
from angara.report import figures
from angara.report.element_flows import Node, element_flows, flow_period
from angara.report.images import own_height
from angara.report.readable import money, percent, quantity
from angara.results.read import RunResults
from angara.scenario.model import Scenario
from angara.scenario.names import Names

REL = 1e-6


def test_kpis_are_the_assessments_numbers(results: RunResults) -> None:
    a = results.assessment
    found = {k.key: k for k in figures.kpis(results)}
    assert found["npv"].value == a.npv_rub
    assert found["irr"].value == a.irr
    assert found["capex"].value == a.capex_rub
    assert [found[f"jobs_{kind}"].value for kind in ("direct", "indirect", "induced")] == [
        a.jobs.direct,
        a.jobs.indirect,
        a.jobs.induced,
    ]
    for level in ("federal", "regional", "local"):
        assert found[f"taxes_{level}"].value == a.taxes.by_level[level]
    for region, change in a.diversification.items():
        kpi = found[f"diversification_{region}"]
        before, after = change.before.high_tech_share, change.after.high_tech_share
        assert kpi.value == (None if before is None or after is None else pytest.approx(after - before))
        assert f"{change.after.hhi:.3f}" in kpi.detail
    assert found["city"].value == a.city.residents


def test_kpi_labels_are_translated(results: RunResults) -> None:
    russian = {k.key: k for k in figures.kpis(results, translator("ru", "figures"), "ru", {"north": "Север"})}
    assert russian["capex"].label == "Капвложения"
    assert russian["diversification_north"].label == "Север"
    assert "при полной загрузке" in russian["jobs_direct"].detail


def test_numbers_read_as_in_each_language() -> None:
    assert money(362_673_340_990.0, "ru") == "362,7 млрд руб."
    assert money(362_673_340_990.0, "en") == "362.7 bn RUB"
    assert money(12_500_000.0, "en") == "12.5 mn RUB"
    assert percent(0.314, "en") == "31.4%"
    assert quantity(0.0335, "pp", "en") == "+3.4 pp"
    assert quantity(None, "RUB", "en") == "—"


def test_cashflow_chart_is_the_clusters_cash_flow(results: RunResults) -> None:
    chart = figures.cashflow_chart(results)
    cluster = results.table("cashflows").query("entity_kind == 'cluster'")
    revenue = next(t for t in chart.data if t.name == "Revenue")
    assert sum(revenue.y) == pytest.approx(cluster["revenue_rub"].sum() / 1e9, rel=REL)
    capex = next(t for t in chart.data if t.name == "CAPEX")
    assert sum(capex.y) == pytest.approx(-cluster["capex_rub"].sum() / 1e9, rel=REL)
    russian = figures.cashflow_chart(results, translator("ru", "figures"))
    assert russian.layout.title.text == "Денежный поток кластера"


def test_sankey_conserves_mass_at_every_stage(results: RunResults, scenario: Scenario) -> None:
    flows = element_flows(results, scenario)
    stages = [n for n in flows.nodes() if n.kind == "stage"]
    assert {n.name for n in stages} >= {"mining", "beneficiation"}
    for node in stages:
        # what leaves a stage (to the next stages, products, stockpiles and losses) is what entered
        assert flows.outflow(node) == pytest.approx(flows.inflow(node), rel=1e-6), node
    into_chain = sum(flows.outflow(n) for n in flows.nodes() if n.kind in ("deposit", "outside"))
    out_of_chain = sum(flows.inflow(n) for n in flows.nodes() if n.kind in ("product", "stockpile", "loss"))
    assert out_of_chain == pytest.approx(into_chain, rel=1e-6)


def test_sankey_agrees_with_the_element_balance(results: RunResults, scenario: Scenario) -> None:
    balance = results.table("element_balance")
    balance = balance[balance["period"] == flow_period(results)]
    for species in sorted(set(balance["species"]))[:4]:
        flows = element_flows(results, scenario, species=species)
        rows = balance[balance["species"] == species]
        sold = sum(flows.inflow(n) for n in flows.nodes() if n.kind == "product")
        assert sold == pytest.approx(rows["sold"].sum(), rel=1e-6, abs=1e-9)
        assert flows.inflow(Node("loss", "")) == pytest.approx(rows["lost"].sum(), rel=1e-6, abs=1e-9)


def test_sankey_figure_carries_the_flows(results: RunResults, scenario: Scenario) -> None:
    chart = figures.sankey_chart(results, scenario, translator("ru", "figures"))
    sankey = chart.data[0]
    flows = element_flows(results, scenario)
    assert sum(sankey.link.value) == pytest.approx(sum(v for _s, _t, v in flows.links))
    assert "Добыча" in sankey.node.label
    assert "Потери (хвосты, остатки)" in sankey.node.label


def test_risk_views(results: RunResults) -> None:
    assert results.risk is not None
    histogram = figures.npv_histogram(results)
    assert histogram is not None
    assert sum(histogram.data[0].y) == results.risk.samples
    tornado = figures.tornado_chart(results)
    assert tornado is not None
    assert len(tornado.data[0].y) == len(results.table("tornado"))
    assert figures.build_frequency_chart(results) is None  # no re-planning in this run


def test_build_frequency_when_re_planned(results: RunResults) -> None:
    frequency = pd.DataFrame(
        {
            "slot": ["a@x", "b@y"],
            "process": ["a", "b"],
            "location": ["x", "y"],
            "built": [4, 1],
            "share": [1.0, 0.25],
        }
    )
    replanned = dataclasses.replace(results, tables={**results.tables, "build_frequency": frequency})
    chart = figures.build_frequency_chart(replanned)
    assert chart is not None
    assert sorted(chart.data[0].x) == [25.0, 100.0]


def test_no_risk_views_without_risk(results: RunResults) -> None:
    plain = dataclasses.replace(results, risk=None)
    assert figures.npv_histogram(plain) is None
    assert figures.tornado_chart(plain) is None


def test_figures_are_plotly_json(results: RunResults, scenario: Scenario) -> None:
    for figure in (figures.production_chart(results, scenario), figures.sankey_chart(results, scenario)):
        document = json.loads(figures.localized(figure, "ru").to_json())
        assert document["data"] and document["layout"]["separators"] == ", "


def russian_names(scenario: Scenario) -> Scenario:
    """``scenario`` with a Russian name on every good, deposit and price factor (the test's own,
    so that it does not depend on the data's translations)."""
    update = {}
    for table in ("goods", "deposits", "price_factors", "processes", "nodes", "sites"):
        rows = getattr(scenario, table)
        update[table] = tuple(row.model_copy(update={"name_ru": "Рус. " + row.name}) for row in rows)
    return scenario.model_copy(update=update)


def test_sankey_names_deposits_and_products_in_the_readers_language(
    results: RunResults, scenario: Scenario
) -> None:
    renamed = russian_names(scenario)
    names = Names.of_scenario(renamed, "ru")
    chart = figures.sankey_chart(results, renamed, translator("ru", "figures"), names=names)
    sankey = chart.data[0]
    flows = element_flows(results, renamed)
    nodes = flows.nodes()
    ids = {g.id for g in renamed.goods} | {d.id for d in renamed.deposits}
    for node, label, key in zip(nodes, sankey.node.label, sankey.node.customdata, strict=True):
        if node.kind in ("deposit", "product"):
            assert label.startswith("Рус. "), node
            assert key == f"{node.kind}:{node.name}"  # the id stays in the customdata
        assert label not in ids
    english = figures.sankey_chart(results, scenario)
    products = [n for n in nodes if n.kind == "product"]
    sold = {n.name for n in products}
    assert {g.name for g in scenario.goods if g.id in sold} <= set(english.data[0].node.label)


def test_tornado_labels_every_bar(results: RunResults, scenario: Scenario) -> None:
    renamed = russian_names(scenario)
    names = Names.of_scenario(renamed, "ru")
    chart = figures.tornado_chart(results, translator("ru", "figures"), names)
    assert chart is not None
    bars = results.table("tornado")
    axis = chart.layout.yaxis
    assert axis.tickmode == "array" and axis.automargin
    assert list(axis.tickvals) == list(chart.data[0].y) and list(axis.ticktext) == list(chart.data[0].y)
    assert len(set(axis.ticktext)) == len(bars)  # every driver has its own label
    for driver in bars["driver"]:
        label = axis.ticktext[list(chart.data[0].customdata).index(driver)]
        if driver.startswith("price:"):
            factor = next(f for f in renamed.price_factors if f.id == driver.partition(":")[2])
            assert label == f"Цены: Рус. {factor.name}"
        assert label != driver
    assert chart.layout.height >= 30 * len(bars)  # room for every label
    assert "Курс" in " ".join(axis.ticktext)


def test_histogram_title_in_the_readers_number_format(results: RunResults) -> None:
    assert results.risk is not None
    chart = figures.npv_histogram(results, translator("ru", "figures"), "ru")
    assert chart is not None
    expected = percent(results.risk.prob_npv_negative, "ru")
    assert chart.layout.title.text.endswith(f" = {expected}")
    assert "," in expected and "." not in expected  # Babel's Russian decimal comma, not "0.5%"


def test_build_frequency_names_the_plants(results: RunResults, scenario: Scenario) -> None:
    process, location = scenario.processes[0].id, scenario.deposits[0].id
    frequency = pd.DataFrame(
        {
            "slot": [f"{process}@{location}"],
            "process": [process],
            "location": [location],
            "built": [3],
            "share": [0.6],
        }
    )
    replanned = dataclasses.replace(results, tables={**results.tables, "build_frequency": frequency})
    names = Names.of_scenario(russian_names(scenario), "ru")
    chart = figures.build_frequency_chart(replanned, translator("ru", "figures"), names)
    assert chart is not None
    assert list(chart.data[0].y) == [f"Рус. {scenario.processes[0].name}, Рус. {scenario.deposits[0].name}"]
    assert list(chart.data[0].customdata) == [f"{process}@{location}"]


def test_a_tornado_is_drawn_as_tall_as_it_asks(results: RunResults) -> None:
    tornado = figures.tornado_chart(results)
    assert tornado is not None
    assert own_height(tornado) == tornado.layout.height == 140 + 30 * len(results.table("tornado"))
    assert own_height(figures.cashflow_chart(results)) is None  # the report's size for the rest

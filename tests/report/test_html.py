"""The HTML report: self-contained, with the plan's figures, tables, assumptions and sources."""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from angara.i18n import translator
from angara.report.content import Report, compose
from angara.report.html import report_html
from angara.report.numerals import Numbers
from angara.report.sources import scenario_sources
from angara.results.read import RunResults
from angara.scenario.load import load
from angara.scenario.model import Scenario


def has_browser() -> bool:
    """Whether kaleido finds a Chromium to draw the figures with."""
    from choreographer.browsers.chromium import Chromium

    path = Chromium.find_browser(skip_local=False)
    return path is not None and os.path.exists(path)


@pytest.fixture(scope="module")
def html(report_ru: Report) -> str:
    return report_html(report_ru)


def test_the_page_fetches_nothing(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>")
    assert "<link" not in html
    assert "<script" not in html
    assert "@import" not in html
    assert not re.search(r"""(src|srcset)=["']?(https?:)?//""", html)
    assert not re.search(r"""url\(["']?(https?:)?//""", html)
    # every id is unique, although every figure is plotly's SVG with its own clip paths
    ids = Counter(re.findall(r'\bid="([^"]+)"', html))
    assert [name for name, count in ids.items() if count > 1] == []
    references = re.findall(r"""url\(['"]?#([^'")\s]+)""", html) + re.findall(r"""href=["']#([^"']+)""", html)
    assert references and [name for name in references if name not in ids] == []


@pytest.mark.skipif(not has_browser(), reason="no Chromium for kaleido")
def test_the_map_and_charts_are_inline_svg(report_ru: Report, html: str) -> None:
    assert report_ru.problems == []
    assert report_ru.map is not None and report_ru.map.svg
    keys = [figure.key for figure in report_ru.figures]
    assert keys == ["production", "cashflow", "sankey", "npv_histogram", "tornado"]
    assert all(figure.svg for figure in report_ru.figures)
    assert html.count("<svg") >= 1 + len(keys)
    assert 'id="figure-map"' in html


def test_the_headline_figures_are_as_the_assessment_gives_them(
    results: RunResults, scenario: Scenario, html: str
) -> None:
    numbers = Numbers("ru", translator("ru", "report"))
    a = results.assessment
    assert scenario.meta.title_ru and scenario.meta.title_ru in html
    for text in (
        numbers.money(a.npv_rub),
        numbers.percent(a.irr),
        numbers.money(a.capex_rub),
        numbers.number(a.jobs.direct),
        numbers.money(a.taxes.by_level["regional"]),
        "ЧДД после налогов",
        "Итоги",
    ):
        assert text in html, text
    assert "млрд руб." in numbers.money(a.npv_rub)


def test_key_tables_assumptions_and_sources(results: RunResults, html: str) -> None:
    for key in ("builds", "output", "cashflow", "taxes_by_region", "jobs_by_region", "risk_ranges"):
        assert f'id="table-{key}"' in html, key
    for section in ("summary", "map", "charts", "tables", "assumptions", "sources"):
        assert f'id="{section}"' in html
    cashflow = results.table("cashflows")
    years = sorted(cashflow.loc[cashflow["entity_kind"] == "cluster", "year"])
    table = html[html.index('id="table-cashflow"') :]
    table = table[: table.index("</table>")]
    assert table.count("<tr") == len(years) + 1
    assert "Налоговые правила" in html
    assert "Сценарий не называет источников." in html  # the mini scenario names none


def test_english_report_without_figures(results: RunResults, scenario: Scenario) -> None:
    report = compose(results, scenario, "en", draw=False)
    html = report_html(report)
    numbers = Numbers("en", translator("en", "report"))
    assert scenario.meta.title in html
    assert numbers.money(results.assessment.npv_rub) in html
    assert " bn RUB" in numbers.money(results.assessment.npv_rub)
    assert "NPV after tax" in html and "ЧДД" not in html
    assert "Chart not available" in html
    assert report.problems and all("not drawn" in problem for problem in report.problems)


def test_a_run_without_risk_analysis(results: RunResults, scenario: Scenario) -> None:
    risk_tables = ("risk_samples", "risk_plants", "tornado")
    planned = replace(
        results, risk=None, tables={k: v for k, v in results.tables.items() if k not in risk_tables}
    )
    report = compose(planned, scenario, "en", draw=False)
    assert report.risk == []
    assert [figure.key for figure in report.figures] == ["production", "cashflow", "sankey"]
    assert "risk_ranges" not in [table.key for table in report.tables]
    html = report_html(report)
    assert "Risk analysis" not in html and "P(NPV &lt; 0)" not in html


def test_without_a_browser_the_report_still_renders(
    results: RunResults, scenario: Scenario, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    report = compose(results, scenario, "ru")
    html = report_html(report)
    assert "<svg" not in html
    assert html.count('class="missing"') == 1 + len(report.figures)
    assert any("Chromium" in problem for problem in report.problems)
    assert 'id="table-builds"' in html


def test_sources_of_the_built_in_scenario_and_of_rows() -> None:
    default = load("angara-yenisei")
    sources, statuses = scenario_sources(default)
    assert len(sources) > 50
    assert all(source.is_link for source in sources)
    assert {"sourced", "estimate"} <= set(statuses)
    assert any("exchange_rates (" in source.supports for source in sources)

    mini = load(str(Path(__file__).parents[1] / "data" / "mini"))
    deposit = mini.deposits[0].model_copy(update={"source": "Geological survey report 1975"})
    cited = mini.model_copy(update={"deposits": (deposit, *mini.deposits[1:])})
    sources, statuses = scenario_sources(cited)
    assert [(s.reference, s.supports, s.numbers, s.is_link) for s in sources] == [
        ("Geological survey report 1975", "deposits", 1, False)
    ]
    assert statuses == {}

"""The web app in a real browser (Playwright driving Debian's Chromium): the map and its
layers, the language switch, editing a price into a new version, running a plan and
reading its KPIs, comparing two runs, and downloading the report."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from angara.i18n import translator
from angara.report.numerals import Numbers
from tests.server.web.site import MISSING, PASSWORD, USER, Site, chromium_path, running_site

pytestmark = pytest.mark.skipif(chromium_path() is None, reason=MISSING)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with running_site() as running:
        yield running


def _api(site: Site) -> httpx.Client:
    token = httpx.post(f"{site.base}/api/auth/token", data={"username": USER, "password": PASSWORD}).json()
    return httpx.Client(
        base_url=site.base, headers={"Authorization": f"Bearer {token['access_token']}"}, timeout=60
    )


def _finished_run(site: Site, scenario: str = "mini", version: int | None = None) -> dict[str, Any]:
    with _api(site) as api:
        wanted: dict[str, Any] = {"scenario": scenario, "kind": "risk", "samples": 1000, "replan": 2}
        if version is not None:
            wanted["version"] = version
        run = api.post("/api/runs", json=wanted).json()
        for _ in range(600):
            found: dict[str, Any] = api.get(f"/api/runs/{run['id']}").json()
            if found["status"] not in ("queued", "running"):
                assert found["status"] == "done", found
                return found
            import time

            time.sleep(0.25)
    raise AssertionError("the run did not finish")


def test_the_map_shows_regions_railways_deposits_and_sites(site: Site) -> None:
    page = site.page()
    page.goto(f"{site.base}/")
    page.wait_for_selector("[data-testid=map] .js-plotly-plot")
    drawn = page.evaluate(
        """() => {
            const plot = document.querySelector('[data-testid=map] .js-plotly-plot');
            const map = plot.layout.map || plot.layout.mapbox || {};
            return {
                traces: plot.data.map(t => t.name || ''),
                layers: (map.layers || []).length,
                markers: plot.data.reduce((n, t) => n + ((t.lat || []).length), 0),
            };
        }"""
    )
    assert drawn["layers"] >= 2  # regions and railways at least
    assert drawn["markers"] >= 8 + 12 - 2  # the default's deposits and sites (some share a place)
    assert "© OpenStreetMap contributors" in page.inner_text("[data-testid=attribution]")
    assert not any(request.startswith("http") and site.base not in request for request in _requests(page))


def _requests(page: Any) -> list[str]:
    entries: list[str] = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
    return entries


def test_switching_language(site: Site) -> None:
    page = site.page(locale="ru-RU")
    page.goto(f"{site.base}/")
    assert page.get_attribute("html", "lang") == "ru"
    russian = page.inner_text("body")
    assert re.search("[а-яА-Я]", russian)
    page.click("[data-testid=lang-en]")
    page.wait_for_function("document.documentElement.lang === 'en'")
    english = page.inner_text("body")
    assert english != russian
    page.click("[data-testid=lang-ru]")
    page.wait_for_function("document.documentElement.lang === 'ru'")


def test_editing_a_price_saves_a_new_version(site: Site) -> None:
    page = site.page()
    page.goto(f"{site.base}/scenarios/mini")
    page.wait_for_selector("[data-testid=editor]")
    price = page.locator("[data-testid=editor] input[data-table=prices][data-column=price]").first
    before = float(price.input_value().replace(",", ""))  # USD/kg as English writes it
    price.fill(str(before + 7))
    page.fill("[data-testid=version-message]", "a dearer price")
    page.click("[data-testid=save-version]")
    page.wait_for_selector("[data-testid=saved-version]")
    with _api(site) as api:
        versions = api.get("/api/scenarios/mini/versions").json()
        latest = versions[-1]
        assert latest["message"] == "a dearer price" and latest["author"] == USER
        diff = api.get(f"/api/scenarios/mini/diff?old={latest['number'] - 1}&new={latest['number']}").json()
    assert list(diff["tables"]) == ["prices"]


def test_a_bad_value_is_shown_where_it_was_typed(site: Site) -> None:
    page = site.page()
    page.goto(f"{site.base}/scenarios/mini")
    page.wait_for_selector("[data-testid=editor]")
    price = page.locator("[data-testid=editor] input[data-table=prices][data-column=price]").first
    price.fill("-5")
    page.click("[data-testid=save-version]")
    page.wait_for_selector("[data-testid=problems]:not([hidden])")
    listed = page.inner_text("[data-testid=problems]")
    # named by the input's label (which good, market and year), not by a row of prices.csv
    assert (price.get_attribute("aria-label") or "") in listed and "prices.csv" not in listed
    assert price.get_attribute("aria-invalid") == "true"
    assert price.evaluate("input => input.parentElement.querySelector('.field-problem').textContent") != ""


def test_running_a_plan_shows_its_kpis(site: Site) -> None:
    page = site.page()
    page.goto(f"{site.base}/scenarios/mini")
    page.click("[data-testid=start-run]")
    page.wait_for_selector("[data-testid=run-progress]")
    page.wait_for_url(re.compile(r"/runs/\d+"), timeout=120_000)
    page.wait_for_selector("[data-testid=kpi-npv]", timeout=120_000)
    run_id = int(re.search(r"/runs/(\d+)", page.url).group(1))  # type: ignore[union-attr]
    with _api(site) as api:
        assessment = api.get(f"/api/runs/{run_id}/results/assessment").json()
    shown = page.inner_text("[data-testid=kpi-npv]")
    assert (
        f"{assessment['npv_rub'] / 1e9:,.1f}".replace(",", "")
        in shown.replace(" ", "").replace("\u00a0", "").replace(",", ".")
        or f"{assessment['npv_rub'] / 1e9:.1f}" in shown
    )
    for kpi in ("kpi-irr", "kpi-capex", "kpi-jobs", "kpi-taxes", "kpi-diversification", "kpi-city"):
        assert page.inner_text(f"[data-testid={kpi}]").strip()
    page.wait_for_selector("[data-testid=sankey] .js-plotly-plot")
    assert page.is_visible("[data-testid=year-slider]")


def test_comparing_two_runs(site: Site) -> None:
    first = _finished_run(site)
    second = _finished_run(site)
    page = site.page()
    page.goto(f"{site.base}/compare?a={first['id']}&b={second['id']}")
    page.wait_for_selector("[data-testid=compare]")
    text = page.inner_text("[data-testid=compare]")
    assert str(first["id"]) in text and str(second["id"]) in text


def test_downloading_the_report(site: Site) -> None:
    run = _finished_run(site)
    page = site.page()
    page.goto(f"{site.base}/runs/{run['id']}")
    for view in ("risk", "npv-histogram", "tornado", "build-frequency"):
        page.wait_for_selector(f"[data-testid={view}] .js-plotly-plot")
    with page.expect_download() as html_download:
        page.click("[data-testid=report-html]")
    html = open(html_download.value.path(), encoding="utf-8").read()  # noqa: SIM115
    assert "<html" in html and "http://" not in html.split("<body", 1)[0]
    with page.expect_download(timeout=120_000) as pdf_download:
        page.click("[data-testid=report-pdf]")
    pdf = PdfReader(pdf_download.value.path())
    assert len(pdf.pages) >= 8  # title, figures, map, charts, tables, assumptions, sources
    text = _plain(" ".join(page.extract_text() for page in pdf.pages))
    with _api(site) as api:
        assessment = api.get(f"/api/runs/{run['id']}/results/assessment").json()
    with page.expect_download() as workbook_download:
        page.click("[data-testid=report-xlsx]")
    sheets = load_workbook(io.BytesIO(workbook_download.value.path().read_bytes()), read_only=True).sheetnames
    assert {"builds", "cashflows", "risk_samples"} <= set(sheets)
    for lang in ("ru", "en"):
        numbers = Numbers(lang, translator(lang, "report"))
        if _plain(numbers.money(assessment["npv_rub"])) in text:
            assert _plain(numbers.percent(assessment["irr"])) in text
            assert _plain(numbers.money(assessment["npv_rub"])) in _plain(html)
            break
    else:
        raise AssertionError("the PDF does not give the run's NPV")


def _plain(text: str) -> str:
    """Text with every kind of space made one plain space, and decimal commas as points."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).replace(",", ".")

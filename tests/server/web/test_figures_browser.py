"""The figures as a reader sees them in Chromium: the map writes its names (drawn with local
fonts, no glyph server, no console error), the tornado shows a label on every bar, and the
production chart's selector switches to one family's products."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.server.web.site import MISSING, PASSWORD, USER, Site, chromium_path, running_site

pytestmark = pytest.mark.skipif(chromium_path() is None, reason=MISSING)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with running_site() as running:
        yield running


def _risk_run(site: Site) -> int:
    token = httpx.post(f"{site.base}/api/auth/token", data={"username": USER, "password": PASSWORD}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    with httpx.Client(base_url=site.base, headers=headers, timeout=60) as api:
        run = api.post("/api/runs", json={"scenario": "mini", "kind": "risk", "samples": 300}).json()
        for _ in range(600):
            found: dict[str, Any] = api.get(f"/api/runs/{run['id']}").json()
            if found["status"] not in ("queued", "running"):
                assert found["status"] == "done", found
                return int(run["id"])
            time.sleep(0.25)
    raise AssertionError("the run did not finish")


def _watched(site: Site, locale: str = "en-US") -> tuple[Any, list[str]]:
    page = site.page(locale=locale)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return page, problems


def test_the_map_writes_names_in_russian_without_a_glyph_server(site: Site) -> None:
    page, problems = _watched(site, "ru-RU")
    page.goto(f"{site.base}/")
    page.wait_for_selector("[data-testid=map] .js-plotly-plot")
    # MapLibre draws the labels onto its canvas (placing them over a few frames): ask it which
    written_now = """() => {
        const plot = document.querySelector('[data-testid=map] .js-plotly-plot');
        const map = plot._fullLayout.map._subplot.map;
        const symbols = map.queryRenderedFeatures().filter(f => f.layer.type === 'symbol');
        return symbols.map(f => f.properties.text);
    }"""
    page.wait_for_function(f"() => ({written_now})().includes('Монголия')", timeout=30_000)
    written: list[str] = page.evaluate(written_now)
    assert "Иркутская область" in written and "Монголия" in written
    assert len(written) >= 10
    requests: list[str] = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
    assert [r for r in requests if not r.startswith(site.base)] == []
    assert problems == []


def test_every_tornado_bar_has_its_label_and_the_selector_shows_a_family(site: Site) -> None:
    run = _risk_run(site)
    page, problems = _watched(site)
    page.goto(f"{site.base}/runs/{run}")
    page.wait_for_selector("[data-testid=tornado] .js-plotly-plot")
    page.wait_for_selector("[data-testid=production] .js-plotly-plot")
    bars: int = page.evaluate(
        "() => document.querySelector('[data-testid=tornado] .js-plotly-plot').data[0].y.length"
    )
    ticks: list[str] = page.evaluate(
        """() => Array.from(document.querySelectorAll('[data-testid=tornado] .yaxislayer-above .ytick text'))
            .map(e => e.textContent || '')"""
    )
    assert len([t for t in ticks if t.strip()]) == bars >= 5
    # the figure is as tall as its bars need, not squeezed into the panel
    box = page.locator("[data-testid=tornado] .js-plotly-plot").bounding_box()
    assert box is not None and box["height"] >= 30 * bars

    def shown() -> list[str]:
        names: list[str] = page.evaluate(
            """() => document.querySelector('[data-testid=production] .js-plotly-plot').data
                .filter(t => t.visible !== false).map(t => t.name)"""
        )
        return names

    families = shown()
    page.click("[data-testid=production] .updatemenu-header")
    options = page.locator("[data-testid=production] .updatemenu-dropdown-button")
    assert options.count() == len(families) + 1  # every family, and all of them together
    options.nth(1).click()
    page.wait_for_function(
        """(before) => {
            const data = document.querySelector('[data-testid=production] .js-plotly-plot').data;
            return JSON.stringify(data.filter(t => t.visible !== false).map(t => t.name)) !== before;
        }""",
        arg=str(families).replace("'", '"'),
    )
    assert shown() != families and shown()
    assert problems == []

"""The scenario editor in a real browser (Playwright driving Debian's Chromium), in Russian and
English: a price typed in USD/kg as the page's locale writes it is saved as the same price a
scenario file would give; another unit shows every price again in it; a refused value is marked
at its input; no errors in the browser's console."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from angara.scenario.load import load
from tests.conftest import MINI
from tests.server.web.site import MISSING, PASSWORD, USER, Site, chromium_path, running_site

pytestmark = pytest.mark.skipif(chromium_path() is None, reason=MISSING)
PRICE = "price-abroad-ndpr_oxide-2030"  # 90 USD/kg in the mini scenario, at 100 RUB/USD in 2030
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with running_site() as running:
        yield running


def _api(site: Site) -> httpx.Client:
    token = httpx.post(f"{site.base}/api/auth/token", data={"username": USER, "password": PASSWORD}).json()
    return httpx.Client(
        base_url=site.base, headers={"Authorization": f"Bearer {token['access_token']}"}, timeout=60
    )


def _watched(site: Site, locale: str) -> tuple[Any, list[str]]:
    """A signed-in tab in ``locale`` and the errors its console reports."""
    page = site.page(locale=locale)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, errors


def _written_price(tmp_path: Path, text: str) -> float:
    """The stored price of the mini scenario whose prices.csv says ``text`` USD/kg for PRICE."""
    folder = tmp_path / "written"
    shutil.copytree(MINI, folder)
    with (folder / "prices.csv").open(newline="") as file:
        rows = list(csv.reader(file))
    for row in rows[1:]:
        if row[:3] == ["abroad", "ndpr_oxide", "2030"]:
            row[3] = text
    with (folder / "prices.csv").open("w", newline="") as file:
        csv.writer(file).writerows(rows)
    return next(
        p.price for p in load(folder).prices if (p.market, p.good, p.year) == ("abroad", "ndpr_oxide", 2030)
    )


@pytest.mark.parametrize(
    ("locale", "typed", "plain"),
    [("ru-RU", "12,5", "12.5"), ("en-US", "1,312.5", "1312.5"), ("ru-RU", "1 299,5", "1299.5")],
)
def test_a_price_typed_in_usd_per_kg_is_saved_as_a_file_would_give_it(
    site: Site, tmp_path: Path, locale: str, typed: str, plain: str
) -> None:
    page, errors = _watched(site, locale)
    page.goto(f"{site.base}/scenarios/mini")
    page.wait_for_selector("[data-testid=editor]")
    assert page.input_value("[data-testid=unit-prices]") == "USD/kg"
    price = page.locator(f"[data-testid={PRICE}]")
    assert price.get_attribute("data-unit") == "USD/kg"
    base = int(page.get_attribute("[data-testid=editor]", "data-version") or 0)
    price.fill(typed)
    page.fill("[data-testid=version-message]", f"NdPr oxide at {typed} USD/kg")
    page.click("[data-testid=save-version]")
    page.wait_for_selector("[data-testid=saved-version]")
    with _api(site) as api:
        latest = api.get("/api/scenarios/mini/versions").json()[-1]
        assert latest["number"] == base + 1
        diff = api.get(f"/api/scenarios/mini/diff?old={base}&new={base + 1}").json()
    [changed] = diff["tables"]["prices"]["changed"]
    assert changed["key"] == "abroad/ndpr_oxide/2030"
    assert changed["columns"]["price"]["new"] == pytest.approx(_written_price(tmp_path, plain), rel=1e-9)
    # the page shows the saved version in the chosen unit, as its locale writes numbers
    page.reload()
    page.wait_for_selector("[data-testid=editor]")
    assert page.input_value(f"[data-testid={PRICE}]").replace(NBSP, " ") == typed
    assert errors == []


def test_choosing_another_unit_shows_every_price_in_it(site: Site) -> None:
    page, errors = _watched(site, "ru-RU")
    page.goto(f"{site.base}/scenarios/mini")
    page.wait_for_selector("[data-testid=editor]")
    usd = float(page.input_value(f"[data-testid={PRICE}]").replace(NBSP, "").replace(",", "."))
    # with an unsaved change, the unit stays: changing it would lose what was typed
    page.fill("[data-testid=price-abroad-ndpr_oxide-2025]", "1")
    page.select_option("[data-testid=unit-prices]", "RUB/t")
    assert page.input_value("[data-testid=unit-prices]") == "USD/kg"
    assert page.inner_text("[data-testid=save-status]").strip()
    page.reload()
    page.wait_for_selector("[data-testid=editor]")
    with page.expect_navigation():
        page.select_option("[data-testid=unit-prices]", "RUB/t")
    assert "unit_prices=RUB%2Ft" in page.url or "unit_prices=RUB/t" in page.url
    price = page.locator(f"[data-testid={PRICE}]")
    assert price.get_attribute("data-unit") == "RUB/t"
    rub = float(price.input_value().replace(NBSP, "").replace(" ", "").replace(",", "."))
    assert rub == pytest.approx(usd * 100 * 1000, rel=1e-9)  # 100 RUB/USD in 2030
    assert NBSP in price.input_value()  # thousands grouped as Russian writes them
    # remembered: the editor opened again without the parameter keeps RUB/t
    page.goto(f"{site.base}/scenarios/mini")
    assert page.input_value("[data-testid=unit-prices]") == "RUB/t"
    page.select_option("[data-testid=unit-prices]", "USD/kg")
    page.wait_for_load_state()
    assert errors == []


@pytest.mark.parametrize("locale", ["ru-RU", "en-US"])
def test_a_refused_value_is_marked_at_its_input(site: Site, locale: str) -> None:
    page, errors = _watched(site, locale)
    page.goto(f"{site.base}/scenarios/mini")
    page.wait_for_selector("[data-testid=editor]")
    base = int(page.get_attribute("[data-testid=editor]", "data-version") or 0)
    price = page.locator(f"[data-testid={PRICE}]")
    label = price.get_attribute("aria-label") or ""
    price.fill("-5")
    page.click("[data-testid=save-version]")
    page.wait_for_selector("[data-testid=problems]:not([hidden])")
    assert price.get_attribute("aria-invalid") == "true"
    assert "invalid" in (price.get_attribute("class") or "")
    assert page.evaluate(f"document.activeElement.dataset.testid === '{PRICE}'")
    note = page.locator(f"[data-testid={PRICE}] ~ .field-problem")
    assert note.inner_text().strip()
    listed = page.inner_text("[data-testid=problems]")
    assert label in listed and "prices.csv" not in listed  # named by its input, not by a file row
    # a discount rate of 150 % is refused at its input too (scenario.yaml, not a table)
    page.fill("[data-testid=discount-rate]", "1,5" if locale == "ru-RU" else "1.5")
    page.click("[data-testid=save-version]")
    page.wait_for_selector("[data-testid=discount-rate][aria-invalid=true]")
    # text that is no number is marked before anything is sent
    other = page.locator("[data-testid=price-abroad-ndpr_oxide-2025]")
    other.fill("twelve")
    page.click("[data-testid=save-version]")
    assert other.get_attribute("aria-invalid") == "true"
    with _api(site) as api:
        assert api.get("/api/scenarios/mini/versions").json()[-1]["number"] == base
    assert [e for e in errors if "422" not in e] == []  # the refused request is the only one logged


def test_the_same_number_written_another_way_is_no_change(site: Site) -> None:
    page, errors = _watched(site, "ru-RU")
    page.goto(f"{site.base}/scenarios/mini")
    page.wait_for_selector("[data-testid=editor]")
    base = page.get_attribute("[data-testid=editor]", "data-version")
    shown = page.input_value("[data-testid=discount-rate]")
    assert "," in shown  # 0,1 as Russian writes it
    page.fill("[data-testid=discount-rate]", shown.replace(",", "."))
    page.click("[data-testid=save-version]")
    assert page.inner_text("[data-testid=save-status]").strip()  # "nothing changed"
    assert page.locator("[data-testid=saved-version]").count() == 0
    assert page.get_attribute("[data-testid=editor]", "data-version") == base
    assert errors == []

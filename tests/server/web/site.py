"""A live Angara site for browser tests and screenshots: a server on a free loopback port
with an analyst, the default scenario and the mini scenario, and Debian's Chromium."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from angara.scenario.load import DEFAULT_SCENARIO, load
from angara.server.settings import ServerSettings
from angara.server.store.database import open_database
from angara.server.store.scenarios import save_version
from angara.server.store.users import add_user
from tests.conftest import MINI
from tests.server.api.live import live_server

USER = "analyst"
PASSWORD = "correct horse battery"
# what the machine's closed network needs: no background connections, no sandbox as root
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING = "Chromium is not installed (Debian package chromium; .ci/run installs it): browser tests skipped"


def chromium_path() -> str | None:
    """Debian's Chromium, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class Site:
    base: str
    browser: Browser

    def page(self, width: int = 1440, height: int = 900, locale: str = "en-US") -> Page:
        """A new browser tab of the given size and language, signed in as the analyst."""
        context = self.browser.new_context(viewport={"width": width, "height": height}, locale=locale)
        page = context.new_page()
        page.goto(f"{self.base}/login")
        page.fill("input[name=username]", USER)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)
        return page


@contextmanager
def running_site(folder: Path | None = None) -> Iterator[Site]:
    """Serve a fresh database with the analyst and both scenarios; drive it with Chromium."""
    executable = chromium_path()
    if executable is None:
        raise FileNotFoundError(MISSING)
    with tempfile.TemporaryDirectory(prefix="angara-site-") as temporary:
        url = f"sqlite:///{Path(folder or temporary) / 'angara.db'}"
        database = open_database(url)
        with database.session() as session:
            analyst = add_user(session, USER, "analyst", PASSWORD, created_by=None)
            save_version(session, DEFAULT_SCENARIO, load(DEFAULT_SCENARIO), analyst, "the built-in default")
            save_version(session, "mini", load(MINI), analyst, "a small test scenario")
        database.close()
        settings = ServerSettings(db_url=url, workers=2, worker_processes=False)
        with live_server(settings) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                yield Site(base, browser)
            finally:
                browser.close()

"""Screenshots of each main view at a laptop and a tablet size, for the README.

Run:  make screenshots   (or  .venv/bin/python -m tests.server.web.screenshots docs/screenshots)
Starts a site with the default and mini scenarios (tests/web/site.py), runs two plans of
the mini scenario (the second after an edit, for the comparison), and saves
``<view>-<width>x<height>.png`` for the map, the editor, a run, the comparison and the
run list, in Russian and English where the language matters.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import httpx

from tests.server.web.site import PASSWORD, USER, Site, running_site

SIZES = ((1440, 900), (1024, 768))
SETTLE_S = 1.5  # plotly draws after the page has loaded


def start_plan(site: Site, scenario: str, version: int | None = None) -> int:
    """Start a plan run through the API and wait for it; its id."""
    token = httpx.post(f"{site.base}/api/auth/token", data={"username": USER, "password": PASSWORD}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    wanted: dict[str, object] = {"scenario": scenario, "kind": "risk", "samples": 2000, "replan": 3}
    if version is not None:
        wanted["version"] = version
    run = httpx.post(f"{site.base}/api/runs", headers=headers, json=wanted).json()
    for _ in range(600):
        status = httpx.get(f"{site.base}/api/runs/{run['id']}", headers=headers).json()["status"]
        if status in ("done", "failed", "cancelled"):
            if status != "done":
                raise RuntimeError(f"run {run['id']} {status}")
            return int(run["id"])
        time.sleep(0.5)
    raise RuntimeError(f"run {run['id']} did not finish")


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with running_site() as site:
        first = start_plan(site, "mini")
        second = start_plan(site, "mini")
        views = {
            "map": "/",
            "editor": "/scenarios/mini",
            "run": f"/runs/{first}",
            "compare": f"/compare?a={first}&b={second}",
            "runs": "/runs",
        }
        for width, height in SIZES:
            for locale, suffix in (("ru-RU", ""), ("en-US", "-en")):
                page = site.page(width, height, locale)
                for view, path in views.items():
                    if suffix and view not in ("map", "run"):
                        continue
                    page.goto(f"{site.base}{path}")
                    page.wait_for_load_state("networkidle")
                    time.sleep(SETTLE_S)
                    target = folder / f"{view}{suffix}-{width}x{height}.png"
                    page.screenshot(path=str(target))
                    print(target)
                page.context.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))

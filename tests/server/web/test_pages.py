"""The pages with FastAPI's test client: signed in, in both languages, fully translated,
offline; the editor's edits route and the figure endpoints."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

import angara.report
import angara.server.web
from angara.i18n import catalog_path
from angara.server.store import users
from angara.server.store.runs import STATUSES
from angara.server.store.users import ROLES
from angara.server.web import views
from angara.workflow import RUN_KINDS
from tests.conftest import MINI
from tests.server.api.conftest import PASSWORD, Server, start, zipped

WEB = Path(angara.server.web.__file__).parent
REPORT = Path(angara.report.__file__).parent
URL = re.compile(r"https?://[^\s\"'<>)]+")
PAGE_IDS = {
    "/": ["map", "legend", "attribution", "lang-ru", "lang-en"],
    "/scenarios": ["scenarios", "scenario-mini"],
    "/scenarios/mini": ["editor", "save-version", "start-run", "problems", "run-progress", "version-message"],
    "/runs": ["runs"],
    "/compare": ["compare"],
}
RUN_IDS = [
    "kpi-npv", "kpi-irr", "kpi-capex", "kpi-jobs", "kpi-taxes", "kpi-diversification", "kpi-city",
    "sankey", "production", "cashflow", "year-slider", "map", "attribution", "report-html", "report-pdf",
    "tables", "csv-builds", "xlsx-builds",
]  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, int, int]]:
    """A server with the mini scenario, a finished plan run and a finished risk run, and the
    test client signed in as the analyst's browser."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        for server in start(f"sqlite:///{tmp_path_factory.mktemp('web') / 'angara.db'}"):
            headers = server.headers("analyst")
            upload = server.client.post(
                "/api/scenarios",
                files={"file": ("mini.zip", zipped(MINI))},
                data={"name": "mini"},
                headers=headers,
            )
            assert upload.status_code == 201, upload.text
            runs = []
            for body in ({"scenario": "mini"}, {"scenario": "mini", "kind": "risk", "samples": 200}):
                started = server.client.post("/api/runs", json=body, headers=headers)
                assert started.status_code == 202, started.text
                finished = server.wait(started.json()["id"])
                assert finished["status"] == "done", finished["message"]
                runs.append(finished["id"])
            signed = server.client.post(
                "/api/auth/session", data={"username": "analyst", "password": PASSWORD}
            )
            assert signed.status_code == 200
            yield server, runs[0], runs[1]


def csrf(server: Server) -> dict[str, str]:
    return {"X-CSRF-Token": server.client.cookies["angara_csrf"]}


@contextmanager
def language(server: Server, lang: str | None) -> Iterator[None]:
    if lang:
        server.client.cookies.set("lang", lang)
    try:
        yield
    finally:
        server.client.cookies.delete("lang")


@contextmanager
def signed_out(server: Server) -> Iterator[None]:
    kept = dict(server.client.cookies)
    server.client.cookies.clear()
    try:
        yield
    finally:
        for name, value in kept.items():
            server.client.cookies.set(name, value)


def test_pages_need_a_signed_in_browser(site: tuple[Server, int, int]) -> None:
    server, plan, _ = site
    with signed_out(server):
        for path in ("/", "/scenarios", "/scenarios/mini", "/runs", f"/runs/{plan}", "/compare"):
            answer = server.client.get(path, follow_redirects=False)
            assert answer.status_code == 303, path
            assert answer.headers["location"].startswith("/login?next=%2F"), path
        login = server.client.get("/login")
        assert login.status_code == 200
        assert 'data-testid="login"' in login.text
        assert 'action="/api/auth/session"' in login.text


@pytest.mark.parametrize(("lang", "word"), [("ru", "Карта"), ("en", "Map")])
def test_every_page_in_both_languages(site: tuple[Server, int, int], lang: str, word: str) -> None:
    server, plan, risk = site
    pages = {**PAGE_IDS, f"/runs/{plan}": RUN_IDS, f"/runs/{risk}": [*RUN_IDS, "risk"]}
    pages[f"/compare?a={plan}&b={risk}"] = ["compare", "compare-kpis", "builds-only-a", "map-a", "map-b"]
    with language(server, lang):
        for path, testids in pages.items():
            answer = server.client.get(path)
            assert answer.status_code == 200, (path, answer.text[:300])
            assert f'<html lang="{lang}">' in answer.text
            assert word in answer.text, path
            for testid in testids:
                assert f'data-testid="{testid}"' in answer.text, (path, testid)


def test_russian_by_default_for_russian_browsers(site: tuple[Server, int, int]) -> None:
    server, _, _ = site
    assert '<html lang="ru">' in server.client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).text
    assert '<html lang="en">' in server.client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).text
    assert '<html lang="ru">' in server.client.get("/").text  # nothing said: Russian


def test_the_language_switch_sets_a_cookie(site: tuple[Server, int, int]) -> None:
    server, _, _ = site
    answer = server.client.get("/lang/en?next=/runs", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/runs"
    assert "lang=en" in answer.headers["set-cookie"]
    assert (
        server.client.get("/lang/en?next=https://elsewhere.example", follow_redirects=False).headers[
            "location"
        ]
        == "/"
    )
    server.client.cookies.delete("lang")


def test_no_risk_view_for_a_plan_run(site: tuple[Server, int, int]) -> None:
    server, plan, _ = site
    assert 'data-testid="risk"' not in server.client.get(f"/runs/{plan}").text


def labels(paths: list[Path], method: str) -> set[str]:
    found: set[str] = set()
    for path in paths:
        for _line, message, _comments, _context in extract_from_file(
            method, path, keywords={"_": None, "N_": None}
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize(
    ("domain", "python", "templates"),
    [
        ("web", [WEB / "views.py", WEB / "pages.py"], sorted((WEB / "templates").glob("*.html"))),
        (
            "figures",
            [
                REPORT / name
                for name in (
                    "figures.py",
                    "maps.py",
                    "readable.py",
                    "production.py",
                    "risk_views.py",
                    "stages.py",
                    "map_labels.py",
                )
            ],
            [],
        ),
    ],
)
def test_every_label_has_a_russian_translation(
    domain: str, python: list[Path], templates: list[Path]
) -> None:
    with catalog_path("ru", domain).open("rb") as file:
        catalog = read_po(file, locale="ru", domain=domain)
    translated = {m.id: m.string for m in catalog if m.id and not m.fuzzy}
    used = labels(python, "python") | labels(templates, "jinja2")
    assert len(used) > 60
    assert sorted(used - {k for k, v in translated.items() if v}) == []
    assert sorted(set(translated) - used) == []  # no stale entries either


def test_offline_no_other_hosts(site: tuple[Server, int, int]) -> None:
    """Pages, scripts and styles name no other host (the map's credits are text, not links)."""
    server, plan, risk = site
    served = [f"/runs/{plan}", f"/runs/{risk}", f"/compare?a={plan}&b={risk}", *PAGE_IDS, "/login"]
    served += [f"/static/{path.name}" for path in sorted((WEB / "static").iterdir())]
    for path in served:
        answer = server.client.get(path)
        assert answer.status_code == 200, path
        assert URL.findall(answer.text) == [], path
        for reference in re.findall(r'(?:src|href)="([^"]*)"', answer.text):
            assert reference.startswith(("/", "#", "?")) or reference == "", (path, reference)
    bundle = server.client.get("/static/vendor/plotly.min.js")
    assert bundle.status_code == 200 and "javascript" in bundle.headers["content-type"]
    assert "plotly.js" in bundle.text[:200]


def test_edit_a_price_and_save_a_version(site: tuple[Server, int, int]) -> None:
    server, _, _ = site
    price = server.client.get("/api/scenarios/mini/versions").json()[-1]
    base = price["number"]
    edits = {
        "base_version": base,
        "message": "dearer NdPr",
        "edits": [
            {"table": "prices", "key": ["abroad", "ndpr_oxide", 2030], "column": "price", "value": 9999999}
        ],
    }
    assert server.client.post("/api/scenarios/mini/edits", json=edits).status_code == 403  # no CSRF header
    answer = server.client.post("/api/scenarios/mini/edits", json=edits, headers=csrf(server))
    assert answer.status_code == 201, answer.text
    assert answer.json()["number"] == base + 1
    diff = server.client.get(f"/api/scenarios/mini/diff?old={base}&new={base + 1}").json()
    assert "prices" in json.dumps(diff) and "9999999" in json.dumps(diff)
    again = server.client.post("/api/scenarios/mini/edits", json=edits, headers=csrf(server))
    assert again.status_code == 409  # the base is no longer the latest version


def test_switch_a_deposit_off(site: tuple[Server, int, int]) -> None:
    server, _, _ = site
    base = server.client.get("/api/scenarios/mini/versions").json()[-1]["number"]
    body = {"base_version": base, "switches": [{"table": "deposits", "key": "dep", "enabled": False}]}
    answer = server.client.post("/api/scenarios/mini/edits", json=body, headers=csrf(server))
    assert answer.status_code == 201, answer.text
    editor = server.client.get("/scenarios/mini").text
    assert re.search(r'data-testid="switch-deposits-dep"[^>]*>', editor)
    assert 'data-original="off"' in editor


def test_an_invalid_value_is_refused_with_its_place(site: tuple[Server, int, int]) -> None:
    server, _, _ = site
    base = server.client.get("/api/scenarios/mini/versions").json()[-1]["number"]
    body = {
        "base_version": base,
        "edits": [{"table": "prices", "key": ["abroad", "ndpr_oxide", 2030], "column": "price", "value": -1}],
    }
    answer = server.client.post("/api/scenarios/mini/edits", json=body, headers=csrf(server))
    assert answer.status_code == 422
    [problem] = answer.json()["problems"]
    assert problem["where"] == "prices.csv"
    assert problem["column"] == "price [RUB/t]"
    editor = server.client.get("/scenarios/mini").text
    # the editor's field carries the same place, so the page can show the problem beside it
    assert f'data-where="prices.csv" data-row="{problem["row"]}"' in editor
    assert server.client.get("/api/scenarios/mini/versions").json()[-1]["number"] == base


@pytest.mark.parametrize("name", ["production", "cashflow", "sankey", "npv_histogram", "tornado"])
def test_figure_endpoints_answer_plotly_json(site: tuple[Server, int, int], name: str) -> None:
    server, plan, risk = site
    answer = server.client.get(f"/api/runs/{risk}/figures/{name}?lang=ru")
    assert answer.status_code == 200, answer.text
    document = answer.json()
    assert document["data"] and isinstance(document["layout"], dict)
    if name in ("npv_histogram", "tornado"):
        assert server.client.get(f"/api/runs/{plan}/figures/{name}").status_code == 404


def test_map_endpoints(site: tuple[Server, int, int]) -> None:
    server, plan, _ = site
    for path in (
        "/api/scenarios/mini/map?lang=ru",
        "/api/scenarios/angara-yenisei/map",
        f"/api/runs/{plan}/map?year=2030",
    ):
        answer = server.client.get(path)
        assert answer.status_code == 200, path
        style = answer.json()["layout"]["map"]["style"]  # blank, no tiles and no glyph server
        assert style["sources"] == {} and "glyphs" not in style, path
    assert server.client.get("/api/scenarios/nothing/map").status_code == 404


def test_report_link_gives_the_report(site: tuple[Server, int, int]) -> None:
    server, plan, _ = site
    answer = server.client.get(f"/api/runs/{plan}/report?format=html&lang=en")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")


def test_the_words_translated_from_data_are_the_stores() -> None:
    """The pages translate a run's kind and status and an account's role: every value the
    store and the workflow know has its label (they must be literals for the catalog)."""
    assert set(views.KINDS) == set(RUN_KINDS)
    assert set(views.STATUSES) == set(STATUSES)
    assert set(views.ROLES) == set(ROLES)

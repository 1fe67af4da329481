"""Every answer carries the security headers (a CSP without inline scripts, no framing, no
sniffing, a referrer policy), and the redirects after sign-in or a language switch stay on
the site whatever ``next`` says."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from argon2 import PasswordHasher

from angara.server.settings import ServerSettings
from angara.server.store import users
from angara.server.web.pages import local_path
from tests.server.api.conftest import Server, start
from tests.server.web.site import MISSING, chromium_path, running_site
from tests.server.web.site import PASSWORD as SITE_PASSWORD

HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield from start(f"sqlite:///{tmp_path / 'angara.db'}", ServerSettings(workers=1))


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/login", 200),  # a page
        ("/", 303),  # a page's redirect to sign in
        ("/api/health", 200),  # an API answer
        ("/api/me", 401),  # an API refusal
        ("/api/nothing-here", 404),
        ("/static/app.js", 200),  # a static file
        ("/static/app.css", 200),
        ("/static/vendor/plotly.min.js", 200),
    ],
)
def test_every_answer_carries_the_security_headers(server: Server, path: str, status: int) -> None:
    answer = server.client.get(path, follow_redirects=False)
    assert answer.status_code == status
    for name, value in HEADERS.items():
        assert answer.headers.get(name) == value, name
    policy = {
        part.split()[0]: part.split()[1:]
        for part in answer.headers["content-security-policy"].split(";")
        if part.strip()
    }
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no inline scripts, no eval
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


def test_a_refusal_before_the_body_carries_them_too(server: Server) -> None:
    answer = server.client.post("/api/runs", json={"scenario": "mini"})
    assert answer.status_code == 401
    assert answer.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


def test_the_pages_have_no_inline_script() -> None:
    # JSON data blocks (type="application/json") are data, never run; any other <script>
    # must load its code from /static
    templates = Path(__file__).resolve().parents[2] / "src/angara/server/web/templates"
    for template in templates.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in text.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert 'src="/static/' in opening or 'type="application/json"' in opening, template.name
        assert " onclick=" not in text and " onload=" not in text and "javascript:" not in text


OFF_SITE = [
    "//evil.example",
    "/\\evil.example",
    "/%5Cevil.example",
    "/%5cevil.example",
    "/%255Cevil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/\t/evil.example",
    "/%09/evil.example",
    "/\r\nLocation: https://evil.example",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "",
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_off_site_targets_are_replaced_by_the_home_page(target: str) -> None:
    assert local_path(target) == "/"


@pytest.mark.parametrize("target", ["/", "/runs/3", "/scenarios/mini?version=2", "/compare?a=1&b=2"])
def test_local_paths_are_kept(target: str) -> None:
    assert local_path(target) == target


@pytest.mark.parametrize(
    "query", ["/%5Cevil.example", "//evil.example", "/%255Cevil.example", "https://evil.example"]
)
def test_the_language_switch_and_sign_in_stay_on_the_site(server: Server, query: str) -> None:
    answer = server.client.get(f"/lang/en?next={quote(query, safe='')}", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"
    # the case exactly as it was sent: /login?next=/%5Cevil.example
    page = server.client.get(f"/login?next={query}")
    assert 'data-next="/"' in page.text  # where login.js goes after signing in
    for link in re.findall(r'(?:href|data-next)="([^"]*)"', page.text):  # every link stays on the site
        assert link.startswith("/") and not link.startswith("//") and "\\" not in unquote(link), link


@pytest.mark.skipif(chromium_path() is None, reason=MISSING)
def test_the_pages_work_under_the_policy_in_a_browser() -> None:
    # the map (Plotly and MapLibre: web workers, canvas images, Plotly's own <style>) and the
    # account page's password form and the API docs, with no Content-Security-Policy violation
    # on the console
    with running_site() as site:
        page = site.page()
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        page.goto(f"{site.base}/")
        page.wait_for_selector("[data-testid=map] .js-plotly-plot")
        page.goto(f"{site.base}/account")
        page.fill("input[name=current_password]", SITE_PASSWORD)
        page.fill("input[name=new_password]", "password1234")
        page.fill("input[name=repeat]", "password1234")
        page.click("[data-testid=change-password]")
        page.wait_for_selector("[data-testid=password-status]:not([hidden])")
        assert "most common passwords" in page.inner_text("[data-testid=password-status]")
        # the API docs: Swagger UI from the installed package, started by a script file
        page.goto(f"{site.base}/docs")
        page.wait_for_selector(".opblock")
        assert page.locator(".opblock").count() >= 20
    assert not [text for text in console if "Content Security Policy" in text]

"""The web pages: server-rendered Jinja2 templates in Russian or English for a signed-in
browser; charts and maps are fetched as Plotly JSON from the API by small scripts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, unquote

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from angara.i18n import LANGUAGES, preferred_language, translator
from angara.report.maps import attribution
from angara.report.readable import number
from angara.scenario.load import DEFAULT_SCENARIO
from angara.server.services import browser_account, reading, run_results, stored_scenario
from angara.server.store.database import NotFound
from angara.server.store.runs import get_run, list_runs
from angara.server.store.scenarios import list_scenarios, load_version
from angara.server.store.users import Account
from angara.server.web import editor_fields, views

HERE = Path(__file__).resolve().parent
LANG_COOKIE = "lang"
MAX_ID = 2**31 - 1

router = APIRouter(include_in_schema=False)
Db = Annotated[Session, Depends(reading, scope="function")]
templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))


def plotly_js() -> Path:
    """plotly.min.js as shipped inside the installed plotly package (no CDN)."""
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


def install(app: FastAPI) -> None:
    """Add the pages, their static files and the bundled plotly.js to ``app``."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")


def language(request: Request) -> str:
    """``ru`` or ``en``: the ``lang`` cookie, else the browser's Accept-Language."""
    chosen = request.cookies.get(LANG_COOKIE, "")
    return chosen if chosen in LANGUAGES else preferred_language(request.headers.get("accept-language"))


def page(request: Request, template: str, account: Account | None, **context: Any) -> HTMLResponse:
    """Render ``template`` in the reader's language."""
    lang = language(request)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    html = templates.get_template(template).render(
        _=translator(lang, "web"),
        lang=lang,
        account=account,
        here=quote(local_path(here), safe="/?=&"),  # the language links' way back: never off-site
        path=request.url.path,
        number=lambda value, digits=0: number(value, lang, digits),
        **context,
    )
    return HTMLResponse(html)


def local_path(target: str, default: str = "/") -> str:
    """``target`` if it is a path on this site, else ``default``: every redirect the pages
    make after sign-in or a language switch goes through here.

    Refused, also once percent-decoded (browsers read a backslash as a slash, so ``/\\x`` and
    ``/%5Cx`` would lead to the host ``x``): anything not starting with a single ``/``
    (``//host``, ``https:``, ``javascript:``), backslashes and control characters.
    """
    seen = target
    for _ in range(3):  # nested encodings (%255C) decode to the same refusals
        if not seen.startswith("/") or seen.startswith("//") or "\\" in seen:
            return default
        if any(ord(c) < 0x20 or ord(c) == 0x7F for c in seen):
            return default
        decoded = unquote(seen)
        if decoded == seen:
            return target
        seen = decoded
    return default


def to_login(request: Request) -> RedirectResponse:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(here, safe='')}", status_code=303)


@router.get("/static/vendor/plotly.min.js")
def plotly_bundle() -> FileResponse:
    return FileResponse(plotly_js(), media_type="text/javascript")


@router.get("/lang/{code}")
def switch_language(code: str, next: str = "/") -> RedirectResponse:
    """Remember the chosen language in a cookie and go back."""
    answer = RedirectResponse(local_path(next), status_code=303)
    if code in LANGUAGES:
        answer.set_cookie(LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="lax")
    return answer


@router.get("/login", response_class=HTMLResponse)
def login(request: Request, db: Db, next: str = "/") -> Response:
    return page(request, "login.html", browser_account(request, db), next=local_path(next))


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, db: Db) -> Response:
    """One's own account: change the password."""
    account = browser_account(request, db)
    if account is None:
        return to_login(request)
    return page(request, "account.html", account)


@router.get("/", response_class=HTMLResponse)
def map_page(
    request: Request, db: Db, scenario: Annotated[str, Query(max_length=64)] = DEFAULT_SCENARIO
) -> Response:
    account = browser_account(request, db)
    if account is None:
        return to_login(request)
    _ = translator(language(request), "figures")
    try:
        number_, loaded = stored_scenario(db, scenario)
    except NotFound:
        return _missing(request, account, scenario)
    return page(
        request,
        "map.html",
        account,
        scenario=loaded,
        version=number_,
        attribution=attribution(_),
        stored=list_scenarios(db),
    )


@router.get("/scenarios", response_class=HTMLResponse)
def scenarios_page(request: Request, db: Db) -> Response:
    account = browser_account(request, db)
    if account is None:
        return to_login(request)
    return page(request, "scenarios.html", account, scenarios=list_scenarios(db))


@router.get("/scenarios/{name}", response_class=HTMLResponse)
def editor_page(
    request: Request, name: str, db: Db, version: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None
) -> Response:
    account = browser_account(request, db)
    if account is None:
        return to_login(request)
    try:
        info, scenario = load_version(db, name, version)
    except NotFound:
        return _missing(request, account, name)
    return page(
        request,
        "editor.html",
        account,
        info=info,
        scenario=scenario,
        **editor_fields.editor_context(scenario, language(request), request.query_params, request.cookies),
    )


@router.get("/runs", response_class=HTMLResponse)
def runs_page(request: Request, db: Db) -> Response:
    account = browser_account(request, db)
    if account is None:
        return to_login(request)
    return page(request, "runs.html", account, runs=list_runs(db, limit=200))


@router.get("/runs/{run_id}", response_class=HTMLResponse)
def run_page(request: Request, run_id: int, db: Db) -> Response:
    account = browser_account(request, db)
    if account is None:
        return to_login(request)
    lang = language(request)
    try:
        info = get_run(db, run_id)
    except NotFound:
        return _missing(request, account, f"run {run_id}")
    if info.status != "done":
        return page(request, "run_pending.html", account, run=info)
    _, results = run_results(db, run_id)
    _, scenario = load_version(db, info.scenario, info.version)
    cards = views.kpi_cards(results, scenario, translator(lang, "web"), translator(lang, "figures"), lang)
    return page(
        request,
        "run.html",
        account,
        run=info,
        cards=cards,
        tables=[t for t in (*views.TABLES, *views.RISK_TABLES) if f"{t}.csv" in info.results],
        risk=results.risk is not None,
        replanned=not results.table("build_frequency").empty,
        builds=results.table("builds").to_dict("records"),
        mandates=results.table("mandates").to_dict("records"),
        mandates_together=results.plan.mandates_together,
        mandate_kinds=views.MANDATE_KINDS,
        years=views.slider_years(results),
    )


@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    db: Db,
    a: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    b: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    account = browser_account(request, db)
    if account is None:
        return to_login(request)
    lang = language(request)
    done = [run for run in list_runs(db, limit=200) if run.status == "done"]
    if a is None or b is None:
        return page(request, "compare.html", account, runs=done, a=a, b=b, cards=None)
    try:
        run_a, results_a = run_results(db, a)
        run_b, results_b = run_results(db, b)
        _, scenario = load_version(db, run_b.scenario, run_b.version)
    except NotFound as error:
        return _missing(request, account, str(error))
    web, figures_ = translator(lang, "web"), translator(lang, "figures")
    return page(
        request,
        "compare.html",
        account,
        runs=done,
        a=a,
        b=b,
        run_a=run_a,
        run_b=run_b,
        cards=views.compared_cards(results_a, results_b, scenario, web, figures_, lang),
        builds=views.compared_builds(results_a, results_b),
        years=views.slider_years(results_a, results_b),
    )


def _missing(request: Request, account: Account, what: str) -> HTMLResponse:
    answer = page(request, "missing.html", account, what=what)
    answer.status_code = 404
    return answer

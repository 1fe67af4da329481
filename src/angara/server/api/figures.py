"""Figures as Plotly JSON for the web pages: a run's charts and maps, a scenario's map."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

import plotly.graph_objects as go
from fastapi import APIRouter, Depends, HTTPException, Path, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from angara.i18n import Language, Translate, translator
from angara.report import figures
from angara.report.maps import map_figure
from angara.results.read import RunResults
from angara.scenario.model import Scenario
from angara.scenario.names import Names
from angara.server.api.security import Reader
from angara.server.services import reading, run_results, stored_scenario
from angara.server.store.scenarios import load_version
from angara.workflow.parameters import YEARS

router = APIRouter(tags=["figures"])
Db = Annotated[Session, Depends(reading, scope="function")]
MAX_ID = 2**31 - 1
RunId = Annotated[int, Path(ge=1, le=MAX_ID, description="Run id.")]
Lang = Annotated[Language, Query(description="Language of the labels.")]
Year = Annotated[int | None, Query(ge=YEARS[0], le=YEARS[1], description="Year shown; default the last.")]
FigureName = Literal["production", "cashflow", "sankey", "npv_histogram", "tornado", "build_frequency"]
PLOTLY_JSON = "application/json"


def run_figure(
    name: str, results: RunResults, scenario: Scenario, _: Translate, lang: str, year: int | None
) -> go.Figure | None:
    """The figure ``name`` of a run (None for a risk view the run does not have), its names
    in ``lang``."""
    names = Names.of_scenario(scenario, lang)
    makers: dict[str, Callable[[], go.Figure | None]] = {
        "production": lambda: figures.production_chart(results, scenario, _, names),
        "cashflow": lambda: figures.cashflow_chart(results, _),
        "sankey": lambda: figures.sankey_chart(results, scenario, _, year, names=names),
        "npv_histogram": lambda: figures.npv_histogram(results, _, lang),
        "tornado": lambda: figures.tornado_chart(results, _, names),
        "build_frequency": lambda: figures.build_frequency_chart(results, _, names),
    }
    figure = makers[name]()
    return None if figure is None else figures.localized(figure, lang)


@router.get("/api/runs/{run_id}/figures/{name}", response_class=Response)
def run_chart(
    run_id: RunId, name: FigureName, account: Reader, db: Db, lang: Lang = "en", year: Year = None
) -> Response:
    """A chart of a finished run as Plotly JSON (404 for a risk view of a run without risk)."""
    info, results = run_results(db, run_id)
    _, scenario = load_version(db, info.scenario, info.version)
    figure = run_figure(name, results, scenario, translator(lang, "figures"), lang, year)
    if figure is None:
        raise HTTPException(404, f"run {run_id} has no {name} (it has no risk analysis of that kind)")
    return Response(figure.to_json(), media_type=PLOTLY_JSON)


@router.get("/api/runs/{run_id}/map", response_class=Response)
def run_map(run_id: RunId, account: Reader, db: Db, lang: Lang = "en", year: Year = None) -> Response:
    """The plan of a finished run on the map in ``year``, as Plotly JSON."""
    info, results = run_results(db, run_id)
    _, scenario = load_version(db, info.scenario, info.version)
    figure = map_figure(scenario, results, year, translator(lang, "figures"), lang)
    return Response(figure.to_json(), media_type=PLOTLY_JSON)


@router.get("/api/scenarios/{name}/map", response_class=Response)
def scenario_map(
    name: Annotated[str, Path(max_length=64)],
    account: Reader,
    db: Db,
    lang: Lang = "en",
    version: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    """A scenario's deposits, sites, regions and railways on the map, as Plotly JSON."""
    _, scenario = stored_scenario(db, name, version)
    figure = map_figure(scenario, None, None, translator(lang, "figures"), lang)
    return Response(figure.to_json(), media_type=PLOTLY_JSON)

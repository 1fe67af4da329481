"""The map and charts of a report: the figures the web pages show (``angara.report.figures``
and ``angara.report.maps``), drawn as SVG.

A figure that cannot be built or drawn is kept with the reason, and the report shows the
reason in its place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from angara.i18n import Translate, translator
from angara.report.images import draw as draw_svg
from angara.results.read import RunResults
from angara.scenario.model import Scenario
from angara.scenario.names import Names

MAP = "map"
FIGURES_DOMAIN = "figures"  # the shared figures' own catalog
SIZES = {MAP: (900, 640), "sankey": (900, 600), "tornado": (900, 420)}


@dataclass(frozen=True)
class Chart:
    """A figure of the report: its SVG markup, or why it is missing."""

    key: str
    title: str
    svg: str | None = None
    missing: str | None = None


def map_year(results: RunResults) -> int | None:
    """The year the map shows: the last period's, when every module built stands."""
    return max(period.start for period in results.plan.periods)


def report_figures(
    results: RunResults, scenario: Scenario, lang: str, _: Translate, *, draw: bool = True
) -> tuple[Chart | None, list[Chart]]:
    """The map and the charts of ``results`` (risk charts only when the run has a risk analysis);
    ``_`` translates the report's titles, the figures translate their own labels."""
    builders = _builders(results, scenario, lang, _)
    built: dict[str, Any] = {}
    missing: dict[str, str] = {}
    for key, (_title, build) in builders.items():
        try:
            figure = build()
        except Exception as error:  # a figure that fails must not cost the report
            missing[key] = f"{type(error).__name__}: {error}"
            continue
        if figure is not None:
            built[key] = figure
    if draw:
        drawn = draw_svg(built, SIZES)
        svg, missing = drawn.svg, missing | drawn.failed
    else:
        svg = {}
        missing |= dict.fromkeys(built, _("figures were not drawn"))
    charts = {
        key: Chart(key, title, svg.get(key), None if key in svg else missing[key])
        for key, (title, _build) in builders.items()
        if key in svg or key in missing
    }
    return charts.pop(MAP, None), list(charts.values())


def _builders(
    results: RunResults, scenario: Scenario, lang: str, _: Translate
) -> dict[str, tuple[str, Callable[[], Any]]]:
    """Title and builder of each figure, in reading order."""
    try:
        from angara.report import figures, maps, production
    except ImportError as error:
        # the shared figures may be missing from a partial install: tables still render
        reason = _("figures are not available ({error})").format(error=error)

        def unavailable() -> Any:
            raise RuntimeError(reason)

        keys = {MAP: _("Map of the plan"), "production": _("Production"), "cashflow": _("Cash flow")}
        return {key: (title, unavailable) for key, title in keys.items()}
    year = map_year(results)
    label = translator(lang, FIGURES_DOMAIN)

    def localized(build: Callable[[], Any]) -> Callable[[], Any]:
        def built() -> Any:
            figure = build()
            return None if figure is None else figures.localized(figure, lang)

        return built

    names = Names.of_scenario(scenario, lang)
    builders: dict[str, tuple[str, Callable[[], Any]]] = {
        MAP: (_("Map of the plan"), lambda: maps.map_figure(scenario, results, year, label, lang)),
        "production": (
            _("Production"),
            lambda: production.without_selector(figures.production_chart(results, scenario, label, names)),
        ),
        "cashflow": (_("Cash flow"), lambda: figures.cashflow_chart(results, label)),
        "sankey": (_("Element flows"), lambda: figures.sankey_chart(results, scenario, label, names=names)),
    }
    if results.risk is not None:
        builders["npv_histogram"] = (
            _("NPV distribution"),
            lambda: figures.npv_histogram(results, label, lang),
        )
        builders["tornado"] = (_("What moves the NPV"), lambda: figures.tornado_chart(results, label, names))
        if not results.table("build_frequency").empty:
            builders["build_frequency"] = (
                _("How often each plant is built"),
                lambda: figures.build_frequency_chart(results, label, names),
            )
    return {key: (title, localized(build)) for key, (title, build) in builders.items()}

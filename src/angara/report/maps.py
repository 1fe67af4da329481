"""The map of a scenario, and of a plan year by year, without a tile server.

Plotly's MapLibre map on a blank background (``white-bg``) draws the GeoJSON layers that
ship with Angara (regions and water from Natural Earth, railways © OpenStreetMap
contributors), the names of regions, cities, deposits and sites
(:mod:`angara.report.map_labels`), the deposits and sites with their key numbers and sources
on hover, and, after a run, the plants standing in a year (sized by capacity) and the flows
in the plan period of that year, along the railway lines where they go by rail
(:mod:`angara.report.map_routes`).  Every name is in the map's language.  Nothing is fetched
from the network, not even the labels' letters.
"""

from __future__ import annotations

import math
from collections import defaultdict
from functools import cache
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from angara.i18n import Translate
from angara.report.map_labels import BLANK_STYLE, city_labels, region_labels
from angara.report.map_routes import leg_path
from angara.report.readable import number
from angara.report.sources import builtin_sources_file
from angara.results.read import RunResults
from angara.scenario.layers import LAYERS, layer_geojson
from angara.scenario.model import Scenario
from angara.scenario.names import Names, row_name
from angara.scenario.schema import Deposit, Site

CENTRE = {"lat": 55.0, "lon": 98.0}  # between Krasnoyarsk, Irkutsk, Khakassia and Tuva
ZOOM = 3.6
DEPOSIT_COLOUR, SITE_COLOUR, PLANT_COLOUR, FLOW_COLOUR = "#8c6d3f", "#1f5f8b", "#d0792b", "#b8423a"
SOURCE_COLUMNS = ("reserves", "land", "lat")  # whose source a marker names first


def attribution(_: Translate) -> str:
    """The credits the map must show."""
    return _("Railways: {osm}. Regions and water: {natural_earth}.").format(
        osm=LAYERS["railways"].attribution, natural_earth=_("Natural Earth (public domain)")
    )


@cache
def _number_sources(name: str) -> dict[tuple[str, str, str], str]:
    """``(table, key, column) → source URL or method`` from a built-in ``SOURCES.csv``."""
    path = builtin_sources_file(name)
    if path is None:
        return {}
    traced = pd.read_csv(path, dtype=str).fillna("")
    return {
        (row.table, row.key, row.column): row.source_url or row.method
        for row in traced.itertuples(index=False)
        if row.source_url or row.method
    }


def row_source(scenario: Scenario, table: str, key: str) -> str:
    """Where a deposit's or site's numbers come from: its ``source``, else SOURCES.csv."""
    row = next((r for r in scenario.table(table) if getattr(r, "id", None) == key), None)
    if row is not None and row.source:
        return row.source
    traced = _number_sources(scenario.meta.name)
    for column in SOURCE_COLUMNS:
        if (table, key, column) in traced:
            return traced[(table, key, column)]
    return ""


def coordinates(scenario: Scenario) -> dict[str, tuple[float, float]]:
    """``(lat, lon)`` of every node, deposit and site that has them (a deposit or site
    without its own falls back to its node's)."""
    places = {n.id: (n.lat, n.lon) for n in scenario.nodes if n.lat is not None and n.lon is not None}
    for table in ("deposits", "sites"):
        for row in scenario.table(table):
            assert isinstance(row, Deposit | Site)
            if row.lat is not None and row.lon is not None:
                places[row.id] = (row.lat, row.lon)
            elif row.node in places:
                places[row.id] = places[row.node]
    return places


def _geometry(document: dict[str, Any], kinds: tuple[str, ...]) -> dict[str, Any]:
    features = [f for f in document["features"] if f["geometry"]["type"] in kinds]
    return {"type": "FeatureCollection", "features": features}


def _layers(_: Translate) -> list[dict[str, Any]]:
    """Regions, water and railways as GeoJSON layers, drawn under the markers and lines in
    this order (the credits are in the figure's annotation, so no layer carries its own)."""
    regions, water, railways = (layer_geojson(name) for name in ("regions", "water", "railways"))
    areas, lines = ("Polygon", "MultiPolygon"), ("LineString", "MultiLineString")
    cluster = {
        **regions,
        "features": [f for f in regions["features"] if f["properties"].get("is_cluster_region")],
    }
    return [
        {"source": _geometry(regions, areas), "type": "fill", "color": "#eeeeee", "below": "traces"},
        {"source": _geometry(cluster, areas), "type": "fill", "color": "#f4dcc0", "below": "traces"},
        {"source": _geometry(regions, areas), "type": "line", "color": "#9a9a9a", "line": {"width": 0.8},
         "below": "traces"},
        {"source": _geometry(water, areas), "type": "fill", "color": "#a9cbe6", "below": "traces"},
        {"source": _geometry(water, lines), "type": "line", "color": "#7fb0d8", "line": {"width": 1},
         "below": "traces"},
        {"source": _geometry(railways, lines), "type": "line", "color": "#3a3a3a", "line": {"width": 1.6},
         "below": "traces", "name": _("Railways")},
    ]  # fmt: skip


def _regions(scenario: Scenario, _: Translate, lang: str) -> go.Choroplethmap:
    """The regions' names on hover; nearly transparent, so the layers beneath show through."""
    regions = layer_geojson("regions")
    features = regions["features"]
    names = [f["properties"].get("name_ru" if lang == "ru" else "name_en", "") for f in features]
    return go.Choroplethmap(
        geojson=regions,
        locations=[f["properties"]["iso_3166_2"] for f in features],
        featureidkey="properties.iso_3166_2",
        z=[1.0 if f["properties"].get("is_cluster_region") else 0.0 for f in features],
        colorscale=[[0.0, "#eeeeee"], [1.0, "#f4dcc0"]],
        zmin=0.0,
        zmax=1.0,
        showscale=False,
        marker={"opacity": 0.05, "line": {"width": 0}},
        hovertext=names,
        hoverinfo="text",
        name=_("Regions"),
        showlegend=True,
    )


def _deposit_text(scenario: Scenario, deposit: Deposit, _: Translate, lang: str) -> str:
    lines = [
        f"<b>{row_name(deposit, lang)}</b>",
        _("Reserves: {value} Mt ore").format(value=number(deposit.reserves / 1e6, lang, 1)),
        _("Mining rate up to {value} Mt/yr").format(value=number(deposit.max_rate / 1e6, lang, 2)),
        _("Earliest start: {year}").format(year=deposit.earliest_start),
    ]
    if deposit.licensee:
        lines.append(_("Licence: {holder}").format(holder=deposit.licensee))
    if not deposit.enabled:
        lines.append(_("switched off"))
    return "<br>".join([*lines, _source_line(scenario, "deposits", deposit.id, _)])


def _site_text(scenario: Scenario, site: Site, _: Translate, lang: str) -> str:
    power = sorted((p.year, p.power) for p in scenario.site_power if p.site == site.id)
    lines = [
        f"<b>{row_name(site, lang)}</b>",
        _("Land: {value} ha").format(value=number(site.land, lang)),
        _("Power: {value} MW from {year}").format(value=number(power[0][1], lang), year=power[0][0])
        if power
        else _("Power: none listed"),
        _("Rail siding: {answer}").format(answer=_("yes") if site.rail else _("no")),
        _("Pipeline gas: {answer}").format(answer=_("yes") if site.gas else _("no")),
    ]
    if not site.enabled:
        lines.append(_("switched off"))
    return "<br>".join([*lines, _source_line(scenario, "sites", site.id, _)])


def _source_line(scenario: Scenario, table: str, key: str, _: Translate) -> str:
    source = row_source(scenario, table, key)
    shown = source if len(source) <= 70 else source[:69] + "…"
    return _("Source: {source}").format(source=shown or _("not given"))


def _markers(
    scenario: Scenario, places: dict[str, tuple[float, float]], _: Translate, lang: str
) -> list[go.Scattermap]:
    traces: list[go.Scattermap] = []
    for table, colour, name in (
        ("deposits", DEPOSIT_COLOUR, _("Deposits")),
        ("sites", SITE_COLOUR, _("Sites")),
    ):
        rows = [r for r in scenario.table(table) if getattr(r, "id", "") in places]
        position = "bottom center" if table == "deposits" else "top center"
        texts = [
            _deposit_text(scenario, r, _, lang)
            if isinstance(r, Deposit)
            else _site_text(scenario, r, _, lang)
            for r in rows
            if isinstance(r, Deposit | Site)
        ]
        traces.append(
            go.Scattermap(
                lat=[places[r.id][0] for r in rows if isinstance(r, Deposit | Site)],
                lon=[places[r.id][1] for r in rows if isinstance(r, Deposit | Site)],
                mode="markers+text",
                marker={"size": 11, "color": colour},
                text=[row_name(r, lang) for r in rows],
                customdata=[getattr(r, "id", "") for r in rows],
                textposition=position,
                textfont={"size": 11, "color": colour},
                hovertext=texts,
                hoverinfo="text",
                name=name,
            )
        )
    return traces


def plan_period(results: RunResults, year: int) -> int | None:
    """The start of the plan period that stands for ``year``, None if none does."""
    for period in results.plan.periods:
        if year in period.years:
            return period.start
    return None


def _plants(
    results: RunResults,
    places: dict[str, tuple[float, float]],
    year: int,
    names: Names,
    _: Translate,
) -> go.Scattermap:
    builds = results.table("builds")
    standing = builds[builds["period"] <= year] if not builds.empty else builds
    by_place: dict[str, list[Any]] = defaultdict(list)
    for row in standing.itertuples(index=False):
        if row.location in places:
            by_place[str(row.location)].append(row)
    lat, lon, size, texts = [], [], [], []
    for location, rows in by_place.items():
        capacity = sum(float(r.capacity) for r in rows)
        lat.append(places[location][0])
        lon.append(places[location][1])
        size.append(8 + 3 * math.log10(max(capacity, 1.0)))
        lines = [
            _("{process}: {units} modules, {capacity} t/yr from {year}").format(
                process=names.of("processes", r.process),
                units=number(r.units, names.lang),
                capacity=number(r.capacity, names.lang),
                year=r.period,
            )
            for r in rows
        ]
        texts.append("<br>".join([f"<b>{names(location)}</b>", *lines]))
    return go.Scattermap(
        lat=lat,
        lon=lon,
        mode="markers",
        marker={"size": size, "color": PLANT_COLOUR, "opacity": 0.85},
        hovertext=texts,
        hoverinfo="text",
        customdata=list(by_place),
        name=_("Plants built by {year}").format(year=year),
    )


def _flows(
    results: RunResults, places: dict[str, tuple[float, float]], year: int, names: Names, _: Translate
) -> list[go.Scattermap]:
    """The arcs that carry goods in the plan period of ``year``, widths by tonnes, each drawn
    along its railway line where it goes by rail (:func:`angara.report.map_routes.leg_path`)."""
    flows = results.table("flows")
    period = plan_period(results, year)
    if flows.empty or period is None:
        return []
    current = flows[(flows["period"] == period) & (flows["tonnes"] > 0)]
    if "mode" not in current:
        current = current.assign(mode="")
    legs = current.groupby(["from_node", "to_node"]).agg(
        tonnes=("tonnes", "sum"), streams=("good", list), mode=("mode", "first")
    )
    traces: list[go.Scattermap] = []
    for width, low, high in ((1.5, 0.0, 1e3), (3.0, 1e3, 1e5), (5.0, 1e5, math.inf)):
        lat: list[float | None] = []
        lon: list[float | None] = []
        texts: list[str] = []
        keys: list[str] = []
        for (start, end), leg in legs.iterrows():
            if not low <= leg["tonnes"] < high or start not in places or end not in places:
                continue
            text = _("{start} → {end}: {tonnes} t/yr ({streams})").format(
                start=names.of("nodes", start),
                end=names.of("nodes", end),
                tonnes=number(leg["tonnes"], names.lang),
                streams=", ".join(sorted({names.of("goods", good) for good in leg["streams"]})),
            )
            path = leg_path(places[start], places[end], str(leg["mode"]))
            lat += [point[0] for point in path] + [None]
            lon += [point[1] for point in path] + [None]
            texts += [text] * len(path) + [""]
            keys += [f"{start}>{end}"] * len(path) + [""]
        if lat:
            traces.append(
                go.Scattermap(
                    lat=lat,
                    lon=lon,
                    mode="lines",
                    line={"width": width, "color": FLOW_COLOUR},
                    hovertext=texts,
                    hoverinfo="text",
                    customdata=keys,
                    name=_("Flows in {year}").format(year=year),
                    legendgroup="flows",
                    showlegend=not traces,
                )
            )
    return traces


def map_figure(
    scenario: Scenario,
    results: RunResults | None = None,
    year: int | None = None,
    _: Translate = str,
    lang: str = "en",
) -> go.Figure:
    """The scenario on a map, every name in ``lang``; with ``results``, the plan's plants
    standing and flows moving in ``year`` (default: the scenario's last year)."""
    places = coordinates(scenario)
    names = Names.of_scenario(scenario, lang)
    figure = go.Figure(
        [
            _regions(scenario, _, lang),
            *region_labels(_, lang, tuple(sorted(set(places.values())))),
            city_labels(scenario, names, _),
            *_markers(scenario, places, _, lang),
        ]
    )
    if results is not None:
        shown = year if year is not None else scenario.meta.last_year
        for trace in _flows(results, places, shown, names, _):
            figure.add_trace(trace)
        figure.add_trace(_plants(results, places, shown, names, _))
    figure.update_layout(
        map={"style": BLANK_STYLE, "center": CENTRE, "zoom": ZOOM, "layers": _layers(_)},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={"x": 0.01, "y": 0.99, "bgcolor": "rgba(255,255,255,0.85)"},
        font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12},
        annotations=[
            {
                "text": attribution(_),
                "xref": "paper",
                "yref": "paper",
                "x": 1.0,
                "y": 0.0,
                "xanchor": "right",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 10, "color": "#333333"},
                "bgcolor": "rgba(255,255,255,0.8)",
            }
        ],
    )
    return figure

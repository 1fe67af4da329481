"""Names written on the map: regions (large, grey, at a point inside each), cities (small,
beside a dot); the deposits' and sites' names are written by their own markers.

The map draws text with the browser's own fonts: its style names no glyph server (MapLibre
then draws every letter locally), so the labels need no network, in any language.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import plotly.graph_objects as go

from angara.i18n import Translate
from angara.scenario.layers import layer_geojson
from angara.scenario.model import Scenario
from angara.scenario.names import Names

Point = tuple[float, float]  # (lat, lon)
CITY_KINDS = frozenset({"city", "town"})  # nodes written on the map (stations are not)
REGION_FONT = {"size": 14, "color": "#6b6b6b"}
CLUSTER_REGION_FONT = {"size": 15, "color": "#8a5a2b"}
CITY_FONT = {"size": 11, "color": "#222222"}
BLANK_STYLE: dict[str, Any] = {
    # Plotly's "white-bg" style with no "glyphs" URL: MapLibre draws the letters of the
    # labels with local fonts instead of fetching them from a font server
    "id": "angara-blank",
    "version": 8,
    "sources": {},
    "layers": [{"id": "white-bg", "type": "background", "paint": {"background-color": "#FFFFFF"}}],
}


def _ring_area_centroid(ring: list[list[float]]) -> tuple[float, Point]:
    """Area (square degrees) and centroid ``(lat, lon)`` of a closed ``[lon, lat]`` ring."""
    area = cx = cy = 0.0
    for (x0, y0, *_a), (x1, y1, *_b) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, (sum(ys) / len(ys), sum(xs) / len(xs))
    return abs(area) / 2, (cy / (3 * area), cx / (3 * area))


def _inside(point: Point, ring: list[list[float]]) -> bool:
    """Whether ``point`` lies inside the ``[lon, lat]`` ring (even-odd rule)."""
    lat, lon = point
    inside = False
    for (x0, y0, *_a), (x1, y1, *_b) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def representative_point(geometry: dict[str, Any]) -> Point:
    """A point of a region to write its name at: the centroid of its largest polygon when
    that lies inside it, else the middle of the widest run of the polygon along the
    centroid's latitude (a crescent-shaped region's centroid may fall outside it)."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    largest = max((polygon[0] for polygon in polygons), key=lambda ring: _ring_area_centroid(ring)[0])
    _area, centre = _ring_area_centroid(largest)
    if _inside(centre, largest):
        return centre
    lat = centre[0]
    crossings = sorted(
        x0 + (lat - y0) * (x1 - x0) / (y1 - y0)
        for (x0, y0, *_a), (x1, y1, *_b) in zip(largest, largest[1:] + largest[:1], strict=True)
        if (y0 > lat) != (y1 > lat)
    )
    runs = list(zip(crossings[::2], crossings[1::2], strict=False))
    if not runs:
        return centre
    west, east = max(runs, key=lambda run: run[1] - run[0])
    return lat, (west + east) / 2


@cache
def region_points() -> tuple[tuple[str, Point, bool, str, str], ...]:
    """Per region of the regions layer: its ISO code, label point, whether it is a cluster
    region, and its English and Russian names."""
    found = []
    for feature in layer_geojson("regions")["features"]:
        properties = feature["properties"]
        found.append(
            (
                str(properties["iso_3166_2"]),
                representative_point(feature["geometry"]),
                bool(properties.get("is_cluster_region")),
                str(properties.get("name_en") or ""),
                str(properties.get("name_ru") or properties.get("name_en") or ""),
            )
        )
    return tuple(found)


def region_labels(_: Translate, lang: str) -> list[go.Scattermap]:
    """The regions' names, the cluster's regions in a darker, larger font."""
    traces = []
    for cluster, font in ((False, REGION_FONT), (True, CLUSTER_REGION_FONT)):
        rows = [row for row in region_points() if row[2] == cluster]
        traces.append(
            go.Scattermap(
                lat=[point[0] for _iso, point, *_rest in rows],
                lon=[point[1] for _iso, point, *_rest in rows],
                mode="text",
                text=[ru if lang == "ru" else en for *_start, en, ru in rows],
                customdata=[iso for iso, *_rest in rows],
                textfont=font,
                hoverinfo="skip",
                name=_("Region names"),
                legendgroup="region-names",
                showlegend=False,
            )
        )
    return traces


def city_labels(scenario: Scenario, names: Names, _: Translate) -> go.Scattermap:
    """Cities and towns of the scenario's transport network: a small dot and the name."""
    cities = [n for n in scenario.nodes if n.kind in CITY_KINDS and n.lat is not None and n.lon is not None]
    return go.Scattermap(
        lat=[n.lat for n in cities],
        lon=[n.lon for n in cities],
        mode="markers+text",
        marker={"size": 5, "color": "#222222"},
        text=[names.of("nodes", n.id) for n in cities],
        customdata=[n.id for n in cities],
        textposition="top right",
        textfont=CITY_FONT,
        hovertext=[names.of("nodes", n.id) for n in cities],
        hoverinfo="text",
        name=_("Cities"),
    )

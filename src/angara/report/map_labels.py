"""Names written on the map: regions (large, grey, at a point inside each), cities (small,
beside a dot); the deposits' and sites' names are written by their own markers.

The map draws text with the browser's own fonts: its style names no glyph server (MapLibre
then draws every letter locally), so the labels need no network, in any language.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import plotly.graph_objects as go

from angara.i18n import Translate
from angara.scenario.layers import layer_geojson
from angara.scenario.model import Scenario
from angara.scenario.names import Names

Point = tuple[float, float]  # (lat, lon)
VIEW = (48.0, 61.0, 80.0, 116.0)  # south, north, west, east of the map's first view, inset
GRID = 48  # candidate label points per side of the searched box
AVOID_WEIGHT = 2.0  # a named place counts as an edge this many times nearer than it is
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


def representative_point(
    geometry: dict[str, Any],
    view: tuple[float, float, float, float] = VIEW,
    avoid: tuple[Point, ...] = (),
) -> Point:
    """A point of a region to write its name at: within the map's first view (``view``:
    south, north, west, east) where the region reaches into it, the point of a grid inside the
    region's polygons farthest from their edges and from the places in ``avoid`` (markers with
    names of their own: the map hides a label that overlaps another); a region outside the
    view gets the same point over its whole extent."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    rings = [np.asarray([p[:2] for p in polygon[0]], dtype=float) for polygon in polygons]
    edges = np.concatenate(rings)
    for south, north, west, east in (view, _extent(edges)):
        lat, lon = np.meshgrid(np.linspace(south, north, GRID), np.linspace(west, east, GRID))
        points = np.column_stack([lat.ravel(), lon.ravel()])
        inside = np.zeros(len(points), dtype=bool)
        for ring in rings:
            inside ^= inside_ring(points, ring)
        if not inside.any():
            continue
        candidates = points[inside]
        scale = np.cos(np.radians(candidates[:, 0]))[:, None]  # a degree of longitude is shorter
        dlat = candidates[:, 0][:, None] - edges[None, :, 1]
        dlon = (candidates[:, 1][:, None] - edges[None, :, 0]) * scale
        # clear of the region's edges and of the box's (a name cut by the map's edge is unread)
        box = np.column_stack(
            [
                candidates[:, 0] - south,
                north - candidates[:, 0],
                (candidates[:, 1] - west) * scale[:, 0],
                (east - candidates[:, 1]) * scale[:, 0],
            ]
        ).min(axis=1)
        clearance = np.minimum(np.hypot(dlat, dlon).min(axis=1), box)
        if avoid:
            places = np.asarray(avoid, dtype=float)
            # a place's own name runs beside it: keep a region's name clear by a margin
            near = np.hypot(
                candidates[:, 0][:, None] - places[None, :, 0],
                (candidates[:, 1][:, None] - places[None, :, 1]) * scale,
            ).min(axis=1)
            clearance = np.minimum(clearance, near / AVOID_WEIGHT)
        best = candidates[int(np.argmax(clearance))]
        return float(best[0]), float(best[1])
    centre = edges.mean(axis=0)
    return float(centre[1]), float(centre[0])


def _extent(edges: np.ndarray) -> tuple[float, float, float, float]:
    return (
        float(edges[:, 1].min()),
        float(edges[:, 1].max()),
        float(edges[:, 0].min()),
        float(edges[:, 0].max()),
    )


def inside_ring(points: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """Which ``(lat, lon)`` points lie inside the ``[lon, lat]`` ring (even-odd rule)."""
    lat, lon = points[:, 0][:, None], points[:, 1][:, None]
    x0, y0 = ring[:, 0][None, :], ring[:, 1][None, :]
    x1, y1 = np.roll(ring[:, 0], -1)[None, :], np.roll(ring[:, 1], -1)[None, :]
    crosses = (y0 > lat) != (y1 > lat)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = x0 + (lat - y0) * (x1 - x0) / (y1 - y0)
    result: np.ndarray = (crosses & (lon < at)).sum(axis=1) % 2 == 1
    return result


@lru_cache(maxsize=8)
def region_points(avoid: tuple[Point, ...] = ()) -> tuple[tuple[str, Point, bool, str, str], ...]:
    """Per region of the regions layer: its ISO code, label point (clear of the places in
    ``avoid``), whether it is a cluster region, and its English and Russian names."""
    found = []
    for feature in layer_geojson("regions")["features"]:
        properties = feature["properties"]
        found.append(
            (
                str(properties["iso_3166_2"]),
                representative_point(feature["geometry"], avoid=avoid),
                bool(properties.get("is_cluster_region")),
                str(properties.get("name_en") or ""),
                str(properties.get("name_ru") or properties.get("name_en") or ""),
            )
        )
    return tuple(found)


def region_labels(_: Translate, lang: str, avoid: tuple[Point, ...] = ()) -> list[go.Scattermap]:
    """The regions' names, the cluster's regions in a darker, larger font, clear of the named
    places in ``avoid``."""
    traces = []
    for cluster, font in ((False, REGION_FONT), (True, CLUSTER_REGION_FONT)):
        rows = [row for row in region_points(avoid) if row[2] == cluster]
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

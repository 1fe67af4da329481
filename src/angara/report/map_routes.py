"""Where a flow of the plan runs on the map: along the railway lines where it goes by rail.

The plan moves each stream along the arcs of the scenario's transport network (the ``flows``
table: one row per stream, arc and direction), so a stream from a mine to a market passes
through every node in between.  On the map each arc is drawn from its first node to its last;
a rail arc follows the shipped railway layer (``angara/data/geo/railways.geojson``,
© OpenStreetMap contributors): the shortest way along the lines between the points of the
layer nearest to its two nodes.  Where a node is far from every line, or the way along the
lines is much longer than the arc itself (the lines do not join there), the arc is a straight
segment, as any road or candidate link is.
"""

from __future__ import annotations

import itertools
import math
from functools import cache

import networkx as nx
import numpy as np

from angara.scenario.layers import layer_geojson

Point = tuple[float, float]  # (lat, lon)
SNAP_KM = 25.0  # a node farther than this from every railway line is not on the railways
JOIN_KM = 3.0  # line ends this close to another line meet it (junctions traced apart)
DETOUR = 2.0  # a way along the lines longer than this many straight distances is not the arc's
EARTH_KM = 6371.0


def distance_km(a: Point, b: Point) -> float:
    """Great-circle distance between two ``(lat, lon)`` points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _planar_km(points: np.ndarray, at: Point) -> np.ndarray:
    """Distances (km) from ``at`` to each ``(lat, lon)`` row, flat-earth near ``at`` (enough
    for snapping within tens of kilometres)."""
    scale = math.cos(math.radians(at[0]))
    dlat = (points[:, 0] - at[0]) * 111.2
    dlon = (points[:, 1] - at[1]) * 111.2 * scale
    result: np.ndarray = np.hypot(dlat, dlon)
    return result


@cache
def railway_network() -> tuple[nx.Graph, np.ndarray]:
    """The railway layer as a graph of its vertices (index → ``(lat, lon)``; edges weighted
    by km), with every vertex's coordinates in one array for snapping."""
    graph = nx.Graph()
    points: list[Point] = []
    index: dict[Point, int] = {}
    ends: list[int] = []

    def vertex(point: Point) -> int:
        key = (round(point[0], 5), round(point[1], 5))
        if key not in index:
            index[key] = len(points)
            points.append(key)
        return index[key]

    for feature in layer_geojson("railways")["features"]:
        geometry = feature["geometry"]
        parts = [geometry["coordinates"]] if geometry["type"] == "LineString" else geometry["coordinates"]
        for part in parts:
            ids = [vertex((float(lat), float(lon))) for lon, lat, *_z in part]
            for a, b in itertools.pairwise(ids):
                if a != b:
                    graph.add_edge(a, b, km=distance_km(points[a], points[b]))
            ends += [ids[0], ids[-1]]
    coordinates = np.array(points, dtype=float)
    # a line traced up to a junction may stop just short of the other line: join it there
    for end in ends:
        near = _planar_km(coordinates, points[end])
        near[end] = math.inf
        for other in np.flatnonzero(near < JOIN_KM):
            if not graph.has_edge(end, int(other)):
                graph.add_edge(end, int(other), km=float(near[other]))
    return graph, coordinates


def _snap(at: Point) -> int | None:
    _graph, coordinates = railway_network()
    if not len(coordinates):
        return None
    near = _planar_km(coordinates, at)
    best = int(np.argmin(near))
    return best if near[best] <= SNAP_KM else None


@cache
def rail_path(start: Point, end: Point) -> list[Point] | None:
    """The way from ``start`` to ``end`` along the railway lines, both ends included; None
    where the two points are not both near the lines or the lines do not join them."""
    first, last = _snap(start), _snap(end)
    if first is None or last is None:
        return None
    graph, coordinates = railway_network()
    try:
        length, way = nx.single_source_dijkstra(graph, first, last, weight="km")
    except nx.NetworkXNoPath:
        return None
    if length > DETOUR * distance_km(start, end) + SNAP_KM:
        return None
    inner = [(float(coordinates[i][0]), float(coordinates[i][1])) for i in way]
    return [start, *inner, end]


def is_rail(mode: str) -> bool:
    """Whether a transport mode's id names rail (``rail`` in the built-in scenarios; a user's
    ``railway`` or ``rail_electric`` too)."""
    return "rail" in mode.lower()


def leg_path(start: Point, end: Point, mode: str) -> list[Point]:
    """The points an arc is drawn through: along the rails for a rail arc where they join
    its nodes, else straight from node to node."""
    if is_rail(mode):
        way = rail_path(start, end)
        if way is not None:
            return way
    return [start, end]


def path_km(points: list[Point]) -> float:
    """Length of a drawn path (km)."""
    return sum(distance_km(a, b) for a, b in itertools.pairwise(points))

"""The map: no tile server, the OpenStreetMap credit, markers with sources, plans by year."""

from __future__ import annotations

import dataclasses
import json
import re

import numpy as np
import pandas as pd
import pytest

from angara.i18n import translator
from angara.report.map_labels import VIEW, inside_ring, region_points
from angara.report.map_routes import distance_km, leg_path, path_km, rail_path
from angara.report.maps import coordinates, map_figure, plan_period
from angara.results.read import RunResults
from angara.scenario.layers import layer_geojson
from angara.scenario.load import load
from angara.scenario.model import Scenario

OSM = "© OpenStreetMap contributors"


def test_no_tiles_and_the_credits_are_shown(scenario: Scenario) -> None:
    figure = map_figure(scenario)
    layout = figure.layout.map
    # a blank style of its own: no tiles, and no glyph server (the labels' letters are drawn locally)
    assert isinstance(layout.style, dict) and layout.style["sources"] == {}
    assert "glyphs" not in layout.style and "sprite" not in layout.style
    for layer in layout.layers:
        assert isinstance(layer.source, dict) and layer.source["type"] == "FeatureCollection"
        assert layer.sourcetype in (None, "geojson")
    document = figure.to_json()
    for tile_sign in ('"tiles"', "mapbox://", ".pbf", "{z}", "tile.openstreetmap"):
        assert tile_sign not in document
    assert OSM in figure.layout.annotations[0].text
    assert "Natural Earth" in figure.layout.annotations[0].text
    railways = next(layer for layer in layout.layers if layer.name == "Railways")
    assert railways.type == "line"


def test_deposits_and_sites_with_their_numbers_and_sources() -> None:
    default = load()
    figure = map_figure(default)
    deposits = next(t for t in figure.data if t.name == "Deposits")
    assert len(deposits.lat) == len(default.deposits)
    chuktukon = next(text for text in deposits.hovertext if "Chuktukon" in text)
    assert "Reserves: 61.0 Mt ore" in chuktukon
    assert "Source: https://" in chuktukon  # from the default's SOURCES.csv
    sites = next(t for t in figure.data if t.name == "Sites")
    assert len(sites.lat) == len(default.sites)
    assert any("Land: 400 ha" in text for text in sites.hovertext)


def test_regions_and_labels_in_russian(scenario: Scenario) -> None:
    figure = map_figure(scenario, _=translator("ru", "figures"), lang="ru")
    regions = figure.data[0]
    assert "Красноярский край" in regions.hovertext
    assert {t.name for t in figure.data} >= {"Регионы", "Месторождения", "Площадки"}
    assert "участники" not in figure.layout.annotations[0].text or OSM in figure.layout.annotations[0].text


def test_plants_shown_from_the_year_they_are_commissioned(results: RunResults, scenario: Scenario) -> None:
    builds = results.table("builds")
    first, last = int(builds["period"].min()), int(builds["period"].max())
    places = coordinates(scenario)
    for year in (first - 1, first, last, scenario.meta.last_year):
        figure = map_figure(scenario, results, year)
        plants = figure.data[-1]
        expected = {
            loc for loc, period in zip(builds["location"], builds["period"], strict=True) if period <= year
        }
        shown = {(lat, lon) for lat, lon in zip(plants.lat, plants.lon, strict=True)}
        assert shown == {places[loc] for loc in expected}, year
        assert str(year) in plants.name


def test_flows_of_the_plan_period_of_the_year(results: RunResults, scenario: Scenario) -> None:
    flows = results.table("flows")
    year = scenario.meta.last_year
    period = plan_period(results, year)
    figure = map_figure(scenario, results, year)
    lines = [t for t in figure.data if getattr(t, "mode", None) == "lines"]
    legs = {
        (a, b)
        for a, b, p, t in zip(
            flows["from_node"], flows["to_node"], flows["period"], flows["tonnes"], strict=True
        )
        if p == period and t > 0
    }
    drawn = sum(list(t.lat).count(None) for t in lines)  # one None after each leg
    assert drawn == len(legs)
    before = map_figure(scenario, results, scenario.meta.first_year - 1)
    assert not [t for t in before.data if getattr(t, "mode", None) == "lines"]


def test_the_figure_is_json(scenario: Scenario) -> None:
    document = json.loads(map_figure(scenario).to_json())
    assert document["layout"]["map"]["style"]["layers"][0]["type"] == "background"


def test_names_are_written_on_the_map_in_its_language() -> None:
    default = load()
    figure = map_figure(default, _=translator("ru", "figures"), lang="ru")
    texts = [t for t in figure.data if "text" in (getattr(t, "mode", None) or "")]
    regions = [t for t in texts if t.mode == "text"]
    region_names = [name for trace in regions for name in trace.text]
    cluster = {"Красноярский край", "Иркутская область", "Республика Тыва", "Республика Хакасия"}
    assert cluster <= set(region_names)
    assert not any(re.search("[A-Za-z]", name) for name in region_names)
    # the cluster's regions are written larger than their neighbours
    assert regions[1].textfont.size > regions[0].textfont.size
    cities = next(t for t in figure.data if t.name == "Города")
    expected = {n.id: (n.name_ru or n.name) for n in default.nodes if n.kind in ("city", "town")}
    assert dict(zip(cities.customdata, cities.text, strict=True)) == expected
    assert "markers" in cities.mode and "text" in cities.mode
    deposits = next(t for t in figure.data if t.name == "Месторождения")
    assert "text" in deposits.mode
    assert list(deposits.text) == [d.name_ru or d.name for d in default.deposits]
    assert list(deposits.customdata) == [d.id for d in default.deposits]
    sites = next(t for t in figure.data if t.name == "Площадки")
    assert "text" in sites.mode and len(sites.text) == len(default.sites)
    # every region's name is written inside the region, the cluster's within the first view
    shapes = {f["properties"]["iso_3166_2"]: f["geometry"] for f in layer_geojson("regions")["features"]}
    for iso, (lat, lon), in_cluster, *_names in region_points():
        polygons = shapes[iso]["coordinates"]
        rings = [np.asarray([p[:2] for p in polygon[0]]) for polygon in polygons]
        assert any(inside_ring(np.array([[lat, lon]]), ring)[0] for ring in rings), iso
        if in_cluster:
            assert VIEW[0] < lat < VIEW[1] and VIEW[2] < lon < VIEW[3], iso


def test_a_rail_arc_follows_the_railway_line() -> None:
    default = load()
    places = coordinates(default)
    krasnoyarsk, kansk, taishet = places["krasnoyarsk"], places["kansk"], places["taishet"]
    way = rail_path(krasnoyarsk, taishet)
    assert way is not None and way[0] == krasnoyarsk and way[-1] == taishet
    # the arcs Krasnoyarsk - Kansk - Reshoty - Taishet are 245 + 130 + 42 km long
    assert path_km(way) == pytest.approx(417, rel=0.1)
    assert path_km(way) > 1.2 * distance_km(krasnoyarsk, taishet)  # not the straight line
    assert min(distance_km(point, kansk) for point in way) < 10  # through Kansk
    # a road, or rail where no line is near (the candidate line to Kyzyl), is a straight segment
    assert leg_path(places["abakan"], places["kyzyl"], "road") == [places["abakan"], places["kyzyl"]]
    assert leg_path(places["kuragino"], places["kyzyl"], "rail") == [places["kuragino"], places["kyzyl"]]
    assert leg_path(krasnoyarsk, taishet, "Railway") == way  # a user's own name for the mode


def test_a_routed_flow_passes_through_its_nodes(results: RunResults) -> None:
    default = load()
    places = coordinates(default)
    year = period = results.plan.periods[-1].start  # the mini run's last period, drawn on the default's map
    route = ["lesosibirsk", "achinsk", "krasnoyarsk", "kansk"]
    flows = pd.DataFrame(
        {
            "good": "fenb",
            "source": "",
            "link": [f"leg{i}" for i in range(len(route) - 1)],
            "direction": "forward",
            "period": period,
            "tonnes": 5000.0,
            "from_node": route[:-1],
            "to_node": route[1:],
            "mode": "rail",
        }
    )
    routed = dataclasses.replace(results, tables={**results.tables, "flows": flows})
    figure = map_figure(default, routed, year)
    line = next(t for t in figure.data if getattr(t, "mode", None) == "lines")
    drawn = [(lat, lon) for lat, lon in zip(line.lat, line.lon, strict=True) if lat is not None]
    for node in route:
        assert places[node] in drawn, node  # the line passes through every node of the route
    assert len(drawn) > 4 * len(route)  # and along the railway between them
    assert list(line.lat).count(None) == len(route) - 1
    assert any("Achinsk → Krasnoyarsk" in text and "Ferroniobium" in text for text in line.hovertext)

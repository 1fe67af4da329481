"""The map: no tile server, the OpenStreetMap credit, markers with sources, plans by year."""

from __future__ import annotations

import json

from angara.i18n import translator
from angara.report.maps import coordinates, map_figure, plan_period
from angara.results.read import RunResults
from angara.scenario.load import load
from angara.scenario.model import Scenario

OSM = "© OpenStreetMap contributors"


def test_no_tiles_and_the_credits_are_shown(scenario: Scenario) -> None:
    figure = map_figure(scenario)
    layout = figure.layout.map
    assert layout.style == "white-bg"
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
    drawn = sum(len([x for x in t.lat if x is not None]) // 2 for t in lines)
    assert drawn == len(legs)
    before = map_figure(scenario, results, scenario.meta.first_year - 1)
    assert not [t for t in before.data if getattr(t, "mode", None) == "lines"]


def test_the_figure_is_json(scenario: Scenario) -> None:
    document = json.loads(map_figure(scenario).to_json())
    assert document["layout"]["map"]["style"] == "white-bg"

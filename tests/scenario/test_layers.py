"""The shipped map layers load as GeoJSON and carry the credits their licences require."""

from __future__ import annotations

import json

import pytest

from angara.scenario.layers import LAYERS, layer_bytes, layer_geojson


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_each_layer_is_a_feature_collection_with_its_credit(name: str) -> None:
    document = layer_geojson(name)
    assert document["type"] == "FeatureCollection" and document["features"]
    assert document["attribution"] == LAYERS[name].attribution
    assert json.loads(layer_bytes(name)) == document


def test_the_railways_credit_openstreetmap() -> None:
    railways = layer_geojson("railways")
    assert "© OpenStreetMap contributors" in railways["attribution"]
    assert railways["license"] == "ODbL-1.0"
    assert all(f["geometry"]["type"] in ("LineString", "MultiLineString") for f in railways["features"])


def test_an_unknown_layer_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        layer_geojson("roads")

"""Reference map layers shipped with Angara (regions, railways, water), with their credits."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any

from angara.scenario.load import BUILTIN_DIR


@dataclass(frozen=True)
class Layer:
    """A GeoJSON file in ``angara/data/geo`` and what must be shown with it."""

    name: str
    title: str
    attribution: str
    licence: str


LAYERS: dict[str, Layer] = {
    layer.name: layer
    for layer in (
        Layer(
            "regions",
            "Regions of Russia and Mongolia",
            "Made with Natural Earth (v5.1.2, public domain)",
            "public domain",
        ),
        Layer(
            "railways",
            "Railways",
            "© OpenStreetMap contributors (ODbL 1.0); lines traced by the "
            "russian-railways-simplegeodata project",
            "ODbL-1.0",
        ),
        Layer(
            "water",
            "Lakes, reservoirs and rivers",
            "Made with Natural Earth (v4.0.0, public domain)",
            "public domain",
        ),
    )
}


def layer_geojson(name: str) -> dict[str, Any]:
    """The layer as a GeoJSON FeatureCollection carrying ``attribution`` and ``license``.

    Raises KeyError for an unknown layer.
    """
    document: dict[str, Any] = json.loads(layer_bytes(name))
    return document


@functools.cache
def layer_bytes(name: str) -> bytes:
    """The layer's GeoJSON (see :func:`layer_geojson`) as UTF-8 JSON, read once."""
    layer = LAYERS[name]
    text = (BUILTIN_DIR / "geo" / f"{name}.geojson").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    document["attribution"] = layer.attribution
    document["license"] = layer.licence
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

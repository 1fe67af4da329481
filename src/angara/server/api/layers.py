"""Reference map layers (GeoJSON) with the credit each must be shown with."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from angara.scenario.layers import LAYERS, layer_bytes
from angara.server.api.security import Reader

router = APIRouter(prefix="/api/layers", tags=["map"])
GEOJSON = "application/geo+json"


@router.get("")
def layers(account: Reader) -> list[dict[str, str]]:
    """The layers: name, title, attribution, licence."""
    return [
        {"name": layer.name, "title": layer.title, "attribution": layer.attribution, "licence": layer.licence}
        for layer in LAYERS.values()
    ]


@router.get("/{name}", response_class=Response, responses={200: {"content": {GEOJSON: {}}}})
def layer(name: str, account: Reader) -> Response:
    """A layer as a GeoJSON FeatureCollection with ``attribution`` and ``license``."""
    if name not in LAYERS:
        raise HTTPException(404, f"no layer '{name[:64]}'; known: {', '.join(LAYERS)}")
    return Response(layer_bytes(name), media_type=GEOJSON)

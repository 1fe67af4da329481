"""Reference layers keep their credits."""

from __future__ import annotations

from tests.server.api.conftest import Server


def test_layers_carry_their_attribution(server: Server) -> None:
    headers = server.headers("viewer")
    listed = {layer["name"]: layer for layer in server.client.get("/api/layers", headers=headers).json()}
    assert set(listed) == {"regions", "railways", "water"}
    railways = server.client.get("/api/layers/railways", headers=headers).json()
    assert railways["type"] == "FeatureCollection" and len(railways["features"]) > 10
    assert "© OpenStreetMap contributors" in railways["attribution"]
    assert railways["license"] == "ODbL-1.0"
    assert server.client.get("/api/layers/nothing", headers=headers).status_code == 404

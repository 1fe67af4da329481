"""Reference layers keep their credits; the health endpoint answers without sign-in."""

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


def test_health_and_openapi(server: Server) -> None:
    health = server.client.get("/api/health")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    schema = server.client.get("/openapi.json").json()
    assert "/api/runs" in schema["paths"] and "/api/auth/token" in schema["paths"]
    assert server.client.get("/docs").status_code == 200

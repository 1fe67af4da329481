"""The health endpoint answers without sign-in, with the version; the API describes itself."""

from __future__ import annotations

from angara import __version__
from tests.server.api.conftest import Server


def test_health_and_openapi(server: Server) -> None:
    health = server.client.get("/api/health")
    assert health.status_code == 200
    assert (health.json()["status"], health.json()["version"]) == ("ok", __version__)
    assert health.json()["scheduler"].startswith("inproc://")  # the test server's in-process cluster
    schema = server.client.get("/openapi.json").json()
    assert "/api/runs" in schema["paths"] and "/api/auth/token" in schema["paths"]
    assert server.client.get("/docs").status_code == 200

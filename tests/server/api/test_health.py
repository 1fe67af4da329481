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
    docs = server.client.get("/docs")
    assert docs.status_code == 200
    # offline: Swagger UI from the installed package, started by a script file (no inline script)
    assert "cdn" not in docs.text.lower() and "<script>" not in docs.text
    for source in (
        "/static/swagger/swagger-ui-bundle.js",
        "/static/swagger/swagger-ui.css",
        "/static/api-docs.js",
    ):
        assert source in docs.text
        assert server.client.get(source).status_code == 200, source
    assert server.client.get("/static/swagger/redoc.standalone.js").status_code == 404
    assert server.client.get("/redoc").status_code == 404

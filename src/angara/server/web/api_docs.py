"""The API's interactive documentation at ``/docs``: Swagger UI (Apache-2.0) served from the
copy inside the installed ``fastapi-offline`` package (MIT), never from a CDN, and started by
a script file rather than an inline one, so it works offline and under the pages'
Content-Security-Policy.

FastAPI's own ``/docs`` loads Swagger UI from a CDN with an inline script; the app turns it
off (``docs_url=None``) and installs this one.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

HERE = Path(__file__).resolve().parent
# the files the page needs, by name: nothing else of the package's folder is served
SWAGGER_FILES = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "favicon.png": "image/png",
}

router = APIRouter(include_in_schema=False)


def swagger_ui_folder() -> Path:
    """The folder of Swagger UI's files inside the installed fastapi-offline package."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).resolve().parent / "static"


@router.get("/docs", response_class=HTMLResponse)
def api_docs() -> HTMLResponse:
    """The interactive API documentation (sign in with the Authorize button)."""
    return HTMLResponse((HERE / "templates" / "api-docs.html").read_text(encoding="utf-8"))


@router.get("/static/swagger/{name}")
def swagger_file(name: str) -> FileResponse:
    """One of Swagger UI's files (404 for any other name)."""
    if name not in SWAGGER_FILES:
        raise HTTPException(404, "no such file")
    return FileResponse(swagger_ui_folder() / name, media_type=SWAGGER_FILES[name])


def install(app: FastAPI) -> None:
    """Serve ``/docs`` and its files from the installed package."""
    app.include_router(router)

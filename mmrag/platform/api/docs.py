"""``/docs`` (Swagger UI) and ``/redoc`` served offline, from the assets of ``fastapi-offline``.

FastAPI's default pages load their JavaScript and CSS from a CDN, so they stay blank on a
machine without internet; these pages reference only this server.
"""

from __future__ import annotations

import functools
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

ASSETS_URL = "/docs-assets"
#: The one outside address inside ReDoc's bundle: the footer's "Redocly" logo.
REDOC_CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
#: What the bundle shows instead: an empty inline SVG (no request leaves the server).
BLANK_SVG = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"


def assets_dir() -> Path:
    """The Swagger UI and ReDoc bundles shipped in the ``fastapi-offline`` package."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).with_name("static")


@functools.cache
def offline_redoc_bundle() -> bytes:
    """ReDoc's bundle with its CDN logo replaced by an inline blank image (read once, on the
    first request for it)."""
    bundle = (assets_dir() / "redoc.standalone.js").read_bytes()
    return bundle.replace(REDOC_CDN_LOGO.encode(), BLANK_SVG.encode())


def add_offline_docs(api: FastAPI, title: str) -> None:
    """Serve ``/docs``, ``/docs/oauth2-redirect`` and ``/redoc`` with local assets."""
    api.mount(ASSETS_URL, StaticFiles(directory=assets_dir()), name="docs-assets")
    openapi_url = api.openapi_url or "/openapi.json"
    favicon = f"{ASSETS_URL}/favicon.png"

    @api.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{title} - API docs",
            oauth2_redirect_url="/docs/oauth2-redirect",
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=favicon,
        )

    @api.get("/docs/oauth2-redirect", include_in_schema=False)
    def swagger_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @api.get(f"{ASSETS_URL}-redoc/redoc.offline.js", include_in_schema=False)
    def redoc_bundle() -> Response:
        return Response(offline_redoc_bundle(), media_type="text/javascript")

    @api.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi_url,
            title=f"{title} - API reference",
            redoc_js_url=f"{ASSETS_URL}-redoc/redoc.offline.js",
            redoc_favicon_url=favicon,
            with_google_fonts=False,
        )

"""/docs and /redoc without the network: Swagger UI and ReDoc from the files the `fastapi-offline`
package ships (FastAPI's own pages load them from a CDN, so they are blank in an office without
Internet access, and a CDN is one more party every page trusts).

Swagger UI starts with one inline script, the same for the life of the app: its hash goes in the
page's Content-Security-Policy, so no other inline script can run there.
"""

from __future__ import annotations

import base64
import hashlib
import re
from importlib import resources

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-assets"
TITLE = "policy-lineage API"


def _swagger() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title=TITLE,
        swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS}/favicon.png",
    )


def _redoc() -> HTMLResponse:
    return get_redoc_html(
        openapi_url="/openapi.json",
        title=TITLE,
        redoc_js_url=f"{ASSETS}/redoc.standalone.js",
        redoc_favicon_url=f"{ASSETS}/favicon.png",
        with_google_fonts=False,
    )


def _inline_hashes(html: bytes) -> str:
    scripts = re.findall(rb"<script>(.*?)</script>", html, flags=re.S)
    return " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s).digest()).decode()}'" for s in scripts)


# ReDoc renders in a web worker made from a blob; neither page shows document text.
POLICY = (
    f"default-src 'self'; script-src 'self' {_inline_hashes(bytes(_swagger().body))}; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'self'"
)
PATHS = ("/docs", "/redoc")


def install(app: FastAPI) -> None:
    """Serve /docs and /redoc from the package's files (create the app with docs_url=None, redoc_url=None)."""
    app.mount(ASSETS, StaticFiles(directory=str(resources.files("fastapi_offline").joinpath("static"))), name="docs")
    app.add_api_route("/docs", _swagger, include_in_schema=False, response_class=HTMLResponse)
    app.add_api_route("/redoc", _redoc, include_in_schema=False, response_class=HTMLResponse)

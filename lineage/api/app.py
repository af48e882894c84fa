"""The HTTP API: create_app() wires settings, store and routers; errors become status codes."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from lineage import __version__
from lineage.api import errors
from lineage.api.deps import key_may_read
from lineage.api.uploads import UploadGate
from lineage.audit import AuditLog
from lineage.graph.store import GraphStore, open_store
from lineage.loaders.units import UnitTable
from lineage.settings import Settings

# Pages: scripts only from this server's own files, never inline; styles may be inline (no script runs from CSS).
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
# FastAPI's /docs and /redoc load Swagger UI and ReDoc from their CDN with one inline call; they show
# no document text.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "img-src 'self' data: https://fastapi.tiangolo.com; font-src https://fonts.gstatic.com; worker-src blob:; "
    "object-src 'none'; base-uri 'none'"
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """The application; `store` may be injected (tests), else it is opened at startup."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store if store is not None else open_store(settings)
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="policy-lineage",
        version=__version__,
        description="Lineage of Vietnamese policy documents: which directive each local task serves, "
        "who leads and supports it, and what a new directive touches.",
        lifespan=lifespan,
        responses=errors.COMMON,
    )
    app.state.settings = settings
    app.state.units = UnitTable.load(settings.units_file)
    app.state.upload_gate = UploadGate(settings.uploads_per_client)
    app.state.audit = AuditLog(settings.data_dir)
    if store is not None:
        app.state.store = store

    from lineage.api.routes import audit, documents, health, impact, ingest, lineage, search, tasks, units

    for module in (health, search, documents, tasks, units, lineage, impact, ingest, audit):
        app.include_router(module.router, prefix="/api")
    from lineage.api import pages

    app.include_router(pages.router)
    pages.mount_static(app)

    @app.middleware("http")
    async def static_files_read_key(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        # The static files obey the read key like the pages and the API (mounted apps have no dependencies).
        if request.url.path.startswith("/static/") and not key_may_read(settings, request.headers.get("X-API-Key")):
            return JSONResponse({"detail": "missing or wrong X-API-Key"}, status_code=401)
        return await call_next(request)

    @app.middleware("http")
    async def refuse_control_characters(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        # No code, key, name or word holds one, and a NUL would end FalkorDB's query text (graph/dialect.py).
        for name, value in [("path", request.url.path), *request.query_params.multi_items()]:
            if _CONTROL.search(name) or _CONTROL.search(value):
                where = "the path" if name == "path" else f"query parameter {name!r}"
                return JSONResponse({"detail": f"{where} holds a control character"}, status_code=422)
        return await call_next(request)

    @app.middleware("http")
    async def content_security_policy(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        # Documents come from outside the office: no page runs inline script, whatever a text holds.
        response = await call_next(request)
        docs = request.url.path in (app.docs_url, app.redoc_url)
        response.headers.setdefault("Content-Security-Policy", DOCS_POLICY if docs else PAGE_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    errors.install(app)
    return app

"""The HTTP API: create_app() wires settings, store and routers; errors become status codes."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from lineage import __version__
from lineage.api import docs, errors
from lineage.api.guard import Guard
from lineage.api.uploads import UploadGate
from lineage.audit import AuditLog
from lineage.graph.store import GraphStore, open_store
from lineage.loaders.units import UnitTable
from lineage.settings import Settings

# Set by `lineage serve` for its worker processes: the pid they serve under.
SUPERVISOR = "LINEAGE_SUPERVISOR_PID"


async def _stop_when_orphaned(supervisor: int) -> None:
    """A worker whose `lineage serve` died, even by SIGKILL, stops too, rather than serve on alone
    (and keep the port from the next `lineage serve`)."""
    while os.getppid() == supervisor:
        await asyncio.sleep(1.0)
    os.kill(os.getpid(), signal.SIGTERM)


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """The application; `store` may be injected (tests), else it is opened at startup."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store if store is not None else open_store(settings)
        supervisor = os.environ.get(SUPERVISOR)
        watch = asyncio.create_task(_stop_when_orphaned(int(supervisor))) if supervisor else None
        try:
            yield
        finally:
            if watch is not None:
                watch.cancel()
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="policy-lineage",
        version=__version__,
        description="Lineage of Vietnamese policy documents: which directive each local task serves, "
        "who leads and supports it, and what a new directive touches.",
        lifespan=lifespan,
        responses=errors.COMMON,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.units = UnitTable.load(settings.units_file)
    app.state.upload_gate = UploadGate(settings.uploads_per_client)
    app.state.audit = AuditLog(settings.data_dir)
    if store is not None:
        app.state.store = store

    from lineage.api.routes import (
        audit,
        corrections,
        documents,
        health,
        impact,
        ingest,
        lineage,
        search,
        tasks,
        units,
    )

    for module in (health, search, documents, tasks, units, lineage, impact, ingest, corrections, audit):
        app.include_router(module.router, prefix="/api")
    from lineage.api import pages

    app.include_router(pages.router)
    pages.mount_static(app)
    docs.install(app)

    app.add_middleware(Guard, settings=settings)
    errors.install(app)
    return app

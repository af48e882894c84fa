"""The HTTP API: create_app() wires settings, store and routers; errors become status codes."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

from lineage import __version__
from lineage.accounts import Accounts
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


def session_secret(settings: Settings) -> str:
    """The key that signs session cookies: the setting, else one kept in the data folder (made once,
    mode 0600), else, where the folder cannot be written, one for this process only."""
    if settings.session_secret is not None:
        return settings.session_secret.get_secret_value()
    path = settings.data_dir / "session.key"
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(48))
        return path.read_text().strip()
    except OSError:
        return secrets.token_urlsafe(48)


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
    app.state.accounts = Accounts.load(settings.accounts_file)
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
    # Outermost, so that every layer within (the guard, the pages) sees who signed in. Lax: a form
    # posted from another site carries no session; the pages' forms also carry a CSRF token.
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie="lineage_session",
        max_age=8 * 3600,
        same_site="lax",
    )
    errors.install(app)
    return app

"""Dependencies injected into the routes: the store, the settings, the API keys."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.security import APIKeyHeader

from lineage.audit import AuditLog, fingerprint
from lineage.graph.store import GraphStore
from lineage.loaders.units import UnitTable
from lineage.settings import Settings

_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)

# Every dependency here is `async def`: none blocks, and FastAPI runs a plain `def`
# dependency in the thread pool, a thread hop per dependency per request (about
# 0.1-0.2 ms each, the larger part of a lineage request's time before this).


async def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_units(request: Request) -> UnitTable:
    units: UnitTable = request.app.state.units
    return units


async def get_audit(request: Request) -> AuditLog:
    audit: AuditLog = request.app.state.audit
    return audit


async def get_writer(key: Annotated[str | None, Security(_key_header)]) -> str:
    """Who writes, for the audit log: the fingerprint of the key sent (the key itself is never kept)."""
    return fingerprint(key) if key else "anonymous"


StoreDep = Annotated[GraphStore, Depends(get_store)]
AuditDep = Annotated[AuditLog, Depends(get_audit)]
WriterDep = Annotated[str, Depends(get_writer)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
UnitsDep = Annotated[UnitTable, Depends(get_units)]


def _check(given: str | None, wanted: str) -> None:
    # Constant-time comparison: the time taken says nothing about how much of the key matched.
    if given is None or not hmac.compare_digest(given.encode(), wanted.encode()):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "missing or wrong X-API-Key", headers={"WWW-Authenticate": "X-API-Key"}
        )


async def require_write_key(settings: SettingsDep, key: Annotated[str | None, Security(_key_header)]) -> None:
    """Writes need the API key; with none configured, writes are refused."""
    if settings.api_key is None:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "writes are disabled: set LINEAGE_API_KEY on the server")
    _check(key, settings.api_key.get_secret_value())


def key_may_read(settings: Settings, key: str | None) -> bool:
    """Reads are open unless a read key is set (the write key also reads)."""
    if settings.read_key is None:
        return True
    keys = [settings.read_key.get_secret_value()] + ([settings.api_key.get_secret_value()] if settings.api_key else [])
    return key is not None and any(hmac.compare_digest(key.encode(), k.encode()) for k in keys)


async def require_read_key(settings: SettingsDep, key: Annotated[str | None, Security(_key_header)]) -> None:
    if not key_may_read(settings, key):
        _check(None, "")


WriteAuth = Depends(require_write_key)
ReadAuth = Depends(require_read_key)

"""Dependencies injected into the routes: the store, the settings, who calls and what they may do."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from lineage.accounts import Account, Accounts, Role, may
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


SettingsDep = Annotated[Settings, Depends(get_settings)]


@dataclass(frozen=True)
class Caller:
    """Who asks: an account (by token or by a page's session), the write key (an admin's), or nobody."""

    name: str
    role: Role | None = None


_bearer = HTTPBearer(auto_error=False)


async def get_caller(
    request: Request,
    settings: SettingsDep,
    key: Annotated[str | None, Security(_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> Caller:
    """The caller; a wrong token is refused (401), a wrong key is nobody (writes then say 401)."""
    if key and settings.api_key and hmac.compare_digest(key.encode(), settings.api_key.get_secret_value().encode()):
        return Caller(f"key:{fingerprint(key)}", "admin")
    accounts: Accounts = request.app.state.accounts
    if bearer is not None:
        account = accounts.by_token(bearer.credentials)
        if account is None:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown token", headers={"WWW-Authenticate": "Bearer"})
        return Caller(account.name, account.role)
    account = session_account(request)
    return Caller(account.name, account.role) if account else Caller("anonymous")


def session_account(request: Request) -> Account | None:
    """The account signed in to the pages in this request's session, if any (and still there)."""
    accounts: Accounts = request.app.state.accounts
    name = request.session.get("user") if "session" in request.scope else None
    return accounts.get(name) if name else None


CallerDep = Annotated[Caller, Depends(get_caller)]


def check_role(request: Request, settings: Settings, caller: Caller, role: Role) -> None:
    """Refuse `caller` below `role`: 401 with no credentials, 403 with too few rights or no way to write."""
    if settings.api_key is None and not request.app.state.accounts:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "writes are disabled: set LINEAGE_API_KEY or add accounts (lineage user add)"
        )
    if caller.role is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "missing or wrong X-API-Key or token", headers={"WWW-Authenticate": "Bearer"}
        )
    if not may(caller.role, role):
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"{caller.name} is a {caller.role}: this needs an {role}")


def require(role: Role) -> Any:
    """A route dependency: the caller must have `role` or more."""

    async def check(request: Request, settings: SettingsDep, caller: CallerDep) -> None:
        check_role(request, settings, caller, role)

    return Depends(check)


async def get_writer(caller: CallerDep) -> str:
    """Who writes, for the audit log: the account's name, or the fingerprint of the key (never the key)."""
    return caller.name


StoreDep = Annotated[GraphStore, Depends(get_store)]
AuditDep = Annotated[AuditLog, Depends(get_audit)]
WriterDep = Annotated[str, Depends(get_writer)]
UnitsDep = Annotated[UnitTable, Depends(get_units)]


def key_may_read(settings: Settings, key: str | None) -> bool:
    """Reads are open unless a read key is set (the write key also reads)."""
    if settings.read_key is None:
        return True
    keys = [settings.read_key.get_secret_value()] + ([settings.api_key.get_secret_value()] if settings.api_key else [])
    return key is not None and any(hmac.compare_digest(key.encode(), k.encode()) for k in keys)


async def require_read_key(
    settings: SettingsDep, caller: CallerDep, key: Annotated[str | None, Security(_key_header)]
) -> None:
    """With a read key set, reads need it, the write key, or an account."""
    if not key_may_read(settings, key) and caller.role is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "missing or wrong X-API-Key", headers={"WWW-Authenticate": "X-API-Key"}
        )


WriteAuth = require("editor")
AdminAuth = require("admin")
ReadAuth = Depends(require_read_key)

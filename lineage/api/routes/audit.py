"""The audit log of writes (an admin): who ingested, deleted or wrote an impact, when, and what."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from lineage.api.deps import AdminAuth, AuditDep
from lineage.api.errors import WRITE
from lineage.audit import AuditEntry

router = APIRouter(tags=["audit"], dependencies=[AdminAuth], responses=WRITE)


class AuditPublic(BaseModel):
    data: list[AuditEntry]
    count: int


@router.get("/audit")
def audit(log: AuditDep, limit: Annotated[int, Query(ge=1, le=10_000)] = 100) -> AuditPublic:
    """The last writes, newest first."""
    entries = log.entries(limit=limit)
    return AuditPublic(data=entries, count=len(entries))

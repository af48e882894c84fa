"""Tasks: one task, and tasks due in a date range (overdue first)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from lineage.api.deps import ReadAuth, StoreDep
from lineage.api.errors import LOOKUP
from lineage.queries.documents import TaskPublic, get_task
from lineage.queries.gaps import DueTask, due

router = APIRouter(tags=["tasks"], dependencies=[ReadAuth], responses=LOOKUP)


@router.get("/tasks/due")
def tasks_due(
    store: StoreDep, start: dt.date, end: dt.date, limit: Annotated[int, Query(ge=1, le=5000)] = 500
) -> list[DueTask]:
    if end < start:
        raise HTTPException(422, [{"loc": ["query", "end"], "msg": "end is before start", "type": "value_error"}])
    return due(store, start=start.isoformat(), end=end.isoformat(), limit=limit)


@router.get("/tasks/{key:path}")
def task(store: StoreDep, key: str) -> TaskPublic:
    return get_task(store, key)

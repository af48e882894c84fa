"""Gaps and deadlines: directives nobody carries out locally, tasks that reach no root,
and tasks due in a date range (overdue first)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from lineage.graph.store import GraphStore
from lineage.queries.lineage import root_keys, trace
from lineage.queries.models import DocumentSummary, TaskSummary
from lineage.queries.search import DOC_FIELDS

UNIMPLEMENTED = (
    "UNWIND $keys AS k MATCH (d:Document {key: k}) "
    "OPTIONAL MATCH (d)<-[r:IMPLEMENTS|BASED_ON]-(x) WHERE x.stub = false OR x:Task "
    f"WITH d, count(r) AS n WHERE n = 0 RETURN {DOC_FIELDS}"
)
LOCAL_DOCS = "MATCH (d:Document) WHERE d.stub = false AND d.scope <> 'vn' RETURN d.key AS key"
TASKS_OF_DOCS = (
    "UNWIND $keys AS k MATCH (t:Task) WHERE t.doc_key = k "
    "RETURN t.key AS key, t.ref AS ref, t.doc_key AS doc_key, t.summary AS summary, t.deadline AS deadline"
)
DUE = (
    "MATCH (t:Task) WHERE t.deadline >= $start AND t.deadline <= $end AND size(t.deadline) = 10 "
    "RETURN t.key AS key, t.ref AS ref, t.doc_key AS doc_key, t.summary AS summary, t.deadline AS deadline "
    "ORDER BY t.deadline, t.key LIMIT $limit"
)


class Gaps(BaseModel):
    unimplemented_roots: list[DocumentSummary]
    orphan_tasks: list[TaskSummary]
    orphan_documents: list[str]


class DueTask(TaskSummary):
    overdue: bool


def gaps(store: GraphStore, *, roots: list[str], limit: int = 500) -> Gaps:
    keys = list(root_keys(store, roots))
    unimplemented = [DocumentSummary(**r) for r in store.read(UNIMPLEMENTED, {"keys": keys})] if keys else []
    orphans = [r["key"] for r in store.read(LOCAL_DOCS)[:limit] if trace(store, r["key"], roots=roots).orphan]
    tasks = [TaskSummary(**r) for r in store.read(TASKS_OF_DOCS, {"keys": orphans})] if orphans else []
    return Gaps(unimplemented_roots=unimplemented, orphan_tasks=tasks, orphan_documents=orphans)


def due(store: GraphStore, *, start: str, end: str, today: dt.date | None = None, limit: int = 500) -> list[DueTask]:
    """Tasks with a dated deadline in [start, end], overdue ones first."""
    now = (today or dt.date.today()).isoformat()
    rows = store.read(DUE, {"start": start, "end": end, "limit": limit})
    tasks = [DueTask(**r, overdue=r["deadline"] < now) for r in rows]
    return sorted(tasks, key=lambda t: (not t.overdue, t.deadline or ""))

"""Units: a unit's portfolio (tasks, roles, deadlines, the roots each serves), and the
units working under a directive."""

from __future__ import annotations

from pydantic import BaseModel, Field

from lineage.errors import NotFound
from lineage.graph.store import GraphStore
from lineage.queries.lineage import trace
from lineage.queries.models import Flag, UnitSummary
from lineage.queries.walk import descendants

GET_UNIT = (
    "MATCH (u:Unit {key: $key}) RETURN u.key AS key, u.name AS name, u.level AS level, "
    "u.collective AS collective, u.province AS province"
)
UNITS_BY_NAME = (
    "MATCH (u:Unit) WHERE u.name = $name OPTIONAL MATCH (u)<-[r:ASSIGNED_TO]-() "
    "WITH u, count(r) AS n RETURN u.key AS key, u.name AS name, u.level AS level, "
    "u.collective AS collective, u.province AS province ORDER BY n DESC, u.key"
)
PORTFOLIO = (
    "MATCH (u:Unit {key: $key})<-[r:ASSIGNED_TO]-(t:Task) "
    "MATCH (d:Document {key: t.doc_key}) "
    "RETURN t.key AS task, t.ref AS ref, t.summary AS summary, t.deadline AS deadline, r.role AS role, "
    "d.key AS doc_key, d.code AS code, d.subject AS subject, d.type AS type, d.issuer AS issuer, d.date AS date, "
    "d.draft AS draft ORDER BY d.date DESC, d.key, t.ref, t.key LIMIT $limit"
)
UNITS_OF_TASKS = (
    "UNWIND $keys AS k MATCH (t:Task {key: k})-[r:ASSIGNED_TO]->(u:Unit) "
    "RETURN u.key AS key, u.name AS name, r.role AS role, count(t) AS tasks"
)


class PortfolioItem(BaseModel):
    task: str
    ref: str
    role: str
    summary: str | None = None
    deadline: str | None = None
    doc_key: str
    code: str | None = None
    subject: str | None = None
    type: str | None = None
    issuer: str | None = None
    date: str | None = None
    draft: Flag = False
    roots: list[str] = Field(default_factory=list)


class Portfolio(BaseModel):
    unit: UnitSummary
    data: list[PortfolioItem]
    count: int


class UnitRole(BaseModel):
    key: str
    name: str
    role: str
    tasks: int


def find_unit(store: GraphStore, ref: str) -> UnitSummary:
    rows = store.read(GET_UNIT, {"key": ref}) or store.read(UNITS_BY_NAME, {"name": ref})
    if not rows:
        raise NotFound("unit", ref)
    return UnitSummary(**rows[0])


def portfolio(store: GraphStore, ref: str, *, roots: list[str], limit: int = 200) -> Portfolio:
    """The unit's tasks with role, deadline and the roots each one's lineage reaches."""
    unit = find_unit(store, ref)
    rows = store.read(PORTFOLIO, {"key": unit.key, "limit": limit})
    reach: dict[str, list[str]] = {}
    items = []
    for r in rows:
        if r["doc_key"] not in reach:
            reach[r["doc_key"]] = trace(store, r["doc_key"], roots=roots).reached
        items.append(PortfolioItem(**r, roots=reach[r["doc_key"]]))
    return Portfolio(unit=unit, data=items, count=len(items))


def units_under(store: GraphStore, doc_key: str, *, include_cites: bool = True, max_depth: int = 8) -> list[UnitRole]:
    """Units assigned to tasks anywhere below a directive, with their roles."""
    reached, _ = descendants(
        store, {doc_key: "Document"}, include_cites=include_cites, max_depth=max_depth, limit=100_000
    )
    tasks = [k for k, (_, h) in reached.items() if h.src_label == "Task"]
    if not tasks:
        return []
    rows = store.read(UNITS_OF_TASKS, {"keys": tasks})
    return sorted((UnitRole(**r) for r in rows), key=lambda u: (-u.tasks, u.name))

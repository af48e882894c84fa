"""Impact of a new directive: what it touches, and who must act.

Read like any other document. What it amends or replaces, and everything
downstream of that (documents implementing, based on or citing it, their tasks
and the units assigned), needs review. What it implements or cites names a
parent: existing documents under the same parent should coordinate with it.
Every item carries the chain that explains why; long lists are cut with a
count of what was left out.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from lineage.extraction import Extraction, Relation
from lineage.graph.store import GraphStore
from lineage.queries.lineage import root_keys
from lineage.queries.models import DocumentSummary, Hop, role_rank
from lineage.queries.search import DOC_FIELDS
from lineage.queries.walk import descendants

DOCS_BY_KEYS = f"UNWIND $keys AS k MATCH (d:Document {{key: k}}) RETURN {DOC_FIELDS}"
TASKS_OF_DOCS = "UNWIND $keys AS k MATCH (t:Task) WHERE t.doc_key = k RETURN t.key AS key"
UNITS_OF_TASKS = (
    "UNWIND $keys AS k MATCH (t:Task {key: k})-[r:ASSIGNED_TO]->(u:Unit) "
    "RETURN t.key AS task, t.ref AS ref, t.doc_key AS doc_key, u.key AS unit_key, u.name AS unit, r.role AS role"
)


class ImpactItem(BaseModel):
    document: DocumentSummary
    depth: int
    via: str = Field(description="Code of the amended/replaced or parent document this item is reached from.")
    why: list[Hop] = Field(description="The chain from this document up to `via`, nearest hop first.")


class UnitImpact(BaseModel):
    unit: str
    unit_key: str
    roles: list[str]
    tasks: list[str]
    documents: list[str]


class ImpactTarget(BaseModel):
    code: str
    relation: str
    known: bool = Field(description="Whether the graph holds this document.")


class ImpactReport(BaseModel):
    directive: dict[str, str | None]
    targets: list[ImpactTarget]
    review: list[ImpactItem] = Field(default_factory=list)
    coordinate: list[ImpactItem] = Field(default_factory=list)
    units: list[UnitImpact] = Field(default_factory=list, description="Units of the tasks that need review.")
    coordinate_units: list[UnitImpact] = Field(default_factory=list, description="Units working under the same parent.")
    review_tasks: int = 0
    left_out: int = Field(0, description="Documents seen beyond the limit, not listed (a lower bound when truncated).")
    truncated: bool = Field(False, description="The walk stopped at the limit: more documents lie below.")


REVIEW = {Relation.AMENDS, Relation.REPLACES}


def impact(store: GraphStore, ex: Extraction, *, limit: int = 200, max_depth: int = 8) -> ImpactReport:
    """What `ex` (a new directive, written to the graph or not) touches in the graph."""
    targets: list[ImpactTarget] = []
    review_start: dict[str, str] = {}
    parent_start: dict[str, str] = {}
    for ref in ex.references:
        if not ref.code:
            continue
        keys = root_keys(store, [ref.code])
        targets.append(ImpactTarget(code=ref.code, relation=ref.relation.value, known=bool(keys)))
        bucket = review_start if ref.relation in REVIEW else parent_start
        if ref.relation in REVIEW or ref.relation in {Relation.IMPLEMENTS, Relation.BASED_ON, Relation.CITES}:
            bucket.update(dict.fromkeys(keys, ref.code))
    own = {
        r["key"]
        for r in store.read(
            "MATCH (d:Document) WHERE d.text_sha256 = $sha RETURN d.key AS key", {"sha": ex.text_sha256}
        )
    }
    review, review_tasks, left, cut = _items(store, review_start, exclude=own, limit=limit, max_depth=max_depth)
    coordinate, coordinate_tasks, left2, cut2 = _items(
        store,
        parent_start,
        exclude=own | set(review_start) | {i.document.key for i in review},
        limit=limit,
        max_depth=max_depth,
    )
    return ImpactReport(
        directive={
            "code": ex.doc.code,
            "type": ex.doc.type,
            "issuer": ex.doc.issuer,
            "date": ex.doc.date,
            "subject": ex.doc.subject,
            "source": ex.source,
        },
        targets=targets,
        review=review,
        coordinate=coordinate,
        units=_units(store, review_tasks),
        coordinate_units=_units(store, coordinate_tasks),
        review_tasks=len(review_tasks),
        left_out=left + left2,
        truncated=cut or cut2,
    )


def _items(
    store: GraphStore, start: dict[str, str], *, exclude: set[str], limit: int, max_depth: int
) -> tuple[list[ImpactItem], list[str], int, bool]:
    """Documents below `start` (nearest first, at most `limit`), the tasks of those listed,
    how many more were seen, and whether the walk stopped at its budget."""
    if not start:
        return [], [], 0, False
    reached, truncated = descendants(
        store,
        dict.fromkeys(start, "Document"),
        include_cites=True,
        max_depth=max_depth,
        limit=limit + len(exclude) + 1,
        tasks=False,
    )
    docs = {k: v for k, v in reached.items() if k not in exclude}
    listed = sorted(docs.items(), key=lambda kv: (kv[1][0], kv[0]))[:limit]
    rows = {r["key"]: r for r in store.read(DOCS_BY_KEYS, {"keys": [k for k, _ in listed]})}
    items = []
    for key, (depth, _) in listed:
        chain = _why(key, reached)
        via = start.get(chain[-1].dst, "") if chain else ""
        items.append(ImpactItem(document=DocumentSummary(**rows[key]), depth=depth, via=via, why=chain))
    tasks = [r["key"] for r in store.read(TASKS_OF_DOCS, {"keys": [k for k, _ in listed]})] if listed else []
    return items, tasks, len(docs) - len(listed), truncated


def _why(key: str, reached: dict[str, tuple[int, Hop]]) -> list[Hop]:
    """The chain from `key` up to the start of the walk, nearest hop first."""
    chain = []
    while key in reached:
        h = reached[key][1]
        chain.append(h)
        key = h.dst
    return chain


def _units(store: GraphStore, tasks: list[str]) -> list[UnitImpact]:
    by_unit: dict[str, UnitImpact] = {}
    for r in store.read(UNITS_OF_TASKS, {"keys": tasks}) if tasks else []:
        u = by_unit.setdefault(
            r["unit_key"], UnitImpact(unit=r["unit"], unit_key=r["unit_key"], roles=[], tasks=[], documents=[])
        )
        for field_, value in (("roles", r["role"]), ("tasks", r["task"]), ("documents", r["doc_key"])):
            values = getattr(u, field_)
            if value not in values:
                values.append(value)
    for u in by_unit.values():  # in an order of their own, not the engine's
        u.roles.sort(key=lambda role: (role_rank(role), role))
        u.tasks.sort()
        u.documents.sort()
    return sorted(by_unit.values(), key=lambda u: (-len(u.tasks), u.unit, u.unit_key))

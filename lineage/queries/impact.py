"""Impact of a new directive: what it touches, and who must act.

Read like any other document. What it amends or replaces, and everything
downstream of that (documents implementing, based on or citing it, their tasks
and the units assigned), needs review. What it implements or cites names a
parent: existing documents under the same parent should coordinate with it.

Totals are exact whatever the page size: the whole walk is kept, and the tasks
and units of every document reached are counted (per province and role), while
only a page of each list is fetched and explained. The walk and the counts run
on the graph's skeleton held in the process (skeleton.py), read again whenever
the graph has changed; the page's documents and evidence come from the engine.
Every listed item carries the strongest chain that explains why.
"""

from __future__ import annotations

from collections import Counter
from typing import TypeVar

from pydantic import BaseModel, Field

from lineage.extraction import Extraction, Relation
from lineage.graph.store import GraphStore
from lineage.queries import skeleton
from lineage.queries.lineage import root_keys
from lineage.queries.models import DocumentSummary, Hop, role_rank
from lineage.queries.search import DOC_FIELDS
from lineage.queries.skeleton import Skeleton

DOCS_BY_KEYS = f"UNWIND $keys AS k MATCH (d:Document {{key: k}}) RETURN {DOC_FIELDS}"
# Documents a walk may reach before it stops and says so: far above a whole country's graph.
WALK_BUDGET = 1_000_000
T = TypeVar("T")


class ImpactItem(BaseModel):
    document: DocumentSummary
    depth: int
    via: str = Field(description="Code of the amended/replaced or parent document this item is reached from.")
    why: list[Hop] = Field(
        description="The strongest chain from this document up to `via` (fewest CITES hops, then the "
        "strongest edge of each hop), nearest hop first; each hop names both ends' codes."
    )


class UnitImpact(BaseModel):
    unit: str
    unit_key: str
    province: str | None = None
    roles: list[str] = Field(description="Its roles in these tasks, lead first.")
    tasks: int = Field(description="Tasks assigned to it, in any role.")
    documents: int = Field(description="Documents those tasks belong to.")


class ProvinceCount(BaseModel):
    province: str | None = Field(description="None for documents of no province (central bodies).")
    documents: int
    tasks: int


class UnitGroup(BaseModel):
    """The units of one province in one role."""

    province: str | None
    role: str
    units: int
    tasks: int = Field(description="Distinct tasks in which a unit of the group has the role.")


class ImpactTotals(BaseModel):
    """Exact counts of the whole list, whatever the page size."""

    documents: int = 0
    tasks: int = 0
    units: int = 0
    by_province: list[ProvinceCount] = Field(
        default_factory=list, description="The directive's own province first, then by documents."
    )
    by_role: list[UnitGroup] = Field(default_factory=list, description="Per province and role, in that order.")


class ImpactList(BaseModel):
    """One list (review or coordinate): its totals, and one page of its documents and of its units."""

    totals: ImpactTotals = Field(default_factory=ImpactTotals)
    items: list[ImpactItem] = Field(
        default_factory=list, description="Documents of the directive's own province first, then nearest first."
    )
    units: list[UnitImpact] = Field(
        default_factory=list, description="Units of the own province first, then by province; most tasks first."
    )


class ImpactTarget(BaseModel):
    code: str
    relation: str
    known: bool = Field(description="Whether the graph holds this document.")


class ImpactReport(BaseModel):
    directive: dict[str, str | None]
    targets: list[ImpactTarget]
    review: ImpactList = Field(default_factory=ImpactList, description="Below what the directive amends or replaces.")
    coordinate: ImpactList = Field(
        default_factory=ImpactList, description="Under the directive's parents, not already under review."
    )
    offset: int = 0
    limit: int = 200
    truncated: bool = Field(False, description="A walk stopped at its budget: the totals are lower bounds.")


REVIEW = {Relation.AMENDS, Relation.REPLACES}
PARENT = {Relation.IMPLEMENTS, Relation.BASED_ON, Relation.CITES}


def impact(
    store: GraphStore,
    ex: Extraction,
    *,
    offset: int = 0,
    limit: int = 200,
    max_depth: int = 8,
    budget: int = WALK_BUDGET,
) -> ImpactReport:
    """What `ex` (a new directive, written to the graph or not) touches in the graph: exact totals,
    and the page `offset`..`offset + limit` of each list."""
    targets: list[ImpactTarget] = []
    review_start: dict[str, str] = {}
    parent_start: dict[str, str] = {}
    for ref in ex.references:
        if not ref.code:
            continue
        keys = root_keys(store, [ref.code])
        targets.append(ImpactTarget(code=ref.code, relation=ref.relation.value, known=bool(keys)))
        if ref.relation in REVIEW:
            review_start.update(dict.fromkeys(keys, ref.code))
        elif ref.relation in PARENT:
            parent_start.update(dict.fromkeys(keys, ref.code))
    own = {
        r["key"]
        for r in store.read(
            "MATCH (d:Document) WHERE d.text_sha256 = $sha RETURN d.key AS key", {"sha": ex.text_sha256}
        )
    }
    page = _Page(ex.doc.province, offset, limit)
    sk = skeleton.current(store)
    mine = {sk.index[k] for k in own if k in sk.index}
    review, under_review, cut = _list(store, sk, review_start, mine, page, max_depth=max_depth, budget=budget)
    reviewed = mine | {sk.index[k] for k in review_start if k in sk.index} | under_review
    coordinate, _, cut2 = _list(store, sk, parent_start, reviewed, page, max_depth=max_depth, budget=budget)
    return ImpactReport(
        directive={
            "code": ex.doc.code,
            "type": ex.doc.type,
            "issuer": ex.doc.issuer,
            "province": ex.doc.province,
            "date": ex.doc.date,
            "subject": ex.doc.subject,
            "source": ex.source,
        },
        targets=targets,
        review=review,
        coordinate=coordinate,
        offset=offset,
        limit=limit,
        truncated=cut or cut2,
    )


class _Page:
    """Which page of each list to return, and whose province comes first."""

    def __init__(self, province: str | None, offset: int, limit: int) -> None:
        self.province, self.offset, self.limit = province, offset, limit

    def first(self, province: str | None) -> tuple[bool, str]:
        """Sort key: the directive's own province first, then the rest by name (central bodies last)."""
        return province != self.province or province is None, province or "\uffff"

    def cut(self, items: list[T]) -> list[T]:
        return items[self.offset : self.offset + self.limit]


def _list(
    store: GraphStore,
    sk: Skeleton,
    start: dict[str, str],
    exclude: set[int],
    page: _Page,
    *,
    max_depth: int,
    budget: int,
) -> tuple[ImpactList, set[int], bool]:
    """Everything below `start` but the documents `exclude` (by number): totals, a page of documents
    and one of units; the number of every document reached; and whether the walk stopped at its budget."""
    if not start:
        return ImpactList(), set(), False
    reached, levels, truncated = sk.walk(start, max_depth=max_depth, limit=budget + len(exclude))
    provinces, tasks = sk.provinces, sk.tasks
    later = {p: page.first(p)[0] for p in set(map(provinces.__getitem__, reached))}  # not the own province
    # The documents, the own province's first, then nearest first, then in key order: bucketed by
    # depth, and only the buckets the page falls in sorted.
    near: list[list[int]] = []
    far: list[list[int]] = []
    for level in levels:
        mine = [d for d in level if d not in exclude]
        near.append([d for d in mine if not later[provinces[d]]])
        far.append([d for d in mine if later[provinces[d]]])
    docs = [d for bucket in (*near, *far) for d in bucket]
    listed: list[int] = []
    seen = 0
    for bucket in (*near, *far):
        if seen + len(bucket) > page.offset and len(listed) < page.limit:
            ordered = sorted(bucket, key=sk.by_key.__getitem__)
            listed += ordered[max(0, page.offset - seen) : max(0, page.offset - seen) + page.limit - len(listed)]
        seen += len(bucket)
    rows = {r["key"]: r for r in store.read(DOCS_BY_KEYS, {"keys": [sk.key(d) for d in listed]})} if listed else {}
    chains = {d: _chain(sk, d, reached) for d in listed}
    hops = sk.hops(store, [e for c in chains.values() for e in c])
    items = []
    for d in listed:
        why = _why([hops[e] for e in chains[d]], start)
        via = start.get(why[-1].dst, "") if why else ""
        items.append(ImpactItem(document=DocumentSummary(**rows[sk.key(d)]), depth=reached[d][0], via=via, why=why))
    per_province = Counter(map(provinces.__getitem__, docs))
    tasks_in: Counter[str | None] = Counter()
    for d in docs:
        tasks_in[provinces[d]] += tasks[d]
    n = sk.unit_totals(docs)
    names, keys, unit_provinces = sk.unit_names, sk.unit_keys, sk.unit_provinces
    units = sorted(n.tasks, key=lambda u: (*page.first(unit_provinces[u]), -n.tasks[u], names[u], keys[u]))
    groups = sorted(n.groups, key=lambda g: (*page.first(g.province), role_rank(g.role), g.role))
    totals = ImpactTotals(
        documents=len(docs),
        tasks=sum(tasks_in.values()),
        units=len(units),
        by_province=sorted(
            (ProvinceCount(province=p, documents=c, tasks=tasks_in[p]) for p, c in per_province.items()),
            key=lambda c: (page.first(c.province)[0], -c.documents, c.province or ""),
        ),
        by_role=[UnitGroup(province=g.province, role=g.role, units=g.units, tasks=g.tasks) for g in groups],
    )
    shown = [
        UnitImpact(
            unit=names[u],
            unit_key=keys[u],
            province=unit_provinces[u],
            roles=sorted(sk.roles_of(u, n.pairs), key=lambda role: (role_rank(role), role)),
            tasks=n.tasks[u],
            documents=n.documents[u],
        )
        for u in page.cut(units)
    ]
    return ImpactList(totals=totals, items=items, units=shown), set(reached), truncated


def _chain(sk: Skeleton, doc: int, reached: dict[int, tuple[int, int]]) -> list[int]:
    """The ranks of the edges from `doc` up to the start of the walk, nearest first."""
    out = []
    while doc in reached:
        e = reached[doc][1]
        out.append(e)
        doc = sk.edst[e]
    return out


def _why(chain: list[Hop], start: dict[str, str]) -> list[Hop]:
    """The chain's hops, each naming both ends' codes."""
    return [
        h.model_copy(update={"dst_code": chain[i + 1].src_code if i + 1 < len(chain) else start.get(h.dst)})
        for i, h in enumerate(chain)
    ]

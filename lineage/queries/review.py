"""The review queue: the facts that most need a person, first, each with the target a correction
of it would name (corrections.py).

In order: corrections a later reading no longer holds the fact of; readings the reader is least sure
of (a plan in which it found no task, or whose references it read all as mere citations, so that its
lineage stops there), until a person corrects anything in the document; tasks without a lead; leads
that fell to the addressees because the item names no unit; units the unit table does not know
(kept as a department of the province under the name written); codes that name more than one
document in the graph; references to a document named without a number; drafts matched to a
numbered document by reasoning (a person's word on a draft's identity takes it out). Facts a person
confirmed or corrected leave the queue.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from lineage.corrections import Target, load
from lineage.graph.schema import DocKind
from lineage.graph.store import GraphStore
from lineage.queries.documents import ref_order

REASONS = (
    "stale_correction",
    "low_confidence",
    "no_lead",
    "lead_inherited",
    "unknown_unit",
    "ambiguous_code",
    "unnumbered_reference",
    "draft_match",
)
MACHINE = "coalesce({x}.origin, 'machine') = 'machine'"
# Which documents' items: one document, one province, or (a unit's) those whose tasks it has a part in.
SCOPE = "($document IS NULL OR d.key = $document) AND ($province IS NULL OR d.province = $province)"
UNIT_DOCS = "MATCH (t:Task)-[:ASSIGNED_TO]->(:Unit {key: $unit}) RETURN DISTINCT t.doc_key AS d"
STALE = (
    "MATCH (d:Document) WHERE d.corrections IS NOT NULL AND {scope} "
    "RETURN d.key AS doc, d.code AS code, d.province AS province, d.corrections AS corrections"
)
# Plans and programmes carry out something and set tasks: a reading of one without either is suspect.
PLANNING = [DocKind.PARTY_PLAN.value, DocKind.PROVINCIAL_PLAN.value, DocKind.PROGRAMME.value]
UNSURE = "d.stub = false AND d.kind IN $planning AND d.corrections IS NULL AND {scope}"
NO_TASKS = (
    f"MATCH (d:Document) WHERE {UNSURE} OPTIONAL MATCH (t:Task) WHERE t.doc_key = d.key "
    "WITH d, count(t) AS n WHERE n = 0 "
    "RETURN d.key AS doc, d.code AS code, d.province AS province, size(d.text) AS chars"
)
ONLY_CITES = (
    f"MATCH (d:Document) WHERE {UNSURE} "
    "OPTIONAL MATCH (d)-[r:IMPLEMENTS|BASED_ON|AMENDS|REPLACES]->(:Document) WHERE r.source = d.key "
    "WITH d, count(r) AS strong WHERE strong = 0 "
    "MATCH (d)-[c:CITES]->(b:Document) WHERE c.source = d.key AND b.code IS NOT NULL "
    "WITH d, b ORDER BY b.code "
    "RETURN d.key AS doc, d.code AS code, d.province AS province, collect(b.code) AS cited"
)
NO_LEAD = (
    "MATCH (t:Task) MATCH (d:Document {{key: t.doc_key}}) WHERE {scope} AND " + MACHINE.format(x="t") + " "
    "OPTIONAL MATCH (t)-[r:ASSIGNED_TO]->(:Unit) WHERE r.role = 'lead' "
    "WITH t, d, count(r) AS leads WHERE leads = 0 "
    "RETURN d.key AS doc, d.code AS code, d.province AS province, t.ref AS ref, t.summary AS detail"
)
INHERITED = (
    "MATCH (t:Task)-[r:ASSIGNED_TO]->(u:Unit) WHERE r.method = 'addressees' AND " + MACHINE.format(x="r") + " "
    "MATCH (d:Document {{key: t.doc_key}}) WHERE {scope} "
    "RETURN d.key AS doc, d.code AS code, d.province AS province, t.ref AS ref, u.name AS unit, u.key AS unit_key, "
    "t.summary AS detail"
)
AMBIGUOUS = (
    "MATCH (x:Document) WHERE x.code_key IS NOT NULL WITH x.code_key AS k, count(x) AS n WHERE n > 1 "
    "MATCH (d:Document)-[r:IMPLEMENTS|BASED_ON|CITES|AMENDS|REPLACES]->(b:Document {{code_key: k}}) "
    "WHERE r.source = d.key AND {scope} AND " + MACHINE.format(x="r") + " "
    "RETURN d.key AS doc, d.code AS code, d.province AS province, b.code AS target, type(r) AS rel, n"
)
UNKNOWN_UNITS = (
    "MATCH (t:Task)-[r:ASSIGNED_TO]->(u:Unit) WHERE u.in_table = false AND " + MACHINE.format(x="r") + " "
    "MATCH (d:Document {{key: t.doc_key}}) WHERE {scope} "
    "RETURN d.key AS doc, d.code AS code, d.province AS province, t.ref AS ref, u.name AS unit, u.key AS unit_key, "
    "r.sentence AS detail"
)
UNNUMBERED = (
    "MATCH (d:Document)-[r:IMPLEMENTS|BASED_ON|CITES|AMENDS|REPLACES]->(b:Document) "
    "WHERE b.unnumbered = true AND r.source = d.key AND {scope} AND " + MACHINE.format(x="r") + " "
    "RETURN d.key AS doc, d.code AS code, d.province AS province, b.title AS target, r.sentence AS detail"
)
DRAFTS = (
    "MATCH (d:Document) WHERE d.same_as IS NOT NULL AND {scope} AND coalesce(d.identity, 'machine') = 'machine' "
    "RETURN d.key AS doc, d.code AS code, d.province AS province, d.same_as AS detail"
)


class ReviewItem(BaseModel):
    reason: str = Field(description="One of: " + ", ".join(REASONS) + " (the order of the queue).")
    document: str
    code: str | None = None
    province: str | None = None
    ref: str | None = Field(None, description="The task's item number, for task facts.")
    unit: str | None = None
    detail: str | None = None
    target: Target | None = Field(None, description="What a correction of this fact names.")


class ReviewQueue(BaseModel):
    counts: dict[str, int] = Field(description="Items per reason, whatever the limit.")
    items: list[ReviewItem]
    total: int


def review_queue(
    store: GraphStore,
    *,
    document: str | None = None,
    unit: str | None = None,
    province: str | None = None,
    limit: int = 200,
) -> ReviewQueue:
    params: dict[str, Any] = {"document": document, "province": province, "unit": unit}
    scope = SCOPE
    if unit:
        scope += " AND d.key IN $unit_docs"
        params["unit_docs"] = [r["d"] for r in store.read(UNIT_DOCS, params)]
    items: list[ReviewItem] = []
    for r in store.read(STALE.format(scope=scope), params):
        for c in load(r["corrections"]):
            if c.status == "stale":
                items.append(
                    _item(
                        "stale_correction",
                        r,
                        detail=f"{c.action} {c.target.kind} ({c.problem or 'not in this reading'}): {c.why}",
                        target=c.target,
                    )
                )
    params["planning"] = PLANNING
    for r in store.read(NO_TASKS.format(scope=scope), params):
        detail = f"no task found in a plan of {r['chars']:,} characters"
        items.append(_item("low_confidence", r, detail=detail, target=Target(kind="task")))
    for r in store.read(ONLY_CITES.format(scope=scope), params):
        detail = f"carries out none of what it names: {', '.join(r['cited'])} are read as citations"
        items.append(_item("low_confidence", r, detail=detail, target=Target(kind="reference", code=r["cited"][0])))
    for r in store.read(NO_LEAD.format(scope=scope), params):
        items.append(_item("no_lead", r, target=Target(kind="assignment", ref=r["ref"])))
    for r in store.read(INHERITED.format(scope=scope), params):
        items.append(_item("lead_inherited", r, target=Target(kind="assignment", ref=r["ref"], unit=r["unit_key"])))
    for r in store.read(UNKNOWN_UNITS.format(scope=scope), params):
        items.append(_item("unknown_unit", r, target=Target(kind="assignment", ref=r["ref"], unit=r["unit_key"])))
    for r in store.read(AMBIGUOUS.format(scope=scope), params):
        detail = f"{r['target']} names {r['n']} documents in the graph"
        items.append(_item("ambiguous_code", r, detail=detail, target=Target(kind="reference", code=r["target"])))
    for r in store.read(UNNUMBERED.format(scope=scope), params):
        items.append(_item("unnumbered_reference", r, detail=f"{r['target']}: {r['detail'] or ''}"))
    for r in store.read(DRAFTS.format(scope=scope), params):
        items.append(_item("draft_match", r, target=Target(kind="identity", code=r["code"])))
    items.sort(
        key=lambda i: (REASONS.index(i.reason), i.province or "", i.document, ref_order(i.ref or ""), i.unit or "")
    )
    counts = {reason: sum(i.reason == reason for i in items) for reason in REASONS}
    return ReviewQueue(counts=counts, items=items[:limit], total=len(items))


def _item(reason: str, row: dict[str, Any], *, detail: str | None = None, target: Target | None = None) -> ReviewItem:
    return ReviewItem(
        reason=reason,
        document=row["doc"],
        code=row.get("code"),
        province=row.get("province"),
        ref=row.get("ref"),
        unit=row.get("unit"),
        detail=detail if detail is not None else row.get("detail"),
        target=target,
    )

"""Documents: listing with filters, one document with its references, tasks and evidence."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from lineage.errors import NotFound
from lineage.graph.store import GraphStore
from lineage.identity import code_key
from lineage.queries.models import Assignee, DocumentSummary, Hop, TaskSummary, in_order
from lineage.queries.search import DOC_FIELDS, suggest

LIST_DOCS = (
    "MATCH (d:Document) WHERE ($kind IS NULL OR d.kind = $kind) AND ($stub IS NULL OR d.stub = $stub) "
    "AND ($issuer IS NULL OR d.issuer = $issuer) AND ($year IS NULL OR d.year = $year) "
    f"RETURN {DOC_FIELDS} ORDER BY d.date DESC, d.key SKIP $skip LIMIT $limit"
)
COUNT_DOCS = (
    "MATCH (d:Document) WHERE ($kind IS NULL OR d.kind = $kind) AND ($stub IS NULL OR d.stub = $stub) "
    "AND ($issuer IS NULL OR d.issuer = $issuer) AND ($year IS NULL OR d.year = $year) RETURN count(d) AS c"
)
GET_DOC = (
    f"MATCH (d:Document {{key: $key}}) RETURN {DOC_FIELDS}, d.signer AS signer, d.signer_title AS signer_title, "
    "d.scope AS scope, d.symbol AS symbol"
)
DOC_TEXT = "MATCH (d:Document {key: $key}) RETURN d.text AS text"
DOC_BY_CODE = "MATCH (d:Document) WHERE d.code_key = $code_key RETURN d.key AS key ORDER BY d.stub, d.date DESC, d.key"
OUT_REFS = (
    "MATCH (d:Document {key: $key})-[r:IMPLEMENTS|BASED_ON|CITES|PROPOSED_BY|AMENDS|REPLACES]->(b:Document) "
    "RETURN d.key AS src, type(r) AS rel, b.key AS dst, b.code AS code, b.title AS title, b.issuer AS issuer, "
    "b.date AS date, r.source AS source, r.sentence AS sentence, r.start AS start, r.end AS end, "
    "r.confidence AS confidence, coalesce(r.origin, 'machine') AS origin ORDER BY r.start, b.key, type(r), r.source"
)
IN_REFS = (
    "MATCH (d:Document {key: $key})<-[r:IMPLEMENTS|BASED_ON|CITES|PROPOSED_BY|AMENDS|REPLACES]-(a) "
    "RETURN a.key AS src, labels(a)[0] AS src_label, coalesce(a.code, a.source_file, a.ref) AS src_code, "
    "type(r) AS rel, d.key AS dst, r.source AS source, "
    "r.sentence AS sentence, r.start AS start, r.end AS end, r.confidence AS confidence "
    "ORDER BY a.key, type(r), r.source, r.start LIMIT 500"
)
DOC_UNITS = (
    "MATCH (d:Document {key: $key})-[r:ISSUED_BY|ADDRESSED_TO|COPIED_TO]->(u:Unit) "
    "RETURN type(r) AS rel, u.key AS key, u.name AS name, r.role AS role ORDER BY rel, key"
)
DOC_TASKS = (
    "MATCH (t:Task) WHERE t.doc_key = $key OPTIONAL MATCH (t)-[r:ASSIGNED_TO]->(u:Unit) "
    "RETURN t.key AS key, t.ref AS ref, t.doc_key AS doc_key, t.summary AS summary, t.deadline AS deadline, "
    "coalesce(t.origin, 'machine') AS origin, "
    "collect({unit: u.name, unit_key: u.key, role: r.role, origin: coalesce(r.origin, 'machine')}) AS units"
)
GET_TASK = (
    "MATCH (t:Task {key: $key}) OPTIONAL MATCH (t)-[r:ASSIGNED_TO]->(u:Unit) "
    "RETURN t.key AS key, t.ref AS ref, t.doc_key AS doc_key, t.summary AS summary, t.deadline AS deadline, "
    "t.text AS text, coalesce(t.origin, 'machine') AS origin, "
    "collect({unit: u.name, unit_key: u.key, role: r.role, origin: coalesce(r.origin, 'machine')}) AS units"
)


class Reference(BaseModel):
    key: str
    code: str | None
    title: str | None = None
    issuer: str | None = None
    date: str | None = None
    relation: str
    evidence: Hop
    origin: str = Field(default="machine", description="machine (read), confirmed or corrected (by a person).")


class DocumentPublic(DocumentSummary):
    signer: str | None = None
    signer_title: str | None = None
    scope: str | None = None
    symbol: str | None = None
    units: list[dict[str, Any]] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    referenced_by: list[Hop] = Field(default_factory=list)
    tasks: list[TaskSummary] = Field(default_factory=list)


class DocumentsPublic(BaseModel):
    data: list[DocumentSummary]
    count: int


class TaskPublic(TaskSummary):
    text: str | None = None


def resolve_doc(store: GraphStore, ref: str) -> str:
    """A document key from a key or a code; NotFound with close codes suggested."""
    if store.read("MATCH (d:Document {key: $key}) RETURN d.key AS key", {"key": ref}):
        return ref
    rows = store.read(DOC_BY_CODE, {"code_key": code_key(ref)})
    if rows:
        return str(rows[0]["key"])
    raise NotFound("document", ref, suggest(store, ref))


def list_documents(
    store: GraphStore,
    *,
    kind: str | None = None,
    stub: bool | None = None,
    issuer: str | None = None,
    year: str | None = None,
    skip: int = 0,
    limit: int = 50,
) -> DocumentsPublic:
    params = {"kind": kind, "stub": stub, "issuer": issuer, "year": year}
    rows = store.read(LIST_DOCS, {**params, "skip": skip, "limit": limit})
    count = store.read(COUNT_DOCS, params)[0]["c"]
    return DocumentsPublic(data=[DocumentSummary(**r) for r in rows], count=int(count))


def _task(row: dict[str, Any]) -> TaskSummary:
    units = [Assignee(**u) for u in row.pop("units") if u.get("unit")]
    return TaskSummary(**row, units=in_order(units))


def get_document(store: GraphStore, ref: str) -> DocumentPublic:
    key = resolve_doc(store, ref)
    doc = store.read(GET_DOC, {"key": key})[0]
    references = [
        Reference(
            key=r["dst"],
            code=r["code"],
            title=r["title"],
            issuer=r["issuer"],
            date=r["date"],
            relation=r["rel"],
            origin=r["origin"],
            evidence=Hop(src_label="Document", dst_label="Document", **_hop(r)),
        )
        for r in store.read(OUT_REFS, {"key": key})
    ]
    incoming = [
        Hop(dst_label="Document", **_hop(r), src_label=r["src_label"]) for r in store.read(IN_REFS, {"key": key})
    ]
    tasks = sorted((_task(r) for r in store.read(DOC_TASKS, {"key": key})), key=lambda t: ref_order(t.ref))
    return DocumentPublic(
        **doc, units=store.read(DOC_UNITS, {"key": key}), references=references, referenced_by=incoming, tasks=tasks
    )


def document_text(store: GraphStore, key: str) -> str | None:
    """The document's text as read (None for a document known only from citations)."""
    rows = store.read(DOC_TEXT, {"key": key})
    return rows[0]["text"] if rows else None


def get_task(store: GraphStore, key: str) -> TaskPublic:
    rows = store.read(GET_TASK, {"key": key})
    if not rows:
        raise NotFound("task", key)
    row = rows[0]
    units = [
        Assignee(unit=u["unit"], unit_key=u["unit_key"], role=u["role"], origin=u["origin"])
        for u in row.pop("units")
        if u.get("unit")
    ]
    return TaskPublic(**row, units=in_order(units))


def _hop(r: dict[str, Any]) -> dict[str, Any]:
    return {k: r.get(k) for k in ("src", "rel", "dst", "source", "sentence", "start", "end", "confidence", "src_code")}


def ref_order(ref: str) -> list[tuple[int, str]]:
    """Sort key for item numbers: III.2 after III.1, 10 after 9."""
    roman = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
    out = []
    for part in ref.split("."):
        if part.isdigit():
            out.append((int(part), ""))
        elif part in roman:
            out.append((roman[part], ""))
        else:
            out.append((0, part))
    return out

"""Corrections (an editor): confirm, correct or reject what the reader found in a document, or add
what it missed; the list of decisions; and the review queue of what most needs a person."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from lineage.api.deps import AdminAuth, AuditDep, ReadAuth, StoreDep, UnitsDep, WriteAuth, WriterDep
from lineage.api.errors import LOOKUP, WRITE
from lineage.corrections import Correction, CorrectionIn, Text
from lineage.errors import CorrectionError
from lineage.graph.ingest import correct, corrections_of
from lineage.queries.documents import resolve_doc
from lineage.queries.review import ReviewQueue, review_queue

router = APIRouter(tags=["corrections"], responses=LOOKUP)
ALL_CORRECTIONS = "MATCH (d:Document) WHERE d.corrections IS NOT NULL RETURN d.key AS key ORDER BY d.key"


class CorrectionRequest(CorrectionIn):
    document: Text = Field(description="The document's key or code (45/KH-UBND).")


class CorrectionResult(BaseModel):
    document: str = Field(description="Its key now: a decision on a draft's identity may move it to another node.")
    correction: Correction
    stale: int = Field(description="Corrections kept on the document that this reading no longer holds the fact of.")
    reread: list[str] = Field(
        default_factory=list, description="Documents citing it, read again after a decision on its identity."
    )
    unread: list[str] = Field(
        default_factory=list, description="Those that could not be: the graph does not hold their text."
    )


class DocumentCorrections(BaseModel):
    document: Text
    corrections: list[Correction]


@router.post(
    "/corrections",
    dependencies=[WriteAuth],
    status_code=status.HTTP_201_CREATED,
    responses={**WRITE, 422: {"description": "The fact is not in the document, or the document has no text."}},
)
async def add_correction(
    body: CorrectionRequest, store: StoreDep, units: UnitsDep, audit: AuditDep, writer: WriterDep
) -> CorrectionResult:
    """A person's decision on one fact, applied now and on every later reading of the document (after
    a reader upgrade too); lineage, trees, portfolios, impact and exports see it at once."""
    key = resolve_doc(store, body.document)
    decision = Correction(**body.model_dump(exclude={"document"}), by=writer)
    r = await run_in_threadpool(correct, store, key, decision, units=units)
    audit.record("correct", by=writer, document=r.key, counts={"tasks": r.tasks, "stale": r.stale})
    return CorrectionResult(
        document=r.key, correction=decision, stale=r.stale, reread=list(r.reread), unread=list(r.unread)
    )


class ImportResult(BaseModel):
    applied: int = Field(description="Decisions written (on documents where every one of them fits).")
    kept: int = Field(description="Decisions the documents already held (by id), left as they are.")
    refused: list[dict[str, str]] = Field(
        description="Documents whose decisions do not fit: nothing of them is written."
    )


@router.post(
    "/corrections/import",
    dependencies=[AdminAuth],
    responses={**WRITE, 404: {"description": "A document the graph does not hold."}},
)
async def import_corrections(
    body: list[DocumentCorrections], store: StoreDep, units: UnitsDep, audit: AuditDep, writer: WriterDep
) -> ImportResult:
    """Decisions exported by `GET /corrections` (from this graph or another), applied document by
    document; each document takes all of its decisions or none."""
    applied = kept = 0
    refused: list[dict[str, str]] = []
    for entry in body:
        key = resolve_doc(store, entry.document)
        have = {c.id for c in corrections_of(store, key)}
        new = [c for c in entry.corrections if c.id not in have]
        kept += len(entry.corrections) - len(new)
        if not new:
            continue
        try:
            r = await run_in_threadpool(correct, store, key, *new, units=units)
        except CorrectionError as exc:
            refused.append({"document": key, "problem": exc.problem})
            continue
        applied += len(new)
        audit.record(
            "import-corrections", by=writer, document=r.key, counts={"corrections": len(new), "stale": r.stale}
        )
    return ImportResult(applied=applied, kept=kept, refused=refused)


@router.get("/corrections", dependencies=[ReadAuth])
def list_corrections(
    store: StoreDep,
    document: str | None = None,
    state: Annotated[Literal["applied", "stale"] | None, Query(alias="status")] = None,
) -> list[DocumentCorrections]:
    """The decisions kept on one document, or on every document; `status=stale` for those whose fact
    a later reading no longer holds."""
    keys = [resolve_doc(store, document)] if document else [r["key"] for r in store.read(ALL_CORRECTIONS)]
    out = []
    for key in keys:
        kept = [c for c in corrections_of(store, key) if state is None or c.status == state]
        if kept:
            out.append(DocumentCorrections(document=key, corrections=kept))
    return out


@router.get("/review", dependencies=[ReadAuth])
def review(
    store: StoreDep,
    document: str | None = None,
    unit: str | None = None,
    province: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> ReviewQueue:
    """What most needs a person, first: stale corrections, tasks without a lead, leads that fell to the
    addressees, references to nothing, and drafts matched to a number; with counts per reason."""
    key = resolve_doc(store, document) if document else None
    return review_queue(store, document=key, unit=unit, province=province, limit=limit)

"""Documents: list, one with its references, tasks and evidence, delete (an admin)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from lineage.api.deps import AdminAuth, AuditDep, ReadAuth, StoreDep, WriterDep
from lineage.api.errors import LOOKUP, WRITE
from lineage.graph.ingest import delete_document
from lineage.queries.documents import DocumentPublic, DocumentsPublic, get_document, list_documents, resolve_doc
from lineage.queries.subgraph import Subgraph, graphml, neighbourhood, whole

router = APIRouter(tags=["documents"], responses=LOOKUP)


@router.get("/documents", dependencies=[ReadAuth])
def documents(
    store: StoreDep,
    kind: str | None = None,
    stub: bool | None = None,
    issuer: str | None = None,
    year: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
    skip: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> DocumentsPublic:
    return list_documents(store, kind=kind, stub=stub, issuer=issuer, year=year, skip=skip, limit=limit)


@router.get("/documents/{ref:path}", dependencies=[ReadAuth])
def document(store: StoreDep, ref: str) -> DocumentPublic:
    """One document by key or code (59-NQ/TW), with its references, who cites it, and its tasks."""
    return get_document(store, ref)


@router.delete(
    "/documents/{ref:path}", dependencies=[AdminAuth], status_code=status.HTTP_204_NO_CONTENT, responses=WRITE
)
def delete(store: StoreDep, audit: AuditDep, writer: WriterDep, ref: str) -> Response:
    """Remove what a document's text says (its edges and tasks); it stays as a stub if others cite it."""
    key = resolve_doc(store, ref)
    removed = delete_document(store, key)
    audit.record("delete", by=writer, document=key, counts={"tasks": removed})
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/export", dependencies=[ReadAuth], response_model=None)
def export(
    store: StoreDep,
    ref: str | None = None,
    depth: Annotated[int, Query(ge=1, le=4)] = 1,
    fmt: Annotated[str, Query(alias="format", pattern="^(json|graphml)$")] = "json",
    limit: Annotated[int, Query(ge=1, le=100_000)] = 5000,
) -> Subgraph | Response:
    """Node-link JSON or GraphML of a document's neighbourhood, or of the whole graph (capped, with a count of the rest)."""
    sub = (
        neighbourhood(store, resolve_doc(store, ref), "Document", depth=depth, limit=limit)
        if ref
        else whole(store, limit=limit)
    )
    if fmt == "graphml":
        return Response(graphml(sub), media_type="application/graphml+xml", headers={"X-Left-Out": str(sub.left_out)})
    return sub

"""Ingest a document (upload or text) into the graph; needs the write key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from lineage.api.deps import AuditDep, SettingsDep, StoreDep, UnitsDep, WriteAuth, WriterDep
from lineage.api.errors import UPLOAD, WRITE
from lineage.api.uploads import read_posted
from lineage.extraction import Extraction
from lineage.graph.ingest import ingest as ingest_one

router = APIRouter(tags=["ingest"], dependencies=[WriteAuth], responses={**WRITE, **UPLOAD})


class IngestPublic(BaseModel):
    key: str
    code: str | None
    status: str
    nodes: int
    edges: int
    tasks: int
    units: int
    same_as: str | None
    extraction: Extraction


@router.post("/ingest")
async def ingest(
    request: Request,
    store: StoreDep,
    audit: AuditDep,
    writer: WriterDep,
    settings: SettingsDep,
    units: UnitsDep,
    file: Annotated[UploadFile | None, File(description=".txt, .pdf or .docx")] = None,
    text: Annotated[str | None, Form(description="The document's text, instead of a file.")] = None,
    name: Annotated[str | None, Form()] = None,
    province: Annotated[str | None, Form()] = None,
    issuer: Annotated[str | None, Form()] = None,
    force: Annotated[bool, Form(description="Ingest even a text that is not an official document.")] = False,
) -> IngestPublic:
    """Read the document and write it in one transaction; returns what was written."""
    ex = await read_posted(
        request,
        file=file,
        text=text,
        name=name,
        province=province,
        issuer=issuer,
        settings=settings,
        units=units,
        force=force,
    )
    r = await run_in_threadpool(ingest_one, store, ex, units=units, source_file=ex.source)
    audit.record(
        "ingest",
        by=writer,
        file=ex.source,
        sha256=ex.text_sha256,
        document=r.key,
        counts={"nodes": r.nodes, "edges": r.edges, "tasks": r.tasks, "units": r.units},
    )
    return IngestPublic(
        key=r.key,
        code=r.code,
        status=r.status,
        nodes=r.nodes,
        edges=r.edges,
        tasks=r.tasks,
        units=r.units,
        same_as=r.same_as,
        extraction=ex.model_copy(update={"text": ""}),
    )

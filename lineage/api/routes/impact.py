"""Impact of a new directive: posted as a file or text, optionally written to the graph."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from lineage.api.deps import AuditDep, ReadAuth, SettingsDep, StoreDep, UnitsDep, WriterDep, require_write_key
from lineage.api.errors import LOOKUP, UPLOAD, WRITE
from lineage.api.uploads import read_posted
from lineage.graph.ingest import ingest as ingest_one
from lineage.queries.impact import ImpactReport, impact

router = APIRouter(tags=["impact"], dependencies=[ReadAuth], responses={**WRITE, **UPLOAD, **LOOKUP})


@router.post("/impact")
async def analyse(
    request: Request,
    store: StoreDep,
    audit: AuditDep,
    writer: WriterDep,
    settings: SettingsDep,
    units: UnitsDep,
    file: Annotated[UploadFile | None, File(description=".txt, .pdf or .docx")] = None,
    text: Annotated[str | None, Form()] = None,
    name: Annotated[str | None, Form()] = None,
    write: Annotated[bool, Form(description="Also write the directive to the graph (needs the write key).")] = False,
    limit: Annotated[int, Form(ge=1, le=5000)] = 200,
    force: Annotated[bool, Form(description="Analyse even a text that is not an official document.")] = False,
) -> ImpactReport:
    """What the directive amends or replaces and everything downstream (review), what shares its parent
    (coordinate), and the units concerned, each with the chain that explains why."""
    ex = await read_posted(
        request,
        file=file,
        text=text,
        name=name,
        province=None,
        issuer=None,
        settings=settings,
        units=units,
        force=force,
    )
    if write:
        await require_write_key(settings, request.headers.get("X-API-Key"))
        r = await run_in_threadpool(ingest_one, store, ex, units=units, source_file=ex.source)
        audit.record(
            "impact-write",
            by=writer,
            file=ex.source,
            sha256=ex.text_sha256,
            document=r.key,
            counts={"nodes": r.nodes, "edges": r.edges, "tasks": r.tasks, "units": r.units},
        )
    # The walk blocks on the engine: off the event loop, like every plain `def` route.
    return await run_in_threadpool(impact, store, ex, limit=limit, max_depth=settings.max_depth)

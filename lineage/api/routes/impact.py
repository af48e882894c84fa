"""Impact of a new directive: posted as a file or text, optionally written to the graph."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from lineage import reports
from lineage.api.deps import AuditDep, CallerDep, ReadAuth, SettingsDep, StoreDep, UnitsDep, WriterDep, check_role
from lineage.api.errors import LOOKUP, UPLOAD, WRITE
from lineage.api.uploads import read_posted
from lineage.extraction import Extraction
from lineage.graph.ingest import ingest as ingest_one
from lineage.graph.store import GraphStore
from lineage.queries.impact import ImpactReport, impact
from lineage.settings import Settings

router = APIRouter(tags=["impact"], dependencies=[ReadAuth], responses={**WRITE, **UPLOAD, **LOOKUP})


@router.post("/impact")
async def analyse(
    request: Request,
    store: StoreDep,
    audit: AuditDep,
    writer: WriterDep,
    caller: CallerDep,
    settings: SettingsDep,
    units: UnitsDep,
    file: Annotated[UploadFile | None, File(description=".txt, .pdf or .docx")] = None,
    text: Annotated[str | None, Form()] = None,
    name: Annotated[str | None, Form()] = None,
    write: Annotated[bool, Form(description="Also write the directive to the graph (needs the write key).")] = False,
    offset: Annotated[int, Form(ge=0, description="Skip this many of each list.")] = 0,
    limit: Annotated[int, Form(ge=1, le=5000, description="List at most this many of each list.")] = 200,
    force: Annotated[bool, Form(description="Analyse even a text that is not an official document.")] = False,
) -> ImpactReport:
    """What the directive amends or replaces and everything downstream (review), what shares its parent
    (coordinate), and the units concerned, each with the chain that explains why. Totals (documents,
    tasks, units; per province and role) are exact whatever the page; `offset` and `limit` page the lists."""
    ex = await read_posted(request, file=file, text=text, name=name, settings=settings, units=units, force=force)
    if write:
        check_role(request, settings, caller, "editor")
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
    return await run_in_threadpool(impact, store, ex, offset=offset, limit=limit, max_depth=settings.max_depth)


@router.post(
    "/impact/export",
    response_class=Response,
    responses={200: {"content": {t: {} for t in reports.FORMATS.values()}, "description": "The whole lists."}},
)
async def export(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    units: UnitsDep,
    file: Annotated[UploadFile | None, File(description=".txt, .pdf or .docx")] = None,
    text: Annotated[str | None, Form()] = None,
    name: Annotated[str | None, Form()] = None,
    format: Annotated[Literal["xlsx", "csv"], Form(description="A workbook of both tables, or CSV of one.")] = "xlsx",
    table: Annotated[Literal["documents", "units"], Form(description="The table a CSV holds.")] = "documents",
    lang: Annotated[Literal["vi", "en"], Form(description="Language of headers and words.")] = "vi",
    force: Annotated[bool, Form()] = False,
) -> Response:
    """Both whole lists (review and coordinate) as a spreadsheet: the documents, with why and the evidence,
    and the units, with roles and task counts, per province."""
    ex = await read_posted(request, file=file, text=text, name=name, settings=settings, units=units, force=force)
    return await run_in_threadpool(export_response, store, ex, settings, format, table, lang)


def export_response(
    store: GraphStore, ex: Extraction, settings: Settings, format: str, table: str, lang: str
) -> Response:
    """The whole impact of `ex` as a download: computed and written off the event loop."""
    report = impact(store, ex, limit=reports.ALL, max_depth=settings.max_depth)
    body = reports.write(report, f".{format}", lang=lang, table=table)
    stem = re.sub(r"[^A-Za-z0-9.-]+", "-", ex.doc.code or Path(ex.source).stem).strip("-") or "impact"
    name = f"impact-{stem}{'' if format == 'xlsx' else '-' + table}.{format}"
    return Response(
        body,
        media_type=reports.FORMATS[f".{format}"],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )

"""Lineage of a task or document, implementation tree of a directive, gaps."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from lineage.api.deps import ReadAuth, SettingsDep, StoreDep
from lineage.api.errors import LOOKUP
from lineage.queries.gaps import Gaps, gaps
from lineage.queries.lineage import trace
from lineage.queries.models import Lineage
from lineage.queries.tree import ImplementationTree, implementation_tree

router = APIRouter(tags=["lineage"], dependencies=[ReadAuth], responses=LOOKUP)
Roots = Annotated[list[str] | None, Query(description="Root codes; default from settings (59-NQ/TW, 56-CT/TW).")]


@router.get("/lineage", response_model=Lineage)
async def lineage(
    store: StoreDep,
    settings: SettingsDep,
    ref: Annotated[str, Query(min_length=1)],
    roots: Roots = None,
    depth: Annotated[int | None, Query(ge=1, le=20)] = None,
) -> Response:
    """Every chain from a task (key) or document (key or code) up to the roots, strongest first.

    A task or document no chain links to a root comes back with `orphan: true`."""
    # Run in the event loop, not the thread pool: a lineage is one indexed query of well under a
    # millisecond, and the hop to a thread and back cost more (0.5 ms here) than the query itself.
    result = trace(store, ref, roots=roots or settings.roots, max_depth=depth or settings.max_depth)
    # Built and validated by `trace`: serialized once, not validated again on the way out.
    return Response(result.model_dump_json(), media_type="application/json")


@router.get("/tree")
def tree(
    store: StoreDep,
    settings: SettingsDep,
    ref: Annotated[str, Query(min_length=1)],
    include_cites: bool = False,
    depth: Annotated[int | None, Query(ge=1, le=20)] = None,
    limit: Annotated[int, Query(ge=1, le=20000)] = 2000,
) -> ImplementationTree:
    """What carries a directive out, level by level, with the units assigned."""
    return implementation_tree(
        store, ref, include_cites=include_cites, max_depth=depth or settings.max_depth, limit=limit
    )


@router.get("/gaps")
def gap_report(store: StoreDep, settings: SettingsDep, roots: Roots = None) -> Gaps:
    """Roots nobody carries out locally, and local documents/tasks that reach no root."""
    return gaps(store, roots=roots or settings.roots)

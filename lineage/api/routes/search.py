"""Search documents by code or words, units by name."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from lineage.api.deps import ReadAuth, StoreDep, UnitsDep
from lineage.queries.models import SearchResults
from lineage.queries.search import search as run_search

router = APIRouter(tags=["search"], dependencies=[ReadAuth])


@router.get("/search")
def search(
    store: StoreDep,
    units: UnitsDep,
    q: Annotated[str, Query(min_length=1, max_length=300)],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> SearchResults:
    """Codes are matched exactly, then tolerant of spacing, dashes, case and Đ/D; words with or without diacritics."""
    return run_search(store, q, limit=limit, units=units)

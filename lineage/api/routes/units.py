"""Units: search by name, a unit's portfolio, the units working under a directive."""

from __future__ import annotations

from fastapi import APIRouter

from lineage.api.deps import ReadAuth, SettingsDep, StoreDep
from lineage.api.errors import LOOKUP
from lineage.queries.documents import resolve_doc
from lineage.queries.units import Portfolio, UnitRole, portfolio, units_under

router = APIRouter(tags=["units"], dependencies=[ReadAuth], responses=LOOKUP)


@router.get("/units/{ref}/portfolio")
def unit_portfolio(store: StoreDep, settings: SettingsDep, ref: str) -> Portfolio:
    """Tasks of a unit (by key or exact name), with roles, deadlines and the roots each serves."""
    return portfolio(store, ref, roots=settings.roots)


@router.get("/directives/{ref:path}/units")
def directive_units(store: StoreDep, ref: str, include_cites: bool = True) -> list[UnitRole]:
    """Units assigned to tasks anywhere under a directive."""
    return units_under(store, resolve_doc(store, ref), include_cites=include_cites)

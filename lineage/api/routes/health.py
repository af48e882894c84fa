"""Health: is the engine up, and how big is the graph."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from lineage.api.deps import SettingsDep, StoreDep
from lineage.graph.store import counts

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    engine: str
    nodes: int
    edges: int


@router.get("/health")
def health(store: StoreDep, settings: SettingsDep) -> Health:
    nodes, edges = counts(store)
    return Health(status="ok", engine=settings.engine, nodes=nodes, edges=edges)

"""Loading the five seeds into a store, shared by query, API and page tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lineage.graph.ingest import ingest
from lineage.graph.store import GraphStore
from lineage.loaders.reader import extract_file
from lineage.loaders.units import UnitTable
from tests.conftest import GOLD

LINEAGE = json.loads((GOLD / "lineage.json").read_text(encoding="utf-8")) if (GOLD / "lineage.json").exists() else {}


def load_seeds(store: GraphStore, seeds: list[Path], units: UnitTable) -> dict[str, str]:
    """Ingest the seeds; seed file name -> document key."""
    return {f.name: ingest(store, extract_file(f, units=units), units=units).key for f in seeds}


def tasks_of(store: GraphStore, doc_key: str) -> list[str]:
    return [r["k"] for r in store.read("MATCH (t:Task) WHERE t.doc_key = $d RETURN t.key AS k", {"d": doc_key})]


def expectations() -> list[dict[str, Any]]:
    return list(LINEAGE.get("expect", []))

"""Level-by-level walks over the graph: one query per level, visited set in Python.

FalkorDB enumerates paths for variable-length patterns, which explodes on wide
policy graphs; a frontier walk costs one indexed lookup per level on both
engines and keeps every hop's evidence.
"""

from __future__ import annotations

from typing import Any

from lineage.graph.schema import Label, Rel
from lineage.graph.store import GraphStore, Row
from lineage.queries.models import Hop

_HOP_FIELDS = (
    "a.key AS src, type(r) AS rel, b.key AS dst, r.source AS source, r.sentence AS sentence, "
    "r.start AS start, r.end AS end, r.confidence AS confidence"
)
UP_FROM_TASKS = (
    "UNWIND $keys AS k MATCH (a:Task {key: k})-[r:PART_OF|IMPLEMENTS|CITES]->(b) "
    f"RETURN {_HOP_FIELDS}, labels(b)[0] AS dst_label, b.code AS dst_code"
)
UP_FROM_DOCS = (
    "UNWIND $keys AS k MATCH (a:Document {key: k})-[r:IMPLEMENTS|BASED_ON|AMENDS|REPLACES|CITES]->(b:Document) "
    f"RETURN {_HOP_FIELDS}, 'Document' AS dst_label, b.code AS dst_code"
)
DOWN_TO_DOCS = (
    "UNWIND $keys AS k MATCH (b:Document {key: k})<-[r:PART_OF|IMPLEMENTS|BASED_ON|AMENDS|REPLACES|CITES]-(a) "
    "WHERE type(r) IN $rels "
    f"RETURN {_HOP_FIELDS}, labels(a)[0] AS src_label, a.code AS src_code"
)
DOWN_TO_TASKS = (
    "UNWIND $keys AS k MATCH (b:Task {key: k})<-[r:PART_OF]-(a:Task) "
    f"RETURN {_HOP_FIELDS}, 'Task' AS src_label, null AS src_code"
)
STRONG_DOWN = [Rel.PART_OF.value, Rel.IMPLEMENTS.value, Rel.BASED_ON.value, Rel.AMENDS.value, Rel.REPLACES.value]
ALL_DOWN = [*STRONG_DOWN, Rel.CITES.value]


def hop(row: Row, *, src_label: str, dst_label: str) -> Hop:
    return Hop(
        src=row["src"],
        src_label=src_label,
        rel=row["rel"],
        dst=row["dst"],
        dst_label=dst_label,
        source=row.get("source"),
        sentence=row.get("sentence"),
        start=row.get("start"),
        end=row.get("end"),
        confidence=row.get("confidence"),
    )


def up(store: GraphStore, frontier: dict[str, str]) -> list[tuple[Hop, str | None]]:
    """Edges one level up from `frontier` (key -> label), each with the target's code."""
    out: list[tuple[Hop, str | None]] = []
    tasks = [k for k, label in frontier.items() if label == Label.TASK.value]
    docs = [k for k, label in frontier.items() if label == Label.DOCUMENT.value]
    if tasks:
        for r in store.read(UP_FROM_TASKS, {"keys": tasks}):
            out.append((hop(r, src_label="Task", dst_label=r["dst_label"]), r["dst_code"]))
    if docs:
        for r in store.read(UP_FROM_DOCS, {"keys": docs}):
            out.append((hop(r, src_label="Document", dst_label="Document"), r["dst_code"]))
    return out


def down(store: GraphStore, frontier: dict[str, str], *, include_cites: bool) -> list[Hop]:
    """Edges one level down (towards what carries the frontier out), tasks included."""
    out: list[Hop] = []
    docs = [k for k, label in frontier.items() if label == Label.DOCUMENT.value]
    tasks = [k for k, label in frontier.items() if label == Label.TASK.value]
    if docs:
        params: dict[str, Any] = {"keys": docs, "rels": ALL_DOWN if include_cites else STRONG_DOWN}
        out += [hop(r, src_label=r["src_label"], dst_label="Document") for r in store.read(DOWN_TO_DOCS, params)]
    if tasks:
        out += [hop(r, src_label="Task", dst_label="Task") for r in store.read(DOWN_TO_TASKS, {"keys": tasks})]
    return out


def descendants(
    store: GraphStore, start: dict[str, str], *, include_cites: bool, max_depth: int, limit: int
) -> tuple[dict[str, tuple[int, Hop]], bool]:
    """Every node below `start` with its depth and the edge that first reached it.

    Returns (reached, truncated): the walk stops adding nodes past `limit`."""
    reached: dict[str, tuple[int, Hop]] = {}
    seen = set(start)
    frontier = dict(start)
    truncated = False
    for depth in range(1, max_depth + 1):
        if not frontier:
            break
        nxt: dict[str, str] = {}
        for h in down(store, frontier, include_cites=include_cites):
            if h.src in seen:
                continue
            if len(reached) >= limit:
                truncated = True
                break
            seen.add(h.src)
            reached[h.src] = (depth, h)
            nxt[h.src] = h.src_label
        frontier = nxt
    return reached, truncated

"""Level-by-level walks down the graph: one query per level, visited set in Python.

Descendants fan out (a directive, its plans, their letters, their tasks), and
FalkorDB enumerates paths for variable-length patterns; a frontier walk costs
one indexed lookup per level on both engines, stops at a node budget (each
level's query is cut with LIMIT to what is left of it), and keeps every hop's
evidence.
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
DOWN_TO_DOCS = (
    "UNWIND $keys AS k MATCH (b:Document {key: k})<-[r:PART_OF|IMPLEMENTS|BASED_ON|AMENDS|REPLACES|CITES]-(a) "
    "WHERE type(r) IN $rels "
    f"RETURN {_HOP_FIELDS}, labels(a)[0] AS src_label, a.code AS src_code ORDER BY src, rel, source, start LIMIT $room"
)
DOCS_BELOW_DOCS = (
    "UNWIND $keys AS k MATCH (b:Document {key: k})<-[r:IMPLEMENTS|BASED_ON|AMENDS|REPLACES|CITES]-(a:Document) "
    "WHERE type(r) IN $rels "
    f"RETURN {_HOP_FIELDS}, 'Document' AS src_label, a.code AS src_code ORDER BY src, rel, source, start LIMIT $room"
)
DOWN_TO_TASKS = (
    "UNWIND $keys AS k MATCH (b:Task {key: k})<-[r:PART_OF]-(a:Task) "
    f"RETURN {_HOP_FIELDS}, 'Task' AS src_label, null AS src_code ORDER BY src, rel, source, start LIMIT $room"
)
STRONG_DOWN = [Rel.PART_OF.value, Rel.IMPLEMENTS.value, Rel.BASED_ON.value, Rel.AMENDS.value, Rel.REPLACES.value]
ALL_DOWN = [*STRONG_DOWN, Rel.CITES.value]
_STRENGTH = {rel: i for i, rel in enumerate(ALL_DOWN)}


def strongest_first(h: Hop) -> tuple[Any, ...]:
    """The rule for which of several edges shows a hop: relation strength, then confidence, then the
    source document; then a total order, so a walk is the same whatever order the engine returns rows in."""
    return edge_order(h.rel, h.confidence, h.source, h.src, h.dst, h.start)


def edge_order(
    rel: str, confidence: float | None, source: str | None, src: str, dst: str, start: int | None
) -> tuple[Any, ...]:
    """`strongest_first` of an edge's fields, without making a Hop of it."""
    return (_STRENGTH.get(rel, len(_STRENGTH)), -(confidence or 0.0), source or "", src, dst, start or 0)


def hop(row: Row, *, src_label: str, dst_label: str) -> Hop:
    return Hop(
        src=row["src"],
        src_label=src_label,
        rel=row["rel"],
        dst=row["dst"],
        dst_label=dst_label,
        src_code=row.get("src_code"),
        source=row.get("source"),
        sentence=row.get("sentence"),
        start=row.get("start"),
        end=row.get("end"),
        confidence=row.get("confidence"),
    )


def down(
    store: GraphStore, frontier: dict[str, str], *, include_cites: bool, tasks: bool, room: int
) -> tuple[list[Hop], bool]:
    """Edges one level down (towards what carries the frontier out), at most about `room` (in key
    order, so the same on every engine); and whether `room` cut them."""
    out: list[Hop] = []
    cut = False
    docs = [k for k, label in frontier.items() if label == Label.DOCUMENT.value]
    task_keys = [k for k, label in frontier.items() if label == Label.TASK.value]
    rels = ALL_DOWN if include_cites else STRONG_DOWN
    if docs:
        query = DOWN_TO_DOCS if tasks else DOCS_BELOW_DOCS
        params: dict[str, Any] = {"keys": docs, "rels": rels, "room": room}
        rows = store.read(query, params)
        cut = len(rows) >= room
        out += [hop(r, src_label=r["src_label"], dst_label="Document") for r in rows]
    if task_keys and tasks:
        rows = store.read(DOWN_TO_TASKS, {"keys": task_keys, "room": room})
        cut = cut or len(rows) >= room
        out += [hop(r, src_label="Task", dst_label="Task") for r in rows]
    return out, cut


def descendants(
    store: GraphStore, start: dict[str, str], *, include_cites: bool, max_depth: int, limit: int, tasks: bool = True
) -> tuple[dict[str, tuple[int, Hop]], bool]:
    """Every node below `start` (documents, and tasks unless `tasks` is False) with its depth
    and the edge that reached it: of those at its depth, the one whose chain has the fewest CITES
    hops, then the strongest (`strongest_first`); up to `limit` nodes.

    Returns (reached, truncated): truncated when more lay beyond the limit."""
    reached: dict[str, tuple[int, Hop]] = {}
    weak = dict.fromkeys(start, 0)  # CITES hops on the chain kept to each node
    seen = set(start)
    frontier = dict(start)
    truncated = False
    for depth in range(1, max_depth + 1):
        if not frontier or truncated:
            break
        nxt: dict[str, str] = {}
        # Parallel edges and nodes already seen also take rows: ask for some slack.
        room = 2 * (limit - len(reached)) + 50
        hops, cut = down(store, frontier, include_cites=include_cites, tasks=tasks, room=room)
        truncated = truncated or cut
        # Of the edges reaching a node at this depth, the one that continues the chain with the
        # fewest CITES hops wins ("CITES 21-KH/TU, BASED_ON 59-NQ/TW" over two CITES through a draft).
        for h in sorted(hops, key=lambda h: (weak[h.dst] + (h.rel == Rel.CITES.value), *strongest_first(h))):
            if h.src in seen:
                continue
            if len(reached) >= limit:
                truncated = True
                break
            seen.add(h.src)
            reached[h.src] = (depth, h)
            weak[h.src] = weak[h.dst] + (h.rel == Rel.CITES.value)
            nxt[h.src] = h.src_label
        frontier = nxt
    return reached, truncated

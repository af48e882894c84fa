"""Lineage: every chain from a task or document up to the root directives.

Chains are ranked by strength (IMPLEMENTS, BASED_ON, AMENDS, REPLACES before
CITES: fewer CITES hops first), then by length; each hop keeps its evidence.
"""

from __future__ import annotations

import re
from typing import Any

from lineage.errors import NotFound
from lineage.graph.schema import Label, Rel
from lineage.graph.store import GraphStore
from lineage.identity import code_key
from lineage.queries.models import Chain, Hop, Lineage
from lineage.queries.search import suggest

FIND_TASK = "MATCH (t:Task {key: $key}) RETURN t.key AS key"
FIND_DOC = "MATCH (d:Document {key: $key}) RETURN d.key AS key"
DOCS_BY_CODE = (
    "MATCH (d:Document) WHERE d.code_key = $code_key RETURN d.key AS key, d.stub AS stub ORDER BY d.stub, d.key"
)
MAX_CHAINS = 200


def resolve_node(store: GraphStore, ref: str) -> tuple[str, str]:
    """(key, label) of a task key, a document key or a document code; NotFound with suggestions."""
    if "#" in ref and store.read(FIND_TASK, {"key": ref}):
        return ref, Label.TASK.value
    if store.read(FIND_DOC, {"key": ref}):
        return ref, Label.DOCUMENT.value
    rows = store.read(DOCS_BY_CODE, {"code_key": code_key(ref)})
    if rows:
        return rows[0]["key"], Label.DOCUMENT.value
    raise NotFound("task or document", ref, suggest(store, ref))


def root_keys(store: GraphStore, roots: list[str]) -> dict[str, str]:
    """Node keys of the root codes (every scope and year a code is known in) -> code."""
    out: dict[str, str] = {}
    for code in roots:
        for r in store.read(DOCS_BY_CODE, {"code_key": code_key(code)}):
            out[r["key"]] = code
    return out


# Upwards a policy graph fans out little (a task has one document, a document a few
# parents), so one variable-length match is cheap on both engines; descendants, which
# fan out, are walked level by level instead (walk.py). The match is OPTIONAL so that
# one round trip also tells an orphan (one row, no path) from an unknown key (no row).
# Paths that run on past a root are dropped in Python. `{label}` and `{depth}` come
# from the schema and an int.
TRACE = (
    "MATCH (s:{label} {{key: $key}}) "
    "OPTIONAL MATCH p = (s)-[:PART_OF|IMPLEMENTS|BASED_ON|AMENDS|REPLACES|CITES*1..{depth}]->(r:Document) "
    "WHERE r.code_key IN $roots "
    "RETURN [n IN nodes(p) | [n.key, labels(n)[0], n.code, n.code_key]] AS nodes, "
    "[e IN relationships(p) | [type(e), e.source, e.sentence, e.start, e.end, e.confidence]] AS rels "
    "LIMIT $limit"
)

# The same walk from a document named by its code: one round trip where resolving first took three.
TRACE_BY_CODE = (
    "MATCH (s:Document) WHERE s.code_key = $code_key "
    "WITH s ORDER BY s.stub, s.date DESC, s.key LIMIT 1 "
    "OPTIONAL MATCH p = (s)-[:PART_OF|IMPLEMENTS|BASED_ON|AMENDS|REPLACES|CITES*1..{depth}]->(r:Document) "
    "WHERE r.code_key IN $roots "
    "RETURN s.key AS start, [n IN nodes(p) | [n.key, labels(n)[0], n.code, n.code_key]] AS nodes, "
    "[e IN relationships(p) | [type(e), e.source, e.sentence, e.start, e.end, e.confidence]] AS rels "
    "LIMIT $limit"
)
_KEY = re.compile(r"^(?:doc|draft|work):|#")


def trace(store: GraphStore, ref: str, *, roots: list[str], max_depth: int = 8) -> Lineage:
    """Every chain from `ref` (task key, document key or code) to one of `roots`."""
    wanted = {code_key(r): r for r in roots}
    label = Label.TASK.value if "#" in ref else Label.DOCUMENT.value
    start = ref
    params = {"key": ref, "roots": list(wanted), "limit": MAX_CHAINS * 5}
    rows: list[dict[str, Any]] = []
    if not _KEY.match(ref):  # a code, most likely: its document (a text of its own first) and its chains at once
        rows = store.read(TRACE_BY_CODE.format(depth=int(max_depth)), {**params, "code_key": code_key(ref)})
        if rows:
            start = rows[0]["start"]
    if not rows:
        rows = store.read(TRACE.format(label=label, depth=int(max_depth)), params)
    if not rows:  # not a node key either: NotFound with suggestions, or what resolving finds
        start, label = resolve_node(store, ref)
        rows = store.read(TRACE.format(label=label, depth=int(max_depth)), {**params, "key": start})
    paths = [r for r in rows if r["nodes"] is not None]
    chains = [c for c in (_chain(r, wanted) for r in paths) if c is not None]
    # The same hop stated by several documents makes parallel edges: one chain per path.
    unique: dict[tuple[tuple[str, str], ...], Chain] = {}
    for c in sorted(chains, key=_rank):
        unique.setdefault(tuple((h.rel, h.dst) for h in c.hops), c)
    ranked = list(unique.values())
    return Lineage(
        start=start,
        start_label=label,
        roots=roots,
        reached=sorted({c.root_code or c.root for c in ranked}),
        chains=ranked[:MAX_CHAINS],
        orphan=not ranked,
        depth_limit=max_depth,
        truncated=len(rows) >= MAX_CHAINS * 5 or len(ranked) > MAX_CHAINS,
    )


def _rank(c: Chain) -> tuple[Any, ...]:
    """Strongest chain first (fewest CITES hops, then shortest), and a total order after that, so the
    answer is the same whatever order the engine returns paths in: where several documents state the
    same hop, the evidence kept is the most confident, then that of the first source document by key."""
    hops = tuple((h.rel, h.dst, -(h.confidence or 0.0), h.source or "", h.start or 0) for h in c.hops)
    return (c.strength, len(c.hops), c.root, hops)


def _chain(row: dict[str, Any], wanted: dict[str, str]) -> Chain | None:
    nodes, rels = row["nodes"], row["rels"]
    if any(n[3] in wanted for n in nodes[1:-1]):
        return None  # runs on past a root: the shorter chain to that root is listed on its own
    hops = [
        Hop(
            src=a[0],
            src_label=a[1],
            src_code=a[2],
            dst=b[0],
            dst_label=b[1],
            dst_code=b[2],
            rel=r[0],
            source=r[1],
            sentence=r[2],
            start=r[3],
            end=r[4],
            confidence=r[5],
        )
        for a, b, r in zip(nodes[:-1], nodes[1:], rels, strict=True)
    ]
    weak = sum(1 for h in hops if h.rel == Rel.CITES.value)
    return Chain(root=nodes[-1][0], root_code=wanted[nodes[-1][3]], hops=hops, strength=weak)

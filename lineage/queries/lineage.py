"""Lineage: every chain from a task or document up to the root directives.

Chains are ranked by strength (IMPLEMENTS, BASED_ON, AMENDS, REPLACES before
CITES: fewer CITES hops first), then by length; each hop keeps its evidence.
"""

from __future__ import annotations

from lineage.errors import NotFound
from lineage.graph.schema import Label, Rel
from lineage.graph.store import GraphStore
from lineage.loaders.references import code_key
from lineage.queries.models import Chain, Hop, Lineage
from lineage.queries.search import suggest
from lineage.queries.walk import up

FIND_TASK = "MATCH (t:Task {key: $key}) RETURN t.key AS key"
FIND_DOC = "MATCH (d:Document {key: $key}) RETURN d.key AS key"
DOCS_BY_CODE = "MATCH (d:Document) WHERE d.code_key = $code_key RETURN d.key AS key, d.stub AS stub ORDER BY d.stub"
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


def trace(store: GraphStore, ref: str, *, roots: list[str], max_depth: int = 8) -> Lineage:
    """Every chain from `ref` (task key, document key or code) to one of `roots`."""
    start, label = resolve_node(store, ref)
    targets = root_keys(store, roots)
    chains: list[Chain] = []
    truncated = False
    # Paths are kept per level; the walk never revisits a node on the same path.
    paths: list[tuple[list[Hop], set[str]]] = [([], {start})]
    frontier = {start: label}
    for _ in range(max_depth):
        if not frontier or not paths:
            break
        edges: dict[str, list[Hop]] = {}
        for h, _code in up(store, frontier):
            edges.setdefault(h.src, []).append(h)
        new_paths: list[tuple[list[Hop], set[str]]] = []
        next_frontier: dict[str, str] = {}
        for hops, on_path in paths:
            tip = hops[-1].dst if hops else start
            for h in edges.get(tip, []):
                if h.dst in on_path:
                    continue
                path = [*hops, h]
                if h.dst in targets:
                    chains.append(_chain(path, targets[h.dst]))
                    continue
                if len(new_paths) >= MAX_CHAINS * 5:
                    truncated = True
                    continue
                new_paths.append((path, on_path | {h.dst}))
                next_frontier[h.dst] = h.dst_label
        paths, frontier = new_paths, next_frontier
    # The same hop stated by several documents makes parallel edges: one chain per path.
    unique: dict[tuple[tuple[str, str], ...], Chain] = {}
    for c in sorted(chains, key=lambda c: (c.strength, len(c.hops), c.root)):
        unique.setdefault(tuple((h.rel, h.dst) for h in c.hops), c)
    chains = list(unique.values())
    if len(chains) > MAX_CHAINS:
        chains, truncated = chains[:MAX_CHAINS], True
    reached = sorted({c.root_code or c.root for c in chains})
    return Lineage(
        start=start,
        start_label=label,
        roots=roots,
        reached=reached,
        chains=chains,
        orphan=not chains,
        depth_limit=max_depth,
        truncated=truncated,
    )


def _chain(hops: list[Hop], root_code: str) -> Chain:
    weak = sum(1 for h in hops if h.rel == Rel.CITES.value)
    return Chain(root=hops[-1].dst, root_code=root_code, hops=hops, strength=weak)

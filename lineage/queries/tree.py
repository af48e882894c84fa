"""The implementation tree of a directive: what carries it out, level by level."""

from __future__ import annotations

from pydantic import BaseModel, Field

from lineage.graph.store import GraphStore
from lineage.queries.documents import resolve_doc
from lineage.queries.models import Assignee, Hop, in_order
from lineage.queries.walk import descendants

NODES = (
    "UNWIND $keys AS k MATCH (n {key: k}) RETURN n.key AS key, labels(n)[0] AS label, n.code AS code, "
    "n.ref AS ref, n.subject AS subject, n.summary AS summary, n.issuer AS issuer, n.deadline AS deadline"
)
ASSIGNED = (
    "UNWIND $keys AS k MATCH (t:Task {key: k})-[r:ASSIGNED_TO]->(u:Unit) "
    "RETURN t.key AS task, u.name AS unit, u.key AS unit_key, r.role AS role"
)


class TreeNode(BaseModel):
    key: str
    label: str
    depth: int
    parent: str | None
    edge: Hop | None = None
    code: str | None = None
    ref: str | None = None
    title: str | None = None
    issuer: str | None = None
    deadline: str | None = None
    units: list[Assignee] = Field(default_factory=list)


class ImplementationTree(BaseModel):
    root: str
    nodes: list[TreeNode]
    levels: int
    truncated: bool = False


def implementation_tree(
    store: GraphStore, ref: str, *, include_cites: bool = False, max_depth: int = 8, limit: int = 2000
) -> ImplementationTree:
    root = resolve_doc(store, ref)
    reached, truncated = descendants(
        store, {root: "Document"}, include_cites=include_cites, max_depth=max_depth, limit=limit
    )
    keys = [root, *reached]
    info = {}
    for label in ("Document", "Task"):
        q = NODES.replace("MATCH (n {", f"MATCH (n:{label} {{")
        info.update({r["key"]: r for r in store.read(q, {"keys": keys})})
    units: dict[str, list[Assignee]] = {}
    tasks = [k for k in keys if info.get(k, {}).get("label") == "Task"]
    for r in store.read(ASSIGNED, {"keys": tasks}) if tasks else []:
        units.setdefault(r["task"], []).append(Assignee(unit=r["unit"], unit_key=r["unit_key"], role=r["role"]))
    nodes = []
    for k in keys:
        i = info.get(k, {"label": "Document"})
        depth, edge = reached.get(k, (0, None))
        nodes.append(
            TreeNode(
                key=k,
                label=i["label"],
                depth=depth,
                parent=edge.dst if edge else None,
                edge=edge,
                code=i.get("code"),
                ref=i.get("ref"),
                title=i.get("subject") or i.get("summary"),
                issuer=i.get("issuer"),
                deadline=i.get("deadline"),
                units=in_order(units.get(k, [])),
            )
        )
    return ImplementationTree(
        root=root, nodes=nodes, levels=max((n.depth for n in nodes), default=0), truncated=truncated
    )

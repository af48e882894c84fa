"""Subgraphs for pages and export: a node's neighbourhood, or the whole graph, capped.

A cap never drops anything silently: the result says how many nodes were left
out, and an edge is returned only when both its ends are.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from lineage.errors import NotFound
from lineage.graph.schema import Label
from lineage.graph.store import GraphStore

_NODE_FIELDS = (
    "n.key AS key, n.code AS code, n.name AS name, n.ref AS ref, n.subject AS subject, n.summary AS summary, "
    "n.title AS title, n.type AS type, n.kind AS kind, n.issuer AS issuer, n.date AS date, n.level AS level, "
    "n.stub AS stub, n.deadline AS deadline, n.doc_key AS doc_key, n.collective AS collective, n.province AS province, "
    "n.draft AS draft"
)
NODES_BY_KEYS = "UNWIND $keys AS k MATCH (n:{label} {{key: k}}) RETURN '{label}' AS label, " + _NODE_FIELDS
EDGES_OUT = (
    "UNWIND $keys AS k MATCH (n:{label} {{key: k}})-[r]->(m) "
    "RETURN n.key AS src, type(r) AS rel, m.key AS dst, labels(m)[0] AS dst_label, r.role AS role, "
    "r.sentence AS sentence, r.source AS source, r.confidence AS confidence LIMIT $limit"
)
EDGES_IN = (
    "UNWIND $keys AS k MATCH (n:{label} {{key: k}})<-[r]-(m) "
    "RETURN m.key AS src, type(r) AS rel, n.key AS dst, labels(m)[0] AS src_label, r.role AS role, "
    "r.sentence AS sentence, r.source AS source, r.confidence AS confidence LIMIT $limit"
)
ALL_KEYS = "MATCH (n:{label}) RETURN n.key AS key ORDER BY n.key LIMIT $limit"
COUNT_ALL = "MATCH (n) WHERE NOT n:Meta RETURN count(n) AS c"


class GNode(BaseModel):
    key: str
    label: str
    props: dict[str, Any] = Field(default_factory=dict)


class GEdge(BaseModel):
    src: str
    dst: str
    rel: str
    role: str | None = None
    sentence: str | None = None
    source: str | None = None
    confidence: float | None = None


class Subgraph(BaseModel):
    nodes: list[GNode]
    edges: list[GEdge]
    left_out: int = Field(default=0, description="Nodes within reach that the cap left out.")


def _edges(store: GraphStore, keys_by_label: dict[str, list[str]], *, limit: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for label, keys in keys_by_label.items():
        if keys:
            rows += [
                {**r, "src_label": label}
                for r in store.read(EDGES_OUT.format(label=label), {"keys": keys, "limit": limit})
            ]
            rows += [
                {**r, "dst_label": label}
                for r in store.read(EDGES_IN.format(label=label), {"keys": keys, "limit": limit})
            ]
    return rows


def _gedge(r: dict[str, Any]) -> GEdge:
    return GEdge(
        src=r["src"],
        dst=r["dst"],
        rel=r["rel"],
        role=r.get("role") or None,
        sentence=r.get("sentence"),
        source=r.get("source"),
        confidence=r.get("confidence"),
    )


def nodes_by_keys(store: GraphStore, labels: dict[str, str]) -> list[GNode]:
    by_label: dict[str, list[str]] = {}
    for k, label in labels.items():
        by_label.setdefault(label, []).append(k)
    out = []
    for label, keys in by_label.items():
        for r in store.read(NODES_BY_KEYS.format(label=Label(label).value), {"keys": keys}):
            props = {k: v for k, v in r.items() if v is not None and k not in {"key", "label"}}
            out.append(GNode(key=r["key"], label=label, props=props))
    return out


def neighbourhood(store: GraphStore, key: str, label: str, *, depth: int = 1, limit: int = 400) -> Subgraph:
    """Nodes within `depth` edges of `key` (both directions), at most `limit` of them."""
    labels = {key: label}
    frontier = {key: label}
    edges: dict[tuple[str, str, str, str | None, str | None], GEdge] = {}
    left_out = 0
    for _ in range(depth):
        by_label: dict[str, list[str]] = {}
        for k, lab in frontier.items():
            by_label.setdefault(lab, []).append(k)
        nxt: dict[str, str] = {}
        for r in _edges(store, by_label, limit=limit * 4):
            ends: tuple[tuple[str, str | None], ...] = ((r["src"], r.get("src_label")), (r["dst"], r.get("dst_label")))
            for end, end_label in ends:
                if end not in labels and end_label:
                    if len(labels) >= limit:
                        left_out += 1
                        continue
                    labels[end] = end_label
                    nxt[end] = end_label
            if r["src"] in labels and r["dst"] in labels:
                e = _gedge(r)
                edges[(e.src, e.dst, e.rel, e.role, e.source)] = e
        frontier = nxt
    return Subgraph(nodes=nodes_by_keys(store, labels), edges=list(edges.values()), left_out=left_out)


def label_of_key(store: GraphStore, key: str) -> str:
    """The label of the node `key`: one indexed lookup a label (a match without one scans the graph)."""
    for label in Label:
        if store.read(f"MATCH (n:{label.value} {{key: $key}}) RETURN n.key AS key", {"key": key}):
            return label.value
    raise NotFound("node", key)


def whole(store: GraphStore, *, limit: int = 5000) -> Subgraph:
    """The whole graph up to `limit` nodes (documents first, then tasks, units, partners, people)."""
    labels: dict[str, str] = {}
    for label in Label:
        room = limit - len(labels)
        if room <= 0:
            break
        for r in store.read(ALL_KEYS.format(label=label.value), {"limit": room}):
            labels[r["key"]] = label.value
    total = int(store.read(COUNT_ALL)[0]["c"])
    by_label: dict[str, list[str]] = {}
    for k, lab in labels.items():
        by_label.setdefault(lab, []).append(k)
    edges = {}
    for r in _edges(store, by_label, limit=limit * 10):
        if r["src"] in labels and r["dst"] in labels:
            e = _gedge(r)
            edges[(e.src, e.dst, e.rel, e.role, e.source)] = e
    return Subgraph(
        nodes=nodes_by_keys(store, labels), edges=list(edges.values()), left_out=max(0, total - len(labels))
    )


def graphml(sub: Subgraph) -> str:
    """GraphML text of a subgraph (node props and edge props as string data)."""
    from xml.etree import ElementTree as ET

    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    node_keys = sorted({k for n in sub.nodes for k in n.props} | {"label"})
    edge_keys = ["rel", "role", "sentence", "source", "confidence"]
    for k in node_keys:
        ET.SubElement(root, "key", id=f"n_{k}", attrib={"for": "node", "attr.name": k, "attr.type": "string"})
    for k in edge_keys:
        ET.SubElement(root, "key", id=f"e_{k}", attrib={"for": "edge", "attr.name": k, "attr.type": "string"})
    g = ET.SubElement(root, "graph", id="lineage", edgedefault="directed")
    for n in sub.nodes:
        el = ET.SubElement(g, "node", id=n.key)
        for k, v in {"label": n.label, **n.props}.items():
            ET.SubElement(el, "data", key=f"n_{k}").text = str(v)
    for i, e in enumerate(sub.edges):
        el = ET.SubElement(g, "edge", id=f"e{i}", source=e.src, target=e.dst)
        for k in edge_keys:
            v = getattr(e, k)
            if v is not None:
                ET.SubElement(el, "data", key=f"e_{k}").text = str(v)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)

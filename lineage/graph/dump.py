"""A whole graph as one file and back: how a province that outgrows one machine moves its graph to
a Neo4j cluster or Aura (or back) without re-reading its archive.

The file is JSON Lines: a header, then every node, then every edge, each with all its properties
(evidence, identity reasons, what users added), in key order with sorted properties, so two dumps
of the same graph are the same bytes whatever the engine. Reading and writing go through the
GraphStore protocol and the schema's write path, so one text serves both engines. A dump is read
page by page and a load written batch by batch: neither holds the graph in memory.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Literal

from pydantic import BaseModel, ValidationError

from lineage.errors import ReadError
from lineage.graph.schema import EDGE_SOURCE, EdgeRow, GraphBatch, Label, Rel
from lineage.graph.store import GraphStore

FORMAT: Literal["policy-lineage-graph"] = "policy-lineage-graph"
VERSION: Literal[1] = 1
PAGE = 2000  # nodes read per query, and rows written per transaction

# Keyset paging on the unique key index of each label (both engines scan the index for the range).
NODES = "MATCH (n:{label}) WHERE n.key > $after RETURN n.key AS key, properties(n) AS props ORDER BY n.key LIMIT $limit"
EDGES_FROM = (
    "MATCH (a:{label})-[r]->(b) WHERE a.key IN $keys "
    "RETURN a.key AS src, type(r) AS rel, labels(b)[0] AS dst_label, b.key AS dst, properties(r) AS props"
)


class Header(BaseModel):
    kind: Literal["header"] = "header"
    format: Literal["policy-lineage-graph"] = FORMAT
    version: Literal[1] = VERSION


class NodeLine(BaseModel):
    kind: Literal["node"] = "node"
    label: Label
    key: str
    props: dict[str, Any]


class EdgeLine(BaseModel):
    kind: Literal["edge"] = "edge"
    rel: Rel
    src_label: Label
    src: str
    dst_label: Label
    dst: str
    props: dict[str, Any]


def _line(model: BaseModel) -> str:
    return json.dumps(model.model_dump(mode="json"), ensure_ascii=False, sort_keys=True) + "\n"


def _node_pages(store: GraphStore, label: Label) -> Iterator[list[dict[str, Any]]]:
    after = ""
    while rows := store.read(NODES.format(label=label.value), {"after": after, "limit": PAGE}):
        yield rows
        after = rows[-1]["key"]


def dump(store: GraphStore, out: IO[str], *, progress: Callable[[int], None] = lambda n: None) -> dict[str, int]:
    """Write the whole graph to `out`: counts of nodes, edges and edges left out. `progress` is told of
    each page. Nodes are read first and edges after them; an edge to a node written in between (a
    server wrote while the dump ran) is left out and counted, so the file never holds a loose end."""
    out.write(_line(Header()))
    counts = {"nodes": 0, "edges": 0, "left_out": 0}
    dumped: set[tuple[str, str]] = set()
    for label in Label:
        for rows in _node_pages(store, label):
            for r in rows:
                props = {k: v for k, v in dict(r["props"]).items() if k != "key"}
                out.write(_line(NodeLine(label=label, key=r["key"], props=props)))
                dumped.add((label.value, r["key"]))
            counts["nodes"] += len(rows)
            progress(len(rows))
    for label in Label:
        for rows in _node_pages(store, label):
            edges = store.read(EDGES_FROM.format(label=label.value), {"keys": [r["key"] for r in rows]})
            edges.sort(key=lambda e: (e["src"], e["rel"], e["dst"], json.dumps(dict(e["props"]), sort_keys=True)))
            for e in edges:
                if (label.value, e["src"]) not in dumped or (e["dst_label"], e["dst"]) not in dumped:
                    counts["left_out"] += 1
                    continue
                line = EdgeLine(
                    rel=Rel(e["rel"]),
                    src_label=label,
                    src=e["src"],
                    dst_label=Label(e["dst_label"]),
                    dst=e["dst"],
                    props=dict(e["props"]),
                )
                out.write(_line(line))
                counts["edges"] += 1
            progress(len(edges))
    return counts


def read_lines(path: Path) -> Iterator[NodeLine | EdgeLine]:
    """The nodes and edges of a dump file, checked line by line; a ReadError names the file and the line."""
    number = 1
    with open(path, encoding="utf-8") as f:
        try:
            first = f.readline()
            try:
                Header.model_validate_json(first)
            except ValidationError:
                raise ReadError(
                    str(path), f"not a {FORMAT} file of version {VERSION} (its first line says otherwise)"
                ) from None
            seen_edge = False
            for number, text in enumerate(f, start=2):
                if not text.strip():
                    continue
                try:
                    data = json.loads(text)
                    kind = EdgeLine if data.get("kind") == "edge" else NodeLine
                    line: NodeLine | EdgeLine = kind.model_validate(data)
                except (ValueError, AttributeError) as exc:  # ValidationError is a ValueError
                    raise ReadError(str(path), f"line {number} is not a node or an edge of the graph: {exc}") from None
                if isinstance(line, NodeLine) and seen_edge:
                    raise ReadError(str(path), f"line {number}: a node after the edges (the file is out of order)")
                seen_edge = seen_edge or isinstance(line, EdgeLine)
                yield line
        except UnicodeDecodeError:
            raise ReadError(str(path), f"is not UTF-8 text (after line {number})") from None


def check(path: Path) -> dict[str, int]:
    """Read the whole file without writing anything: counts, or the ReadError of its first bad line (one
    that is not a node or an edge, a key given twice, an edge whose ends are not nodes of the file)."""
    counts = {"nodes": 0, "edges": 0}
    keys: set[tuple[str, str]] = set()
    for line in read_lines(path):
        if isinstance(line, NodeLine):
            if (line.label.value, line.key) in keys:
                raise ReadError(str(path), f"{line.label} {line.key!r} is given twice")
            keys.add((line.label.value, line.key))
            counts["nodes"] += 1
        else:
            for label, key in ((line.src_label, line.src), (line.dst_label, line.dst)):
                if (label.value, key) not in keys:
                    raise ReadError(
                        str(path), f"an edge {line.rel} names {label} {key!r}, which the file does not hold"
                    )
            counts["edges"] += 1
    return counts


def batches(lines: Iterable[NodeLine | EdgeLine]) -> Iterator[GraphBatch]:
    """The lines as write batches of at most PAGE rows; nodes come before the edges that join them."""
    batch, rows = GraphBatch(), 0
    for line in lines:
        if isinstance(line, NodeLine):
            batch.node(line.label, line.key, line.props)
        else:
            props = dict(line.props)
            source, role = str(props.pop(EDGE_SOURCE, "")), str(props.pop("role", ""))
            row = EdgeRow(line.src, line.dst, source, role, props)
            batch.edges.setdefault((line.rel, line.src_label, line.dst_label), []).append(row)
        rows += 1
        if rows == PAGE:
            yield batch
            batch, rows = GraphBatch(), 0
    if rows:
        yield batch

"""Graph pages: results (subgraphs, lineages, trees, impacts) to vis-network HTML.

pyvis builds the node and edge lists; the HTML template is ours, so no asset
is pulled from a CDN: vis-network's files come from the pyvis package, served
by the API or inlined into a standalone file. Every page is laid out on the
server (level by administrative rank, x by order) with physics off, so large
graphs draw at once; above the cap the page says what it left out.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from lineage.graph.schema import LEVEL_RANK
from lineage.queries.impact import ImpactReport
from lineage.queries.models import Lineage
from lineage.queries.subgraph import GEdge, GNode, Subgraph
from lineage.queries.tree import ImplementationTree

VIS_DIR = "lib/vis-9.1.2"
_KIND_RANK = {
    "politburo_resolution": 0,
    "central_resolution": 0,
    "secretariat_directive": 0,
    "party_conclusion": 0,
    "national_assembly_resolution": 1,
    "law": 1,
    "government_resolution": 2,
    "decree": 2,
    "prime_minister_directive": 2,
    "notice": 2,
    "party_plan": 4,
    "provincial_plan": 4,
    "programme": 4,
    "decision": 4,
    "letter": 4,
    "report": 4,
}
TASK_ROW = 8
# Colour and shape by kind; the legend lists the same table.
STYLE: dict[str, dict[str, str]] = {
    "doc_centre": {"color": "#c0392b", "shape": "box", "vi": "Văn bản Trung ương Đảng", "en": "Party centre document"},
    "doc_national": {
        "color": "#8e44ad",
        "shape": "box",
        "vi": "Văn bản Quốc hội, Chính phủ",
        "en": "National document",
    },
    "doc_local": {"color": "#2471a3", "shape": "box", "vi": "Văn bản của tỉnh", "en": "Provincial document"},
    "doc_stub": {
        "color": "#95a5a6",
        "shape": "box",
        "vi": "Văn bản được dẫn (chưa có toàn văn)",
        "en": "Cited, text not loaded",
    },
    "Task": {"color": "#f4d03f", "shape": "ellipse", "vi": "Nhiệm vụ", "en": "Task"},
    "Unit": {"color": "#27ae60", "shape": "dot", "vi": "Cơ quan, đơn vị", "en": "Unit"},
    "Partner": {"color": "#a569bd", "shape": "diamond", "vi": "Đối tác", "en": "Partner"},
    "Person": {"color": "#7f8c8d", "shape": "triangle", "vi": "Người ký", "en": "Signer"},
}
EDGE_STYLE: dict[str, dict[str, Any]] = {
    "IMPLEMENTS": {"dashes": False, "color": "#1f618d", "width": 2.5, "vi": "thực hiện", "en": "implements"},
    "BASED_ON": {"dashes": [10, 6], "color": "#1f618d", "width": 2, "vi": "căn cứ", "en": "based on"},
    "CITES": {"dashes": [2, 6], "color": "#7f8c8d", "width": 1, "vi": "dẫn chiếu", "en": "cites"},
    "AMENDS": {"dashes": False, "color": "#d35400", "width": 2.5, "vi": "sửa đổi, bổ sung", "en": "amends"},
    "REPLACES": {"dashes": False, "color": "#922b21", "width": 2.5, "vi": "thay thế", "en": "replaces"},
    "PROPOSED_BY": {"dashes": [4, 4], "color": "#16a085", "width": 1, "vi": "theo đề xuất", "en": "proposed by"},
    "PART_OF": {"dashes": False, "color": "#bdc3c7", "width": 1, "vi": "thuộc", "en": "part of"},
    "ASSIGNED_TO:lead": {"dashes": False, "color": "#c0392b", "width": 2.5, "vi": "chủ trì", "en": "leads"},
    "ASSIGNED_TO:support": {"dashes": [6, 4], "color": "#2980b9", "width": 1.5, "vi": "phối hợp", "en": "supports"},
    "ASSIGNED_TO:advise": {"dashes": [3, 3], "color": "#27ae60", "width": 1.5, "vi": "tham mưu", "en": "advises"},
    "ASSIGNED_TO:report_to": {"dashes": [1, 4], "color": "#7f8c8d", "width": 1, "vi": "báo cáo", "en": "reports to"},
}
_DEFAULT_EDGE: dict[str, Any] = {"dashes": False, "color": "#bdc3c7", "width": 1}
KIND_VI = {
    "politburo_resolution": "Nghị quyết Bộ Chính trị",
    "secretariat_directive": "Chỉ thị Ban Bí thư",
    "government_resolution": "Nghị quyết Chính phủ",
    "national_assembly_resolution": "Nghị quyết Quốc hội",
    "notice": "Thông báo",
    "party_plan": "Kế hoạch của Đảng bộ",
    "provincial_plan": "Kế hoạch của UBND",
    "letter": "Công văn",
    "decision": "Quyết định",
    "programme": "Chương trình",
    "central_resolution": "Nghị quyết Trung ương",
    "party_conclusion": "Kết luận",
    "law": "Luật",
    "decree": "Nghị định",
    "prime_minister_directive": "Chỉ thị Thủ tướng",
    "report": "Báo cáo",
    "other": "Văn bản khác",
}


@dataclass(frozen=True)
class Page:
    """What a graph page shows besides the graph."""

    title: str
    note: str = ""
    highlight: frozenset[str] = frozenset()
    left_out: int = 0


def style_key(node: GNode) -> str:
    if node.label != "Document":
        return node.label
    p = node.props
    if p.get("stub"):
        return "doc_stub"
    rank = rank_of(node)
    return "doc_centre" if rank == 0 else "doc_national" if rank <= 3 else "doc_local"


def rank_of(node: GNode) -> int:
    """Row of a node: Party centre at the top, tasks at the bottom."""
    p = node.props
    if node.label == "Task":
        return TASK_ROW
    if node.label == "Unit":
        return LEVEL_RANK.get(str(p.get("level")), 5) if p.get("level") != "collective" else 6
    if node.label in {"Partner", "Person"}:
        return TASK_ROW + 1
    if p.get("level") in LEVEL_RANK:
        return LEVEL_RANK[str(p["level"])]
    return _KIND_RANK.get(str(p.get("kind")), 4)


def label_of(node: GNode) -> str:
    """Vietnamese labels: the code for documents, the short name for units, the item number for tasks."""
    p = node.props
    if node.label == "Document":
        return str(p.get("code") or p.get("title") or ("Dự thảo " + str(p.get("type") or "")).strip())[:40]
    if node.label == "Task":
        return "Nhiệm vụ " + str(p.get("ref", ""))
    return str(p.get("name") or node.key)[:40]


def tooltip(node: GNode) -> str:
    p = node.props
    if node.label == "Document":
        lines = [
            KIND_VI.get(str(p.get("kind")), str(p.get("type") or "Văn bản")),
            f"Số: {p.get('code') or '(để trống)'}",
            f"Ngày: {p.get('date') or '?'}",
            f"Cơ quan ban hành: {p.get('issuer') or '?'}",
        ]
        if p.get("subject") or p.get("title"):
            lines.append(f"Trích yếu: {p.get('subject') or p.get('title')}")
        return "\n".join(lines)
    if node.label == "Task":
        return f"Nhiệm vụ {p.get('ref')}\n{p.get('summary') or ''}\nThời hạn: {p.get('deadline') or '-'}"
    return str(p.get("name") or node.key)


def edge_style(edge: GEdge) -> dict[str, Any]:
    key = f"{edge.rel}:{edge.role}" if edge.rel == "ASSIGNED_TO" else edge.rel
    return EDGE_STYLE.get(key, _DEFAULT_EDGE)


def network_data(
    sub: Subgraph, *, highlight: frozenset[str] = frozenset()
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Nodes and edges for vis-network, positioned: rows by rank, columns by order."""
    from pyvis.edge import Edge
    from pyvis.node import Node

    # pyvis's Node and Edge build vis-network's option dicts; Network.add_edge is not used
    # because it scans every edge already added (quadratic: 0.6 s at 5,000 nodes).
    out_nodes: list[dict[str, Any]] = []
    out_edges: list[dict[str, Any]] = []
    rows: dict[int, list[GNode]] = {}
    for n in sub.nodes:
        rows.setdefault(rank_of(n), []).append(n)
    for rank, nodes in rows.items():
        nodes.sort(key=lambda n: (style_key(n), label_of(n)))
        width = len(nodes)
        for i, n in enumerate(nodes):
            st = STYLE[style_key(n)]
            hot = n.key in highlight
            node = Node(
                n.key,
                st["shape"],
                label=label_of(n),
                title=tooltip(n),
                level=rank,
                color={"background": "#e74c3c" if hot else st["color"], "border": "#000" if hot else st["color"]},
                borderWidth=4 if hot else 1,
                x=(i - width / 2) * 190,
                y=rank * 140,
                physics=False,
                font={"color": "#fff" if st["shape"] == "box" else "#222"},
                kind=style_key(n),
            )
            out_nodes.append(node.options)
    known = {n.key for n in sub.nodes}
    for e in sub.edges:
        if e.src in known and e.dst in known:
            st = edge_style(e)
            evidence = f"{EDGE_STYLE.get(e.rel, {}).get('vi', e.rel)}\n{e.sentence or ''}".strip()
            edge = Edge(
                e.src,
                e.dst,
                True,
                title=evidence,
                dashes=st["dashes"],
                color=st["color"],
                width=st["width"],
                arrows="to",
                rel=e.rel,
                role=e.role or "",
            )
            out_edges.append(edge.options)
    return out_nodes, out_edges


@cache
def _env() -> Environment:
    """The template environment, built once: compiling the template costs more than rendering it."""
    return Environment(loader=PackageLoader("lineage.viz", "templates"), autoescape=select_autoescape(["html"]))


_SCRIPT_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_json(value: Any) -> str:
    """JSON to place inside an HTML `<script type="application/json">` block: `<`, `>` and `&`
    are escaped, so a document's text ("</script><script>...") cannot close the block."""
    return json.dumps(value, ensure_ascii=False).translate(_SCRIPT_UNSAFE)


def graph_script() -> str:
    """The page's own drawing script (served at /static/graph/graph.js, inlined in standalone files)."""
    return resources.files("lineage.viz").joinpath("static/graph.js").read_text(encoding="utf-8")


def vis_asset(name: str) -> str:
    """vis-network's own file (js or css) from the pyvis package."""
    return resources.files("pyvis").joinpath(f"templates/{VIS_DIR}/{name}").read_text(encoding="utf-8")


FILTER_KINDS = ("Document", "Task", "Unit", "Partner", "Person")
FILTER_RELS = ("IMPLEMENTS", "BASED_ON", "CITES", "AMENDS", "REPLACES", "PROPOSED_BY", "PART_OF", "ASSIGNED_TO")


def render(
    sub: Subgraph,
    page: Page,
    *,
    standalone: bool = False,
    lang: str = "vi",
    filters: dict[str, str] | None = None,
    action: str | None = None,
) -> str:
    """The HTML of a graph page; `standalone` inlines vis-network so the file works offline anywhere.
    With `action` (the page's own path) it carries a filter form; `filters` are those applied."""
    nodes, edges = network_data(sub, highlight=page.highlight)
    legend_nodes = [(v[lang if lang in ("vi", "en") else "vi"], v["color"], v["shape"]) for v in STYLE.values()]
    legend_edges = [(v["vi" if lang != "en" else "en"], v["color"], v["dashes"]) for v in EDGE_STYLE.values()]
    return (
        _env()
        .get_template("graph.html")
        .render(
            title=page.title,
            note=page.note,
            left_out=page.left_out or sub.left_out,
            lang=lang,
            data_json=script_json({"nodes": nodes, "edges": edges}),
            n_nodes=len(nodes),
            n_edges=len(edges),
            legend_nodes=legend_nodes,
            legend_edges=legend_edges,
            action=action,
            filters=filters or {},
            filter_kinds=FILTER_KINDS,
            filter_rels=FILTER_RELS,
            vis_js=vis_asset("vis-network.min.js") if standalone else None,
            vis_css=vis_asset("vis-network.css") if standalone else None,
            graph_js=graph_script() if standalone else None,
            nonce=secrets.token_urlsafe(16),
        )
    )


def write(sub: Subgraph, page: Page, *, out: Path) -> Path:
    out.write_text(render(sub, page, standalone=True), encoding="utf-8")
    return out


def lineage_subgraph(result: Lineage, nodes: list[GNode]) -> Subgraph:
    """The chains of a lineage as a graph (nodes fetched by the caller)."""
    edges: dict[tuple[str, str, str], GEdge] = {}
    for chain in result.chains:
        for h in chain.hops:
            edges[(h.src, h.dst, h.rel)] = GEdge(
                src=h.src, dst=h.dst, rel=h.rel, sentence=h.sentence, source=h.source, confidence=h.confidence
            )
    return Subgraph(nodes=nodes, edges=list(edges.values()), left_out=0)


def lineage_keys(result: Lineage) -> dict[str, str]:
    keys = {result.start: result.start_label}
    for chain in result.chains:
        for h in chain.hops:
            keys[h.src] = h.src_label
            keys[h.dst] = h.dst_label
    return keys


def tree_subgraph(tree: ImplementationTree, nodes: list[GNode]) -> Subgraph:
    edges = [
        GEdge(src=n.edge.src, dst=n.edge.dst, rel=n.edge.rel, sentence=n.edge.sentence, source=n.edge.source)
        for n in tree.nodes
        if n.edge is not None
    ]
    return Subgraph(nodes=nodes, edges=edges, left_out=1 if tree.truncated else 0)


def impact_keys(report: ImpactReport) -> tuple[dict[str, str], frozenset[str]]:
    """Nodes of an impact page, and those to highlight (what needs review)."""
    keys: dict[str, str] = {}
    for item in [*report.review.items, *report.coordinate.items]:
        keys[item.document.key] = "Document"
        for h in item.why:
            keys[h.src] = h.src_label
            keys[h.dst] = h.dst_label
    return keys, frozenset(i.document.key for i in report.review.items)


def impact_subgraph(report: ImpactReport, nodes: list[GNode]) -> Subgraph:
    edges: dict[tuple[str, str, str], GEdge] = {}
    for item in [*report.review.items, *report.coordinate.items]:
        for h in item.why:
            edges[(h.src, h.dst, h.rel)] = GEdge(src=h.src, dst=h.dst, rel=h.rel, sentence=h.sentence, source=h.source)
    listed = len(report.review.items) + len(report.coordinate.items)
    everything = report.review.totals.documents + report.coordinate.totals.documents
    return Subgraph(nodes=nodes, edges=list(edges.values()), left_out=everything - listed)

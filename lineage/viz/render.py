"""Graph pages: results (subgraphs, lineages, trees, impacts) to vis-network HTML.

pyvis builds the node and edge lists; the HTML template is ours, so no asset
is pulled from a CDN: vis-network's files come from the pyvis package, served
by the API or inlined into a standalone file. Every page is laid out on the
server (level by administrative rank, x by order) with physics off, so large
graphs draw at once; above the cap the page says what it left out.
"""

from __future__ import annotations

import json
import math
import secrets
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from lineage.graph.schema import LEVEL_RANK
from lineage.loaders.normalize import fold
from lineage.queries.impact import ImpactReport
from lineage.queries.models import Lineage
from lineage.queries.subgraph import GEdge, GNode, Subgraph
from lineage.queries.tree import ImplementationTree
from lineage.viz.labels import deadline_words, doc_label
from lineage.viz.layout import GROUP, fold_tasks, place

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
    "TaskGroup": {"color": "#f4d03f", "shape": "box", "vi": "Nhóm nhiệm vụ (bấm để mở)", "en": "Tasks (click to open)"},
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
    if node.label in {"Task", GROUP}:
        return TASK_ROW
    if node.label == "Unit":
        return LEVEL_RANK.get(str(p.get("level")), 5) if p.get("level") != "collective" else 6
    if node.label in {"Partner", "Person"}:
        return TASK_ROW + 1
    if p.get("level") in LEVEL_RANK:
        return LEVEL_RANK[str(p["level"])]
    return _KIND_RANK.get(str(p.get("kind")), 4)


def label_of(node: GNode, lang: str = "vi") -> str:
    """What a node is called on the canvas: a document's code (a draft in words), a unit's name,
    a task's item number, a group's count."""
    p = node.props
    en = lang == "en"
    if node.label == "Document":
        return doc_label(p, lang)[:60]
    if node.label == "Task":
        return ("Task " if en else "Nhiệm vụ ") + str(p.get("ref", ""))
    if node.label == GROUP:
        return f"{p.get('count')} {'tasks' if en else 'nhiệm vụ'}"
    name = str(p.get("name") or node.key)
    province = p.get("province")
    if node.label == "Unit" and province and fold(str(province)) not in fold(name):
        name = f"{name} ({province})"  # "Sở Ngoại vụ" of which province
    return name[:60]


def tooltip(node: GNode, lang: str = "vi") -> str:
    """The details a node's panel and tooltip show, in the page's language."""
    p = node.props
    w = TOOLTIP_WORDS["en" if lang == "en" else "vi"]
    if node.label == "Document":
        kind = (
            KIND_VI.get(str(p.get("kind")), str(p.get("type") or w["document"]))
            if lang != "en"
            else str(p.get("kind") or p.get("type") or w["document"])
        )
        lines = [
            kind,
            f"{w['code']}: {p.get('code') or w['blank']}",
            f"{w['date']}: {deadline_words(p.get('date'), lang) or '?'}",
            f"{w['issuer']}: {p.get('issuer') or '?'}",
        ]
        if p.get("subject") or p.get("title"):
            lines.append(f"{w['subject']}: {p.get('subject') or p.get('title')}")
        return "\n".join(lines)
    if node.label == "Task":
        return f"{w['task']} {p.get('ref')}\n{p.get('summary') or ''}\n{w['deadline']}: {p.get('deadline') or '-'}"
    if node.label == GROUP:
        return w["group"].format(n=p.get("count"))
    if node.label == "Unit" and p.get("province"):
        return f"{p.get('name')} ({p.get('province')})"
    return str(p.get("name") or node.key)


TOOLTIP_WORDS = {
    "vi": {
        "document": "Văn bản",
        "code": "Số",
        "blank": "(để trống)",
        "date": "Ngày",
        "issuer": "Cơ quan ban hành",
        "subject": "Trích yếu",
        "task": "Nhiệm vụ",
        "deadline": "Thời hạn",
        "group": "{n} nhiệm vụ của văn bản này: bấm để mở",
    },
    "en": {
        "document": "Document",
        "code": "Code",
        "blank": "(blank)",
        "date": "Date",
        "issuer": "Issuer",
        "subject": "Subject",
        "task": "Task",
        "deadline": "Deadline",
        "group": "{n} tasks of this document: click to open",
    },
}


def edge_style(edge: GEdge) -> dict[str, Any]:
    key = f"{edge.rel}:{edge.role}" if edge.rel == "ASSIGNED_TO" else edge.rel
    return EDGE_STYLE.get(key, _DEFAULT_EDGE)


FONT_PX = 16  # node labels; the page opens at a zoom that keeps them at 13 px or more (graph.js)


def network_data(
    sub: Subgraph, *, highlight: frozenset[str] = frozenset(), lang: str = "vi", straight: bool = False
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, dict[str, list[dict[str, Any]]]]]:
    """Nodes and edges for vis-network, positioned on the server (layout.py), and the tasks each
    group node folds, as vis-network options for the page to unfold. `straight` draws no bends
    (neighbours added to a page already drawn)."""
    shown, folded = fold_tasks(sub, keep=highlight)
    known = {n.key for n in shown.nodes}
    drawn = [e for e in shown.edges if e.src in known and e.dst in known]
    at = place(shown.nodes, drawn, rank=rank_of, size=lambda n: node_size(n, lang))
    nodes = [_vis_node(n, highlight, lang, at.pos.get(n.key)) for n in shown.nodes]
    edges: list[dict[str, Any]] = []
    for i, e in enumerate(drawn):
        edges += _vis_edge(e, lang, i, [] if straight else at.bends.get(i, []), nodes)
    groups = {
        key: {
            "nodes": [_vis_node(n, highlight, lang, None) for n in f.nodes],
            "edges": [part for j, e in enumerate(f.edges) for part in _vis_edge(e, lang, f"{key}:{j}", [], [])],
        }
        for key, f in folded.items()
    }
    return nodes, edges, groups


def node_size(node: GNode, lang: str) -> tuple[float, float]:
    """About the box vis-network draws for a node (labels wrap at 170 px): generous, since the
    layout keeps edges off it."""
    width = 0.62 * FONT_PX * len(label_of(node, lang))
    lines = max(1, math.ceil(width / 170))
    dot = STYLE[style_key(node)]["shape"] in {"dot", "diamond", "triangle"}
    return min(width, 170) + 24, lines * (FONT_PX + 4) + (34 if dot else 16)


def _vis_node(n: GNode, highlight: frozenset[str], lang: str, at: tuple[float, float] | None) -> dict[str, Any]:
    from pyvis.node import Node

    st = STYLE[style_key(n)]
    hot = n.key in highlight
    extra: dict[str, Any] = {"x": at[0], "y": at[1]} if at else {}
    options: dict[str, Any] = Node(
        n.key,
        st["shape"],
        label=label_of(n, lang),
        title=tooltip(n, lang),
        level=rank_of(n),
        color={"background": "#e74c3c" if hot else st["color"], "border": "#000" if hot else st["color"]},
        borderWidth=4 if hot else 1,
        physics=False,
        font={"color": "#fff" if st["shape"] == "box" and n.label != GROUP else "#222", "size": FONT_PX},
        kind=style_key(n),
        **extra,
    ).options
    return options


def _vis_edge(
    e: GEdge, lang: str, ident: int | str, bends: list[tuple[float, float]], nodes: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """An edge as vis-network draws it: one line, or one piece a line it crosses, through bend
    points added to `nodes` (tiny, unlabelled, `kind` "bend"); the arrow on the last piece. Every
    piece carries the edge's own ends and evidence, for the side panel."""
    from pyvis.edge import Edge

    st = edge_style(e)
    words = st.get("en" if lang == "en" else "vi", e.rel)
    points = [f"bend:{ident}:{j}" for j in range(len(bends))]
    # Bends are drawn as the page script's "bend" group says (a dot of 1 px, no label): only where.
    nodes += [
        {"id": key, "x": x, "y": y, "group": "bend", "kind": "bend"} for key, (x, y) in zip(points, bends, strict=True)
    ]
    ends = [e.src, *points, e.dst]
    out = []
    for j, (a, b) in enumerate(zip(ends, ends[1:], strict=False)):
        options: dict[str, Any] = Edge(
            a,
            b,
            True,
            # The evidence on the pieces that touch the edge's own ends (the others would only repeat it).
            title=f"{words}\n{e.sentence or ''}".strip() if j in (0, len(ends) - 2) else None,
            dashes=st["dashes"],
            color=st["color"],
            width=st["width"],
            arrows="to" if j == len(ends) - 2 else "",
            rel=e.rel,
            role=e.role or "",
        ).options
        options.update(edge=str(ident), real_from=e.src, real_to=e.dst)
        if options.get("title") is None:
            options.pop("title", None)
        out.append(options)
    return out


@cache
def _env() -> Environment:
    """The template environment, built once: compiling the template costs more than rendering it."""
    return Environment(loader=PackageLoader("lineage.viz", "templates"), autoescape=select_autoescape(["html"]))


def script_json(value: Any) -> str:
    """JSON to place inside an HTML `<script type="application/json">` block: `<`, `>` and `&`
    are escaped, so a document's text ("</script><script>...") cannot close the block. (Three
    replaces: `str.translate` with a table is several times slower on a page of megabytes.)"""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def graph_script() -> str:
    """The page's own drawing script (served at /static/graph/graph.js, inlined in standalone files)."""
    return resources.files("lineage.viz").joinpath("static/graph.js").read_text(encoding="utf-8")


def vis_asset(name: str) -> str:
    """vis-network's own file (js or css) from the pyvis package."""
    return resources.files("pyvis").joinpath(f"templates/{VIS_DIR}/{name}").read_text(encoding="utf-8")


FILTER_KINDS = {
    "Document": ("Văn bản", "Documents"),
    "Task": ("Nhiệm vụ", "Tasks"),
    "Unit": ("Cơ quan, đơn vị", "Units"),
    "Partner": ("Đối tác", "Partners"),
    "Person": ("Người ký", "Signers"),
}
FILTER_RELS = ("IMPLEMENTS", "BASED_ON", "CITES", "AMENDS", "REPLACES", "PROPOSED_BY", "PART_OF", "ASSIGNED_TO")
# The rows of a page (rank_of), by name.
FILTER_LEVELS = {
    "0": ("Trung ương Đảng", "Party centre"),
    "1": ("Quốc hội", "National Assembly"),
    "2": ("Chính phủ", "Government"),
    "3": ("Bộ, ngành", "Ministries"),
    "4": ("Tỉnh, thành phố", "Provinces"),
    "5": ("Sở, ban, ngành", "Departments"),
    "6": ("Xã, phường; tập thể", "Communes; groups"),
    "8": ("Nhiệm vụ", "Tasks"),
}


def filter_choices(sub: Subgraph, lang: str) -> dict[str, list[tuple[str, str]]]:
    """The filter form's choices in words (values stay keys): kinds, relations, rows, and the
    units on the page by name and province."""
    i = 1 if lang == "en" else 0
    assigned = ("giao nhiệm vụ", "assigned")  # its roles have words of their own in EDGE_STYLE
    rels = [(r, assigned[i] if r == "ASSIGNED_TO" else EDGE_STYLE[r]["en" if i else "vi"]) for r in FILTER_RELS]
    units = sorted(((n.key, label_of(n, lang)) for n in sub.nodes if n.label == "Unit"), key=lambda u: (u[1], u[0]))
    return {
        "filter_kinds": [(k, v[i]) for k, v in FILTER_KINDS.items()],
        "filter_rels": rels,
        "filter_levels": [(k, v[i]) for k, v in FILTER_LEVELS.items()],
        "filter_units": units,
    }


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
    nodes, edges, groups = network_data(sub, highlight=page.highlight, lang=lang)
    expand = None if standalone else "/graph/expand"  # double-click asks the server for a node's neighbours
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
            data_json=script_json(
                {"nodes": nodes, "edges": edges, "groups": groups, "expand": expand, "lang": lang, "font": FONT_PX}
            ),
            n_nodes=sum(1 for n in nodes if n.get("kind") != "bend"),
            n_edges=len({e["edge"] for e in edges}),
            legend_nodes=legend_nodes,
            legend_edges=legend_edges,
            action=action,
            filters=filters or {},
            **filter_choices(sub, lang),
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

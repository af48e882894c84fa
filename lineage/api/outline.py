"""A document's relations as the legal portals' "Lược đồ" shows them: grouped by relation and
direction, each related document once, with a count; its effect status; and its text with the
sentences that state its references marked.

Built for the document page from what `get_document` returns; the API keeps the flat lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lineage.graph.store import GraphStore
from lineage.queries.documents import DocumentPublic
from lineage.queries.models import Hop
from lineage.queries.search import DOC_FIELDS
from lineage.viz.labels import doc_label

# (direction, relation) -> (Vietnamese, English), in the order the page shows them.
GROUPS: dict[tuple[str, str], tuple[str, str]] = {
    ("out", "BASED_ON"): ("Căn cứ", "Based on"),
    ("out", "IMPLEMENTS"): ("Thực hiện", "Implements"),
    ("in", "IMPLEMENTS"): ("Được thực hiện bởi", "Implemented by"),
    ("out", "AMENDS"): ("Sửa đổi, bổ sung", "Amends"),
    ("in", "AMENDS"): ("Bị sửa đổi, bổ sung bởi", "Amended by"),
    ("out", "REPLACES"): ("Thay thế", "Replaces"),
    ("in", "REPLACES"): ("Bị thay thế bởi", "Replaced by"),
    ("in", "BASED_ON"): ("Được căn cứ bởi", "Basis of"),
    ("out", "PROPOSED_BY"): ("Theo đề xuất của", "Proposed by"),
    ("in", "PROPOSED_BY"): ("Đề xuất", "Proposes"),
    ("out", "CITES"): ("Dẫn chiếu", "Cites"),
    ("in", "CITES"): ("Được dẫn chiếu bởi", "Cited by"),
}
DOCS_OF = f"UNWIND $keys AS k MATCH (d:Document {{key: k}}) RETURN {DOC_FIELDS}"


@dataclass
class Related:
    """One document on the other end of a relation, however many times the graph states it."""

    key: str
    label: str  # its code, or a draft in words
    code: str | None
    title: str | None
    evidence: Hop  # the strongest statement: highest confidence, then this document's own
    statements: int = 1
    tasks: list[str] = field(default_factory=list)  # items of that document that state it, when tasks do


@dataclass
class Group:
    direction: str
    rel: str
    words: str
    items: list[Related]


@dataclass
class Outline:
    groups: list[Group]
    status: str  # in_force, amended, replaced
    status_by: list[Related]
    segments: list[tuple[str, str | None]]  # the text in pieces, each with what marks it (or None)


def outline(store: GraphStore, doc: DocumentPublic, text: str | None, lang: str) -> Outline:
    """The document's relations grouped, its status and its marked text."""
    lang_i = 0 if lang == "vi" else 1
    found: dict[tuple[str, str], dict[str, Related]] = {}
    for r in doc.references:
        _add(found, ("out", r.relation), r.key, doc_label(r, lang), r.code, r.title, r.evidence, own=doc.key, task=None)
    # A task stating a relation stands for its document; drafts and tasks need their documents' fields.
    other = {h.src: h.src.split("#", 1)[0] if h.src_label != "Document" else h.src for h in doc.referenced_by}
    rows = {r["key"]: r for r in store.read(DOCS_OF, {"keys": sorted(set(other.values()))})} if other else {}
    for h in doc.referenced_by:
        row = rows.get(other[h.src], {"key": other[h.src]})
        task = h.src_code if h.src_label != "Document" else None
        label = doc_label(row, lang)
        _add(found, ("in", h.rel), other[h.src], label, row.get("code"), row.get("subject"), h, own=doc.key, task=task)
    groups = [
        Group(d, rel, words[lang_i], sorted(found[(d, rel)].values(), key=lambda x: (x.label, x.key)))
        for (d, rel), words in GROUPS.items()
        if (d, rel) in found
    ]
    replaced = list(found.get(("in", "REPLACES"), {}).values())
    amended = list(found.get(("in", "AMENDS"), {}).values())
    status = "replaced" if replaced else "amended" if amended else "in_force"
    marks = [
        (
            r.evidence.start,
            r.evidence.end,
            f"{GROUPS.get(('out', r.relation), (r.relation, r.relation))[lang_i]} {r.code or ''}",
        )
        for r in doc.references
        if r.evidence.source == doc.key and r.evidence.start is not None and r.evidence.end is not None
    ]
    return Outline(groups, status, replaced or amended, segments(text or "", marks))


def _add(
    found: dict[tuple[str, str], dict[str, Related]],
    group: tuple[str, str],
    key: str,
    label: str,
    code: str | None,
    title: str | None,
    evidence: Hop,
    *,
    own: str,
    task: str | None,
) -> None:
    """Count one more statement of `group` with `key`; keep the strongest evidence."""
    items = found.setdefault(group, {})
    seen = items.get(key)
    if seen is None:
        items[key] = Related(key, label, code, title, evidence, tasks=[task] if task else [])
        return
    seen.statements += 1
    if task and task not in seen.tasks:
        seen.tasks.append(task)
    if _strength(evidence, own) < _strength(seen.evidence, own):
        seen.evidence = evidence


def _strength(h: Hop, own: str) -> tuple[float, bool, str]:
    return -(h.confidence or 0.0), h.source != own, h.source or ""


def segments(text: str, marks: list[tuple[int, int, str]]) -> list[tuple[str, str | None]]:
    """`text` cut at the marks (start, end, what): plain pieces carry None. Overlapping marks
    join the first; the template escapes every piece."""
    spans: dict[tuple[int, int], list[str]] = {}
    for start, end, what in marks:  # one sentence often states several references
        if what not in spans.setdefault((start, end), []):
            spans[(start, end)].append(what)
    out: list[tuple[str, str | None]] = []
    at = 0
    for (start, end), whats in sorted(spans.items()):
        what = "; ".join(whats)
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        if start > at:
            out.append((text[at:start], None))
        out.append((text[start:end], what))
        at = end
    if at < len(text):
        out.append((text[at:], None))
    return out

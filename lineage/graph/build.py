"""From an Extraction to the nodes and edges of one transaction (no database here).

Everything that needs the graph or the unit table (keys, scopes, levels, which unit a name is) is
decided before, in `ingest.resolve`, and handed over in `Resolved`: building is pure. Every edge
carries the document whose text states it (`source`), the sentence, its span in that document's
normalized text, a confidence and how it was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lineage import identity as ident
from lineage.extraction import Evidence, Extraction, Reference, Relation, Role, Task
from lineage.graph.schema import RELATION_TYPES, GraphBatch, Label, NodeRow, Rel
from lineage.identity import code_key
from lineage.loaders.normalize import strip_diacritics

CONFIDENCE: dict[Relation, float] = {
    Relation.BASED_ON: 0.95,
    Relation.IMPLEMENTS: 0.9,
    Relation.AMENDS: 0.9,
    Relation.REPLACES: 0.9,
    Relation.PROPOSED_BY: 0.9,
    Relation.CITES: 0.5,
}

Node = tuple[Label, str]


@dataclass(frozen=True)
class UnitNode:
    """A unit as the graph keeps it: the name as written, under the key of the unit it is."""

    key: str
    name: str
    level: str
    collective: bool
    province: str | None
    in_table: bool = True  # False: a name the unit table does not know, kept as a department of the province


@dataclass
class Resolved:
    """What was decided before building: the document's keys and scope, those of what it cites,
    and the unit each name it uses is."""

    doc_key: str
    scope: str
    level: str | None = None  # the issuer's
    doc_code: str | None = None  # a draft resolved to a numbered document takes its code
    doc_date: str | None = None
    same_as: str | None = None
    identity: str | None = None  # who decided the draft is the numbered document: machine, confirmed, corrected
    not_same: list[str] = field(default_factory=list)  # code keys a person said the draft is not
    ref_keys: dict[str, str] = field(default_factory=dict)  # code_key -> node key
    ref_scopes: dict[str, str] = field(default_factory=dict)  # code_key -> scope
    ref_levels: dict[str, str | None] = field(default_factory=dict)  # code_key -> its issuer's level
    promote: dict[str, dict[str, Any]] = field(default_factory=dict)  # draft node key -> code props
    units: dict[str, UnitNode] = field(default_factory=dict)  # name as written -> unit


def evidence_props(ev: Evidence | None) -> dict[str, Any]:
    if ev is None:
        return {"sentence": None, "start": None, "end": None}
    return {"sentence": ev.sentence, "start": ev.start, "end": ev.end}


def search_text(*parts: str | None) -> str:
    """Lower-case, diacritic-free words for search ("nghi quyet 59")."""
    return " ".join(strip_diacritics(p) for p in parts if p)


def build(ex: Extraction, res: Resolved, *, source_file: str) -> GraphBatch:
    """The batch that writes `ex` under the keys in `res`."""
    batch = GraphBatch(replace=[res.doc_key])
    doc = _document(batch, ex, res, source_file)
    _header_edges(batch, ex, res, doc)
    for ref in ex.references:
        _reference(batch, ref, res, doc)
    task_keys = {t.ref: f"{res.doc_key}#{t.ref}" for t in ex.tasks}
    for t in ex.tasks:
        _task(batch, t, res, doc, task_keys)
    return batch


def _document(batch: GraphBatch, ex: Extraction, res: Resolved, source_file: str) -> Node:
    h = ex.doc
    code = h.code or res.doc_code
    batch.documents.append(
        NodeRow(
            res.doc_key,
            {
                "key": res.doc_key,
                "code": code,
                "code_key": code_key(code) if code else None,
                "symbol": h.symbol,
                "symbol_key": ident.symbol_key(code, h.symbol),
                "type": h.type,
                "kind": ident.kind_of(h.type, code, h.issuer).value,
                "issuer": h.issuer,
                "province": h.province,
                "scope": res.scope,
                "level": res.level,
                "date": res.doc_date or h.date,
                "year": ident.year_of(h.date or res.doc_date),
                "subject": h.subject,
                "signer": h.signer,
                "signer_title": h.signer_title,
                "place": h.place,
                "source_file": source_file,
                "text_sha256": ex.text_sha256,
                "draft": h.code is None,
                "stub": False,
                "same_as": res.same_as,
                "identity": res.identity,
                "not_same": res.not_same or None,
                "search": search_text(code, h.subject, h.issuer, h.type),
                "text": ex.text,
                "raw_text": ex.raw,  # read again (a correction, a newer reader), it gives the same text
            },
        )
    )
    return Label.DOCUMENT, res.doc_key


def _unit(batch: GraphBatch, res: Resolved, name: str) -> Node:
    u = res.units[name]
    batch.node(
        Label.UNIT,
        u.key,
        {
            "name": u.name,
            "level": u.level,
            "collective": u.collective,
            "province": u.province,
            "in_table": u.in_table,
            "search": search_text(name),
        },
    )
    return Label.UNIT, u.key


def _header_edges(batch: GraphBatch, ex: Extraction, res: Resolved, doc: Node) -> None:
    """Who issued and signed the document, to whom it is addressed and copied."""
    h, key = ex.doc, res.doc_key
    if h.issuer:
        batch.edge(Rel.ISSUED_BY, doc, _unit(batch, res, h.issuer), source=key, method="header", confidence=0.9)
    if h.signer:
        person = (Label.PERSON, ident.person_key(h.signer, res.scope))
        batch.node(*person, {"name": h.signer})
        batch.edge(Rel.SIGNED_BY, doc, person, source=key, title=h.signer_title, method="signature", confidence=0.9)
    for name in ex.recipients:
        batch.edge(Rel.ADDRESSED_TO, doc, _unit(batch, res, name), source=key, method="kinh_gui", confidence=0.9)
    for copy in ex.copies:
        batch.edge(
            Rel.COPIED_TO,
            doc,
            _unit(batch, res, copy.unit),
            source=key,
            role="report" if copy.for_report else "",
            method="noi_nhan",
            confidence=0.9,
        )


def _reference(batch: GraphBatch, ref: Reference, res: Resolved, doc: Node) -> None:
    """A referenced document (a stub unless its own text arrives), the relation, and the chain the
    text states between the referenced documents ("A … về thực hiện B")."""
    key = res.doc_key
    if ref.code is None:
        if ref.title:
            _unnumbered_reference(batch, ref, key, doc)
        return
    k = code_key(ref.code)
    rkey = res.ref_keys[k]
    if rkey in res.promote:
        batch.node(Label.DOCUMENT, rkey, res.promote[rkey])
    else:
        batch.stubs.append(
            _stub(
                rkey,
                {
                    "code": ref.code,
                    "code_key": k,
                    "symbol_key": ident.symbol_key(ref.code, None),
                    "type": ref.type,
                    "kind": ident.kind_of(ref.type, ref.code, ref.issuer).value,
                    "issuer": ref.issuer,
                    "scope": res.ref_scopes[k],
                    "date": ref.date,
                    "year": ident.year_of(ref.date),
                    "draft": False,
                    "level": res.ref_levels.get(k),
                    "title": ref.title,  # as the citing document describes it
                    "search": search_text(ref.code, ref.issuer, ref.type, ref.title),
                },
            )
        )
    batch.edge(
        RELATION_TYPES[ref.relation],
        doc,
        (Label.DOCUMENT, rkey),
        source=key,
        relation=ref.relation.value,
        code_as_written=ref.code,
        confidence=CONFIDENCE[ref.relation],
        method="text",
        origin=ref.origin,
        **evidence_props(ref.evidence),
    )
    for parent_code in ref.implements:
        parent_key = res.ref_keys.get(code_key(parent_code))
        if parent_key is not None and parent_key != rkey:
            batch.edge(
                Rel.IMPLEMENTS,
                (Label.DOCUMENT, rkey),
                (Label.DOCUMENT, parent_key),
                source=key,
                relation="implements",
                confidence=0.8,
                method="stated_between_others",
                **evidence_props(ref.evidence),
            )


def _unnumbered_reference(batch: GraphBatch, ref: Reference, key: str, doc: Node) -> None:
    """A document named without a number ("văn kiện Đại hội XIV"): a work of its own."""
    assert ref.title is not None
    wkey = ident.work_key(ref.title)
    batch.stubs.append(
        _stub(
            wkey,
            {
                "title": ref.title,
                "type": None,
                "kind": "other",
                "unnumbered": True,
                "search": search_text(ref.title),
                "scope": ident.NATIONAL,
            },
        )
    )
    batch.edge(
        RELATION_TYPES[ref.relation],
        doc,
        (Label.DOCUMENT, wkey),
        source=key,
        relation=ref.relation.value,
        confidence=0.4,
        method="unnumbered",
        **evidence_props(ref.evidence),
    )


def _task(batch: GraphBatch, t: Task, res: Resolved, doc: Node, task_keys: dict[str, str]) -> None:
    """A task, what it is part of, its units, partners and the documents it names."""
    key = res.doc_key
    task = (Label.TASK, task_keys[t.ref])
    batch.node(
        *task,
        {
            "ref": t.ref,
            "doc_key": key,
            "text": t.text,
            "summary": t.text[:240],
            "deadline": t.deadline,
            "lead_inherited": t.lead_inherited,
            "origin": t.origin,
            "search": search_text(t.text[:400]),
        },
    )
    above = (Label.TASK, task_keys[t.parent]) if t.parent in task_keys else doc
    batch.edge(Rel.PART_OF, task, above, source=key, method="numbering", confidence=1.0)
    for a in t.assignments:
        inherited = a.role is Role.LEAD and t.lead_inherited
        batch.edge(
            Rel.ASSIGNED_TO,
            task,
            _unit(batch, res, a.unit),
            source=key,
            role=a.role.value,
            confidence=0.6 if inherited else 0.9,
            method="addressees" if inherited else "text",
            origin=a.origin,
            deadline=t.deadline,
            **evidence_props(a.evidence if not inherited else t.evidence),
        )
    for name in t.partners:
        partner = (Label.PARTNER, ident.partner_key(name))
        batch.node(*partner, {"name": name, "search": search_text(name)})
        batch.edge(Rel.INVOLVES, task, partner, source=key, method="text", confidence=0.7, **evidence_props(t.evidence))
    for code in t.refers_to:
        target = res.ref_keys.get(code_key(code))
        if target is None:
            continue
        rel = Rel.IMPLEMENTS if code in t.implements else Rel.CITES
        batch.edge(
            rel,
            task,
            (Label.DOCUMENT, target),
            source=key,
            method="task_text",
            relation=rel.value.lower(),
            confidence=0.8 if rel is Rel.IMPLEMENTS else 0.5,
            **evidence_props(t.evidence),
        )


def _stub(key: str, props: dict[str, Any]) -> NodeRow:
    return NodeRow(key, {"key": key, "stub": True, **props})

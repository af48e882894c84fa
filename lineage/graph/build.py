"""From an Extraction to the nodes and edges of one transaction (no database here).

Every edge carries the document whose text states it (`source`), the sentence,
its span in that document's normalized text, a confidence and how it was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lineage.extraction import Evidence, Extraction, Relation, Role
from lineage.graph import identity as ident
from lineage.graph.schema import RELATION_TYPES, GraphBatch, Label, NodeRow, Rel
from lineage.loaders.normalize import strip_diacritics
from lineage.loaders.references import code_key
from lineage.loaders.units import UnitTable, slug

CONFIDENCE: dict[Relation, float] = {
    Relation.BASED_ON: 0.95,
    Relation.IMPLEMENTS: 0.9,
    Relation.AMENDS: 0.9,
    Relation.REPLACES: 0.9,
    Relation.PROPOSED_BY: 0.9,
    Relation.CITES: 0.5,
}


@dataclass
class Resolved:
    """Keys decided before building: the document's own, and those of what it cites."""

    doc_key: str
    doc_code: str | None = None  # a draft resolved to a numbered document takes its code
    doc_date: str | None = None
    same_as: str | None = None
    ref_keys: dict[str, str] = field(default_factory=dict)  # code_key -> node key
    promote: dict[str, dict[str, Any]] = field(default_factory=dict)  # draft node key -> code props


def evidence_props(ev: Evidence | None) -> dict[str, Any]:
    if ev is None:
        return {"sentence": None, "start": None, "end": None}
    return {"sentence": ev.sentence, "start": ev.start, "end": ev.end}


def ref_key(code: str, *, issuer: str | None, date: str | None, province: str | None, units: UnitTable) -> str:
    scope = ident.scope_of(code, issuer, province, units=units)
    return ident.doc_key(code, scope, ident.year_of(date))


def search_text(*parts: str | None) -> str:
    """Lower-case, diacritic-free words for search ("nghi quyet 59")."""
    return " ".join(strip_diacritics(p) for p in parts if p)


def build(ex: Extraction, res: Resolved, *, units: UnitTable, source_file: str) -> GraphBatch:
    """The batch that writes `ex` under the keys in `res`."""
    h = ex.doc
    province = h.province
    key = res.doc_key
    batch = GraphBatch(replace=[key])
    code = h.code or res.doc_code
    scope = ident.scope_of(code, h.issuer, province, units=units)
    issuer_unit = units.resolve(h.issuer, province=province) if h.issuer else None
    batch.documents.append(
        NodeRow(
            key,
            {
                "key": key,
                "code": code,
                "code_key": code_key(code) if code else None,
                "symbol": h.symbol,
                "symbol_key": ident.symbol_key(code, h.symbol),
                "type": h.type,
                "kind": ident.kind_of(h.type, code, h.issuer).value,
                "issuer": h.issuer,
                "province": province,
                "scope": scope,
                "level": issuer_unit.level if issuer_unit else None,
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
                "search": search_text(code, h.subject, h.issuer, h.type),
                "text": ex.text,
            },
        )
    )
    doc = (Label.DOCUMENT, key)

    def unit(name: str) -> tuple[Label, str]:
        mention = units.resolve(name, province=province)
        if mention is not None and mention.name == name:
            ukey, level, collective = mention.key, mention.level, mention.collective
        else:
            ukey, level, collective = (
                f"{slug(name)}@{slug(province) if province else ident.UNKNOWN}",
                "department",
                False,
            )
        batch.node(
            Label.UNIT,
            ukey,
            {"name": name, "level": level, "collective": collective, "province": province, "search": search_text(name)},
        )
        return Label.UNIT, ukey

    if h.issuer:
        batch.edge(Rel.ISSUED_BY, doc, unit(h.issuer), source=key, method="header", confidence=0.9)
    if h.signer:
        pkey = ident.person_key(h.signer, scope)
        batch.node(Label.PERSON, pkey, {"name": h.signer})
        batch.edge(
            Rel.SIGNED_BY,
            doc,
            (Label.PERSON, pkey),
            source=key,
            title=h.signer_title,
            method="signature",
            confidence=0.9,
        )
    for name in ex.recipients:
        batch.edge(Rel.ADDRESSED_TO, doc, unit(name), source=key, method="kinh_gui", confidence=0.9)
    for copy in ex.copies:
        batch.edge(
            Rel.COPIED_TO,
            doc,
            unit(copy.unit),
            source=key,
            role="report" if copy.for_report else "",
            method="noi_nhan",
            confidence=0.9,
        )

    # Referenced documents: stubs unless their own text arrives, then the relations.
    for ref in ex.references:
        if ref.code is None:
            if not ref.title:
                continue
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
            continue
        rkey = res.ref_keys[code_key(ref.code)]
        rscope = ident.scope_of(ref.code, ref.issuer, province, units=units)
        if rkey in res.promote:
            batch.node(Label.DOCUMENT, rkey, res.promote[rkey])
        else:
            batch.stubs.append(
                _stub(
                    rkey,
                    {
                        "code": ref.code,
                        "code_key": code_key(ref.code),
                        "symbol_key": ident.symbol_key(ref.code, None),
                        "type": ref.type,
                        "kind": ident.kind_of(ref.type, ref.code, ref.issuer).value,
                        "issuer": ref.issuer,
                        "scope": rscope,
                        "date": ref.date,
                        "year": ident.year_of(ref.date),
                        "draft": False,
                        "level": _level(ref.issuer, province, units),
                        "search": search_text(ref.code, ref.issuer, ref.type),
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

    # Tasks, their units, partners and the documents they name.
    task_keys = {t.ref: f"{key}#{t.ref}" for t in ex.tasks}
    for t in ex.tasks:
        tkey = task_keys[t.ref]
        batch.node(
            Label.TASK,
            tkey,
            {
                "ref": t.ref,
                "doc_key": key,
                "text": t.text,
                "summary": t.text[:240],
                "deadline": t.deadline,
                "lead_inherited": t.lead_inherited,
                "search": search_text(t.text[:400]),
            },
        )
        above = (Label.TASK, task_keys[t.parent]) if t.parent in task_keys else doc
        batch.edge(Rel.PART_OF, (Label.TASK, tkey), above, source=key, method="numbering", confidence=1.0)
        for a in t.assignments:
            inherited = a.role is Role.LEAD and t.lead_inherited
            batch.edge(
                Rel.ASSIGNED_TO,
                (Label.TASK, tkey),
                unit(a.unit),
                source=key,
                role=a.role.value,
                confidence=0.6 if inherited else 0.9,
                method="addressees" if inherited else "text",
                deadline=t.deadline,
                **evidence_props(a.evidence if not inherited else t.evidence),
            )
        for name in t.partners:
            pkey = ident.partner_key(name)
            batch.node(Label.PARTNER, pkey, {"name": name, "search": search_text(name)})
            batch.edge(
                Rel.INVOLVES,
                (Label.TASK, tkey),
                (Label.PARTNER, pkey),
                source=key,
                method="text",
                confidence=0.7,
                **evidence_props(t.evidence),
            )
        for code in t.refers_to:
            target = res.ref_keys.get(code_key(code))
            if target is None:
                continue
            rel = Rel.IMPLEMENTS if code in t.implements else Rel.CITES
            batch.edge(
                rel,
                (Label.TASK, tkey),
                (Label.DOCUMENT, target),
                source=key,
                method="task_text",
                relation=rel.value.lower(),
                confidence=0.8 if rel is Rel.IMPLEMENTS else 0.5,
                **evidence_props(t.evidence),
            )
    return batch


def _stub(key: str, props: dict[str, Any]) -> NodeRow:
    return NodeRow(key, {"key": key, "stub": True, **props})


def _level(issuer: str | None, province: str | None, units: UnitTable) -> str | None:
    unit = units.resolve(issuer, province=province) if issuer else None
    return unit.level if unit else None

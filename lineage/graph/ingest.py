"""Writing a document's extraction into the graph: identity first, then one transaction.

Identity (DOMAIN.md): a numbered document is (code, scope, year). A draft
(number and day left blank) is the numbered document a citation describes
when both have the same issuer scope, the same kind of number ("KH-UBND"), a
compatible date (2025-08 and 2025-08-06) and carry out a common parent
document; in either order of arrival the graph keeps one node and says why.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lineage import corrections as fix
from lineage import identity as ident
from lineage.corrections import Correction
from lineage.errors import CorrectionError
from lineage.extraction import Extraction
from lineage.graph.build import Resolved, UnitNode, build
from lineage.graph.schema import Label
from lineage.graph.store import GraphStore
from lineage.identity import code_key
from lineage.loaders.units import UnitTable

# Unchanged: the same text, already written with the text it was read from (a document written
# before the graph kept that is written again, so that it can be corrected).
FIND_UNCHANGED = (
    "MATCH (d:Document) WHERE d.text_sha256 = $sha AND d.stub = false AND d.raw_text IS NOT NULL "
    "RETURN d.key AS key LIMIT 1"
)
FIND_BY_CODE = (
    "MATCH (d:Document) WHERE d.code_key = $code_key AND d.scope = $scope "
    "RETURN d.key AS key, d.year AS year, d.date AS date ORDER BY d.year DESC, d.key"
)
FIND_NUMBERED_FOR_DRAFT = (
    "MATCH (d:Document) WHERE d.symbol_key = $symbol_key AND d.scope = $scope AND d.code_key IS NOT NULL "
    "AND d.date STARTS WITH $month "
    "OPTIONAL MATCH (d)-[:IMPLEMENTS]->(p:Document) "
    "RETURN d.key AS key, d.code AS code, d.date AS date, collect(DISTINCT p.code_key) AS parents"
)
FIND_DRAFTS_FOR_CODE = (
    "MATCH (d:Document) WHERE d.symbol_key = $symbol_key AND d.scope = $scope AND d.draft = true "
    "AND d.code_key IS NULL AND $date STARTS WITH d.date AND NOT $code_key IN coalesce(d.not_same, []) "
    "OPTIONAL MATCH (d)-[:IMPLEMENTS]->(p:Document) "
    "RETURN d.key AS key, d.date AS date, d.source_file AS source_file, collect(DISTINCT p.code_key) AS parents"
)
COUNT_TASKS = "MATCH (t:Task) WHERE t.doc_key = $key RETURN count(t) AS c"
FIND_BY_SOURCE = "MATCH (d:Document) WHERE d.source_file = $source AND d.stub = false RETURN d.key AS key"


@dataclass(frozen=True)
class IngestResult:
    source: str
    key: str
    code: str | None
    status: str  # "written" or "unchanged"
    nodes: int = 0
    edges: int = 0
    tasks: int = 0
    units: int = 0
    same_as: str | None = None
    stale: int = 0  # kept corrections this reading no longer holds the fact of
    reread: tuple[str, ...] = ()  # documents read again after a decision on this one's identity
    unread: tuple[str, ...] = ()  # those that could not be: the graph does not hold their text


def ingest(
    store: GraphStore,
    ex: Extraction,
    *,
    units: UnitTable,
    source_file: str | None = None,
    corrections: Sequence[Correction] = (),
    force: bool = False,
) -> IngestResult:
    """Write one document's facts in one transaction; an unchanged text writes nothing, unless
    `force` or new `corrections` ask for it. The corrections kept on the document are applied to
    this reading with the new ones (corrections.py); a new one whose fact this reading does not
    hold is refused (CorrectionError), a kept one is marked stale."""
    source = source_file or ex.source
    if not force and not corrections:
        existing = store.read(FIND_UNCHANGED, {"sha": ex.text_sha256})
        if existing:
            return IngestResult(source, existing[0]["key"], ex.doc.code, "unchanged")
    res = resolve(store, ex, units=units)
    previous = [r["key"] for r in store.read(FIND_BY_SOURCE, {"source": source})]
    kept = _kept_corrections(store, [res.doc_key, *previous])
    decided: list[Correction] = []
    if kept or corrections:
        unit_keys = {name: u.key for name, u in _unit_nodes(ex, units).items()}
        ex, decided = fix.apply(ex, [*kept, *corrections], unit_keys)
        refused = [c for c in decided[len(kept) :] if c.status == "stale"]
        if refused:
            raise CorrectionError(source, f"{refused[0].target.kind} ({_describe(refused[0])}): {refused[0].problem}")
        res = resolve(store, ex, units=units)  # a corrected reference needs the key of what it now names
    batch = build(ex, res, source_file=source)
    for row in batch.documents:
        if decided and row.key == res.doc_key:
            row.props["corrections"] = fix.dump(decided)
    batch.replace = sorted(set(batch.replace) | set(previous))
    batch.vacate = sorted(set(previous) - {res.doc_key})  # the file is now read as another document
    store.write(batch)
    nodes, edges = batch.size()
    return IngestResult(
        source,
        res.doc_key,
        ex.doc.code or res.doc_code,
        "written",
        nodes,
        edges,
        tasks=len(batch.nodes.get(Label.TASK, [])),
        units=len({r.key for r in batch.nodes.get(Label.UNIT, [])}),
        same_as=res.same_as,
        stale=sum(c.status == "stale" for c in decided),
    )


KEPT_CORRECTIONS = "UNWIND $keys AS k MATCH (d:Document {key: k}) RETURN d.key AS key, d.corrections AS corrections"


def _kept_corrections(store: GraphStore, keys: list[str]) -> list[Correction]:
    """The corrections kept on the document (under its key now, or the one its file had), oldest first
    (and, made at the same time, in the order they were kept)."""
    found: dict[str, Correction] = {}
    for row in store.read(KEPT_CORRECTIONS, {"keys": sorted(set(keys))}):
        for c in fix.load(row["corrections"]):
            found.setdefault(c.id, c)
    return sorted(found.values(), key=lambda c: c.at)


def _describe(c: Correction) -> str:
    t = c.target
    return ", ".join(f"{k} {v}" for k, v in t.model_dump(exclude_none=True).items() if k != "kind")


def resolve(store: GraphStore, ex: Extraction, *, units: UnitTable) -> Resolved:
    """Keys and scopes for the document and every document it names, matching drafts both ways,
    and the unit each name is: all that building needs from the graph and the unit table."""
    h = ex.doc
    scope = ident.scope_of(h.code, h.issuer, h.province, units=units)
    ref_parents = {code_key(r.code) for r in ex.references if r.code and r.relation.value == "implements"}
    said = ex.identity
    if h.code:
        res = Resolved(doc_key=_numbered_key(store, h.code, scope, h.date)[0], scope=scope)
    elif said and said.code:  # a person said which document this draft is
        res = Resolved(doc_key="", scope=scope, identity=said.origin)
        res.doc_key, found_date = _numbered_key(store, said.code, scope, said.date or h.date)
        res.doc_code, res.doc_date = said.code, said.date or found_date or h.date
        verb = "confirmed" if said.origin == "confirmed" else "said"
        res.same_as = f"a person {verb} it is {said.code}: {said.why}"
    else:
        blank = ident.draft_key(scope=scope, symbol=h.symbol, date=h.date, text_sha256=ex.text_sha256)
        res = Resolved(doc_key=blank, scope=scope)
        not_codes = {code_key(c) for c in said.not_codes} if said else set()
        match = _numbered_for_draft(store, ex, scope=scope, parents=ref_parents, not_codes=not_codes)
        if match is not None:
            res.doc_key, res.doc_code, res.doc_date = match["key"], match["code"], match["date"]
            res.identity = "machine"
            res.same_as = (
                f"number left blank in {ex.source}; it is {match['code']} of {match['date']}: same issuer scope "
                f"({scope}), same kind of number ({ident.symbol_key(None, h.symbol)}), same month ({h.date}), and "
                f"both carry out {', '.join(sorted(set(match['parents']) & ref_parents))}"
            )
    res.not_same = sorted({code_key(c) for c in said.not_codes}) if said else []
    res.units = _unit_nodes(ex, units)
    res.level = res.units[h.issuer].level if h.issuer else None
    for ref in ex.references:
        if ref.code is None or code_key(ref.code) in res.ref_keys:
            continue
        k = code_key(ref.code)
        rscope = ident.scope_of(ref.code, ref.issuer, h.province, units=units)
        res.ref_scopes[k] = rscope
        issuer = units.resolve(ref.issuer, province=h.province) if ref.issuer else None
        res.ref_levels[k] = issuer.level if issuer else None
        found = store.read(FIND_BY_CODE, {"code_key": k, "scope": rscope})
        year = ident.year_of(ref.date)
        same_year = [r["key"] for r in found if not year or not r["year"] or r["year"] == year]
        if same_year:
            res.ref_keys[k] = same_year[0]
            continue
        draft = _draft_for_code(store, ex, ref_code=ref.code, date=ref.date, scope=rscope, units=units)
        if draft is not None:
            res.ref_keys[k] = draft["key"]
            res.promote[draft["key"]] = {
                "code": ref.code,
                "code_key": k,
                "date": ref.date,
                "year": year,
                "same_as": f"number left blank in {draft['source_file']}; {ex.source} cites it as {ref.code} of "
                f"{ref.date}: same issuer scope ({rscope}), same kind of number, same month, and both carry "
                f"out {', '.join(sorted(set(draft['parents']) & set(map(code_key, _chain(ex, k)))))}",
            }
            continue
        res.ref_keys[k] = ident.doc_key(ref.code, rscope, year)
    return res


def _unit_nodes(ex: Extraction, units: UnitTable) -> dict[str, UnitNode]:
    """The unit each name the document uses is: the table's, when the name is its canonical one;
    else a department of the document's province under that name."""
    province = ex.doc.province
    names = [ex.doc.issuer, *ex.recipients, *(c.unit for c in ex.copies)]
    names += [a.unit for t in ex.tasks for a in t.assignments]
    out: dict[str, UnitNode] = {}
    for name in dict.fromkeys(n for n in names if n):
        m = units.resolve(name, province=province)
        if m is not None and m.name == name:
            # A national body (Bộ Ngoại giao) is no province's, whichever province's document names it.
            national = m.key.endswith(f"@{ident.NATIONAL}")
            province_of = None if national else m.province or province
            out[name] = UnitNode(m.key, name, m.level, m.collective, province_of, m.from_table)
        else:
            out[name] = UnitNode(ident.unit_key(name, province=province), name, "department", False, province, False)
    return out


def _numbered_key(store: GraphStore, code: str, scope: str, date: str | None) -> tuple[str, str | None]:
    """The key of the numbered document (code, scope, year of `date`), and its date if the graph has it."""
    year = ident.year_of(date)
    for row in store.read(FIND_BY_CODE, {"code_key": code_key(code), "scope": scope}):
        if row["year"] == year or not row["year"]:
            return str(row["key"]), row["date"]
    return ident.doc_key(code, scope, year), None


def _numbered_for_draft(
    store: GraphStore, ex: Extraction, *, scope: str, parents: set[str], not_codes: set[str]
) -> dict[str, Any] | None:
    h = ex.doc
    if not h.symbol or not h.date or not parents:
        return None
    rows = store.read(
        FIND_NUMBERED_FOR_DRAFT,
        {
            "symbol_key": ident.symbol_key(None, h.symbol),
            "scope": scope,
            "month": h.date,
        },
    )
    hits = [r for r in rows if set(r["parents"]) & parents and code_key(r["code"]) not in not_codes]
    return hits[0] if len(hits) == 1 else None


def _chain(ex: Extraction, ref_code_key: str) -> list[str]:
    return [p for r in ex.references if r.code and code_key(r.code) == ref_code_key for p in r.implements]


def _draft_for_code(
    store: GraphStore, ex: Extraction, *, ref_code: str, date: str | None, scope: str, units: UnitTable
) -> dict[str, Any] | None:
    parents = set(map(code_key, _chain(ex, code_key(ref_code))))
    if not date or not parents:
        return None
    rows = store.read(
        FIND_DRAFTS_FOR_CODE,
        {
            "symbol_key": ident.symbol_key(ref_code, None),
            "code_key": code_key(ref_code),
            "scope": scope,
            "date": date,
        },
    )
    hits = [r for r in rows if set(r["parents"]) & parents]
    return hits[0] if len(hits) == 1 else None


# The stubs a document's text names (itself, its tasks, the chains it states): gone with it unless others name them.
NAMED_STUBS = (
    "MATCH (d:Document {key: $key})-[r]->(x:Document) WHERE r.source = $key AND x.stub = true RETURN x.key AS key "
    "UNION MATCH (t:Task)-[]->(x:Document) WHERE t.doc_key = $key AND x.stub = true RETURN x.key AS key "
    "UNION MATCH (a:Document)-[r:IMPLEMENTS {source: $key}]->(b:Document) UNWIND [a, b] AS x "
    "WITH x WHERE x.stub = true RETURN x.key AS key"
)


def delete_document(store: GraphStore, key: str) -> int:
    """Remove what a document's text says (edges it states, its tasks, its text) in one transaction;
    the node stays as a stub while other documents cite it, and so do the stubs it named. Returns
    how many tasks went."""
    from lineage.graph.schema import GraphBatch

    tasks = store.read(COUNT_TASKS, {"key": key})
    named = sorted({r["key"] for r in store.read(NAMED_STUBS, {"key": key})} - {key})
    store.write(GraphBatch(replace=[key], vacate=[key, *named]))
    return int(tasks[0]["c"]) if tasks else 0


READ_AGAIN = (
    "MATCH (d:Document {key: $key}) RETURN d.raw_text AS raw, d.source_file AS source, d.province AS province, "
    "d.issuer AS issuer, d.corrections AS corrections"
)


def correct(store: GraphStore, key: str, *corrections: Correction, units: UnitTable) -> IngestResult:
    """Apply people's corrections to the document `key` now: it is read again from the text it was
    read from, with every correction kept on it and these, and written in one transaction (all of
    them, or none when one does not fit). A decision on a draft's identity moves its reading to
    another node: the documents that cite either node are read again, so that their references
    name the node that now holds the number."""
    result = _read_again(store, key, [_named(store, c) for c in corrections], units=units)
    if not any(c.target.kind == "identity" for c in corrections):
        return result
    reread, unread = [], []
    for other in sorted({r["key"] for r in store.read(NAMING, {"keys": sorted({key, result.key})})} - {result.key}):
        try:
            _read_again(store, other, [], units=units)
            reread.append(other)
        except CorrectionError:  # a document written before the graph kept its text
            unread.append(other)
    return dataclasses.replace(result, reread=tuple(reread), unread=tuple(unread))


# The documents that state an edge into one of these nodes, or whose tasks do.
NAMING = (
    "UNWIND $keys AS k MATCH ()-[r]->(:Document {key: k}) WHERE r.source <> k "
    "RETURN DISTINCT r.source AS key ORDER BY key"
)


def _read_again(store: GraphStore, key: str, corrections: list[Correction], *, units: UnitTable) -> IngestResult:
    from lineage.loaders.reader import ReadOptions, extract_text

    rows = store.read(READ_AGAIN, {"key": key})
    if not rows or not rows[0]["raw"]:
        raise CorrectionError(key, "only a document whose text was read can be corrected (ingest its file again first)")
    row = rows[0]
    # What the first reading was given, if anything: a reading of the same text with it is the same.
    options = ReadOptions(province=row["province"], issuer=row["issuer"])
    ex = extract_text(row["raw"], source=row["source"] or key, units=units, options=options)
    return ingest(store, ex, units=units, source_file=row["source"], corrections=corrections, force=True)


UNIT_NAME = "MATCH (u:Unit {key: $key}) RETURN u.name AS name"


def _named(store: GraphStore, c: Correction) -> Correction:
    """A unit added by its key (as the review queue names it) goes into the reading by its name."""
    found = store.read(UNIT_NAME, {"key": c.change.unit}) if c.change.unit else []
    if not found:
        return c
    return c.model_copy(update={"change": c.change.model_copy(update={"unit": found[0]["name"]})})


def corrections_of(store: GraphStore, key: str) -> list[Correction]:
    """The corrections kept on a document, with their status."""
    return _kept_corrections(store, [key])
